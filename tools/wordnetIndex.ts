// WordNet for the tools, as the CLI and the server have it: the index
// `npm run build` writes (dist/wordnet.bin), read through the node layer, so
// that evals, the bench and training measure the shipped behaviour. The
// tools run from dist/tools/, beside it.
import { join } from 'node:path';
import type { WordNetIndex } from '../server/src/engine';
import { loadWordNet } from '../server/src/node/wordnet';

/** The shipped WordNet index; exits with a message when it has not been built. */
export function wordnetIndex(): WordNetIndex {
  const loaded = loadWordNet(join(__dirname, '..', 'wordnet.bin'));
  if (!loaded.ok) {
    console.error(`cannot read WordNet at ${loaded.file} (${loaded.message}): run npm run build first`);
    process.exit(2);
  }
  return loaded.index;
}
