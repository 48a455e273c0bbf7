// Hashes of every export of the built wasm modules on fixed inputs, for changes to assembly/ that must
// change no bit: elementwise kernels (forward and derivative, three parameter sets), the axis kernels
// (softmax, log-softmax and their derivatives: rows, columns, the passes of long rows), prelu, and the
// relaxed side module's kernels run on the main module's memory. Two builds that compute alike print
// equal JSON:
//   node scripts/kernel-hash.mjs > before.json        (build/activations.wasm, build/activations-relaxed.wasm)
//   node scripts/kernel-hash.mjs A.wasm A-relaxed.wasm > a.json
//   (after the change) node scripts/kernel-hash.mjs | diff before.json -
// The relaxed module's hashes hold for this machine only (relaxed_madd is fused or not per machine).
// Node 20 needs --experimental-wasm-relaxed-simd for the side module; Node 22.18+ runs it as is.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import binaryen from 'binaryen';

const [mainFile = 'build/activations.wasm', relaxedFile = 'build/activations-relaxed.wasm'] = process.argv.slice(2);
const main = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(mainFile)), {}).exports;
const side = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(relaxedFile)), { env: { memory: main.memory } }).exports;
const base = (main.heap_base() + 63) & ~63;
const SLOT = 1 << 20; // bytes per argument slot
main.memory.grow(Math.ceil((base + 8 * SLOT - main.memory.buffer.byteLength) / 65536) + 1);
const slot = (i) => base + i * SLOT;
const view = (T, i, n) => new T(main.memory.buffer, slot(i), n);

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
const hash = (T, i, n, extra = '') => createHash('sha256').update(new Uint8Array(main.memory.buffer, slot(i), T.BYTES_PER_ELEMENT * n)).update(String(extra)).digest('hex').slice(0, 16);
const put = (T, i, vals) => view(T, i, vals.length).set(vals);
const clear = () => new Uint8Array(main.memory.buffer, base, 8 * SLOT).fill(0);

const out = {};
const types = { f32: Float32Array, f64: Float64Array };
const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-38, 3.4e38, -3.4e38, 1e-300, 1e300, 88.7, -87.3, -103.9, 20, -20, 0.5, -0.5, 3, -3, 6, 1, -1];

// ---- elementwise: fn(src, dst, n, p...) and fn_grad(x, dy, dst, n, p...) ----
const N = 1 << 14;
const axisLike = /rows|cols|max|sumexp|rescale|count|shift|reduce|apply|prelu|probe/;
for (const [label, ex] of [['main', main], ['relaxed', side]]) {
  for (const [t, T] of Object.entries(types)) {
    seed = 7;
    const x = Array.from({ length: N }, (_, i) => (i < specials.length ? specials[i] : (rnd() - 0.5) * Math.exp(rnd() * 12 - 4) * (rnd() < 0.1 ? 100 : 1)));
    const dy = Array.from({ length: N }, () => (rnd() - 0.5) * 4);
    for (const name of Object.keys(ex).filter((k) => k.endsWith(`_${t}`) && !axisLike.test(k))) {
      const h = [];
      for (const n of [N, N - 1, 5, 3, 1]) {
        for (const p of [[1.0, 1.0], [0.3, 2.5], [-0.7, 0.1], [40, -1]]) {
          clear();
          put(T, 0, x.slice(0, n));
          put(T, 1, dy.slice(0, n));
          if (name.includes('grad')) ex[name](slot(0), slot(1), slot(2), n, p[0], p[1], p[0]);
          else ex[name](slot(0), slot(2), n, p[0], p[1], p[0]);
          h.push(hash(T, 2, n + 4));
        }
      }
      out[`${label} ${name}`] = createHash('sha256').update(h.join()).digest('hex').slice(0, 16);
    }
  }
}

// ---- axis inputs: rows of many shapes ----
function rowCases(t) {
  const cases = [];
  const gen = (len, f) => Array.from({ length: len }, (_, i) => f(i));
  for (const len of [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 63, 64, 65, 100, 257, 1000]) {
    cases.push(gen(len, () => (rnd() - 0.5) * 20)); // plain logits
    cases.push(gen(len, () => (rnd() - 0.5) * 600)); // wide
    cases.push(gen(len, (i) => (i === len >> 1 ? 50 : (rnd() - 0.5) * 2))); // peaked
    cases.push(gen(len, (i) => (i % 3 === 0 ? 7 : 7 - rnd() * 3))); // ties at the max
    cases.push(gen(len, () => 1e4 + (rnd() - 0.5) * 100)); // huge max: no shift
    cases.push(gen(len, (i) => (i === 0 ? 0 : t === 'f32' ? -60 - rnd() * 40 : -700 - rnd() * 600))); // tiny T
    cases.push(gen(len, (i) => (i === len - 1 ? NaN : rnd()))); // NaN
    cases.push(gen(len, (i) => (i === 1 ? Infinity : rnd()))); // +Infinity
    cases.push(gen(len, (i) => (i % 2 ? -Infinity : rnd() * 3))); // −Infinity among finite
    cases.push(gen(len, () => -Infinity)); // all −Infinity
    cases.push(gen(len, () => (rnd() - 0.5) * 1e-30)); // tiny
  }
  return cases;
}

for (const [label, ex] of [['main', main], ['relaxed', side]]) {
  for (const [t, T] of Object.entries(types)) {
    if (!ex[`softmax_rows_${t}`]) continue;
    seed = 11;
    const cases = rowCases(t);
    for (const stem of ['softmax', 'log_softmax']) {
      const h = [];
      for (const row of cases) {
        const len = row.length;
        // rows: 3 rows of the same data shifted, contiguous
        const rows = [...row, ...row.map((v) => v - 1), ...row.map((v) => v * 0.5)];
        clear();
        put(T, 0, rows);
        ex[`${stem}_rows_${t}`](slot(0), slot(1), 3, len);
        h.push(hash(T, 1, 3 * len));
        // the passes of a long row, in two chunks
        clear();
        put(T, 0, row);
        const m = ex[`${stem}_max_${t}`](slot(0), len);
        const a = len >> 1;
        if (stem === 'softmax') {
          const s1 = ex[`softmax_sumexp_${t}`](slot(0), slot(1), a, m);
          const s2 = ex[`softmax_sumexp_${t}`](slot(0) + a * T.BYTES_PER_ELEMENT, slot(1) + a * T.BYTES_PER_ELEMENT, len - a, m);
          ex[`softmax_rescale_${t}`](slot(1), slot(2), len, s1 + s2);
          h.push(hash(T, 2, len, [m, s1, s2]));
        } else {
          const s1 = ex[`log_softmax_sumexp_${t}`](slot(0), a, m);
          const c1 = ex[`log_softmax_count_${t}`]();
          const s2 = ex[`log_softmax_sumexp_${t}`](slot(0) + a * T.BYTES_PER_ELEMENT, len - a, m);
          const c2 = ex[`log_softmax_count_${t}`]();
          ex[`log_softmax_shift_${t}`](slot(0), slot(2), len, m, Math.log1p(s1 + s2 + c1 + c2 - 1));
          h.push(hash(T, 2, len, [m, s1, s2, c1, c2]));
        }
      }
      // columns: len rows × cols columns, ld >= cols; the columns' data from the cases
      for (const [len, cols, ld] of [[1, 1, 1], [3, 5, 5], [7, 16, 16], [64, 17, 20], [65, 33, 33], [100, 40, 41], [5, 3, 1000], [257, 21, 21]]) {
        clear();
        const block = new Array(len * ld).fill(0);
        for (let c = 0; c < cols; c++) {
          const src = cases[(c * 7 + len) % cases.length];
          for (let r = 0; r < len; r++) block[r * ld + c] = src[r % src.length];
        }
        put(T, 0, block);
        ex[`${stem}_cols_${t}`](slot(0), slot(1), len, cols, ld);
        h.push(hash(T, 1, len * ld));
      }
      out[`${label} ${stem} ${t}`] = createHash('sha256').update(h.join()).digest('hex').slice(0, 16);
    }
  }
}

// ---- softmax and log-softmax derivatives: (y, dy) → dx ----
for (const [t, T] of Object.entries(types)) {
  seed = 13;
  const cases = rowCases(t).filter((_, i) => i % 3 === 0);
  for (const stem of ['softmax_grad', 'log_softmax_grad']) {
    const h = [];
    for (const row of cases) {
      const len = row.length;
      // y: a forward output of the row (so that it is in range), plus some rows of raw values (y > 0, huge)
      clear();
      put(T, 0, row);
      main[`${stem === 'softmax_grad' ? 'softmax' : 'log_softmax'}_rows_${t}`](slot(0), slot(1), 1, len);
      const y = Array.from(view(T, 1, len));
      for (const ys of [y, row]) {
        for (const dscale of [1, 1e-300, 1e300, 0]) {
          const dy = Array.from({ length: len }, () => (rnd() - 0.5) * 4 * dscale);
          const ys3 = [...ys, ...ys, ...ys];
          const dy3 = [...dy, ...dy.map((v) => -v), ...dy.map((v) => v * 3)];
          clear();
          put(T, 0, ys3);
          put(T, 1, dy3);
          main[`${stem}_rows_${t}`](slot(0), slot(1), slot(2), 3, len);
          h.push(hash(T, 2, 3 * len));
          // long-row passes: reduce into a double-double, then apply
          const acc = new Float64Array(main.memory.buffer, slot(3), 2);
          acc[0] = 0;
          acc[1] = 0;
          const a = len >> 1;
          const bs = T.BYTES_PER_ELEMENT;
          main[`${stem}_reduce_${t}`](slot(0), slot(1), a, slot(3));
          main[`${stem}_reduce_${t}`](slot(0) + a * bs, slot(1) + a * bs, len - a, slot(3));
          main[`${stem}_apply_${t}`](slot(0), slot(1), slot(4), len, acc[0], acc[1]);
          h.push(hash(T, 4, len, [acc[0], acc[1]]));
        }
      }
    }
    for (const [len, cols, ld] of [[1, 1, 1], [3, 5, 5], [7, 16, 16], [64, 17, 20], [65, 33, 33], [100, 40, 41], [5, 3, 1000]]) {
      for (const dscale of [1, 1e300]) {
        clear();
        const yb = new Array(len * ld).fill(0);
        const db = new Array(len * ld).fill(0);
        for (let c = 0; c < cols; c++) for (let r = 0; r < len; r++) {
          yb[r * ld + c] = stem === 'softmax_grad' ? rnd() / len : -rnd() * 8 + (c === 3 ? 1 : 0);
          db[r * ld + c] = (rnd() - 0.5) * 4 * dscale;
        }
        put(T, 0, yb);
        put(T, 1, db);
        main[`${stem}_cols_${t}`](slot(0), slot(1), slot(2), len, cols, ld);
        h.push(hash(T, 2, len * ld));
      }
    }
    out[`main ${stem} ${t}`] = createHash('sha256').update(h.join()).digest('hex').slice(0, 16);
  }
}

// ---- prelu: per-element slope patterns, and runs of one slope ----
for (const [t, T] of Object.entries(types)) {
  seed = 17;
  const h = [];
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 33, 1000]) {
    const x = Array.from({ length: n }, (_, i) => (i < specials.length ? specials[(i * 5) % specials.length] : (rnd() - 0.5) * 10));
    const dy = Array.from({ length: n }, (_, i) => (i % 11 === 3 ? Infinity : (rnd() - 0.5) * 4));
    const s = Array.from({ length: n }, () => (rnd() - 0.3) * 2);
    clear();
    put(T, 0, x);
    put(T, 1, s);
    main[`prelu_${t}`](slot(0), slot(1), slot(2), n);
    h.push(hash(T, 2, n + 4));
    for (const slope of [0.25, -2, 0, NaN]) {
      clear();
      put(T, 0, x);
      put(T, 1, dy);
      const r = main[`prelu_grad_run_${t}`](slot(0), slot(1), slot(2), n, slope);
      h.push(hash(T, 2, n + 4, r));
    }
    for (const [rows, len] of [[1, n], [3, Math.max(1, n >> 2)]]) {
      clear();
      put(T, 0, x.slice(0, rows * len).concat(new Array(Math.max(0, rows * len - n)).fill(0.5)));
      put(T, 1, dy.slice(0, rows * len).concat(new Array(Math.max(0, rows * len - n)).fill(-1)));
      put(T, 2, s.slice(0, len));
      main[`prelu_grad_${t}`](slot(0), slot(1), slot(2), slot(3), slot(4), rows, len);
      h.push(hash(T, 3, rows * len) + hash(Float64Array, 4, len));
    }
  }
  out[`main prelu ${t}`] = createHash('sha256').update(h.join()).digest('hex').slice(0, 16);
}

out['main madd_probe_f32'] = String(main.madd_probe_f32(1 + 2 ** -23, 1 - 2 ** -23, -1));
out['relaxed madd_probe_f32'] = String(side.madd_probe_f32(1 + 2 ** -23, 1 - 2 ** -23, -1));
out['main scratch'] = String(main.scratch());
out['main heap_base'] = String(main.heap_base());
// the exports' names and signatures (src/ looks kernels up by name), in name order
const names = { [binaryen.i32]: 'i32', [binaryen.i64]: 'i64', [binaryen.f32]: 'f32', [binaryen.f64]: 'f64', [binaryen.none]: '' };
for (const [label, file] of [['main', mainFile], ['relaxed', relaxedFile]]) {
  const m = binaryen.readBinary(readFileSync(file));
  const sigs = [];
  for (let i = 0; i < m.getNumExports(); i++) {
    const e = binaryen.getExportInfo(m.getExportByIndex(i));
    if (e.kind !== binaryen.ExternalFunction) {
      sigs.push(`${e.name}: kind ${e.kind}`);
      continue;
    }
    const f = binaryen.getFunctionInfo(m.getFunction(e.value));
    sigs.push(`${e.name}(${binaryen.expandType(f.params).map((p) => names[p]).join(',')})${names[f.results]}`);
  }
  m.dispose();
  out[`exports ${label}`] = sigs.sort();
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), null, 1));
