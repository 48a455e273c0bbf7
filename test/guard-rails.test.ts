// What PyTorch and tf.js users trip over: another framework's option name gets a hint rather than a
// bare "not an option"; softmax without shape is the whole-vector softmax; which argument each
// derivative takes (x for elementwise functions, the output y for softmax and logSoftmax); and error
// messages that read correctly ("an Int32Array", "undefined", "the length of y").
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, LengthMismatchError } from '../dist/index.js';
import { OPTION_ALIASES } from '../src/registry';
import { BACKENDS, useBackend } from './support/backends';

type Fn = (...args: unknown[]) => Float32Array | Float64Array;
const fn = (name: string) => (lib as unknown as Record<string, Fn>)[name]!;

/** The TypeError's message for `name(x, options)`, or a failure if it does not throw one. */
function messageOf(name: string, options: Record<string, unknown>): string {
  const x = new Float32Array([-1, 0, 1, 2]);
  const call = name.endsWith('Grad') ? () => fn(name)(x, x.slice(), options) : () => fn(name)(x, options);
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(TypeError);
    return (e as Error).message;
  }
  throw new Error(`${name}(x, ${JSON.stringify(options)}) did not throw`);
}

describe("another framework's option name: refused, with a hint", () => {
  it.each([
    ['softmax', 'dim', /options\.dim is not an option of softmax \(its options: out, shape, axis\); did you mean axis\? \(dim is PyTorch's and tf\.js's name/],
    ['logSoftmax', 'dim', /did you mean axis\?/],
    ['softmaxGrad', 'dim', /options\.dim is not an option of softmaxGrad .*did you mean axis\?/],
    ['leakyRelu', 'negative_slope', /did you mean alpha\? \(negative_slope is PyTorch's/],
    ['leakyReluGrad', 'negative_slope', /did you mean alpha\?/],
    ['hardTanh', 'min_val', /did you mean min\?/],
    ['hardTanh', 'max_val', /did you mean max\?/],
    ['hardTanh', 'clipValueMax', /did you mean max\?/],
    ['leakyRelu', 'beta', /options\.beta is not an option of leakyRelu \(its options: out, alpha\); did you mean alpha\?$/],
    ['elu', 'beta', /did you mean alpha\?/],
    ['celu', 'beta', /did you mean alpha\?/],
    ['hardShrink', 'lambda', /did you mean lambd\?/],
    ['softShrink', 'threshold', /did you mean lambd\? \(threshold is Keras's name/],
    ['threshold', 'theta', /did you mean threshold\?/],
    ['threshold', 'alpha', /did you mean threshold\? \(alpha is ONNX ThresholdedRelu's/],
    ['relu', 'inplace', /options\.inplace is not an option of relu .*; to compute in place, pass \{ out: x \}/],
    ['gelu', 'inplace', /to compute in place, pass \{ out: x \}/],
    ['leakyRelu', 'Alpha', /did you mean alpha\?$/],
  ])('%s with options.%s', (name, key, hint) => {
    expect(messageOf(name, { [key]: 1 })).toMatch(hint);
  });

  it.each([
    // softplus has threshold: ONNX's alpha → threshold applies to the threshold function alone.
    ['softplus', 'alpha'],
    // silu has no parameter at all: no alias target, so no guess.
    ['silu', 'beta'],
    ['sigmoid', 'dim'],
    ['leakyRelu', 'alhpa'],
  ])('%s with options.%s: refused with no misleading hint', (name, key) => {
    expect(messageOf(name, { [key]: 1 })).toMatch(/\(its options: [^)]*\)$/);
  });

  it('every alias in the registry names options some function really has', () => {
    const names = new Set(['out', 'shape', 'axis', ...ACTIVATIONS.flatMap((s) => s.params.map((p) => p.name))]);
    const functions = new Set(ACTIVATIONS.map((s) => s.name));
    for (const [key, alias] of Object.entries(OPTION_ALIASES)) {
      expect(alias.to.filter((t) => !names.has(t)), `OPTION_ALIASES.${key}.to`).toEqual([]);
      expect((alias.in ?? []).filter((f) => !functions.has(f)), `OPTION_ALIASES.${key}.in`).toEqual([]);
    }
  });

  it('every function gets the inplace hint', () => {
    for (const s of ACTIVATIONS.filter((s) => s.kind !== 'channel')) {
      expect(messageOf(s.name, { inplace: true })).toMatch(/pass \{ out: x \}/);
    }
  });
});

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  it('softmax and logSoftmax without shape normalise the whole array, as one vector', () => {
    // A batch of 2 rows of 3, passed without shape: ONE softmax over all six, not two over three.
    const x = new Float64Array([1, 2, 3, 1, 2, 3]);
    const whole = lib.softmax(x);
    expect(whole.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(lib.softmax(x, { shape: [6] })).toEqual(whole);
    const rows = lib.softmax(x, { shape: [2, 3] });
    expect(rows[0]! + rows[1]! + rows[2]!).toBeCloseTo(1, 14);
    expect(rows[0]).toBeCloseTo(2 * whole[0]!, 14); // each row holds half the whole vector's mass
    expect(lib.logSoftmax(x)).toEqual(lib.logSoftmax(x, { shape: [6] }));
  });

  it('sigmoidGrad and tanhGrad take the input x (not the output y, as torch and tf.js backward ops do)', () => {
    // Double precision, compared at 1e-12 relative: the 3-ULP bounds are enforced by gradients.test.ts;
    // this test is about which argument the function reads.
    const x = new Float64Array([-3, -0.5, 0.25, 1, 2.5]);
    const dy = new Float64Array([1, -2, 0.5, 3, 1]);
    const s = x.map((v) => 1 / (1 + Math.exp(-v)));
    const t = x.map(Math.tanh);
    const fromX = (f: (i: number) => number) => Array.from(x, (_, i) => dy[i]! * f(i));
    const close = (got: Float64Array, want: number[]) => got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-12 * Math.abs(want[i]!)));
    close(lib.sigmoidGrad(x, dy), fromX((i) => s[i]! * (1 - s[i]!)));
    close(lib.tanhGrad(x, dy), fromX((i) => 1 - t[i]! * t[i]!));
    // The output-based formula a PyTorch user would write, y·(1 − y), is what sigmoidGrad(x) equals,
    // not sigmoidGrad(y): passing y gives another, wrong, gradient.
    const y = lib.sigmoid(x);
    const wrong = lib.sigmoidGrad(y, dy);
    const right = Array.from(y, (v, i) => dy[i]! * v * (1 - v));
    expect(Math.max(...Array.from(wrong, (v, i) => Math.abs(v - right[i]!)))).toBeGreaterThan(0.01);
  });

  it('softmaxGrad and logSoftmaxGrad take the output y, as PyTorch backward does', () => {
    const x = new Float64Array([0.5, -1, 2, 0]);
    const dy = new Float64Array([1, 0, -1, 0.5]);
    const y = lib.softmax(x);
    const dot = y.reduce((a, v, i) => a + v * dy[i]!, 0);
    lib.softmaxGrad(y, dy).forEach((v, i) => expect(v).toBeCloseTo(y[i]! * (dy[i]! - dot), 14));
    const ly = lib.logSoftmax(x);
    const sum = dy.reduce((a, b) => a + b, 0);
    lib.logSoftmaxGrad(ly, dy).forEach((v, i) => expect(v).toBeCloseTo(dy[i]! - Math.exp(ly[i]!) * sum, 14));
  });
});

describe('error messages read correctly', () => {
  const x = new Float32Array(3);
  const thrown = (f: () => unknown): Error => {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    throw new Error('did not throw');
  };

  it.each([
    [new Int32Array(3), 'got an Int32Array'],
    [new Uint8Array(3), 'got a Uint8Array'],
    [new DataView(new ArrayBuffer(4)), 'got a DataView'],
    [undefined, 'got undefined'],
    [null, 'got null'],
    [[1, 2], 'got an Array'],
    [{}, 'got an object'],
    [new Map(), 'got a Map'],
    [Int32Array, 'got the function Int32Array'],
    [1.5, 'got the number 1.5'],
    ['abc', 'got the string "abc"'],
  ])('x = %o: "%s"', (bad, words) => {
    expect(thrown(() => lib.sigmoid(bad as never)).message).toBe(`x must be a Float32Array or Float64Array, ${words}`);
  });

  it('setBackend names what it got (a function, undefined), not its JSON', () => {
    expect(thrown(() => lib.setBackend(Int32Array as never)).message).toBe("setBackend: name must be 'wasm', 'js' or 'auto', got the function Int32Array");
    expect(thrown(() => lib.setBackend(undefined as never)).message).toBe("setBackend: name must be 'wasm', 'js' or 'auto', got undefined");
    expect(lib.getBackend()).toMatch(/^(wasm|js)$/);
  });

  it('allocate(n, Int32Array) names the constructor', () => {
    expect(thrown(() => lib.allocate(3, Int32Array as never)).message).toBe('allocate: type must be Float32Array or Float64Array, got the function Int32Array');
  });

  it('softmaxGrad and logSoftmaxGrad measure dy and out against y, their first argument', () => {
    for (const name of ['softmaxGrad', 'logSoftmaxGrad']) {
      const e = thrown(() => fn(name)(x, new Float32Array(2)));
      expect(e).toBeInstanceOf(LengthMismatchError);
      expect(e.message).toBe('dy must have length 3 (the length of y), got 2');
      expect(e).toMatchObject({ argument: 'dy', expected: 3, actual: 2 });
      expect(thrown(() => fn(name)(x, x.slice(), { out: new Float32Array(4) })).message).toBe('options.out must have length 3 (the length of y), got 4');
      expect(thrown(() => fn(name)(x, new Float64Array(3))).message).toBe('dy must be a Float32Array like y, got a Float64Array');
      expect(thrown(() => fn(name)(x, x.slice(), { out: new Float64Array(3) })).message).toBe('options.out must be a Float32Array like y, got a Float64Array');
    }
  });

  it('elementwise derivatives still measure against x', () => {
    expect(thrown(() => lib.sigmoidGrad(x, new Float32Array(2))).message).toBe('dy must have length 3 (the length of x), got 2');
  });
});
