// One decision of "corroborated / single source / conflict" (Summary.status):
// on the seeds, statement by statement, the semantic token modifiers, the
// status documentStatements sends the client (which draws its underlines from
// it) and the diagnostics say the same thing. A headline has a status too
// (listed, hovered) but no token and no diagnostic: it is never marked.
import { describe, expect, it } from 'vitest';
import { documentStatements } from '../server/src/lsp/features/custom';
import { diagnostics } from '../server/src/lsp/features/diagnostics';
import { semanticTokens } from '../server/src/lsp/features/semanticTokens';
import { semanticTokensLegend, type StatementInfo, type StatementStatus } from '../server/src/lsp/protocol';
import { offsetOf, positionOf } from '../tools/lspHarness';
import { EDITED, seedState, uriOf } from './seedState';

const { state, texts } = seedState();

/** What each status looks like in the other two channels. */
const EXPECTED: Record<StatementStatus, { modifiers: string[]; diagnostic: string | null }> = {
  corroborated: { modifiers: ['corroborated'], diagnostic: null },
  single: { modifiers: ['singleSource'], diagnostic: 'single-source' },
  conflict: { modifiers: ['conflict'], diagnostic: 'conflict' },
};

interface Token { start: number; end: number; modifiers: string[] }

function tokensOf(name: string, text: string): Token[] {
  const { data } = semanticTokens(state, uriOf(name));
  const out: Token[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    const start = offsetOf(text, { line, character: char });
    out.push({ start, end: start + data[i + 2], modifiers: semanticTokensLegend.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b)) });
  }
  return out;
}

describe('one status per statement', () => {
  it.each([...texts.keys()])('%s: tokens, documentStatements and diagnostics agree', (name) => {
    const text = texts.get(name)!;
    const { statements } = documentStatements(state, { uri: uriOf(name) });
    expect(statements.length).toBeGreaterThan(3);
    const spans = statements.map((s) => ({ s, start: offsetOf(text, s.range.start), end: offsetOf(text, s.range.end) }));
    // Each statement's range is where its text is.
    for (const { s, start, end } of spans) expect(text.slice(start, end)).toBe(s.text);

    // Every token belongs to the innermost statement around it and carries exactly its status.
    const owned = new Map<StatementInfo, number>();
    for (const t of tokensOf(name, text)) {
      const around = spans.filter((x) => x.start <= t.start && t.end <= x.end).sort((a, b) => a.end - a.start - (b.end - b.start));
      expect(around.length, `token at ${t.start}`).toBeGreaterThan(0);
      const { s } = around[0];
      owned.set(s, (owned.get(s) ?? 0) + 1);
      expect(t.modifiers, `${s.status} "${s.text.slice(0, 40)}"`).toEqual(EXPECTED[s.status].modifiers);
    }

    // The statement-level diagnostics (with flagSingleSource on) say the same.
    const diags = diagnostics(state, uriOf(name), true);
    for (const { s, start, end } of spans) {
      const mine = diags.filter((d) => offsetOf(text, d.range.start) === start && offsetOf(text, d.range.end) === end && d.code !== 'attribution');
      if (s.kind === 'headline') {
        expect(diags.filter((d) => offsetOf(text, d.range.start) < end && start < offsetOf(text, d.range.end)), s.text).toEqual([]);
        expect(owned.get(s), s.text).toBeUndefined();
        continue;
      }
      expect(mine.map((d) => d.code), `${s.status} "${s.text.slice(0, 40)}"`).toEqual(EXPECTED[s.status].diagnostic ? [EXPECTED[s.status].diagnostic] : []);
      // A statement no shorter one covers entirely shows at least one token.
      if (!spans.some((x) => x.s !== s && x.start <= start && end <= x.end && x.end - x.start < end - start)) expect(owned.get(s), s.text).toBeGreaterThan(0);
    }
    // Positions come back the way the text has them.
    for (const d of diags) expect(positionOf(text, offsetOf(text, d.range.start))).toEqual(d.range.start);
  });

  it('the corpus shows all three statuses', () => {
    const seen = new Set([...texts.keys()].flatMap((name) => documentStatements(state, { uri: uriOf(name) }).statements.map((s) => s.status)));
    expect([...seen].sort()).toEqual(['conflict', 'corroborated', 'single']);
  });

  it('an attribution disagreement alone leaves the statement corroborated, with its own diagnostic', () => {
    const text = texts.get(EDITED)!;
    const at = text.indexOf('The peace process definitely needs');
    const s = documentStatements(state, { uri: uriOf(EDITED) }).statements.find((x) => offsetOf(text, x.range.start) <= at && at < offsetOf(text, x.range.end) && x.kind === 'quote')!;
    expect(s.speaker).toBe('Zabihullah Mujahid');
    expect(s.status).toBe('corroborated');
    const codes = diagnostics(state, uriOf(EDITED), true).filter((d) => d.range.start.line === s.range.start.line).map((d) => d.code);
    expect(codes).toContain('attribution');
    expect(codes).not.toContain('conflict');
  });
});
