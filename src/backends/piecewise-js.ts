// Helpers of the piecewise family's JS twins (src/backends/js.ts): hardSigmoid's derived parameters
// and the exact bounds of its linear region, and prelu along a channel axis. Same semantics as assembly/kernels/piecewise.ts.

import type { AxisView } from '../types';
import type { FloatArray } from '../types';

/** The sign of x + o − c (a number of that sign), exact: two two-sums. */
function sumSign(x: number, o: number, c: number): number {
  if (!Number.isFinite(x)) return x;
  const s = x + o;
  const sb = s - x;
  const se = x - (s - sb) + (o - sb);
  const t = s - c;
  const tb = t - s;
  const te = s - (t - tb) + (-c - tb);
  return t + (se + te);
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The next float32 (single) or float64 above x. */
function nextUp(x: number, single: boolean): number {
  if (x !== x || x === Infinity) return x;
  if (single) {
    f32[0] = x;
    if (x === 0) i32[0] = 1;
    else i32[0] = i32[0]! + (x > 0 ? 1 : -1);
    return f32[0]!;
  }
  f64[0] = x;
  if (x === 0) i64[0] = 1n;
  else i64[0] = i64[0]! + (x > 0 ? 1n : -1n);
  return f64[0]!;
}

/**
 * hardSigmoid as the kernels evaluate it: (x + o) / s with s = 1/alpha and o = beta/alpha rounded to
 * the array's type (6 and 3 for the defaults), and its linear region lo < x < hi, exact: lo = −o, hi
 * the first x of the type with x + o >= s.
 */
export function hardSigmoidParams(alpha: number, beta: number, single: boolean): { s: number; o: number; lo: number; hi: number } {
  const round = single ? Math.fround : (v: number) => v;
  const s = round(1 / alpha);
  const o = round(beta / alpha);
  let x = round(s - o);
  for (let i = 0; i < 64 && x !== -Infinity && sumSign(-nextUp(-x, single), o, s) >= 0; i++) x = -nextUp(-x, single);
  for (let i = 0; i < 64 && x !== Infinity && sumSign(x, o, s) < 0; i++) x = nextUp(x, single);
  return { s, o, lo: -o, hi: x };
}

/** prelu: out = x < 0 ? slope·x : x, the slope of each element's channel (one slope: everywhere). */
export function prelu(x: FloatArray, slopes: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
  const n = x.length;
  if (slopes.length === 1) {
    const s = slopes[0]!;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v < 0 ? s * v : v;
    }
    return;
  }
  if (inner === 1) {
    for (let o = 0, i = 0; o < outer; o++) {
      for (let c = 0; c < len; c++, i++) {
        const v = x[i]!;
        out[i] = v < 0 ? slopes[c]! * v : v;
      }
    }
    return;
  }
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < len; c++) {
      const s = slopes[c]!;
      for (const end = i + inner; i < end; i++) {
        const v = x[i]!;
        out[i] = v < 0 ? s * v : v;
      }
    }
  }
}

/**
 * preluGrad: dx = dy · (x > 0 ? 1 : slope), NaN where x is NaN; acc[c] += sum of x·dy where
 * x <= 0 (or NaN), in double. dx may be dy.
 */
export function preluGrad(x: FloatArray, dy: FloatArray, slopes: FloatArray, dx: FloatArray, acc: Float64Array, { outer, len, inner }: AxisView): void {
  if (slopes.length === 1) {
    const s = slopes[0]!;
    const n = x.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const d = dy[i]!;
      dx[i] = v > 0 ? d : v === v ? d * s : NaN;
      sum += v > 0 ? 0 : v * d;
    }
    acc[0]! += sum;
    return;
  }
  if (inner === 1) {
    for (let o = 0, i = 0; o < outer; o++) {
      for (let c = 0; c < len; c++, i++) {
        const v = x[i]!;
        const d = dy[i]!;
        dx[i] = v > 0 ? d : v === v ? d * slopes[c]! : NaN;
        acc[c]! += v > 0 ? 0 : v * d;
      }
    }
    return;
  }
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < len; c++) {
      const s = slopes[c]!;
      let sum = 0;
      for (const end = i + inner; i < end; i++) {
        const v = x[i]!;
        const d = dy[i]!;
        dx[i] = v > 0 ? d : v === v ? d * s : NaN;
        sum += v > 0 ? 0 : v * d;
      }
      acc[c]! += sum;
    }
  }
}
