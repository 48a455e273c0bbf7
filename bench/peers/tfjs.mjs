// TensorFlow.js on its WebAssembly backend (XNNPACK kernels where tf.js uses them), single
// threaded SIMD build, so it competes on the same terms as our single-threaded SIMD kernels.

/** @param env the environment adapter (env-node.mjs, env-page.mjs): where the .wasm files are, versions */
export async function initTfjs(env) {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(env.tfjsWasmPaths());
  // Node 20 (and a cross-origin isolated page) has SharedArrayBuffer, so tf.js would pick the
  // threaded build; our kernels are single threaded and the machine has 2 cores, so compare like
  // with like.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return {
    tf,
    info: {
      core: await env.version('@tensorflow/tfjs-core'),
      backendWasm: await env.version('@tensorflow/tfjs-backend-wasm'),
      simd,
      threads: wasm.getThreadsCount(),
      binary: simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm',
    },
  };
}

/**
 * Benchmark rows for one entry. "e2e" is what a caller holding a Float32Array pays: tensor from the
 * array (copied into the wasm heap), op, dataSync (copied out), dispose. "op" is the kernel alone on
 * a tensor already in the heap: the wasm backend runs kernels synchronously inside the op call, so
 * the timing ends when the op returns, and includes the output allocation and its dispose, but no
 * copy in or out.
 */
export function tfjsRows({ tf }, entry, x, dims) {
  const spec = entry.tfjs;
  if (!spec) return { rows: [], skipped: 'no tf.js equivalent' };
  const make = (data) => tf.tensor(data, dims, 'float32');
  // Composite ops create intermediates that only tidy frees; single ops skip tidy's bookkeeping.
  const apply = spec.composite ? (t) => tf.tidy(() => spec.op(tf, t)) : (t) => spec.op(tf, t);

  try {
    // Probe on a tiny tensor: an op whose kernel the wasm backend lacks throws here, not mid-run.
    const probeDims = dims.length === 2 ? [1, dims[1]] : [4];
    tf.tidy(() => spec.op(tf, tf.zeros(probeDims)).dataSync());
  } catch (err) {
    return { rows: [], skipped: `tf.js: ${err.message.split('\n')[0]}` };
  }

  let last;
  const e2e = {
    impl: 'tfjs e2e',
    note: spec.note,
    run() {
      const t = make(x);
      const y = apply(t);
      last = y.dataSync();
      t.dispose();
      y.dispose();
    },
    result() {
      this.run();
      return last;
    },
  };

  let input;
  const opAlone = {
    impl: 'tfjs op',
    note: spec.note,
    setup() {
      input = make(x);
    },
    run() {
      apply(input).dispose();
    },
    result() {
      const y = apply(input);
      const data = y.dataSync();
      y.dispose();
      return data;
    },
    teardown() {
      input.dispose();
    },
  };
  return { rows: [e2e, opAlone] };
}
