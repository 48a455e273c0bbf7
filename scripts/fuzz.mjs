// npm run fuzz -- [--seed N] [--minutes M | --seconds S] [--only name,name] [--survey]
//
// Runs the differential fuzzing properties of test/support/fuzz.mjs (the ones `npm test` runs with a
// fixed seed and a bounded count) for a time budget: round r checks every property with seed N + r.
// Prints the number of cases, and for a failure the shrunk case and the command that replays it.
// --survey runs every case to the end instead of stopping at a failure, and prints the distinct
// failures (message with numbers stripped) with a count and one command to replay each.
// --replay name --seed N --path P re-runs one failure (as printed).
import fc from 'fast-check';
import * as lib from '../dist/index.js';
import { makeProperties } from '../test/support/fuzz.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};
const seed = opt('seed') !== undefined ? Number(opt('seed')) : Date.now() % 2 ** 31;
const seconds = opt('seconds') !== undefined ? Number(opt('seconds')) : 60 * Number(opt('minutes') ?? 1);
if (!Number.isInteger(seed) || !(seconds > 0)) {
  console.error('usage: npm run fuzz -- [--seed N] [--minutes M | --seconds S] [--only name,…] [--survey] | --replay name --seed N --path P');
  process.exit(2);
}
const all = makeProperties(fc, lib);
const only = opt('only')?.split(',');
const names = Object.keys(all).filter((n) => !only || only.includes(n));
for (const n of only ?? []) if (!all[n]) throw new Error(`--only: no property ${n} (they are: ${Object.keys(all).join(', ')})`);
const replayCommand = (name, s, path) => `npm run fuzz -- --replay ${name} --seed ${s} --path ${path}`;

if (opt('replay')) {
  const name = opt('replay');
  const [arbitrary, predicate] = all[name];
  const r = fc.check(fc.property(arbitrary, predicate), { seed, path: opt('path'), numRuns: 1, endOnFailure: true });
  console.log(r.failed ? `${fc.defaultReportMessage(r)}\n${r.errorInstance?.message ?? ''}` : `${name}: the case passes now`);
  process.exit(r.failed ? 1 : 0);
}

console.log(`fuzz: seed ${seed}, ${seconds} s, properties ${names.join(', ')} (${process.version})`);
const start = Date.now();
const end = start + seconds * 1000;
const elapsed = () => `${((Date.now() - start) / 1000).toFixed(0)} s`;
const cases = Object.fromEntries(names.map((n) => [n, 0]));
const BATCH = 25;

if (args.includes('--survey')) {
  // Every case run to the end; failures grouped by their message without numbers.
  const groups = new Map();
  for (let round = 0; Date.now() < end; round++) {
    for (const name of names) {
      const [arbitrary, predicate] = all[name];
      const s = seed + round;
      let i = 0;
      for (const v of fc.sample(arbitrary, { seed: s, numRuns: BATCH })) {
        cases[name]++;
        try {
          predicate(v);
        } catch (e) {
          for (const line of String(e.message).split('\n')) {
            const key = `${name}: ${line.replace(/-?\d[\d.e+-]*/g, '#').slice(0, 160)}`;
            const g = groups.get(key) ?? { count: 0, example: `${line.slice(0, 300)}`, replay: replayCommand(name, s, String(i)) };
            g.count++;
            groups.set(key, g);
          }
        }
        i++;
      }
    }
  }
  const total = Object.values(cases).reduce((a, b) => a + b, 0);
  console.log(`${total} cases in ${elapsed()} (${names.map((n) => `${n} ${cases[n]}`).join(', ')}), ${groups.size} distinct failures; seed ${seed}`);
  for (const [key, g] of [...groups].sort((a, b) => b[1].count - a[1].count)) console.log(`\n${g.count} × ${key}\n  e.g. ${g.example}\n  ${g.replay}`);
  process.exit(groups.size ? 1 : 0);
}

let failures = 0;
for (let round = 0; Date.now() < end && failures === 0; round++) {
  for (const name of names) {
    const [arbitrary, predicate] = all[name];
    const s = seed + round;
    const r = fc.check(fc.property(arbitrary, predicate), { seed: s, numRuns: BATCH });
    cases[name] += r.numRuns;
    if (r.failed) {
      failures++;
      console.log(`\nFAILED ${name} (seed ${s}):\n${fc.defaultReportMessage(r)}\n${r.errorInstance?.message ?? ''}\nreplay: ${replayCommand(name, s, r.counterexamplePath)}`);
      break;
    }
    if (Date.now() >= end) break;
  }
}
const total = Object.values(cases).reduce((a, b) => a + b, 0);
console.log(`\n${total} cases in ${elapsed()} (${names.map((n) => `${n} ${cases[n]}`).join(', ')}), ${failures} failure${failures === 1 ? '' : 's'}; seed ${seed}`);
process.exit(failures ? 1 : 0);
