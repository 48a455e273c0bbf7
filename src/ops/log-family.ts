// The log family, on the log1p cores. Kernels: assembly/kernels/log-family.ts; js twins:
// src/backends/js.ts.

import type { ElementwiseSpec } from '../spec';
import * as twin from '../backends/js';
import { fusedModule, wasmModule } from '../backends/module';
import softplusWasm from '../../build/modules/softplus.wasm';
import logSigmoidWasm from '../../build/modules/logSigmoid.wasm';
import mishWasm from '../../build/modules/mish.wasm';

export const SOFTPLUS = {
  name: 'softplus',
  kind: 'elementwise',
  kernel: 'softplus',
  wasm: /* @__PURE__ */ fusedModule('softplus', softplusWasm),
  js: twin.softplus,
  params: [
    { name: 'beta', default: 1, kind: 'positive', doc: 'Sharpness: log1p(exp(beta·x))/beta (PyTorch). Must be > 0.' },
    { name: 'threshold', default: 20, kind: 'finite', doc: 'Where x·beta > threshold the result is x itself (PyTorch).' },
  ],
  formula: 'x·beta > threshold ? x : log1p(exp(beta·x))/beta (never overflows; softplus(−100) = 3.7e−44 in f32)',
  bound: { f32: { ulp: 3 }, f64: { ulp: 3 } },
  differs:
    "PyTorch's beta and threshold (defaults 1 and 20; x·beta is compared in the array's type). tf.softplus and Keras have no parameters (tf.js switches to x above 13.94 and to exp(x) below −13.94: the same in f32); ONNX's ln(exp(x) + 1) overflows above 88 in f32.",
  grad: { kernel: 'softplus_grad', js: twin.softplus_grad, formula: 'dy · (x·beta > threshold ? 1 : σ(beta·x))', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const LOG_SIGMOID = {
  name: 'logSigmoid',
  kind: 'elementwise',
  kernel: 'log_sigmoid',
  wasm: /* @__PURE__ */ fusedModule('logSigmoid', logSigmoidWasm),
  js: twin.log_sigmoid,
  params: [],
  formula: 'log(σ(x)) = min(x, 0) − log1p(exp(−|x|)) (logSigmoid(100) = −3.7e−44 in f32, logSigmoid(−1e30) = −1e30)',
  bound: { f32: { ulp: 2 }, f64: { ulp: 2 } },
  differs:
    "Where the result rounds to zero (x > 103.97 in f32, +Infinity) it is −0, the sign of −softplus(−x) as tf.js and Keras compute it; PyTorch's min(x, 0) − log1p(exp(−|x|)) gives +0.",
  grad: { kernel: 'log_sigmoid_grad', js: twin.log_sigmoid_grad, formula: 'dy · σ(−x)', bound: { f32: { ulp: 3 }, f64: { ulp: 3 } } },
} as const satisfies ElementwiseSpec;

export const MISH = {
  name: 'mish',
  kind: 'elementwise',
  kernel: 'mish',
  wasm: /* @__PURE__ */ wasmModule('mish', mishWasm),
  js: twin.mish,
  params: [],
  formula: 'x · tanh(softplus(x)) (computed as x·n/(n + 2), n = e(e + 2), e = exp(x), and its 1/e form for x > 0)',
  bound: { f32: { ulp: 4 }, f64: { ulp: 4 } },
  grad: {
    kernel: 'mish_grad',
    js: twin.mish_grad,
    formula: 'dy · (tanh(sp) + x·σ(x)·sech²(sp)), sp = softplus(x) (near its zero at x = −1.19 the error is absolute: below 7e−9·|dy| in f32, 1e−17·|dy| in f64)',
    bound: { f32: { ulp: 2, abs: 2.5e-8 }, f64: { ulp: 4, abs: 5e-17 } },
  },
} as const satisfies ElementwiseSpec;
