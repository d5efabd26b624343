// Shared by the suites: the seed texts and positions found from the text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WordNetIndex } from '../server/src/engine';
import { loadWordNet } from '../server/src/node/wordnet';

export const SEEDS = join(__dirname, '..', 'seeds');
export const seedFiles = () => readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
export const seedText = (file: string) => readFileSync(join(SEEDS, file), 'utf8');
export const seedByPrefix = (prefix: string) => {
  const f = seedFiles().find((x) => x.startsWith(prefix));
  if (!f) throw new Error(`no seed ${prefix}`);
  return f;
};

/**
 * The WordNet index `npm run build` writes (dist/wordnet.bin), as the CLI and
 * the server load it: suites that check what a reader sees match with it.
 */
export function shippedWordNet(): WordNetIndex {
  const loaded = loadWordNet(join(__dirname, '..', 'dist', 'wordnet.bin'));
  if (!loaded.ok) throw new Error(`WordNet: ${loaded.message} (run npm run build)`);
  return loaded.index;
}

/** Offset of the n-th (1-based) occurrence of `needle`; throws when absent so a test can't pass vacuously. */
export function offsetOf(text: string, needle: string, occurrence = 1): number {
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found`);
  }
  return at;
}
