// What bench:peers needs from its environment, in Node: the clock (gc, timer resolution), where the
// peers' .wasm files are, the packages' versions, and our build. env-page.mjs is the same in a page.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const require = createRequire(import.meta.url);

// The package script runs plain `node`, so expose gc at runtime rather than with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const distOf = (file) => path.dirname(require.resolve(file)) + path.sep;

export const nodeEnv = {
  // performance.now() in Node has sub-microsecond resolution: samples need no minimum length.
  clock: { gc, minSampleMs: 0 },
  // The packages resolve their .wasm next to their own dist/ by default; saying so explicitly
  // documents which files are loaded and survives bundlers rewriting __dirname.
  tfjsWasmPaths: () => distOf('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  // The package's "node" export, which loads ort-wasm-simd-threaded.{mjs,wasm} from its dist/.
  importOrt: () => import('onnxruntime-web'),
  ortBinary: 'ort-wasm-simd-threaded.wasm',
  ortWasmPaths: () => pathToFileURL(distOf('onnxruntime-web/ort-wasm-simd-threaded.wasm')).href,
  version: (name) => require(`${name}/package.json`).version,

  /** Our build: the module at modulePath, its name relative to the working directory, and its version. */
  async importOurs(modulePath) {
    const abs = path.resolve(modulePath);
    if (!existsSync(abs)) {
      throw new Error(`${modulePath} does not exist: run \`npm run build\` first (or pass --lib <module>)`);
    }
    const lib = await import(pathToFileURL(abs).href);
    let version = 'unknown';
    try {
      version = JSON.parse(readFileSync(path.join(path.dirname(abs), '..', 'package.json'), 'utf8')).version;
    } catch {}
    return { lib, module: path.relative(process.cwd(), abs), version };
  },
};
