// A small reader of a wasm binary's sections: enough to list imports, exports with their function
// types, and whether the module defines a memory, data segments or a start function.

const VALTYPE = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
const KIND = ['func', 'table', 'memory', 'global'];

/** @param {Uint8Array} b */
export function readSections(b) {
  let i = 8;
  const leb = () => {
    let v = 0, shift = 0, c;
    do {
      c = b[i++];
      v += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    return v;
  };
  const name = () => {
    const n = leb();
    const s = new TextDecoder().decode(b.subarray(i, i + n));
    i += n;
    return s;
  };
  const limits = () => {
    const flag = leb();
    leb();
    if (flag & 1) leb();
  };
  /** @type {{ types: string[], imports: string[], funcs: number[], exports: { name: string, kind: string, type: string | undefined }[], sections: number[] }} */
  const out = { types: [], imports: [], funcs: [], exports: [], sections: [] };
  while (i < b.length) {
    const id = b[i++];
    const size = leb();
    const end = i + size;
    out.sections.push(id);
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        if (b[i++] !== 0x60) throw new Error('not a function type');
        const params = [], results = [];
        for (let c = leb(); c > 0; c--) params.push(VALTYPE[b[i++]]);
        for (let c = leb(); c > 0; c--) results.push(VALTYPE[b[i++]]);
        out.types.push(`(${params.join(', ')}) -> (${results.join(', ')})`);
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name(), field = name(), kind = KIND[b[i++]];
        if (kind === 'func') out.funcs.push(leb());
        else if (kind === 'table') (i++, limits());
        else if (kind === 'memory') limits();
        else i += 2;
        out.imports.push(`${module}.${field} (${kind})`);
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n--) out.funcs.push(leb());
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const field = name(), kind = KIND[b[i++]], index = leb();
        out.exports.push({ name: field, kind, type: kind === 'func' ? out.types[out.funcs[index]] : undefined });
      }
    }
    i = end;
  }
  return out;
}

/** Section ids by name, for the checks. */
export const SECTION = { memory: 5, start: 8, data: 11, dataCount: 12 };
