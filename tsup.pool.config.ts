import { build as esbuild, type Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// wasm-activations/pool (dist/pool.js, dist/pool.cjs): built after the main bundle, which it imports
// rather than containing: one copy of the modules' bytes, and one state (setBackend's choice) for the
// synchronous API and the pool. Its imports of src/index.ts stay external here, as '../index', and
// scripts/pool-links.mjs points them at ./index.js, ./index.cjs (and their .d.ts) once both are built.

/**
 * `import source from 'pool-worker-source'`: the worker (src/pool/worker.ts) bundled into one minified
 * script, as a string. It needs no module bytes (the pool sends it the compiled modules): .wasm
 * imports are empty there.
 */
const workerSource: Plugin = {
  name: 'pool-worker-source',
  setup(build) {
    build.onResolve({ filter: /^pool-worker-source$/ }, () => ({ path: 'pool-worker-source', namespace: 'pool-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'pool-worker' }, async () => {
      const r = await esbuild({
        entryPoints: ['src/pool/worker.ts'],
        bundle: true,
        write: false,
        format: 'esm', // no import or export in it: a script in either goal (a Blob module worker, Node's eval)
        platform: 'neutral',
        target: 'es2020',
        minify: true,
        charset: 'utf8',
        external: ['node:*'],
        plugins: [{ name: 'no-wasm', setup: (b) => b.onLoad({ filter: /\.wasm$/ }, () => ({ contents: 'export default new Uint8Array(0)', loader: 'js' })) }],
      });
      return { contents: `export default ${JSON.stringify(r.outputFiles[0]!.text)};`, loader: 'js' };
    });
  },
};

export default defineConfig({
  entry: { pool: 'src/pool/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: false,
  sourcemap: false,
  target: 'es2020',
  platform: 'neutral',
  external: ['../index'],
  esbuildPlugins: [workerSource],
  esbuildOptions(options) {
    options.charset = 'utf8';
  },
});
