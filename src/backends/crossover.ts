// Below these lengths the js backend is faster than wasm for arrays outside the module's memory:
// a wasm call pays a fixed ~100–300 ns (copies in and out, the call itself) that a short JS loop
// does not. Used only under automatic backend choice; setBackend('wasm') pins wasm at every size.
// Measured with `node bench/crossover.mjs` (which prints this table) on the machine the README names;
// a kernel not listed uses DEFAULT.

export const DEFAULT = 32;

export const JS_BELOW: Readonly<Record<string, number>> = {
  relu: 128,
  leaky_relu: 128,
  step: 128,
  sigmoid: 16,
  sigmoid_grad: 16,
  tanh: 16,
  softmax: 16,
  // log family and gelu (node bench/crossover.mjs --only softplus,logSigmoid,mish,gelu): their JS twins
  // are slow (gelu's double erfc: ~75 ns/element), so wasm wins almost at once
  softplus: 2,
  softplus_grad: 12,
  log_sigmoid: 1,
  log_sigmoid_grad: 24,
  mish: 16,
  mish_grad: 12,
  gelu: 2,
  gelu_grad: 2,
};
