// The inlining of the .wasm modules in the bundle (src/backends/inline-bytes.ts): every byte value
// round-trips, every module decodes to its own bytes, and the bytes the mapping ranks take characters
// that a bundler never escapes, which is what the mapping is for.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../src/backends/inline-bytes';

const MODULES = new URL('../build/modules/', import.meta.url);

describe('inline-bytes', () => {
  it('maps the 256 byte values to 256 distinct characters, all below U+0100, and back', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = encode(all);
    expect(s.length).toBe(256);
    expect(new Set(s).size).toBe(256);
    for (const c of s) expect(c.charCodeAt(0)).toBeLessThan(0x100);
    expect(decode(s)).toEqual(all);
  });

  it('decodes random bytes and the empty array', () => {
    let seed = 12345;
    const bytes = Uint8Array.from({ length: 100_003 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    expect(decode(encode(bytes))).toEqual(bytes);
    expect(decode(encode(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it('gives every built module back byte for byte, and a Uint8Array over its own ArrayBuffer', () => {
    const names = readdirSync(MODULES).filter((f) => f.endsWith('.wasm'));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const bytes = new Uint8Array(readFileSync(new URL(name, MODULES)));
      const out = decode(encode(bytes));
      expect(out, name).toEqual(bytes);
      expect(out.buffer.byteLength).toBe(bytes.length);
    }
  });

  it("writes the modules' most frequent bytes as printable ASCII other than \" and \\", () => {
    // The three most frequent bytes of wasm code: 0x00, local.get (0x20), the SIMD prefix (0xFD).
    for (const b of [0x00, 0x20, 0xfd]) {
      const c = encode(Uint8Array.of(b)).charCodeAt(0);
      expect(c).toBeGreaterThanOrEqual(0x20);
      expect(c).toBeLessThan(0x7f);
      expect([0x22, 0x5c]).not.toContain(c);
    }
    // Over all modules, at least 9 bytes in 10 become one byte of UTF-8 that needs no escape.
    let plain = 0;
    let total = 0;
    for (const name of readdirSync(MODULES).filter((f) => f.endsWith('.wasm'))) {
      for (const c of encode(new Uint8Array(readFileSync(new URL(name, MODULES))))) {
        const k = c.charCodeAt(0);
        total++;
        if (k >= 0x20 && k < 0x7f && k !== 0x22 && k !== 0x5c) plain++;
      }
    }
    expect(plain / total).toBeGreaterThan(0.9);
  });
});
