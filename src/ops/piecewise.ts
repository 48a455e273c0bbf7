// The piecewise family: exact, or a few roundings. Kernels: assembly/kernels/relu.ts and
// piecewise.ts; js twins: src/backends/js.ts.

import type { ElementwiseSpec, SpecBase } from '../spec';
import * as twin from '../backends/js';
import { wasmModule } from '../backends/module';
import stepWasm from '../../build/modules/step.wasm';
import reluWasm from '../../build/modules/relu.wasm';
import leakyReluWasm from '../../build/modules/leakyRelu.wasm';
import relu6Wasm from '../../build/modules/relu6.wasm';
import hardTanhWasm from '../../build/modules/hardTanh.wasm';
import hardSigmoidWasm from '../../build/modules/hardSigmoid.wasm';
import hardSwishWasm from '../../build/modules/hardSwish.wasm';
import softsignWasm from '../../build/modules/softsign.wasm';
import hardShrinkWasm from '../../build/modules/hardShrink.wasm';
import softShrinkWasm from '../../build/modules/softShrink.wasm';
import thresholdWasm from '../../build/modules/threshold.wasm';

const exact: SpecBase['bound'] = { f32: { ulp: 0 }, f64: { ulp: 0 } };

export const STEP = {
  name: 'step',
  kind: 'elementwise',
  kernel: 'step',
  jsBelow: { f32: 96, f64: 96 },
  wasm: /* @__PURE__ */ wasmModule('step', stepWasm),
  js: twin.step,
  params: [],
  formula: 'x >= 0 ? 1 : 0 (step(-0) = 1; NaN stays NaN)',
  bound: exact,
  differs: 'tf.step(x) gives alpha = 0 at x = 0; PyTorch has heaviside(x, values) with no default.',
  grad: { kernel: 'step_grad', jsBelow: { f32: 96, f64: 96 }, js: twin.step_grad, formula: 'dy · 0: zeros as tf.js, but NaN where x is NaN (and where dy is NaN or ±Infinity)', bound: exact },
} as const satisfies ElementwiseSpec;

export const RELU = {
  name: 'relu',
  kind: 'elementwise',
  kernel: 'relu',
  jsBelow: { f32: 96, f64: 96 },
  wasm: /* @__PURE__ */ wasmModule('relu', reluWasm),
  js: twin.relu,
  params: [],
  formula: 'x > 0 ? x : 0 (NaN stays NaN)',
  bound: exact,
  grad: { kernel: 'relu_grad', jsBelow: { f32: 192, f64: 96 }, js: twin.relu_grad, formula: 'dy · (x > 0 ? 1 : 0) (0 at x = 0, as PyTorch and tf.js)', bound: exact },
} as const satisfies ElementwiseSpec;

/** leakyRelu's module also holds prelu's kernels (src/ops/prelu.ts), which run leaky_relu on runs of one channel. */
export const LEAKY_RELU_WASM = /* @__PURE__ */ wasmModule('leakyRelu', leakyReluWasm);

export const LEAKY_RELU = {
  name: 'leakyRelu',
  kind: 'elementwise',
  kernel: 'leaky_relu',
  jsBelow: { f32: 96, f64: 64 },
  wasm: LEAKY_RELU_WASM,
  js: twin.leaky_relu,
  params: [{ name: 'alpha', default: 0.01, kind: 'finite', doc: 'Slope for x < 0 (PyTorch and ONNX default).' }],
  formula: 'x < 0 ? alpha * x : x',
  bound: exact,
  differs: 'Default alpha 0.01 as in PyTorch and ONNX; tf.leakyRelu defaults to 0.2, Keras layers to 0.3.',
  grad: { kernel: 'leaky_relu_grad', jsBelow: { f32: 128, f64: 96 }, js: twin.leaky_relu_grad, formula: 'dy · (x > 0 ? 1 : alpha) (alpha at x = 0, as PyTorch and tf.js)', bound: exact },
} as const satisfies ElementwiseSpec;

export const RELU6 = {
  name: 'relu6',
  kind: 'elementwise',
  kernel: 'relu6',
  jsBelow: { f32: 96, f64: 128 },
  wasm: /* @__PURE__ */ wasmModule('relu6', relu6Wasm),
  js: twin.relu6,
  params: [],
  formula: 'min(max(x, 0), 6) (relu6(−0) = +0, as relu; NaN stays NaN)',
  bound: exact,
  differs: "The derivative at 6 is 0 as in PyTorch; tf.js's is 1.",
  grad: { kernel: 'relu6_grad', jsBelow: { f32: 192, f64: 96 }, js: twin.relu6_grad, formula: 'dy · (0 < x < 6 ? 1 : 0) (0 at 0 and at 6, as PyTorch)', bound: exact },
} as const satisfies ElementwiseSpec;

export const HARD_TANH = {
  name: 'hardTanh',
  kind: 'elementwise',
  kernel: 'hard_tanh',
  jsBelow: { f32: 64, f64: 96 },
  wasm: /* @__PURE__ */ wasmModule('hardTanh', hardTanhWasm),
  js: twin.hard_tanh,
  params: [
    { name: 'min', default: -1, kind: 'finite', doc: 'Lower bound (PyTorch min_val).' },
    { name: 'max', default: 1, kind: 'finite', doc: 'Upper bound (PyTorch max_val); must be >= min.' },
  ],
  formula: 'clamp(x, min, max) (x itself inside, so −0 stays −0; NaN stays NaN)',
  bound: exact,
  differs: 'PyTorch hardtanh(min_val, max_val); Keras hard_tanh is fixed to [−1, 1]; ONNX Clip with min > max gives max, here a RangeError.',
  grad: { kernel: 'hard_tanh_grad', jsBelow: { f32: 128, f64: 96 }, js: twin.hard_tanh_grad, formula: 'dy · (min < x < max ? 1 : 0) (0 at both bounds, as PyTorch)', bound: exact },
  check: ([min, max]) => {
    if (min! > max!) throw new RangeError(`options.min (${min}) must be <= options.max (${max})`);
  },
} as const satisfies ElementwiseSpec;

export const HARD_SIGMOID = {
  name: 'hardSigmoid',
  kind: 'elementwise',
  kernel: 'hard_sigmoid',
  jsBelow: { f32: 64, f64: 128 },
  wasm: /* @__PURE__ */ wasmModule('hardSigmoid', hardSigmoidWasm),
  js: twin.hard_sigmoid,
  params: [
    { name: 'alpha', default: 0.16666666666666666 /* 1/6, as a literal: a bundler keeps a description whose value it must compute */, kind: 'positive', doc: 'Slope: 1/6 as PyTorch and Keras 3; 0.2 for ONNX, Keras 2 and tfjs-layers.' },
    { name: 'beta', default: 0.5, kind: 'finite', doc: 'Offset (0.5 everywhere).' },
  ],
  formula: 'max(0, min(1, alpha·x + beta)), evaluated as (x + beta/alpha) / (1/alpha) with both rounded to the array type: exactly (x + 3) / 6 by default, as PyTorch',
  bound: { f32: { ulp: 1 }, f64: { ulp: 1 } },
  differs: 'Defaults alpha = 1/6, beta = 1/2: PyTorch hardsigmoid and Keras 3 (x/6 + 1/2; the kinks exactly at ±3). ONNX HardSigmoid, Keras 2 and tfjs-layers use alpha = 0.2: pass { alpha: 0.2 } ((x + 2.5) / 5). alpha must be > 0.',
  grad: { kernel: 'hard_sigmoid_grad', jsBelow: { f32: 128, f64: 64 }, js: twin.hard_sigmoid_grad, formula: 'dy · alpha between the kinks, 0 outside and at them (±3 by default, as PyTorch)', bound: exact },
  check: ([alpha, beta]) => {
    if (!(1 / alpha! <= 3.4e38 && Math.abs(beta! / alpha!) <= 3.4e38)) {
      throw new RangeError(`options.alpha (${alpha}) is too small for options.beta (${beta}): 1/alpha and beta/alpha must be below 3.4e38`);
    }
  },
} as const satisfies ElementwiseSpec;

export const HARD_SWISH = {
  name: 'hardSwish',
  kind: 'elementwise',
  kernel: 'hard_swish',
  jsBelow: { f32: 96, f64: 64 },
  wasm: /* @__PURE__ */ wasmModule('hardSwish', hardSwishWasm),
  js: twin.hard_swish,
  params: [],
  formula: 'x · relu6(x + 3) / 6',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  differs: "x >= 3 gives x exactly and −Infinity gives −0 (PyTorch's f32 kernel overflows to Infinity above 5.7e37 and gives NaN at −Infinity); x <= −3 gives −0 as PyTorch's x · 0.",
  grad: {
    kernel: 'hard_swish_grad',
    jsBelow: { f32: 192, f64: 192 },
    js: twin.hard_swish_grad,
    formula: "dy · (x < −3 ? 0 : x <= 3 ? x/3 + 1/2 : 1) (PyTorch's formula: −0.5 at −3 and 1.5 at 3, where its vectorised CPU kernel gives 1)",
    bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  },
} as const satisfies ElementwiseSpec;

export const SOFTSIGN = {
  name: 'softsign',
  kind: 'elementwise',
  kernel: 'softsign',
  jsBelow: { f32: 64, f64: 128 },
  wasm: /* @__PURE__ */ wasmModule('softsign', softsignWasm),
  js: twin.softsign,
  params: [],
  formula: 'x / (1 + |x|) (±Infinity gives ±1)',
  bound: { f32: { ulp: 1 }, f64: { ulp: 1 } },
  grad: { kernel: 'softsign_grad', jsBelow: { f32: 128, f64: 192 }, js: twin.softsign_grad, formula: 'dy / (1 + |x|)²', bound: { f32: { ulp: 0 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const HARD_SHRINK = {
  name: 'hardShrink',
  kind: 'elementwise',
  kernel: 'hard_shrink',
  jsBelow: { f32: 128, f64: 96 },
  wasm: /* @__PURE__ */ wasmModule('hardShrink', hardShrinkWasm),
  js: twin.hard_shrink,
  params: [{ name: 'lambd', default: 0.5, kind: 'finite', doc: 'Half-width of the band set to 0 (PyTorch lambd); >= 0.' }],
  formula: '−lambd <= x <= lambd ? 0 : x',
  bound: exact,
  differs: 'Keras names lambd threshold; ONNX Shrink(lambd, bias = 0).',
  grad: { kernel: 'shrink_grad', jsBelow: { f32: 128, f64: 96 }, js: twin.shrink_grad, formula: 'dy · (|x| <= lambd ? 0 : 1) (0 at ±lambd, as PyTorch)', bound: exact },
  check: ([lambd]) => {
    if (lambd! < 0) throw new RangeError(`options.lambd must be >= 0, got ${lambd}`);
  },
} as const satisfies ElementwiseSpec;

export const SOFT_SHRINK = {
  name: 'softShrink',
  kind: 'elementwise',
  kernel: 'soft_shrink',
  jsBelow: { f32: 96, f64: 64 },
  wasm: /* @__PURE__ */ wasmModule('softShrink', softShrinkWasm),
  js: twin.soft_shrink,
  params: [{ name: 'lambd', default: 0.5, kind: 'finite', doc: 'Half-width of the band set to 0 (PyTorch lambd); >= 0.' }],
  formula: 'x > lambd ? x − lambd : x < −lambd ? x + lambd : 0',
  bound: exact,
  differs: 'Keras names lambd threshold; ONNX Shrink(lambd, bias = lambd).',
  grad: { kernel: 'shrink_grad', jsBelow: { f32: 128, f64: 96 }, js: twin.shrink_grad, formula: 'dy · (|x| <= lambd ? 0 : 1) (0 at ±lambd, as PyTorch)', bound: exact },
  check: ([lambd]) => {
    if (lambd! < 0) throw new RangeError(`options.lambd must be >= 0, got ${lambd}`);
  },
} as const satisfies ElementwiseSpec;

export const THRESHOLD = {
  name: 'threshold',
  kind: 'elementwise',
  kernel: 'threshold',
  jsBelow: { f32: 64, f64: 64 },
  wasm: /* @__PURE__ */ wasmModule('threshold', thresholdWasm),
  js: twin.threshold,
  params: [
    { name: 'threshold', default: 1, kind: 'finite', doc: 'Inputs above it pass; the others become value.' },
    { name: 'value', default: 0, kind: 'finite', doc: 'Replacement for x <= threshold.' },
  ],
  formula: 'x > threshold ? x : value (NaN stays NaN)',
  bound: exact,
  differs: 'PyTorch F.threshold(x, threshold, value) has no defaults; these (1, 0) are ONNX ThresholdedRelu(alpha = 1) and the Keras / tfjs-layers ThresholdedReLU(theta = 1) layers.',
  grad: { kernel: 'threshold_grad', jsBelow: { f32: 128, f64: 96 }, js: twin.threshold_grad, kernelParams: 1, formula: 'dy · (x > threshold ? 1 : 0) (0 at the threshold, as PyTorch)', bound: exact },
} as const satisfies ElementwiseSpec;
