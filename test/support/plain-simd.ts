// Setup of the `node` project (vitest.config.ts): the main module's plain-SIMD kernels, on every
// runtime. Node 22+ has relaxed SIMD by default, and the package would then run its f32 exp-based
// kernels from the relaxed side module; this turns that off, as a user would, so that the plain kernels
// are tested there too. The relaxed-* projects test the side module.
import { setBackend } from '../../dist/index.js';

setBackend('auto', { relaxedSimd: false });
