// Which backend runs a call. Automatic by default: wasm where the runtime validates our SIMD modules,
// js otherwise; setBackend pins one. The core module (the memory) is made on first use, and each
// activation's module when that activation first runs on wasm, synchronously; where a runtime refuses
// synchronous compilation (older Chromium and WebViews limit it to 4 KB on the main thread),
// `await init()` compiles them asynchronously first.
//
// Where the runtime also validates the relaxed-SIMD modules and fuses their relaxed_madd (the core's
// madd probe says), the f32 exp-based kernels run from them (same memory, same bounds, faster) unless
// setBackend(…, { relaxedSimd: false }) turns them off; backendInfo() says which. Where relaxed_madd is
// not fused (JavaScriptCore), they would give the plain modules' bits more slowly: unused.

import { verifyKernels, verifySide } from './backends/kernels';
import { MODULES, bytes, over, relaxedBytes, relaxedKernels, relaxedSupported, supported, type WasmModule } from './backends/module';
import { WasmBackend } from './backends/wasm';
import { describe } from './errors';
import type { ActivationSpec } from './spec';
import type { BackendName } from './types';

let pinned: BackendName | undefined;
/** The plain backend: the core module and the modules loaded so far. */
let wasm: WasmBackend | undefined;
/** The same with the relaxed-SIMD modules' kernels in place, if the runtime has relaxed SIMD and fuses it. */
let relaxed: WasmBackend | undefined;
/** Whether calls may use the relaxed-SIMD kernels (setBackend's relaxedSimd option). */
let relaxedWanted = true;
/** The backend wasm calls use: relaxed or wasm. */
let active: WasmBackend | undefined;

/** Why wasm is not used, once we know it cannot be. */
let wasmUnavailable: string | undefined;
/** Synchronous compilation was refused here (not final: init() may still compile asynchronously). */
let syncRefused = false;

/** Each activation's module, instantiated (plain, relaxed-SIMD where used), before its kernels join the backends. */
const instances = new Map<WasmModule, { plain: WebAssembly.Instance; side?: WebAssembly.Instance }>();
/** The descriptions whose kernels were verified and joined the backends. */
const joined = new WeakSet<ActivationSpec>();

/** Points `active` at the relaxed backend when it exists and is wanted, else at the plain one. */
function choose(): void {
  active = relaxedWanted && relaxed ? relaxed : wasm;
}

function instantiate(b: Uint8Array<ArrayBuffer>, imports?: WebAssembly.Imports): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(b), imports);
}

/**
 * Makes the backends from the core instance: the plain one, and the relaxed one if the relaxed core
 * instantiates here and its madd probe fuses. Unfused, relaxed_madd is a multiply and an add: the
 * relaxed modules would compute exactly the plain modules' bits, and on JavaScriptCore (Bun, Safari)
 * more slowly, so they are not used.
 */
function adopt(core: WebAssembly.Instance, relaxedCore: WebAssembly.Instance | undefined): void {
  wasm = new WasmBackend(core);
  if (relaxedCore) {
    const r = new WasmBackend(core);
    r.add(relaxedCore.exports);
    if (r.maddFused()) relaxed = r;
  }
  choose();
}

function relaxedCoreSync(memory: WebAssembly.Memory): WebAssembly.Instance | undefined {
  if (!relaxedSupported()) return undefined;
  try {
    return instantiate(relaxedBytes, over(memory));
  } catch {
    return undefined;
  }
}

function loadSync(): WasmBackend | undefined {
  if (wasm || wasmUnavailable || syncRefused) return wasm;
  if (!supported()) {
    wasmUnavailable = 'this runtime does not validate WebAssembly SIMD modules';
    return undefined;
  }
  let core: WebAssembly.Instance;
  try {
    core = instantiate(bytes);
  } catch {
    // E.g. a main thread that limits synchronous compilation: run on js (without retrying at every
    // call) until init() has compiled the modules asynchronously.
    syncRefused = true;
    return undefined;
  }
  adopt(core, relaxedCoreSync(core.exports.memory as WebAssembly.Memory));
  return wasm;
}

/**
 * Module m, instantiated over the core's memory (its relaxed-SIMD variant too where the
 * relaxed backend exists), or undefined where synchronous compilation is refused.
 */
function instanceOf(m: WasmModule): { plain: WebAssembly.Instance; side?: WebAssembly.Instance } | undefined {
  let got = instances.get(m);
  if (got) return got;
  const imports = over(wasm!.memory);
  try {
    got = { plain: instantiate(m.bytes, imports), side: relaxed && m.relaxed ? instantiate(m.relaxed, imports) : undefined };
  } catch {
    // A main thread that limits synchronous compilation (to 4 KB: the core module fits, the others
    // do not): calls run on js, and getBackend() says so, until init() has made the modules.
    syncRefused = true;
    return undefined;
  }
  instances.set(m, got);
  return got;
}

/**
 * Joins `spec`'s kernels to the backends, once: its module instantiated and checked against the
 * description (every kernel it promises present, with its signature: else a loud Error naming them).
 * False where its module cannot be instantiated synchronously here (until init()).
 */
function join(spec: ActivationSpec): boolean {
  if (joined.has(spec)) return true;
  const got = instanceOf(spec.wasm);
  if (!got) return false;
  verifyKernels(got.plain.exports, [spec]);
  const side = got.side && relaxedKernels(got.side.exports);
  if (side) verifySide(got.plain.exports, side, spec.name);
  wasm!.add(got.plain.exports);
  relaxed?.add(got.plain.exports);
  if (side) relaxed!.add(side);
  joined.add(spec);
  return true;
}

/**
 * Compile and instantiate the wasm modules asynchronously: the core module (and its relaxed-SIMD
 * variant, where the runtime has relaxed SIMD) and the modules of every activation this app imports.
 * Call it once before the first call where synchronous compilation is limited (a browser's main
 * thread in older Chromium); elsewhere it is optional. Resolves to the backend that calls will use.
 */
export async function init(): Promise<BackendName> {
  if (!wasm && !wasmUnavailable) {
    if (!supported()) wasmUnavailable = 'this runtime does not validate WebAssembly SIMD modules';
    else {
      const core = await WebAssembly.instantiate(await WebAssembly.compile(bytes));
      let side: WebAssembly.Instance | undefined;
      if (relaxedSupported()) {
        try {
          side = await WebAssembly.instantiate(await WebAssembly.compile(relaxedBytes), over(core.exports.memory as WebAssembly.Memory));
        } catch {
          side = undefined;
        }
      }
      if (!wasm) adopt(core, side); // unless a synchronous load won the race: keep one memory
    }
  }
  if (wasm) {
    // Instantiated here, as main threads that limit synchronous compilation limit new WebAssembly.Instance too.
    const imports = over(wasm.memory);
    for (const m of MODULES) {
      if (instances.has(m)) continue;
      const plain = await WebAssembly.instantiate(await WebAssembly.compile(m.bytes), imports);
      const side = relaxed && m.relaxed ? await WebAssembly.instantiate(await WebAssembly.compile(m.relaxed), imports) : undefined;
      if (!instances.has(m)) instances.set(m, { plain, side });
    }
    syncRefused = false; // every module this app imports is made: calls need no compilation now
  }
  return getBackend();
}

/** The backend the next call will use. */
export function getBackend(): BackendName {
  if (pinned) return pinned;
  return loadSync() && !syncRefused ? 'wasm' : 'js';
}

/** What backendInfo() reports. */
export interface BackendInfo {
  /** The backend the next call will use, as getBackend(). */
  readonly backend: BackendName;
  /**
   * Whether wasm calls on Float32Array run the relaxed-SIMD kernels (sigmoid, tanh, elu, selu, celu,
   * silu and their derivatives, softmax, softmin, logSoftmax, softplusGrad and logSigmoidGrad, with
   * fused multiply-adds where the CPU has them).
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

/** The wasm backend if the next call of `spec` should use it, with spec's kernels in it. */
export function activeWasm(spec: ActivationSpec): WasmBackend | undefined {
  if (getBackend() !== 'wasm') return undefined;
  if (join(spec)) return active;
  if (pinned === 'wasm') throw new Error(`${spec.name}: setBackend('wasm') is pinned, but this runtime refuses to compile its WebAssembly module synchronously here; await init() first`);
  return undefined;
}

/** The wasm backend whatever the pinned choice (zero-copy buffers live in its memory), if available. */
export function wasmInstance(): WasmBackend | undefined {
  return loadSync();
}
