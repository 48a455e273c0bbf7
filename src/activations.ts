// The public activation functions, one line each from its family's description (src/ops/). Every
// function has the shape fn(x, options?) → result; see src/types.ts for `out`, the family modules for
// definitions and bounds. Each imports its family module only, never the registry (the union), so that
// a bundler keeps only the families an app uses.

import { alongAxis, axisGradient, channelGradient, channelwise, elementwise, gradient, type ChannelOptions } from './dispatch';
import { HARD_SHRINK, HARD_SIGMOID, HARD_SWISH, HARD_TANH, LEAKY_RELU, RELU, RELU6, SOFTSIGN, SOFT_SHRINK, STEP, THRESHOLD } from './ops/piecewise';
import { CELU, ELU, SELU, SIGMOID, SILU, TANH, TANHSHRINK } from './ops/exp-family';
import { LOG_SOFTMAX, SOFTMAX, SOFTMIN } from './ops/softmax-family';
import { PRELU } from './ops/prelu';
import { LOG_SIGMOID, MISH, SOFTPLUS } from './ops/log-family';
import { GELU } from './ops/gelu';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoOptions = {};

/**
 * Heaviside step: 1 for x >= 0 (so step(−0) = 1), 0 for x < 0, NaN for NaN. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const step = /* @__PURE__ */ elementwise<NoOptions>(STEP);

/**
 * Logistic sigmoid 1 / (1 + exp(−x)); subnormal results kept (sigmoid(−100) = 3.78e−44).
 * Max error: 2 ULP (f32 and f64).
 */
export const sigmoid = /* @__PURE__ */ elementwise<NoOptions>(SIGMOID);
/**
 * dy · sigmoid'(x) = dy · σ(x)(1 − σ(x)), accurate in both tails.
 * Max error: 3 ULP (f32 and f64).
 */
export const sigmoidGrad = /* @__PURE__ */ gradient<NoOptions>(SIGMOID);

/**
 * Hyperbolic tangent, accurate relative to the result also near 0.
 * Max error: 2 ULP (f32 and f64).
 */
export const tanh = /* @__PURE__ */ elementwise<NoOptions>(TANH);

/**
 * Rectified linear unit max(0, x); NaN stays NaN. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const relu = /* @__PURE__ */ elementwise<NoOptions>(RELU);

export interface LeakyReluOptions {
  /**
   * Slope for x < 0: 0.01 as in PyTorch and ONNX (tf.leakyRelu defaults to 0.2). Must be finite.
   * @default 0.01
   */
  alpha?: number;
}
/**
 * Leaky ReLU: x < 0 ? alpha·x : x. Exact up to the rounding of alpha·x.
 * Max error: 0 ULP (f32 and f64).
 */
export const leakyRelu = /* @__PURE__ */ elementwise<LeakyReluOptions>(LEAKY_RELU);

/**
 * Softmax along any axis of a row-major N-d array (default: the last axis of a 1-d array).
 * Numerically stable on rows of any length; a NaN or +Infinity in a row makes the row NaN, as in
 * PyTorch.
 * Max error: 4 ULP (f32 and f64).
 */
export const softmax = /* @__PURE__ */ alongAxis(SOFTMAX);

// ---- piecewise ----

/**
 * dy · step'(x): zeros (as tf.js), NaN where x is NaN.
 * Max error: 0 ULP (f32 and f64).
 */
export const stepGrad = /* @__PURE__ */ gradient<NoOptions>(STEP);
/**
 * dy · relu'(x) = x > 0 ? dy : 0 (0 at x = 0, as PyTorch and tf.js); NaN where x is NaN. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const reluGrad = /* @__PURE__ */ gradient<NoOptions>(RELU);
/**
 * dy · leakyRelu'(x) = x > 0 ? dy : alpha·dy (alpha at x = 0, as PyTorch and tf.js). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const leakyReluGrad = /* @__PURE__ */ gradient<LeakyReluOptions>(LEAKY_RELU);

/**
 * ReLU capped at 6: min(max(x, 0), 6) (relu6(−0) = +0, as relu); NaN stays NaN. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const relu6 = /* @__PURE__ */ elementwise<NoOptions>(RELU6);
/**
 * dy · relu6'(x) = 0 < x < 6 ? dy : 0 (0 at 0 and at 6, as PyTorch; tf.js gives 1 at 6). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const relu6Grad = /* @__PURE__ */ gradient<NoOptions>(RELU6);

export interface HardTanhOptions {
  /**
   * Lower bound (PyTorch min_val). Must be finite and <= max.
   * @default -1
   */
  min?: number;
  /**
   * Upper bound (PyTorch max_val). Must be finite and >= min.
   * @default 1
   */
  max?: number;
}
/**
 * clamp(x, min, max): x itself inside (−0 stays −0), NaN stays NaN. relu6 is hardTanh(0, 6) but for relu6(−0) = +0. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const hardTanh = /* @__PURE__ */ elementwise<HardTanhOptions>(HARD_TANH);
/**
 * dy · hardTanh'(x) = min < x < max ? dy : 0 (0 at both bounds, as PyTorch). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const hardTanhGrad = /* @__PURE__ */ gradient<HardTanhOptions>(HARD_TANH);

export interface HardSigmoidOptions {
  /**
   * Slope: 1/6 as PyTorch and Keras 3 (x/6 + 1/2); 0.2 gives the ONNX, Keras 2 and tfjs-layers form.
   * Must be > 0.
   * @default 1/6
   */
  alpha?: number;
  /**
   * Offset. Must be finite.
   * @default 0.5
   */
  beta?: number;
}
/**
 * max(0, min(1, alpha·x + beta)), evaluated as (x + beta/alpha) / (1/alpha) with both rounded to the
 * array's type: exactly PyTorch's (x + 3) / 6 by default, kinks at ±3.
 * Max error: 1 ULP (f32 and f64).
 */
export const hardSigmoid = /* @__PURE__ */ elementwise<HardSigmoidOptions>(HARD_SIGMOID);
/**
 * dy · hardSigmoid'(x) = dy · alpha between the kinks, 0 outside and at them (as PyTorch at ±3). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const hardSigmoidGrad = /* @__PURE__ */ gradient<HardSigmoidOptions>(HARD_SIGMOID);

/**
 * x · relu6(x + 3) / 6 (PyTorch's hardswish; x >= 3 gives x exactly, x <= −3 gives −0).
 * Max error: 2 ULP (f32 and f64).
 */
export const hardSwish = /* @__PURE__ */ elementwise<NoOptions>(HARD_SWISH);
/**
 * dy · hardSwish'(x): 0 below −3, x/3 + 1/2 on [−3, 3] (−0.5 at −3, 1.5 at 3, as PyTorch's formula), 1 above.
 * Max error: 2 ULP (f32 and f64).
 */
export const hardSwishGrad = /* @__PURE__ */ gradient<NoOptions>(HARD_SWISH);

/**
 * x / (1 + |x|); ±Infinity gives ±1.
 * Max error: 1 ULP (f32 and f64).
 */
export const softsign = /* @__PURE__ */ elementwise<NoOptions>(SOFTSIGN);
/**
 * dy / (1 + |x|)².
 * Max error: 0 ULP (f32), 3 ULP (f64).
 */
export const softsignGrad = /* @__PURE__ */ gradient<NoOptions>(SOFTSIGN);

export interface ShrinkOptions {
  /**
   * Half-width of the band around 0 that is set to 0 (PyTorch lambd; Keras threshold). Must be finite and >= 0.
   * @default 0.5
   */
  lambd?: number;
}
/**
 * −lambd <= x <= lambd ? 0 : x. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const hardShrink = /* @__PURE__ */ elementwise<ShrinkOptions>(HARD_SHRINK);
/**
 * dy · (|x| <= lambd ? 0 : 1) (0 at ±lambd, as PyTorch). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const hardShrinkGrad = /* @__PURE__ */ gradient<ShrinkOptions>(HARD_SHRINK);
/**
 * x > lambd ? x − lambd : x < −lambd ? x + lambd : 0. Exact (x ∓ lambd rounds once).
 * Max error: 0 ULP (f32 and f64).
 */
export const softShrink = /* @__PURE__ */ elementwise<ShrinkOptions>(SOFT_SHRINK);
/**
 * dy · (|x| <= lambd ? 0 : 1) (0 at ±lambd, as PyTorch). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const softShrinkGrad = /* @__PURE__ */ gradient<ShrinkOptions>(SOFT_SHRINK);

export interface ThresholdOptions {
  /**
   * Inputs above it pass unchanged; the others become value. Must be finite.
   * @default 1
   */
  threshold?: number;
  /**
   * Replacement for x <= threshold. Must be finite.
   * @default 0
   */
  value?: number;
}
/**
 * x > threshold ? x : value (PyTorch's F.threshold; the defaults are ONNX ThresholdedRelu and the
 * ThresholdedReLU layers, theta = 1). NaN stays NaN. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const threshold = /* @__PURE__ */ elementwise<ThresholdOptions>(THRESHOLD);
/**
 * dy · (x > threshold ? 1 : 0) (0 at the threshold, as PyTorch). Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const thresholdGrad = /* @__PURE__ */ gradient<ThresholdOptions>(THRESHOLD);

/**
 * Parametric ReLU with one slope per channel: x < 0 ? slopes[c]·x : x, c the index of x along the
 * channel axis (PyTorch's convention: axis 1, or 0 for 1-d input; pass { axis: -1 } for
 * channels-last). slopes has x's type and length 1 (one slope for every element) or the size of the
 * channel axis. Exact.
 * Max error: 0 ULP (f32 and f64).
 */
export const prelu = /* @__PURE__ */ channelwise<ChannelOptions>(PRELU);
export type { ChannelOptions, Channelwise, ChannelGradient } from './dispatch';
/**
 * The derivatives of prelu: dx = dy · (x > 0 ? 1 : slope) (the slope at 0, as PyTorch), into
 * options.out if given; dslopes[c] = the sum of x·dy over the channel's elements with x <= 0 (NaN
 * where x is NaN), accumulated in double and rounded once (f32: exact products). The double sum is in
 * the backend's order, so it is within n·2^−53·Σ|x·dy| of the exact sum (which terms of opposite signs
 * may cancel far below that: 1.2e77 − 1.2e77 − 6.4e58 in f32 may give 0 or −Infinity); a sum beyond the
 * type's range is ±Infinity, and so is a product beyond the double range (NaN where both signs meet).
 * Max error: 0 ULP (f32 and f64).
 */
export const preluGrad = /* @__PURE__ */ channelGradient<ChannelOptions>(PRELU);

// ---- exp family ----
/**
 * dy · tanh'(x) = dy · (1 − tanh²(x)), computed as 4e/(1 + e)², e = exp(−2|x|): accurate in both tails.
 * Max error: 3 ULP (f32 and f64).
 */
export const tanhGrad = /* @__PURE__ */ gradient<NoOptions>(TANH);

export interface EluOptions {
  /**
   * The negative branch is alpha · (exp(x) − 1), approaching −alpha (PyTorch, Keras and ONNX default;
   * tf.elu has no alpha). Must be finite.
   * @default 1
   */
  alpha?: number;
}
/**
 * ELU: x > 0 ? x : alpha · expm1(x), relative accuracy also just below 0.
 * Max error: 2 ULP (f32 and f64).
 */
export const elu = /* @__PURE__ */ elementwise<EluOptions>(ELU);
/**
 * dy · elu'(x) = dy · (x > 0 ? 1 : alpha · exp(x)); alpha at x = 0, as PyTorch.
 * Max error: 3 ULP (f32 and f64).
 */
export const eluGrad = /* @__PURE__ */ gradient<EluOptions>(ELU);

/**
 * SELU: scale · (x > 0 ? x : alpha · expm1(x)) with PyTorch's constants alpha = 1.6732632423543772…,
 * scale = 1.0507009873554804….
 * Max error: 2 ULP (f32 and f64).
 */
export const selu = /* @__PURE__ */ elementwise<NoOptions>(SELU);
/**
 * dy · selu'(x) = dy · scale · (x > 0 ? 1 : alpha · exp(x)); scale·alpha at x = 0.
 * Max error: 3 ULP (f32 and f64).
 */
export const seluGrad = /* @__PURE__ */ gradient<NoOptions>(SELU);

export interface CeluOptions {
  /**
   * The negative branch is alpha · (exp(x / alpha) − 1) (PyTorch, Keras and ONNX default 1). Must be
   * finite and not 0 (RangeError).
   * @default 1
   */
  alpha?: number;
}
/**
 * CELU: max(0, x) + min(0, alpha · expm1(x / alpha)).
 * Max error: 2 ULP (f32 and f64).
 */
export const celu = /* @__PURE__ */ elementwise<CeluOptions>(CELU);
/**
 * dy · celu'(x) = dy · (x > 0 ? 1 : exp(x / alpha)); 1 at x = 0, as PyTorch.
 * Max error: 2 ULP (f32 and f64).
 */
export const celuGrad = /* @__PURE__ */ gradient<CeluOptions>(CELU);

/**
 * SiLU (swish): x · sigmoid(x), in one pass; the negative tail keeps its tiny values (silu(−100) =
 * −3.7e−42), silu(−Infinity) = −0.
 * Max error: 3 ULP (f32 and f64).
 */
export const silu = /* @__PURE__ */ elementwise<NoOptions>(SILU);
/**
 * dy · silu'(x) = dy · σ(x)(1 + x(1 − σ(x))); near its zero at x = −1.2785 the error is absolute.
 * Max error: 2 ULP or 1.5e-8 absolute (f32), 4 ULP or 2e-17 absolute (f64).
 */
export const siluGrad = /* @__PURE__ */ gradient<NoOptions>(SILU);
/** The same function as silu (Keras's and tfjs-layers's name). */
export const swish = silu;
/** The same function as siluGrad. */
export const swishGrad = siluGrad;

/**
 * tanhshrink: x − tanh(x), with relative accuracy near 0 too (where x − tanh(x) ≈ x³/3).
 * Max error: 1 ULP (f32), 3 ULP (f64).
 */
export const tanhshrink = /* @__PURE__ */ elementwise<NoOptions>(TANHSHRINK);
/**
 * dy · tanhshrink'(x) = dy · tanh²(x).
 * Max error: 2 ULP (f32), 3 ULP (f64).
 */
export const tanhshrinkGrad = /* @__PURE__ */ gradient<NoOptions>(TANHSHRINK);

// ---- log family and gelu ----

export interface SoftplusOptions {
  /**
   * Sharpness: softplus(x) = log1p(exp(beta·x))/beta (PyTorch's parameter). Must be > 0.
   * @default 1
   */
  beta?: number;
  /**
   * Where x·beta > threshold the result is x itself, and the derivative 1 (PyTorch's parameter).
   * @default 20
   */
  threshold?: number;
}
/**
 * softplus(x) = log1p(exp(beta·x))/beta, x itself where x·beta > threshold (PyTorch). Never overflows;
 * the negative tail keeps its relative accuracy (softplus(−100) = 3.7e−44 in f32).
 * Max error: 3 ULP (f32 and f64).
 */
export const softplus = /* @__PURE__ */ elementwise<SoftplusOptions>(SOFTPLUS);
/**
 * dy · softplus'(x) = dy · σ(beta·x), dy where x·beta > threshold.
 * Max error: 3 ULP (f32 and f64).
 */
export const softplusGrad = /* @__PURE__ */ gradient<SoftplusOptions>(SOFTPLUS);

/**
 * log(σ(x)) = −softplus(−x), accurate in both tails (logSigmoid(100) = −3.7e−44 in f32).
 * Max error: 2 ULP (f32 and f64).
 */
export const logSigmoid = /* @__PURE__ */ elementwise<NoOptions>(LOG_SIGMOID);
/**
 * dy · logSigmoid'(x) = dy · σ(−x).
 * Max error: 3 ULP (f32 and f64).
 */
export const logSigmoidGrad = /* @__PURE__ */ gradient<NoOptions>(LOG_SIGMOID);

/**
 * mish(x) = x · tanh(softplus(x)).
 * Max error: 4 ULP (f32 and f64).
 */
export const mish = /* @__PURE__ */ elementwise<NoOptions>(MISH);
/**
 * dy · mish'(x) = dy · (tanh(sp) + x·σ(x)·sech²(sp)), sp = softplus(x).
 * Max error: 2 ULP or 2.5e-8 absolute (f32), 4 ULP or 5e-17 absolute (f64).
 */
export const mishGrad = /* @__PURE__ */ gradient<NoOptions>(MISH);

export interface GeluOptions {
  /**
   * 'none': the exact x·Φ(x) (PyTorch, ONNX and keras.activations.gelu); 'tanh': the approximation
   * ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (keras.ops.gelu's default, approximate=True).
   * @default 'none'
   */
  approximate?: 'none' | 'tanh';
}
/**
 * GELU: x·Φ(x) (default), or its tanh approximation. Both keep relative accuracy in the negative tail
 * (gelu(−10) = −7.6e−23); gelu(−Infinity) = −0.
 * Max error: 3 ULP (f32 and f64).
 */
export const gelu = /* @__PURE__ */ elementwise<GeluOptions>(GELU);
/**
 * dy · gelu'(x): dy · (Φ(x) + x·φ(x)), or the tanh form's derivative.
 * Max error: 3 ULP or 4e-8 absolute (f32), 4 ULP or 1.5e-16 absolute (f64).
 */
export const geluGrad = /* @__PURE__ */ gradient<GeluOptions>(GELU);

// ---- axis ----

/**
 * Log-softmax along any axis of a row-major N-d array: (x − max) − log(sum(exp(x − max))).
 * Relative accuracy everywhere, also at a peaked row's max where the result is −log1p(tiny); a NaN or
 * +Infinity in a row makes the row NaN, −Infinity gives −Infinity, as in PyTorch.
 * Max error: 2 ULP (f32), 3 ULP (f64).
 */
export const logSoftmax = /* @__PURE__ */ alongAxis(LOG_SOFTMAX);

/**
 * The derivative of softmax from its OUTPUT y (as PyTorch's backward): dx = y·(dy − sum(y·dy)) along
 * the axis, with softmax's `shape` and `axis`. The sum is carried to about 2^−100, so dx keeps
 * relative accuracy also where it cancels.
 * Max error: 1 ULP (f32), 2 ULP or 9.1e-13 ULP of the line's largest |dy| (f64).
 */
export const softmaxGrad = /* @__PURE__ */ axisGradient(SOFTMAX);

/**
 * The derivative of logSoftmax from its OUTPUT y (as PyTorch's backward): dx = dy − exp(y)·sum(dy)
 * along the axis, with logSoftmax's `shape` and `axis`.
 * Max error: 1 ULP or 3.7e-9 ULP of the line's largest |dy| (f32), 4 ULP or 4 ULP of the line's largest |dy| (f64).
 */
export const logSoftmaxGrad = /* @__PURE__ */ axisGradient(LOG_SOFTMAX);

/**
 * Softmin along any axis of a row-major N-d array: softmax(−x), as PyTorch's softmin (`axis` is its
 * `dim`), softmax's kernels on −x; a NaN or −Infinity in a row makes the row NaN.
 * Max error: 4 ULP (f32 and f64).
 */
export const softmin = /* @__PURE__ */ alongAxis(SOFTMIN);

/**
 * The derivative of softmin from its OUTPUT y (as PyTorch's backward): dx = −y·(dy − sum(y·dy)) along
 * the axis, with softmin's `shape` and `axis`: exactly −softmaxGrad(y, dy).
 * Max error: 1 ULP (f32), 2 ULP or 9.1e-13 ULP of the line's largest |dy| (f64).
 */
export const softminGrad = /* @__PURE__ */ axisGradient(SOFTMIN);
