// How a .wasm module is inlined in the bundle (the build's encode, the loader's decode): a string of
// one character per byte, so that gzip still sees the module's byte patterns (base64 puts 3 bytes on a
// grid of 4 six-bit characters, which hides them: our modules gzip 1.6x larger that way).
//
// The bytes are mapped to characters by how often they occur in our modules: the most frequent are
// printable ASCII characters other than " and \ (one byte of UTF-8, never escaped by a bundler), the
// rest are U+0080–U+00FF (two bytes of UTF-8), and the 35 rarest take the characters a bundler writes as
// escapes (controls, ", \, DEL). Wasm's most frequent bytes are 0x00, local.get (0x20) and the SIMD
// prefix 0xFD; as Latin-1, 0x00 is the escape \0 and 0xFD two bytes of UTF-8. Measured on our 36
// modules in one esbuild output, gzip -9: 76.0 kB as Latin-1, 69.8 kB mapped (docs/deployment.md).
//
// The mapping is fixed here, not recomputed from each build, so that the encoder and the decoder can
// never disagree: any permutation decodes to the same bytes; only the compression depends on it.

/** The 48 most frequent byte values in our modules, most frequent first (more ranked compress no better). */
const RANKED = [
  0, 32, 253, 1, 4, 16, 65, 11, 33, 2, 34, 242, 240, 5, 12, 3, 6, 8, 7, 9, 10, 64, 230, 106, 13, 241, 228, 224, 123, 128, 14, 160,
  36, 144, 15, 74, 63, 95, 229, 127, 255, 18, 17, 133, 23, 142, 192, 85,
];

/** Byte values in the order they take characters: RANKED, then the others ascending. */
function byteOrder(): number[] {
  const out = RANKED.slice();
  for (let b = 0; b < 256; b++) if (!RANKED.includes(b)) out.push(b);
  return out;
}

/** Character codes from cheapest to dearest in a bundle: printable ASCII but " and \, U+0080–U+00FF, the rest. */
function charOrder(): number[] {
  const out: number[] = [];
  for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) out.push(c);
  for (let c = 0x80; c < 0x100; c++) out.push(c);
  for (let c = 0; c < 0x80; c++) if (!out.includes(c)) out.push(c);
  return out;
}

/** The string the build inlines for `bytes`. */
export function encode(bytes: Uint8Array): string {
  const bytesInOrder = byteOrder();
  const chars = charOrder();
  const charOf = new Array<number>(256);
  for (let i = 0; i < 256; i++) charOf[bytesInOrder[i]!] = chars[i]!;
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(charOf[bytes[i]!]!);
  return s;
}

let byteOf: Uint8Array | undefined;

/** The bytes of a string made by encode. */
export function decode(s: string): Uint8Array<ArrayBuffer> {
  if (!byteOf) {
    const bytesInOrder = byteOrder();
    const chars = charOrder();
    byteOf = new Uint8Array(256);
    for (let i = 0; i < 256; i++) byteOf[chars[i]!] = bytesInOrder[i]!;
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = byteOf[s.charCodeAt(i)]!;
  return out;
}
