// The relaxed-SIMD side module (assembly/relaxed.ts, src/backends/relaxed.ts): what it is made of, when
// it is used, and the option that turns it off. vitest.config.ts runs every node suite a second and
// third time with relaxed SIMD on in V8 (fused, then unfused); EXPECT_RELAXED_SIMD names that project.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backendInfo, celu, elu, getBackend, logSoftmax, selu, setBackend, sigmoid, sigmoidGrad, silu, softmax, tanh, tanhGrad } from '../dist/index.js';
import { SECTION, readSections } from './support/wasm-sections.mjs';

const build = (f: string) => new Uint8Array(readFileSync(new URL(`../build/${f}`, import.meta.url)));
const MAIN = build('activations.wasm');
const SIDE = build('activations-relaxed.wasm');
const project = process.env.EXPECT_RELAXED_SIMD as 'relaxed-fused' | 'relaxed-unfused' | undefined;

afterEach(() => setBackend('auto', { relaxedSimd: true }));

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
  });
});

describe('in use where the runtime has relaxed SIMD', () => {
  const validates = WebAssembly.validate(SIDE);

  it(project ? `${project}: the relaxed kernels are in use (this project must not test the plain ones)` : 'this runtime: in use exactly where the side module validates', () => {
    if (project) expect(validates).toBe(true);
    const info = backendInfo();
    expect(info).toEqual({ backend: getBackend(), relaxedSimd: getBackend() === 'wasm' && validates, fusedMultiplyAdd: info.relaxedSimd && info.fusedMultiplyAdd });
    // the probe: V8 lowers relaxed_madd to vfmadd (this machine has FMA3) unless --no-enable-fma3
    if (project) expect(info.fusedMultiplyAdd).toBe(project === 'relaxed-fused');
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
    expect(backendInfo().relaxedSimd).toBe(validates);
    const relaxed = [sigmoid(x), tanh(x), elu(x), selu(x), celu(x, { alpha: 0.7 }), silu(x), sigmoidGrad(x, x), tanhGrad(x, x), softmax(x, { shape: [64, 64] }), logSoftmax(x, { shape: [64, 64] })];
    const differing = relaxed.filter((r, k) => r.some((v, i) => !Object.is(v, plain[k]![i])));
    if (project === 'relaxed-fused') expect(differing.length, 'fused relaxed_madd changes some results').toBeGreaterThan(0);
    else if (project === 'relaxed-unfused' || !validates) expect(differing.length, 'unfused (or no) relaxed SIMD: bit for bit the main module').toBe(0);
    // backendInfo() says which: the bits differ from the main module's exactly where it reports fused
    // multiply-adds (Node 22+ in the plain project: relaxed SIMD on by default, fused or not by CPU).
    expect(differing.length > 0).toBe(backendInfo().fusedMultiplyAdd);
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
    expect(backendInfo().relaxedSimd).toBe(validates); // the refused calls left relaxedSimd on
  });
});
