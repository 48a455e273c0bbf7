// The benchmark itself, shared by Node (bench/peers.mjs) and the browser page (page.mjs): load the
// three libraries, check every row against the float64 reference, time it, print one table per size
// and the summary. What differs between the two comes in `env` (env-node.mjs, env-page.mjs); text
// goes out through `log`, so in the page it reaches the terminal of the Node process driving it.

import { CATALOGUE, ROW, inputDims, oursOptions } from './catalogue.mjs';
import { initOrt, ortRows } from './ort.mjs';
import { loadOurs, oursRows } from './ours.mjs';
import { elementwiseReference, measureError } from './reference.mjs';
import { COPY_FLOOR, DEFINITIONS, FLOOR_FNS, IMPL_ORDER, PEER_E2E, sizeLabel, sizeTable, summarize, versionsLine } from './report.mjs';
import { initTfjs, tfjsRows } from './tfjs.mjs';
import { describeBudgets, pairedRatio, timeRow, warmUp } from './timing.mjs';
import { makeInput } from '../input.mjs';

function reference(entry, x) {
  return entry.kind === 'rows' ? entry.reference(x) : elementwiseReference(entry.reference, x);
}

/**
 * @param env environment adapter
 * @param {{ lib: string, sizes: number[], quick: boolean, fns?: string[] }} options our module, what to run
 * @param {{ log?: (line: string) => void, progress?: (p: { n: number, fn: string, impl: string, done: number, total: number }) => void }} [io]
 * @returns the results: versions, notes, records, summary (as bench/results/peers.json has them)
 */
export async function runPeers(env, { lib, sizes, quick, fns }, { log = console.log, progress = () => {} } = {}) {
  const wanted = fns ? new Set(fns) : null;
  const timing = { quick };
  const ours = await loadOurs(env, lib);
  const tfjs = await initTfjs(env);
  const ort = await initOrt(env);

  const versions = { ours: ours.info, tfjs: tfjs.info, ort: ort.info };
  log(versionsLine(versions));
  log(`sizes ${sizes.map(sizeLabel).join(', ')}${quick ? ' (--quick budgets: rough numbers)' : ''}\n`);

  const entries = [];
  const notes = [];
  for (const entry of CATALOGUE) {
    if (wanted && !wanted.has(entry.key)) continue;
    if (typeof ours.lib[entry.fn] !== 'function') {
      notes.push(`skip ${entry.key}: our build has no ${entry.fn}() yet`);
      continue;
    }
    entries.push(entry);
  }
  // Activations our registry lists that the catalogue cannot benchmark yet: say so rather than silently omit.
  for (const spec of ours.lib.ACTIVATIONS ?? []) {
    if (!CATALOGUE.some((e) => e.fn === spec.name)) notes.push(`our ${spec.name}() has no entry in bench/peers/catalogue.mjs yet`);
  }
  if (typeof ours.lib.allocate !== 'function') notes.push('no "ours zero-copy" rows: our build has no allocate() yet');
  if (typeof ours.lib.setBackend !== 'function') notes.push('no "ours js" rows: our build has no setBackend()');
  for (const note of notes) log(`note: ${note}`);
  if (notes.length) log('');

  const records = [];
  const peerSkips = new Map();

  function record(n, fn, row, t, check) {
    const rec = {
      n,
      fn,
      impl: row.impl,
      ...(row.note && { note: row.note }),
      msPerCall: t.msPerCall,
      nsPerElement: (t.msPerCall * 1e6) / n,
      melemPerSec: n / (t.msPerCall * 1e3),
      rme: t.rme,
      samples: t.samples,
      callsPerSample: t.calls,
      ...(check && { maxErr: check.maxErr, maxAbs: check.maxAbs, check: check.grade, wrong: check.wrong, ...(check.why && { why: check.why }) }),
    };
    records.push(rec);
    return rec;
  }

  const started = performance.now();

  // Warm every library's call path on small arrays before the first measured row (see warmUp).
  if (entries.length) {
    const entry = entries[0];
    const x = makeInput(ROW);
    const rows = oursRows(ours, entry, x, oursOptions(entry, ROW));
    rows.push(...(await tfjsRows(tfjs, entry, x, inputDims(entry, ROW))).rows);
    rows.push(...(await ortRows(ort, entry, x, inputDims(entry, ROW))).rows);
    for (const row of rows) {
      await row.setup?.();
      await warmUp(row, quick ? 50 : 400);
      await row.teardown?.();
    }
  }

  for (const [sizeIndex, n] of sizes.entries()) {
    const x = makeInput(n);
    const sizeRecords = [];

    const floorOut = new Float32Array(n);
    const floorRow = { impl: 'Float32Array.set', note: 'out.set(x)', run: () => floorOut.set(x) };
    sizeRecords.push(record(n, COPY_FLOOR, floorRow, await timeRow(floorRow, n, env.clock, timing)));

    for (const [entryIndex, entry] of entries.entries()) {
      const dims = inputDims(entry, n);
      const ref = reference(entry, x);
      const rows = oursRows(ours, entry, x, oursOptions(entry, n));
      for (const [peer, build] of [['tfjs', tfjsRows], ['ort', ortRows]]) {
        const built = await build(peer === 'tfjs' ? tfjs : ort, entry, x, dims);
        rows.push(...built.rows);
        if (built.skipped) peerSkips.set(`${entry.key} / ${peer}`, built.skipped);
      }
      rows.sort((a, b) => IMPL_ORDER.indexOf(a.impl) - IMPL_ORDER.indexOf(b.impl));

      const fnRecords = [];
      // The peers' end-to-end rows stay set up (an ort session) until ours (out) has been paired with the fastest.
      const deferred = [];
      for (const row of rows) {
        progress({ n, fn: entry.key, impl: row.impl, done: sizeIndex * entries.length + entryIndex, total: sizes.length * entries.length });
        await row.setup?.();
        try {
          // Copy the result: some rows return views that the next call overwrites.
          const check = measureError(Float32Array.from(await row.result()), ref, entry.relFloor);
          const rec = record(n, entry.key, row, await timeRow(row, n, env.clock, timing), check);
          // The copy floor drifts with the load on the other vCPU by 10–20% over a run: the zero-copy
          // rows' ratio to it is measured with the two interleaved (see pairedRatio).
          if (row.impl === 'ours zero-copy' && FLOOR_FNS.includes(entry.key)) rec.floorRatio = (await pairedRatio(row, floorRow, n, env.clock, timing)).ratio;
          fnRecords.push(rec);
        } catch (err) {
          peerSkips.set(`${entry.key} / ${row.impl} @${sizeLabel(n)}`, `failed: ${err.message.split('\n')[0]}`);
        } finally {
          if (PEER_E2E.includes(row.impl)) deferred.push(row);
          else await row.teardown?.();
        }
      }
      // The headline ratio, ours (out) against the fastest correct peer end to end, measured again with
      // the two interleaved (pairedRatio: the median of per-round ratios), so that a drift of the
      // machine between two rows' blocks cannot make it. Up to 1e6 (at 1e7 a round takes seconds).
      const outRec = fnRecords.find((r) => r.impl === 'ours (out)');
      const peerRec = fnRecords.filter((r) => PEER_E2E.includes(r.impl) && !r.wrong).sort((a, b) => a.msPerCall - b.msPerCall)[0];
      if (outRec && peerRec && n <= 1e6) {
        const peerRow = rows.find((r) => r.impl === peerRec.impl);
        const outRow = rows.find((r) => r.impl === 'ours (out)');
        outRec.pairedVsPeer = { peer: peerRec.impl, ratio: (await pairedRatio(peerRow, outRow, n, env.clock, timing)).ratio };
      }
      for (const row of deferred) await row.teardown?.();
      const base = fnRecords.find((r) => r.impl === 'ours');
      for (const r of fnRecords) if (base) r.ratio = r.msPerCall / base.msPerCall;
      sizeRecords.push(...fnRecords);
    }
    log(sizeTable(n, sizeRecords));
    log(`(${((performance.now() - started) / 1000).toFixed(0)} s elapsed)\n`);
  }

  if (peerSkips.size) {
    log('rows not run:');
    for (const [what, why] of peerSkips) log(`  ${what}: ${why}`);
    log('');
  }
  const wrong = records.filter((r) => r.wrong);
  if (wrong.length) {
    log('WRONG rows (output differs from the float64 reference):');
    for (const r of wrong) log(`  n=${sizeLabel(r.n)} ${r.fn} / ${r.impl}: maxErr ${r.maxErr}, maxAbs ${r.maxAbs}${r.why ? `, ${r.why}` : ''}`);
    log('');
  }

  const summary = summarize(records, sizes);
  log('Summary\n' + summary.text);
  return {
    versions,
    notes: [...notes, ...[...peerSkips].map(([what, why]) => `${what}: ${why}`)],
    records,
    summary,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The results file's content: the run, the machine it ran on, and what every figure means. */
export function resultsJson(run, { machine, sizes, quick, ...config }) {
  return {
    machine,
    versions: run.versions,
    config: {
      sizes,
      quick,
      input: 'uniform [-8, 8), mulberry32 seed 0x5eed, float32',
      softmaxShape: '[n / 1000, 1000], last axis',
      budgets: describeBudgets(sizes, quick),
      statistic: 'median over samples; a sample is the mean of callsPerSample back-to-back calls',
      ...config,
    },
    definitions: DEFINITIONS,
    notes: run.notes,
    results: run.records,
    summary: run.summary.data,
  };
}
