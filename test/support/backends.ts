// Every suite runs once per backend: the fallback is a first-class backend, held to the same bounds.
import { setBackend } from '../../dist/index.js';
import { beforeEach } from 'vitest';

// The relaxed-SIMD projects (vitest.config.ts) run the wasm halves only: relaxed SIMD changes nothing
// on the js backend, which the plain project tests.
export const BACKENDS: readonly ('wasm' | 'js')[] = process.env.EXPECT_RELAXED_SIMD ? ['wasm'] : ['wasm', 'js'];

/** Call inside a describe block: pins the backend for each of its tests. */
export function useBackend(name: 'wasm' | 'js'): void {
  beforeEach(() => setBackend(name));
}
