// The explorer's experiments (explorer/lab.js, shared with `npm run lab`) show what the page says
// they show, on both backends: without an activation a network cannot fit XOR and with one it can;
// a deep sigmoid network's gradients fall by orders of magnitude toward the first layer while tanh's
// and relu's do not; relu keeps more dead units than leakyRelu, elu and gelu. Same seed, same numbers.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { dying, nonlinearity, vanishing } from '../explorer/lab.js';
import { BACKENDS, useBackend } from './support/backends';

/** The run of an activation by name (a missing one fails the test, naming it). */
const byName =
  <T extends { activation: string }>(runs: T[]) =>
  (name: string): T =>
    runs.find((r) => r.activation === name) ?? expect.fail(`no run for ${name}`);

describe.each(BACKENDS)('lab experiments (%s backend)', (backend) => {
  useBackend(backend);

  it('non-linearity: linear stays near chance on XOR (ln 2 = 0.693), every activation fits it', async () => {
    const r = await nonlinearity(lib);
    const by = byName(r.runs);
    expect(r.runs.map((run) => run.activation)).toEqual(['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu']);
    // No line separates XOR: the best a linear model does on balanced classes is close to chance.
    expect(by('linear').finalLoss).toBeGreaterThan(0.6);
    expect(by('linear').accuracy).toBeLessThan(0.75);
    for (const act of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu']) {
      expect(by(act).finalLoss, act).toBeLessThan(0.05);
      expect(by(act).accuracy, act).toBe(1);
    }
    // The raster the page draws agrees: relu predicts the XOR label at the four cluster centres, the
    // linear model gets at least one of them wrong.
    const G = r.options.grid;
    const cell = (v: number) => Math.min(G - 1, Math.floor(((v + r.extent) / (2 * r.extent)) * G));
    const at = (b: Float32Array, x: number, y: number) => b[(G - 1 - cell(y)) * G + cell(x)]!;
    const centres = [[1, 1, 1], [-1, -1, 1], [1, -1, 0], [-1, 1, 0]] as const;
    for (const [x, y, label] of centres) expect(Math.round(at(by('relu').boundary, x, y)), `relu at (${x}, ${y})`).toBe(label);
    expect(centres.filter(([x, y, label]) => Math.round(at(by('linear').boundary, x, y)) !== label).length).toBeGreaterThan(0);
  });

  it('vanishing gradients: sigmoid’s first layer gets ≥ 100× less gradient than its last, falling layer by layer; tanh and relu do not', async () => {
    const r = await vanishing(lib);
    const by = byName(r.runs);
    expect(r.options.depth).toBe(20);
    const sig = by('sigmoid');
    expect(sig.init.length).toBe(20);
    expect(sig.ratioInit).toBeLessThan(1e-2);
    expect(sig.ratioEnd).toBeLessThan(1e-2); // and still during training
    for (let l = 0; l + 1 < sig.init.length; l++) expect(sig.init[l]!, `layer ${l + 1}`).toBeLessThan(sig.init[l + 1]!);
    for (const s of sig.snapshots) expect(s.ratio, `step ${s.step}`).toBeLessThan(1e-2);
    expect(sig.lossEnd).toBeGreaterThan(0.6); // it does not learn
    for (const act of ['tanh', 'relu']) {
      expect(by(act).ratioInit, act).toBeGreaterThan(1e-2);
      expect(by(act).lossEnd, act).toBeLessThan(sig.lossEnd);
    }
  });

  it('dying ReLU: relu ends with more dead units than leakyRelu, elu and gelu', async () => {
    const r = await dying(lib);
    const by = byName(r.runs);
    expect(by('relu').dead.length).toBe(r.options.steps + 1);
    for (const act of ['leakyRelu', 'elu', 'gelu']) expect(by('relu').finalDead, act).toBeGreaterThan(by(act).finalDead);
    expect(by('relu').finalDead).toBeGreaterThan(1.5 * by('leakyRelu').finalDead);
    // relu's first-layer units, whose inputs are the data, never come back; the others bring units back.
    const first = by('relu').deadByLayer[0]!;
    for (let s = 1; s < first.length; s++) expect(first[s]!, `step ${s}`).toBeGreaterThanOrEqual(first[s - 1]!);
    for (const act of ['leakyRelu', 'elu', 'gelu']) expect(by(act).finalDead, act).toBeLessThan(by(act).dead[0]!);
  });

  it('the same seed gives the same numbers; another seed other numbers', async () => {
    const a = await nonlinearity(lib, { activations: ['relu'], epochs: 50 });
    const b = await nonlinearity(lib, { activations: ['relu'], epochs: 50 });
    const c = await nonlinearity(lib, { activations: ['relu'], epochs: 50, seed: 2 });
    expect(Array.from(b.runs[0]!.losses)).toEqual(Array.from(a.runs[0]!.losses));
    expect(Array.from(c.runs[0]!.losses)).not.toEqual(Array.from(a.runs[0]!.losses));
  });

  it('reports progress up to 1, in order', async () => {
    const seen: number[] = [];
    await dying(lib, { steps: 30 }, (f: number) => void seen.push(f));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });
});
