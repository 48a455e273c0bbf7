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
};
