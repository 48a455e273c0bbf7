// Backend choice: automatic (wasm where SIMD validates), pinned, and refused names.
import { afterEach, expect, it } from 'vitest';
import { getBackend, init, setBackend, sigmoid } from '../dist/index.js';

afterEach(() => setBackend('auto'));

it('picks wasm automatically on a runtime with WebAssembly SIMD (Node 20)', async () => {
  setBackend('auto');
  expect(getBackend()).toBe('wasm');
  expect(await init()).toBe('wasm');
});

it('setBackend pins a backend and getBackend reports it', () => {
  setBackend('js');
  expect(getBackend()).toBe('js');
  setBackend('wasm');
  expect(getBackend()).toBe('wasm');
});

it('setBackend refuses unknown names with a RangeError naming the choices', () => {
  expect(() => setBackend('gpu' as never)).toThrow(RangeError);
  expect(() => setBackend('gpu' as never)).toThrow(/'wasm', 'js' or 'auto'/);
  expect(getBackend()).toBe('wasm');
});

it('both backends agree within the bound on the same input', () => {
  const x = new Float32Array(1000).map((_, i) => (i - 500) / 25);
  setBackend('wasm');
  const a = sigmoid(x);
  setBackend('js');
  const b = sigmoid(x);
  for (let i = 0; i < x.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(2 * 2 ** -24);
});

// A main thread that limits synchronous compilation to 4 KB (older Chromium and WebViews): the core
// module (under 1 KB) compiles, an activation's module does not. Simulated on a fresh copy of the package.
it('where synchronous compilation is limited to 4 KB: js (and getBackend() says so) until init(), then wasm; pinned wasm says to await init()', async () => {
  const Module = WebAssembly.Module;
  (WebAssembly as { Module: unknown }).Module = function (bytes: Uint8Array<ArrayBuffer>) {
    if (bytes.length > 4096) throw new RangeError('WebAssembly.Module is disallowed on the main thread, if the buffer size is larger than 4KB');
    return new Module(bytes);
  };
  try {
    const lib: typeof import('../dist/index.js') = await import(/* @vite-ignore */ `${new URL('../dist/index.js', import.meta.url).href}?sync-limit`);
    const x = new Float32Array(4096).map((_, i) => (i - 2048) / 100);
    const before = lib.sigmoid(x);
    expect(lib.getBackend()).toBe('js');
    lib.setBackend('js');
    expect(Array.from(before)).toEqual(Array.from(lib.sigmoid(x))); // the js twin's bits
    lib.setBackend('wasm');
    expect(() => lib.sigmoid(x)).toThrow(/sigmoid: setBackend\('wasm'\) is pinned, but this runtime refuses to compile its WebAssembly module synchronously here; await init\(\) first/);
    lib.setBackend('auto');
    expect(await lib.init()).toBe('wasm');
    const after = lib.sigmoid(x);
    lib.setBackend('wasm');
    expect(Array.from(after)).toEqual(Array.from(lib.sigmoid(x))); // now wasm's bits, pinned or not
    expect(lib.backendInfo().backend).toBe('wasm');
  } finally {
    (WebAssembly as { Module: unknown }).Module = Module;
  }
});
