// Every suite runs once per backend: the fallback is a first-class backend, held to the same bounds.
import { readFileSync } from 'node:fs';
import { setBackend } from '../../dist/index.js';
import { beforeEach, describe, it } from 'vitest';
import { readSections } from './wasm-sections.mjs';

/** The relaxed project of vitest.config.ts (relaxed SIMD on: the side module's kernels in use), not the node one. */
export const RELAXED_PROJECT = process.env.EXPECT_RELAXED_SIMD !== undefined;

// The relaxed-SIMD projects (vitest.config.ts) run the wasm halves only: relaxed SIMD changes nothing
// on the js backend, which the plain project tests.
export const BACKENDS: readonly ('wasm' | 'js')[] = RELAXED_PROJECT ? ['wasm'] : ['wasm', 'js'];

/** The kernels the relaxed-SIMD side module exports (read from the build, so never out of date). */
const SIDE_KERNELS: ReadonlySet<string> = new Set(
  readSections(readFileSync(new URL('../../build/activations-relaxed.wasm', import.meta.url))).exports.map((e: { name: string }) => e.name),
);

/**
 * Whether tests of the wasm kernel exported as `kernel` (e.g. 'sigmoid_f32', 'softmax_rows_f64') are
 * registered in this project. In the relaxed project, a wasm call runs the side module's kernel where
 * it has one and the main module's otherwise (src/backends/relaxed.ts): the main module's kernels
 * compute there what they compute in the node project, which tests them all, so the relaxed project
 * registers only the tests that reach a side-module kernel (f32 only: it has no f64 kernel). Tests of
 * the references themselves, or of nothing a kernel computes, run in the node project only.
 */
export function testedHere(kernel: string): boolean {
  return !RELAXED_PROJECT || SIDE_KERNELS.has(kernel);
}

/**
 * `it` where `registered` holds; elsewhere a stand-in that registers nothing, not even a skipped test
 * (for a test that does not apply in this project: say why where it is used, e.g. with testedHere).
 */
export function itIf(registered: boolean): typeof it {
  if (registered) return it;
  const none = () => {};
  return Object.assign(none, { each: () => none }) as unknown as typeof it;
}

/** `describe` where `registered` holds; elsewhere a stand-in that registers nothing (see itIf). */
export function describeIf(registered: boolean): typeof describe {
  if (registered) return describe;
  const none = () => {};
  return Object.assign(none, { each: () => none }) as unknown as typeof describe;
}

/** Call inside a describe block: pins the backend for each of its tests. */
export function useBackend(name: 'wasm' | 'js'): void {
  beforeEach(() => setBackend(name));
}
