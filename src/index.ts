// wasm-activations: neural-network activation functions over Float32Array / Float64Array,
// SIMD WebAssembly with a pure-JS fallback. This file only re-exports; each concern has its module.

export * from './activations';
export { getBackend, setBackend, init, backendInfo } from './backend';
export type { BackendInfo, BackendOptions } from './backend';
export { allocate } from './buffers';
export type { WasmBuffer } from './buffers';
export { REGISTRY, ACTIVATIONS } from './registry';
export type { ActivationSpec, ActivationName, ErrorBound, ParamSpec } from './registry';
export { LengthMismatchError } from './errors';
export type { FloatArray, BackendName, OutOption } from './types';
export type { AxisOptions, Elementwise } from './dispatch';
/** @internal For wasm-activations/pool, which imports this bundle: not part of the API. */
export { internals as _pool } from './pool/bridge';
