// Inside a module worker: the whole suite on both backends; synchronous compilation is allowed here.
import * as lib from '../../../dist/index.js';
import { run } from '../suite.mjs';

const extra = [
  {
    id: 'auto · worker: runs in a WorkerGlobalScope, the automatic backend is wasm, init() resolves to it',
    backend: 'auto',
    async run() {
      if (typeof WorkerGlobalScope === 'undefined' || !(self instanceof WorkerGlobalScope)) throw new Error('not in a worker');
      if (lib.getBackend() !== 'wasm') throw new Error(`getBackend() is ${lib.getBackend()}`);
      if ((await lib.init()) !== 'wasm') throw new Error('init() did not resolve to wasm');
    },
  },
];

try {
  const result = await run(lib, ['wasm', 'js'], extra);
  const wasmResources = performance.getEntriesByType('resource').map((r) => r.name).filter((u) => /\.wasm(\?|$)/.test(u));
  postMessage({ ...result, userAgent: navigator.userAgent, wasmResources });
} catch (e) {
  postMessage({ failure: String((e && e.stack) || e) });
}
