// Bytes to document text, with the decisions every front end shares:
// binary files are skipped, invalid UTF-8 is replaced (and said so), a BOM is
// dropped, over-large files are skipped under a stated limit.

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export type Decoded =
  | { ok: true; text: string; warning?: string }
  | { ok: false; reason: string };

export function decodeDocument(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): Decoded {
  if (bytes.length > maxBytes) {
    return { ok: false, reason: `larger than the ${formatBytes(maxBytes)} limit (${formatBytes(bytes.length)}); skipped` };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); skipped' };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return text.trim() === '' ? { ok: true, text, warning: 'empty file: nothing to analyse' } : { ok: true, text };
  } catch {
    const text = new TextDecoder('utf-8').decode(body);
    return { ok: true, text, warning: 'invalid UTF-8: undecodable bytes were replaced with U+FFFD' };
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
