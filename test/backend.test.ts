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
