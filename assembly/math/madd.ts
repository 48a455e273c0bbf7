// a·b + c and c − a·b over f32x4, for the range reduction and polynomial steps of the f32 exp cores.
//
// In the relaxed-SIMD side module (assembly/relaxed.ts, built with asc --enable relaxed-simd, which
// makes ASC_FEATURE_RELAXED_SIMD a compile-time true) these are f32x4.relaxed_madd / relaxed_nmadd:
// the engine evaluates them either fused (one rounding: vfmadd on x64 with FMA3, fmla on arm64) or as a
// multiply then an add (two roundings: exactly the plain form below). Which one is the engine's choice
// per machine, so the side module is accurate to every documented bound either way but not bit-for-bit
// reproducible across machines. In the main module they are the plain multiply and add.

@inline export function madd_f32x4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline export function nmadd_f32x4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

/**
 * madd_f32x4(a, b, c) in lane 0, for backendInfo(): with a = 1 + 2^−23, b = 1 − 2^−23, c = −1 it gives
 * −2^−46 where the multiply-add is fused (1 − 2^−46 − 1, one rounding) and 0 where it is a product
 * (rounded to 1) and then a sum. The arguments come from the caller, so that the compiler cannot fold it.
 */
export function madd_probe_f32(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd_f32x4(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}
