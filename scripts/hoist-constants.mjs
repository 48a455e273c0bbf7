// Build step: hoist every non-zero v128.const out of the loops of each function, after asc.
//
// Why: V8's Turboshaft (the optimizing wasm compiler of V8 13.6+: Node 24, Node 26, current Chromium)
// rebuilds a v128.const at each use inside a loop (a 64-bit immediate move, a GPR→XMM move and a
// shuffle: three instructions a use), where TurboFan (V8 11.3, 12.4: Node 20, 22) built it once before
// the loop. Binaryen (asc's optimizer) folds every f32x4.splat(K) into a v128.const at its use, so every
// kernel written the natural way pays: sigmoid_f32's hot loop was 326 instructions on V8 13.6 against
// 152 on V8 11.3 (docs/kernels.md, "Constants and Turboshaft").
//
// What: the distinct constants that appear in loops (of both modules) go into one table of 16-byte
// entries in the main module's linear memory, placed where the zero-copy heap used to begin (heap_base
// moves up past it). Each function that has a loop loads the entries it uses into locals at entry and
// reads the locals where the constants were. A function without a loop (a helper called from one)
// loads each constant from the table where it is used. A load from memory is a value no compiler can fold back
// into a constant, so V8 keeps each one in a register or a stack slot for the whole call (a reload is
// one load, often folded into the instruction that uses it), on every tier and version. The values are
// the same bits, so no result can change. The relaxed side module imports the main module's memory and
// reads the same table; it still has no data of its own.
//
// Done here, on the optimized output, it covers every kernel and every future kernel alike, including
// the axis kernels' own loops, and no later optimizer pass can undo it: nothing runs after it.
// test/wasm-loops.test.ts checks the result.
//
// In: the .wat files that asc writes (Binaryen's stack-form printer). Out: the same .wat files,
// rewritten, and the .wasm files assembled from them by Binaryen, with no optimization.
//
// usage: node scripts/hoist-constants.mjs build/activations build/activations-relaxed
//        (the main module first; each name stands for NAME.wat → NAME.wat and NAME.wasm)

import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';

const ZERO = 'v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000';

/** A function's lines (from ` (func` to the closing ` )`), rewritten to read its loops' constants from the table. */
function hoistFunction(lines, table) {
  const firstLoop = lines.findIndex((l) => /^\s+loop\b/.test(l));
  if (firstLoop < 0) return inlineLoads(lines, table);
  const locals = new Map(); // table address → local name
  const out = lines.slice();
  // Every constant after the first loop starts: those inside loops, and the few between or after them
  // (a tail, the next loop's set-up), which then need no constant of their own either.
  for (let i = firstLoop; i < out.length; i++) {
    const t = out[i].trim();
    if (!t.startsWith('v128.const ') || t === ZERO) continue;
    if (!table.has(t)) table.set(t, table.size);
    const entry = table.get(t);
    if (!locals.has(entry)) locals.set(entry, `$k${entry}`);
    out[i] = out[i].replace(t, `local.get ${locals.get(entry)}`);
  }
  if (locals.size === 0) return lines;
  // The declarations go after the existing ones (params and locals keep their indices), the loads
  // before the first instruction. TABLE is replaced by the table's address once it is placed.
  let body = 1;
  while (body < out.length && /^\s+\(local /.test(out[body])) body++;
  const decl = [...locals.values()].map((n) => `  (local ${n} v128)`);
  const loads = [...locals].flatMap(([entry, n]) => ['  i32.const 0', `  v128.load offset=@TABLE+${16 * entry}@`, `  local.set ${n}`]);
  out.splice(body, 0, ...decl, ...loads);
  return out;
}

/**
 * A function without a loop: each constant becomes a load from the table where it is used. Such a
 * function is a called helper (a rare path kept out of line, e.g. softplus with beta ≠ 1), and V8
 * 13.6+ may inline it into its caller's loop, where a v128.const would again be rebuilt at every use;
 * a load is one instruction on every tier, or none when folded into the instruction that uses it.
 */
function inlineLoads(lines, table) {
  let changed = false;
  const out = lines.map((line) => {
    const t = line.trim();
    if (!t.startsWith('v128.const ') || t === ZERO) return line;
    if (!table.has(t)) table.set(t, table.size);
    changed = true;
    const indent = line.slice(0, line.indexOf('v128.const'));
    return `${indent}i32.const 0\n${indent}v128.load offset=@TABLE+${16 * table.get(t)}@`;
  });
  return changed ? out.join('\n').split('\n') : lines;
}

/**
 * Rewrites the functions of a stack-form .wat (each as its lines, from ` (func` to ` )`) with
 * `rewrite`, which returns the same array to leave one as it was; returns the text and how many
 * functions changed.
 */
export function rewriteFunctions(text, rewrite) {
  const result = [];
  let fn = null;
  let functions = 0;
  const flush = () => {
    if (!fn) return;
    const l = rewrite(fn);
    if (l !== fn) functions++;
    result.push(...l);
    fn = null;
  };
  for (const line of text.split('\n')) {
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
  return { text: result.join('\n'), functions };
}

/** Rewrites every function of a .wat; returns the text and how many functions changed. */
export function hoistWat(text, table) {
  return rewriteFunctions(text, (fn) => hoistFunction(fn, table));
}

/** The table's bytes as a .wat data string: each entry's four i32 lanes, little-endian. */
function dataString(table) {
  let s = '';
  for (const k of table.keys()) {
    for (const lane of k.split(' ').slice(2)) {
      const x = parseInt(lane, 16) >>> 0;
      for (let b = 0; b < 4; b++) s += `\\${((x >>> (8 * b)) & 255).toString(16).padStart(2, '0')}`;
    }
  }
  return s;
}

const HEAP_BASE = /(\(func \$assembly\/index\/heap_base \(result i32\)\n  i32\.const )(\d+)(\n \))/;

export function hoistModules(texts) {
  const table = new Map(); // constant text → entry
  const rewritten = texts.map((t) => hoistWat(t, table));
  // Place the table at the main module's old heap base (16-byte aligned) and move the heap up past it.
  const main = rewritten[0].text;
  const m = HEAP_BASE.exec(main);
  if (!m) throw new Error('the main module has no heap_base() returning a constant');
  const at = (Number(m[2]) + 15) & ~15;
  const heapBase = at + 16 * table.size;
  rewritten[0].text = main
    .replace(HEAP_BASE, `$1${heapBase}$3`)
    .replace(/\n \(export /, `\n (data $hoisted-constants (i32.const ${at}) "${dataString(table)}")\n (export `);
  for (const r of rewritten) r.text = r.text.replace(/@TABLE\+(\d+)@/g, (_, off) => String(at + Number(off)));
  return { texts: rewritten.map((r) => r.text), functions: rewritten.map((r) => r.functions), constants: table.size, at };
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  const { texts, functions, constants, at } = hoistModules(names.map((n) => readFileSync(`${n}.wat`, 'utf8')));
  names.forEach((name, k) => {
    const mod = binaryen.parseText(texts[k]);
    mod.setFeatures(binaryen.Features.All);
    if (!mod.validate()) throw new Error(`${name}.wat: the rewritten module does not validate`);
    writeFileSync(`${name}.wasm`, mod.emitBinary());
    writeFileSync(`${name}.wat`, texts[k]);
    mod.dispose();
  });
  console.log(`hoisted: ${constants} distinct constants in a table at ${at}, read by ${functions.join(' + ')} functions of ${names.join(', ')}`);
}
