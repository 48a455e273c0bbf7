// Load-time verification (src/backends/kernels.ts): every kernel an activation's description promises
// must be in its wasm module with its signature; a module that lacks one is a loud error naming it
// when that module loads (the activation's first call on wasm), never a silent run on the js twin.
import { expect, it } from 'vitest';
import { ACTIVATIONS } from '../dist/index.js';

/** A fresh copy of the package whose WebAssembly.Instance lacks `missing` (and so does the module it sees). */
async function packageWithout(missing: string, tag: string, ...calls: string[]) {
  const Original = WebAssembly.Instance;
  const instantiate = WebAssembly.instantiate;
  const strip = (inst: WebAssembly.Instance) => {
    const exports = { ...inst.exports };
    delete exports[missing];
    return { exports } as WebAssembly.Instance;
  };
  (WebAssembly as { Instance: unknown }).Instance = function (module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    return strip(new Original(module, imports));
  };
  (WebAssembly as { instantiate: unknown }).instantiate = async (m: WebAssembly.Module, i?: WebAssembly.Imports) => strip(await instantiate(m, i) as unknown as WebAssembly.Instance);
  try {
    const url = `${new URL('../dist/index.js', import.meta.url).href}?${tag}`; // a fresh instance per tag
    const lib: typeof import('../dist/index.js') = await import(/* @vite-ignore */ url);
    const errors = (calls.length ? calls : ['sigmoid']).map((call) => {
      const spec = ACTIVATIONS.find((s) => s.name === call)!;
      const x = new Float32Array(4096);
      const f = (lib as unknown as Record<string, (...a: unknown[]) => unknown>)[call]!;
      try {
        if (spec.kind === 'channel') f(x, new Float32Array(1));
        else f(x);
        return undefined;
      } catch (e) {
        return e;
      }
    });
    const error = errors[0];
    return { lib, error, errors };
  } finally {
    (WebAssembly as { Instance: unknown }).Instance = Original;
    (WebAssembly as { instantiate: unknown }).instantiate = instantiate;
  }
}

it('a module without one of the registry’s kernels is refused at load, naming it', async () => {
  const { error } = await packageWithout('elu_grad_f64', 'missing-elu-grad', 'elu');
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/elu_grad_f64 is missing \(elu\)/);
  expect((error as Error).message).toMatch(/build defect/);
});

it('every kernel of the registry is checked (each one, removed, is named)', async () => {
  const { kernelsOf } = await import('../src/backends/kernels');
  const names = ACTIVATIONS.flatMap((s) => kernelsOf(s as never).flatMap(([stem]) => [`${stem}_f32`, `${stem}_f64`].map((n) => [n, s.name] as const)));
  expect(names.length).toBeGreaterThan(100);
  for (const [name, owner] of [names[0]!, names[Math.floor(names.length / 2)]!, names[names.length - 1]!]) {
    const { error } = await packageWithout(name, `missing-${name}`, owner);
    expect((error as Error)?.message, name).toContain(`${name} is missing (${owner})`);
  }
});

it('a module loads when its activation first runs: another activation’s missing kernel is not its concern', async () => {
  const { errors, lib } = await packageWithout('elu_grad_f64', 'elu-missing-sigmoid-runs', 'sigmoid', 'elu', 'sigmoid');
  expect(errors[0]).toBeUndefined();
  expect(String(errors[1])).toMatch(/elu_grad_f64 is missing \(elu\)/);
  expect(errors[2]).toBeUndefined();
  expect(lib.getBackend()).toBe('wasm');
});

it('the built module passes: the package loads and computes', async () => {
  const { error, lib } = await packageWithout('not_an_export', 'complete');
  expect(error).toBeUndefined();
  expect(lib.getBackend()).toBe('wasm');
});
