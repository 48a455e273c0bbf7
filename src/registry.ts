// One description per activation. It drives the public API (src/activations.ts), both backends (the
// `kernel` name is the wasm export stem `<kernel>_f32` / `<kernel>_f64` and the key of the JS twin in
// src/backends/js.ts), the parameterised tests, the accuracy sweep and the README's function table.
// Adding an activation: one kernel in assembly/kernels/, one JS twin, one entry here.

/** A numeric option, or one of a set of names (passed to kernels as its index). */
export interface ParamSpec {
  readonly name: string;
  readonly default: number | string;
  /** 'finite': any finite number; 'positive': finite and > 0; a string list: one of those names. */
  readonly kind: 'finite' | 'positive' | readonly string[];
  readonly doc: string;
}

/**
 * The documented maximum error of a result against the exact value rounded to the array's type:
 * `ulp` units in the last place, or, where `abs` is given, an absolute error of at most `abs` is
 * also accepted (near a zero of the function, where ULPs are meaningless).
 */
export interface ErrorBound {
  readonly ulp: number;
  readonly abs?: number;
  /**
   * Axis derivatives: an absolute error of at most `dyUlp` ULP of the line's largest |dy| is also
   * accepted (where dx cancels to far below dy, e.g. dy ≈ exp(y)·sum(dy) in logSoftmaxGrad, and the
   * rounding of a transcendental term is no longer small relative to dx).
   */
  readonly dyUlp?: number;
}

interface SpecBase {
  /** Public name: the exported function. */
  readonly name: string;
  /** Kernel stem shared by both backends. */
  readonly kernel: string;
  readonly params: readonly ParamSpec[];
  /** Definition, as the README shows it. */
  readonly formula: string;
  readonly bound: { readonly f32: ErrorBound; readonly f64: ErrorBound };
  /** Where the definition or default differs from tf.js / PyTorch, for the README. */
  readonly differs?: string;
  /**
   * The derivative, exported as `<name>Grad`. Elementwise: dx = dy · f'(x; params), kernel
   * `<kernel>_<type>(x, dy, dx, n, ...params)`. Axis functions take the forward output y instead of
   * x, as PyTorch's backward does.
   */
  readonly grad?: GradSpec;
}

export interface GradSpec {
  readonly kernel: string;
  /** The derivative's formula (and its convention at kinks), for the README. */
  readonly formula: string;
  readonly bound: { readonly f32: ErrorBound; readonly f64: ErrorBound };
}

/** y[i] = f(x[i]; params). */
export interface ElementwiseSpec extends SpecBase {
  readonly kind: 'elementwise';
}

/** Normalised along one axis of a row-major N-d array (`shape`, `axis` options). */
export interface AxisSpec extends SpecBase {
  readonly kind: 'axis';
}

export type ActivationSpec = ElementwiseSpec | AxisSpec;

const exact: SpecBase['bound'] = { f32: { ulp: 0 }, f64: { ulp: 0 } };

export const REGISTRY = {
  step: {
    name: 'step',
    kind: 'elementwise',
    kernel: 'step',
    params: [],
    formula: 'x >= 0 ? 1 : 0 (step(-0) = 1; NaN stays NaN)',
    bound: exact,
    differs: 'tf.step(x) gives alpha = 0 at x = 0; PyTorch has heaviside(x, values) with no default.',
  },
  sigmoid: {
    name: 'sigmoid',
    kind: 'elementwise',
    kernel: 'sigmoid',
    params: [],
    formula: '1 / (1 + exp(-x))',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    grad: { kernel: 'sigmoid_grad', formula: "dy · σ(x)·(1 − σ(x))", bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
  },
  tanh: {
    name: 'tanh',
    kind: 'elementwise',
    kernel: 'tanh',
    params: [],
    formula: 'tanh(x)',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  },
  relu: {
    name: 'relu',
    kind: 'elementwise',
    kernel: 'relu',
    params: [],
    formula: 'x > 0 ? x : 0 (NaN stays NaN)',
    bound: exact,
  },
  leakyRelu: {
    name: 'leakyRelu',
    kind: 'elementwise',
    kernel: 'leaky_relu',
    params: [{ name: 'alpha', default: 0.01, kind: 'finite', doc: 'Slope for x < 0 (PyTorch and ONNX default).' }],
    formula: 'x < 0 ? alpha * x : x',
    bound: exact,
    differs: 'Default alpha 0.01 as in PyTorch and ONNX; tf.leakyRelu defaults to 0.2, Keras layers to 0.3.',
  },
  softmax: {
    name: 'softmax',
    kind: 'axis',
    kernel: 'softmax',
    params: [],
    formula: 'exp(x - max) / sum(exp(x - max)) along axis',
    bound: { f32: { ulp: 4 }, f64: { ulp: 4 } },
    differs: 'Any axis (tf.softmax refuses all but the last); a NaN or +Infinity anywhere makes the row NaN, as in PyTorch.',
    grad: {
      kernel: 'softmax_grad',
      formula: 'y · (dy − sum(y · dy)) along axis, from the output y (as PyTorch)',
      // f64: where dy ≈ sum(y·dy) to 2^−60 and closer, dx is below the compensated sum's resolution
      // (about n·2^−54 ULP of max|dy|: 2^−40 for lines of 10,000; 2.8e−16 measured).
      bound: { f32: { ulp: 1 }, f64: { ulp: 2, dyUlp: 2 ** -40 } },
    },
  },
  // --- catalogue: piecewise (relu6, hardTanh, hardSigmoid, hardSwish, shrink …) ---

  // --- catalogue: exp family (elu, selu, celu, silu …) ---

  // --- catalogue: log family and gelu (softplus, logSigmoid, mish, gelu …) ---

  // --- catalogue: axis (logSoftmax …) ---
  logSoftmax: {
    name: 'logSoftmax',
    kind: 'axis',
    kernel: 'log_softmax',
    params: [],
    formula: '(x - max) - log(sum(exp(x - max))) along axis',
    bound: { f32: { ulp: 2 }, f64: { ulp: 3 } },
    differs: 'Any axis (tf.logSoftmax refuses all but the last); a NaN or +Infinity anywhere makes the row NaN and −Infinity gives −Infinity, as in PyTorch.',
    grad: {
      kernel: 'log_softmax_grad',
      formula: 'dy − exp(y) · sum(dy) along axis, from the output y (as PyTorch)',
      // Where dy ≈ exp(y)·sum(dy), dx cancels and the f64 rounding of exp(y)·sum(dy) remains: f32
      // within 2^−28 ULP of max|dy| (2^−29 measured), f64 within 4 ULP of max|dy| (3 measured).
      bound: { f32: { ulp: 1, dyUlp: 2 ** -28 }, f64: { ulp: 4, dyUlp: 4 } },
    },
  },
} as const satisfies Record<string, ActivationSpec>;

export type ActivationName = keyof typeof REGISTRY;

/** Every activation, in the registry's order. */
export const ACTIVATIONS: readonly ActivationSpec[] = Object.values(REGISTRY);
