// What wasm-activations/pool needs from the main bundle beyond the public API: the hand-off of
// validated calls (the synchronous API's checks, reused), and the inlined modules' bytes (the core and every activation's) (so that the
// pool ships no second copy). dist/pool.js imports the main bundle for it, so that both share one
// state (setBackend's choice, in particular).

import { bytes, relaxedBytes } from '../backends/module';
import { handOff } from '../dispatch';
import { describe } from '../errors';
import { ACTIVATIONS } from '../registry';
import { isFloatArray } from '../validate';

/** Every activation's module (the pool runs them all). */
const modules = /* @__PURE__ */ ACTIVATIONS.map((s) => s.wasm);

export const internals = { handOff, bytes, relaxedBytes, modules, describe, isFloatArray };
