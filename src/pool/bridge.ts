// What wasm-activations/pool needs from the main bundle beyond the public API: the hand-off of
// validated calls (the synchronous API's checks, reused), and the inlined modules' bytes (the core and every activation's) (so that the
// pool ships no second copy). dist/pool.js imports the main bundle for it, so that both share one
// state (setBackend's choice, in particular).

import { bytes, relaxedBytes, relaxedSupported, supported } from '../backends/module';
import { handOff } from '../dispatch';
import { describe } from '../errors';
import { ACTIVATIONS } from '../registry';
import { isFloatArray } from '../validate';

/**
 * Every activation's module, each once (the pool runs them all; softmax's also serves softmin,
 * leakyRelu's prelu). Inside a pure call, so that an app without the pool keeps no description.
 */
const modules = /* @__PURE__ */ (() => Array.from(new Set(ACTIVATIONS.map((s) => s.wasm))))();

export const internals = { handOff, bytes, relaxedBytes, supported, relaxedSupported, modules, describe, isFloatArray };
