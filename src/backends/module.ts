// The WebAssembly modules: the core module (the memory, its scratch region and static data, the
// machine probe) and one module per activation (its kernels and its derivative's, split from one
// build by scripts/split-modules.mjs), each over the core module's memory. An activation's description
// (src/ops/) names its module, so a bundler keeps the bytes of the modules whose functions an app
// imports, and drops the rest.

import coreWasm from '../../build/modules/core.wasm';
import coreRelaxedWasm from '../../build/modules/core-relaxed.wasm';

/** An activation's module: its bytes, and its relaxed-SIMD variant's where it has f32 kernels there. */
export interface WasmModule {
  readonly name: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly relaxed?: Uint8Array<ArrayBuffer>;
}

/** Every module made so far (those of the descriptions an app imports): what init() compiles ahead. */
export const MODULES: WasmModule[] = [];

/** Names an activation's module (called where its description is made, in src/ops/). */
export function wasmModule(name: string, bytes: Uint8Array<ArrayBuffer>, relaxed?: Uint8Array<ArrayBuffer>): WasmModule {
  const m = { name, bytes, relaxed };
  MODULES.push(m);
  return m;
}

/** The core module's bytes: also what feature detection validates (its madd probe is SIMD code). */
export const bytes: Uint8Array<ArrayBuffer> = coreWasm;
/** The relaxed-SIMD core: the madd probe built with relaxed SIMD; where it validates, relaxed SIMD is there. */
export const relaxedBytes: Uint8Array<ArrayBuffer> = coreRelaxedWasm;

/** Whether this runtime validates our modules (WebAssembly with SIMD). */
export function supported(): boolean {
  return validates(bytes);
}

/** Whether this runtime validates the relaxed-SIMD modules. */
export function relaxedSupported(): boolean {
  return validates(relaxedBytes);
}

function validates(b: Uint8Array<ArrayBuffer>): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(b);
  } catch {
    return false;
  }
}

/** The imports of every module but the core: the core's memory. */
export const over = (memory: WebAssembly.Memory): WebAssembly.Imports => ({ env: { memory } });
