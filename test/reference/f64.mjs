// Float64 references for f32 results, shared by the tests (test/*.test.ts), the accuracy sweep
// (scripts/accuracy.mjs), the benchmark and the explorer: the union of the family oracles
// (test/oracles/<family>.mjs, one per src/ops/ module, where an activation's references are written).
// Each is accurate to ~1e-15 relative, so rounding it to f32 gives the correctly rounded result (up to
// rare double-rounding ties, well inside every bound). Keyed by registry name; the suites fail if an
// entry of the registry has no reference here, test/oracles.test.ts if one is outside its family's oracle.

import * as piecewise from '../oracles/piecewise.mjs';
import * as expFamily from '../oracles/exp-family.mjs';
import * as logFamily from '../oracles/log-family.mjs';
import * as gelu from '../oracles/gelu.mjs';
import * as softmaxFamily from '../oracles/softmax-family.mjs';

/** @type {Record<string, (x: number, p: readonly number[]) => number>} */
export const REFERENCE = { ...piecewise.REFERENCE, ...expFamily.REFERENCE, ...logFamily.REFERENCE, ...gelu.REFERENCE };

/**
 * Analytic derivatives f'(x; p) in double (the tests also check each against central differences of
 * REFERENCE, so a wrong formula there cannot hide).
 * @type {Record<string, (x: number, p: readonly number[]) => number>}
 */
export const GRAD_REFERENCE = { ...piecewise.GRAD_REFERENCE, ...expFamily.GRAD_REFERENCE, ...logFamily.GRAD_REFERENCE, ...gelu.GRAD_REFERENCE };

/** References of the axis functions: one row in, one row out. */
/** @type {Record<string, (row: ArrayLike<number>) => number[]>} */
export const AXIS_REFERENCE = { ...softmaxFamily.AXIS_REFERENCE };

/**
 * Derivatives of the axis functions from the forward output y: (y row, dy row) → dx row, in double, for
 * float32 y and dy.
 * @type {Record<string, (y: ArrayLike<number>, dy: ArrayLike<number>) => number[]>}
 */
export const AXIS_GRAD_REFERENCE = { ...softmaxFamily.AXIS_GRAD_REFERENCE };
