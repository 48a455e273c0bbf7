// The relaxed-SIMD comparison of bench/relaxed-core.mjs in Chromium (relaxed SIMD on by default since
// 114), headless, on the built dist/ served from the repo. Node's is part of npm run bench (Node 20
// needs the flag: node --experimental-wasm-relaxed-simd bench/run.mjs).
//
//   npm run build && node bench/relaxed.mjs

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = await serve({ root });
const profile = mkdtempSync(path.join(tmpdir(), 'relaxed-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
});
try {
  const page = await ctx.newPage();
  page.on('console', (m) => console.error('page:', m.text()));
  await page.goto(server.url + 'package.json');
  const { ua, rows } = await page.evaluate(async (base) => {
    const lib = await import(base + 'dist/index.js');
    const { relaxedVsPlain } = await import(base + 'bench/relaxed-core.mjs');
    return { ua: navigator.userAgent, rows: await relaxedVsPlain(lib) };
  }, server.url);
  const { formatRelaxed } = await import('./relaxed-core.mjs');
  const where = ua.match(/Chrom\S+/)?.[0] ?? 'Chromium';
  console.log(rows.length ? formatRelaxed(rows, where) : `${where}: no relaxed SIMD here`);
} finally {
  await ctx.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
