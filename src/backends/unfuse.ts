// A module's relaxed multiply-adds turned back into the plain multiply and add, by rewriting its code
// section: `a b c f32x4.relaxed_madd` becomes `a b c local.set $c; f32x4.mul; local.get $c; f32x4.add`
// and `a b c f32x4.relaxed_nmadd` becomes `… local.set $c; f32x4.mul; local.set $p; local.get $c;
// local.get $p; f32x4.sub` (c − a·b), with two v128 locals added to each function that has any. This
// is exactly what the plain module computes (relaxed_madd's unfused form is the product rounded, then
// the sum rounded), so the modules ship once, with the relaxed instructions, and an engine without
// relaxed SIMD (or a caller who turned it off) gets the plain code from the same bytes.
//
// The walk decodes every instruction of every function body (the immediates of the MVP, the 0xFC
// and 0xFD prefixes, and relaxed SIMD), so that an immediate's bytes (a v128.const, a memarg) are never
// mistaken for an opcode; an opcode it does not know is a thrown error, never a silent miss.

import { concat, leb, sections } from './wasm-binary';

const RELAXED_MADD = 0x105;
const RELAXED_NMADD = 0x106;

class Reader {
  readonly b: Uint8Array;
  p: number;
  constructor(b: Uint8Array, p = 0) {
    this.b = b;
    this.p = p;
  }
  u8(): number {
    return this.b[this.p++]!;
  }
  /** An unsigned LEB128 (up to 32 bits). */
  u32(): number {
    let r = 0;
    let s = 0;
    for (;;) {
      const x = this.b[this.p++]!;
      r |= (x & 0x7f) << s;
      if (!(x & 0x80)) return r >>> 0;
      s += 7;
    }
  }
  /** Skips a LEB128, signed or not, of any length. */
  leb(): void {
    while (this.b[this.p++]! & 0x80);
  }
}

/** Skips one instruction's immediates after its opcode `op` (0xFC/0xFD: after the sub-opcode `sub`). */
function skipImmediates(r: Reader, op: number, sub: number): void {
  if (op === 0x02 || op === 0x03 || op === 0x04) {
    // block type: 0x40, a value type, or a type index (s33)
    const t = r.b[r.p]!;
    if (t === 0x40 || (t >= 0x7b && t <= 0x7f) || t === 0x70 || t === 0x6f) r.p++;
    else r.leb();
  } else if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x24) || op === 0x25 || op === 0x26 || op === 0xd2) r.leb();
  else if (op === 0x0e) {
    const n = r.u32();
    for (let i = 0; i <= n; i++) r.leb();
  } else if (op === 0x11) {
    r.leb();
    r.leb();
  } else if (op === 0x1c) {
    const n = r.u32();
    r.p += n;
  } else if (op >= 0x28 && op <= 0x3e) {
    r.leb();
    r.leb();
  } else if (op === 0x3f || op === 0x40 || op === 0xd0) r.p++;
  else if (op === 0x41 || op === 0x42) r.leb();
  else if (op === 0x43) r.p += 4;
  else if (op === 0x44) r.p += 8;
  else if (op === 0xfc) {
    if (sub <= 7) return;
    if (sub === 8) {
      r.leb();
      r.p++;
    } else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.leb();
    else if (sub === 10) r.p += 2;
    else if (sub === 11) r.p++;
    else if (sub === 12 || sub === 14) {
      r.leb();
      r.leb();
    } else throw new Error(`unfuse: unknown instruction 0xFC ${sub}`);
  } else if (op === 0xfd) {
    if (sub <= 11 || sub === 92 || sub === 93) {
      r.leb();
      r.leb();
    } else if (sub === 12 || sub === 13) r.p += 16;
    else if (sub >= 21 && sub <= 34) r.p++;
    else if (sub >= 84 && sub <= 91) {
      r.leb();
      r.leb();
      r.p++;
    } else if (sub > 0x113) throw new Error(`unfuse: unknown instruction 0xFD ${sub}`);
  } else if ((op >= 0x45 && op <= 0xc4) || op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) return;
  else throw new Error(`unfuse: unknown opcode 0x${op.toString(16)}`);
}

/** The parameter counts of the module's function types (type section), by type index. */
function paramCounts(b: Uint8Array, start: number): number[] {
  const r = new Reader(b, start);
  const out: number[] = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    if (r.u8() !== 0x60) throw new Error('unfuse: a type that is not a function type');
    const np = r.u32();
    r.p += np;
    const nr = r.u32();
    r.p += nr;
    out.push(np);
  }
  return out;
}

/**
 * One function body (its locals and code, without the size) as parts to concatenate, or undefined if
 * it has no relaxed multiply-add: the spans between the rewritten instructions are views of `b`.
 */
function rewriteBody(b: Uint8Array<ArrayBuffer>, start: number, end: number, params: number): Uint8Array<ArrayBuffer>[] | undefined {
  const r = new Reader(b, start);
  let locals = params;
  const groups = r.u32();
  for (let i = 0; i < groups; i++) {
    locals += r.u32();
    r.p++;
  }
  const codeStart = r.p;
  const sites: number[] = []; // opcode start, opcode end, which: three numbers a site
  while (r.p < end) {
    const at = r.p;
    const op = r.u8();
    const sub = op === 0xfc || op === 0xfd ? r.u32() : 0;
    if (op === 0xfd && (sub === RELAXED_MADD || sub === RELAXED_NMADD)) sites.push(at, r.p, sub);
    else skipImmediates(r, op, sub);
  }
  if (r.p !== end) throw new Error('unfuse: a function body ends inside an instruction');
  if (!sites.length) return undefined;
  // The locals: the same groups, then one more of two v128s ($c, $p).
  const head = leb(groups + 1);
  const countEnd = new Reader(b, start);
  countEnd.u32();
  const parts = [Uint8Array.from(head), b.subarray(countEnd.p, codeStart), Uint8Array.of(2, 0x7b)];
  const c = leb(locals);
  const p = leb(locals + 1);
  const madd = Uint8Array.from([0x21, ...c, 0xfd, 0xe6, 0x01, 0x20, ...c, 0xfd, 0xe4, 0x01]); // local.set $c; f32x4.mul; local.get $c; f32x4.add
  const nmadd = Uint8Array.from([0x21, ...c, 0xfd, 0xe6, 0x01, 0x21, ...p, 0x20, ...c, 0x20, ...p, 0xfd, 0xe5, 0x01]); // …; local.set $p; local.get $c; local.get $p; f32x4.sub
  let from = codeStart;
  for (let i = 0; i < sites.length; i += 3) {
    parts.push(b.subarray(from, sites[i]), sites[i + 2] === RELAXED_MADD ? madd : nmadd);
    from = sites[i + 1]!;
  }
  parts.push(b.subarray(from, end));
  return parts;
}

/** The parts' total length. */
const lengthOf = (parts: readonly Uint8Array[]) => parts.reduce((n, x) => n + x.length, 0);

/** `bytes` with every f32x4.relaxed_madd / relaxed_nmadd unfused; the same bytes if it has none. */
export function unfuse(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  let types: number[] = [];
  const funcTypes: number[] = [];
  let code: [number, number, number] | undefined; // the section's first byte, its contents' start and end
  for (const sec of sections(bytes)) {
    if (sec.id === 1) types = paramCounts(bytes, sec.body);
    else if (sec.id === 3) {
      const r = new Reader(bytes, sec.body);
      for (let n = r.u32(), i = 0; i < n; i++) funcTypes.push(r.u32());
    } else if (sec.id === 10) code = [sec.start, sec.body, sec.end];
  }
  if (!code) return bytes;
  const c = new Reader(bytes, code[1]);
  const n = c.u32();
  const parts: Uint8Array<ArrayBuffer>[] = [Uint8Array.from(leb(n))];
  let changed = false;
  for (let i = 0; i < n; i++) {
    const sizeAt = c.p;
    const size = c.u32();
    const start = c.p;
    const body = rewriteBody(bytes, start, start + size, types[funcTypes[i]!]!);
    if (body) {
      changed = true;
      parts.push(Uint8Array.from(leb(lengthOf(body))), ...body);
    } else parts.push(bytes.subarray(sizeAt, start + size));
    c.p = start + size;
  }
  if (!changed) return bytes;
  const [first, , end] = code;
  return concat([bytes.subarray(0, first), Uint8Array.of(10, ...leb(lengthOf(parts))), ...parts, bytes.subarray(end)]);
}
