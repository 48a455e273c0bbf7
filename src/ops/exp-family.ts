// The exp family, on the exp and expm1 cores. Kernels: assembly/kernels/sigmoid.ts, tanh.ts,
// exp-family.ts, tanhshrink.ts; js twins: src/backends/js.ts (helpers in js-exp-family.ts).

import type { ElementwiseSpec } from '../spec';
import * as twin from '../backends/js';
import { fusedModule, wasmModule } from '../backends/module';
import sigmoidWasm from '../../build/modules/sigmoid.wasm';
import tanhWasm from '../../build/modules/tanh.wasm';
import eluWasm from '../../build/modules/elu.wasm';
import seluWasm from '../../build/modules/selu.wasm';
import celuWasm from '../../build/modules/celu.wasm';
import siluWasm from '../../build/modules/silu.wasm';
import tanhshrinkWasm from '../../build/modules/tanhshrink.wasm';

export const SIGMOID = {
  name: 'sigmoid',
  kind: 'elementwise',
  kernel: 'sigmoid',
  wasm: /* @__PURE__ */ fusedModule('sigmoid', sigmoidWasm),
  js: twin.sigmoid,
  params: [],
  formula: '1 / (1 + exp(-x))',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  grad: { kernel: 'sigmoid_grad', js: twin.sigmoid_grad, formula: "dy · σ(x)·(1 − σ(x))", bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const TANH = {
  name: 'tanh',
  kind: 'elementwise',
  kernel: 'tanh',
  wasm: /* @__PURE__ */ fusedModule('tanh', tanhWasm),
  js: twin.tanh,
  params: [],
  formula: 'tanh(x)',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  grad: { kernel: 'tanh_grad', js: twin.tanh_grad, formula: 'dy · (1 − tanh²(x)), as dy · 4e/(1 + e)², e = exp(−2|x|): accurate in both tails', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const ELU = {
  name: 'elu',
  kind: 'elementwise',
  kernel: 'elu',
  wasm: /* @__PURE__ */ fusedModule('elu', eluWasm),
  js: twin.elu,
  params: [{ name: 'alpha', default: 1, kind: 'finite', doc: 'Value approached for x → −∞ is −alpha (PyTorch, Keras and ONNX default 1).' }],
  formula: 'x > 0 ? x : alpha · expm1(x)',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  differs: 'tf.elu has no alpha (tfjs-layers throws for alpha ≠ 1); the gradient at 0 is alpha (PyTorch), where tf.js gives 1.',
  grad: { kernel: 'elu_grad', js: twin.elu_grad, formula: 'dy · (x > 0 ? 1 : alpha · exp(x)) (alpha at x = 0, as PyTorch)', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const SELU = {
  name: 'selu',
  kind: 'elementwise',
  kernel: 'selu',
  wasm: /* @__PURE__ */ fusedModule('selu', seluWasm),
  js: twin.selu,
  params: [],
  formula: 'scale · (x > 0 ? x : alpha · expm1(x)), alpha = 1.6732632423543772848…, scale = 1.0507009873554804934…',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  differs:
    "PyTorch's, Keras's and tf.js's constants. ONNX Selu's default attributes are their float32 roundings (alpha = 1.67326319217681884765625, gamma = 1.05070102214813232421875): the same for Float32Array, a few ULP apart for Float64Array.",
  grad: { kernel: 'selu_grad', js: twin.selu_grad, formula: 'dy · scale · (x > 0 ? 1 : alpha · exp(x)) (scale·alpha at x = 0, as PyTorch and tf.js)', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const CELU = {
  name: 'celu',
  kind: 'elementwise',
  kernel: 'celu',
  wasm: /* @__PURE__ */ fusedModule('celu', celuWasm),
  js: twin.celu,
  params: [{ name: 'alpha', default: 1, kind: 'nonzero', doc: 'Scale of the negative branch (PyTorch, Keras and ONNX default 1; 0 is refused, as in PyTorch).' }],
  formula: 'max(0, x) + min(0, alpha · expm1(x / alpha))',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  differs: 'Not in tf.js. With alpha = 1 it equals elu.',
  grad: { kernel: 'celu_grad', js: twin.celu_grad, formula: 'dy · (x > 0 ? 1 : exp(x / alpha)) (1 at x = 0, as PyTorch)', bound: { f32: { ulp: 2 }, f64: { ulp: 2 } } },
} as const satisfies ElementwiseSpec;

export const SILU = {
  name: 'silu',
  kind: 'elementwise',
  kernel: 'silu',
  wasm: /* @__PURE__ */ fusedModule('silu', siluWasm),
  js: twin.silu,
  params: [],
  formula: 'x · sigmoid(x) (also exported as swish)',
  bound: { f32: { ulp: 3 }, f64: { ulp: 3 } },
  differs: 'No beta, as PyTorch and Keras; ONNX Swish (opset 24) and tfjs-layers swish take one (x · sigmoid(alpha·x)).',
  grad: { kernel: 'silu_grad', js: twin.silu_grad, formula: 'dy · σ(x) · (1 + x · (1 − σ(x))) (at ±Infinity its limits 1 and 0, where the formula gives NaN as in PyTorch)', bound: { f32: { ulp: 2, abs: 1.5e-8 }, f64: { ulp: 4, abs: 2e-17 } } },
} as const satisfies ElementwiseSpec;

export const TANHSHRINK = {
  name: 'tanhshrink',
  kind: 'elementwise',
  kernel: 'tanhshrink',
  wasm: /* @__PURE__ */ wasmModule('tanhshrink', tanhshrinkWasm),
  js: twin.tanhshrink,
  params: [],
  formula: 'x − tanh(x)',
  bound: { f32: { ulp: 1 }, f64: { ulp: 3 } },
  differs: 'Not in tf.js or ONNX (composed there as x − tanh(x), which loses all accuracy near 0).',
  grad: { kernel: 'tanhshrink_grad', js: twin.tanhshrink_grad, formula: 'dy · tanh²(x)', bound: { f32: { ulp: 2 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;
