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

// --- catalogue: log family and gelu ---

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
 */
export const softplus = elementwise<SoftplusOptions>(REGISTRY.softplus);
/** dy · softplus'(x) = dy · σ(beta·x), dy where x·beta > threshold. */
export const softplusGrad = gradient<SoftplusOptions>(REGISTRY.softplus);

/** log(σ(x)) = −softplus(−x), accurate in both tails (logSigmoid(100) = −3.7e−44 in f32). */
export const logSigmoid = elementwise<NoOptions>(REGISTRY.logSigmoid);
/** dy · logSigmoid'(x) = dy · σ(−x). */
export const logSigmoidGrad = gradient<NoOptions>(REGISTRY.logSigmoid);

/** mish(x) = x · tanh(softplus(x)). */
export const mish = elementwise<NoOptions>(REGISTRY.mish);
/** dy · mish'(x) = dy · (tanh(sp) + x·σ(x)·sech²(sp)), sp = softplus(x). */
export const mishGrad = gradient<NoOptions>(REGISTRY.mish);

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
 */
export const gelu = elementwise<GeluOptions>(REGISTRY.gelu);
/** dy · gelu'(x): dy · (Φ(x) + x·φ(x)), or the tanh form's derivative. */
export const geluGrad = gradient<GeluOptions>(REGISTRY.gelu);

// --- catalogue: axis ---
