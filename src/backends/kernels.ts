// The wasm exports the registry promises, with their parameter counts, checked when a module loads:
// a kernel missing from the build (or with another signature) is a loud error naming it, never a
// silent run on the js twin.
//
// Elementwise: <kernel>_<t>(src, dst, n, ...params) and <grad>_<t>(x, dy, dst, n, ...params).
// Axis (softmax-like): the row and strided-column kernels and the passes of a row too long for the
// scratch region, which src/ops/softmax-family.ts calls by these names. Channel (prelu): the forward
// kernel, the derivative and its long-run form.

import { LONG_ROW_KERNELS as LONG_ROW } from '../ops/softmax-family';
import type { ActivationSpec } from '../spec';

/** Export name (without _f32/_f64) → number of parameters, for one activation. */
export function kernelsOf(spec: ActivationSpec): [string, number][] {
  const p = spec.params.length;
  const list: [string, number][] = [];
  const long = (stem: string) => Object.entries(LONG_ROW[stem] ?? {}).map(([k, n]): [string, number] => [`${stem}_${k}`, n]);
  if (spec.kind === 'elementwise') {
    list.push([spec.kernel, 3 + p]);
    if (spec.grad) list.push([spec.grad.kernel, 4 + (spec.grad.kernelParams ?? p)]);
  } else if (spec.kind === 'axis') {
    list.push([`${spec.kernel}_rows`, 4], [`${spec.kernel}_cols`, 5], ...long(spec.kernel));
    if (spec.grad) list.push([`${spec.grad.kernel}_rows`, 5], [`${spec.grad.kernel}_cols`, 6], ...long(spec.grad.kernel));
  } else {
    list.push([spec.kernel, 4]);
    if (spec.grad) list.push([spec.grad.kernel, 7], [`${spec.grad.kernel}_run`, 5]);
  }
  return list;
}

/** Throws an Error naming every kernel the registry promises that these exports lack or misdeclare. */
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
