import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';
import { encode } from './src/backends/inline-bytes';

/**
 * Inlines a .wasm file as a string of one character per byte (src/backends/inline-bytes.ts: the bytes
 * mapped so that the most frequent are printable ASCII), decoded to bytes at load, so that gzip still
 * sees the module's byte patterns. No Buffer, no fetch, no eval.
 */
const DECODER = resolve('src/backends/inline-bytes.ts'); // tsup runs at the package root
const wasmInline: Plugin = {
  name: 'wasm-inline',
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, async ({ path }) => {
      const text = encode(await readFile(path));
      // A pure call, so that a bundler drops the bytes of every module whose functions an app does not import.
      const contents = `import { decode } from ${JSON.stringify(DECODER)};
export default /* @__PURE__ */ decode(${JSON.stringify(text)});
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
  esbuildPlugins: [wasmInline],
  // Keep the inlined modules' characters U+0080–U+00FF as UTF-8 rather than \xNN escapes (ES modules are
  // always decoded as UTF-8), which gzip takes better.
  esbuildOptions(options) {
    options.charset = 'utf8';
  },
});
