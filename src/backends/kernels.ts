// The wasm exports a description promises, with their parameter counts, checked when its module is
// first used: a kernel missing from the build (or with another signature) is a loud error naming it,
// never a silent run on the js twin.
//
// Elementwise: <kernel>_<t>(src, dst, n, ...params) and <grad>_<t>(x, dy, dst, n, ...params).
// Axis (softmax-like): the row and strided-column kernels and the passes of a row too long for the
// scratch region (the description's longRow), which its family's host code calls by these names.
// Channel (prelu): the forward kernel, leaky_relu for runs of one channel, the derivative and its
// long-run form.

import type { ActivationSpec } from '../spec';

/** Export name (without _f32/_f64) → number of parameters, for one activation. */
export function kernelsOf(spec: ActivationSpec): [string, number][] {
  const p = spec.params.length;
  const list: [string, number][] = [];
  const long = (stem: string, passes: Readonly<Record<string, number>>) => Object.entries(passes).map(([k, n]): [string, number] => [`${stem}_${k}`, n]);
  if (spec.kind === 'elementwise') {
    list.push([spec.kernel, 3 + p]);
    if (spec.grad) list.push([spec.grad.kernel, 4 + (spec.grad.kernelParams ?? p)]);
  } else if (spec.kind === 'axis') {
    list.push([`${spec.kernel}_rows`, 4], [`${spec.kernel}_cols`, 5], ...long(spec.kernel, spec.longRow));
    if (spec.grad) list.push([`${spec.grad.kernel}_rows`, 5], [`${spec.grad.kernel}_cols`, 6], ...long(spec.grad.kernel, spec.grad.longRow));
  } else {
    // A channel's long runs of one slope go through leaky_relu (src/ops/prelu.ts).
    list.push([spec.kernel, 4], ['leaky_relu', 4]);
    if (spec.grad) list.push([spec.grad.kernel, 7], [`${spec.grad.kernel}_run`, 5]);
  }
  return list;
}

/** Throws an Error naming every kernel these descriptions promise that these exports lack or misdeclare. */
export function verifyKernels(exports: WebAssembly.Exports, specs: readonly ActivationSpec[]): void {
  const problems: string[] = [];
  for (const spec of specs) {
    for (const [stem, params] of kernelsOf(spec)) {
      for (const t of ['f32', 'f64']) {
        const name = `${stem}_${t}`;
        const f = exports[name];
        if (typeof f !== 'function') problems.push(`${name} is missing (${spec.name})`);
        else if (f.length !== params) problems.push(`${name} takes ${f.length} parameters, the registry's ${spec.name} expects ${params}`);
      }
    }
  }
  if (problems.length) throw new Error(`wasm-activations: the WebAssembly module does not match the registry: ${problems.join('; ')}. This is a build defect: rebuild with npm run build.`);
}

/**
 * Throws unless the relaxed-SIMD module `side` fits the plain module `plain` it stands in for: only
 * f32 kernels, each one the plain module has, with the same number of parameters.
 */
export function verifySide(plain: WebAssembly.Exports, side: WebAssembly.Exports, name: string): void {
  const problems: string[] = [];
  for (const [k, fn] of Object.entries(side)) {
    const own = plain[k];
    if (typeof fn !== 'function' || typeof own !== 'function' || fn.length !== own.length || !k.endsWith('_f32')) problems.push(k);
  }
  if (problems.length) throw new Error(`wasm-activations: the relaxed-SIMD module of ${name} does not match its plain module (${problems.join(', ')}). This is a build defect: rebuild with npm run build.`);
}
