// The public activation functions, one line each from the registry. Every function has the shape
// fn(x, options?) → result; see src/types.ts for `out`, src/registry.ts for definitions and bounds.

import { alongAxis, elementwise, gradient } from './dispatch';
import { REGISTRY } from './registry';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoOptions = {};

/** Heaviside step: 1 for x >= 0 (so step(−0) = 1), 0 for x < 0, NaN for NaN. Exact. */
export const step = elementwise<NoOptions>(REGISTRY.step);

/** Logistic sigmoid 1 / (1 + exp(−x)). Max error 2 ULP (f32); subnormal results kept (sigmoid(−100) = 3.78e−44). */
export const sigmoid = elementwise<NoOptions>(REGISTRY.sigmoid);
/** dy · sigmoid'(x) = dy · σ(x)(1 − σ(x)), accurate in both tails. Max error 3 ULP (f32). */
export const sigmoidGrad = gradient<NoOptions>(REGISTRY.sigmoid);

/** Hyperbolic tangent. Max error 2 ULP (f32), relative also near 0. */
export const tanh = elementwise<NoOptions>(REGISTRY.tanh);

/** Rectified linear unit max(0, x); NaN stays NaN. Exact. */
export const relu = elementwise<NoOptions>(REGISTRY.relu);

export interface LeakyReluOptions {
  /**
   * Slope for x < 0: 0.01 as in PyTorch and ONNX (tf.leakyRelu defaults to 0.2). Must be finite.
   * @default 0.01
   */
  alpha?: number;
}
/** Leaky ReLU: x < 0 ? alpha·x : x. Exact up to the rounding of alpha·x. */
export const leakyRelu = elementwise<LeakyReluOptions>(REGISTRY.leakyRelu);

/**
 * Softmax along any axis of a row-major N-d array (default: the last axis of a 1-d array).
 * Numerically stable; max error 4 ULP per element on rows of up to 10,000; a NaN or +Infinity in a
 * row makes the row NaN, as in PyTorch.
 */
export const softmax = alongAxis(REGISTRY.softmax);

// --- catalogue: piecewise ---

// --- catalogue: exp family ---
/** dy · tanh'(x) = dy · (1 − tanh²(x)), computed as 4e/(1 + e)², e = exp(−2|x|): accurate in both tails. */
export const tanhGrad = gradient<NoOptions>(REGISTRY.tanh);

export interface EluOptions {
  /**
   * The negative branch is alpha · (exp(x) − 1), approaching −alpha (PyTorch, Keras and ONNX default;
   * tf.elu has no alpha). Must be finite.
   * @default 1
   */
  alpha?: number;
}
/** ELU: x > 0 ? x : alpha · expm1(x), relative accuracy also just below 0. Max error 3 ULP. */
export const elu = elementwise<EluOptions>(REGISTRY.elu);
/** dy · elu'(x) = dy · (x > 0 ? 1 : alpha · exp(x)); alpha at x = 0, as PyTorch. */
export const eluGrad = gradient<EluOptions>(REGISTRY.elu);

/**
 * SELU: scale · (x > 0 ? x : alpha · expm1(x)) with PyTorch's constants alpha = 1.6732632423543772…,
 * scale = 1.0507009873554804…. Max error 3 ULP.
 */
export const selu = elementwise<NoOptions>(REGISTRY.selu);
/** dy · selu'(x) = dy · scale · (x > 0 ? 1 : alpha · exp(x)); scale·alpha at x = 0. */
export const seluGrad = gradient<NoOptions>(REGISTRY.selu);

export interface CeluOptions {
  /**
   * The negative branch is alpha · (exp(x / alpha) − 1) (PyTorch, Keras and ONNX default 1). Must be
   * finite and not 0 (RangeError).
   * @default 1
   */
  alpha?: number;
}
/** CELU: max(0, x) + min(0, alpha · expm1(x / alpha)). Max error 3 ULP. */
export const celu = elementwise<CeluOptions>(REGISTRY.celu);
/** dy · celu'(x) = dy · (x > 0 ? 1 : exp(x / alpha)); 1 at x = 0, as PyTorch. */
export const celuGrad = gradient<CeluOptions>(REGISTRY.celu);

/**
 * SiLU (swish): x · sigmoid(x), in one pass; the negative tail keeps its tiny values (silu(−100) =
 * −3.7e−42), silu(−Infinity) = −0. Max error 4 ULP.
 */
export const silu = elementwise<NoOptions>(REGISTRY.silu);
/** dy · silu'(x) = dy · σ(x)(1 + x(1 − σ(x))). */
export const siluGrad = gradient<NoOptions>(REGISTRY.silu);
/** The same function as silu (Keras's and tfjs-layers's name). */
export const swish = silu;
/** The same function as siluGrad. */
export const swishGrad = siluGrad;

/** tanhshrink: x − tanh(x), with relative accuracy near 0 too (where x − tanh(x) ≈ x³/3). */
export const tanhshrink = elementwise<NoOptions>(REGISTRY.tanhshrink);
/** dy · tanhshrink'(x) = dy · tanh²(x). */
export const tanhshrinkGrad = gradient<NoOptions>(REGISTRY.tanhshrink);

// --- catalogue: log family and gelu ---

// --- catalogue: axis ---
