// The skip decisions the CLI (engine/text/decode.ts) and the server (nodeWorkspace.read)
// share: binary is decided from the first bytes before the size verdict, and a
// limit of 0 means no limit, in both.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDocument, SNIFF_BYTES } from '../server/src/engine/text/decode';
import { nodeWorkspace } from '../server/src/lsp/workspace';

const SENTENCE = 'The minister said the talks would go ahead. ';
const withNul = (bytes: Buffer, at: number) => {
  const b = Buffer.from(bytes);
  b[at] = 0;
  return b;
};

const files: Record<string, Buffer> = {
  'small-text.txt': Buffer.from(SENTENCE.repeat(10)),
  'large-text.txt': Buffer.from(SENTENCE.repeat(24_000)), // about 1 MB
  'small-binary.txt': withNul(Buffer.from(SENTENCE.repeat(10)), 5),
  'large-binary.txt': withNul(Buffer.from(SENTENCE.repeat(24_000)), 100),
  // A NUL past the sniffed head is not binary: the verdict must not depend on reading the whole file.
  'late-nul.txt': withNul(Buffer.from(SENTENCE.repeat(24_000)), SNIFF_BYTES + 10),
};

// [file, limit, expected verdict]; 'text' = decoded.
const cases: [string, number, 'text' | 'binary' | 'tooLarge'][] = [
  ['small-text.txt', 0, 'text'],
  ['small-text.txt', 100, 'tooLarge'],
  ['large-text.txt', 0, 'text'],
  ['large-text.txt', 1_000_000, 'tooLarge'],
  ['small-binary.txt', 0, 'binary'],
  ['small-binary.txt', 100, 'binary'],
  ['large-binary.txt', 0, 'binary'],
  ['large-binary.txt', 1_000_000, 'binary'],
  ['large-binary.txt', 1000, 'binary'],
  ['late-nul.txt', 1000, 'tooLarge'],
  ['late-nul.txt', 0, 'text'],
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-decode-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('skip decisions shared by the CLI and the server', () => {
  it.each(cases)('%s with limit %d: %s', async (name, limit, expected) => {
    const d = decodeDocument(readFileSync(join(dir, name)), limit);
    const r = await nodeWorkspace.read(join(dir, name), limit);
    expect(d.ok ? 'text' : d.kind).toBe(expected);
    expect(r.ok ? 'text' : r.reason).toBe(expected);
    if (!d.ok && !r.ok && expected === 'binary') expect(r.message).toContain(d.reason);
  });
});
