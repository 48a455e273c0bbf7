// What bench:peers needs from its environment, in a browser page served from the repository root
// (bench/peers/chromium.mjs): the clock, where the peers' .wasm files are served, the packages'
// versions, and our build. env-node.mjs is the same in Node.

import { timerTick } from '../runtimes/measure.mjs';

const served = (urlPath) => new URL(urlPath, location.href).href;
const NODE_MODULES = '/node_modules/';

async function fetchJson(urlPath) {
  const res = await fetch(served(urlPath));
  if (!res.ok) throw new Error(`${urlPath}: HTTP ${res.status}`);
  return res.json();
}

export function pageEnv() {
  // Chromium's performance.now() moves in steps of 100 µs, 5 µs when cross-origin isolated.
  const tick = timerTick();
  // Chromium exposes gc() to the page when started with --js-flags=--expose-gc (chromium.mjs does).
  const gc = typeof globalThis.gc === 'function' ? globalThis.gc : null;
  return {
    // Samples of at least 100 ticks: the clock's rounding then moves a sample by 1% at most.
    clock: { gc: gc ?? (() => {}), minSampleMs: 100 * tick },
    info: { timerResolutionMs: tick, crossOriginIsolated: globalThis.crossOriginIsolated === true, gc: Boolean(gc) },
    tfjsWasmPaths: () => served(`${NODE_MODULES}@tensorflow/tfjs-backend-wasm/dist/`),
    // The wasm-only build, with the same ort-wasm-simd-threaded.wasm as in Node. The package's main
    // export would load ort-wasm-simd-threaded.jsep.wasm, the build that also carries the WebGPU and
    // WebNN providers (tried at 1e6: no difference above this machine's noise).
    importOrt: () => import('onnxruntime-web/wasm'),
    ortBinary: 'ort-wasm-simd-threaded.wasm',
    ortWasmPaths: () => served(`${NODE_MODULES}onnxruntime-web/dist/`),
    version: async (name) => (await fetchJson(`${NODE_MODULES}${name}/package.json`)).version,

    /** Our build, imported unbundled as an ES module, the way a page loads it from a CDN or a server. */
    async importOurs(urlPath) {
      const lib = await import(served(urlPath));
      let version = 'unknown';
      try {
        version = (await fetchJson(new URL('../package.json', served(urlPath)).pathname)).version;
      } catch {}
      return { lib, module: urlPath, version };
    },
  };
}
