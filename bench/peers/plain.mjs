// "Plain JS": the loop a user would write without any library, into a new Float32Array per call (as
// `fn(x)` and the peers' end-to-end rows allocate theirs). Computed in double, rounded once on store.
// Keyed by catalogue key; an entry without one here gets no plain row.

import { ROW } from './catalogue.mjs';

/**
 * erfc by Numerical Recipes' Chebyshev fit (erfcc: fractional error below 1.2e-7 everywhere), the
 * usual answer to "JavaScript has no Math.erf"; with it, gelu keeps its relative accuracy in the tail.
 */
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

// Each loop written out, as a user would: a shared map(f) helper would make its call to f megamorphic
// across the entries and time V8's failure to inline it rather than the loop.
export const PLAIN = {
  step(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i] >= 0 ? 1 : 0;
    return y;
  },
  sigmoid(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
    return y;
  },
  tanh(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
    return y;
  },
  relu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
    return y;
  },
  leakyRelu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i] < 0 ? 0.01 * x[i] : x[i];
    return y;
  },
  gelu(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i] * erfc(-x[i] * Math.SQRT1_2);
    return y;
  },
  'gelu(tanh)'(x) {
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
    }
    return y;
  },
  /** Rows of ROW: max, exp and sum, divide. */
  softmax(x) {
    const y = new Float32Array(x.length);
    for (let r = 0; r < x.length; r += ROW) {
      let m = -Infinity;
      for (let i = r; i < r + ROW; i++) if (x[i] > m) m = x[i];
      let s = 0;
      for (let i = r; i < r + ROW; i++) s += y[i] = Math.exp(x[i] - m);
      for (let i = r; i < r + ROW; i++) y[i] /= s;
    }
    return y;
  },
};

/** The plain JS row for a catalogue entry, or none. */
export function plainRows(entry, x) {
  const f = PLAIN[entry.key];
  if (!f) return [];
  let last;
  return [
    {
      impl: 'plain JS',
      note: 'for loop',
      run() {
        last = f(x);
      },
      result() {
        this.run();
        return last;
      },
    },
  ];
}
