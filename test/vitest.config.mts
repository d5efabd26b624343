// `npm test`: fast suites, no browser. The real-editor suites (test/e2e,
// test/vscode) run through `npm run test:e2e`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/*.test.ts'],
    testTimeout: 20_000,
  },
});
