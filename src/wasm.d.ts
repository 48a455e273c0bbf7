// tsup inlines .wasm files as bytes (a string of one character per byte decoded at load: src/backends/inline-bytes.ts): no file to fetch, no Buffer, no fs.
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
