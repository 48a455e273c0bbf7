// The size a user downloads: dist/index.js (the ESM bundle, wasm module inlined) gzipped at level 9,
// against the budget docs/deployment.md states. Exits 1 over budget, so CI fails on an unnoticed jump.
//
//   npm run size            (builds first)
//   node scripts/size.mjs   (measures the dist/ that is there)
//
// Raise the budget deliberately, with docs/deployment.md, when a change earns it (each new activation
// adds a kernel and a JS twin); lower it when a change saves, so that the next jump is noticed.

import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Gzipped bytes allowed for dist/index.js; docs/deployment.md's "Size" section states the same number and how the size got here. */
export const BUDGET_BYTES = 90_000;

/**
 * What a Vite app ships of the package (its dist/assets/*.js, gzip -9), by what it imports:
 * test/bundlers/bundlers.test.ts builds fixtures/vite-relu, fixtures/vite (sigmoid) and
 * fixtures/vite-all and holds them to these: issue 12's targets.
 */
export const APP_BUDGETS = { relu: 10_000, sigmoid: 20_000, all: 83_000 };

const file = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Raw, gzip -9 and brotli (quality 11) sizes of dist/index.js, in bytes. */
export function measure() {
  const raw = readFileSync(file);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = measure();
  const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
  const pct = ((100 * s.gzip) / BUDGET_BYTES).toFixed(0);
  console.log(`dist/index.js: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip (${s.gzip} B), ${kb(s.brotli)} brotli`);
  console.log(`budget: ${kb(BUDGET_BYTES)} gzip (${BUDGET_BYTES} B), ${pct}% used`);
  if (s.gzip > BUDGET_BYTES) {
    console.error(`over budget by ${s.gzip - BUDGET_BYTES} B: shrink the bundle, or raise BUDGET_BYTES in scripts/size.mjs and docs/deployment.md together`);
    process.exit(1);
  }
}
