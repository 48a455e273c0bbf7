// tsup inlines .wasm files as bytes (loader 'binary'): no file to fetch, no Buffer, no fs.
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
