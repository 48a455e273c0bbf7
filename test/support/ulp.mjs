// Distance in units in the last place, on the ordered-integer line of the result's type: consecutive
// floats differ by 1, and −0 and +0 are the same point (the sign of zero is checked separately).
// Shared by the tests and scripts/accuracy.mjs.

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** @param {number} v */
export function ord32(v) {
  f32[0] = v;
  const b = i32[0];
  return b >= 0 ? b : -2147483648 - b;
}

/** @param {number} v */
function ord64(v) {
  f64[0] = v;
  const b = i64[0];
  return b >= 0n ? b : -9223372036854775808n - b;
}

/** ULP distance between two f32 values (NaN vs NaN is 0, NaN vs a number is Infinity). */
export function ulp32(/** @type {number} */ a, /** @type {number} */ b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ord32(a) - ord32(b));
}

/** ULP distance between two f64 values. */
export function ulp64(/** @type {number} */ a, /** @type {number} */ b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ord64(a) - ord64(b);
  return Number(d < 0n ? -d : d);
}
