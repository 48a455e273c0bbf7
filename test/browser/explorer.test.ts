// The explorer page (npm run explorer) in real Chromium: every registry function renders with no
// console error; moving a parameter slider redraws the plot (canvas pixels differ); saturation and
// dead regions are shaded; the ULP panel compares both backends; the benchmark button draws bars.
// EXPLORER_SCREENSHOT=docs/explorer.png (npm run screenshot) also saves the README's screenshot.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../dist/index.js';
import { serve } from '../../scripts/serve.mjs';
import { REPO, launch, watchedPage, type Browser, type Watched } from './harness';

interface Report {
  ready: boolean;
  renders: number;
  errors: string[];
  last?: { name: string; skipped?: string; params: Record<string, number | string>; samples: number; vanishing: number; dead: number; how: string; ulp: Record<string, number> };
  bench?: { name: string; results: { backend: string; type: string; melemPerSec: number }[] };
}

let browser: Browser | undefined;
let server: Awaited<ReturnType<typeof serve>> | undefined;
let w: Watched;
let setupError: unknown;

beforeAll(async () => {
  try {
    server = await serve({ root: REPO, redirects: { '/': '/explorer/' } });
    browser = await launch();
    w = await watchedPage(browser.context);
    await w.page.goto(server.url); // the explorer script's redirect, as a user gets it
    await w.page.waitForFunction(() => (window as unknown as { __explorer?: Report }).__explorer?.ready, undefined, { timeout: 30_000 });
  } catch (e) {
    setupError = e;
  }
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function page() {
  if (setupError) throw setupError;
  return w.page;
}
const report = () => page().evaluate(() => (window as unknown as { __explorer: Report }).__explorer);
const pixels = (id: string) => page().evaluate((i) => (document.getElementById(i) as HTMLCanvasElement).toDataURL(), id);

/** Do something that redraws, and wait until the explorer has rendered again. */
async function redraw(action: () => Promise<unknown>) {
  const before = (await report()).renders;
  await action();
  await page().waitForFunction((n) => (window as unknown as { __explorer: Report }).__explorer.renders > n, before, { timeout: 10_000 });
  return report();
}

describe('explorer', () => {
  it('opens at / (redirected to /explorer/) and draws with the wasm kernels', async () => {
    expect(page().url()).toMatch(/\/explorer\/#fn=/);
    expect(await page().textContent('#backend')).toContain('wasm');
    const r = await report();
    expect(r.ready).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it('lists every function of the registry', async () => {
    const options = await page().$$eval('#fn option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(ACTIVATIONS.map((s) => s.name));
  });

  it.each(ACTIVATIONS.map((s) => [s.name, s] as const))('%s: renders f, f′, shading and both backends’ ULP error', async (name, s) => {
    const r = await redraw(() => page().selectOption('#fn', name));
    expect(r.errors).toEqual([]);
    expect(r.last!.name).toBe(name);
    if (s.kind !== 'elementwise' && s.kind !== 'axis') {
      expect(r.last!.skipped).toBe(`kind ${(s as { kind: string }).kind}`); // said on the page, not drawn
      return;
    }
    expect(Object.keys(r.last!.ulp).sort()).toEqual(['js', 'wasm']);
    for (const e of Object.values(r.last!.ulp)) expect(Number.isFinite(e)).toBe(true);
    // Every numeric parameter has a slider, every list a select.
    for (const p of s.params) expect(await page().getAttribute(`#param-${p.name}`, 'type').catch(() => null)).toBe(typeof p.kind === 'string' ? 'range' : null);
  });

  it('shades the saturated tails of sigmoid and the dead side of relu', async () => {
    await redraw(() => page().evaluate(() => (location.hash = '#fn=sigmoid&min=-12&max=12')));
    const sig = (await report()).last!;
    expect(sig.vanishing / sig.samples).toBeGreaterThan(0.3); // |x| > ~6.9: σ' < 1e-3
    const relu = (await redraw(() => page().evaluate(() => (location.hash = '#fn=relu&min=-6&max=6')))).last!;
    expect(relu.dead / relu.samples).toBeGreaterThan(0.45); // x < 0: f' = 0
  });

  it('moving a parameter slider redraws the plot (canvas pixels differ)', async () => {
    const withParam = ACTIVATIONS.find((s) => s.params.some((p) => typeof p.kind === 'string'));
    expect(withParam, 'no activation has a numeric parameter').toBeDefined();
    const p = withParam!.params.find((q) => typeof q.kind === 'string')!;
    await redraw(() => page().evaluate((n) => (location.hash = `#fn=${n}&min=-6&max=6`), withParam!.name));
    const before = { plot: await pixels('plot'), ulp: await pixels('ulp'), value: (await report()).last!.params[p.name] };
    const slider = page().locator(`#param-${p.name}`);
    await slider.focus();
    const r = await redraw(async () => {
      for (let k = 0; k < 3; k++) await page().keyboard.press('PageUp');
    });
    expect(r.last!.params[p.name]).not.toBe(before.value);
    expect(await pixels('plot')).not.toBe(before.plot);
    expect(page().url()).toContain(`${p.name}=`);
  });

  it('the benchmark button draws wasm and js bars', async () => {
    await redraw(() => page().evaluate(() => (location.hash = '#fn=sigmoid&min=-10&max=10')));
    await page().click('#run-bench');
    await page().waitForFunction(() => (window as unknown as { __explorer: Report }).__explorer.bench, undefined, { timeout: 20_000 });
    const r = await report();
    expect(r.bench!.results.map((x) => `${x.backend} ${x.type}`)).toEqual(['wasm f32', 'js f32', 'wasm f64', 'js f64']);
    for (const x of r.bench!.results) expect(x.melemPerSec).toBeGreaterThan(0);
    expect(await page().locator('#bars .bar').count()).toBe(4);
  });

  it('no console errors, no uncaught exceptions, no failed requests; a screenshot', async () => {
    expect(w.errors).toEqual([]);
    expect((await report()).errors).toEqual([]);
    const target = process.env.EXPLORER_SCREENSHOT ? path.resolve(REPO, process.env.EXPLORER_SCREENSHOT) : path.join(await mkdtemp(path.join(tmpdir(), 'explorer-')), 'explorer.png');
    await page().screenshot({ path: target, fullPage: true });
    expect((await stat(target)).size).toBeGreaterThan(10_000);
    expect((await readFile(target)).subarray(1, 4).toString()).toBe('PNG');
    if (!process.env.EXPLORER_SCREENSHOT) await rm(path.dirname(target), { recursive: true, force: true });
  });
});
