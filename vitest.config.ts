import { defineConfig } from 'vitest/config';

// The node suites run three times: as they are (Node 20: no relaxed SIMD, so the main module's kernels
// alone), and twice with relaxed SIMD turned on in V8, so that the f32 kernels of the relaxed side
// module run every test too: fused (relaxed_madd as vfmadd, this machine has FMA3) and unfused (V8's
// lowering without FMA: a multiply, then an add). test/relaxed.test.ts asserts that the side module
// really is in use in those two (EXPECT_RELAXED_SIMD), so they cannot silently test the plain kernels.
// The browser and bundler suites, and the checks of the package itself (hygiene, docs), run once.
const ONCE = ['test/browser/**', 'test/bundlers/**', 'test/hygiene.test.ts', 'test/docs.test.ts'];
const relaxed = (name: string, execArgv: string[]) => ({
  extends: true as const,
  test: { name, include: ['test/**/*.test.ts'], exclude: ONCE, execArgv, env: { EXPECT_RELAXED_SIMD: name } },
});

export default defineConfig({
  test: {
    // The accuracy sweeps are CPU-bound: one file per worker, two workers on a 2-core machine.
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'] } },
      relaxed('relaxed-fused', ['--experimental-wasm-relaxed-simd']),
      relaxed('relaxed-unfused', ['--experimental-wasm-relaxed-simd', '--no-enable-fma3']),
    ],
  },
});
