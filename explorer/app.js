// The activation explorer: the article's claims as experiments you can run, every number computed in
// the page by the built bundle (wasm kernels where the browser validates SIMD).
//
//   Compare          several functions and their derivatives on one set of axes, with bands where
//                    the derivative vanishes (|f'| below a threshold) or is zero (dead).
//   Non-linearity    a small network trained on XOR with and without an activation (explorer/lab.js).
//   Vanishing        per-layer gradient norms of a deep MLP with sigmoid, tanh and relu.
//   Dying ReLU       the fraction of dead hidden units over training, relu against its variants.
//   One function     any registry function with its parameters, its f32 error against the test suite's
//                    float64 reference as a histogram, and a short wasm-vs-js benchmark.
//
// The training runs are explorer/lab.js, the module `npm run lab` prints from. State lives in the URL
// hash (#view=compare&fns=sigmoid,relu&min=-10&max=10), so a view can be linked; a hash with fn= and
// no view opens One function. window.__explorer reports what each panel drew to the browser test
// (test/browser/explorer.test.ts).

import * as lib from '../dist/index.js';
import * as lab from './lab.js';
import { AXIS_REFERENCE, REFERENCE } from '../test/reference/f64.mjs';
import { INK, clipped, curve, frame, hline, legend, surface } from './plot.js';

const $ = (id) => document.getElementById(id);
const SPECS = lib.ACTIVATIONS;
const VIEWS = ['compare', 'nonlinearity', 'vanishing', 'dying', 'function'];
const LAB_VIEWS = ['nonlinearity', 'vanishing', 'dying'];

/** One colour per activation, the same in every panel. */
const FN_COLORS = { linear: '#64748b', sigmoid: '#2563eb', tanh: '#16a34a', relu: '#9333ea', leakyRelu: '#db2777', gelu: '#0891b2', elu: '#a16207', silu: '#4f46e5', softplus: '#0f766e' };
const SPARE = ['#be185d', '#1d4ed8', '#15803d', '#7c3aed', '#0e7490', '#854d0e', '#475569', '#c2410c'];
const colorOf = (name) => FN_COLORS[name] ?? SPARE[[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % SPARE.length];
const C = { f: '#2563eb', grad: '#ea7317', wasm: '#2563eb', js: '#ea7317', vanish: '#f59e0b', dead: '#b91c1c', vanishBg: 'rgba(245, 158, 11, 0.22)', deadBg: 'rgba(185, 28, 28, 0.20)', bound: '#b91c1c', class0: [37, 99, 235], class1: [234, 88, 12] };
const ULP_POINTS = 2048;
const BENCH_N = 65_536;
const BENCH_MS = 220;
const F32_MAX = 3.4028234663852886e38;

/** What the browser test reads: per panel, what was drawn last. */
const report = (window.__explorer = { ready: false, renders: 0, view: undefined, last: undefined, compare: undefined, lab: {}, runs: {}, progress: {}, bench: undefined, errors: [] });

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
const plottable = (s) => s.kind === 'elementwise' || s.kind === 'axis';
const ELEMENTWISE = SPECS.filter((s) => s.kind === 'elementwise' && typeof lib[`${s.name}Grad`] === 'function').map((s) => s.name);

// ---------------------------------------------------------------------------------------------
// State (defaults), the URL hash

const DEFAULTS = {
  compare: { fns: ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu'], xmin: -10, xmax: 10, threshold: 1e-3 },
  nonlinearity: { fns: [...lab.NONLINEARITY.activations], hidden: lab.NONLINEARITY.hidden, epochs: lab.NONLINEARITY.epochs, seed: lab.NONLINEARITY.seed },
  vanishing: { fns: [...lab.VANISHING.activations], depth: lab.VANISHING.depth, steps: lab.VANISHING.steps },
  dying: { fns: [...lab.DYING.activations], shift: lab.DYING.biasShift, lr: lab.DYING.lr },
  function: { name: 'sigmoid', xmin: -10, xmax: 10, params: {}, rowLength: 2, showGrad: true, showShade: true, threshold: 1e-3 },
};
const clone = (o) => JSON.parse(JSON.stringify(o));
const state = { view: 'compare', ...clone(DEFAULTS) };
const spec = () => SPECS.find((s) => s.name === state.function.name) ?? SPECS[0];

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  const view = q.get('view') ?? (q.has('fn') ? 'function' : 'compare');
  state.view = VIEWS.includes(view) ? view : 'compare';
  const num = (k, d, ok = Number.isFinite) => (q.has(k) && q.get(k) !== '' && ok(+q.get(k)) ? +q.get(k) : d);
  const list = (k, d, allowed) => (q.has(k) ? q.get(k).split(',').filter((n) => allowed.includes(n)) : [...d]);
  const range = (s, d) => {
    const a = num('min', d.xmin);
    const b = num('max', d.xmax);
    [s.xmin, s.xmax] = a < b && Math.abs(a) <= F32_MAX && Math.abs(b) <= F32_MAX ? [a, b] : [d.xmin, d.xmax];
  };
  const v = state.view;
  const d = DEFAULTS[v];
  const s = (state[v] = clone(d));
  if (v === 'compare') {
    s.fns = list('fns', d.fns, ELEMENTWISE);
    range(s, d);
    s.threshold = num('t', d.threshold, (t) => t > 0);
  } else if (v === 'nonlinearity') {
    s.fns = list('fns', d.fns, ['linear', ...lab.ACTIVATIONS]);
    s.hidden = num('hidden', d.hidden, (h) => [4, 8, 16, 32].includes(h));
    s.epochs = num('epochs', d.epochs, (e) => [100, 300, 1000].includes(e));
    s.seed = num('seed', d.seed, Number.isInteger);
  } else if (v === 'vanishing') {
    s.fns = list('fns', d.fns, lab.ACTIVATIONS);
    s.depth = num('depth', d.depth, (n) => Number.isInteger(n) && n >= 10 && n <= 30);
    s.steps = num('steps', d.steps, (n) => [50, 150, 300].includes(n));
  } else if (v === 'dying') {
    s.fns = list('fns', d.fns, lab.ACTIVATIONS);
    s.shift = num('shift', d.shift, (x) => x >= -3 && x <= 0);
    s.lr = num('lr', d.lr, (x) => [0.01, 0.05, 0.1, 0.3].includes(x));
  } else {
    if (q.has('fn') && SPECS.some((x) => x.name === q.get('fn'))) s.name = q.get('fn');
    range(s, d);
    s.rowLength = Math.round(num('L', d.rowLength, (n) => n >= 2 && n <= 16));
    s.params = {};
    for (const p of spec().params) {
      const val = q.get(p.name);
      if (val === null) s.params[p.name] = p.default;
      else s.params[p.name] = typeof p.kind === 'string' ? (Number.isFinite(+val) ? +val : p.default) : p.kind.includes(val) ? val : p.default;
    }
  }
}

function writeHash() {
  const v = state.view;
  const s = state[v];
  const q = new URLSearchParams({ view: v });
  if (v === 'compare') {
    q.set('fns', s.fns.join(','));
    q.set('min', String(s.xmin));
    q.set('max', String(s.xmax));
    if (s.threshold !== DEFAULTS.compare.threshold) q.set('t', String(s.threshold));
  } else if (v === 'nonlinearity') {
    q.set('fns', s.fns.join(','));
    for (const k of ['hidden', 'epochs', 'seed']) if (s[k] !== DEFAULTS.nonlinearity[k]) q.set(k, String(s[k]));
  } else if (v === 'vanishing') {
    q.set('fns', s.fns.join(','));
    for (const k of ['depth', 'steps']) if (s[k] !== DEFAULTS.vanishing[k]) q.set(k, String(s[k]));
  } else if (v === 'dying') {
    q.set('fns', s.fns.join(','));
    for (const k of ['shift', 'lr']) if (s[k] !== DEFAULTS.dying[k]) q.set(k, String(s[k]));
  } else {
    q.set('fn', s.name);
    q.set('min', String(s.xmin));
    q.set('max', String(s.xmax));
    for (const p of spec().params) if (s.params[p.name] !== p.default) q.set(p.name, String(s.params[p.name]));
    if (spec().kind === 'axis') q.set('L', String(s.rowLength));
  }
  const hash = `#${q}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// ---------------------------------------------------------------------------------------------
// Controls shared by several panels

const fmt = (v) => (Number.isInteger(v) ? String(v) : String(+v.toPrecision(4)));

/** Checkboxes for `names` in `box`, checked for those in s.fns; onChange after each toggle. */
function checkList(box, names, s, onChange) {
  box.replaceChildren();
  for (const name of names) {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', value: name, checked: s.fns.includes(name) });
    label.style.setProperty('--c', colorOf(name));
    label.className = 'swatch';
    label.append(input, ` ${name}`);
    input.addEventListener('change', () => {
      s.fns = names.filter((n) => box.querySelector(`input[value="${n}"]`).checked);
      onChange();
    });
    box.append(label);
  }
}

/**
 * "from" and "to" inputs in `fieldset` for the range s.xmin..s.xmax. A range that is not a range
 * (empty, reversed, not numbers, beyond f32) is not applied: the error shows next to the inputs, and
 * the plot (`canvas`) is dimmed and keeps its last good range, which the error names.
 */
function rangeControl(fieldset, prefix, s, canvas, onChange) {
  fieldset.querySelectorAll('label, .error').forEach((e) => e.remove());
  const input = (which, text) => {
    const label = Object.assign(document.createElement('label'), { className: 'row' });
    const el = Object.assign(document.createElement('input'), { id: `${prefix}-${which}`, type: 'number', step: 'any', value: s[which] });
    el.setAttribute('aria-describedby', `${prefix}-range-error`);
    label.append(text, el);
    fieldset.append(label);
    return el;
  };
  const lo = input('xmin', 'from ');
  const hi = input('xmax', 'to ');
  const err = Object.assign(document.createElement('p'), { id: `${prefix}-range-error`, className: 'error' });
  err.setAttribute('aria-live', 'polite');
  fieldset.append(err);
  const check = () => {
    const a = lo.value.trim() === '' ? NaN : +lo.value;
    const b = hi.value.trim() === '' ? NaN : +hi.value;
    let msg = '';
    let bad = [];
    if (!Number.isFinite(a) || Math.abs(a) > F32_MAX) (msg = '“from” must be a number within the float32 range.'), (bad = [lo]);
    else if (!Number.isFinite(b) || Math.abs(b) > F32_MAX) (msg = '“to” must be a number within the float32 range.'), (bad = [hi]);
    else if (!(a < b)) (msg = `“from” (${fmt(a)}) must be less than “to” (${fmt(b)}).`), (bad = [lo, hi]);
    for (const el of [lo, hi]) el.setAttribute('aria-invalid', String(bad.includes(el)));
    canvas.classList.toggle('stale', msg !== '');
    if (msg) {
      err.textContent = `${msg} The plot still shows [${fmt(s.xmin)}, ${fmt(s.xmax)}].`;
      report.rangeError = err.textContent;
      return;
    }
    err.textContent = '';
    report.rangeError = '';
    s.xmin = a;
    s.xmax = b;
    onChange();
  };
  lo.addEventListener('input', check);
  hi.addEventListener('input', check);
}

/** A positive-number input (a threshold): errors next to it, the last good value kept. */
function positiveInput(el, errEl, s, key, onChange) {
  el.value = s[key];
  el.addEventListener('input', () => {
    const v = el.value.trim() === '' ? NaN : +el.value;
    const ok = Number.isFinite(v) && v > 0;
    el.setAttribute('aria-invalid', String(!ok));
    errEl.textContent = ok ? '' : `The threshold must be a number above 0; still using ${s[key]}.`;
    if (ok) {
      s[key] = v;
      onChange();
    }
  });
}

function linspace(n, lo, hi) {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + ((hi - lo) * i) / (n - 1);
  return x;
}

/** Runs of equal kind(i) over 0..n−1, as [kind, first, last]. */
function runsOf(n, kind) {
  const out = [];
  for (let i = 0; i < n; ) {
    const k = kind(i);
    let j = i;
    while (j + 1 < n && kind(j + 1) === k) j++;
    out.push([k, i, j]);
    i = j + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Compare

function drawCompare() {
  const s = state.compare;
  const canvas = $('cmp-plot');
  const width = canvas.getBoundingClientRect().width;
  const fh = Math.max(190, Math.min(300, width * 0.42));
  const gh = Math.max(160, Math.min(230, width * 0.32));
  const stripH = 18;
  const stripsH = 24 + s.fns.length * stripH + 30;
  const { ctx, w, h } = surface(canvas, fh + gh + stripsH);
  const n = Math.max(300, Math.round(w));
  const x = linspace(n, s.xmin, s.xmax);
  const ones = new Float32Array(n).fill(1);
  const curves = s.fns.map((name) => ({ name, y: lib[name](x), g: lib[`${name}Grad`](x, ones) }));
  const m = { l: 70 };

  // f(x): clipped to a window around the saturating functions' [−1, 1], so that relu's growth does
  // not flatten them.
  const lim = (arrays, lo, hi) => {
    let a = Infinity;
    let b = -Infinity;
    for (const arr of arrays) for (const v of arr) if (Number.isFinite(v)) (a = Math.min(a, v)), (b = Math.max(b, v));
    if (!(a <= b)) return [-1, 1];
    a = Math.max(a, lo);
    b = Math.min(b, hi);
    const pad = 0.06 * (b - a || 1);
    return [a - pad, b + pad];
  };
  const fr = lim(curves.map((c) => c.y), -2, 3);
  const gr = lim(curves.map((c) => c.g), -0.5, 1.5);
  const top = frame(ctx, { x: 0, y: 0, w, h: fh }, [s.xmin, s.xmax], fr, { m, ylabel: 'f(x)', noXLabels: false });
  // Drawn last to first, each narrower than the one before, so that curves that coincide (relu and
  // leakyRelu for x > 0) both show: the wider one as a border around the narrower.
  const lineWidth = (k) => 1.8 + (1.4 * k) / Math.max(1, curves.length - 1);
  const backwards = (f) => curves.map((c, k) => [c, k]).reverse().forEach(([c, k]) => f(c, k));
  clipped(ctx, top.area, () => backwards((c, k) => curve(ctx, x, c.y, top.X, top.Y, colorOf(c.name), lineWidth(k))));
  const mid = frame(ctx, { x: 0, y: fh, w, h: gh }, [s.xmin, s.xmax], gr, { m, ylabel: 'f′(x)' });
  clipped(ctx, mid.area, () => backwards((c, k) => curve(ctx, x, c.g, mid.X, mid.Y, colorOf(c.name), lineWidth(k), [6, 3])));

  // One band per function: where its derivative vanishes or is zero.
  const y0 = fh + gh + 22;
  const { area } = mid;
  const X = mid.X;
  const dx = (X(x[1]) - X(x[0])) / 2;
  ctx.font = `600 11px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillStyle = INK.title;
  ctx.fillText('where the gradient vanishes or dies', (area.l + area.r) / 2, y0 - 12);
  const shares = {};
  curves.forEach((c, k) => {
    const y = y0 + k * stripH;
    ctx.fillStyle = colorOf(c.name);
    ctx.textAlign = 'right';
    ctx.font = `600 11px system-ui, sans-serif`;
    ctx.fillText(c.name, area.l - 6, y + stripH / 2 - 1);
    ctx.fillStyle = '#eef1f5';
    ctx.fillRect(area.l, y + 2, area.r - area.l, stripH - 5);
    let vanish = 0;
    let dead = 0;
    for (const [kind, i, j] of runsOf(n, (i) => (c.g[i] === 0 ? 'dead' : Math.abs(c.g[i]) < s.threshold ? 'vanish' : ''))) {
      if (!kind) continue;
      if (kind === 'dead') dead += j - i + 1;
      else vanish += j - i + 1;
      ctx.fillStyle = C[kind];
      const left = Math.max(area.l, X(x[i]) - dx);
      const right = Math.min(area.r, X(x[j]) + dx);
      ctx.fillRect(left, y + 2, right - left, stripH - 5);
    }
    shares[c.name] = { vanishing: vanish / n, dead: dead / n };
  });
  // x axis under the bands
  ctx.fillStyle = INK.text;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const yb = y0 + curves.length * stripH;
  ctx.fillText(`x (from ${fmt(s.xmin)} to ${fmt(s.xmax)})`, (area.l + area.r) / 2, yb + 4);

  legend(
    $('cmp-legend'),
    [
      ...curves.map((c) => ({ color: colorOf(c.name), text: c.name })),
      { color: '#888', text: 'f (solid), f′ (dashed)', kind: 'none' },
      { color: C.vanish, text: `vanishing: |f′| < ${s.threshold}`, kind: 'box' },
      { color: C.dead, text: 'dead: f′ = 0', kind: 'box' },
    ],
    curves.length ? `Share of the range: ${curves.map((c) => `${c.name} ${pctText(shares[c.name].vanishing)} vanishing${shares[c.name].dead ? `, ${pctText(shares[c.name].dead)} dead` : ''}`).join(' · ')}.` : 'Choose at least one function.',
  );
  return { fns: [...s.fns], xmin: s.xmin, xmax: s.xmax, threshold: s.threshold, samples: n, shares };
}

const pctText = (v) => `${(100 * v).toFixed(0)}%`;
const lossText = (v) => (v >= 0.001 ? v.toFixed(3) : v.toExponential(0));

// ---------------------------------------------------------------------------------------------
// Lab panels: run an experiment (cancelled and restarted when a control changes), then draw.

const results = {};
const running = {};
class Cancelled extends Error {}
const nextFrame = () => new Promise((r) => setTimeout(r, 0));

function labOptions(view) {
  const s = state[view];
  if (view === 'nonlinearity') return { activations: s.fns, hidden: s.hidden, epochs: s.epochs, seed: s.seed };
  if (view === 'vanishing') return { activations: s.fns, depth: s.depth, steps: s.steps };
  return { activations: s.fns, biasShift: s.shift, lr: s.lr };
}

const PREFIX = { nonlinearity: 'nl', vanishing: 'vg', dying: 'dr' };

/** Trains `view`'s experiment with the current options (`key`: them as JSON), then draws it. */
async function runLab(view, key) {
  const p = PREFIX[view];
  const token = (running[view] = { key });
  const bar = $(`${p}-progress`);
  const status = $(`${p}-status`);
  const options = labOptions(view);
  if (!options.activations.length) {
    status.textContent = 'Choose at least one activation.';
    return;
  }
  bar.hidden = false;
  bar.value = 0;
  status.textContent = 'training…';
  const seen = (report.progress[view] = []);
  const t0 = performance.now();
  try {
    const r = await lab[view](lib, options, async (f) => {
      if (running[view] !== token) throw new Cancelled();
      bar.value = f;
      seen.push(f);
      await nextFrame();
      if (running[view] !== token) throw new Cancelled();
    });
    results[view] = Object.assign(r, { key });
    status.textContent = `${((performance.now() - t0) / 1000).toFixed(1)} s, ${lib.getBackend()} backend`;
    report.runs[view] = (report.runs[view] ?? 0) + 1;
    if (state.view === view) drawLab(view);
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
  } finally {
    if (running[view] === token) {
      bar.hidden = true;
      running[view] = undefined;
    }
  }
}

function drawLab(view) {
  const r = results[view];
  if (!r) return;
  report.lab[view] = { nonlinearity: drawNonlinearity, vanishing: drawVanishing, dying: drawDying }[view](r);
}

function drawNonlinearity(r) {
  const box = $('nl-boundaries');
  box.replaceChildren();
  const { data, extent: E } = r;
  const G = r.options.grid;
  for (const run of r.runs) {
    const fig = document.createElement('div');
    fig.className = 'boundary';
    fig.dataset.activation = run.activation;
    const title = document.createElement('p');
    title.innerHTML = `<b style="color:${colorOf(run.activation)}">${run.activation}</b> <span>loss ${lossText(run.finalLoss)} · ${pctText(run.accuracy)} right</span>`;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('aria-label', `decision boundary with ${run.activation}`);
    fig.append(title, canvas);
    box.append(fig);
    const { ctx, w, h } = surface(canvas);
    const img = new ImageData(G, G);
    for (let i = 0; i < G * G; i++) {
      const p = run.boundary[i];
      // white at p = 0.5, the class colour towards 0 and 1
      const [c, t] = p >= 0.5 ? [C.class1, (p - 0.5) * 2] : [C.class0, (0.5 - p) * 2];
      const k = 0.55 * t;
      img.data[4 * i] = 255 + (c[0] - 255) * k;
      img.data[4 * i + 1] = 255 + (c[1] - 255) * k;
      img.data[4 * i + 2] = 255 + (c[2] - 255) * k;
      img.data[4 * i + 3] = 255;
    }
    const off = new OffscreenCanvas(G, G);
    off.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, w, h);
    const X = (v) => ((v + E) / (2 * E)) * w;
    const Y = (v) => ((E - v) / (2 * E)) * h;
    for (let i = 0; i < data.n; i++) {
      const c = data.y[i] ? C.class1 : C.class0;
      ctx.beginPath();
      ctx.arc(X(data.x[2 * i]), Y(data.x[2 * i + 1]), 2.6, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${c})`;
      ctx.fill();
      ctx.lineWidth = 0.8;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
    ctx.strokeStyle = INK.axis;
    ctx.strokeRect(0.5, 0.5, w - 1, h - 1);
  }

  const { ctx, w, h } = surface($('nl-loss'));
  const epochs = r.options.epochs;
  const top = Math.max(0.8, ...r.runs.map((run) => run.losses[0] * 1.05));
  const f = frame(ctx, { x: 0, y: 0, w, h }, [0, epochs], [0, top], { xlabel: 'epoch', ylabel: 'loss (cross-entropy)' });
  hline(ctx, f.area, f.Y(Math.LN2), INK.text, 'chance: ln 2 ≈ 0.693');
  clipped(ctx, f.area, () => r.runs.forEach((run) => curve(ctx, (i) => i, run.losses, f.X, f.Y, colorOf(run.activation), 2.2)));
  legend(
    $('nl-legend'),
    r.runs.map((run) => ({ color: colorOf(run.activation), text: `${run.activation}: ${lossText(run.finalLoss)}` })),
    `Loss per epoch, ${r.options.hidden} hidden units, ${epochs} epochs, seed ${r.options.seed}.`,
  );
  return { runs: r.runs.map((run) => ({ activation: run.activation, finalLoss: run.finalLoss, accuracy: run.accuracy })) };
}

const log10 = (v) => (v > 0 ? Math.log10(v) : NaN);
function logRange(values) {
  const ls = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (!ls.length) return [-1, 1];
  const lo = Math.floor(Math.min(...ls) - 0.2);
  const hi = Math.ceil(Math.max(...ls) + 0.2);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function drawVanishing(r) {
  const depth = r.options.depth;
  const steps = r.options.steps;
  const all = r.runs.flatMap((run) => run.snapshots.flatMap((s) => [...s.norms]));
  {
    const { ctx, w, h } = surface($('vg-layers'));
    const layers = Array.from({ length: depth }, (_, i) => i + 1);
    const xticks = layers.filter((l) => l === 1 || l === depth || l % 5 === 0);
    const f = frame(ctx, { x: 0, y: 0, w, h }, [0.5, depth + 0.5], logRange(all), { ylog: true, xticks, xlabel: 'layer (1: next to the input; last: the output layer)', ylabel: '‖∂L/∂W‖ (log scale)' });
    clipped(ctx, f.area, () => {
      for (const run of r.runs) {
        const c = colorOf(run.activation);
        for (const s of run.snapshots.slice(1, -1)) curve(ctx, (i) => i + 1, Array.from(s.norms, log10), f.X, f.Y, c, 1, [], 0.22);
        curve(ctx, (i) => i + 1, Array.from(run.end, log10), f.X, f.Y, c, 2, [6, 3]);
        curve(ctx, (i) => i + 1, Array.from(run.init, log10), f.X, f.Y, c, 2.6);
        ctx.fillStyle = c;
        run.init.forEach((v, i) => {
          ctx.beginPath();
          ctx.arc(f.X(i + 1), f.Y(log10(v)), 2.6, 0, 2 * Math.PI);
          ctx.fill();
        });
      }
    });
    legend(
      $('vg-legend'),
      [...r.runs.map((run) => ({ color: colorOf(run.activation), text: `${run.activation}: first/last ${run.ratioInit.toExponential(1)}` })), { color: '#888', text: `solid: at initialisation · dashed: after ${steps} steps · faint: during training`, kind: 'none' }],
      `Gradient norm of each layer’s weights over all 200 points, ${depth} layers.`,
    );
  }
  {
    const { ctx, w, h } = surface($('vg-ratio'));
    const ratios = r.runs.flatMap((run) => run.snapshots.map((s) => s.ratio));
    const yr = logRange([...ratios, 1, 1e-2]);
    const f = frame(ctx, { x: 0, y: 0, w, h }, [0, steps], yr, { ylog: true, xlabel: 'training step', ylabel: 'first / last' });
    hline(ctx, f.area, f.Y(-2), INK.text, '100× smaller');
    clipped(ctx, f.area, () => r.runs.forEach((run) => curve(ctx, run.snapshots.map((s) => s.step), run.snapshots.map((s) => log10(s.ratio)), f.X, f.Y, colorOf(run.activation), 2.2)));
  }
  {
    const { ctx, w, h } = surface($('vg-loss'));
    const f = frame(ctx, { x: 0, y: 0, w, h }, [0, steps], [0, Math.max(0.8, ...r.runs.map((run) => run.lossInit * 1.05))], { xlabel: 'training step', ylabel: 'loss' });
    hline(ctx, f.area, f.Y(Math.LN2), INK.text, 'chance');
    clipped(ctx, f.area, () => r.runs.forEach((run) => curve(ctx, run.snapshots.map((s) => s.step), run.snapshots.map((s) => s.loss), f.X, f.Y, colorOf(run.activation), 2.2)));
  }
  return { depth, runs: r.runs.map((run) => ({ activation: run.activation, init: [...run.init], end: [...run.end], ratioInit: run.ratioInit, ratioEnd: run.ratioEnd, lossEnd: run.lossEnd })) };
}

function drawDying(r) {
  const steps = r.options.steps;
  {
    const { ctx, w, h } = surface($('dr-dead'));
    const f = frame(ctx, { x: 0, y: 0, w, h }, [0, steps], [0, 100], { xlabel: 'training step', ylabel: 'dead hidden units (%)' });
    clipped(ctx, f.area, () => r.runs.forEach((run) => curve(ctx, (i) => i, Array.from(run.dead, (v) => 100 * v), f.X, f.Y, colorOf(run.activation), 2.4)));
    legend(
      $('dr-legend'),
      r.runs.map((run) => ({ color: colorOf(run.activation), text: `${run.activation}: ${pctText(run.dead[0])} → ${pctText(run.finalDead)}` })),
      `Dead: below zero on every one of the 200 training points. Both hidden layers (2 × ${r.options.hidden} units), biases starting at ${r.options.biasShift}, learning rate ${r.options.lr}.`,
    );
  }
  {
    const { ctx, w, h } = surface($('dr-loss'));
    const all = r.runs.flatMap((run) => [...run.losses]);
    const f = frame(ctx, { x: 0, y: 0, w, h }, [0, steps], logRange(all), { ylog: true, xlabel: 'training step', ylabel: 'loss' });
    clipped(ctx, f.area, () => r.runs.forEach((run) => curve(ctx, (i) => i, Array.from(run.losses, log10), f.X, f.Y, colorOf(run.activation), 2)));
  }
  return { runs: r.runs.map((run) => ({ activation: run.activation, dead: [...run.dead], finalDead: run.finalDead, finalLoss: run.finalLoss })) };
}

// ---------------------------------------------------------------------------------------------
// One function: the function and its derivative, its error histogram, a benchmark

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

function buildFunctionControls() {
  const s = spec();
  const st = state.function;
  $('formula').innerHTML = '';
  const f = document.createElement('code');
  f.textContent = s.formula;
  $('formula').append(f, ` — max error ${s.bound.f32.ulp} ULP (f32)`);
  $('differs').textContent = s.differs ?? '';
  rangeControl($('fn-range'), 'fn', st, $('plot'), update);

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
      input = Object.assign(document.createElement('input'), { type: 'range', min: r.min, max: r.max, step: r.step, value: st.params[p.name] });
      const out = document.createElement('output');
      out.textContent = fmt(st.params[p.name]);
      const reset = Object.assign(document.createElement('button'), { type: 'button', textContent: `default ${fmt(p.default)}`, title: 'back to the default' });
      head.append(out, reset);
      input.addEventListener('input', () => {
        st.params[p.name] = +input.value;
        out.textContent = fmt(+input.value);
        update();
      });
      reset.addEventListener('click', () => {
        input.value = p.default;
        input.dispatchEvent(new Event('input'));
      });
    } else {
      input = document.createElement('select');
      for (const k of p.kind) input.append(new Option(k, k, false, k === st.params[p.name]));
      input.addEventListener('change', () => {
        st.params[p.name] = input.value;
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
    const input = Object.assign(document.createElement('input'), { type: 'range', min: 2, max: 16, step: 1, value: st.rowLength, id: 'param-L' });
    const out = div.querySelector('output');
    out.textContent = st.rowLength;
    input.addEventListener('input', () => {
      st.rowLength = +input.value;
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

const round32 = (v) => (typeof v === 'number' ? Math.fround(v) : v);

function options(s, round = false) {
  const o = {};
  for (const p of s.params) o[p.name] = round ? round32(state.function.params[p.name]) : state.function.params[p.name];
  return o;
}

/** f over x (Float32Array or Float64Array); axis functions: y0 of rows [x, 0, …, 0]. */
function evaluate(s, x, opts) {
  if (s.kind !== 'axis') return lib[s.name](x, opts);
  const L = state.function.rowLength;
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
    const L = state.function.rowLength;
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
  const st = state.function;
  const { ctx, w, h } = surface($('plot'));
  const n = Math.max(200, Math.round(w));
  const x = linspace(n, st.xmin, st.xmax);
  const opts = options(s);
  const y = evaluate(s, x, opts);
  const { g, how } = derivative(s, x, opts);
  const yr = range(y, st.showGrad ? g : []);
  const { X, Y, area } = frame(ctx, { x: 0, y: 0, w, h }, [st.xmin, st.xmax], yr, { xlabel: 'x', ylabel: st.showGrad ? 'f(x) and f′(x)' : 'f(x)' });

  let vanishing = 0;
  let dead = 0;
  if (st.showShade) {
    // Shade where |f'| < threshold (vanishing) or f' = 0 exactly (dead), one rectangle per run of
    // samples of the same class (no seams between columns).
    const dx = (X(x[1]) - X(x[0])) / 2;
    for (const [k, i, j] of runsOf(n, (i) => (g[i] === 0 ? 'dead' : Math.abs(g[i]) < st.threshold ? 'vanish' : ''))) {
      if (k === 'dead') dead += j - i + 1;
      if (k === 'vanish') vanishing += j - i + 1;
      if (!k) continue;
      ctx.fillStyle = C[`${k}Bg`];
      const left = Math.max(area.l, X(x[i]) - dx);
      const right = Math.min(area.r, X(x[j]) + dx);
      ctx.fillRect(left, area.t + 1, right - left, area.b - area.t - 1);
    }
  }
  if (st.showGrad) curve(ctx, x, g, X, Y, C.grad, 1.8, how === 'central differences' ? [5, 4] : []);
  curve(ctx, x, y, X, Y, C.f, 2.4);

  const items = [{ color: C.f, text: `${s.name}(x) — ${lib.getBackend()} backend, Float32Array` }];
  if (st.showGrad) items.push({ color: C.grad, text: `f′(x) — ${how}` });
  if (st.showShade) {
    items.push({ color: C.vanishBg, text: `vanishing: |f′| < ${st.threshold} (${((100 * vanishing) / n).toFixed(0)}% of the range)`, kind: 'box' });
    items.push({ color: C.deadBg, text: `dead: f′ = 0 (${((100 * dead) / n).toFixed(0)}%)`, kind: 'box' });
  }
  legend($('legend'), items);
  return { samples: n, vanishing, dead, how };
}

/**
 * The f32 error in ULP of each backend against the test suite's float64 reference
 * (test/reference/f64.mjs) rounded to f32, over ULP_POINTS points of the range, as a histogram.
 */
function drawUlp() {
  const s = spec();
  const st = state.function;
  const x = linspace(ULP_POINTS, st.xmin, st.xmax);
  // Parameters are rounded to f32 for Float32Array input by the library; the reference takes the same
  // values (list parameters as their index).
  const opts = options(s, true);
  const p = s.params.map((q) => (typeof q.kind === 'string' ? opts[q.name] : q.kind.indexOf(opts[q.name])));
  const L = st.rowLength;
  const ref =
    s.kind === 'axis'
      ? (v) => {
          const row = new Array(L).fill(0);
          row[0] = v;
          return AXIS_REFERENCE[s.name](row)[0];
        }
      : (v) => REFERENCE[s.name](v, p);
  const want = Float32Array.from(x, ref);
  const hist = {};
  const worst = {};
  for (const b of BACKENDS) {
    const y = withBackend(b, () => evaluate(s, x, opts));
    hist[b] = new Map();
    worst[b] = { ulp: 0, x: NaN };
    for (let i = 0; i < x.length; i++) {
      const e = ulp32(y[i], want[i]);
      hist[b].set(e, (hist[b].get(e) ?? 0) + 1);
      if (e > worst[b].ulp) worst[b] = { ulp: e, x: x[i] };
    }
  }
  const bound = s.bound.f32.ulp;
  const finiteWorst = Math.max(0, ...BACKENDS.map((b) => (Number.isFinite(worst[b].ulp) ? worst[b].ulp : 0)));
  const shown = Math.min(Math.max(bound, finiteWorst) + 2, 12); // buckets 0 … shown−1 (one past the bound at least), then "more"
  const buckets = Array.from({ length: shown }, (_, k) => k);
  const more = BACKENDS.some((b) => [...hist[b].keys()].some((e) => e >= shown));
  const count = (b, k) => (k === 'more' ? [...hist[b]].filter(([e]) => e >= shown).reduce((a, [, c]) => a + c, 0) : (hist[b].get(k) ?? 0));
  const cols = more ? [...buckets, 'more'] : buckets;

  const { ctx, w, h } = surface($('ulp'));
  const f = frame(ctx, { x: 0, y: 0, w, h }, [-0.5, cols.length - 0.5], [0, 112], {
    xticks: cols.map((_, i) => i),
    xfmt: (i) => (cols[i] === 'more' ? `≥ ${shown}` : String(cols[i])),
    yfmt: (v) => (v <= 100 ? `${v}%` : ''),
    xlabel: 'error (units in the last place of the f32 result)',
    ylabel: 'share of the points',
    m: { t: 8 },
  });
  const bw = Math.min(40, ((f.X(1) - f.X(0)) * 0.8) / BACKENDS.length);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  cols.forEach((k, i) => {
    BACKENDS.forEach((b, j) => {
      const c = count(b, k);
      if (!c) return;
      const pct = (100 * c) / ULP_POINTS;
      const left = f.X(i) + (j - BACKENDS.length / 2) * bw;
      const top = Math.min(f.Y(pct), f.Y(0) - 2);
      ctx.fillStyle = C[b];
      ctx.fillRect(left, top, bw - 1, f.Y(0) - top);
      ctx.fillStyle = k !== 'more' && k <= bound ? INK.text : C.bound;
      ctx.fillText(pct >= 10 ? `${pct.toFixed(0)}%` : pct >= 0.1 ? `${pct.toFixed(1)}%` : c === 1 ? '1 point' : `${c} points`, left + bw / 2, top - 1);
    });
  });
  // The documented bound: everything right of this line would fail the tests.
  const bx = f.X(Math.min(bound, cols.length - 1) + 0.5);
  ctx.save();
  ctx.strokeStyle = C.bound;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(Math.round(bx) + 0.5, f.area.t);
  ctx.lineTo(Math.round(bx) + 0.5, f.area.b);
  ctx.stroke();
  ctx.fillStyle = C.bound;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  const label = `bound ${bound} ULP`;
  const right = bx + 4 + ctx.measureText(label).width > f.area.r; // no room right of the line: left of it
  ctx.textAlign = right ? 'right' : 'left';
  ctx.fillText(label, right ? bx - 4 : bx + 4, f.area.t + 2);
  ctx.restore();

  const exact = (b) => pctText((hist[b].get(0) ?? 0) / ULP_POINTS);
  legend(
    $('ulp-legend'),
    BACKENDS.map((b) => ({ color: C[b], text: `${b}: ${exact(b)} exact, max ${worst[b].ulp} ULP${worst[b].ulp ? ` at x = ${fmt(worst[b].x)}` : ''}`, kind: 'box' })),
    `The f32 result of ${s.name} on ${ULP_POINTS} points of the range, against the test suite’s float64 reference (test/reference/f64.mjs) rounded to f32: the check the tests enforce with the documented bound. wasm: the SIMD kernels; js: the fallback, which computes in double and rounds once, so it is almost always exact.`,
  );
  return Object.fromEntries(BACKENDS.map((b) => [b, worst[b].ulp]));
}

async function bench() {
  const s = spec();
  const button = $('run-bench');
  button.disabled = true;
  const bars = $('bars');
  bars.replaceChildren();
  const out = [];
  const rows = [];
  try {
    for (const Type of [Float32Array, Float64Array]) {
      const x = new Type(BENCH_N);
      for (let i = 0; i < BENCH_N; i++) x[i] = -8 + (16 * ((i * 7919) % BENCH_N)) / BENCH_N;
      const dst = new Type(BENCH_N);
      const opts = { ...options(s), out: dst, ...(s.kind === 'axis' ? { shape: [BENCH_N / 1024, 1024], axis: -1 } : {}) };
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
        out.push({ backend: b, type, melemPerSec: rate });
        const label = Object.assign(document.createElement('span'), { textContent: `${s.name} · ${b} · ${type}` });
        const bar = Object.assign(document.createElement('div'), { className: 'bar' });
        bar.style.setProperty('--c', C[b]);
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
    $('bench-note').textContent =
      `${BENCH_N.toLocaleString('en')} elements per call, ${BENCH_MS} ms per bar, one run on this page (noisy: run it again to see the spread). ` +
      'wasm · f64 runs the module’s own f64 kernel, which every function has: a 128-bit SIMD vector holds 2 doubles against 4 floats, and double precision needs more work per element.';
    report.bench = { name: s.name, results: out };
  } finally {
    button.disabled = false;
  }
}

function renderFunction() {
  const s = spec();
  if (!plottable(s)) {
    // A kind of function this page does not know how to plot yet: say so rather than guess.
    surface($('plot'));
    surface($('ulp'));
    $('legend').textContent = `${s.name} is of kind '${s.kind}', which the explorer does not plot yet.`;
    $('ulp-legend').textContent = '';
    return { name: s.name, skipped: `kind ${s.kind}` };
  }
  const plot = drawPlot();
  const ulp = drawUlp();
  const st = state.function;
  return { name: s.name, xmin: st.xmin, xmax: st.xmax, params: { ...st.params }, ...plot, ulp };
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

/** Redraws the current view; a lab view whose options changed since its last run trains again. */
function render() {
  try {
    const v = state.view;
    report.view = v;
    for (const name of VIEWS) {
      $(`view-${name}`).hidden = name !== v;
      $(`tab-${name}`).setAttribute('aria-selected', String(name === v));
    }
    writeHash();
    if (v === 'compare') report.compare = drawCompare();
    else if (v === 'function') report.last = renderFunction();
    else {
      const key = JSON.stringify(labOptions(v));
      if (results[v]?.key === key) drawLab(v);
      else if (running[v]?.key !== key) runLab(v, key).catch(fail);
    }
    report.renders++;
    report.ready = true;
  } catch (e) {
    fail(e);
  }
}

/** Sets the controls of every view from the state (after a hash change). */
function syncControls() {
  const cmp = state.compare;
  checkList($('cmp-fns'), ELEMENTWISE, cmp, update);
  rangeControl($('cmp-range'), 'cmp', cmp, $('cmp-plot'), update);
  $('cmp-threshold').value = cmp.threshold;

  const nl = state.nonlinearity;
  checkList($('nl-fns'), ['linear', ...lab.ACTIVATIONS], nl, update);
  $('nl-hidden').value = nl.hidden;
  $('nl-epochs').value = nl.epochs;
  $('nl-seed').value = nl.seed;

  const vg = state.vanishing;
  checkList($('vg-fns'), lab.ACTIVATIONS, vg, update);
  $('vg-depth').value = vg.depth;
  $('vg-depth-out').textContent = vg.depth;
  $('vg-steps').value = vg.steps;

  const dr = state.dying;
  checkList($('dr-fns'), lab.ACTIVATIONS, dr, update);
  $('dr-shift').value = dr.shift;
  $('dr-shift-out').textContent = dr.shift;
  $('dr-lr').value = dr.lr;

  const fnSelect = $('fn');
  fnSelect.value = state.function.name;
  $('show-grad').checked = state.function.showGrad;
  $('show-shade').checked = state.function.showShade;
  $('threshold').value = state.function.threshold;
  buildFunctionControls();
}

function start() {
  readHash();
  const fnSelect = $('fn');
  for (const s of SPECS) fnSelect.append(new Option(`${s.name}${lib[`${s.name}Grad`] ? `  (and ${s.name}Grad)` : ''}`, s.name, false, s.name === state.function.name));
  fnSelect.addEventListener('change', () => {
    state.function.name = fnSelect.value;
    state.function.params = Object.fromEntries(spec().params.map((p) => [p.name, p.default]));
    buildFunctionControls();
    update();
  });
  $('show-grad').addEventListener('change', (e) => ((state.function.showGrad = e.target.checked), update()));
  $('show-shade').addEventListener('change', (e) => ((state.function.showShade = e.target.checked), update()));
  positiveInput($('threshold'), $('threshold-error'), state.function, 'threshold', update);
  positiveInput($('cmp-threshold'), $('cmp-threshold-error'), state.compare, 'threshold', update);
  $('run-bench').addEventListener('click', () => bench().catch(fail));

  const select = (id, view, key) => $(id).addEventListener('change', (e) => ((state[view][key] = +e.target.value), update()));
  select('nl-hidden', 'nonlinearity', 'hidden');
  select('nl-epochs', 'nonlinearity', 'epochs');
  $('nl-seed').addEventListener('input', (e) => {
    const v = e.target.value.trim() === '' ? NaN : +e.target.value;
    const ok = Number.isInteger(v) && v >= 0 && v < 2 ** 32;
    e.target.setAttribute('aria-invalid', String(!ok));
    $('nl-seed-error').textContent = ok ? '' : `The seed must be a whole number from 0 to 2³² − 1; still using ${state.nonlinearity.seed}.`;
    if (ok) (state.nonlinearity.seed = v), update();
  });
  $('vg-depth').addEventListener('input', (e) => {
    state.vanishing.depth = +e.target.value;
    $('vg-depth-out').textContent = e.target.value;
    update();
  });
  select('vg-steps', 'vanishing', 'steps');
  $('dr-shift').addEventListener('input', (e) => {
    state.dying.shift = +e.target.value;
    $('dr-shift-out').textContent = e.target.value;
    update();
  });
  select('dr-lr', 'dying', 'lr');
  for (const v of LAB_VIEWS) {
    $(`${PREFIX[v]}-run`).addEventListener('click', () => {
      results[v] = undefined;
      running[v] = undefined;
      update();
    });
  }
  for (const b of document.querySelectorAll('#tabs button')) {
    b.addEventListener('click', () => {
      if (state.view === b.dataset.view) return;
      // The other views keep their state while the page is open; the hash holds the current one's.
      state.view = b.dataset.view;
      update();
    });
  }
  window.addEventListener('resize', update);
  window.addEventListener('hashchange', () => {
    readHash(); // the current view's state from the hash; the others keep theirs
    syncControls();
    update();
  });
  const auto = lib.getBackend();
  $('backend').textContent = auto === 'wasm' ? 'computed live by the SIMD WebAssembly kernels (automatic backend: wasm)' : 'this browser does not validate WebAssembly SIMD: computed by the js backend';
  syncControls();
  render();
}

window.addEventListener('error', (e) => fail(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => fail(e.reason));
try {
  start();
} catch (e) {
  fail(e);
}
