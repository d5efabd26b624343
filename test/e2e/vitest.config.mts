// `npm run test:e2e`: the real-editor suites (code-server + headless Chromium).
// Plain `npm test` never picks these up (its config includes test/*.test.ts only).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.e2e.test.mjs'],
    globalSetup: ['test/e2e/global-setup.mjs'],
    // One workbench at a time: 2 cores, and each file owns a code-server + Chromium.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
