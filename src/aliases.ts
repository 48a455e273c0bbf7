// Option names other frameworks use for ours, for the hints of errors.ts: a leaf module, so that the
// error messages need nothing of the registry.

/**
 * Option names other frameworks use for ours. An unknown option listed here gets a hint in its error
 * ("options.dim is not an option of softmax (…); did you mean axis? …"): the first name of `to` that
 * the function has is suggested, with `why` if given; `say` replaces the suggestion where the answer is not a
 * rename. A name none of whose targets the function has (or outside `in`) gets no hint.
 */
export interface OptionAlias {
  readonly to: readonly string[];
  readonly why?: string;
  readonly say?: string;
  /** Only for these functions (and their derivatives), where the name means something else elsewhere. */
  readonly in?: readonly string[];
}

export const OPTION_ALIASES: Readonly<Record<string, OptionAlias>> = {
  dim: { to: ['axis'], why: "dim is PyTorch's and tf.js's name for it" },
  negative_slope: { to: ['alpha'], why: "negative_slope is PyTorch's and Keras's name for it" },
  negativeSlope: { to: ['alpha'], why: "negative_slope is PyTorch's and Keras's name for it" },
  slope: { to: ['alpha'], why: 'the slope for x < 0 is alpha here' },
  beta: { to: ['alpha'] },
  min_val: { to: ['min'], why: "min_val is PyTorch hardtanh's name for it" },
  max_val: { to: ['max'], why: "max_val is PyTorch hardtanh's name for it" },
  clip_value_min: { to: ['min'], why: "clip_value_min is TensorFlow's name for it" },
  clip_value_max: { to: ['max'], why: "clip_value_max is TensorFlow's name for it" },
  clipValueMin: { to: ['min'], why: "clipValueMin is tf.js's name for it" },
  clipValueMax: { to: ['max'], why: "clipValueMax is tf.js's name for it" },
  max_value: { to: ['max'], why: "max_value is Keras's name for it" },
  lambda: { to: ['lambd'], why: 'spelt lambd, as PyTorch does' },
  threshold: { to: ['lambd'], why: "threshold is Keras's name for the shrink band" },
  theta: { to: ['threshold'], why: "theta is the Keras and tfjs-layers ThresholdedReLU's name for it" },
  alpha: { to: ['threshold'], why: "alpha is ONNX ThresholdedRelu's name for it", in: ['threshold'] },
  inplace: { to: ['out'], why: "inplace is PyTorch's flag", say: 'to compute in place, pass { out: x }' },
};
