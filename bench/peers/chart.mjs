// Hand-written SVG so the chart needs no plotting dependency and diffs cleanly in review.
// Horizontal bars grouped by function, log-scale ns/element: ours and the peers span about two
// decades, which a linear axis would squash into a few pixels for the fast rows.

import { COPY_FLOOR, IMPL_ORDER, sizeLabel } from './report.mjs';

// Ours in blues, tf.js in oranges, onnxruntime in green: one hue family per library.
const COLORS = {
  ours: '#1f5fbf',
  'ours (out)': '#4f8fe0',
  'ours zero-copy': '#0b2f73',
  'ours js': '#9dbde8',
  'tfjs e2e': '#e07b1f',
  'tfjs op': '#f2b36b',
  'ort e2e': '#2e9e5b',
};

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));

export function renderChart(records, n, machine) {
  const rows = records.filter((r) => r.n === n && r.fn !== COPY_FLOOR);
  const floor = records.find((r) => r.n === n && r.fn === COPY_FLOOR);
  const fns = [...new Set(rows.map((r) => r.fn))];
  const impls = IMPL_ORDER.filter((impl) => rows.some((r) => r.impl === impl));

  const values = rows.map((r) => r.nsPerElement).concat(floor ? [floor.nsPerElement] : []);
  const loExp = Math.floor(Math.log10(Math.min(...values)));
  const hiExp = Math.ceil(Math.log10(Math.max(...values)));
  const lo = 10 ** loExp;
  const hi = 10 ** hiExp;

  const barH = 11;
  const barGap = 2;
  const groupGap = 12;
  const left = 110;
  const plotW = 700;
  const right = 150;
  const top = 92;
  const groupH = (fn) => rows.filter((r) => r.fn === fn).length * (barH + barGap) - barGap;
  const plotH = fns.reduce((h, fn) => h + groupH(fn) + groupGap, 0) - groupGap;
  const width = left + plotW + right;
  const height = top + plotH + 50;
  const xOf = (v) => left + (Math.log10(v / lo) / Math.log10(hi / lo)) * plotW;

  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Activation throughput at n = ${sizeLabel(n)} float32: ns per element (log scale, shorter is faster)</text>`,
    `<text x="${width / 2}" y="40" text-anchor="middle" fill="#444">${esc(machine.cpu)} · ${machine.cores} cores · ${esc(machine.runtime ?? `Node ${machine.node}`)} · single-threaded wasm for all · load avg ${machine.loadavgAtStart[0]} · ${esc(machine.date.slice(0, 10))}</text>`,
  );

  // Legend in one row above the plot.
  let lx = left;
  for (const impl of impls) {
    out.push(`<rect x="${lx}" y="54" width="12" height="12" fill="${COLORS[impl]}"/>`);
    out.push(`<text x="${lx + 16}" y="64">${esc(impl)}</text>`);
    lx += 22 + impl.length * 6.5;
  }

  // Decade gridlines with 2x and 5x minor lines.
  for (let e = loExp; e <= hiExp; e++) {
    const d = 10 ** e;
    const x = xOf(d);
    out.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${top + plotH}" stroke="#bbb"/>`);
    out.push(`<text x="${x}" y="${top + plotH + 16}" text-anchor="middle">${e < 0 ? d.toFixed(-e) : d}</text>`);
    for (const m of [2, 5]) {
      if (d * m < hi) {
        const xm = xOf(d * m);
        out.push(`<line x1="${xm}" y1="${top - 6}" x2="${xm}" y2="${top + plotH}" stroke="#eee"/>`);
      }
    }
  }
  out.push(`<text x="${left + plotW / 2}" y="${top + plotH + 34}" text-anchor="middle">ns / element</text>`);

  let y = top;
  fns.forEach((fn, gi) => {
    const group = impls.map((impl) => rows.find((r) => r.fn === fn && r.impl === impl)).filter(Boolean);
    const h = groupH(fn);
    if (gi % 2 === 0) out.push(`<rect x="0" y="${y - groupGap / 2}" width="${width}" height="${h + groupGap}" fill="#f6f7f9"/>`);
    out.push(`<text x="${left - 8}" y="${y + h / 2 + 4}" text-anchor="end" font-weight="bold" font-size="12">${esc(fn)}</text>`);
    for (const r of group) {
      const w = Math.max(1, xOf(r.nsPerElement) - left);
      const stroke = r.wrong ? ' stroke="#d00" stroke-width="2"' : '';
      out.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[r.impl]}"${stroke}><title>${esc(`${fn} · ${r.impl}: ${num(r.nsPerElement)} ns/element`)}</title></rect>`);
      const label = `${num(r.nsPerElement)}${r.ratio !== undefined && r.impl !== 'ours' ? `  (${r.ratio.toFixed(2)}x)` : ''}${r.wrong ? '  WRONG' : ''}`;
      out.push(`<text x="${left + w + 4}" y="${y + barH - 2}" fill="${r.wrong ? '#d00' : '#222'}">${esc(label)}</text>`);
      y += barH + barGap;
    }
    y += groupGap - barGap;
  });

  if (floor) {
    const x = xOf(floor.nsPerElement);
    out.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${top + plotH}" stroke="#c00" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${x + 3}" y="${top - 9}" fill="#c00">copy floor out.set(x) ${num(floor.nsPerElement)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
