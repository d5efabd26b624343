// Bundles each entry point with esbuild into dist/ (CommonJS, Node 20): what
// ships, with WordNet's compact index beside the bundles (dist/wordnet.bin and
// its licence, tools/wordnet.mjs; rebuilt only when its inputs changed). The
// tools (eval, bench, train) are built by tools/build.mjs.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { buildWordNet } from '../tools/wordnet.mjs';

const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  // (server.ts: the server, or, started again by its analysis pool, one of the pool's worker threads)
  { in: 'server/src/lsp/server.ts', out: 'server' },
  { in: 'src/extension.ts', out: 'extension' },
].filter((e) => existsSync(e.in));

buildWordNet();
const watch = process.argv.includes('--watch');
await Promise.all(entries.map((e) => build({
  entryPoints: [e.in],
  outfile: `dist/${e.out}.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  external: ['vscode'],
  banner: e.banner ? { js: e.banner } : undefined,
  logLevel: 'warning',
})));
