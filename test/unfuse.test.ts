// The modules ship once, built with relaxed SIMD (scripts/split-modules.mjs); the plain module is that
// module with its relaxed multiply-adds unfused at load (src/backends/unfuse.ts). This checks that
// the unfused modules are plain wasm SIMD, that their kernels compute bit for bit what the main
// module's (build/activations.wasm, built without relaxed SIMD) compute, and that each module names
// as relaxed:<kernel> exactly the kernels of the relaxed module (build/activations-relaxed.wasm).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unfuse } from '../src/backends/unfuse';

const BUILD = new URL('../build/', import.meta.url);
const MODULES = new URL('modules/', BUILD);
const names = readdirSync(MODULES).filter((f) => f.endsWith('.wasm') && !f.startsWith('core'));
const bytesOf = (f: string) => new Uint8Array(readFileSync(new URL(f, MODULES)));

/** The export names of a module. */
const exportsOf = (bytes: Uint8Array<ArrayBuffer>) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);

describe('unfuse', () => {
  it('turns every shipped module into one that validates without relaxed SIMD', () => {
    expect(names.length).toBeGreaterThan(20);
    for (const f of names) {
      const u = unfuse(bytesOf(f));
      expect(WebAssembly.validate(u), f).toBe(true);
      // No relaxed instruction is left: a second pass finds nothing to rewrite.
      expect(unfuse(u), f).toBe(u);
    }
  });

  it('leaves a module without relaxed multiply-adds as it is (the same array)', () => {
    const relu = bytesOf('relu.wasm');
    expect(unfuse(relu)).toBe(relu);
  });

  it("gives kernels that compute the main module's bits on every input", async () => {
    const main = (await WebAssembly.instantiate(readFileSync(new URL('activations.wasm', BUILD)), {})).instance.exports as Record<string, any>;
    const memory = main.memory as WebAssembly.Memory;
    const n = 4099;
    const base: number = main.heap_base();
    memory.grow(8);
    const u32 = new Uint32Array(memory.buffer);
    const f32 = new Float32Array(memory.buffer);
    const [x, y, o] = [base / 4, base / 4 + n, base / 4 + 2 * n];
    let seed = 1;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < n; i++) {
      // a third random bit patterns (NaNs, infinities, subnormals), the rest spread over [−60, 60]
      if (i % 3 === 0) u32[x + i] = next();
      else f32[x + i] = (next() / 2 ** 32 - 0.5) * 120;
      f32[y + i] = (next() / 2 ** 32 - 0.5) * 4;
    }
    let compared = 0;
    for (const f of names) {
      const shipped = bytesOf(f);
      const u = unfuse(shipped);
      if (u === shipped) continue;
      const ex = (await WebAssembly.instantiate(u, { env: { memory } })).instance.exports as Record<string, any>;
      for (const k of Object.keys(ex)) {
        if (!k.endsWith('_f32') || k.startsWith('relaxed:') || typeof ex[k] !== 'function') continue;
        const fn = ex[k];
        // The elementwise kernels (src, dst, n, params…), the derivatives (x, dy, dst, n, params…) and
        // the axis functions' contiguous rows (src, [dy,] dst, rows, len); parameters 1 and 20 (gelu's 1: its tanh form).
        const params = [1, 20];
        let args: number[] | undefined;
        if (/_rows_f32$/.test(k)) args = fn.length === 4 ? [4 * x, 4 * o, 4, 1024] : [4 * x, 4 * y, 4 * o, 4, 1024];
        else if (/softm|_cols|_max|_sum|_count|_shift|_rescale|_reduce|_apply|_run/.test(k)) args = undefined;
        else if (k.includes('_grad')) args = [4 * x, 4 * y, 4 * o, n, ...params.slice(0, fn.length - 4)];
        else args = [4 * x, 4 * o, n, ...params.slice(0, fn.length - 3)];
        if (!args || !main[k]) continue;
        u32.fill(0, o, o + n);
        main[k](...args);
        const want = u32.slice(o, o + n);
        u32.fill(0, o, o + n);
        fn(...args);
        expect(u32.slice(o, o + n), `${f}: ${k}`).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('names as relaxed:<kernel> exactly the relaxed module\'s kernels', () => {
    const side = new Set(WebAssembly.Module.exports(new WebAssembly.Module(unfuse(new Uint8Array(readFileSync(new URL('activations-relaxed.wasm', BUILD)))))).map((e) => e.name));
    side.delete('madd_probe_f32');
    side.delete('memory');
    const named = new Set(names.flatMap((f) => exportsOf(unfuse(bytesOf(f))).filter((k) => k.startsWith('relaxed:')).map((k) => k.slice(8))));
    expect([...named].sort()).toEqual([...side].sort());
  });

  it('refuses an instruction it does not know rather than passing it by', () => {
    // (module (func (result v128) …)) whose body holds 0xFD 0x300, no SIMD instruction.
    const body = [0x00, 0xfd, 0x80, 0x06, 0x0b];
    const bytes = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
      0x03, 0x02, 0x01, 0x00,
      0x0a, body.length + 2, 0x01, body.length, ...body,
    ]);
    expect(() => unfuse(bytes)).toThrow(/unfuse: unknown instruction 0xFD 768/);
  });
});
