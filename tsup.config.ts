import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * Inlines a .wasm file as a string of Latin-1 characters (one per byte), decoded to bytes at load.
 * Base64 hides the module's byte patterns from gzip (every 3 bytes become 4 characters on a 6-bit
 * grid): our module gzips to 34 kB as bytes, to 58.5 kB as base64, and to 40 kB as this string
 * written as UTF-8 (43 kB if a bundler re-escapes it to ASCII). No Buffer, no fetch, no eval.
 */
const wasmAsLatin1: Plugin = {
  name: 'wasm-latin1',
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, async ({ path }) => {
      const latin1 = (await readFile(path)).toString('latin1');
      // A pure call, so that a bundler drops the bytes of every module whose functions an app does not import.
      const contents = `export default /* @__PURE__ */ ((s) => {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
})(${JSON.stringify(latin1)});
`;
      return { contents, loader: 'js' };
    });
  },
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2020',
  // 'neutral' so that nothing imports fs or uses Buffer: the same bundle works in Node, browsers,
  // workers and bundlers with no configuration.
  platform: 'neutral',
  esbuildPlugins: [wasmAsLatin1],
  // Keep the inlined module's characters as UTF-8 rather than \xNN escapes (ES modules are always
  // decoded as UTF-8): 40 kB gzipped instead of 43.
  esbuildOptions(options) {
    options.charset = 'utf8';
  },
});
