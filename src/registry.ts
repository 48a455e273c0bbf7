// One description per activation. It drives the public API (src/activations.ts), both backends (the
// `kernel` name is the wasm export stem `<kernel>_f32` / `<kernel>_f64` and the key of the JS twin in
// src/backends/js.ts), the parameterised tests, the accuracy sweep and the README's function table.
// Adding an activation: one kernel in assembly/kernels/, one JS twin, one entry here.

import type { ActivationSpec, SpecBase } from './spec';

export type { ActivationSpec, AxisSpec, ChannelSpec, ElementwiseSpec, ErrorBound, GradSpec, ParamSpec } from './spec';

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
    grad: { kernel: 'step_grad', formula: 'dy · 0: zeros as tf.js, but NaN where x is NaN (and where dy is NaN or ±Infinity)', bound: exact },
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
    grad: { kernel: 'tanh_grad', formula: 'dy · (1 − tanh²(x)), as dy · 4e/(1 + e)², e = exp(−2|x|): accurate in both tails', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
  },
  relu: {
    name: 'relu',
    kind: 'elementwise',
    kernel: 'relu',
    params: [],
    formula: 'x > 0 ? x : 0 (NaN stays NaN)',
    bound: exact,
    grad: { kernel: 'relu_grad', formula: 'dy · (x > 0 ? 1 : 0) (0 at x = 0, as PyTorch and tf.js)', bound: exact },
  },
  leakyRelu: {
    name: 'leakyRelu',
    kind: 'elementwise',
    kernel: 'leaky_relu',
    params: [{ name: 'alpha', default: 0.01, kind: 'finite', doc: 'Slope for x < 0 (PyTorch and ONNX default).' }],
    formula: 'x < 0 ? alpha * x : x',
    bound: exact,
    differs: 'Default alpha 0.01 as in PyTorch and ONNX; tf.leakyRelu defaults to 0.2, Keras layers to 0.3.',
    grad: { kernel: 'leaky_relu_grad', formula: 'dy · (x > 0 ? 1 : alpha) (alpha at x = 0, as PyTorch and tf.js)', bound: exact },
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
  relu6: {
    name: 'relu6',
    kind: 'elementwise',
    kernel: 'relu6',
    params: [],
    formula: 'min(max(x, 0), 6) (relu6(−0) = +0, as relu; NaN stays NaN)',
    bound: exact,
    differs: "The derivative at 6 is 0 as in PyTorch; tf.js's is 1.",
    grad: { kernel: 'relu6_grad', formula: 'dy · (0 < x < 6 ? 1 : 0) (0 at 0 and at 6, as PyTorch)', bound: exact },
  },
  hardTanh: {
    name: 'hardTanh',
    kind: 'elementwise',
    kernel: 'hard_tanh',
    params: [
      { name: 'min', default: -1, kind: 'finite', doc: 'Lower bound (PyTorch min_val).' },
      { name: 'max', default: 1, kind: 'finite', doc: 'Upper bound (PyTorch max_val); must be >= min.' },
    ],
    formula: 'clamp(x, min, max) (x itself inside, so −0 stays −0; NaN stays NaN)',
    bound: exact,
    differs: 'PyTorch hardtanh(min_val, max_val); Keras hard_tanh is fixed to [−1, 1]; ONNX Clip with min > max gives max, here a RangeError.',
    grad: { kernel: 'hard_tanh_grad', formula: 'dy · (min < x < max ? 1 : 0) (0 at both bounds, as PyTorch)', bound: exact },
    check: ([min, max]) => {
      if (min! > max!) throw new RangeError(`options.min (${min}) must be <= options.max (${max})`);
    },
  },
  hardSigmoid: {
    name: 'hardSigmoid',
    kind: 'elementwise',
    kernel: 'hard_sigmoid',
    params: [
      { name: 'alpha', default: 1 / 6, kind: 'positive', doc: 'Slope: 1/6 as PyTorch and Keras 3; 0.2 for ONNX, Keras 2 and tfjs-layers.' },
      { name: 'beta', default: 0.5, kind: 'finite', doc: 'Offset (0.5 everywhere).' },
    ],
    formula: 'max(0, min(1, alpha·x + beta)), evaluated as (x + beta/alpha) / (1/alpha) with both rounded to the array type: exactly (x + 3) / 6 by default, as PyTorch',
    bound: { f32: { ulp: 1 }, f64: { ulp: 1 } },
    differs: 'Defaults alpha = 1/6, beta = 1/2: PyTorch hardsigmoid and Keras 3 (x/6 + 1/2; the kinks exactly at ±3). ONNX HardSigmoid, Keras 2 and tfjs-layers use alpha = 0.2: pass { alpha: 0.2 } ((x + 2.5) / 5). alpha must be > 0.',
    grad: { kernel: 'hard_sigmoid_grad', formula: 'dy · alpha between the kinks, 0 outside and at them (±3 by default, as PyTorch)', bound: exact },
    check: ([alpha, beta]) => {
      if (!(1 / alpha! <= 3.4e38 && Math.abs(beta! / alpha!) <= 3.4e38)) {
        throw new RangeError(`options.alpha (${alpha}) is too small for options.beta (${beta}): 1/alpha and beta/alpha must be below 3.4e38`);
      }
    },
  },
  hardSwish: {
    name: 'hardSwish',
    kind: 'elementwise',
    kernel: 'hard_swish',
    params: [],
    formula: 'x · relu6(x + 3) / 6',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    differs: "x >= 3 gives x exactly and −Infinity gives −0 (PyTorch's f32 kernel overflows to Infinity above 5.7e37 and gives NaN at −Infinity); x <= −3 gives −0 as PyTorch's x · 0.",
    grad: {
      kernel: 'hard_swish_grad',
      formula: "dy · (x < −3 ? 0 : x <= 3 ? x/3 + 1/2 : 1) (PyTorch's formula: −0.5 at −3 and 1.5 at 3, where its vectorised CPU kernel gives 1)",
      bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    },
  },
  softsign: {
    name: 'softsign',
    kind: 'elementwise',
    kernel: 'softsign',
    params: [],
    formula: 'x / (1 + |x|) (±Infinity gives ±1)',
    bound: { f32: { ulp: 1 }, f64: { ulp: 1 } },
    grad: { kernel: 'softsign_grad', formula: 'dy / (1 + |x|)²', bound: { f32: { ulp: 0 }, f64: { ulp: 3 } } },
  },
  hardShrink: {
    name: 'hardShrink',
    kind: 'elementwise',
    kernel: 'hard_shrink',
    params: [{ name: 'lambd', default: 0.5, kind: 'finite', doc: 'Half-width of the band set to 0 (PyTorch lambd); >= 0.' }],
    formula: '−lambd <= x <= lambd ? 0 : x',
    bound: exact,
    differs: 'Keras names lambd threshold; ONNX Shrink(lambd, bias = 0).',
    grad: { kernel: 'shrink_grad', formula: 'dy · (|x| <= lambd ? 0 : 1) (0 at ±lambd, as PyTorch)', bound: exact },
    check: ([lambd]) => {
      if (lambd! < 0) throw new RangeError(`options.lambd must be >= 0, got ${lambd}`);
    },
  },
  softShrink: {
    name: 'softShrink',
    kind: 'elementwise',
    kernel: 'soft_shrink',
    params: [{ name: 'lambd', default: 0.5, kind: 'finite', doc: 'Half-width of the band set to 0 (PyTorch lambd); >= 0.' }],
    formula: 'x > lambd ? x − lambd : x < −lambd ? x + lambd : 0',
    bound: exact,
    differs: 'Keras names lambd threshold; ONNX Shrink(lambd, bias = lambd).',
    grad: { kernel: 'shrink_grad', formula: 'dy · (|x| <= lambd ? 0 : 1) (0 at ±lambd, as PyTorch)', bound: exact },
    check: ([lambd]) => {
      if (lambd! < 0) throw new RangeError(`options.lambd must be >= 0, got ${lambd}`);
    },
  },
  threshold: {
    name: 'threshold',
    kind: 'elementwise',
    kernel: 'threshold',
    params: [
      { name: 'threshold', default: 1, kind: 'finite', doc: 'Inputs above it pass; the others become value.' },
      { name: 'value', default: 0, kind: 'finite', doc: 'Replacement for x <= threshold.' },
    ],
    formula: 'x > threshold ? x : value (NaN stays NaN)',
    bound: exact,
    differs: 'PyTorch F.threshold(x, threshold, value) has no defaults; these (1, 0) are ONNX ThresholdedRelu(alpha = 1) and the Keras / tfjs-layers ThresholdedReLU(theta = 1) layers.',
    grad: { kernel: 'threshold_grad', kernelParams: 1, formula: 'dy · (x > threshold ? 1 : 0) (0 at the threshold, as PyTorch)', bound: exact },
  },
  prelu: {
    name: 'prelu',
    kind: 'channel',
    kernel: 'prelu',
    params: [],
    formula: 'x < 0 ? slopes[c]·x : x, c the index along the channel axis (a single slope applies everywhere)',
    bound: exact,
    differs: "PyTorch's channel axis (1, or 0 for 1-D input, where PyTorch has one channel); ONNX, tf.js and Keras broadcast the slopes numpy-style over trailing axes: pass { axis: -1 } for channels-last.",
    grad: {
      kernel: 'prelu_grad',
      formula: 'dx = dy · (x > 0 ? 1 : slope) (the slope at 0, as PyTorch and tf.js); dslopes[c] = sum of x·dy over x <= 0 (NaN where x is NaN), summed in double',
      bound: exact,
    },
  },

  // --- catalogue: exp family (elu, selu, celu, silu …) ---
  elu: {
    name: 'elu',
    kind: 'elementwise',
    kernel: 'elu',
    params: [{ name: 'alpha', default: 1, kind: 'finite', doc: 'Value approached for x → −∞ is −alpha (PyTorch, Keras and ONNX default 1).' }],
    formula: 'x > 0 ? x : alpha · expm1(x)',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    differs: 'tf.elu has no alpha (tfjs-layers throws for alpha ≠ 1); the gradient at 0 is alpha (PyTorch), where tf.js gives 1.',
    grad: { kernel: 'elu_grad', formula: 'dy · (x > 0 ? 1 : alpha · exp(x)) (alpha at x = 0, as PyTorch)', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
  },
  selu: {
    name: 'selu',
    kind: 'elementwise',
    kernel: 'selu',
    params: [],
    formula: 'scale · (x > 0 ? x : alpha · expm1(x)), alpha = 1.6732632423543772848…, scale = 1.0507009873554804934…',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    differs:
      "PyTorch's, Keras's and tf.js's constants. ONNX Selu's default attributes are their float32 roundings (alpha = 1.67326319217681884765625, gamma = 1.05070102214813232421875): the same for Float32Array, a few ULP apart for Float64Array.",
    grad: { kernel: 'selu_grad', formula: 'dy · scale · (x > 0 ? 1 : alpha · exp(x)) (scale·alpha at x = 0, as PyTorch and tf.js)', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
  },
  celu: {
    name: 'celu',
    kind: 'elementwise',
    kernel: 'celu',
    params: [{ name: 'alpha', default: 1, kind: 'nonzero', doc: 'Scale of the negative branch (PyTorch, Keras and ONNX default 1; 0 is refused, as in PyTorch).' }],
    formula: 'max(0, x) + min(0, alpha · expm1(x / alpha))',
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
    differs: 'Not in tf.js. With alpha = 1 it equals elu.',
    grad: { kernel: 'celu_grad', formula: 'dy · (x > 0 ? 1 : exp(x / alpha)) (1 at x = 0, as PyTorch)', bound: { f32: { ulp: 2 }, f64: { ulp: 2 } } },
  },
  silu: {
    name: 'silu',
    kind: 'elementwise',
    kernel: 'silu',
    params: [],
    formula: 'x · sigmoid(x) (also exported as swish)',
    bound: { f32: { ulp: 3 }, f64: { ulp: 3 } },
    differs: 'No beta, as PyTorch and Keras; ONNX Swish (opset 24) and tfjs-layers swish take one (x · sigmoid(alpha·x)).',
    grad: { kernel: 'silu_grad', formula: 'dy · σ(x) · (1 + x · (1 − σ(x))) (at ±Infinity its limits 1 and 0, where the formula gives NaN as in PyTorch)', bound: { f32: { ulp: 2, abs: 1.5e-8 }, f64: { ulp: 4, abs: 2e-17 } } },
  },
  tanhshrink: {
    name: 'tanhshrink',
    kind: 'elementwise',
    kernel: 'tanhshrink',
    params: [],
    formula: 'x − tanh(x)',
    bound: { f32: { ulp: 1 }, f64: { ulp: 3 } },
    differs: 'Not in tf.js or ONNX (composed there as x − tanh(x), which loses all accuracy near 0).',
    grad: { kernel: 'tanhshrink_grad', formula: 'dy · tanh²(x)', bound: { f32: { ulp: 2 }, f64: { ulp: 3 } } },
  },

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

export { OPTION_ALIASES, type OptionAlias } from './aliases';
