// The function table the benchmark walks. One entry per benchmarked function (two for gelu, whose
// exact and tanh forms are different computations). An entry is benchmarked only if our build
// exports `fn`, so functions on the roadmap light up here as soon as they land in dist/.
//
// For roadmap entries the option names and defaults are our best reading of the spec (PyTorch
// semantics); if a row for one of them comes out WRONG, check this table against the real API
// before suspecting the kernel.
//
// Peer mappings say how a user of that library would compute the same function. Where the peer has
// no single operator we use the obvious composition and say so in `note`, because a composed op pays
// extra passes over memory and the reader should know that is why it is slower.

import { elementwise, rowwise } from './reference.mjs';

/** Softmax-like entries run on rows of this many elements: shape [n / ROW, ROW]. */
export const ROW = 1000;

const ew = (name) => ({ kind: 'elementwise', reference: elementwise[name] });

export const CATALOGUE = [
  {
    key: 'sigmoid',
    fn: 'sigmoid',
    ...ew('sigmoid'),
    tfjs: { op: (tf, t) => tf.sigmoid(t) },
    onnx: { op: 'Sigmoid' },
  },
  {
    key: 'tanh',
    fn: 'tanh',
    ...ew('tanh'),
    tfjs: { op: (tf, t) => tf.tanh(t) },
    onnx: { op: 'Tanh' },
  },
  {
    key: 'relu',
    fn: 'relu',
    ...ew('relu'),
    tfjs: { op: (tf, t) => tf.relu(t) },
    onnx: { op: 'Relu' },
  },
  {
    key: 'leakyRelu',
    fn: 'leakyRelu',
    options: { alpha: 0.01 },
    ...ew('leakyRelu'),
    tfjs: { op: (tf, t) => tf.leakyRelu(t, 0.01) },
    onnx: { op: 'LeakyRelu', attrs: { alpha: 0.01 } },
  },
  {
    key: 'step',
    fn: 'step',
    ...ew('step'),
    // tf.step(x) is 0 at x == 0 where ours is 1; the random inputs contain no exact zero.
    tfjs: { op: (tf, t) => tf.step(t), note: 'step(0)=0' },
    // ONNX has no Step; GreaterOrEqual + Cast is what an exporter emits.
    onnx: {
      nodes: [
        { op: 'GreaterOrEqual', inputs: ['x', 'zero'], outputs: ['ge'] },
        { op: 'Cast', inputs: ['ge'], outputs: ['y'], attrs: { to: { int: 1 } } },
      ],
      initializers: [{ name: 'zero', values: [0] }],
      note: '2 nodes',
    },
  },
  {
    key: 'softmax',
    fn: 'softmax',
    kind: 'rows',
    options: (n) => ({ shape: [n / ROW, ROW], axis: -1 }),
    reference: (x) => rowwise(x, ROW),
    // Rows of 1000 over [-8, 8] put the smallest outputs near 1e-9; all are normal floats, so
    // relative error is meaningful everywhere.
    relFloor: 1e-30,
    tfjs: { op: (tf, t) => tf.softmax(t), rank2: true },
    onnx: { op: 'Softmax', attrs: { axis: { int: -1 } } },
  },
  {
    key: 'logSoftmax',
    fn: 'logSoftmax',
    kind: 'rows',
    options: (n) => ({ shape: [n / ROW, ROW], axis: -1 }),
    reference: (x) => rowwise(x, ROW, true),
    tfjs: { op: (tf, t) => tf.logSoftmax(t), rank2: true, composite: true, note: 'composite' },
    onnx: { op: 'LogSoftmax', attrs: { axis: { int: -1 } } },
  },
  {
    key: 'gelu',
    fn: 'gelu',
    options: { approximate: 'none' },
    ...ew('gelu'),
    onnx: { op: 'Gelu', attrs: { approximate: 'none' } },
  },
  {
    key: 'gelu(tanh)',
    fn: 'gelu',
    options: { approximate: 'tanh' },
    ...ew('geluTanh'),
    onnx: { op: 'Gelu', attrs: { approximate: 'tanh' } },
  },
  {
    key: 'elu',
    fn: 'elu',
    ...ew('elu'),
    tfjs: { op: (tf, t) => tf.elu(t) },
    onnx: { op: 'Elu', attrs: { alpha: 1 } },
  },
  {
    key: 'selu',
    fn: 'selu',
    ...ew('selu'),
    tfjs: { op: (tf, t) => tf.selu(t) },
    onnx: { op: 'Selu' },
  },
  {
    key: 'celu',
    fn: 'celu',
    ...ew('celu'),
    onnx: { op: 'Celu', attrs: { alpha: 1 } },
  },
  {
    key: 'relu6',
    fn: 'relu6',
    ...ew('relu6'),
    tfjs: { op: (tf, t) => tf.relu6(t) },
    onnx: { op: 'Clip', constants: [0, 6] },
  },
  {
    key: 'hardTanh',
    fn: 'hardTanh',
    ...ew('hardTanh'),
    tfjs: { op: (tf, t) => tf.clipByValue(t, -1, 1), note: 'clipByValue' },
    onnx: { op: 'Clip', constants: [-1, 1] },
  },
  {
    key: 'silu',
    fn: 'silu',
    ...ew('silu'),
    tfjs: { op: (tf, t) => tf.mul(t, tf.sigmoid(t)), composite: true, note: 'x*sigmoid(x), 2 ops' },
    onnx: {
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
        { op: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
      ],
      note: '2 nodes',
    },
  },
  {
    key: 'softplus',
    fn: 'softplus',
    ...ew('softplus'),
    tfjs: { op: (tf, t) => tf.softplus(t) },
    onnx: { op: 'Softplus' },
  },
  {
    key: 'mish',
    fn: 'mish',
    ...ew('mish'),
    tfjs: {
      op: (tf, t) => tf.mul(t, tf.tanh(tf.softplus(t))),
      composite: true,
      note: 'x*tanh(softplus(x)), 3 ops',
    },
    onnx: { op: 'Mish' },
  },
  {
    key: 'softsign',
    fn: 'softsign',
    ...ew('softsign'),
    onnx: { op: 'Softsign' },
  },
  {
    key: 'hardSigmoid',
    fn: 'hardSigmoid',
    ...ew('hardSigmoid'),
    // PyTorch's definition, relu6(x + 3) / 6; ONNX's default alpha 0.2 is Keras's, so set it.
    onnx: { op: 'HardSigmoid', attrs: { alpha: 1 / 6, beta: 0.5 } },
  },
  {
    key: 'hardSwish',
    fn: 'hardSwish',
    ...ew('hardSwish'),
    onnx: { op: 'HardSwish' },
  },
  {
    key: 'logSigmoid',
    fn: 'logSigmoid',
    ...ew('logSigmoid'),
    tfjs: { op: (tf, t) => tf.logSigmoid(t), composite: true, note: 'composite' },
    onnx: {
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
        { op: 'Log', inputs: ['s'], outputs: ['y'] },
      ],
      note: '2 nodes',
    },
  },
];

/** Options to pass to our function for an input of n elements. */
export function oursOptions(entry, n) {
  return typeof entry.options === 'function' ? entry.options(n) : { ...entry.options };
}

/** Shape of the input for peers that need one: 2-D rows for softmax-like entries, else 1-D. */
export function inputDims(entry, n) {
  return entry.kind === 'rows' ? [n / ROW, ROW] : [n];
}
