// The runtime table: the same kernels on every runtime installed here, one column each, with the
// runtime and its engine's version in the column head. ns/element at 1e6 f32 on zero-copy buffers,
// wasm backend, "plain / relaxed" SIMD (relaxed where the runtime has it).
//
//   npm run bench:runtimes [-- --rounds 3] [--only sigmoid,tanh] [--n 1e6] [--no-browser] [--min] [--save]
//
// --min: each figure is the best sample instead of the median (within each process and over the rounds):
// other load can only lengthen a sample, so on a machine that is not quiet the best reads the kernels
// better than the median.
//
// Runtimes: this machine's node (Node 20), the pinned Node 22/24/26 (scripts/runtimes.mjs), Debian's
// Chromium (playwright-core), and Bun, Deno and Firefox where scripts/runtimes.mjs --engines installed
// them. Each runtime runs in its own process; the processes are interleaved round by round (every
// runtime once per round, in a rotating order) and each figure is the median over all rounds, so that
// load on this shared machine falls on every column alike. Each process's own rounds interleave its
// cases (bench/runtimes/measure.mjs). The last columns give Node 24's and 26's time over Node 22's.
//
// Writes bench/out/runtimes.json (ignored by git); --save writes bench/results/runtimes.json instead.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './runtimes/measure.mjs';
import { engines, nodeBinary, PINNED } from '../scripts/runtimes.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : process.argv[i + 1];
};
const rounds = Number(arg('rounds', 3));
const n = Number(arg('n', 1e6));
const only = arg('only')?.split(',');
const browser = !process.argv.includes('--no-browser');

/** Server runtimes: a label for progress, and the command that prints measure()'s JSON. */
const servers = [['node20', process.execPath, []]];
for (const major of Object.keys(PINNED)) if (existsSync(nodeBinary(major))) servers.push([`node${major}`, nodeBinary(major), []]);
for (const e of engines()) if (e.kind === 'server') servers.push([e.name, e.bin, e.args]);

const entry = path.join(REPO, 'bench/runtimes/node-entry.mjs');
const MIN = process.argv.includes('--min');
const options = JSON.stringify({ n, rounds: 9, ...(only ? { only } : {}), ...(MIN ? { stat: 'min' } : {}) });
function runServer([, bin, args]) {
  const out = execFileSync(bin, [...args, entry, options], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 24, timeout: 600_000 });
  return JSON.parse(out.trim().split('\n').pop());
}

/** Browsers: started once, measured once per round in a fresh page. */
const pages = [];
let server;
if (browser) {
  const { serve } = await import('../scripts/serve.mjs');
  server = await serve({ root: REPO });
  if (existsSync('/usr/bin/chromium')) {
    const { launch } = await import('./runtimes/browsers.mjs');
    pages.push(['chromium', await launch('chromium')]);
  }
  for (const e of engines()) if (e.kind === 'browser') {
    const { launch } = await import('./runtimes/browsers.mjs');
    pages.push([e.name, await launch(e.name, e.bin)]);
  }
}
async function runPage([, b]) {
  return b.measure(`${server.url}bench/runtimes/page.html`, JSON.parse(options));
}

const all = [...servers.map((s) => ({ label: s[0], run: () => runServer(s) })), ...pages.map((p) => ({ label: p[0], run: () => runPage(p) }))];
const results = new Map(all.map((r) => [r.label, []]));
const t0 = Date.now();
for (let r = 0; r < rounds; r++) {
  const order = all.map((_, k) => all[(k + r) % all.length]);
  for (const [k, rt] of order.entries()) {
    const done = r * all.length + k;
    const eta = done ? ((Date.now() - t0) / done) * (rounds * all.length - done) : NaN;
    process.stderr.write(`\r  round ${r + 1}/${rounds}: ${rt.label.padEnd(10)}${Number.isFinite(eta) ? ` (about ${Math.ceil(eta / 1000)} s left)` : ''}   `);
    results.get(rt.label).push(await rt.run());
  }
}
process.stderr.write('\n');
for (const [, p] of pages) await p.close();
await server?.close();

/** The figure over the rounds: their median, or with --min their best. */
const overRounds = (v) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return undefined;
  if (MIN) return s[0];
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const columns = all.map((rt) => {
  const rs = results.get(rt.label);
  const rows = {};
  for (const c of Object.keys(rs[0].rows)) {
    rows[c] = {
      plain: overRounds(rs.map((x) => x.rows[c].plain)),
      relaxed: rs[0].relaxedAvailable ? overRounds(rs.map((x) => x.rows[c].relaxed)) : undefined,
    };
  }
  return { label: rt.label, runtime: rs[0].runtime, relaxedAvailable: rs[0].relaxedAvailable, rows };
});

const cases = CASES.filter((c) => columns[0].rows[c]);
const fmt = (v) => (v === undefined ? '–' : v.toFixed(2));
const cell = (col, c) => `${fmt(col.rows[c].plain)} / ${fmt(col.rows[c].relaxed)}`;
const byLabel = Object.fromEntries(columns.map((c) => [c.label, c]));
const ratio = (a, b, c, k) => (a && b && a.rows[c][k] && b.rows[c][k] ? (a.rows[c][k] / b.rows[c][k]).toFixed(2) : '–');
const ratioCols = ['node24', 'node26'].filter((l) => byLabel[l] && byLabel.node22);
const head = ['function', ...columns.map((c) => c.runtime), ...ratioCols.map((l) => `${byLabel[l].runtime.split(' (')[0]} ÷ Node 22`)];
const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
for (const c of cases) {
  lines.push(`| ${c.replace(/:(\w+)/, ' ($1)')} | ${columns.map((col) => cell(col, c)).join(' | ')}${ratioCols.map((l) => ` | ${ratio(byLabel[l], byLabel.node22, c, 'plain')} / ${ratio(byLabel[l], byLabel.node22, c, 'relaxed')}`).join('')} |`);
}
const title = `ns/element, 1e6 f32 on zero-copy buffers, wasm backend, plain / relaxed SIMD; ${MIN ? 'best' : 'median'} of ${rounds} interleaved rounds × 9 (${new Date().toISOString().slice(0, 10)})`;
console.log(`${title}\n\n${lines.join('\n')}`);

const save = process.argv.includes('--save');
const dir = path.join(REPO, save ? 'bench/results' : 'bench/out');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'runtimes.json'), JSON.stringify({ title, n, rounds, columns }, null, 2) + '\n');
writeFileSync(path.join(dir, 'runtimes.md'), `${title}\n\n${lines.join('\n')}\n`);
console.log(`\nwritten to ${path.relative(REPO, dir)}/runtimes.{json,md}`);
