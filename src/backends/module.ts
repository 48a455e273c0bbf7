// The main WebAssembly module: its bytes, feature detection and instantiation.

import wasmBytes from '../../build/activations.wasm';

/** The compiled module's bytes: also what feature detection validates (it uses SIMD throughout). */
export const bytes: Uint8Array<ArrayBuffer> = wasmBytes;

/** Whether this runtime validates our module (WebAssembly with SIMD). */
export function supported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** Synchronous instantiation (may throw where the runtime limits synchronous compilation). */
export function instantiateSync(): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
}

export async function instantiate(): Promise<WebAssembly.Instance> {
  const module = await WebAssembly.compile(bytes);
  return WebAssembly.instantiate(module, {});
}
