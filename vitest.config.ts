import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bot/**/*.test.ts', 'functions/**/*.test.ts', 'site/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    // Store tests share one PostgreSQL database; file-level parallelism would interleave them.
    fileParallelism: true,
    testTimeout: 30_000,
  },
});
