// Chebyshev coefficients of the double erfc used by the JS backend (src/backends/js-math.ts), computed
// in double-double so that the printed doubles are the correctly rounded coefficients:
//
//   erfc(z) = t·exp(−z² + P(t)),  t = 2/(2 + z) ∈ (0, 1],  P(t) = Σ c_k T_k(2t − 1) − c_0/2
//
// (the Numerical-Recipes "erfccheb" form: the exponent carries −z² exactly and P is smooth on the whole
// half-line, so erfc keeps its relative accuracy out to the underflow). g(t) = ln(erfc(z)/t) + z² is
// sampled at N Chebyshev nodes, each node and each cos(kθ) in double-double (a cosine rounded to double
// puts a 1e-16 floor under every coefficient), and the discrete cosine transform summed in double-double.
// The coefficients fall below 2^-60 after k = 27: the kernel keeps c_0 … c_27.
//
//   node scripts/fit-erfc-cheb.mjs [N = 64]

import * as D from '../test/reference/dd.mjs';

/** cos(π·m/(2N)) in double-double (Taylor series on the angle reduced to [0, π/2]). */
function cosPi(m, N) {
  m = ((m % (4 * N)) + 4 * N) % (4 * N);
  if (m > 2 * N) m = 4 * N - m;
  let sign = 1;
  if (m > N) {
    m = 2 * N - m;
    sign = -1;
  }
  const a2 = D.sqr(D.mulD(D.PI, m / (2 * N)));
  let term = [1, 0];
  let sum = [1, 0];
  for (let n = 1; n < 40 && Math.abs(term[0]) > 1e-40; n++) {
    term = D.div(D.mul(term, a2), [-(2 * n - 1) * (2 * n), 0]);
    sum = D.add(sum, term);
  }
  return sign < 0 ? D.neg(sum) : sum;
}

/** g at y = 2t − 1 (a double-double). */
function g(y) {
  const t = D.add([0.5, 0], D.mulD(y, 0.5));
  const z = D.sub(D.div([2, 0], t), [2, 0]);
  if (z[0] === 0) return [0, 0];
  const { m, k } = D.erfc2k(z);
  return D.add(D.sub(D.add(D.log(m), D.mulD(D.LN2, k)), D.log(t)), D.sqr(z));
}

export function erfcChebyshev(N = 64, q = false) {
  const fs = Array.from({ length: N }, (_, j) => (q ? D.exp(g(cosPi(2 * j + 1, N))) : g(cosPi(2 * j + 1, N))));
  return Array.from({ length: N }, (_, k) => {
    let s = [0, 0];
    for (let j = 0; j < N; j++) s = D.add(s, D.mul(fs[j], cosPi(k * (2 * j + 1), N)));
    return D.mulD(s, 2 / N);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cs = erfcChebyshev(Number(process.argv[2] ?? 64), process.argv[3] === 'Q');
  cs.forEach((c, k) => console.log(`c${k}: ${c[0]} (lo ${c[1]})`));
}
