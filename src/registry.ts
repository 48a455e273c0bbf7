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
  },
  // --- catalogue: piecewise (relu6, hardTanh, hardSigmoid, hardSwish, shrink …) ---

  // --- catalogue: exp family (elu, selu, celu, silu …) ---

  // --- catalogue: log family and gelu (softplus, logSigmoid, mish, gelu …) ---
  softplus: {
    name: 'softplus',
    kind: 'elementwise',
    kernel: 'softplus',
    params: [
      { name: 'beta', default: 1, kind: 'positive', doc: 'Sharpness: log1p(exp(beta·x))/beta (PyTorch). Must be > 0.' },
      { name: 'threshold', default: 20, kind: 'finite', doc: 'Where x·beta > threshold the result is x itself (PyTorch).' },
    ],
    formula: 'x·beta > threshold ? x : log1p(exp(beta·x))/beta (never overflows; softplus(−100) = 3.7e−44 in f32)',
    bound: { f32: { ulp: 3 }, f64: { ulp: 3 } },
    differs:
      "PyTorch's beta and threshold (defaults 1 and 20; x·beta is compared in the array's type). tf.softplus and Keras have no parameters (tf.js switches to x above 13.94 and to exp(x) below −13.94: the same in f32); ONNX's ln(exp(x) + 1) overflows above 88 in f32.",
    grad: { kernel: 'softplus_grad', formula: 'dy · (x·beta > threshold ? 1 : σ(beta·x))', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
  },
  logSigmoid: {
    name: 'logSigmoid',
    kind: 'elementwise',
    kernel: 'log_sigmoid',
    params: [],
    formula: 'log(σ(x)) = min(x, 0) − log1p(exp(−|x|)) (logSigmoid(100) = −3.7e−44 in f32, logSigmoid(−1e30) = −1e30)',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    differs:
      "Where the result rounds to zero (x > 103.97 in f32, +Infinity) it is −0, the sign of −softplus(−x) as tf.js and Keras compute it; PyTorch's min(x, 0) − log1p(exp(−|x|)) gives +0.",
    grad: { kernel: 'log_sigmoid_grad', formula: 'dy · σ(−x)', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
  },
  mish: {
    name: 'mish',
    kind: 'elementwise',
    kernel: 'mish',
    params: [],
    formula: 'x · tanh(softplus(x)) (computed as x·n/(n + 2), n = e(e + 2), e = exp(x), and its 1/e form for x > 0)',
    bound: { f32: { ulp: 4 }, f64: { ulp: 4 } },
    grad: {
      kernel: 'mish_grad',
      formula: 'dy · (tanh(sp) + x·σ(x)·sech²(sp)), sp = softplus(x) (near its zero at x = −1.19 the error is absolute: below 7e−9·|dy| in f32, 1e−17·|dy| in f64)',
      bound: { f32: { ulp: 2, abs: 2.5e-8 }, f64: { ulp: 4, abs: 5e-17 } },
    },
  },
  gelu: {
    name: 'gelu',
    kind: 'elementwise',
    kernel: 'gelu',
    params: [
      {
        name: 'approximate',
        default: 'none',
        kind: ['none', 'tanh'],
        doc: "'none': the exact x·Φ(x); 'tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's names).",
      },
    ],
    formula: "'none': x·Φ(x) = ½x·erfc(−x/√2); 'tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(2√(2/π)(x + 0.044715x³))",
    bound: { f32: { ulp: 3 }, f64: { ulp: 3 } },
    differs:
      "Default approximate 'none' (exact erf form) as PyTorch, ONNX Gelu and keras.activations.gelu; keras.ops.gelu defaults to approximate=True, the tanh form (they differ by up to 1.5e−4 near |x| ≈ 1–2). tf.js core has no gelu (tfjs-layers: 'gelu' exact, 'gelu_new' tanh). Both forms keep relative accuracy in the negative tail (gelu(−10) = −7.6e−23; float32 peers return 0 or noise below x ≈ −4); gelu(−Infinity) = −0.",
    grad: {
      kernel: 'gelu_grad',
      formula: "'none': dy · (Φ(x) + x·φ(x)); 'tanh': dy · (σ(v) + x·v'·σ(v)σ(−v)), v = 2√(2/π)(x + 0.044715x³) (near the zero at x ≈ −0.75 the error is absolute: below 1.2e−8·|dy| in f32, 5e−17·|dy| in f64 for |x + 0.75| < 0.5)",
      bound: { f32: { ulp: 3, abs: 4e-8 }, f64: { ulp: 4, abs: 1.5e-16 } },
    },
  },

  // --- catalogue: axis (logSoftmax …) ---
} as const satisfies Record<string, ActivationSpec>;

export type ActivationName = keyof typeof REGISTRY;

/** Every activation, in the registry's order. */
export const ACTIVATIONS: readonly ActivationSpec[] = Object.values(REGISTRY);
