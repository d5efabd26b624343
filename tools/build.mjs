// Bundles the tools (never shipped) with esbuild into dist/tools/: eval, bench (and benchWordnet),
// train, trainQuotes, settings. The product bundles come from server/build.mjs; bench
// spawns dist/server.js, so `npm run bench` builds both.
import { build } from 'esbuild';

const entries = ['eval', 'evalStories', 'evalLinks', 'bench', 'benchWordnet', 'train', 'trainQuotes', 'settings'];
await Promise.all(entries.map((e) => build({
  entryPoints: [`tools/${e}.ts`],
  outfile: `dist/tools/${e}.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
})));
