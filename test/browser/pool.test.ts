// The worker pool in real Chromium, in two pages: one served with COOP/COEP (crossOriginIsolated:
// threads over a shared memory) and one without (one worker over its own memory). In both: pool.info()
// says what the page got and why, every function gives the synchronous call's bits, and the main
// thread keeps drawing frames while a long call runs on the pool. Not a timed test: the durations are
// printed, and only "frames kept coming" is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, resultsOf, serveRepo, watchedPage, type Browser, type Watched } from './harness';

interface Frames {
  ms: number;
  frames: number;
  longestGapMs: number;
}
interface PoolPage {
  info: { threads: number; shared: boolean; reason?: string; relaxedSimd: boolean; inlineBelow: number; maxMemory: number };
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  backendInfo: { backend: string; relaxedSimd: boolean };
  createMs: number;
  checked: { count: number; failures: string[] };
  died: { how: string; settled: string; after: string; threads: number }[];
  during: Frames;
  sync: Frames;
  after: string;
  userAgent: string;
  wasmResources: string[];
}

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const PAGE = 'test/browser/pages/pool.html';

let browser: Browser | undefined;
const servers: Awaited<ReturnType<typeof serveRepo>>[] = [];
const pages: Record<string, { watched: Watched; results: PoolPage }> = {};
let setupError: unknown;

beforeAll(async () => {
  try {
    browser = await launch();
    const csp = { ...ISOLATION, 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" };
    for (const [name, headers, query] of [['isolated', ISOLATION, ''], ['not isolated', {}, ''], ['CSP without blob: workers', csp, '?csp']] as const) {
      const server = await serveRepo({ headers });
      servers.push(server);
      const watched = await watchedPage(browser.context);
      pages[name] = { watched, results: await resultsOf<PoolPage>(watched, server.url + PAGE + query, 120_000) };
      if (query) {
        console.log(`${name}: pool.info() ${JSON.stringify(pages[name]!.results.info)}`);
        continue;
      }
      const r = pages[name]!.results;
      // What the test saw, for the record (docs/threads.md quotes it).
      console.log(`${name}: ${r.userAgent.match(/Chrom\w*\/[\d.]+/)?.[0] ?? r.userAgent}`);
      console.log(`${name}: crossOriginIsolated ${r.crossOriginIsolated}, hardwareConcurrency ${r.hardwareConcurrency}, pool.info() ${JSON.stringify(r.info)}`);
      console.log(`${name}: createPool ${r.createMs.toFixed(0)} ms; gelu on 4e6 f64, 5 calls: pool ${r.during.ms.toFixed(0)} ms with ${r.during.frames} frames (longest gap ${r.during.longestGapMs.toFixed(0)} ms), synchronous ${r.sync.ms.toFixed(0)} ms with ${r.sync.frames} frames (longest gap ${r.sync.longestGapMs.toFixed(0)} ms)`);
    }
  } catch (e) {
    setupError = e;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

function page(name: string): { watched: Watched; results: PoolPage } {
  if (setupError) throw setupError;
  return pages[name]!;
}

describe('Chromium: the worker pool', () => {
  it('crossOriginIsolated page: threads over one shared memory, as many as the cores, no reason given', () => {
    const r = page('isolated').results;
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.info).toMatchObject({ threads: r.hardwareConcurrency, shared: true, relaxedSimd: true });
    expect(r.info.reason).toBeUndefined();
  });

  it('page without COOP/COEP: one worker over unshared memory, and info() says why', () => {
    const r = page('not isolated').results;
    expect(r.crossOriginIsolated).toBe(false);
    expect(r.info).toMatchObject({ threads: 1, shared: false, relaxedSimd: true, maxMemory: 0 });
    expect(r.info.reason).toMatch(/^page is not crossOriginIsolated/);
  });

  it('a Content-Security-Policy that refuses blob: workers: createPool still resolves, to no threads with the reason, and calls run on the page\'s thread', () => {
    const p = page('CSP without blob: workers');
    expect(p.results.info).toMatchObject({ threads: 0, shared: false, maxMemory: 0 });
    expect(p.results.info.reason).toMatch(/^workers could not start: .*Content-Security-Policy/);
    expect((p.results as unknown as { same: boolean }).same).toBe(true);
    // The only errors are the policy's own reports (the refused workers, and the page's data: icon).
    expect(p.watched.errors.length).toBeGreaterThan(0);
    for (const e of p.watched.errors) expect(e).toMatch(/violates the following Content Security Policy directive/);
  });

  for (const name of ['isolated', 'not isolated']) {
    describe(name, () => {
      it('every function, f32 and f64, ordinary arrays and pool buffers: the synchronous call\'s bits', () => {
        const r = page(name).results;
        expect(r.backendInfo).toEqual({ backend: 'wasm', relaxedSimd: true, fusedMultiplyAdd: true });
        expect(r.checked.failures).toEqual([]);
        expect(r.checked.count).toBeGreaterThan(200);
      });

      it('a worker that ends without an error event (terminated, or closed itself): the call rejects saying so, and the pool replaces the worker and keeps serving', () => {
        const r = page(name).results;
        console.log(`${name}: ${JSON.stringify(r.died)}`);
        expect(r.died.map((d) => d.how)).toEqual(['terminated during the call', 'closed itself before the call reached it']);
        for (const d of r.died) {
          expect(d.settled, d.how).toMatch(/^wasm-activations pool: worker 0 died during this call \(it ended without an error event: terminated, closed or crashed\); the pool has replaced it$/);
          expect(d.after, `${d.how}: the next call`).toBe('resolved');
          expect(d.threads, d.how).toBe(r.info.threads);
        }
      });

      it('the main thread keeps drawing frames during a long call on the pool (and draws none during the synchronous one)', () => {
        const r = page(name).results;
        // The call lasts long enough to span many frames; the page must have drawn frames throughout.
        expect(r.during.ms).toBeGreaterThan(200);
        expect(r.during.frames).toBeGreaterThan(5);
        expect(r.sync.frames).toBeLessThanOrEqual(1);
        expect(r.during.longestGapMs).toBeLessThan(r.sync.longestGapMs);
      });

      it('after terminate(), calls reject; no errors, no .wasm fetched, no exception at import', () => {
        const p = page(name);
        expect(p.results.after).toMatch(/terminated/);
        expect(p.watched.errors).toEqual([]);
        expect(p.results.wasmResources).toEqual([]);
      });
    });
  }
});
