// An engine without WebAssembly SIMD (no-simd.js patched WebAssembly.validate first): the bundle must
// choose the js backend by itself and pass the same checks.
import * as lib from '../../../dist/index.js';
import { run } from '../suite.mjs';
import { publish } from './publish.mjs';

// The smallest valid module (MVP), and one whose only function has a v128 local.
const MVP = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const SIMD = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 6, 1, 4, 1, 1, 123, 11]);

const extra = [
  {
    id: 'auto · no SIMD: the patched validate refuses SIMD modules only',
    backend: 'auto',
    run() {
      if (!WebAssembly.validate(MVP)) throw new Error('an MVP module is refused: the patch refuses everything');
      if (WebAssembly.validate(SIMD)) throw new Error('a module with a v128 local is accepted');
    },
  },
  {
    id: 'auto · no SIMD: js is chosen automatically, init() resolves to js, wasm cannot be pinned',
    backend: 'auto',
    async run() {
      if (lib.getBackend() !== 'js') throw new Error(`getBackend() is ${lib.getBackend()}`);
      const info = lib.backendInfo();
      if (info.backend !== 'js' || info.relaxedSimd !== false) throw new Error(`backendInfo() is ${JSON.stringify(info)}`);
      if ((await lib.init()) !== 'js') throw new Error('init() did not resolve to js');
      let message = '';
      try {
        lib.setBackend('wasm');
      } catch (e) {
        message = e.message;
      }
      if (!/does not validate WebAssembly SIMD/.test(message)) throw new Error(`setBackend('wasm') gave: ${message || 'no error'}`);
      const y = lib.sigmoid(new Float32Array([0, -100, NaN]));
      if (y[0] !== 0.5 || y[1] !== Math.fround(3.783505853677006e-44) || !Number.isNaN(y[2])) throw new Error(`sigmoid gave ${Array.from(y)}`);
    },
  },
];

publish(() => run(lib, ['js'], extra));
