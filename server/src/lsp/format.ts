// How a match score is shown to a person: one format everywhere (hover,
// palette, CLI report, diagnostics). The JSON contract keeps the number.
// No imports: the client reaches this through protocol.ts, the CLI directly.

/** A 0..1 score as a whole percentage: 0.934 → "93%", 1 → "100%". */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '–';
  return `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
}
