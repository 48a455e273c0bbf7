// The WebAssembly modules: the core module (the memory, its scratch region and static data, the
// machine probe) and one module per activation (its kernels and its derivative's, split from one
// build by scripts/split-modules.mjs), each over the core module's memory. An activation's description
// (src/ops/) names its module, so a bundler keeps the bytes of the modules whose functions an app
// imports, and drops the rest.

import coreWasm from '../../build/modules/core.wasm';
import coreRelaxedWasm from '../../build/modules/core-relaxed.wasm';
import { unfuse } from './unfuse';

/**
 * An activation's module: `bytes`, the plain module, and `relaxed` where some of its kernels have a
 * relaxed-SIMD variant. Those kernels are the relaxed module's exports named relaxed:<kernel>
 * (relaxedKernels), and only they are used from it.
 */
export interface WasmModule {
  readonly name: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly relaxed?: Uint8Array<ArrayBuffer>;
}

/** Every module made so far (those of the descriptions an app imports): what init() compiles ahead. */
export const MODULES: WasmModule[] = [];

/** Names an activation's module, plain wasm SIMD (called where its description is made, in src/ops/). */
export function wasmModule(name: string, bytes: Uint8Array<ArrayBuffer>): WasmModule {
  const m = { name, bytes };
  MODULES.push(m);
  return m;
}

/**
 * Names an activation's module that holds relaxed-SIMD variants of some kernels. It ships once, built
 * with relaxed SIMD (scripts/split-modules.mjs: its f32 exp cores' multiply-adds are relaxed_madd /
 * relaxed_nmadd): that is `relaxed`, and `bytes` is the same module with them unfused (unfuse.ts),
 * made at first use: exactly the plain multiply and add.
 */
export function fusedModule(name: string, shipped: Uint8Array<ArrayBuffer>): WasmModule {
  let plain: Uint8Array<ArrayBuffer> | undefined;
  const m: WasmModule = {
    name,
    get bytes() {
      return (plain ??= unfuse(shipped));
    },
    relaxed: shipped,
  };
  MODULES.push(m);
  return m;
}

/** The kernels of a relaxed-SIMD instance that have a relaxed variant: its relaxed:<kernel> exports, as <kernel>. */
export function relaxedKernels(exports: WebAssembly.Exports): WebAssembly.Exports {
  const out: WebAssembly.Exports = {};
  for (const k of Object.keys(exports)) if (k.startsWith('relaxed:')) out[k.slice(8)] = exports[k]!;
  return out;
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
