// The package in real Chromium (Debian's /usr/bin/chromium through playwright-core): the built ESM
// bundle imported by a page on the main thread, inside a module Web Worker, and in a page where
// WebAssembly.validate refuses SIMD modules (the js fallback). Each page runs test/browser/suite.mjs,
// the Node suites' checks driven by the registry, and each check is one test here.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../../dist/index.js';
import { PLAIN, checks, fingerprint } from './suite.mjs';
import { launch, resultsOf, serveRepo, watchedPage, type Browser, type Watched } from './harness';
import { FULL } from '../support/inputs';

interface Result {
  id: string;
  ok: boolean;
  ms: number;
  error?: string;
}
interface PageResults {
  results: Result[];
  backend: string;
  info: { backend: string; relaxedSimd: boolean; fusedMultiplyAdd: boolean };
  fingerprints: Record<string, Record<string, string>>;
  userAgent: string;
  wasmResources: string[];
}

const PAGES = {
  'main thread': { path: 'test/browser/pages/main.html', backends: ['wasm', 'js'], auto: 'wasm' },
  'module worker': { path: 'test/browser/pages/worker.html', backends: ['wasm', 'js'], auto: 'wasm' },
  'no SIMD (WebAssembly.validate refuses SIMD modules)': { path: 'test/browser/pages/fallback.html', backends: ['js'], auto: 'js' },
} as const;
type PageName = keyof typeof PAGES;

let browser: Browser | undefined;
let server: Awaited<ReturnType<typeof serveRepo>> | undefined;
let setupError: unknown;
const pages = {} as Record<PageName, { watched: Watched; results: PageResults }>;

beforeAll(async () => {
  try {
    server = await serveRepo();
    browser = await launch();
    await Promise.all(
      (Object.keys(PAGES) as PageName[]).map(async (name) => {
        const watched = await watchedPage(browser!.context);
        // ?full=1 under FULL: the suite's sweeps at their full size (test/browser/suite.mjs)
        const results = await resultsOf<PageResults>(watched, server!.url + PAGES[name].path + (FULL ? '?full=1' : ''));
        pages[name] = { watched, results };
      }),
    );
  } catch (e) {
    setupError = e;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function page(name: PageName) {
  if (setupError) throw setupError;
  return pages[name];
}

for (const name of Object.keys(PAGES) as PageName[]) {
  const spec = PAGES[name];
  const ids = checks(lib, spec.backends).map((c) => c.id);

  describe(`Chromium, ${name}`, () => {
    it.each(ids)('%s', (id) => {
      const r = page(name).results.results.find((x) => x.id === id);
      expect(r, `the page reported no result for "${id}"`).toBeDefined();
      expect(r!.ok, r!.error).toBe(true);
    });

    it('checks only this page can make passed (backend choice, realms, workers)', () => {
      const own = page(name).results.results.filter((r) => !ids.includes(r.id));
      expect(own.length).toBeGreaterThan(0);
      for (const r of own) expect(r.ok, `${r.id}\n${r.error}`).toBe(true);
    });

    it(`chooses ${spec.auto} automatically`, () => {
      expect(page(name).results.backend).toBe(spec.auto);
    });

    it('no console errors, no uncaught exceptions, no failed requests', () => {
      expect(page(name).watched.errors).toEqual([]);
    });

    it('no .wasm was requested (the module is inlined in the bundle)', () => {
      const p = page(name);
      expect(p.results.wasmResources).toEqual([]);
      expect(p.watched.requests.filter((u) => /\.wasm(\?|$)/.test(u))).toEqual([]);
    });
  });
}

describe('the same answers everywhere', () => {
  it('without SIMD, the automatic (js) results are bit for bit those of the js backend where SIMD works', () => {
    expect(page('no SIMD (WebAssembly.validate refuses SIMD modules)').results.fingerprints.js).toEqual(page('main thread').results.fingerprints.js);
  });

  it('a module worker computes bit for bit what the main thread does, on both backends', () => {
    expect(page('module worker').results.fingerprints).toEqual(page('main thread').results.fingerprints);
  });

  // Chromium (since 114) has relaxed SIMD: its f32 exp-based kernels run from the relaxed side module,
  // whose relaxed_madd is fused on this machine and not in Node 20 (no relaxed SIMD without a flag).
  // With relaxedSimd: false, the main module's kernels alone are deterministic: Chromium and Node agree
  // bit for bit. Not so the js twins, nor Float64Array calls (the module has f32 kernels only; f64 runs
  // the js twins on either backend): Math.exp and Math.tanh differ by an ULP between V8 versions (Node
  // 20's and Chromium's disagree on sigmoid(-10) in f64), within every bound, which the checks above
  // enforce.
  it('Chromium uses the relaxed-SIMD kernels by default; the no-SIMD page uses js without them', () => {
    expect(page('main thread').results.info).toEqual({ backend: 'wasm', relaxedSimd: true, fusedMultiplyAdd: true });
    expect(page('module worker').results.info).toEqual({ backend: 'wasm', relaxedSimd: true, fusedMultiplyAdd: true });
    expect(page('no SIMD (WebAssembly.validate refuses SIMD modules)').results.info).toEqual({ backend: 'js', relaxedSimd: false, fusedMultiplyAdd: false });
  });

  it('Chromium computes bit for bit what Node does with the wasm kernels (Float32Array, relaxedSimd: false)', () => {
    lib.setBackend('wasm', { relaxedSimd: false });
    const node = fingerprint(lib) as Record<string, string>;
    lib.setBackend('auto', { relaxedSimd: true });
    const f32 = (print: Record<string, string>) => Object.fromEntries(Object.entries(print).filter(([k]) => k.endsWith(' f32')));
    expect(f32(page('main thread').results.fingerprints[PLAIN]!)).toEqual(f32(node));
  });

  it('with relaxed SIMD on, only the f32 functions of the side module differ from the plain kernels', () => {
    const { fingerprints } = page('main thread').results;
    // The functions whose f32 kernel the side module exports (from its build's text form).
    const wat = readFileSync(new URL('../../build/activations-relaxed.wat', import.meta.url), 'utf8');
    const exported = new Set([...wat.matchAll(/\(export "(\w+)_f32"/g)].map((m) => m[1]!));
    const has = (kernel: string) => exported.has(kernel) || exported.has(`${kernel}_rows`);
    const relaxed = lib.ACTIVATIONS.flatMap((spec) => [
      ...(has(spec.kernel) ? [`${spec.name} f32`] : []),
      ...(spec.grad && has(spec.grad.kernel) ? [`${spec.name}Grad f32`] : []),
    ]);
    expect(relaxed).toContain('sigmoid f32');
    const differ = Object.keys(fingerprints[PLAIN]!).filter((k) => fingerprints.wasm![k] !== fingerprints[PLAIN]![k]);
    expect(differ.filter((k) => !relaxed.includes(k))).toEqual([]);
    expect(differ.length, 'no function differs: the relaxed kernels are not in use').toBeGreaterThan(0);
  });

  it('the server never served a .wasm file', () => {
    if (setupError) throw setupError;
    expect(server!.requests.filter((r) => r.path.endsWith('.wasm'))).toEqual([]);
  });
});
