// Build step: split the built modules into one module per activation (the function and its
// derivative), over one shared memory, so that an app pays for the functions it imports: a bundler
// drops the bytes of the others with their descriptions (each src/ops/ description imports its own).
//
// Why after the build rather than one asc run per module: every kernel keeps the exact code that the
// whole build gave it (the same constant table addresses, the same scheduling), so the split changes
// no bit of any result, and the optimizing steps (hoist-constants, schedule-loops) run once.
//
// What, from build/activations.wasm (main), build/activations-relaxed.wasm (relaxed SIMD) and
// build/activations-fused.wasm (assembly/index.ts built with relaxed SIMD: every kernel, its f32 exp
// cores' multiply-adds relaxed_madd):
// - build/modules/core.wasm: the main module with only CORE's exports. It defines the memory and holds
//   all static data (the constant table and the kernels' tables): instantiated first, it writes them.
//   core-relaxed.wasm: the relaxed module's madd probe alone (whether relaxed_madd fuses here).
// - build/modules/<name>.wasm for each activation of the registry whose kernels have relaxed variants
//   (some are in the relaxed module): the fused module with only the exports the loader verifies for
//   it (kernelsOf), everything unreachable from them removed, its
//   memory turned into the import env.memory and the data segments it reads (the main module's: the
//   fused module's data is checked to be the same). The kernels the relaxed module has are exported a
//   second time as relaxed:<kernel>. The loader makes the plain module of these bytes by unfusing every
//   relaxed multiply-add (src/backends/unfuse.ts: what the main module computes, bit for bit), and
//   takes from the bytes as they are only the relaxed:<kernel> exports: one module ships for both.
//   For the other activations, the main module's kernels the same way: the plain module itself.
// Functions are removed, never rewritten. A kernel two activations share (shrink_grad, leaky_relu for
// prelu's runs) is in both modules: the same code, the same bits.
//
// usage: node scripts/split-modules.mjs build/activations build/activations-relaxed build/activations-fused

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import binaryen from 'binaryen';
import * as esbuild from 'esbuild';

const OUT = 'build/modules';

/** The core module's exports: the memory and what every backend reads of it. */
const CORE = ['memory', 'scratch', 'heap_base', 'SCRATCH_BYTES', 'madd_probe_f32'];

/**
 * The registry's activations with the exports each needs (src/backends/kernels.ts: kernelsOf, the
 * list the loader verifies), read from the sources through esbuild, the .wasm imports stubbed.
 */
async function registry() {
  // The modules this step writes need not exist yet (a fresh clone): every .wasm import is an empty stub.
  const stub = {
    name: 'stub',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (a) => ({ path: a.path, namespace: 'stub-wasm' }));
      b.onLoad({ filter: /.*/, namespace: 'stub-wasm' }, () => ({ contents: 'export default new Uint8Array(0)', loader: 'js' }));
    },
  };
  const r = await esbuild.build({
    stdin: { contents: "export { ACTIVATIONS } from './src/registry'; export { kernelsOf } from './src/backends/kernels';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, format: 'esm', write: false, plugins: [stub], platform: 'neutral',
  });
  return import(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].contents).toString('base64')}`);
}

/** A Binaryen module's export names. */
function exportsOf(m) {
  const names = [];
  for (let i = 0; i < m.getNumExports(); i++) names.push(binaryen.getExportInfo(m.getExportByIndex(i)).name);
  return names;
}

/** .wat text without its data segments. */
const withoutData = (text) => text.split('\n').filter((l) => !/^ \(data /.test(l)).join('\n');

/** The module `bytes` with only the exports `keep`, everything unreachable from them removed. */
function only(bytes, keep) {
  const m = binaryen.readBinary(bytes);
  const names = exportsOf(m);
  for (const want of keep) if (!names.includes(want)) throw new Error(`split-modules: the build has no export ${want}`);
  for (const name of names) if (!keep.includes(name)) m.removeExport(name);
  m.runPasses(['remove-unused-module-elements']);
  const text = m.emitText();
  m.dispose();
  return text;
}

/** Assembles .wat text with no optimization (as hoist-constants does). */
function assemble(text) {
  const m = binaryen.parseText(text);
  m.setFeatures(binaryen.Features.All);
  if (!m.validate()) throw new Error('split-modules: a split module does not validate');
  const out = m.emitBinary();
  m.dispose();
  return out;
}

/** Bytes of a .wat string literal's contents. */
function unescape(lit) {
  const out = [];
  for (let i = 0; i < lit.length; i++) {
    const c = lit[i];
    if (c !== '\\') {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = lit[++i];
    if (/[0-9a-fA-F]/.test(n)) {
      out.push(parseInt(lit.slice(i, i + 2), 16));
      i++;
    } else out.push({ n: 10, t: 9, r: 13 }[n] ?? n.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

const hex = (bytes) => [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

/** The main module's data segments: start address, bytes, and whether it is the hoisted constant table. */
function segmentsOf(text) {
  const out = [];
  for (const m of text.matchAll(/^ \(data (\$\S+) \(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)$/gm)) {
    out.push({ table: m[1] === '$hoisted-constants', at: Number(m[2]), bytes: unescape(m[3]) });
  }
  return out;
}

/**
 * The data segments a module's code reads, as .wat lines: of the hoisted constant table (16-byte
 * entries, each read at its own address: hoist-constants.mjs) the entries it loads, and every other
 * segment whole if the code names an address inside it. The modules over one memory each write the
 * bytes they read when instantiated: the same bytes at the same addresses, whichever writes first.
 */
function dataFor(text, segments) {
  const refs = new Set([...withoutData(text).matchAll(/(?:offset=|i32\.const )(\d+)/g)].map((m) => Number(m[1])));
  const lines = [];
  for (const seg of segments) {
    const end = seg.at + seg.bytes.length;
    if (seg.table) {
      for (let a = seg.at; a < end; a += 16) if (refs.has(a)) lines.push(` (data (i32.const ${a}) "${hex(seg.bytes.subarray(a - seg.at, a - seg.at + 16))}")`);
    } else if ([...refs].some((r) => r >= seg.at && r < end)) {
      lines.push(` (data (i32.const ${seg.at}) "${hex(seg.bytes)}")`);
    }
  }
  return lines;
}

/**
 * A split module's text with its memory imported (env.memory, the core's), without the main module's
 * data or memory export, and with the data segments its code reads (dataFor).
 */
function importMemory(text, segments) {
  const lines = text.split('\n');
  const mem = lines.findIndex((l) => /^ \((?:import "env" "memory" )?\(?memory \$\S+ \d+/.test(l));
  if (mem < 0) throw new Error('split-modules: no memory');
  const [, name] = lines[mem].match(/\(memory (\$\S+) /);
  const out = [];
  for (const l of lines) {
    if (l === lines[mem] || /^ \(data /.test(l) || /^ \(export "memory"/.test(l)) continue;
    out.push(l);
  }
  // Imports come before every definition; data after the functions, before the module's end.
  const first = out.findIndex((l) => /^ \((global|memory|table|func|elem|data|export|start|tag) /.test(l));
  out.splice(first, 0, ` (import "env" "memory" (memory ${name} 0))`);
  const close = out.lastIndexOf(')');
  out.splice(close, 0, ...dataFor(text, segments));
  return out.join('\n');
}

const [mainBase, relaxedBase, fusedBase] = process.argv.slice(2);
if (!mainBase || !relaxedBase || !fusedBase) throw new Error('usage: node scripts/split-modules.mjs build/activations build/activations-relaxed build/activations-fused');
const main = readFileSync(`${mainBase}.wasm`);
const relaxed = readFileSync(`${relaxedBase}.wasm`);
const fused = readFileSync(`${fusedBase}.wasm`);
const exportNames = (bytes) => {
  const m = binaryen.readBinary(bytes);
  const names = exportsOf(m).filter((n) => n !== 'memory');
  m.dispose();
  return names;
};
const mainNames = exportNames(main);
const relaxedNames = exportNames(relaxed);

const { ACTIVATIONS, kernelsOf } = await registry();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const used = new Set(CORE);
const report = [];
const segments = segmentsOf(readFileSync(`${mainBase}.wat`, 'utf8'));
// The fused module has the main module's data, byte for byte (the same sources; the hoisted constant
// table, which only the main module holds, aside): its kernels read the main module's addresses.
const fusedSegments = segmentsOf(readFileSync(`${fusedBase}.wat`, 'utf8'));
const same = (a, b) => a.at === b.at && Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes)) === 0;
if (fusedSegments.length !== segments.filter((g) => !g.table).length || !fusedSegments.every((g, i) => same(g, segments.filter((x) => !x.table)[i]))) {
  throw new Error('split-modules: the fused module\'s data differs from the main module\'s');
}

/** `text` with each export of `names` exported again as relaxed:<name> (see the header). */
function withRelaxedAliases(text, names) {
  const lines = text.split('\n');
  const out = [];
  for (const l of lines) {
    out.push(l);
    const m = l.match(/^ \(export "([^"]+)" \(func (\S+)\)\)$/);
    if (m && names.includes(m[1])) out.push(` (export "relaxed:${m[1]}" (func ${m[2]}))`);
  }
  return out.join('\n');
}

const write = (name, kernels, side) => {
  let bytes;
  if (name === 'core') {
    // The core keeps the memory (its size covers every address) and no data: each module writes what
    // it reads. core-relaxed: the relaxed module's madd probe alone.
    bytes = assemble(withoutData(only(main, kernels)));
    writeFileSync(path.join(OUT, 'core-relaxed.wasm'), assemble(importMemory(only(relaxed, side), segments)));
  } else if (side.length) bytes = assemble(importMemory(withRelaxedAliases(only(fused, kernels), side), segments));
  else bytes = assemble(importMemory(only(main, kernels), segments)); // no relaxed variant: the plain module itself
  writeFileSync(path.join(OUT, `${name}.wasm`), bytes);
  report.push(`${name} ${bytes.length}${side.length ? ` (${side.length} relaxed)` : ''}`);
};
write('core', CORE, ['madd_probe_f32']);
// One module per description's `wasm` (a module may serve two descriptions: softmax's holds softmin's).
const groups = new Map();
for (const spec of ACTIVATIONS) {
  const names = kernelsOf(spec).flatMap(([stem]) => [`${stem}_f32`, `${stem}_f64`]);
  for (const n of names) used.add(n);
  groups.set(spec.wasm.name, [...new Set([...(groups.get(spec.wasm.name) ?? []), ...names])]);
}
for (const [name, names] of groups) write(name, names, names.filter((n) => relaxedNames.includes(n)));
for (const n of mainNames) if (!used.has(n)) throw new Error(`split-modules: the main module exports ${n}, which no activation of the registry uses`);
for (const n of relaxedNames) if (!used.has(n)) throw new Error(`split-modules: the relaxed module exports ${n}, which no activation of the registry uses`);
console.log(`split: one module per activation's description (bytes; kernels with a relaxed variant): ${report.join(', ')}`);
