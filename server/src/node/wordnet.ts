// Reads WordNet's compact index (dist/wordnet.bin, built by tools/wordnet.mjs
// at `npm run build`, gzip-compressed) from beside the bundle and hands the
// engine its tables. The CLI and the language server load it once at start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WordNetIndex } from '../engine';

const WORDNET_FILE = 'wordnet.bin';

export type LoadedWordNet =
  | { ok: true; index: WordNetIndex; file: string; bytes: number; ms: number }
  | { ok: false; file: string; message: string };

/**
 * The index in `file` (default: wordnet.bin beside this bundle, i.e. in dist/),
 * or why not. `ms` is the time to read, inflate and parse it.
 */
export function loadWordNet(file = join(__dirname, WORDNET_FILE)): LoadedWordNet {
  const start = performance.now();
  try {
    const packed = readFileSync(file);
    const index = new WordNetIndex(gunzipSync(packed));
    return { ok: true, index, file, bytes: packed.byteLength, ms: performance.now() - start };
  } catch (e) {
    return { ok: false, file, message: e instanceof Error ? e.message : String(e) };
  }
}
