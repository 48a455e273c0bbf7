import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The accuracy sweeps are CPU-bound: one file per worker, two workers on a 2-core machine.
    testTimeout: 60_000,
  },
});
