// The explorer page (npm run explorer) in real Chromium, panel by panel, checking that what each panel
// shows is what its text claims: Compare shades sigmoid's saturated tails and relu's dead half;
// Non-linearity's linear run ends at chance while relu's fits XOR; Vanishing gradients' sigmoid first
// layer gets ≥ 100× less gradient than its last; Dying ReLU ends with more dead relu units than
// leakyRelu, elu or gelu. Also: every registry function renders with no console error, range errors
// show next to the inputs without moving the plot, the ULP histogram stays within the documented
// bounds, the benchmark draws bars, and at 390 px the controls stack above the plots with nothing
// clipped. EXPLORER_SCREENSHOTS=docs (npm run screenshot) saves the screenshots the README shows.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../dist/index.js';
import { serve } from '../../scripts/serve.mjs';
import { REPO, launch, watchedPage, type Browser, type Watched } from './harness';

interface LabRun {
  activation: string;
  finalLoss: number;
  accuracy: number;
  init: number[];
  end: number[];
  ratioInit: number;
  ratioEnd: number;
  dead: number[];
  finalDead: number;
}
interface Report {
  ready: boolean;
  renders: number;
  view: string;
  errors: string[];
  rangeError?: string;
  last?: { name: string; skipped?: string; xmin: number; xmax: number; params: Record<string, number | string>; samples: number; vanishing: number; dead: number; how: string; ulp: Record<string, number> };
  compare?: { fns: string[]; xmin: number; xmax: number; samples: number; shares: Record<string, { vanishing: number; dead: number }> };
  lab: Record<string, { depth?: number; runs: LabRun[] } | undefined>;
  runs: Record<string, number | undefined>;
  progress: Record<string, number[] | undefined>;
  bench?: { name: string; results: { backend: string; type: string; melemPerSec: number }[] };
}

let browser: Browser | undefined;
let server: Awaited<ReturnType<typeof serve>> | undefined;
let w: Watched;
let setupError: unknown;
const SHOTS = process.env.EXPLORER_SCREENSHOTS ? path.resolve(REPO, process.env.EXPLORER_SCREENSHOTS) : undefined;
let scratch: string | undefined;

beforeAll(async () => {
  try {
    server = await serve({ root: REPO, redirects: { '/': '/explorer/' } });
    browser = await launch();
    w = await watchedPage(browser.context);
    await w.page.goto(server.url); // the explorer script's redirect, as a user gets it
    await w.page.waitForFunction(() => (window as unknown as { __explorer?: Report }).__explorer?.ready, undefined, { timeout: 30_000 });
    scratch = await mkdtemp(path.join(tmpdir(), 'explorer-'));
  } catch (e) {
    setupError = e;
  }
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
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
  await page().evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
  return report();
}

/** Open a lab panel (or change one of its controls), and wait for its next finished training run. */
async function trained(view: string, action: () => Promise<unknown>) {
  const before = (await report()).runs[view] ?? 0;
  await action();
  await page().waitForFunction(([v, n]) => ((window as unknown as { __explorer: Report }).__explorer.runs[v as string] ?? 0) > (n as number), [view, before] as const, { timeout: 60_000 });
  const r = await report();
  const lab = r.lab[view]!;
  const by = (name: string) => lab.runs.find((x) => x.activation === name) ?? expect.fail(`${view}: no run for ${name}`);
  return { r, lab, by };
}

/** A full-page screenshot: into EXPLORER_SCREENSHOTS as `name` when set, else a scratch file; checked to be a PNG. */
async function shot(name: string) {
  const target = path.join(SHOTS ?? scratch!, name);
  await page().screenshot({ path: target, fullPage: true });
  expect((await stat(target)).size).toBeGreaterThan(10_000);
  expect((await readFile(target)).subarray(1, 4).toString()).toBe('PNG');
}

describe('explorer', () => {
  it('opens at / (redirected to /explorer/) on the Compare panel, drawing with the wasm kernels', async () => {
    expect(page().url()).toMatch(/\/explorer\/#view=compare/);
    expect(await page().textContent('#backend')).toContain('wasm');
    const r = await report();
    expect(r.ready).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.view).toBe('compare');
    expect(await page().isVisible('#view-compare')).toBe(true);
    expect(await page().isVisible('#view-function')).toBe(false);
  });

  describe('Compare', () => {
    it('overlays sigmoid, tanh, relu, leakyRelu and gelu on [−10, 10], shading where each gradient vanishes or dies', async () => {
      const c = (await report()).compare!;
      expect(c.fns).toEqual(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu']);
      expect([c.xmin, c.xmax]).toEqual([-10, 10]);
      // σ'(x) < 1e-3 for |x| > 6.9: 31% of [−10, 10]; tanh' < 1e-3 for |x| > 4.1.
      expect(c.shares.sigmoid!.vanishing).toBeGreaterThan(0.28);
      expect(c.shares.tanh!.vanishing).toBeGreaterThan(c.shares.sigmoid!.vanishing);
      expect(c.shares.relu!.dead).toBeGreaterThan(0.45); // x <= 0
      expect(c.shares.leakyRelu).toEqual({ vanishing: 0, dead: 0 }); // slope 0.01 below 0
      const legend = await page().textContent('#cmp-legend');
      expect(legend).toContain(`sigmoid ${(100 * c.shares.sigmoid!.vanishing).toFixed(0)}% vanishing`);
      expect(legend).toContain(`relu 0% vanishing, ${(100 * c.shares.relu!.dead).toFixed(0)}% dead`);
      await shot('explorer-compare.png');
    });

    it('adding a function redraws with it', async () => {
      const before = await pixels('cmp-plot');
      const r = await redraw(() => page().check('#cmp-fns input[value="elu"]'));
      expect(r.compare!.fns).toContain('elu');
      expect(r.compare!.shares.elu!.vanishing).toBeGreaterThan(0.14); // elu'(x) = e^x < 1e-3 for x < −6.9: 3.1 of the 20 units of the range
      expect(await pixels('cmp-plot')).not.toBe(before);
      expect(page().url()).toContain('elu');
      await redraw(() => page().uncheck('#cmp-fns input[value="elu"]'));
    });

    it('a reversed range ("from 5, to −5") shows its error next to the inputs and leaves the plot on its last good range', async () => {
      let r = await redraw(() => page().fill('#cmp-xmin', '5'));
      expect([r.compare!.xmin, r.compare!.xmax]).toEqual([5, 10]);
      await page().fill('#cmp-xmax', '-5');
      const error = page().locator('#cmp-range-error');
      await expect.poll(() => error.textContent()).toContain('must be less than');
      expect(await error.textContent()).toContain('still shows [5, 10]');
      expect(await page().getAttribute('#cmp-xmax', 'aria-invalid')).toBe('true');
      expect(await page().getAttribute('#cmp-plot', 'class')).toContain('stale');
      // Next to the inputs: inside their fieldset, just below "to".
      const input = (await page().locator('#cmp-xmax').boundingBox())!;
      const box = (await error.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(input.y + input.height - 1);
      expect(box.y).toBeLessThan(input.y + input.height + 40);
      expect(await page().locator('#cmp-range #cmp-range-error').count()).toBe(1);
      r = await report();
      expect([r.compare!.xmin, r.compare!.xmax]).toEqual([5, 10]);
      expect(page().url()).toContain('min=5&max=10');
      r = await redraw(() => page().fill('#cmp-xmax', '8'));
      expect([r.compare!.xmin, r.compare!.xmax]).toEqual([5, 8]);
      expect(await error.isVisible()).toBe(false);
      expect(await page().getAttribute('#cmp-plot', 'class')).not.toContain('stale');
      await page().fill('#cmp-xmin', '-10');
      await redraw(() => page().fill('#cmp-xmax', '10'));
    });
  });

  describe('Non-linearity', () => {
    it('linear ends at chance (loss > 0.6) on XOR while relu fits it (loss < 0.05), as its boundaries and loss curves show', async () => {
      const { r, lab, by } = await trained('nonlinearity', () => page().click('#tab-nonlinearity'));
      expect(r.view).toBe('nonlinearity');
      expect(lab.runs.map((x) => x.activation)).toEqual(['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu']);
      expect(by('linear').finalLoss).toBeGreaterThan(0.6);
      expect(by('linear').accuracy).toBeLessThan(0.75);
      for (const act of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu']) expect(by(act).finalLoss, act).toBeLessThan(0.05);
      expect(by('relu').accuracy).toBe(1);
      // What the page writes is those numbers: one boundary per run, titled with its loss.
      expect(await page().locator('#nl-boundaries canvas').count()).toBe(6);
      expect(await page().textContent('.boundary[data-activation="linear"] p')).toContain(`loss ${by('linear').finalLoss.toFixed(3)}`);
      expect(await page().textContent('#nl-legend')).toContain(`linear: ${by('linear').finalLoss.toFixed(3)}`);
      // A progress bar ran to the end and is gone.
      const seen = r.progress.nonlinearity!;
      expect(seen.length).toBeGreaterThan(2);
      expect(seen.at(-1)).toBe(1);
      expect(await page().isHidden('#nl-progress')).toBe(true);
      await shot('explorer-nonlinearity.png');
    });

    it('"Train again" retrains, with the same numbers for the same seed', async () => {
      const first = (await report()).lab.nonlinearity!.runs.map((x) => x.finalLoss);
      const { lab } = await trained('nonlinearity', () => page().click('#nl-run'));
      expect(lab.runs.map((x) => x.finalLoss)).toEqual(first);
    });
  });

  describe('Vanishing gradients', () => {
    it('sigmoid’s first-layer gradient norm is ≥ 100× smaller than its last layer’s; tanh’s and relu’s are not', async () => {
      const { lab, by } = await trained('vanishing', () => page().click('#tab-vanishing'));
      expect(lab.depth).toBe(20);
      const sig = by('sigmoid');
      expect(sig.init.length).toBe(20);
      expect(sig.init[0]! * 100).toBeLessThanOrEqual(sig.init[19]!);
      expect(sig.end[0]! * 100).toBeLessThanOrEqual(sig.end[19]!); // still after training
      expect(sig.ratioInit).toBe(sig.init[0]! / sig.init[19]!);
      for (const act of ['tanh', 'relu']) expect(by(act).ratioInit, act).toBeGreaterThan(1e-2);
      expect(await page().textContent('#vg-legend')).toContain(`sigmoid: first/last ${sig.ratioInit.toExponential(1)}`);
      await shot('explorer-vanishing.png');
    });

    it('the depth slider retrains: 10 layers, and sigmoid still loses ≥ 100×', async () => {
      const { lab, by } = await trained('vanishing', () => page().locator('#vg-depth').fill('10'));
      expect(lab.depth).toBe(10);
      expect(by('sigmoid').init.length).toBe(10);
      expect(by('sigmoid').ratioInit).toBeLessThan(1e-2);
      expect(page().url()).toContain('depth=10');
    });
  });

  describe('Dying ReLU', () => {
    it('relu ends with more dead units than leakyRelu, elu and gelu', async () => {
      const { lab, by } = await trained('dying', () => page().click('#tab-dying'));
      expect(lab.runs.map((x) => x.activation)).toEqual(['relu', 'leakyRelu', 'elu', 'gelu']);
      for (const act of ['leakyRelu', 'elu', 'gelu']) expect(by('relu').finalDead, act).toBeGreaterThan(by(act).finalDead);
      expect(by('relu').dead.length).toBe(201);
      const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
      expect(await page().textContent('#dr-legend')).toContain(`relu: ${pct(by('relu').dead[0]!)} → ${pct(by('relu').finalDead)}`);
      await shot('explorer-dying-relu.png');
    });
  });

  describe('One function', () => {
    it('lists every function of the registry', async () => {
      await redraw(() => page().click('#tab-function'));
      const options = await page().$$eval('#fn option', (os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(options).toEqual(ACTIVATIONS.map((s) => s.name));
    });

    it.each(ACTIVATIONS.map((s) => [s.name, s] as const))('%s: renders f, f′, shading, and both backends’ error within the documented bound', async (name, s) => {
      const r = await redraw(() => page().selectOption('#fn', name));
      expect(r.errors).toEqual([]);
      expect(r.last!.name).toBe(name);
      if (s.kind !== 'elementwise' && s.kind !== 'axis') {
        expect(r.last!.skipped).toBe(`kind ${(s as { kind: string }).kind}`); // said on the page, not drawn
        return;
      }
      expect(Object.keys(r.last!.ulp).sort()).toEqual(['js', 'wasm']);
      // The histogram's claim: against the test suite's reference, nothing past the bound.
      for (const [b, e] of Object.entries(r.last!.ulp)) expect(e, b).toBeLessThanOrEqual(s.bound.f32.ulp);
      // Every numeric parameter has a slider, every list a select.
      for (const p of s.params) expect(await page().getAttribute(`#param-${p.name}`, 'type').catch(() => null)).toBe(typeof p.kind === 'string' ? 'range' : null);
    });

    it('shades the saturated tails of sigmoid and the dead side of relu (links with fn= open this panel)', async () => {
      const sig = (await redraw(() => page().evaluate(() => (location.hash = '#fn=sigmoid&min=-12&max=12')))).last!;
      expect((await report()).view).toBe('function');
      expect(sig.vanishing / sig.samples).toBeGreaterThan(0.3); // |x| > ~6.9: σ' < 1e-3
      const relu = (await redraw(() => page().evaluate(() => (location.hash = '#fn=relu&min=-6&max=6')))).last!;
      expect(relu.dead / relu.samples).toBeGreaterThan(0.45); // x < 0: f' = 0
    });

    it('opens on [−10, 10] by default, where sigmoid’s shading covers its tails', async () => {
      const r = await redraw(() => page().evaluate(() => (location.hash = '#view=function')));
      expect([r.last!.xmin, r.last!.xmax]).toEqual([-10, 10]);
      expect(r.last!.vanishing / r.last!.samples).toBeGreaterThan(0.28);
    });

    it('moving a parameter slider redraws the plot (canvas pixels differ)', async () => {
      const withParam = ACTIVATIONS.find((s) => s.params.some((p) => typeof p.kind === 'string'));
      expect(withParam, 'no activation has a numeric parameter').toBeDefined();
      const p = withParam!.params.find((q) => typeof q.kind === 'string')!;
      await redraw(() => page().evaluate((n) => (location.hash = `#fn=${n}&min=-6&max=6`), withParam!.name));
      const before = { plot: await pixels('plot'), value: (await report()).last!.params[p.name] };
      const slider = page().locator(`#param-${p.name}`);
      await slider.focus();
      const r = await redraw(async () => {
        for (let k = 0; k < 3; k++) await page().keyboard.press('PageUp');
      });
      expect(r.last!.params[p.name]).not.toBe(before.value);
      expect(await pixels('plot')).not.toBe(before.plot);
      expect(page().url()).toContain(`${p.name}=`);
    });

    it('a range error shows next to its inputs here too', async () => {
      await redraw(() => page().evaluate(() => (location.hash = '#fn=sigmoid&min=-10&max=10')));
      await page().fill('#fn-xmin', '5');
      await page().fill('#fn-xmax', '-5');
      await expect.poll(() => page().textContent('#fn-range-error')).toContain('must be less than');
      expect((await report()).last!.xmax).toBe(10);
      await page().fill('#fn-xmin', '-10');
      await redraw(() => page().fill('#fn-xmax', '10'));
      expect(await page().isVisible('#fn-range-error')).toBe(false);
    });

    it('the benchmark button draws wasm and js bars; the note says f64 runs f64 kernels', async () => {
      await redraw(() => page().evaluate(() => (location.hash = '#fn=sigmoid&min=-10&max=10')));
      await page().click('#run-bench');
      await page().waitForFunction(() => (window as unknown as { __explorer: Report }).__explorer.bench, undefined, { timeout: 20_000 });
      const r = await report();
      expect(r.bench!.results.map((x) => `${x.backend} ${x.type}`)).toEqual(['wasm f32', 'js f32', 'wasm f64', 'js f64']);
      for (const x of r.bench!.results) expect(x.melemPerSec).toBeGreaterThan(0);
      expect(await page().locator('#bars .bar').count()).toBe(4);
      const note = await page().textContent('#bench-note');
      expect(note).toContain('f64 kernel');
      expect(note).not.toContain('js twins');
      await shot('explorer.png');
    });
  });

  it('at 390 px wide the controls stack above the plots and nothing is clipped, on every panel', async () => {
    const phone = await browser!.context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      for (const view of ['compare', 'nonlinearity', 'vanishing', 'dying', 'function']) {
        await phone.goto(`${server!.url}explorer/#view=${view}`);
        await phone.waitForFunction((v) => {
          const e = (window as unknown as { __explorer?: Report }).__explorer;
          return e?.ready && (['compare', 'function'].includes(v) || e.lab[v]);
        }, view, { timeout: 60_000 });
        const layout = await phone.evaluate((v) => {
          const section = document.getElementById(`view-${v}`)!;
          const box = (el: Element) => el.getBoundingClientRect();
          const aside = box(section.querySelector('aside')!);
          const panel = box(section.querySelector('.panel')!);
          const overflowing = Array.from(section.querySelectorAll('*')).filter((el) => {
            const b = box(el);
            return b.width > 0 && (b.left < -0.5 || b.right > innerWidth + 0.5);
          });
          return { scrollWidth: document.documentElement.scrollWidth, aside, panel, overflowing: overflowing.map((el) => el.id || el.className || el.tagName) };
        }, view);
        expect(await phone.evaluate(() => (window as unknown as { __explorer: Report }).__explorer.errors), view).toEqual([]);
        expect(layout.scrollWidth, view).toBeLessThanOrEqual(390);
        expect(layout.overflowing, view).toEqual([]);
        expect(layout.aside.bottom, view).toBeLessThanOrEqual(layout.panel.top); // stacked
        expect(layout.panel.width, view).toBeGreaterThan(330);
        if (view === 'compare' && SHOTS) await phone.screenshot({ path: path.join(SHOTS, 'explorer-390.png'), fullPage: true });
      }
    } finally {
      await phone.close();
    }
  });

  it('no console errors, no uncaught exceptions, no failed requests', async () => {
    expect(w.errors).toEqual([]);
    expect((await report()).errors).toEqual([]);
  });
});
