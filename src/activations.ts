// The public activation functions, one line each from the registry. Every function has the shape
// fn(x, options?) → result; see src/types.ts for `out`, src/registry.ts for definitions and bounds.

import { alongAxis, axisGradient, elementwise, gradient } from './dispatch';
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

// --- catalogue: log family and gelu ---

// --- catalogue: axis ---

/**
 * Log-softmax along any axis of a row-major N-d array: (x − max) − log(sum(exp(x − max))).
 * Relative accuracy everywhere, also at a peaked row's max where the result is −log1p(tiny); a NaN or
 * +Infinity in a row makes the row NaN, −Infinity gives −Infinity, as in PyTorch.
 */
export const logSoftmax = alongAxis(REGISTRY.logSoftmax);

/**
 * The derivative of softmax from its OUTPUT y (as PyTorch's backward): dx = y·(dy − sum(y·dy)) along
 * the axis, with softmax's `shape` and `axis`. The sum is carried to about 2^−100, so dx keeps
 * relative accuracy also where it cancels.
 */
export const softmaxGrad = axisGradient(REGISTRY.softmax);

/**
 * The derivative of logSoftmax from its OUTPUT y (as PyTorch's backward): dx = dy − exp(y)·sum(dy)
 * along the axis, with logSoftmax's `shape` and `axis`.
 */
export const logSoftmaxGrad = axisGradient(REGISTRY.logSoftmax);
