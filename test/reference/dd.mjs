// Double-double reference arithmetic: a value is a pair [hi, lo] of doubles with hi = fl(hi + lo) and
// the pair worth hi + lo exactly, about 106 significant bits. Dependency-free, so that the accuracy
// probe (scripts/math-probe/check.mjs), the polynomial fits (scripts/fit-poly.mjs) and the tests can
// judge float64 results against something more accurate than float64 itself.
//
// Building blocks (Dekker 1971, Knuth TAOCP vol. 2 §4.2.2; as in the QD library of Hida, Li, Bailey):
//   twoSum(a, b)   s + e = a + b exactly (6 flops, any order of magnitude).
//   twoProd(a, b)  p + e = a·b exactly, with Veltkamp's split (no fused multiply-add in JavaScript);
//                  valid while |a|, |b| < 2^996 and a·b does not underflow.
//   add, sub, mul, div, sqr, sqrt: relative error within a few 2^-104 (the "accurate" QD variants).
// Functions (each documented below with its method and accuracy):
//   exp2k(x)  exp(x) as a mantissa m (dd) and a power of two k, so that tiny results keep all their bits.
//   exp, expm1, log1p, log, erfc2k, erfc, erfcx, erf.
// Accuracy: every function here is good to well below 2^-90 relative on the ranges the project checks
// (|x| <= 745 for exp, the whole double range for log1p, z in [0, 27] for erfc), which
// `node scripts/math-probe/check.mjs --self-test` verifies against stored 50-digit values and identities.
// That is 2^37 times finer than a float64 ULP, so a probe's error in ULP is the kernel's, not the reference's.

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for 53-bit doubles

/** s + e = a + b exactly. */
export function twoSum(a, b) {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** s + e = a + b exactly, given |a| >= |b| (or a = 0). */
function quickTwoSum(a, b) {
  const s = a + b;
  return [s, b - (s - a)];
}

/** [hi, lo] with hi + lo = a exactly, hi holding the top 26 bits. */
function split(a) {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

/** p + e = a·b exactly (Dekker). */
export function twoProd(a, b) {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** The double a as a double-double. */
export const dd = (a, b = 0) => (b === 0 ? [a, 0] : quickTwoSum(a, b));

export function add(x, y) {
  let [s, e] = twoSum(x[0], y[0]);
  const [t, f] = twoSum(x[1], y[1]);
  e += t;
  [s, e] = quickTwoSum(s, e);
  e += f;
  return quickTwoSum(s, e);
}

export const neg = (x) => [-x[0], -x[1]];
export const sub = (x, y) => add(x, neg(y));

export function mul(x, y) {
  const [p, e] = twoProd(x[0], y[0]);
  return quickTwoSum(p, e + (x[0] * y[1] + x[1] * y[0]));
}

/** x·b for a double b. */
export function mulD(x, b) {
  const [p, e] = twoProd(x[0], b);
  return quickTwoSum(p, e + x[1] * b);
}

export const sqr = (x) => mul(x, x);

export function div(x, y) {
  const q1 = x[0] / y[0];
  let r = sub(x, mulD(y, q1));
  const q2 = r[0] / y[0];
  r = sub(r, mulD(y, q2));
  const q3 = r[0] / y[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

/** √x for a double-double x >= 0: one Newton step from the double square root. */
export function sqrt(x) {
  if (x[0] <= 0) return [0, 0];
  const s = Math.sqrt(x[0]);
  // s + (x − s²)/(2s): doubles the 53 correct bits.
  const [p, e] = twoProd(s, s);
  const r = x[0] - p - e + x[1];
  return quickTwoSum(s, r / (2 * s));
}

/** x·2^k, exact unless it overflows or underflows. */
export const ldexp = (x, k) => [x[0] * 2 ** k, x[1] * 2 ** k];

/** The nearest double to x (hi + lo rounded once: hi is already fl(hi + lo)). */
export const toNumber = (x) => x[0] + x[1];

/** Compare: negative, zero or positive as x < y, x = y, x > y. */
export const cmp = (x, y) => (x[0] !== y[0] ? x[0] - y[0] : x[1] - y[1]);

// Constants to double-double precision (hi + lo, each hi the correctly rounded double).
export const LN2 = [0.6931471805599453, 2.3190468138462996e-17];
export const PI = [3.141592653589793, 1.2246467991473532e-16];
export const SQRT_PI = [1.772453850905516, -7.666586499825799e-17];
export const TWO_OVER_SQRT_PI = [1.1283791670955126, 1.533545961316588e-17];
export const SQRT1_2 = [0.7071067811865476, -4.833646656726457e-17];

/** expm1(r) for |r| <= ln2/2 + a little: halve 10 times, Taylor, then expm1(2t) = expm1(t)·(expm1(t) + 2). */
function expm1Reduced(r) {
  let e = expm1SmallExact(ldexp(r, -10));
  for (let i = 0; i < 10; i++) e = mul(e, add(e, [2, 0]));
  return e;
}

/** expm1(r) for |r| <= 2^-10 by Taylor series (exact divisions by n), to about 2^-106 relative. */
function expm1SmallExact(r) {
  let term = r;
  let sum = r;
  for (let n = 2; n <= 14; n++) {
    term = div(mul(term, r), [n, 0]);
    sum = add(sum, term);
    if (Math.abs(term[0]) < 1e-40 * Math.abs(sum[0])) break;
  }
  return sum;
}

/**
 * exp(x) for a double-double x with |x| <= 750, as { m, k } with exp(x) = m·2^k, m in [0.7, 1.5).
 * Method: k = round(x/ln2), r = x − k·ln2 (ln2 in double-double: the reduction's error is k·2^-106),
 * then m = 1 + expm1(r) from expm1Reduced. Relative error below 2^-98.
 */
export function exp2k(x) {
  if (typeof x === 'number') x = [x, 0];
  const k = Math.round(x[0] / LN2[0]);
  const r = sub(x, mulD(LN2, k));
  return { m: add([1, 0], expm1Reduced(r)), k };
}

/** exp(x) as a double-double (loses low bits where the result is subnormal; use exp2k there). */
export function exp(x) {
  const { m, k } = exp2k(x);
  // Apply 2^k in two steps so that 2^k itself never overflows or underflows.
  const k1 = Math.trunc(k / 2);
  return ldexp(ldexp(m, k1), k - k1);
}

/** expm1(x) for a double-double x, to about 2^-100 relative (no cancellation near 0). */
export function expm1(x) {
  if (typeof x === 'number') x = [x, 0];
  // |x| < 2^-60: x + x²/2 is exact to 2^-120 (and the halvings below would underflow subnormal x).
  if (Math.abs(x[0]) < 2 ** -60) return add(x, [(x[0] * x[0]) / 2, 0]);
  if (Math.abs(x[0]) <= 0.35) return expm1Reduced(x);
  if (x[0] < -40) return add(exp(x), [-1, 0]); // exp(x) < 2^-57: the sum is −1 + tiny, exact in dd
  const { m, k } = exp2k(x);
  return add(ldexp(m, k), [-1, 0]); // |result| >= 0.29: cancellation costs at most 2 bits
}

/** log1p(x) for −0.3 <= x <= 0.45 by Newton's method on expm1: y ← y − (expm1(y) − x)/(1 + expm1(y)). */
function log1pSmall(x) {
  let y = [Math.log1p(x[0] + x[1]), 0];
  for (let i = 0; i < 3; i++) {
    const e = expm1(y);
    y = sub(y, div(sub(e, x), add(e, [1, 0])));
  }
  return y;
}

/**
 * log1p(x) for a double-double x > −1, relative error below 2^-100.
 * Near 0 (−0.3 <= x <= 0.45): Newton on expm1 (quadratic convergence from Math.log1p's 53 bits: three
 * steps are more than enough). Elsewhere: u = 1 + x in double-double (exact for a double x),
 * u = 2^k·m with m in [0.75, 1.5), log1p(x) = k·ln2 + log1p(m − 1), m − 1 exact.
 */
export function log1p(x) {
  if (typeof x === 'number') x = [x, 0];
  if (x[0] === 0) return x;
  if (Math.abs(x[0]) < 2 ** -60) return add(x, [-(x[0] * x[0]) / 2, 0]); // x − x²/2, exact to 2^-120
  if (x[0] >= -0.3 && x[0] <= 0.45) return log1pSmall(x);
  const u = add([1, 0], x);
  let k = Math.floor(Math.log2(u[0]));
  if (u[0] * 2 ** -k >= 1.5) k++;
  const m = ldexp(u, -k);
  return add(mulD(LN2, k), log1pSmall(add(m, [-1, 0])));
}

/** log(x) for a double-double x > 0. */
export function log(x) {
  if (typeof x === 'number') x = [x, 0];
  let k = Math.floor(Math.log2(x[0]));
  if (x[0] * 2 ** -k >= 1.5) k++;
  // ldexp in two steps: x may be subnormal, 2^-k may overflow a double.
  const k1 = Math.trunc(k / 2);
  const m = ldexp(ldexp(x, -k1), -(k - k1));
  return add(mulD(LN2, k), log1pSmall(add(m, [-1, 0])));
}

/**
 * erfc(z) for a double-double z >= 0, as { m, k } with erfc(z) = m·2^k (never underflows).
 * z < 2: erfc = 1 − erf, erf(z) = (2/√π)·exp(−z²)·Σ 2^n z^(2n+1) / (1·3·…·(2n+1)), a series of positive
 *   terms (no cancellation); 1 − erf loses at most 8 bits (erfc(2) = 0.0047).
 * z >= 2: the even contraction of Laplace's continued fraction,
 *   erfc(z) = exp(−z²)/√π · 2z / (2z² + 1 − 1·2/(2z² + 5 − 3·4/(2z² + 9 − …))),
 *   evaluated backwards from a depth that gives below 1e-32 relative (checked against 2× the depth).
 * exp(−z²) takes z² in double-double: the exponent's rounding costs 2^-106·z² relative (2^-96 at z = 27).
 */
export function erfc2k(z) {
  if (typeof z === 'number') z = [z, 0];
  const z2 = sqr(z);
  const e = exp2k(neg(z2));
  if (z[0] < 2) {
    const twoZ2 = ldexp(z2, 1);
    let term = z;
    let sum = z;
    for (let n = 0; n < 400; n++) {
      term = div(mul(term, twoZ2), [2 * n + 3, 0]);
      sum = add(sum, term);
      if (term[0] < 1e-36 * sum[0]) break;
    }
    const erf = mul(mul(TWO_OVER_SQRT_PI, ldexp(e.m, e.k)), sum);
    const r = sub([1, 0], erf);
    return { m: r, k: 0 };
  }
  const N = z[0] < 3 ? 110 : z[0] < 4 ? 70 : z[0] < 6 ? 45 : 30;
  const x2 = ldexp(z2, 1);
  let t = [0, 0];
  for (let n = N; n >= 1; n--) t = div([(2 * n - 1) * (2 * n), 0], sub(add(x2, [4 * n + 1, 0]), t));
  const cf = div(ldexp(z, 1), sub(add(x2, [1, 0]), t));
  return { m: div(mul(e.m, cf), SQRT_PI), k: e.k };
}

/** erfcx(z) = exp(z²)·erfc(z) for a double-double z >= 0 (the factor rational erfc cores fit). */
export function erfcx(z) {
  if (typeof z === 'number') z = [z, 0];
  const { m, k } = erfc2k(z);
  const e = exp2k(sqr(z));
  return ldexp(mul(m, e.m), k + e.k);
}

/** erfc(z) as a double-double; z of either sign (erfc(−z) = 2 − erfc(z)). Subnormal results lose bits. */
export function erfc(z) {
  if (typeof z === 'number') z = [z, 0];
  if (z[0] < 0) return sub([2, 0], erfc(neg(z)));
  const { m, k } = erfc2k(z);
  const k1 = Math.trunc(k / 2);
  return ldexp(ldexp(m, k1), k - k1);
}

/**
 * erf(x) as a double-double, relative accuracy near 0 too: |x| < 2 uses the positive series above
 * directly (no 1 − erfc cancellation), larger |x| 1 − erfc(|x|).
 */
export function erf(x) {
  if (typeof x === 'number') x = [x, 0];
  if (x[0] < 0) return neg(erf(neg(x)));
  if (x[0] === 0) return x;
  if (x[0] >= 2) return sub([1, 0], erfc(x));
  const z2 = sqr(x);
  const e = exp(neg(z2));
  const twoZ2 = ldexp(z2, 1);
  let term = x;
  let sum = x;
  for (let n = 0; n < 400; n++) {
    term = div(mul(term, twoZ2), [2 * n + 3, 0]);
    sum = add(sum, term);
    if (term[0] < 1e-36 * sum[0]) break;
  }
  return mul(mul(TWO_OVER_SQRT_PI, e), sum);
}
