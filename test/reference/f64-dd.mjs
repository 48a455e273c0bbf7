// Double-double references for f64 results (about 106 bits, see dd.mjs), keyed by registry name: the
// union of the family oracles (test/oracles/<family>.mjs, one per src/ops/ module, where an
// activation's references are written). Rounding them to double gives the correctly rounded result, so
// a kernel's error in f64 ULP is its own. Forward functions in REFERENCE_DD, derivatives f'(x) in
// GRAD_REFERENCE_DD; each returns a dd pair [hi, lo] (or { m, k } for m·2^k), so that dy · f'(x) can be
// formed before the one final rounding (gradTimes). The axis functions' rows in AXIS_REFERENCE_DD and
// AXIS_GRAD_REFERENCE_DD, each element rounded once to double.

import * as piecewise from '../oracles/piecewise.mjs';
import * as expFamily from '../oracles/exp-family.mjs';
import * as logFamily from '../oracles/log-family.mjs';
import * as gelu from '../oracles/gelu.mjs';
import * as softmaxFamily from '../oracles/softmax-family.mjs';

export { gradTimes, toNumber } from '../oracles/shared.mjs';

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const REFERENCE_DD = { ...piecewise.REFERENCE_DD, ...expFamily.REFERENCE_DD, ...logFamily.REFERENCE_DD, ...gelu.REFERENCE_DD };

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const GRAD_REFERENCE_DD = { ...piecewise.GRAD_REFERENCE_DD, ...expFamily.GRAD_REFERENCE_DD, ...logFamily.GRAD_REFERENCE_DD, ...gelu.GRAD_REFERENCE_DD };

/** @type {Record<string, (row: ArrayLike<number>) => number[]>} */
export const AXIS_REFERENCE_DD = { ...softmaxFamily.AXIS_REFERENCE_DD };

/** @type {Record<string, (y: ArrayLike<number>, dy: ArrayLike<number>) => number[]>} */
export const AXIS_GRAD_REFERENCE_DD = { ...softmaxFamily.AXIS_GRAD_REFERENCE_DD };
