// The relaxed-SIMD side module (assembly/relaxed.ts): the f32 kernels whose time goes to exp / expm1,
// built with f32x4.relaxed_madd (fused multiply-add where the engine fuses). Where the runtime validates
// it (relaxed SIMD: Chromium / Chrome 114+, Node 22+; Node 20 with --experimental-wasm-relaxed-simd),
// it is instantiated on the main module's memory, and a second WasmBackend over the main module's
// exports with these kernels in place of the main ones runs f32 calls. Everything else (scratch,
// zero-copy buffers, f64 and all other kernels) is the main module's: both backends share one memory.

import relaxedWasm from '../../build/activations-relaxed.wasm';

/** The side module's bytes (inlined, as the main module's). */
export const relaxedBytes: Uint8Array<ArrayBuffer> = relaxedWasm;

/** Whether this runtime validates the side module (WebAssembly relaxed SIMD). */
export function relaxedSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(relaxedBytes);
  } catch {
    return false;
  }
}

/**
 * The main module's exports with the side module's kernels in their place, or undefined if the side
 * module does not fit (an export the main module lacks, or with another number of parameters: the
 * build keeps them identical, and this refuses rather than call a kernel with the wrong arguments).
 */
export function merge(main: WebAssembly.Instance, side: WebAssembly.Instance): WebAssembly.Instance | undefined {
  const exports: Record<string, unknown> = Object.assign(Object.create(null), main.exports);
  for (const [name, fn] of Object.entries(side.exports)) {
    if (name === 'memory') continue; // the main module's own, re-exported
    const own = main.exports[name];
    if (typeof fn !== 'function' || typeof own !== 'function' || fn.length !== own.length || !name.endsWith('_f32')) return undefined;
    exports[name] = fn;
  }
  return { exports } as WebAssembly.Instance;
}

const imports = (main: WebAssembly.Instance): WebAssembly.Imports => ({ env: { memory: main.exports.memory as WebAssembly.Memory } });

/** Synchronously: the merged exports, or undefined where compilation is refused or the module does not fit. */
export function relaxedSync(main: WebAssembly.Instance): WebAssembly.Instance | undefined {
  try {
    return merge(main, new WebAssembly.Instance(new WebAssembly.Module(relaxedBytes), imports(main)));
  } catch {
    return undefined;
  }
}

export async function relaxedAsync(main: WebAssembly.Instance): Promise<WebAssembly.Instance | undefined> {
  try {
    const module = await WebAssembly.compile(relaxedBytes);
    return merge(main, await WebAssembly.instantiate(module, imports(main)));
  } catch {
    return undefined;
  }
}
