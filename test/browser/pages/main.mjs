// Main thread: the whole suite on both backends, plus what only a page can check.
import * as lib from '../../../dist/index.js';
import { run } from '../suite.mjs';
import { publish } from './publish.mjs';

const extra = [
  {
    id: 'auto · browser: the automatic backend is wasm (Chromium validates SIMD), and init() resolves to it',
    backend: 'auto',
    async run() {
      if (lib.getBackend() !== 'wasm') throw new Error(`getBackend() is ${lib.getBackend()}`);
      const b = await lib.init();
      if (b !== 'wasm') throw new Error(`init() resolved to ${b}`);
    },
  },
  {
    id: 'auto · browser: where the engine has relaxed SIMD (Chromium; not Firefox 140 ESR), backendInfo() reports the relaxed kernels in use, and relaxedSimd: false turns them off; elsewhere it reports the plain ones',
    backend: 'auto',
    run() {
      const on = lib.backendInfo();
      if (!WebAssembly.validate(lib._pool.relaxedBytes)) {
        if (/Chrome\//.test(navigator.userAgent)) throw new Error('Chromium does not validate the relaxed-SIMD modules');
        if (on.backend !== 'wasm' || on.relaxedSimd !== false) throw new Error(`no relaxed SIMD here, yet backendInfo() is ${JSON.stringify(on)}`);
        return;
      }
      if (on.backend !== 'wasm' || on.relaxedSimd !== true) throw new Error(`backendInfo() is ${JSON.stringify(on)}`);
      const x = new Float32Array(4096).map((_, i) => -10 + i / 200);
      const fused = lib.sigmoid(x);
      lib.setBackend('auto', { relaxedSimd: false });
      try {
        const off = lib.backendInfo();
        if (off.backend !== 'wasm' || off.relaxedSimd !== false) throw new Error(`after relaxedSimd: false, backendInfo() is ${JSON.stringify(off)}`);
        const plain = lib.sigmoid(x);
        // On an x64 CPU with FMA3 (this machine), relaxed_madd is fused: the two differ somewhere.
        if (plain.every((v, i) => v === fused[i])) throw new Error('the relaxed and plain kernels gave the same bits on 4096 inputs: relaxed kernels not in use?');
      } finally {
        lib.setBackend('auto', { relaxedSimd: true });
      }
    },
  },
  {
    id: 'auto · browser: arrays made in another realm (an iframe) are accepted and typed as theirs',
    backend: 'auto',
    async run() {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      try {
        const Foreign = frame.contentWindow.Float32Array;
        const x = new Foreign([0, -100]);
        if (x instanceof Float32Array) throw new Error('the iframe shares our Float32Array: not another realm');
        const y = lib.sigmoid(x);
        if (y[0] !== 0.5 || y[1] !== Math.fround(3.783505853677006e-44)) throw new Error(`sigmoid gave ${Array.from(y)}`);
        const out = new Foreign(2);
        if (lib.sigmoid(x, { out }) !== out) throw new Error('out from another realm is not returned');
      } finally {
        frame.remove();
      }
    },
  },
];

publish(() => run(lib, ['wasm', 'js'], extra));
