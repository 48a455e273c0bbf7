// gelu, exact (on the erfc cores) and approximate = 'tanh'. Kernels: assembly/kernels/gelu.ts;
// js twins: src/backends/js.ts (helpers in js-math.ts).

import type { ElementwiseSpec, SpecBase } from '../spec';
import * as twin from '../backends/js';
import { wasmModule } from '../backends/module';
import geluWasm from '../../build/modules/gelu.wasm';

const exact: SpecBase['bound'] = { f32: { ulp: 0 }, f64: { ulp: 0 } };

export const GELU = {
  name: 'gelu',
  kind: 'elementwise',
  kernel: 'gelu',
  wasm: /* @__PURE__ */ wasmModule('gelu', geluWasm),
  js: twin.gelu,
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
    js: twin.gelu_grad,
    formula: "'none': dy · (Φ(x) + x·φ(x)); 'tanh': dy · (σ(v) + x·v'·σ(v)σ(−v)), v = 2√(2/π)(x + 0.044715x³) (near the zero at x ≈ −0.75 the error is absolute: below 1.2e−8·|dy| in f32, 5e−17·|dy| in f64 for |x + 0.75| < 0.5)",
    bound: { f32: { ulp: 3, abs: 4e-8 }, f64: { ulp: 4, abs: 1.5e-16 } },
  },
} as const satisfies ElementwiseSpec;
