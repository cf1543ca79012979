/**
 * The security suite (`npm run test:security`): one regression test per hole found in the security
 * review (issue 9), the admin route × role matrix, the input fuzzers on SQLite and, when
 * TEST_DATABASE_URL is set, PostgreSQL, and the timing probe of the worst form body. Apart from the
 * unit tests so `npm test` runs each once; `dist/` must be built first (the script does).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/security/**/*.test.ts'],
    // One file at a time: the timing probe must not share two cores with a fuzzer.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
