// Where the runtime does not validate SIMD modules, the package must pick the js backend by itself
// and give the same answers. Simulated by making WebAssembly.validate refuse before the first import
// (vitest gives each test file its own module graph, so dist/ is loaded afresh here).
import { expect, it } from 'vitest';

it('without WebAssembly SIMD: js is chosen automatically, wasm cannot be pinned, results are right', async () => {
  const original = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    const lib: typeof import('../dist/index.js') = await import(/* a fresh instance */ '../dist/index.js?no-simd' as string);
    expect(lib.getBackend()).toBe('js');
    expect(await lib.init()).toBe('js');
    expect(() => lib.setBackend('wasm')).toThrow(/does not validate WebAssembly SIMD/);
    const y = lib.sigmoid(new Float32Array([0, -100, NaN]));
    expect(y[0]).toBe(0.5);
    expect(y[1]).toBe(Math.fround(3.783505853677006e-44));
    expect(y[2]).toBeNaN();
  } finally {
    WebAssembly.validate = original;
  }
});
