// The relaxed-SIMD side module (assembly/relaxed.ts, src/backends/relaxed.ts): what it is made of, when
// it is used, and the option that turns it off. vitest.config.ts runs every node suite twice: the plain
// project with the side module turned off (test/support/plain-simd.ts), and the relaxed project (relaxed
// SIMD on in V8, relaxed_madd fused), which EXPECT_RELAXED_SIMD names.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backendInfo, celu, elu, getBackend, logSoftmax, selu, setBackend, sigmoid, sigmoidGrad, silu, softmax, softmin, tanh, tanhGrad } from '../dist/index.js';
import { SECTION, readSections } from './support/wasm-sections.mjs';

const build = (f: string) => new Uint8Array(readFileSync(new URL(`../build/${f}`, import.meta.url)));
const MAIN = build('activations.wasm');
const SIDE = build('activations-relaxed.wasm');
const project = process.env.EXPECT_RELAXED_SIMD as 'relaxed' | undefined;

/** The project's own setting, restored after each test: on in the relaxed projects, off in the plain one. */
const WANTED = project !== undefined;
afterEach(() => setBackend('auto', { relaxedSimd: WANTED }));

describe('the side module', () => {
  const main = readSections(MAIN);
  const side = readSections(SIDE);

  it("imports the main module's memory and nothing else; defines no memory, no data, no start function that could write it", () => {
    expect(side.imports).toEqual(['env.memory (memory)']);
    expect(side.sections).not.toContain(SECTION.memory);
    expect(side.sections).not.toContain(SECTION.data);
    expect(side.sections).not.toContain(SECTION.dataCount);
    // Its start function only sets globals (the exp family's alpha splats): no memory instruction can
    // run at instantiation. Checked where it can run, below, on memory filled with a pattern.
  });

  it('exports only f32 kernels, each with the name and the exact signature of the main module’s', () => {
    const kernels = side.exports.filter((e) => e.kind === 'func');
    expect(side.exports.filter((e) => e.kind !== 'func').map((e) => e.name)).toEqual(['memory']);
    expect(kernels.length).toBeGreaterThanOrEqual(23);
    const mainTypes = new Map(main.exports.map((e) => [e.name, e.type]));
    for (const k of kernels) {
      expect(k.name).toMatch(/_f32$/);
      expect(k.type, k.name).toBe(mainTypes.get(k.name));
    }
    const names = kernels.map((k) => k.name);
    for (const f of ['sigmoid', 'tanh', 'elu', 'selu', 'celu', 'silu']) expect(names).toEqual(expect.arrayContaining([`${f}_f32`, `${f}_grad_f32`]));
    expect(names).toEqual(expect.arrayContaining(['softmax_rows_f32', 'softmax_cols_f32', 'softmax_sumexp_f32', 'softmax_rescale_f32', 'log_softmax_rows_f32', 'log_softmax_sumexp_f32', 'log_softmax_count_f32']));
    // softmin runs softmax's kernels on −x, so it has their relaxed variants too
    expect(names).toEqual(expect.arrayContaining(['softmin_rows_f32', 'softmin_cols_f32', 'softmin_sumexp_f32', 'softmin_rescale_f32']));
  });
});

/**
 * Whether this engine fuses relaxed_madd, seen independently of the package: both modules' sigmoid on
 * inputs around -20, where a fused multiply-add changes some results.
 */
function fusedHere(): boolean {
  const memory = new WebAssembly.Instance(new WebAssembly.Module(MAIN), { env: { abort() {} } }).exports as Record<string, any>;
  const side = new WebAssembly.Instance(new WebAssembly.Module(SIDE), { env: { memory: memory.memory } }).exports as Record<string, any>;
  const n = 256;
  const s = memory.scratch();
  const f = new Float32Array(memory.memory.buffer, s, 3 * n);
  for (let i = 0; i < n; i++) f[i] = -20 + i / 100;
  memory.sigmoid_f32(s, s + 4 * n, n);
  side.sigmoid_f32(s, s + 8 * n, n);
  return f.subarray(n, 2 * n).some((v, i) => !Object.is(v, f[2 * n + i]));
}

describe('in use where the runtime has relaxed SIMD and fuses its multiply-adds', () => {
  const validates = WebAssembly.validate(SIDE);
  const usable = validates && fusedHere();

  it(project ? `${project}: the relaxed kernels are in use (this project must not test the plain ones)` : 'the plain project: the main module in use, whatever the runtime has', () => {
    if (project) expect(usable).toBe(true);
    const info = backendInfo();
    expect(info).toEqual({ backend: getBackend(), relaxedSimd: WANTED && getBackend() === 'wasm', fusedMultiplyAdd: info.relaxedSimd });
  });

  it('by default (relaxedSimd: true), in use exactly where the side module validates and its relaxed_madd is fused', () => {
    setBackend('auto', { relaxedSimd: true });
    expect(backendInfo()).toEqual({ backend: getBackend(), relaxedSimd: getBackend() === 'wasm' && usable, fusedMultiplyAdd: getBackend() === 'wasm' && usable });
  });

  it('not used where the engine does not fuse relaxed_madd (V8 with --no-enable-fma3): the main module runs', () => {
    const relaxedFlag = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', '0']).status === 0 ? ['--experimental-wasm-relaxed-simd'] : [];
    const script = `
      import * as lib from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      import { readFileSync } from 'node:fs';
      const side = readFileSync(${JSON.stringify(new URL('../build/activations-relaxed.wasm', import.meta.url).pathname)});
      console.log(JSON.stringify({ validates: WebAssembly.validate(side), info: lib.backendInfo() }));`;
    const r = spawnSync(process.execPath, [...relaxedFlag, '--no-enable-fma3', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { validates: there, info } = JSON.parse(r.stdout);
    expect(there, 'the side module validates in the child: the refusal below is for want of fusion').toBe(true);
    expect(info).toEqual({ backend: 'wasm', relaxedSimd: false, fusedMultiplyAdd: false });
  });

  it('instantiating the side module writes nothing into the memory it imports', () => {
    if (!validates) {
      expect(project).toBeUndefined(); // only the plain project may lack relaxed SIMD
      expect(() => new WebAssembly.Module(SIDE)).toThrow();
      return;
    }
    const memory = new WebAssembly.Memory({ initial: 8 });
    const bytes = new Uint8Array(memory.buffer);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 255;
    const before = bytes.slice();
    const side = new WebAssembly.Instance(new WebAssembly.Module(SIDE), { env: { memory } });
    expect(side.exports.memory).toBe(memory);
    const after = new Uint8Array(memory.buffer);
    expect(after.length).toBe(before.length);
    expect(after.findIndex((v, i) => v !== before[i]), 'first byte changed').toBe(-1);
  });

  it('relaxedSimd: false switches to the main module, true back; plain results are those of the main module', () => {
    const x = new Float32Array(4096).map((_, i) => -12 + i / 160);
    setBackend('wasm', { relaxedSimd: false });
    expect(backendInfo()).toEqual({ backend: 'wasm', relaxedSimd: false, fusedMultiplyAdd: false });
    const plain = [sigmoid(x), tanh(x), elu(x), selu(x), celu(x, { alpha: 0.7 }), silu(x), sigmoidGrad(x, x), tanhGrad(x, x), softmax(x, { shape: [64, 64] }), logSoftmax(x, { shape: [64, 64] })];
    setBackend('wasm'); // an omitted option keeps the setting
    expect(backendInfo().relaxedSimd).toBe(false);
    setBackend('wasm', { relaxedSimd: true });
    expect(backendInfo().relaxedSimd).toBe(usable);
    const relaxed = [sigmoid(x), tanh(x), elu(x), selu(x), celu(x, { alpha: 0.7 }), silu(x), sigmoidGrad(x, x), tanhGrad(x, x), softmax(x, { shape: [64, 64] }), logSoftmax(x, { shape: [64, 64] })];
    const differing = relaxed.filter((r, k) => r.some((v, i) => !Object.is(v, plain[k]![i])));
    if (usable) expect(differing.length, 'fused relaxed_madd changes some results').toBeGreaterThan(0);
    else expect(differing.length, 'no (fused) relaxed SIMD: bit for bit the main module').toBe(0);
    expect(differing.length > 0).toBe(backendInfo().fusedMultiplyAdd);
  });

  it('softmin is softmax of −x bit for bit, with relaxed SIMD on and off: rows (shifted and two-sum), a strided axis, a row beyond scratch', () => {
    const x = new Float32Array(3 * 70_000).map((_, i) => Math.sin(i * 0.37) * 9 + ((i * 7919) % 13) / 3);
    const neg = x.map((v) => -v);
    const layouts = [{ shape: [210, 1000] }, { shape: [7000, 30] }, { shape: [70, 30, 100], axis: 1 }, { shape: [3, 70_000] }];
    for (const relaxedSimd of [false, true]) {
      setBackend('wasm', { relaxedSimd });
      for (const opts of layouts) {
        const a = softmin(x, opts) as Float32Array;
        const b = softmax(neg, opts) as Float32Array;
        expect(a.findIndex((v, i) => !Object.is(v, b[i])), `${JSON.stringify(opts)}, relaxedSimd ${relaxedSimd}: first differing index`).toBe(-1);
      }
    }
  });

  it('setBackend checks its options: TypeError naming the option, and changes nothing then', () => {
    setBackend('js');
    expect(() => setBackend('wasm', 3 as never)).toThrow(TypeError);
    expect(() => setBackend('wasm', null as never)).toThrow(/options must be an object, got null/);
    expect(() => setBackend('wasm', { relaxed: false } as never)).toThrow(/unknown option "relaxed"/);
    expect(() => setBackend('wasm', { relaxedSimd: 'no' } as never)).toThrow(/options.relaxedSimd must be a boolean, got the string "no"/);
    expect(() => setBackend('gpu' as never, { relaxedSimd: false })).toThrow(RangeError);
    expect(getBackend()).toBe('js');
    expect(backendInfo()).toEqual({ backend: 'js', relaxedSimd: false, fusedMultiplyAdd: false });
    setBackend('auto');
    expect(backendInfo().relaxedSimd).toBe(WANTED && usable); // the refused calls left the setting as it was
  });
});
