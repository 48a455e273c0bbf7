// How a validated call is cut into parts, one per worker at most. Every cut falls between elements
// that the synchronous call computes independently of each other, so the parts' results are its bits:
// elementwise functions by ranges; axis functions by whole rows (a contiguous axis), by whole outer
// slabs, or, when there are fewer slabs than parts, by blocks of columns of a strided axis (each column
// still runs down the same kernel); prelu by whole outer slabs. preluGrad sums x·dy per channel over
// the whole array in one order: one part.

import type { AxisPart } from './protocol';

export interface Part {
  readonly start: number;
  readonly end: number;
  readonly view?: AxisPart;
  readonly cols?: readonly [number, number];
}

/** Boundaries are multiples of this many elements: 64 bytes of f32 (a cache line), so that two threads never write one line. */
const ALIGN = 16;

/** `count` near-equal pieces of [0, n), boundaries rounded to multiples of `align`. */
function cut(n: number, count: number, align: number): [number, number][] {
  const out: [number, number][] = [];
  let a = 0;
  for (let k = 1; k <= count; k++) {
    const b = k === count ? n : Math.min(n, Math.round((n * k) / count / align) * align);
    if (b > a) out.push([a, b]);
    a = Math.max(a, b);
  }
  return out;
}

/**
 * The parts of a call of `kind` over n elements (view: outer × len × inner for axis and prelu),
 * for `threads` workers, each part at least about `grain` elements. `columns`: whether a strided
 * axis may be cut into blocks of columns (the wasm path's cols kernels; not the js twins').
 */
export function plan(kind: string, n: number, threads: number, grain: number, view?: AxisPart, slopes = 1, columns = true): Part[] {
  const want = Math.max(1, Math.min(threads, Math.floor(n / Math.max(1, grain))));
  if (kind === 'preluGrad' || want === 1 || n === 0) return [{ start: 0, end: n, view }];
  if (kind === 'elementwise' || kind === 'binary' || (kind === 'prelu' && slopes === 1)) {
    return cut(n, want, ALIGN).map(([start, end]) => ({ start, end, view: kind === 'prelu' ? { outer: 1, len: 1, inner: end - start } : undefined }));
  }
  const { outer, len, inner } = view!;
  const slab = len * inner;
  if (outer >= want || inner === 1 || kind === 'prelu' || !columns) {
    // Whole rows (inner 1: a slab is a row) or whole slabs.
    const parts = Math.min(want, outer);
    return cut(outer, parts, 1).map(([o0, o1]) => ({ start: o0 * slab, end: o1 * slab, view: { outer: o1 - o0, len, inner } }));
  }
  // Fewer slabs than parts along a strided axis: blocks of columns, each over every slab.
  const parts = Math.min(want, Math.ceil(inner / ALIGN));
  return cut(inner, parts, ALIGN).map(([c0, c1]) => ({ start: 0, end: n, view, cols: [c0, c1] as const }));
}
