// Float64 references and the error check every benchmark row must pass, so that no row can look
// fast because it computes something cheaper (or wrong). References are evaluated in double on the
// exact float32 inputs the rows see, then compared with each row's float32 output.

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

/** erf in double to ~1e-15: Taylor series near 0, continued fraction for erfc further out. */
export function erf(x) {
  const z = Math.abs(x);
  let r;
  if (z < 2.5) {
    // Terms peak near z^2 ≈ 6, so cancellation costs at most ~3 of 16 digits here.
    let term = z;
    let sum = z;
    const z2 = z * z;
    for (let n = 1; n < 100; n++) {
      term *= -z2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = 2 * INV_SQRT_PI * sum;
  } else {
    r = 1 - erfcLarge(z);
  }
  return x < 0 ? -r : r;
}

/** erfc(z) for z >= 2.5 by the Laplace continued fraction, evaluated backwards (stable, converges fast there). */
function erfcLarge(z) {
  let f = z;
  for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
  return (Math.exp(-z * z) * INV_SQRT_PI) / f;
}

const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const clamp = (x, lo, hi) => Math.min(Math.max(x, lo), hi);

// SELU constants from Klambauer et al. (2017), as PyTorch and tf.js spell them.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** Elementwise references by catalogue key. */
export const elementwise = {
  sigmoid,
  tanh: Math.tanh,
  relu: (x) => Math.max(x, 0),
  leakyRelu: (x) => (x < 0 ? 0.01 * x : x),
  step: (x) => (x >= 0 ? 1 : 0),
  gelu: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  celu: (x) => Math.max(0, x) + Math.min(0, Math.expm1(x)),
  relu6: (x) => clamp(x, 0, 6),
  hardTanh: (x) => clamp(x, -1, 1),
  silu: (x) => x * sigmoid(x),
  softplus,
  mish: (x) => x * Math.tanh(softplus(x)),
  softsign: (x) => x / (1 + Math.abs(x)),
  hardSigmoid: (x) => clamp(x / 6 + 0.5, 0, 1),
  hardSwish: (x) => (x * clamp(x + 3, 0, 6)) / 6,
  logSigmoid: (x) => -softplus(-x),
};

/** Row-wise softmax (or log-softmax) over contiguous rows of `cols`, in double. */
export function rowwise(x, cols, log = false) {
  const y = new Float64Array(x.length);
  for (let start = 0; start < x.length; start += cols) {
    let max = -Infinity;
    for (let i = start; i < start + cols; i++) max = Math.max(max, x[i]);
    let sum = 0;
    for (let i = start; i < start + cols; i++) sum += Math.exp(x[i] - max);
    const logSum = Math.log(sum);
    for (let i = start; i < start + cols; i++) {
      y[i] = log ? x[i] - max - logSum : Math.exp(x[i] - max) / sum;
    }
  }
  return y;
}

export function elementwiseReference(f, x) {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
  return y;
}

// A float32 result within a few ULPs has relative error ~1e-7. Above 1e-5 (~100 ULPs) a row is
// marked "approx": a cheaper approximation or a formula with float32 cancellation (1 + tanh(z) in
// the tail of tanh-GELU), worth knowing when comparing speed. Above 1e-2 it computes a different
// function (wrong constant, wrong variant, crude approximation) and is marked WRONG.
const APPROX = 1e-5;
const WRONG = 1e-2;

/**
 * Compare a float32 result with its double reference by the mixed error
 *   |y - ref| / max(|ref|, relFloor):
 * relative where |ref| >= relFloor (the "safe range"), absolute scaled by relFloor below it, where a
 * correct float32 formula such as exp(x) - 1 near 0 has large relative but tiny absolute error.
 */
export function measureError(y, ref, relFloor = 1e-4) {
  if (!y || y.length !== ref.length) return { maxErr: Infinity, maxAbs: Infinity, wrong: true, grade: 'WRONG', why: 'length' };
  let maxAbs = 0;
  let maxErr = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const v = y[i];
    if (Number.isNaN(v) !== Number.isNaN(r)) {
      return { maxErr: Infinity, maxAbs: Infinity, wrong: true, grade: 'WRONG', why: `NaN mismatch at index ${i}` };
    }
    const abs = Math.abs(v - r);
    if (abs > maxAbs) maxAbs = abs;
    const err = abs / Math.max(Math.abs(r), relFloor);
    if (err > maxErr) maxErr = err;
  }
  const wrong = !(maxErr <= WRONG);
  return { maxErr, maxAbs, wrong, grade: wrong ? 'WRONG' : maxErr > APPROX ? 'approx' : 'ok' };
}
