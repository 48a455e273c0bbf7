// Accuracy probe: array-mapping kernels over the vector-math cores of assembly/math/, one export per
// core, for scripts/math-probe/check.mjs to sweep against a float64 / double-double reference.
// Build (check.mjs does it when the .wasm is missing or older than a source):
//   npx asc scripts/math-probe/probe.ts --config scripts/math-probe/asconfig.json -O3 --runtime stub \
//       --noAssert --enable simd -o build/math-probe.wasm
// (the empty asconfig.json keeps asc from applying the root one, which would add assembly/index.ts as an
// entry and overwrite build/activations.wat.)
// Not part of the package: nothing here is exported by assembly/index.ts.
//
// Every kernel is dst[i] = core(src[i]) (or core(a[i], b[i])) through assembly/map.ts, the loop the real
// kernels use, so the tail lanes run the same vector code as the body.

import { mapUnary, mapBinary } from '../../assembly/map';
import { expNeg_f32x4_rr2_p6, expNegLo_f32x4_rr2_p6 } from '../../assembly/math/exp-f32x4-rr2-p6';
import { expm1Neg_f32x4_rr2_p6 } from '../../assembly/math/expm1-f32x4-rr2-p6';
import { log1pPos_f32x4_p10 } from '../../assembly/math/log1p-f32x4-p10';
import {
  erfcPos_f32x4_f64x2_rat45,
  erfcPosMul_f32x4_f64x2_rat45,
  erfcSqrtHalfPosMul_f32x4_f64x2_rat45,
  erfc_f32x4_f64x2_rat45,
  erf_f32x4_f64x2_rat45,
} from '../../assembly/math/erfc-f32x4-f64x2-rat45';

/** Address of the first free byte: the JS side lays its arrays from here (and grows memory itself). */
export function heap_base(): usize {
  return __heap_base;
}

// ---- f32x4 cores ----
@final class ExpNegF32 { @inline apply(x: v128): v128 { return expNeg_f32x4_rr2_p6(x); } }
@final class ExpNegLoF32 { @inline apply2(x: v128, lo: v128): v128 { return expNegLo_f32x4_rr2_p6(x, lo); } }
@final class Expm1NegF32 { @inline apply(x: v128): v128 { return expm1Neg_f32x4_rr2_p6(x); } }
@final class Log1pF32 { @inline apply(x: v128): v128 { return log1pPos_f32x4_p10(x); } }
@final class ErfcPosF32 { @inline apply(x: v128): v128 { return erfcPos_f32x4_f64x2_rat45(x); } }
@final class ErfcF32 { @inline apply(x: v128): v128 { return erfc_f32x4_f64x2_rat45(x); } }
@final class ErfF32 { @inline apply(x: v128): v128 { return erf_f32x4_f64x2_rat45(x); } }
@final class ErfcPosMulF32 { @inline apply2(z: v128, m: v128): v128 { return erfcPosMul_f32x4_f64x2_rat45(z, m); } }
@final class ErfcSqrtHalfMulF32 { @inline apply2(a: v128, m: v128): v128 { return erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a, m); } }

export function expNeg_f32(src: usize, dst: usize, n: i32): void { mapUnary<f32, ExpNegF32>(src, dst, n); }
export function expNegLo_f32(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f32, ExpNegLoF32>(a, b, dst, n); }
export function expm1Neg_f32(src: usize, dst: usize, n: i32): void { mapUnary<f32, Expm1NegF32>(src, dst, n); }
export function log1pPos_f32(src: usize, dst: usize, n: i32): void { mapUnary<f32, Log1pF32>(src, dst, n); }
export function erfcPos_f32(src: usize, dst: usize, n: i32): void { mapUnary<f32, ErfcPosF32>(src, dst, n); }
export function erfc_f32(src: usize, dst: usize, n: i32): void { mapUnary<f32, ErfcF32>(src, dst, n); }
export function erf_f32(src: usize, dst: usize, n: i32): void { mapUnary<f32, ErfF32>(src, dst, n); }
export function erfcPosMul_f32(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f32, ErfcPosMulF32>(a, b, dst, n); }
export function erfcSqrtHalfPosMul_f32(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f32, ErfcSqrtHalfMulF32>(a, b, dst, n); }

// ---- f64x2 cores ----
import { expNeg_f64x2_rr2_p11, expNegLo_f64x2_rr2_p11, expNegLoMul_f64x2_rr2_p11 } from '../../assembly/math/exp-f64x2-rr2-p11';
import { expm1Neg_f64x2_rr2_p11 } from '../../assembly/math/expm1-f64x2-rr2-p11';
import { log1pPos_f64x2_atanh_p7 } from '../../assembly/math/log1p-f64x2-atanh-p7';
import {
  erfcPos_f64x2_a89,
  erfcPosMul_f64x2_a89,
  erfcSqrtHalfPosMul_f64x2_a89,
  erfc_f64x2_a89,
  erf_f64x2_a89,
} from '../../assembly/math/erfc-f64x2-a89';

@final class ExpNegF64 { @inline apply(x: v128): v128 { return expNeg_f64x2_rr2_p11(x); } }
@final class ExpNegLoF64 { @inline apply2(x: v128, lo: v128): v128 { return expNegLo_f64x2_rr2_p11(x, lo); } }
@final class ExpNegMulF64 { @inline apply2(x: v128, y: v128): v128 { return expNegLoMul_f64x2_rr2_p11(x, f64x2.splat(0), y); } }
@final class Expm1NegF64 { @inline apply(x: v128): v128 { return expm1Neg_f64x2_rr2_p11(x); } }
@final class Log1pF64 { @inline apply(x: v128): v128 { return log1pPos_f64x2_atanh_p7(x); } }
@final class ErfcPosF64 { @inline apply(x: v128): v128 { return erfcPos_f64x2_a89(x); } }
@final class ErfcF64 { @inline apply(x: v128): v128 { return erfc_f64x2_a89(x); } }
@final class ErfF64 { @inline apply(x: v128): v128 { return erf_f64x2_a89(x); } }
@final class ErfcPosMulF64 { @inline apply2(z: v128, m: v128): v128 { return erfcPosMul_f64x2_a89(z, m); } }
@final class ErfcSqrtHalfMulF64 { @inline apply2(a: v128, m: v128): v128 { return erfcSqrtHalfPosMul_f64x2_a89(a, m); } }

export function expNeg_f64(src: usize, dst: usize, n: i32): void { mapUnary<f64, ExpNegF64>(src, dst, n); }
export function expNegLo_f64(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f64, ExpNegLoF64>(a, b, dst, n); }
export function expNegMul_f64(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f64, ExpNegMulF64>(a, b, dst, n); }
export function expm1Neg_f64(src: usize, dst: usize, n: i32): void { mapUnary<f64, Expm1NegF64>(src, dst, n); }
export function log1pPos_f64(src: usize, dst: usize, n: i32): void { mapUnary<f64, Log1pF64>(src, dst, n); }
export function erfcPos_f64(src: usize, dst: usize, n: i32): void { mapUnary<f64, ErfcPosF64>(src, dst, n); }
export function erfc_f64(src: usize, dst: usize, n: i32): void { mapUnary<f64, ErfcF64>(src, dst, n); }
export function erf_f64(src: usize, dst: usize, n: i32): void { mapUnary<f64, ErfF64>(src, dst, n); }
export function erfcPosMul_f64(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f64, ErfcPosMulF64>(a, b, dst, n); }
export function erfcSqrtHalfPosMul_f64(a: usize, b: usize, dst: usize, n: i32): void { mapBinary<f64, ErfcSqrtHalfMulF64>(a, b, dst, n); }
