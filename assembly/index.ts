// The exports the wrapper (src/backends/wasm.ts) calls, and nothing else, by family.
// Naming: <kernel>_<type>(src, dst, n, ...params) for a function and <kernel>_grad_<type>(x, dy, dst, n,
// ...params) for its derivative; pointers into linear memory, dst may equal src (or x, dy).

// ---- memory and machine ----

export { SCRATCH_BYTES } from './memory';
import { SCRATCH } from './memory';

/** Address of the scratch region (see memory.ts). */
export function scratch(): usize {
  return SCRATCH;
}

/** First free byte after static data: where the zero-copy heap may begin. */
export function heap_base(): usize {
  return __heap_base;
}

export { madd_probe_f32 } from './math/madd'; // backendInfo().fusedMultiplyAdd

// ---- piecewise: exact, or a few roundings (kernels/relu.ts, kernels/piecewise.ts) ----

export {
  step_f32, step_f64, step_grad_f32, step_grad_f64,
  relu_f32, relu_f64, relu_grad_f32, relu_grad_f64,
  leaky_relu_f32, leaky_relu_f64, leaky_relu_grad_f32, leaky_relu_grad_f64,
} from './kernels/relu';
export {
  relu6_f32, relu6_f64, relu6_grad_f32, relu6_grad_f64,
  hard_tanh_f32, hard_tanh_f64, hard_tanh_grad_f32, hard_tanh_grad_f64,
  hard_sigmoid_f32, hard_sigmoid_f64, hard_sigmoid_grad_f32, hard_sigmoid_grad_f64,
  hard_swish_f32, hard_swish_f64, hard_swish_grad_f32, hard_swish_grad_f64,
  softsign_f32, softsign_f64, softsign_grad_f32, softsign_grad_f64,
  hard_shrink_f32, hard_shrink_f64, soft_shrink_f32, soft_shrink_f64, shrink_grad_f32, shrink_grad_f64,
  threshold_f32, threshold_f64, threshold_grad_f32, threshold_grad_f64,
} from './kernels/piecewise';

// ---- prelu: a slope per channel (runs of one channel go through leaky_relu_<t>) ----

export { prelu_f32, prelu_f64, prelu_grad_f32, prelu_grad_f64, prelu_grad_run_f32, prelu_grad_run_f64 } from './kernels/piecewise';

// ---- exp family: on the exp and expm1 cores ----

export { sigmoid_f32, sigmoid_f64, sigmoid_grad_f32, sigmoid_grad_f64 } from './kernels/sigmoid';
export { tanh_f32, tanh_f64, tanh_grad_f32, tanh_grad_f64 } from './kernels/tanh';
export {
  elu_f32, elu_f64, elu_grad_f32, elu_grad_f64,
  selu_f32, selu_f64, selu_grad_f32, selu_grad_f64,
  celu_f32, celu_f64, celu_grad_f32, celu_grad_f64,
  silu_f32, silu_f64, silu_grad_f32, silu_grad_f64,
} from './kernels/exp-family';
export { tanhshrink_f32, tanhshrink_f64, tanhshrink_grad_f32, tanhshrink_grad_f64 } from './kernels/tanhshrink';

// ---- log family: on the log1p cores ----

export {
  softplus_f32, softplus_f64, softplus_grad_f32, softplus_grad_f64,
  log_sigmoid_f32, log_sigmoid_f64, log_sigmoid_grad_f32, log_sigmoid_grad_f64,
  mish_f32, mish_f64, mish_grad_f32, mish_grad_f64,
} from './kernels/log-family';

// ---- gelu: on the erfc cores (exact) and tanh's exp (approximate = 'tanh') ----

export { gelu_f32, gelu_f64, gelu_grad_f32, gelu_grad_f64 } from './kernels/gelu';

// ---- softmax family, along an axis: rows (contiguous), cols (strided), and the passes of a row too
//      long for the scratch region (max, sumexp, then rescale or count and shift) ----

export {
  softmax_rows_f32, softmax_rows_f64, softmax_cols_f32, softmax_cols_f64,
  softmax_max_f32, softmax_max_f64, softmax_sumexp_f32, softmax_sumexp_f64, softmax_rescale_f32, softmax_rescale_f64,
} from './kernels/softmax';
export {
  log_softmax_rows_f32, log_softmax_rows_f64, log_softmax_cols_f32, log_softmax_cols_f64,
  log_softmax_max_f32, log_softmax_max_f64, log_softmax_sumexp_f32, log_softmax_sumexp_f64,
  log_softmax_count_f32, log_softmax_count_f64, log_softmax_shift_f32, log_softmax_shift_f64,
} from './kernels/log-softmax';
export {
  softmin_rows_f32, softmin_rows_f64, softmin_cols_f32, softmin_cols_f64,
  softmin_max_f32, softmin_max_f64, softmin_sumexp_f32, softmin_sumexp_f64, softmin_rescale_f32, softmin_rescale_f64,
  softmin_grad_rows_f32, softmin_grad_rows_f64, softmin_grad_cols_f32, softmin_grad_cols_f64,
  softmin_grad_reduce_f32, softmin_grad_reduce_f64, softmin_grad_apply_f32, softmin_grad_apply_f64,
} from './kernels/softmin';
// the derivatives, from the forward output y; reduce and apply are a long row's two passes
export {
  softmax_grad_rows_f32, softmax_grad_rows_f64, softmax_grad_cols_f32, softmax_grad_cols_f64,
  softmax_grad_reduce_f32, softmax_grad_reduce_f64, softmax_grad_apply_f32, softmax_grad_apply_f64,
  log_softmax_grad_rows_f32, log_softmax_grad_rows_f64, log_softmax_grad_cols_f32, log_softmax_grad_cols_f64,
  log_softmax_grad_reduce_f32, log_softmax_grad_reduce_f64, log_softmax_grad_apply_f32, log_softmax_grad_apply_f64,
} from './kernels/softmax-grad';
