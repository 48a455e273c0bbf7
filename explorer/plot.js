// Drawing on canvases by hand (no chart library): frames with ticks, grid and axis titles, curves,
// bands, and figure legends. Sizes are CSS pixels; the backing store follows devicePixelRatio.

export const INK = { grid: '#e7eaf0', axis: '#9aa4b2', text: '#5f6b7a', title: '#323b48' };
export const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** A canvas sized to its CSS box (height from `height` when given), cleared; returns its 2-d context. */
export function surface(canvas, height) {
  if (height !== undefined) canvas.style.height = `${Math.round(height)}px`;
  const r = canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(r.width * dpr));
  canvas.height = Math.max(1, Math.round(r.height * dpr));
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, r.width, r.height);
  return { ctx, w: r.width, h: r.height };
}

/** Round tick positions (1, 2, 5 × 10^k) covering [lo, hi], about `count` of them. */
export function ticks(lo, hi, count) {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  const step = (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

export const tickLabel = (v) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4)));
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
/** 10^k as text: 1, 10, 0.1, 10⁻⁵ … */
export const powerLabel = (k) => (k === 0 ? '1' : k === 1 ? '10' : k === -1 ? '0.1' : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c])}`);

/**
 * A frame: grid, ticks and axis titles in the box {x, y, w, h}, margins m around the plotting area.
 * o.ylog: yr is in log10 units and the ticks are powers of ten. o.xticks: explicit x tick values.
 * Returns the data → pixel maps X, Y and the plotting area {l, r, t, b}.
 */
export function frame(ctx, box, xr, yr, o = {}) {
  const m = { l: 56, r: 12, t: 10, b: 38, ...o.m };
  if (!o.xlabel) m.b -= 14;
  const l = box.x + m.l;
  const r = box.x + box.w - m.r;
  const t = box.y + m.t;
  const b = box.y + box.h - m.b;
  const X = (v) => l + ((v - xr[0]) / (xr[1] - xr[0])) * (r - l);
  const Y = (v) => b - ((v - yr[0]) / (yr[1] - yr[0])) * (b - t);
  ctx.save();
  ctx.font = FONT;
  ctx.lineWidth = 1;
  ctx.fillStyle = INK.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xt = o.xticks ?? ticks(xr[0], xr[1], Math.max(2, Math.floor((r - l) / 70)));
  for (const v of xt) {
    ctx.strokeStyle = v === 0 && !o.xticks ? INK.axis : INK.grid;
    ctx.beginPath();
    ctx.moveTo(Math.round(X(v)) + 0.5, t);
    ctx.lineTo(Math.round(X(v)) + 0.5, b);
    ctx.stroke();
    if (!o.noXLabels) ctx.fillText((o.xfmt ?? tickLabel)(v), X(v), b + 5);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let yt;
  if (o.ylog) {
    const span = yr[1] - yr[0];
    const step = Math.max(1, Math.ceil(span / Math.max(2, Math.floor((b - t) / 28))));
    yt = [];
    for (let k = Math.ceil(yr[0] / step) * step; k <= yr[1] + 1e-9; k += step) yt.push(k);
  } else {
    yt = ticks(yr[0], yr[1], Math.max(2, Math.floor((b - t) / 34)));
  }
  for (const v of yt) {
    ctx.strokeStyle = v === 0 && !o.ylog ? INK.axis : INK.grid;
    ctx.beginPath();
    ctx.moveTo(l, Math.round(Y(v)) + 0.5);
    ctx.lineTo(r, Math.round(Y(v)) + 0.5);
    ctx.stroke();
    ctx.fillText(o.ylog ? powerLabel(v) : (o.yfmt ?? tickLabel)(v), l - 5, Y(v));
  }
  ctx.strokeStyle = INK.axis;
  ctx.strokeRect(l + 0.5, t + 0.5, r - l, b - t);
  ctx.fillStyle = INK.title;
  ctx.font = `600 ${FONT}`;
  if (o.xlabel) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(o.xlabel, (l + r) / 2, box.y + box.h - 2);
  }
  if (o.ylabel) {
    ctx.translate(box.x + 4, (t + b) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(o.ylabel, 0, 0);
  }
  ctx.restore();
  return { X, Y, area: { l, r, t, b } };
}

/** Clip drawing to a frame's plotting area while f runs. */
export function clipped(ctx, area, f) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.l, area.t, area.r - area.l, area.b - area.t);
  ctx.clip();
  try {
    f();
  } finally {
    ctx.restore();
  }
}

/** A polyline through (xs[i], ys[i]); non-finite ys lift the pen. */
export function curve(ctx, xs, ys, X, Y, color, width = 2, dash = [], alpha = 1) {
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.lineJoin = 'round';
  ctx.setLineDash(dash);
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < ys.length; i++) {
    const x = typeof xs === 'function' ? xs(i) : xs[i];
    if (!Number.isFinite(ys[i])) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(X(x), Y(ys[i]));
    else ctx.moveTo(X(x), Y(ys[i]));
    pen = true;
  }
  ctx.stroke();
  ctx.restore();
}

/** A horizontal reference line with a label at its right end. */
export function hline(ctx, area, y, color, label) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(area.l, Math.round(y) + 0.5);
  ctx.lineTo(area.r, Math.round(y) + 0.5);
  ctx.stroke();
  if (label) {
    ctx.font = FONT;
    ctx.fillStyle = color;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(label, area.r - 4, y - 2);
  }
  ctx.restore();
}

/** Fills legend element `el` with swatches: items are { color, text, dash?, kind?: 'line' | 'box' }. */
export function legend(el, items, note) {
  el.replaceChildren();
  for (const it of items) {
    const span = document.createElement('span');
    span.className = `key ${it.kind ?? 'line'}${it.dash ? ' dashed' : ''}`;
    span.style.setProperty('--c', it.color);
    span.textContent = it.text;
    el.append(span);
  }
  if (note) el.append(Object.assign(document.createElement('span'), { className: 'wide', textContent: note }));
}
