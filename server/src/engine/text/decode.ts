// Bytes to document text, with the decisions every front end shares:
// binary files are skipped, invalid UTF-8 is replaced (and said so), a BOM is
// dropped, over-large files are skipped under a stated limit.
// The skip verdict needs only the first bytes and the size (`screenDocument`),
// so a front end can judge a huge file without reading all of it.

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** How many leading bytes decide "binary" (a NUL byte among them). */
export const SNIFF_BYTES = 8192;

type SkipKind = 'binary' | 'tooLarge';

export type Skipped = { ok: false; kind: SkipKind; reason: string };

export type Decoded = { ok: true; text: string; warning?: string } | Skipped;

/** True when the first bytes say the file is not text (a NUL byte in the first SNIFF_BYTES). */
function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * The skip verdict from a file's first bytes (at least SNIFF_BYTES of them,
 * or the whole file) and its size: binary first, then over the limit.
 * `maxBytes` 0 means no limit. Undefined when the file is to be decoded.
 */
export function screenDocument(head: Uint8Array, size: number, maxBytes = DEFAULT_MAX_BYTES): Skipped | undefined {
  if (looksBinary(head)) return { ok: false, kind: 'binary', reason: 'binary file (contains NUL bytes); skipped' };
  if (maxBytes > 0 && size > maxBytes) {
    return { ok: false, kind: 'tooLarge', reason: `larger than the ${formatBytes(maxBytes)} limit (${formatBytes(size)}); skipped` };
  }
  return undefined;
}

/** Decodes a whole file's bytes; `maxBytes` 0 means no limit. */
export function decodeDocument(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): Decoded {
  const skipped = screenDocument(bytes, bytes.length, maxBytes);
  if (skipped) return skipped;
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
