// The size a user downloads: dist/index.js (the ESM bundle, wasm module inlined) gzipped at level 9,
// against the budget docs/deployment.md states. Exits 1 over budget, so CI fails on an unnoticed jump.
//
//   npm run size            (builds first)
//   node scripts/size.mjs   (measures the dist/ that is there)
//
// The budget was set about 20% above the size when it was introduced. Raise it deliberately, with
// docs/deployment.md, when a change earns it (each new activation adds a kernel and a JS twin).

import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Gzipped bytes allowed for dist/index.js; docs/deployment.md's "Size" section states the same number. */
// 15_000 at introduction; main reached 24.3 kB with the piecewise family and ~37 kB with the axis family;
// the log family and gelu (16 kernels f32/f64 × forward/derivative, two gelu forms, the double erfc of
// the JS twin) add ~25 kB: 61.9 kB, raised to 70_000 on the logfamily branch (the lead decides on merge;
// calling instead of inlining every log-family kernel would save ~9.5 kB at ~1 ns/element f32 and ~4 ns
// f64 on the short kernels).
// The exp family (28 kernels: elu, selu, celu, silu, tanhshrink and derivatives, tanhGrad, f64 sigmoid and
// tanh; ~2.5–3.6 KB of wasm each, map.ts inlining every body six times; its rare cases — tanhshrink, celu
// with alpha < 0 or not a power of two — are already called, not inlined) adds ~17 kB: 79.0 kB, raised to
// 87_000 on the expfamily branch (the lead decides on merge).
// The relaxed-SIMD side module (build/activations-relaxed.wasm, 44 KB: the f32 exp-based kernels again,
// with fused multiply-adds, 1.3–1.5x faster where the runtime has relaxed SIMD) took it to 91.9 kB with
// both modules as base64. Inlining the modules as Latin-1 strings instead (tsup.config.ts; gzip sees
// their byte patterns again) brought it to 71.3 kB: the budget is lowered to 82_000 (15% above). softplusGrad and logSigmoidGrad in the side module: 72.3 kB.
// Faster kernels since (gelu's tables, the softmax shifted exp) took it to 76.5 kB; the strided-axis
// softmax, logSoftmax and their derivatives, 16 f32 (8 f64) columns a step (1.3x along axis 0 of
// [1000, 1000], 2–3x where rows are a multiple of 4 KiB apart; four exps inlined per kernel, and the
// f32 forwards again in the side module), to 83.0 kB: the budget is raised to 86_000.
// Derivatives for any finite dy (each exp-based derivative's tail out of line, in f64), the madd probe,
// argument checks through the built-in getters and the pool's hand-off took it to 93.4 kB: raised to
// 94_000. The exp-based f32 forwards' loops interleaved for Turboshaft (scripts/schedule-loops.mjs:
// 1.1-1.3x faster on Node 24/26 and Chromium; the four vectors' code no longer repeats, which gzip
// notices) took it to 96.6 kB: raised to 97_000. Per-family modules (issue 12), so that an app pays only
// for what it imports, are the way down. softmin and softminGrad (96.5 -> 97.7 kB): raised to 98_000.
// The fuzz survey's fixes (celu f64 with alpha < 0, eluGrad's and softplus's extreme parameters,
// tanhshrink f64, geluGrad f64 for any dy) with softmin: 98.3 kB, raised to 98_500.
// One module per activation (issue 12: an app pays for what it imports; relu alone ships 7.3 kB, sigmoid
// 12.0 kB) costs the whole bundle ~7 kB: each module carries its own copy of the code it shares with
// others (the math cores are inlined into every kernel already; what repeats now is the out-of-line
// tails, the relaxed modules' copies of the plain helpers, and the constant-table entries); softmin's
// kernels live in softmax's module and prelu's in leakyRelu's, whose code they mostly are: 105.4 kB (106.0 with sigmoidGrad and mishGrad scheduled),
// raised to 107_000.
export const BUDGET_BYTES = 107_000;

/**
 * What a Vite app ships of the package (its dist/assets/*.js, gzip -9), by what it imports:
 * test/bundlers/bundlers.test.ts builds fixtures/vite-relu, fixtures/vite (sigmoid) and
 * fixtures/vite-all and holds them to these. relu and sigmoid are issue 12's targets.
 */
export const APP_BUDGETS = { relu: 10_000, sigmoid: 20_000, all: 100_000 };

const file = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Raw, gzip -9 and brotli (quality 11) sizes of dist/index.js, in bytes. */
export function measure() {
  const raw = readFileSync(file);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = measure();
  const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
  const pct = ((100 * s.gzip) / BUDGET_BYTES).toFixed(0);
  console.log(`dist/index.js: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip (${s.gzip} B), ${kb(s.brotli)} brotli`);
  console.log(`budget: ${kb(BUDGET_BYTES)} gzip (${BUDGET_BYTES} B), ${pct}% used`);
  if (s.gzip > BUDGET_BYTES) {
    console.error(`over budget by ${s.gzip - BUDGET_BYTES} B: shrink the bundle, or raise BUDGET_BYTES in scripts/size.mjs and docs/deployment.md together`);
    process.exit(1);
  }
}
