// Our package, through its public API exactly as a user calls it, from the built dist/.

/** @param env the environment adapter (env-node.mjs, env-page.mjs), which imports the module */
export async function loadOurs(env, modulePath) {
  const { lib, module, version } = await env.importOurs(modulePath);
  // Compile the wasm module up front (init() is the async path; setBackend may be sync or async),
  // so no row pays for instantiation inside its timings.
  if (typeof lib.init === 'function') await lib.init();
  if (typeof lib.setBackend === 'function') await lib.setBackend('wasm');
  const backend = typeof lib.getBackend === 'function' ? lib.getBackend() : 'unknown';
  if (backend !== 'wasm' && backend !== 'unknown') throw new Error(`our wasm backend is not active (${backend})`);
  // Whether the f32 exp-based kernels run from the relaxed-SIMD side module (Node 22+, or Node 20 with
  // --experimental-wasm-relaxed-simd): a run with it is not comparable with one without.
  const relaxedSimd = typeof lib.backendInfo === 'function' ? lib.backendInfo().relaxedSimd : false;
  return { lib, info: { module, version, backend, relaxedSimd } };
}

/**
 * Our rows for one entry.
 *  - "ours":           fn(x, opts): returns a fresh array, as a peer's e2e does; the 1.00 baseline.
 *  - "ours (out)":     fn(x, {out}) into a preallocated array: what the `out` option saves.
 *  - "ours zero-copy": input and output already in wasm memory via allocate(); only the kernel and
 *                      the call's argument checks are timed.
 *  - "ours js":        the pure-JS backend, same API.
 */
export function oursRows({ lib }, entry, x, options) {
  const fn = lib[entry.fn];
  const n = x.length;
  const rows = [];
  let last;

  rows.push({
    impl: 'ours',
    run() {
      last = fn(x, options);
    },
    result() {
      this.run();
      return last;
    },
  });

  const out = new Float32Array(n);
  // Built once, as a caller reusing an output buffer would, so no per-call object literal is timed.
  const outOptions = { ...options, out };
  rows.push({
    impl: 'ours (out)',
    run() {
      fn(x, outOptions);
    },
    result() {
      out.fill(NaN);
      this.run();
      return out;
    },
  });

  if (typeof lib.allocate === 'function') {
    let bufIn;
    let bufOut;
    const zcOptions = { ...options, out: undefined };
    // A separate output buffer keeps the input intact across iterations without an untimed re-copy.
    // .array is read on every call because growing wasm memory may replace the views.
    rows.push({
      impl: 'ours zero-copy',
      setup() {
        bufIn = lib.allocate(n, Float32Array);
        bufOut = lib.allocate(n, Float32Array);
        bufIn.array.set(x);
      },
      run() {
        zcOptions.out = bufOut.array;
        fn(bufIn.array, zcOptions);
      },
      result() {
        bufOut.array.fill(NaN);
        this.run();
        return bufOut.array;
      },
      teardown() {
        bufOut.free();
        bufIn.free();
      },
    });
  }

  if (typeof lib.setBackend === 'function') {
    rows.push({
      impl: 'ours js',
      async setup() {
        await lib.setBackend('js');
      },
      run() {
        last = fn(x, options);
      },
      result() {
        this.run();
        return last;
      },
      async teardown() {
        await lib.setBackend('wasm');
      },
    });
  }
  return rows;
}
