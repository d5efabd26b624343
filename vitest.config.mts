import { defineConfig } from 'vitest/config';

// `npm test`: fast suites, no browser. The real-editor suites (test/e2e,
// test/vscode) run through `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/*.test.ts'],
    testTimeout: 20_000,
  },
});
