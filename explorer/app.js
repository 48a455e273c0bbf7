// The activation explorer: every function of the registry (lib.ACTIVATIONS) and its derivative,
// computed live by the built bundle (wasm kernels where the browser validates SIMD), drawn by hand on
// canvases; parameters on sliders and selects from the registry's params; regions where the gradient
// vanishes (|f'| below a threshold) or dies (f' = 0) shaded; the f32 error in ULP of both backends
// against a float64 reference; and a short in-page benchmark, wasm vs js.
//
// State lives in the URL hash (#fn=leakyRelu&min=-6&max=6&alpha=0.1), so a view can be linked.
// window.__explorer reports renders and benchmark results to the browser test (test/browser/).

import * as lib from '../dist/index.js';

const $ = (id) => document.getElementById(id);
const SPECS = lib.ACTIVATIONS;
const COLORS = { f: '#2563eb', grad: '#ea7317', wasm: '#2563eb', js: '#ea7317', vanish: 'rgba(234, 115, 23, 0.10)', dead: 'rgba(180, 35, 24, 0.16)', bound: '#b42318', grid: '#e7eaf0', axis: '#9aa4b2', text: '#5f6b7a' };
const ULP_POINTS = 2048;
const BENCH_N = 65_536;
const BENCH_MS = 220;

/** What tests read: how many renders, what was drawn last, benchmark results. */
const report = (window.__explorer = { ready: false, renders: 0, last: undefined, bench: undefined, errors: [] });

const wasmAvailable = (() => {
  try {
    lib.setBackend('wasm');
    return true;
  } catch {
    return false;
  } finally {
    lib.setBackend('auto');
  }
})();
const BACKENDS = wasmAvailable ? ['wasm', 'js'] : ['js'];

// ---------------------------------------------------------------------------------------------
// State

const state = { name: 'sigmoid', xmin: -6, xmax: 6, params: {}, rowLength: 2, showGrad: true, showShade: true, threshold: 1e-3 };
const spec = () => SPECS.find((s) => s.name === state.name) ?? SPECS[0];

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  if (q.has('fn') && SPECS.some((s) => s.name === q.get('fn'))) state.name = q.get('fn');
  const num = (k, d) => (q.has(k) && Number.isFinite(+q.get(k)) ? +q.get(k) : d);
  state.xmin = num('min', state.xmin);
  state.xmax = num('max', state.xmax);
  state.rowLength = Math.round(num('L', state.rowLength));
  state.params = {};
  for (const p of spec().params) {
    const v = q.get(p.name);
    if (v === null) state.params[p.name] = p.default;
    else state.params[p.name] = typeof p.kind === 'string' ? (Number.isFinite(+v) ? +v : p.default) : p.kind.includes(v) ? v : p.default;
  }
}

function writeHash() {
  const q = new URLSearchParams({ fn: state.name, min: String(state.xmin), max: String(state.xmax) });
  for (const p of spec().params) if (state.params[p.name] !== p.default) q.set(p.name, String(state.params[p.name]));
  if (spec().kind === 'axis') q.set('L', String(state.rowLength));
  history.replaceState(null, '', `#${q}`);
}

// ---------------------------------------------------------------------------------------------
// Controls

/** Slider bounds for a numeric parameter, from its default and kind ('nonzero' stays positive here). */
function sliderRange(p) {
  const d = Math.abs(p.default);
  if (p.kind === 'positive' || p.kind === 'nonzero') {
    const hi = Math.max(2, 5 * d);
    return { min: hi / 500, max: hi, step: hi / 500 };
  }
  const m = Math.max(1, 5 * d);
  return { min: -m, max: m, step: m / 500 };
}

const fmt = (v) => (Number.isInteger(v) ? String(v) : String(+v.toPrecision(4)));

function buildControls() {
  const s = spec();
  $('formula').innerHTML = '';
  const f = document.createElement('code');
  f.textContent = s.formula;
  $('formula').append(f, ` — max error ${s.bound.f32.ulp} ULP (f32)`);
  $('differs').textContent = s.differs ?? '';

  const box = $('params');
  box.replaceChildren(Object.assign(document.createElement('legend'), { textContent: 'parameters' }));
  for (const p of s.params) {
    const div = document.createElement('div');
    div.className = 'param';
    const head = document.createElement('div');
    head.className = 'head';
    const label = document.createElement('label');
    label.textContent = p.name;
    label.title = p.doc;
    head.append(label);
    let input;
    if (typeof p.kind === 'string') {
      const r = sliderRange(p);
      input = Object.assign(document.createElement('input'), { type: 'range', min: r.min, max: r.max, step: r.step, value: state.params[p.name] });
      const out = document.createElement('output');
      out.textContent = fmt(state.params[p.name]);
      const reset = Object.assign(document.createElement('button'), { type: 'button', textContent: `default ${p.default}`, title: 'back to the default' });
      head.append(out, reset);
      input.addEventListener('input', () => {
        state.params[p.name] = +input.value;
        out.textContent = fmt(+input.value);
        update();
      });
      reset.addEventListener('click', () => {
        input.value = p.default;
        input.dispatchEvent(new Event('input'));
      });
    } else {
      input = document.createElement('select');
      for (const k of p.kind) input.append(new Option(k, k, false, k === state.params[p.name]));
      input.addEventListener('change', () => {
        state.params[p.name] = input.value;
        update();
      });
    }
    input.id = `param-${p.name}`;
    input.setAttribute('aria-label', p.name);
    label.htmlFor = input.id;
    const doc = Object.assign(document.createElement('p'), { className: 'note', textContent: p.doc });
    div.append(head, input, doc);
    box.append(div);
  }
  if (s.kind === 'axis') {
    const div = document.createElement('div');
    div.className = 'param';
    div.innerHTML = '<div class="head"><label for="param-L">row length L</label><output></output></div>';
    const input = Object.assign(document.createElement('input'), { type: 'range', min: 2, max: 16, step: 1, value: state.rowLength, id: 'param-L' });
    const out = div.querySelector('output');
    out.textContent = state.rowLength;
    input.addEventListener('input', () => {
      state.rowLength = +input.value;
      out.textContent = input.value;
      update();
    });
    const doc = Object.assign(document.createElement('p'), { className: 'note' });
    doc.innerHTML = `${s.name} works along an axis: plotted is y<sub>0</sub> of ${s.name}([x, 0, …, 0]) over rows of length L, and ∂y<sub>0</sub>/∂x.`;
    div.append(input, doc);
    box.append(div);
  }
  if (box.children.length === 1) box.append(Object.assign(document.createElement('p'), { className: 'note', textContent: 'none' }));
}

// ---------------------------------------------------------------------------------------------
// Computing (always through the public API)

const round32 = (v) => (typeof v === 'number' ? Math.fround(v) : v);

function options(s, round = false) {
  const o = {};
  for (const p of s.params) o[p.name] = round ? round32(state.params[p.name]) : state.params[p.name];
  return o;
}

/** f over x (Float32Array or Float64Array); axis functions: y0 of rows [x, 0, …, 0]. */
function evaluate(s, x, opts) {
  if (s.kind !== 'axis') return lib[s.name](x, opts);
  const L = state.rowLength;
  const rows = new x.constructor(x.length * L);
  for (let i = 0; i < x.length; i++) rows[i * L] = x[i];
  const y = lib[s.name](rows, { ...opts, shape: [x.length, L], axis: -1 });
  const out = new x.constructor(x.length);
  for (let i = 0; i < x.length; i++) out[i] = y[i * L];
  return out;
}

/** f'(x): the exported <name>Grad with dy = 1 where there is one, else central differences in f64. */
function derivative(s, x, opts) {
  const grad = lib[`${s.name}Grad`];
  if (typeof grad === 'function' && s.kind !== 'axis') return { g: grad(x, new x.constructor(x.length).fill(1), opts), how: `${s.name}Grad` };
  if (typeof grad === 'function' && s.kind === 'axis') {
    // Vector-Jacobian product with dy = e0 on each row: dx0 = ∂y0/∂x0 (the Grad takes y, as PyTorch).
    const L = state.rowLength;
    const rows = new x.constructor(x.length * L);
    for (let i = 0; i < x.length; i++) rows[i * L] = x[i];
    const o = { ...opts, shape: [x.length, L], axis: -1 };
    const y = lib[s.name](rows, o);
    const dy = new x.constructor(rows.length);
    for (let i = 0; i < x.length; i++) dy[i * L] = 1;
    const dx = grad(y, dy, o);
    const g = new x.constructor(x.length);
    for (let i = 0; i < x.length; i++) g[i] = dx[i * L];
    return { g, how: `${s.name}Grad` };
  }
  const x64 = Float64Array.from(x);
  const h = x64.map((v) => 1e-5 * Math.max(1, Math.abs(v)));
  const up = evaluate(s, x64.map((v, i) => v + h[i]), opts);
  const down = evaluate(s, x64.map((v, i) => v - h[i]), opts);
  return { g: Float32Array.from(up, (v, i) => (v - down[i]) / (2 * h[i])), how: 'central differences' };
}

function linspace(n, lo, hi) {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + ((hi - lo) * i) / (n - 1);
  return x;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
function ord32(v) {
  f32[0] = v;
  const b = i32[0];
  return b >= 0 ? b : -2147483648 - b;
}
/** Distance in f32 units in the last place (NaN against NaN is 0, NaN against a number Infinity). */
function ulp32(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ord32(a) - ord32(b));
}

function withBackend(name, f) {
  lib.setBackend(name);
  try {
    return f();
  } finally {
    lib.setBackend('auto');
  }
}

// ---------------------------------------------------------------------------------------------
// Drawing

function canvas(id) {
  const c = $(id);
  const r = c.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  c.width = Math.max(1, Math.round(r.width * dpr));
  c.height = Math.max(1, Math.round(r.height * dpr));
  const ctx = c.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, r.width, r.height);
  return { ctx, w: r.width, h: r.height };
}

/** Round tick positions (1, 2, 5 × 10^k) covering [lo, hi]. */
function ticks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  const step = (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}
const tickLabel = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4)));

/** A frame with grid and labelled axes; returns the data → pixel mappings. */
function frame(ctx, w, h, xr, yr, m = { l: 52, r: 14, t: 12, b: 26 }) {
  const X = (v) => m.l + ((v - xr[0]) / (xr[1] - xr[0])) * (w - m.l - m.r);
  const Y = (v) => h - m.b - ((v - yr[0]) / (yr[1] - yr[0])) * (h - m.t - m.b);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks(xr[0], xr[1], Math.max(2, Math.floor((w - m.l - m.r) / 80)))) {
    ctx.strokeStyle = t === 0 ? COLORS.axis : COLORS.grid;
    ctx.beginPath();
    ctx.moveTo(X(t) + 0.5, m.t);
    ctx.lineTo(X(t) + 0.5, h - m.b);
    ctx.stroke();
    ctx.fillText(tickLabel(t), X(t), h - m.b + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(yr[0], yr[1], Math.max(2, Math.floor((h - m.t - m.b) / 40)))) {
    ctx.strokeStyle = t === 0 ? COLORS.axis : COLORS.grid;
    ctx.beginPath();
    ctx.moveTo(m.l, Y(t) + 0.5);
    ctx.lineTo(w - m.r, Y(t) + 0.5);
    ctx.stroke();
    ctx.fillText(tickLabel(t), m.l - 6, Y(t));
  }
  ctx.strokeStyle = COLORS.axis;
  ctx.strokeRect(m.l + 0.5, m.t + 0.5, w - m.l - m.r, h - m.t - m.b);
  return { X, Y, m };
}

function curve(ctx, x, y, X, Y, color, width, dash = []) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(y[i])) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(X(x[i]), Y(y[i]));
    else ctx.moveTo(X(x[i]), Y(y[i]));
    pen = true;
  }
  ctx.stroke();
  ctx.restore();
}

function range(...arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!(lo <= hi)) return [-1, 1];
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) return [lo - 1, hi + 1];
  const pad = 0.08 * (hi - lo);
  return [lo - pad, hi + pad];
}

function drawPlot() {
  const s = spec();
  const { ctx, w, h } = canvas('plot');
  const n = Math.max(200, Math.round(w));
  const x = linspace(n, state.xmin, state.xmax);
  const opts = options(s);
  const y = evaluate(s, x, opts);
  const { g, how } = derivative(s, x, opts);
  const yr = range(y, state.showGrad ? g : []);
  const { X, Y, m } = frame(ctx, w, h, [state.xmin, state.xmax], yr);

  let vanishing = 0;
  let dead = 0;
  if (state.showShade) {
    // Shade where |f'| < threshold (vanishing) or f' = 0 exactly (dead), one rectangle per run of
    // samples of the same class (no seams between columns).
    const dx = (X(x[1]) - X(x[0])) / 2;
    const kind = (i) => {
      const a = Math.abs(g[i]);
      return a === 0 ? 'dead' : a < state.threshold ? 'vanish' : '';
    };
    for (let i = 0; i < n; ) {
      const k = kind(i);
      let j = i;
      while (j + 1 < n && kind(j + 1) === k) j++;
      if (k === 'dead') dead += j - i + 1;
      if (k === 'vanish') vanishing += j - i + 1;
      if (k) {
        ctx.fillStyle = COLORS[k];
        const left = Math.max(m.l, X(x[i]) - dx);
        const right = Math.min(w - m.r, X(x[j]) + dx);
        ctx.fillRect(left, m.t + 1, right - left, h - m.t - m.b - 1);
      }
      i = j + 1;
    }
  }
  if (state.showGrad) curve(ctx, x, g, X, Y, COLORS.grad, 1.6, how === 'central differences' ? [5, 4] : []);
  curve(ctx, x, y, X, Y, COLORS.f, 2.2);

  const legend = $('legend');
  legend.innerHTML = '';
  const key = (color, text) => {
    const span = Object.assign(document.createElement('span'), { className: 'key', textContent: text });
    span.style.setProperty('--c', color);
    legend.append(span);
  };
  key(COLORS.f, `${s.name}(x) — ${lib.getBackend()} backend, Float32Array`);
  if (state.showGrad) key(COLORS.grad, `f′(x) — ${how}`);
  if (state.showShade) {
    key(COLORS.vanish, `vanishing: |f′| < ${state.threshold} (${((100 * vanishing) / n).toFixed(0)}% of the range)`);
    key(COLORS.dead, `dead: f′ = 0 (${((100 * dead) / n).toFixed(0)}%)`);
  }
  return { samples: n, vanishing, dead, how };
}

function drawUlp() {
  const s = spec();
  const { ctx, w, h } = canvas('ulp');
  const x = linspace(ULP_POINTS, state.xmin, state.xmax);
  // The library rounds parameters to f32 for Float32Array input; the reference does the same, then
  // computes in float64 (the js backend on a Float64Array) and rounds once to f32.
  const opts = options(s, true);
  const ref = withBackend('js', () => evaluate(s, Float64Array.from(x), opts));
  const want = Float32Array.from(ref);
  const errors = {};
  const worst = {};
  for (const b of BACKENDS) {
    const y = withBackend(b, () => evaluate(s, x, opts));
    const e = new Float64Array(x.length);
    worst[b] = { ulp: 0, x: NaN };
    for (let i = 0; i < x.length; i++) {
      e[i] = ulp32(y[i], want[i]);
      if (e[i] > worst[b].ulp) worst[b] = { ulp: e[i], x: x[i] };
    }
    errors[b] = e;
  }
  const bound = s.bound.f32.ulp;
  const top = Math.max(1, bound, ...Object.values(worst).map((v) => (Number.isFinite(v.ulp) ? v.ulp : 0))) * 1.15;
  const { X, Y, m } = frame(ctx, w, h, [state.xmin, state.xmax], [0, top]);
  ctx.save();
  ctx.strokeStyle = COLORS.bound;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(m.l, Y(bound) + 0.5);
  ctx.lineTo(w - m.r, Y(bound) + 0.5);
  ctx.stroke();
  ctx.restore();
  // Each backend's error as the max per pixel column, wasm and js side by side.
  BACKENDS.forEach((b, k) => {
    const cols = new Map();
    errors[b].forEach((e, i) => {
      const px = Math.round(X(x[i]));
      cols.set(px, Math.max(cols.get(px) ?? 0, Number.isFinite(e) ? e : top));
    });
    ctx.fillStyle = COLORS[b];
    for (const [px, e] of cols) if (e > 0) ctx.fillRect(px + k * 1.5 - 1, Y(e), 1.5, Y(0) - Y(e));
  });
  const legend = $('ulp-legend');
  legend.innerHTML = '';
  const key = (color, text) => {
    const span = Object.assign(document.createElement('span'), { className: 'key', textContent: text });
    span.style.setProperty('--c', color);
    legend.append(span);
  };
  for (const b of BACKENDS) key(COLORS[b], `${b}: max ${worst[b].ulp} ULP${worst[b].ulp ? ` at x = ${fmt(worst[b].x)}` : ''}`);
  key(COLORS.bound, `documented bound ${bound} ULP`);
  legend.append(Object.assign(document.createElement('span'), { textContent: `error of the f32 result against float64 (the same function on a Float64Array, rounded to f32), ${ULP_POINTS} points` }));
  return Object.fromEntries(BACKENDS.map((b) => [b, worst[b].ulp]));
}

// ---------------------------------------------------------------------------------------------
// Benchmark

async function bench() {
  const s = spec();
  const button = $('run-bench');
  button.disabled = true;
  const bars = $('bars');
  bars.replaceChildren();
  const results = [];
  const rows = [];
  try {
    for (const Type of [Float32Array, Float64Array]) {
      const x = new Type(BENCH_N);
      for (let i = 0; i < BENCH_N; i++) x[i] = -8 + (16 * ((i * 7919) % BENCH_N)) / BENCH_N;
      const out = new Type(BENCH_N);
      const opts = { ...options(s), out, ...(s.kind === 'axis' ? { shape: [BENCH_N / 1024, 1024], axis: -1 } : {}) };
      const type = Type === Float32Array ? 'f32' : 'f64';
      for (const b of BACKENDS) {
        await new Promise((r) => setTimeout(r, 0)); // let the page paint between measurements
        const rate = withBackend(b, () => {
          for (let k = 0; k < 5; k++) lib[s.name](x, opts);
          let calls = 0;
          const t0 = performance.now();
          let t = t0;
          while (t - t0 < BENCH_MS) {
            lib[s.name](x, opts);
            calls++;
            t = performance.now();
          }
          return (calls * BENCH_N) / ((t - t0) / 1000) / 1e6;
        });
        results.push({ backend: b, type, melemPerSec: rate });
        const label = Object.assign(document.createElement('span'), { textContent: `${s.name} · ${b} · ${type}` });
        const bar = Object.assign(document.createElement('div'), { className: 'bar' });
        bar.style.setProperty('--c', COLORS[b]);
        const value = Object.assign(document.createElement('span'), { className: 'value' });
        rows.push({ bar, value, rate, b, type });
        bars.append(label, bar, value);
        const max = Math.max(...rows.map((r) => r.rate));
        for (const r of rows) {
          r.bar.style.width = `${(100 * r.rate) / max}%`;
          const js = rows.find((q) => q.type === r.type && q.b === 'js');
          r.value.textContent = `${r.rate.toFixed(0)} M elem/s${r.b === 'wasm' && js ? ` (×${(r.rate / js.rate).toFixed(1)})` : ''}`;
        }
      }
    }
    $('bench-note').textContent = `${BENCH_N.toLocaleString('en')} elements per call, ${BENCH_MS} ms per bar; Float64Array calls run the js twins where the module has no f64 kernel.`;
    report.bench = { name: s.name, results };
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

function fail(e) {
  console.error(e);
  report.errors.push(String(e && e.message ? e.message : e));
  $('status').textContent = `Error: ${e && e.message ? e.message : e}`;
}

let pending = 0;
function update() {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(render);
}

function render() {
  try {
    $('status').textContent = '';
    if (!(state.xmax > state.xmin)) {
      $('status').textContent = 'The range is empty: "to" must be greater than "from".';
      return;
    }
    if (spec().kind !== 'elementwise' && spec().kind !== 'axis') {
      // A kind of function this page does not know how to plot yet: say so rather than guess.
      canvas('plot');
      canvas('ulp');
      $('legend').textContent = `${state.name} is of kind '${spec().kind}', which the explorer does not plot yet.`;
      $('ulp-legend').textContent = '';
      writeHash();
      report.renders++;
      report.last = { name: state.name, skipped: `kind ${spec().kind}` };
      report.ready = true;
      return;
    }
    const plot = drawPlot();
    const ulp = drawUlp();
    writeHash();
    report.renders++;
    report.last = { name: state.name, xmin: state.xmin, xmax: state.xmax, params: { ...state.params }, ...plot, ulp };
    report.ready = true;
  } catch (e) {
    fail(e);
  }
}

function start() {
  readHash();
  const select = $('fn');
  for (const s of SPECS) select.append(new Option(`${s.name}${lib[`${s.name}Grad`] ? `  (and ${s.name}Grad)` : ''}`, s.name, false, s.name === state.name));
  select.addEventListener('change', () => {
    state.name = select.value;
    state.params = Object.fromEntries(spec().params.map((p) => [p.name, p.default]));
    buildControls();
    update();
  });
  $('xmin').value = state.xmin;
  $('xmax').value = state.xmax;
  for (const id of ['xmin', 'xmax']) {
    $(id).addEventListener('input', () => {
      const v = +$(id).value;
      if (Number.isFinite(v) && $(id).value !== '') state[id] = v;
      update();
    });
  }
  $('show-grad').addEventListener('change', (e) => ((state.showGrad = e.target.checked), update()));
  $('show-shade').addEventListener('change', (e) => ((state.showShade = e.target.checked), update()));
  $('threshold').addEventListener('input', (e) => {
    const v = +e.target.value;
    if (v > 0) state.threshold = v;
    update();
  });
  $('run-bench').addEventListener('click', () => bench().catch(fail));
  window.addEventListener('resize', update);
  window.addEventListener('hashchange', () => {
    readHash();
    select.value = state.name;
    $('xmin').value = state.xmin;
    $('xmax').value = state.xmax;
    buildControls();
    update();
  });
  const auto = lib.getBackend();
  $('backend').textContent = auto === 'wasm' ? 'computed live by the SIMD WebAssembly kernels (automatic backend: wasm)' : 'this browser does not validate WebAssembly SIMD: computed by the js backend';
  buildControls();
  render();
}

window.addEventListener('error', (e) => fail(e.error ?? e.message));
try {
  start();
} catch (e) {
  fail(e);
}
