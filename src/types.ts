/** The array types every function accepts; a Float32Array is computed in f32, a Float64Array in f64. */
export type FloatArray = Float32Array | Float64Array;

/** The two backends: SIMD WebAssembly, and the pure-JS twins with the same semantics. */
export type BackendName = 'wasm' | 'js';

export interface OutOption<T extends FloatArray> {
  /**
   * Array to write the result into, of the same type and length as `x`; it is returned.
   * `out === x` computes in place. Without it a new array is returned and `x` is never modified.
   * An out that partly overlaps an input in the same buffer is a RangeError. Views of two different
   * SharedArrayBuffer objects may be the same memory (structuredClone, postMessage, a shared
   * WebAssembly.Memory before and after grow()), which JS cannot compare: such inputs are copied
   * first, so the result is always that of separate arrays.
   * @default undefined
   */
  out?: T;
}

/** Bytes per element of a float array: 4 (Float32Array) or 8 (Float64Array). */
export type Size = 4 | 8;

/** A row-major array seen along one axis: outer × len × inner. */
export interface AxisView {
  readonly outer: number;
  readonly len: number;
  readonly inner: number;
}
