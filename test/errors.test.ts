// Bad input, for every function in the registry, on both backends: a TypeError or RangeError naming
// the argument, nothing written, and the next call still works.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, LengthMismatchError, type ActivationSpec } from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';

type Fn = (x: unknown, o?: unknown) => Float32Array | Float64Array;
const fnOf = (s: ActivationSpec) => (lib as unknown as Record<string, Fn>)[s.name]!;

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  // prelu (kind 'channel') has its own signature and suite: test/prelu.test.ts.
  describe.each(ACTIVATIONS.filter((s) => s.kind === 'elementwise' || s.kind === 'axis').map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const fn = fnOf(s);
    const x = () => new Float32Array([-2, -1, 0, 1, 2, 3]);

    it.each([
      ['an Array', [1, 2, 3]],
      ['an Int32Array', new Int32Array(3)],
      ['a Uint8Array', new Uint8Array(3)],
      ['a number', 1.5],
      ['null', null],
      ['undefined', undefined],
      ['a string', 'abc'],
      ['a DataView', new DataView(new ArrayBuffer(8))],
    ])('x as %s: TypeError naming x', (_what, bad) => {
      expect(() => fn(bad)).toThrow(TypeError);
      expect(() => fn(bad)).toThrow(/^x must be a Float32Array or Float64Array/);
    });

    it('options that are not an object: TypeError', () => {
      expect(() => fn(x(), 5)).toThrow(TypeError);
      expect(() => fn(x(), 'fast')).toThrow(/options of .* must be an object/);
    });

    it('an unknown option (a typo) is refused, naming it', () => {
      expect(() => fn(x(), { alhpa: 1 })).toThrow(/options\.alhpa is not an option/);
    });

    it('out of another type: TypeError; of another length: RangeError (LengthMismatchError)', () => {
      expect(() => fn(x(), { out: new Float64Array(6) })).toThrow(/options\.out must be a Float32Array/);
      expect(() => fn(x(), { out: [0, 0, 0, 0, 0, 0] })).toThrow(TypeError);
      const err = (() => {
        try {
          fn(x(), { out: new Float32Array(5) });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(RangeError);
      expect(err).toBeInstanceOf(LengthMismatchError);
      expect(err).toMatchObject({ argument: 'options.out', expected: 6, actual: 5 });
    });

    it('an out that partially overlaps x: RangeError, and nothing is written', () => {
      const buf = new Float32Array([-2, -1, 0, 1, 2, 3, 4, 5]);
      const before = buf.slice();
      expect(() => fn(buf.subarray(0, 6), { out: buf.subarray(2, 8) })).toThrow(/overlaps/);
      expect(buf).toEqual(before);
    });

    for (const p of s.params) {
      it(`options.${p.name}: wrong type or out of range is refused`, () => {
        if (typeof p.kind === 'string') {
          expect(() => fn(x(), { [p.name]: '0.1' })).toThrow(TypeError);
          expect(() => fn(x(), { [p.name]: NaN })).toThrow(RangeError);
          expect(() => fn(x(), { [p.name]: Infinity })).toThrow(new RegExp(`options\\.${p.name} must be finite`));
          if (p.kind === 'positive') expect(() => fn(x(), { [p.name]: 0 })).toThrow(RangeError);
        } else {
          expect(() => fn(x(), { [p.name]: 'nonsense' })).toThrow(RangeError);
        }
      });
    }

    if (s.kind === 'axis') {
      it('shape and axis are checked', () => {
        expect(() => fn(x(), { shape: [4, 2] })).toThrow(/options\.shape \[4, 2\] has 8 elements but x has 6/);
        expect(() => fn(x(), { shape: [2, -3] })).toThrow(RangeError);
        expect(() => fn(x(), { shape: [2.5, 2] })).toThrow(/options\.shape\[0\]/);
        expect(() => fn(x(), { shape: 6 })).toThrow(TypeError);
        expect(() => fn(x(), { shape: [] })).toThrow(RangeError);
        expect(() => fn(x(), { shape: [2, 3], axis: 2 })).toThrow(/options\.axis 2 is out of range/);
        expect(() => fn(x(), { shape: [2, 3], axis: -3 })).toThrow(RangeError);
        expect(() => fn(x(), { shape: [2, 3], axis: 0.5 })).toThrow(TypeError);
      });
    }

    it('after an error the input is intact and the next call works', () => {
      const input = x();
      const before = input.slice();
      expect(() => fn(input, { out: new Float32Array(2) })).toThrow();
      expect(input).toEqual(before);
      const y = fn(input);
      expect(y.length).toBe(6);
      expect(Array.from(y).some(Number.isNaN)).toBe(false);
    });
  });
});
