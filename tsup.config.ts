import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2020',
  // 'neutral' so that the inlined wasm bytes are decoded without Buffer and nothing imports fs:
  // the same bundle works in Node, browsers, workers and bundlers with no configuration.
  platform: 'neutral',
  loader: { '.wasm': 'binary' },
});
