// onnxruntime-web on its wasm execution provider, one thread, running one-operator models that
// onnx-model.mjs builds in memory.

import { buildModel, singleOpModel } from './onnx-model.mjs';

// Opset 20 is the first with Gelu; every other op used here is older.
const OPSET = 20;

/** @param env the environment adapter (env-node.mjs, env-page.mjs): where the .wasm files are */
export async function initOrt(env) {
  const ort = await env.importOrt();
  // Pointing wasmPaths at the package's dist/ explicitly keeps the files loaded the same whether the
  // import is bundled (as in the page) or not.
  ort.env.wasm.wasmPaths = env.ortWasmPaths();
  // One thread: the same terms as our kernels (and no worker startup inside the timings). In a page
  // that is not cross-origin isolated onnxruntime could not start more anyway.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  return { ort, info: { version: ort.env.versions.web, numThreads: 1, binary: env.ortBinary } };
}

function modelFor(spec, dims) {
  if (spec.nodes) {
    return buildModel({ nodes: spec.nodes, initializers: spec.initializers, dims, opset: OPSET });
  }
  return singleOpModel(spec.op, dims, { attrs: spec.attrs, constants: spec.constants, opset: OPSET });
}

/**
 * The ort row for one entry: session.run end to end, which is the only way to run a model: the
 * input Tensor wraps our Float32Array without a copy, run copies it into the wasm heap, runs the
 * kernel and copies the output back into a fresh Float32Array that `.data` returns.
 */
export async function ortRows({ ort }, entry, x, dims) {
  const spec = entry.onnx;
  if (!spec) return { rows: [], skipped: 'no ONNX equivalent' };
  let session;
  try {
    session = await ort.InferenceSession.create(modelFor(spec, dims), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    return { rows: [], skipped: `ort: ${String(err.message ?? err).split('\n')[0]}` };
  }
  let last;
  const row = {
    impl: 'ort e2e',
    note: spec.note,
    async: true,
    async run() {
      const { y } = await session.run({ x: new ort.Tensor('float32', x, dims) });
      last = y.data;
    },
    async result() {
      await this.run();
      return last;
    },
    async teardown() {
      await session.release();
    },
  };
  return { rows: [row] };
}
