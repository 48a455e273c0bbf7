// The union of the family modules' descriptions (src/ops/), in the order of the README's table. It
// drives what needs every function (load-time kernel verification, the parameterised tests, the
// accuracy sweep, the docs); the public functions (src/activations.ts) import their family module
// only. A description's `kernel` is the wasm export stem `<kernel>_f32` / `<kernel>_f64`; its `js`
// (and its grad's) is the js twin itself.

import type { ActivationSpec } from './spec';
import { STEP, RELU, LEAKY_RELU, RELU6, HARD_TANH, HARD_SIGMOID, HARD_SWISH, SOFTSIGN, HARD_SHRINK, SOFT_SHRINK, THRESHOLD } from './ops/piecewise';
import { SIGMOID, TANH, ELU, SELU, CELU, SILU, TANHSHRINK } from './ops/exp-family';
import { SOFTMAX, LOG_SOFTMAX, SOFTMIN } from './ops/softmax-family';
import { PRELU } from './ops/prelu';
import { SOFTPLUS, LOG_SIGMOID, MISH } from './ops/log-family';
import { GELU } from './ops/gelu';

export type { ActivationSpec, AxisSpec, ChannelSpec, ElementwiseSpec, ErrorBound, GradSpec, ParamSpec } from './spec';

export const REGISTRY = {
  step: STEP,
  sigmoid: SIGMOID,
  tanh: TANH,
  relu: RELU,
  leakyRelu: LEAKY_RELU,
  softmax: SOFTMAX,
  relu6: RELU6,
  hardTanh: HARD_TANH,
  hardSigmoid: HARD_SIGMOID,
  hardSwish: HARD_SWISH,
  softsign: SOFTSIGN,
  hardShrink: HARD_SHRINK,
  softShrink: SOFT_SHRINK,
  threshold: THRESHOLD,
  prelu: PRELU,
  elu: ELU,
  selu: SELU,
  celu: CELU,
  silu: SILU,
  tanhshrink: TANHSHRINK,
  softplus: SOFTPLUS,
  logSigmoid: LOG_SIGMOID,
  mish: MISH,
  gelu: GELU,
  logSoftmax: LOG_SOFTMAX,
  softmin: SOFTMIN,
} as const satisfies Record<string, ActivationSpec>;

export type ActivationName = keyof typeof REGISTRY;

/** Every activation, in the registry's order. */
export const ACTIVATIONS: readonly ActivationSpec[] = /* @__PURE__ */ Object.values(REGISTRY);

export { OPTION_ALIASES, type OptionAlias } from './aliases';
