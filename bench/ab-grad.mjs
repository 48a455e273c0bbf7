// Interleaved before/after of the elementwise derivatives at n = 1e6 (wasm pinned, out given), between
// two builds: a dist/ of the commit before (git worktree + npm run build, then copy its dist/) and this
// one. Prints ns/element, best of 15 rounds, each round one call on each build in turn.
//   node bench/ab-grad.mjs <before/dist/index.js> <after/dist/index.js> [names|all] [f32|f64|both]
const [A, B] = await Promise.all([import(process.argv[2]), import(process.argv[3])]);
const only = process.argv[4] && process.argv[4] !== 'all' ? process.argv[4].split(',') : undefined;
const types = (process.argv[5] ?? 'both') === 'both' ? [Float32Array, Float64Array] : [process.argv[5] === 'f32' ? Float32Array : Float64Array];
const { makeInput } = await import('./input.mjs');
A.setBackend('wasm'); B.setBackend('wasm');
const n = 1e6;
console.log(`node ${process.version}, n = 1e6, wasm pinned, out given; ns/element, best of 15 interleaved rounds (A before, B after)`);
for (const T of types) {
  const base = makeInput(n);
  const x = new T(base), dy = new T(makeInput(n, 7)), out = new T(n);
  for (const s of A.ACTIVATIONS) {
    if (s.kind !== 'elementwise' || !s.grad || (only && !only.includes(s.name))) continue;
    const fa = () => A[`${s.name}Grad`](x, dy, { out }), fb = () => B[`${s.name}Grad`](x, dy, { out });
    let ba = Infinity, bb = Infinity;
    fa(); fb();
    for (let r = 0; r < 15; r++) {
      let t = process.hrtime.bigint(); fa(); ba = Math.min(ba, Number(process.hrtime.bigint() - t) / n);
      t = process.hrtime.bigint(); fb(); bb = Math.min(bb, Number(process.hrtime.bigint() - t) / n);
    }
    console.log(`${(s.name + 'Grad').padEnd(16)} ${T === Float32Array ? 'f32' : 'f64'}  ${ba.toFixed(3)} -> ${bb.toFixed(3)}  (${(bb / ba).toFixed(2)}x)`);
  }
}
