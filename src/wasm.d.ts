// tsup inlines .wasm files as bytes (a Latin-1 string decoded at load, see tsup.config.ts): no file to fetch, no Buffer, no fs.
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
