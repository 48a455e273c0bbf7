// The pool's modules are the package's own two modules, rewritten here so that their memory is an
// imported shared one: the main module's own memory (a memory section, exported) becomes an import
// `env.memory` declared shared with a maximum, and the relaxed side module's import of that memory is
// declared shared too. Nothing else changes: the code and the data are the very bytes the synchronous
// API runs, so a thread computes exactly the bits the calling thread would, and no second copy of the
// modules is shipped.
//
// The main module's data (constants and the hoisted constant table, below heap_base()) is written by
// an active data segment at each instantiation, i.e. again by every worker that starts. Those are the
// same bytes as already there, and nothing ever writes that region at run time, so a thread reading
// it while another instantiates sees the same values (in the memory model, a racing read returns the
// bytes of some write to each location, and every write of each byte is the same byte); a worker
// reads it only after its own instantiation wrote it. Passive segments initialised once (an atomic
// flag and memory.init in a start function) would avoid the redundant writes but change the modules.

import { concat, leb, readLeb, sections, type Section } from '../backends/wasm-binary';

const te = new TextEncoder();

const name = (s: string) => {
  const b = te.encode(s);
  return [...leb(b.length), ...b];
};

const section = (id: number, body: number[]) => new Uint8Array([id, ...leb(body.length), ...body]);

/** Limits of a shared memory: flags 3 (maximum present, shared), minimum and maximum pages. */
const sharedLimits = (min: number, max: number) => [3, ...leb(min), ...leb(max)];

/** The import section's contents, with every memory import's limits made shared with `maxPages`; and the largest minimum. */
function sharedImports(b: Uint8Array, s: Section, maxPages: number): { body: number[]; min: number } {
  let [count, p] = readLeb(b, s.body);
  const out = leb(count);
  let least = 0;
  for (; count > 0; count--) {
    const start = p;
    let len: number;
    [len, p] = readLeb(b, p); // module name
    p += len;
    [len, p] = readLeb(b, p); // field name
    p += len;
    out.push(...b.subarray(start, p));
    const kind = b[p++]!;
    if (kind !== 2) throw new Error(`shared module: an import of kind ${kind}`);
    const flags = b[p++]!;
    let min: number;
    [min, p] = readLeb(b, p);
    if (flags & 1) [, p] = readLeb(b, p);
    out.push(2, ...sharedLimits(min, maxPages));
    least = Math.max(least, min);
  }
  return { body: out, min: least };
}

/**
 * The module's bytes with its memory made an imported shared one of at most `maxPages` pages: a
 * defined memory (section 5) becomes the import env.memory (declared with the same minimum); a
 * memory import becomes shared. minPages: the least memory the module accepts.
 */
export function sharedVariant(bytes: Uint8Array, maxPages: number): { bytes: Uint8Array<ArrayBuffer>; minPages: number } {
  const all = sections(bytes);
  const memory = all.find((s) => s.id === 5);
  const hasImports = all.some((s) => s.id === 2);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let minPages = 0;
  for (const s of all) {
    if (s.id === 5) continue;
    if (s.id === 2) {
      const imports = sharedImports(bytes, s, maxPages);
      minPages = Math.max(minPages, imports.min);
      parts.push(section(2, imports.body));
      continue;
    }
    parts.push(bytes.subarray(s.start, s.end));
    if (s.id === 1 && memory && !hasImports) {
      // The import section follows the type section: env.memory, the memory the module defined.
      let [count, p] = readLeb(bytes, memory.body);
      if (count !== 1) throw new Error(`shared module: ${count} memories`);
      const flags = bytes[p++]!;
      const [min] = readLeb(bytes, p);
      minPages = min;
      if (flags & 2) throw new Error('shared module: its memory is already shared');
      parts.push(section(2, [1, ...name('env'), ...name('memory'), 2, ...sharedLimits(min, maxPages)]));
    }
  }
  return { bytes: concat(parts), minPages };
}
