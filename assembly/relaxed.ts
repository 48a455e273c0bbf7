// The list of kernels that have a relaxed-SIMD variant, as the relaxed module
// (build/activations-relaxed.wasm): the f32 kernels whose time goes to the exp / expm1 cores, compiled
// with --enable relaxed-simd so that those cores' multiply-adds are f32x4.relaxed_madd (see
// math/madd.ts). It imports the main module's memory and has no memory of its own, no data and no
// start function. What ships is not this module: scripts/split-modules.mjs names these exports
// relaxed:<kernel> in each activation's module, built from assembly/index.ts with relaxed SIMD, and the
// loader uses those exports in place of the plain ones (src/backend.ts). Its madd probe is the
// relaxed core's (build/modules/core-relaxed.wasm).

export { madd_probe_f32 } from './math/madd'; // backendInfo().fusedMultiplyAdd

// ---- exp family ----
export { sigmoid_f32, sigmoid_grad_f32 } from './kernels/sigmoid';
export { tanh_f32, tanh_grad_f32 } from './kernels/tanh';
export { elu_f32, elu_grad_f32, selu_f32, selu_grad_f32, celu_f32, celu_grad_f32, silu_f32, silu_grad_f32 } from './kernels/exp-family';

// ---- log family: softplus' = sigmoid(beta·x) and logSigmoid' = sigmoid(−x), the sigmoid core again,
//      whose time is the exp core's; the log1p-bound forwards gain too little from a fused madd and
//      stay in the main module (docs/kernels.md, "Measurements behind the kernels") ----
export { softplus_grad_f32, log_sigmoid_grad_f32 } from './kernels/log-family';

// ---- softmax family ----
export { softmax_rows_f32, softmax_cols_f32, softmax_max_f32, softmax_sumexp_f32, softmax_rescale_f32 } from './kernels/softmax';
// softmin runs softmax's kernels on −x: relaxed with them, so that it stays softmax(−x) bit for bit
export { softmin_rows_f32, softmin_cols_f32, softmin_max_f32, softmin_sumexp_f32, softmin_rescale_f32 } from './kernels/softmin';
export {
  log_softmax_rows_f32, log_softmax_cols_f32, log_softmax_max_f32, log_softmax_sumexp_f32, log_softmax_count_f32, log_softmax_shift_f32,
} from './kernels/log-softmax';
