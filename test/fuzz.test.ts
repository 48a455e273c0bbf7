// Differential fuzzing in `npm test`: every property of test/support/fuzz.mjs with a fixed seed and a
// bounded number of cases (longer runs with any seed: `npm run fuzz -- --seed N --minutes M`). A
// failure prints fast-check's seed and path, and the shrunk case.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as lib from '../dist/index.js';
import { makeProperties } from './support/fuzz.mjs';

const SEED = 20261206;
/** Cases per property: a few seconds in all on this machine. */
const RUNS: Record<string, number> = { elementwise: 300, gradient: 300, 'gradient-scale-f64': 150, axis: 150, prelu: 150, degenerate: 100 };

describe(`differential fuzzing, seed ${SEED}`, () => {
  for (const [name, [arbitrary, predicate]] of Object.entries(makeProperties(fc, lib))) {
    it(name, () => {
      fc.assert(fc.property(arbitrary as fc.Arbitrary<unknown>, predicate as (v: unknown) => void), { seed: SEED, numRuns: RUNS[name] ?? 50 });
    });
  }
});
