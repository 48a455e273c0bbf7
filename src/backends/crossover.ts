// Below these lengths the js backend is faster than wasm for arrays outside the module's memory, per
// element type (a Float64Array kernel does twice the vectors for the same fixed cost, and some f64
// kernels are far slower than their f32 twins: mishGrad's crossover is 16 in f32, 96 in f64):
// a wasm call pays a fixed ~120–160 ns (checks, copies in and out, the call itself) that a short JS loop
// does not. Used only under automatic backend choice; setBackend('wasm') pins wasm at every size.
// Measured with `node bench/crossover.mjs` (which prints these tables) on the machine docs/benchmarks.md names;
// a kernel not listed uses DEFAULT. The f32 forwards of tanh, elu and celu were re-measured after their
// kernels got faster (`--only`, the larger of two runs; selu and silu came out unchanged; the other
// entries, whose kernels did not change, kept).

// Automatic choice uses them only for the kernels of SAME_BITS (below), whose js twin gives the wasm
// kernel's bits: for every other kernel the backends differ in the last bits, and switching by length
// would give an element another result alone than inside a longer array, so those run on wasm at every
// length where wasm is available (docs/one-answer.md measures what that costs short arrays).

export const DEFAULT = 32;

/**
 * The kernels whose js twin computes the wasm kernel's operations in the same order with the same
 * roundings (in f32, each operation rounded with Math.fround where the kernel rounds), so that both
 * backends give the same bits for every input, parameter and element type (NaN payloads aside);
 * test/one-answer.test.ts checks it. The exact piecewise functions and their derivatives; not
 * prelu_grad, whose dslopes sums are added in another order on each backend.
 */
export const SAME_BITS: ReadonlySet<string> = new Set([
  'step', 'step_grad', 'relu', 'relu_grad', 'leaky_relu', 'leaky_relu_grad', 'relu6', 'relu6_grad',
  'hard_tanh', 'hard_tanh_grad', 'hard_sigmoid', 'hard_sigmoid_grad', 'hard_swish', 'hard_swish_grad',
  'softsign', 'softsign_grad', 'hard_shrink', 'soft_shrink', 'shrink_grad', 'threshold', 'threshold_grad',
  'prelu',
]);

/** The lengths below which automatic choice runs a kernel on js: its crossover if in SAME_BITS, else none. */
function autoTable(measured: Readonly<Record<string, number>>, unlisted: number): Readonly<Record<string, number>> {
  const t: Record<string, number> = Object.create(null);
  for (const k of SAME_BITS) t[k] = measured[k] ?? unlisted;
  return t;
}

export const JS_BELOW_F32: Readonly<Record<string, number>> = {
  step: 96,
  step_grad: 96,
  sigmoid: 12,
  sigmoid_grad: 24,
  tanh: 8,
  tanh_grad: 32,
  relu: 96,
  relu_grad: 192,
  leaky_relu: 96,
  leaky_relu_grad: 128,
  softmax: 8,
  relu6: 96,
  relu6_grad: 192,
  hard_tanh: 64,
  hard_tanh_grad: 128,
  hard_sigmoid: 64,
  hard_sigmoid_grad: 128,
  hard_swish: 96,
  hard_swish_grad: 192,
  softsign: 64,
  softsign_grad: 128,
  hard_shrink: 128,
  shrink_grad: 128,
  soft_shrink: 96,
  threshold: 64,
  threshold_grad: 128,
  prelu: 512,
  prelu_grad: 256,
  elu: 24,
  elu_grad: 48,
  selu: 48,
  selu_grad: 48,
  celu: 24,
  celu_grad: 48,
  silu: 12,
  silu_grad: 32,
  tanhshrink: 12,
  tanhshrink_grad: 32,
  softplus: 8,
  softplus_grad: 24,
  log_sigmoid: 8,
  log_sigmoid_grad: 32,
  mish: 16,
  mish_grad: 16,
  gelu: 2,
  gelu_grad: 2,
  log_softmax: 16,
};
export const JS_BELOW_F64: Readonly<Record<string, number>> = {
  step: 96,
  step_grad: 96,
  sigmoid: 16,
  sigmoid_grad: 48,
  tanh: 12,
  tanh_grad: 48,
  relu: 96,
  relu_grad: 96,
  leaky_relu: 64,
  leaky_relu_grad: 96,
  softmax: 12,
  relu6: 128,
  relu6_grad: 96,
  hard_tanh: 96,
  hard_tanh_grad: 96,
  hard_sigmoid: 128,
  hard_sigmoid_grad: 64,
  hard_swish: 64,
  hard_swish_grad: 192,
  softsign: 128,
  softsign_grad: 192,
  hard_shrink: 96,
  shrink_grad: 96,
  soft_shrink: 64,
  threshold: 64,
  threshold_grad: 96,
  prelu: 1024,
  prelu_grad: 384,
  elu: 48,
  elu_grad: 64,
  selu: 48,
  selu_grad: 64,
  celu: 48,
  celu_grad: 48,
  silu: 24,
  silu_grad: 48,
  tanhshrink: 48,
  tanhshrink_grad: 48,
  softplus: 8,
  softplus_grad: 48,
  log_sigmoid: 8,
  log_sigmoid_grad: 48,
  mish: 24,
  mish_grad: 64,
  gelu: 2,
  gelu_grad: 4,
  log_softmax: 24,
};

// Axis functions on many short lines (measured by the same script, over 10, 100 and 1000 lines):
// along a strided axis (not the last one: inner > 1) the wasm kernels run down groups of 16 (f32) or 8
// (f64) columns, then 4 or 2, which pays least when there are few columns (inner); contiguous rows pay a kernel's
// fixed work per row. Below these numbers of columns, or of elements per row, js is faster
// (each the largest of two or three runs: a threshold flips by one step with the machine's noise).
export const STRIDED_JS_BELOW_F32: Readonly<Record<string, number>> = {
  softmax: 2,
  softmax_grad: 16,
  log_softmax: 4,
  log_softmax_grad: 8,
};
export const STRIDED_JS_BELOW_F64: Readonly<Record<string, number>> = {
  softmax: 4,
  softmax_grad: 64,
  log_softmax: 8,
  log_softmax_grad: 8,
};
export const ROWS_JS_BELOW_F32: Readonly<Record<string, number>> = {
  softmax: 3,
  softmax_grad: 12,
  log_softmax: 4,
  log_softmax_grad: 8,
};
export const ROWS_JS_BELOW_F64: Readonly<Record<string, number>> = {
  softmax: 3,
  softmax_grad: 12,
  log_softmax: 4,
  log_softmax_grad: 8,
};

/** What automatic choice uses: the tables above restricted to SAME_BITS (a kernel not listed: 0, always wasm). */
export const AUTO_JS_BELOW_F32 = autoTable(JS_BELOW_F32, DEFAULT);
export const AUTO_JS_BELOW_F64 = autoTable(JS_BELOW_F64, DEFAULT);
export const AUTO_STRIDED_JS_BELOW_F32 = autoTable(STRIDED_JS_BELOW_F32, 0);
export const AUTO_STRIDED_JS_BELOW_F64 = autoTable(STRIDED_JS_BELOW_F64, 0);
export const AUTO_ROWS_JS_BELOW_F32 = autoTable(ROWS_JS_BELOW_F32, 0);
export const AUTO_ROWS_JS_BELOW_F64 = autoTable(ROWS_JS_BELOW_F64, 0);
