// Build step: hoist every non-zero v128.const out of the loops of each function, after asc.
//
// Why: V8's Turboshaft (the optimizing wasm compiler of V8 13.6+: Node 24, Node 26, current Chromium)
// rebuilds a v128.const at each use inside a loop (a 64-bit immediate move, a GPR→XMM move and a
// shuffle: three instructions a use), where TurboFan (V8 11.3, 12.4: Node 20, 22) built it once before
// the loop. Binaryen (asc's optimizer) folds every f32x4.splat(K) into a v128.const at its use, so every
// kernel written the natural way pays: sigmoid_f32's hot loop is 152 instructions on V8 11.3 and 326 on
// V8 13.6 (docs/kernels.md, "Constants and Turboshaft").
//
// What: for each function that has a loop, every distinct non-zero v128.const that appears after its
// first loop starts becomes a local, set once at function entry to v128.or(z, K), where z is a zero that
// no compiler can prove: i32x4.splat(memory.size >>> 17) (a wasm32 memory has at most 65536 = 2^16
// pages). The uses become local.get. The value is bit for bit the same constant, so results cannot
// change; V8 cannot fold the or back into the loop, so each constant is built once a call and kept in a
// register or a stack slot (a reload is one load, often folded into the instruction that uses it).
// Doing it here, on the optimized output, covers every kernel and every future kernel alike, including
// the axis kernels' own loops, and cannot be undone by a later optimizer pass: nothing runs after it.
//
// In: the .wat that asc writes (Binaryen's stack-form printer). Out: the same .wat, rewritten, and the
// .wasm assembled from it by Binaryen with no optimization. test/hygiene.test.ts checks both modules.
//
// usage: node scripts/hoist-constants.mjs build/activations.wat build/activations.wasm [relaxed-simd]

import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';

const ZERO = /^v128\.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000$/;
const OPENERS = /^(block|loop|if|try|try_table)\b/;

/** Rewrite one function (its lines, from ` (func` to the closing ` )`). */
function hoistFunction(lines) {
  const firstLoop = lines.findIndex((l) => /^\s+loop\b/.test(l));
  if (firstLoop < 0) return { lines, hoisted: 0 };
  const locals = new Map(); // constant text → local name
  const out = lines.slice();
  for (let i = firstLoop; i < out.length; i++) {
    const t = out[i].trim();
    if (!t.startsWith('v128.const ') || ZERO.test(t)) continue;
    let name = locals.get(t);
    if (!name) {
      name = `$hoisted${locals.size}`;
      locals.set(t, name);
    }
    out[i] = out[i].replace(t, `local.get ${name}`);
  }
  if (locals.size === 0) return { lines, hoisted: 0 };
  // The declarations go after the existing ones (params and locals keep their indices), the prologue
  // before the first instruction.
  let body = 1;
  while (body < out.length && /^\s+\(local /.test(out[body])) body++;
  const decl = ['  (local $hoistedZero v128)', ...[...locals.values()].map((n) => `  (local ${n} v128)`)];
  const prologue = ['  memory.size', '  i32.const 17', '  i32.shr_u', '  i32x4.splat', '  local.set $hoistedZero'];
  for (const [k, n] of locals) prologue.push('  local.get $hoistedZero', `  ${k}`, '  v128.or', `  local.set ${n}`);
  out.splice(body, 0, ...decl, ...prologue);
  return { lines: out, hoisted: locals.size };
}

export function hoistWat(text) {
  const lines = text.split('\n');
  const result = [];
  let fn = null;
  let functions = 0;
  let constants = 0;
  const flush = () => {
    if (!fn) return;
    const { lines: l, hoisted } = hoistFunction(fn);
    if (hoisted) functions++;
    constants += hoisted;
    result.push(...l);
    fn = null;
  };
  for (const line of lines) {
    if (line.startsWith(' (func ')) {
      flush();
      fn = [line];
    } else if (fn) {
      fn.push(line);
      if (line === ' )') flush();
    } else {
      result.push(line);
    }
  }
  flush();
  return { text: result.join('\n'), functions, constants };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [wat, wasm, relaxed] = process.argv.slice(2);
  const { text, functions, constants } = hoistWat(readFileSync(wat, 'utf8'));
  const mod = binaryen.parseText(text);
  mod.setFeatures(
    binaryen.Features.MVP | binaryen.Features.SIMD128 | binaryen.Features.MutableGlobals | binaryen.Features.SignExt |
      binaryen.Features.NontrappingFPToInt | binaryen.Features.BulkMemory |
      (relaxed ? binaryen.Features.RelaxedSIMD : 0),
  );
  if (!mod.validate()) throw new Error(`${wat}: the rewritten module does not validate`);
  writeFileSync(wasm, mod.emitBinary());
  writeFileSync(wat, text);
  mod.dispose();
  console.log(`${wasm}: ${constants} constants hoisted out of the loops of ${functions} functions`);
}
