/** The array types every function accepts; a Float32Array is computed in f32, a Float64Array in f64. */
export type FloatArray = Float32Array | Float64Array;

/** The two backends: SIMD WebAssembly, and the pure-JS twins with the same semantics. */
export type BackendName = 'wasm' | 'js';

export interface OutOption<T extends FloatArray> {
  /**
   * Array to write the result into, of the same type and length as `x`; it is returned.
   * `out === x` computes in place. Without it a new array is returned and `x` is never modified.
   * @default undefined
   */
  out?: T;
}
