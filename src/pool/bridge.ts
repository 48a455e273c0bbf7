// What wasm-activations/pool needs from the main bundle beyond the public API: the hand-off of
// validated calls (the synchronous API's checks, reused), and the inlined modules' bytes (so that the
// pool ships no second copy). dist/pool.js imports the main bundle for it, so that both share one
// state (setBackend's choice, in particular).

import { relaxedBytes } from '../backends/relaxed';
import { bytes } from '../backends/module';
import { handOff } from '../dispatch';
import { describe } from '../errors';
import { isFloatArray } from '../validate';

export const internals = { handOff, bytes, relaxedBytes, describe, isFloatArray };
