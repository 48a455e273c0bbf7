// Which backend runs a call. Automatic by default: wasm where the runtime validates our SIMD module,
// js otherwise; setBackend pins one. The module is compiled synchronously on first use; where a
// runtime refuses synchronous compilation of a module this size (older Chromium and WebViews limit it
// to 4 KB on the main thread), `await init()` compiles it asynchronously first.
//
// Where the runtime also validates the relaxed-SIMD side module (src/backends/relaxed.ts) and fuses its
// relaxed_madd, the f32 exp-based kernels run from it (same memory, same bounds, faster) unless
// setBackend(…, { relaxedSimd: false }) turns it off; backendInfo() says which. Where relaxed_madd is
// not fused (JavaScriptCore), the side module would give the main module's bits more slowly: unused.

import { verifyKernels } from './backends/kernels';
import { relaxedAsync, relaxedSupported, relaxedSync } from './backends/relaxed';
import { instantiate, instantiateSync, supported } from './backends/module';
import { WasmBackend } from './backends/wasm';
import { describe } from './errors';
import { ACTIVATIONS } from './registry';
import type { BackendName } from './types';

let pinned: BackendName | undefined;
let wasm: WasmBackend | undefined;
/** The main module's instance, once made: the side module imports its memory. */
let main: WebAssembly.Instance | undefined;
/** The backend over the main module's exports with the side module's kernels in place, if it loaded. */
let relaxed: WasmBackend | undefined;
/** The side module could not be made even asynchronously: init() does not try again. */
let relaxedFailed = false;
/** Whether calls may use the side module's kernels (setBackend's relaxedSimd option). */
let relaxedWanted = true;
/** The backend wasm calls use: relaxed or wasm. */
let active: WasmBackend | undefined;

/** Why wasm is not used, once we know it cannot be. */
let wasmUnavailable: string | undefined;
/** Synchronous compilation was refused here (not final: init() may still compile asynchronously). */
let syncRefused = false;

/** Points `active` at the relaxed backend when it exists and is wanted, else at the plain one. */
function choose(): void {
  active = relaxedWanted && relaxed ? relaxed : wasm;
}

/** Makes the plain backend from the main instance, then the relaxed one if the runtime takes it. */
function adopt(instance: WebAssembly.Instance): void {
  verifyKernels(instance.exports, ACTIVATIONS);
  main = instance;
  wasm = new WasmBackend(instance);
  if (relaxedSupported()) {
    relaxed = fusedOnly(relaxedSync(instance));
  }
  choose();
}

/**
 * The side module's backend, if its multiply-adds are fused here (its madd probe). Unfused,
 * relaxed_madd is a multiply and an add: the side module computes exactly the main module's bits, and
 * on JavaScriptCore (Bun, Safari) it was slower, so it is not used.
 */
function fusedOnly(merged: WebAssembly.Instance | undefined): WasmBackend | undefined {
  if (!merged) return undefined;
  const backend = new WasmBackend(merged);
  return backend.maddFused() ? backend : undefined;
}

function loadSync(): WasmBackend | undefined {
  if (wasm || wasmUnavailable || syncRefused) return wasm;
  if (!supported()) {
    wasmUnavailable = 'this runtime does not validate WebAssembly SIMD modules';
    return undefined;
  }
  let instance: WebAssembly.Instance;
  try {
    instance = instantiateSync();
  } catch {
    // E.g. a main thread that limits synchronous compilation: run on js (without retrying at every
    // call) until init() has compiled the module asynchronously.
    syncRefused = true;
    return undefined;
  }
  adopt(instance);
  return wasm;
}

/**
 * Compile and instantiate the wasm module (and the relaxed-SIMD side module, where the runtime has
 * relaxed SIMD) asynchronously. Call it once before the first call where synchronous compilation is
 * limited (a browser's main thread in older Chromium); elsewhere it is optional. Resolves to the
 * backend that calls will use.
 */
export async function init(): Promise<BackendName> {
  if (!wasm && !wasmUnavailable) {
    if (!supported()) wasmUnavailable = 'this runtime does not validate WebAssembly SIMD modules';
    else {
      const instance = await instantiate();
      if (!wasm) adopt(instance); // unless a synchronous load won the race: keep one memory
    }
  }
  if (main && !relaxed && !relaxedFailed && relaxedSupported()) {
    // Synchronous compilation of the side module may have been refused where the main one was not.
    const m = main;
    const side = fusedOnly(await relaxedAsync(m));
    if (!side) relaxedFailed = true;
    else if (main === m && !relaxed) {
      relaxed = side;
      choose();
    }
  }
  return getBackend();
}

/** The backend the next call will use. */
export function getBackend(): BackendName {
  if (pinned) return pinned;
  return loadSync() ? 'wasm' : 'js';
}

/** What backendInfo() reports. */
export interface BackendInfo {
  /** The backend the next call will use, as getBackend(). */
  readonly backend: BackendName;
  /**
   * Whether wasm calls on Float32Array run the relaxed-SIMD kernels (sigmoid, tanh, elu, selu, celu,
   * silu, softmax, logSoftmax and their derivatives, and softplusGrad and logSigmoidGrad, with fused
   * multiply-adds where the CPU has them).
   * False on the js backend, where the runtime lacks relaxed SIMD, and after
   * setBackend(…, { relaxedSimd: false }).
   */
  readonly relaxedSimd: boolean;
  /**
   * Whether those relaxed-SIMD kernels' multiply-adds are fused (one rounding, as on x64 with FMA3 and
   * on arm64) on this machine, as a probe of the engine finds; false where relaxedSimd is false (no
   * other kernel uses a multiply-add). The side module is used only where they are, so this equals
   * relaxedSimd; it is reported apart because it is what changes the bits. Together with backend and relaxedSimd, it is everything that
   * can change a result's bits: under one setting, each element's result is the same whatever the
   * array's length, offset or layout (the automatic choice switches to js for short arrays only where
   * js gives wasm's bits). On the js backend, the transcendental functions come from the engine's
   * Math (Math.exp, Math.log1p …), whose last bits may differ between JavaScript engines.
   */
  readonly fusedMultiplyAdd: boolean;
}

/** Which backend the next call will use, whether its f32 kernels are the relaxed-SIMD ones, and whether those fuse multiply-adds. */
export function backendInfo(): BackendInfo {
  const backend = getBackend();
  const relaxedSimd = backend === 'wasm' && active !== undefined && active === relaxed;
  return { backend, relaxedSimd, fusedMultiplyAdd: relaxedSimd };
}

/** The options of setBackend. */
export interface BackendOptions {
  /**
   * Let the wasm backend run the relaxed-SIMD kernels where the runtime supports them. They are
   * accurate to the same documented bounds, but `f32x4.relaxed_madd` is fused on some machines and
   * not on others, so their results may differ in the last bits from one machine to another: pass
   * false for results that are bit-for-bit the same everywhere. Omitted, the current setting stays.
   * @default true
   */
  relaxedSimd?: boolean;
}

/**
 * Pin a backend, or go back to automatic choice with 'auto'. Pinning 'wasm' where the runtime cannot
 * run it throws an Error that says why. `options.relaxedSimd` turns the relaxed-SIMD kernels on or off
 * (see BackendOptions); it holds for later calls whatever the backend's name.
 */
export function setBackend(name: BackendName | 'auto', options?: BackendOptions): void {
  if (name !== 'wasm' && name !== 'js' && name !== 'auto') {
    throw new RangeError(`setBackend: name must be 'wasm', 'js' or 'auto', got ${describe(name)}`);
  }
  let want = relaxedWanted;
  if (options !== undefined) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`setBackend: options must be an object, got ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (key !== 'relaxedSimd') throw new TypeError(`setBackend: unknown option ${JSON.stringify(key)} (the only one is relaxedSimd)`);
    }
    const r = (options as { relaxedSimd?: unknown }).relaxedSimd;
    if (r !== undefined && typeof r !== 'boolean') throw new TypeError(`setBackend: options.relaxedSimd must be a boolean, got ${describe(r)}`);
    if (r !== undefined) want = r;
  }
  if (name === 'wasm' && !loadSync()) {
    throw new Error(`setBackend('wasm'): ${wasmUnavailable ?? 'synchronous compilation failed here; await init() first'}`);
  }
  relaxedWanted = want;
  choose();
  pinned = name === 'auto' ? undefined : name;
}

/** The pinned backend, or undefined under automatic choice (where short arrays may run on js). */
export function pinnedBackend(): BackendName | undefined {
  return pinned;
}

/** The wasm backend if the next call should use it. */
export function activeWasm(): WasmBackend | undefined {
  return getBackend() === 'wasm' ? active : undefined;
}

/** The wasm backend whatever the pinned choice (zero-copy buffers live in its memory), if available. */
export function wasmInstance(): WasmBackend | undefined {
  return loadSync();
}
