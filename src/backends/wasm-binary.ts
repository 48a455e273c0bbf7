// The little of the WebAssembly binary format that the package's two rewriters need (unfuse.ts: the
// plain module of a relaxed-SIMD one; src/pool/shared-module.ts: a module over a shared memory):
// LEB128 integers, the sections of a module, and joining byte arrays.

/** The unsigned LEB128 encoding of n (up to 32 bits). */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 127;
    n >>>= 7;
    if (n) b |= 128;
    out.push(b);
  } while (n);
  return out;
}

/** The unsigned LEB128 at b[p], and the position after it. */
export function readLeb(b: Uint8Array, p: number): [value: number, next: number] {
  let r = 0;
  let shift = 0;
  let x: number;
  do {
    x = b[p++]!;
    r += (x & 127) * 2 ** shift;
    shift += 7;
  } while (x & 128);
  return [r, p];
}

export interface Section {
  readonly id: number;
  /** Where the section starts (its id byte), its contents start, and where it ends. */
  readonly start: number;
  readonly body: number;
  readonly end: number;
}

/** The sections of a module, in order. */
export function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let p = 8; // magic and version
  while (p < b.length) {
    const [size, body] = readLeb(b, p + 1);
    out.push({ id: b[p]!, start: p, body, end: body + size });
    p = body + size;
  }
  return out;
}

/** The arrays one after another, in one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}
