// Which backend runs a call. Automatic by default: wasm where the runtime validates our SIMD module,
// js otherwise; setBackend pins one. The module is compiled synchronously on first use; where a
// runtime refuses synchronous compilation of a module this size (older Chromium and WebViews limit it
// to 4 KB on the main thread), `await init()` compiles it asynchronously first.

import { WasmBackend, instantiate, instantiateSync, supported } from './backends/wasm';
import type { BackendName } from './types';

let pinned: BackendName | undefined;
let wasm: WasmBackend | undefined;
/** Why wasm is not used, once we know it cannot be. */
let wasmUnavailable: string | undefined;
/** Synchronous compilation was refused here (not final: init() may still compile asynchronously). */
let syncRefused = false;

function loadSync(): WasmBackend | undefined {
  if (wasm || wasmUnavailable || syncRefused) return wasm;
  if (!supported()) {
    wasmUnavailable = 'this runtime does not validate WebAssembly SIMD modules';
    return undefined;
  }
  try {
    wasm = instantiateSync();
  } catch {
    // E.g. a main thread that limits synchronous compilation: run on js (without retrying at every
    // call) until init() has compiled the module asynchronously.
    syncRefused = true;
    return undefined;
  }
  return wasm;
}

/**
 * Compile and instantiate the wasm module asynchronously. Call it once before the first call where
 * synchronous compilation is limited (a browser's main thread in older Chromium); elsewhere it is
 * optional. Resolves to the backend that calls will use.
 */
export async function init(): Promise<BackendName> {
  if (!wasm && !wasmUnavailable) {
    if (!supported()) wasmUnavailable = 'this runtime does not validate WebAssembly SIMD modules';
    else wasm = await instantiate();
  }
  return getBackend();
}

/** The backend the next call will use. */
export function getBackend(): BackendName {
  if (pinned) return pinned;
  return loadSync() ? 'wasm' : 'js';
}

/**
 * Pin a backend, or go back to automatic choice with 'auto'. Pinning 'wasm' where the runtime cannot
 * run it throws an Error that says why.
 */
export function setBackend(name: BackendName | 'auto'): void {
  if (name === 'auto') {
    pinned = undefined;
    return;
  }
  if (name !== 'wasm' && name !== 'js') {
    throw new RangeError(`setBackend: name must be 'wasm', 'js' or 'auto', got ${JSON.stringify(name)}`);
  }
  if (name === 'wasm' && !loadSync()) {
    throw new Error(`setBackend('wasm'): ${wasmUnavailable ?? 'synchronous compilation failed here; await init() first'}`);
  }
  pinned = name;
}

/** The pinned backend, or undefined under automatic choice (where short arrays may run on js). */
export function pinnedBackend(): BackendName | undefined {
  return pinned;
}

/** The wasm backend if the next call should use it. */
export function activeWasm(): WasmBackend | undefined {
  return getBackend() === 'wasm' ? wasm : undefined;
}

/** The wasm backend whatever the pinned choice (zero-copy buffers live in its memory), if available. */
export function wasmInstance(): WasmBackend | undefined {
  return loadSync();
}
