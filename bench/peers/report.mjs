// Text output: one table per size, and a summary of the ratios against the peers and the copy floor.

export const IMPL_ORDER = ['ours', 'ours (out)', 'ours zero-copy', 'ours js', 'tfjs e2e', 'tfjs op', 'ort e2e'];
export const PEER_E2E = ['tfjs e2e', 'ort e2e'];
export const COPY_FLOOR = 'copy floor';
/** The memory-bound kernels whose zero-copy rows are compared with the copy floor (their ratio is measured by pairedRatio). */
export const FLOOR_FNS = ['relu', 'leakyRelu', 'step', 'relu6', 'hardTanh'];

/** What each implementation row and column means, for the results file. */
export const DEFINITIONS = {
  ours: 'fn(x, options): allocates and returns the result; the ratio baseline',
  'ours (out)': 'fn(x, { ...options, out }) into a preallocated Float32Array',
  'ours zero-copy': 'fn(a.array, { out: b.array }) on buffers from allocate(); input already in wasm memory',
  'ours js': 'same as ours with setBackend("js")',
  'tfjs e2e': 'tf.tensor(x) + op + dataSync() + dispose both',
  'tfjs op': 'op on an existing tensor + dispose of the result; the wasm backend runs the kernel synchronously inside the op call; no copy in or out',
  'ort e2e': 'await session.run({ x: new ort.Tensor(x) }) and read .data; copies in and out of the wasm heap',
  [COPY_FLOOR]: 'out.set(x): Float32Array copy of the same size, the memory-bandwidth floor',
  maxErr: 'max |y - ref| / max(|ref|, relFloor) with ref in float64: relative error, absolute below relFloor (1e-4; 1e-30 for softmax)',
  check: 'ok: maxErr <= 1e-5; approx: <= 1e-2; WRONG: above, or a NaN where the reference has none (or vice versa)',
};

export const sizeLabel = (n) => {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : String(n);
};

const fmt = (v, digits = 3) => {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return 'inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  return v.toPrecision(digits);
};
const fmtErr = (r) => (r.maxErr === undefined ? '—' : r.maxErr === 0 ? '0' : r.maxErr.toExponential(1));

function pad(cells, widths, right) {
  return cells.map((c, i) => (right[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
}

/** Aligned plain text for the terminal, or a GitHub markdown table (null rows, the gaps between groups, dropped). */
function renderTable(header, rows, right, markdown = false) {
  if (markdown) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(header), line(right.map((r) => (r ? '---:' : '---'))), ...rows.filter(Boolean).map(line)].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter(Boolean).map((r) => String(r[i]).length)));
  const lines = [pad(header, widths, right), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) lines.push(r === null ? '' : pad(r, widths, right));
  return lines.join('\n');
}

/** The libraries and builds a run compared, in one line. */
export function versionsLine({ ours, tfjs, ort }) {
  return `ours ${ours.version} (${ours.module}, relaxed SIMD ${ours.relaxedSimd ? 'on' : 'off'}); tfjs-core ${tfjs.core} + backend-wasm ${tfjs.backendWasm} (simd ${tfjs.simd}, threads ${tfjs.threads}); onnxruntime-web ${ort.version} (threads 1)`;
}

/** Table for one size: rows grouped by function, in catalogue order, implementations in IMPL_ORDER. */
export function sizeTable(n, records, { markdown = false } = {}) {
  const header = ['function', 'implementation', 'µs/call', 'ns/elem', 'Melem/s', 'ratio', 'maxErr', 'check', 'note'];
  const right = [false, false, true, true, true, true, true, false, false];
  const rows = [];
  let lastFn;
  for (const r of records) {
    if (lastFn !== undefined && r.fn !== lastFn) rows.push(null);
    rows.push([
      r.fn === lastFn ? '' : r.fn,
      r.impl,
      fmt(r.msPerCall * 1e3),
      fmt(r.nsPerElement),
      fmt(r.melemPerSec),
      r.ratio === undefined ? '—' : r.ratio.toFixed(2),
      fmtErr(r),
      r.check ?? '',
      r.note ?? '',
    ]);
    lastFn = r.fn;
  }
  const title = `n = ${sizeLabel(n)} (float32; ratio = time / ours fn(x) time, >1 is slower than ours; maxErr = max relative error vs float64, absolute below 1e-4)`;
  return markdown ? `### ${title}\n\n${renderTable(header, rows, right, true)}` : `${title}\n${renderTable(header, rows, right)}`;
}

const best = (records, pred) =>
  records.filter((r) => pred(r) && !r.wrong).reduce((a, r) => (a && a.msPerCall <= r.msPerCall ? a : r), undefined);

/** The summary ratios. Returns { text, data } so the JSON carries the same numbers. */
export function summarize(records, sizes) {
  const lines = [];
  const data = {};
  const at = (n) => records.filter((r) => r.n === n);
  const fns = [...new Set(records.filter((r) => r.impl === 'ours').map((r) => r.fn))];

  const vsPeers = (n, key, unit) => {
    const rs = at(n);
    if (!rs.length) return;
    const perCall = unit === 'µs/call';
    lines.push(
      perCall
        ? `n=${sizeLabel(n)}, time per call, ours fn(x) vs fastest correct peer end to end (>1 = ours faster; * = peer only approx):`
        : `n=${sizeLabel(n)}, ours fn(x) vs fastest correct peer end to end (>1 = ours faster; * = peer only approx):`,
    );
    data[key] = {};
    for (const fn of fns) {
      const ours = rs.find((r) => r.fn === fn && r.impl === 'ours');
      const withOut = rs.find((r) => r.fn === fn && r.impl === 'ours (out)');
      const peer = best(rs, (r) => r.fn === fn && PEER_E2E.includes(r.impl));
      const op = rs.find((r) => r.fn === fn && r.impl === 'tfjs op');
      if (!ours) continue;
      if (!peer) {
        lines.push(`  ${fn.padEnd(12)} no correct peer row`);
        continue;
      }
      const speedup = peer.msPerCall / ours.msPerCall;
      const show = (r) => (perCall ? `${fmt(r.msPerCall * 1e3)} µs` : `${fmt(r.nsPerElement)} ns/el`);
      const outSpeedup = withOut && peer.msPerCall / withOut.msPerCall;
      const paired = withOut?.pairedVsPeer?.peer === peer.impl ? withOut.pairedVsPeer.ratio : undefined;
      data[key][fn] = {
        ours: ours.msPerCall, peer: peer.impl, peerMs: peer.msPerCall, speedup,
        ...(withOut && { oursOut: withOut.msPerCall, outSpeedup }), ...(paired !== undefined && { outSpeedupInterleaved: paired }),
      };
      lines.push(
        `  ${fn.padEnd(12)} ours ${show(ours).padStart(11)}   ${(peer.impl + (peer.check === 'approx' ? '*' : '')).padEnd(9)} ${show(peer).padStart(11)}   ${speedup.toFixed(2).padStart(6)}x` +
          (withOut ? `   [with out: ${outSpeedup.toFixed(2)}x${paired !== undefined ? `, interleaved ${paired.toFixed(2)}x` : ''}]` : '') +
          (op ? `   [tfjs op alone ${show(op)}]` : ''),
      );
    }
  };
  vsPeers(1e6, 'e2eAt1e6', 'ns/el');
  vsPeers(1e3, 'perCallAt1e3', 'µs/call');

  const zcImpl = records.some((r) => r.impl === 'ours zero-copy') ? 'ours zero-copy' : 'ours (out)';
  const zcNote = zcImpl === 'ours zero-copy' ? '' : ' [no allocate() in this build: showing ours (out) instead]';

  const section = (title, body) => {
    if (body.length) lines.push(title, ...body);
  };
  let body = [];
  data.sigmoidZeroCopyVsTfjsOp = {};
  for (const n of sizes) {
    const zc = at(n).find((r) => r.fn === 'sigmoid' && r.impl === zcImpl);
    const op = at(n).find((r) => r.fn === 'sigmoid' && r.impl === 'tfjs op');
    if (!zc || !op) continue;
    const x = op.msPerCall / zc.msPerCall;
    data.sigmoidZeroCopyVsTfjsOp[sizeLabel(n)] = { ours: zc.msPerCall, tfjsOp: op.msPerCall, speedup: x, impl: zcImpl };
    body.push(`  n=${sizeLabel(n).padEnd(4)} ours ${fmt(zc.nsPerElement)} ns/el   tfjs op ${fmt(op.nsPerElement)} ns/el   ${x.toFixed(2)}x`);
  }
  section(`sigmoid ${zcImpl} vs tfjs op alone (kernel on data already in wasm memory; >1 = ours faster)${zcNote}:`, body);

  body = [];
  data.zeroCopyVsCopyFloor = {};
  for (const n of sizes) {
    const floor = at(n).find((r) => r.fn === COPY_FLOOR);
    if (!floor) continue;
    const parts = [];
    for (const fn of FLOOR_FNS) {
      const zc = at(n).find((r) => r.fn === fn && r.impl === zcImpl);
      if (!zc) continue;
      const x = zc.floorRatio ?? zc.msPerCall / floor.msPerCall;
      (data.zeroCopyVsCopyFloor[sizeLabel(n)] ??= {})[fn] = x;
      parts.push(`${fn} ${x.toFixed(2)}`);
    }
    if (parts.length) body.push(`  n=${sizeLabel(n).padEnd(4)} (copy ${fmt(floor.nsPerElement)} ns/el)  ${parts.join('   ')}`);
  }
  section(`${zcImpl} vs copy floor out.set(x) (time / copy time: median of per-round ratios, the row and the copy interleaved; 1.00 = as fast as a memcpy)${zcNote}:`, body);
  return { text: lines.join('\n'), data };
}

/** A results file (run.mjs resultsJson) as markdown: the run's conditions, one table per size, the summary. */
export function markdownReport({ machine, versions, config, notes, results }) {
  const m = machine;
  const where = [
    m.runtime ?? `Node ${m.node}`,
    m.crossOriginIsolated === undefined ? '' : `page ${m.crossOriginIsolated ? '' : 'not '}cross-origin isolated, performance.now() resolution ${+(m.timerResolutionMs * 1e3).toFixed(1)} µs`,
  ].filter(Boolean);
  const lines = [
    `## bench:peers in ${where[0]}`,
    '',
    `${m.cpu}, ${m.cores} cores, ${m.os}; ${where.slice(1).concat(m.date.slice(0, 10)).join('; ')}; load average ${m.loadavgAtStart.join(' ')} at start${m.loadavgAtEnd ? `, ${m.loadavgAtEnd.join(' ')} at end` : ''}.`,
    '',
    `${versionsLine(versions)}. Every library single-threaded SIMD wasm; median over samples${config.quick ? ' (--quick budgets: rough numbers)' : ''}.`,
    '',
  ];
  for (const n of config.sizes) lines.push(sizeTable(n, results.filter((r) => r.n === n), { markdown: true }), '');
  lines.push('### Summary', '', '```text', summarize(results, config.sizes).text, '```', '');
  if (notes.length) lines.push('Notes:', '', ...notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}
