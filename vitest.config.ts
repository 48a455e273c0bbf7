import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The node suites run twice, on whichever Node runs vitest (.ci/run runs it on Node 20, 22, 24 and 26):
//   node     the main module's plain-SIMD kernels (test/support/plain-simd.ts turns the relaxed-SIMD
//            side module off with setBackend(…, { relaxedSimd: false }) where the runtime has it);
//   relaxed  the side module's f32 kernels, relaxed_madd fused (vfmadd: this machine has FMA3).
// test/relaxed.test.ts asserts in each project that the module it names is the one in use
// (EXPECT_RELAXED_SIMD), so that neither silently tests the other's kernels. Where an engine does not
// fuse relaxed_madd the package does not use the side module at all; test/relaxed.test.ts checks that
// with V8's --no-enable-fma3. The browser and bundler suites, the other engines' (Bun, Deno, Firefox)
// and the checks of the package itself (hygiene, docs, the built modules' loops) run once.
//
// Node 20 (V8 11.3) has relaxed SIMD only behind --experimental-wasm-relaxed-simd; Node 22+ has it by
// default and refuses that flag ("bad option"), and a vitest worker that cannot start makes vitest wait
// forever. So the flags are tried on this very runtime first: the flag is passed only where it is
// needed and accepted, and a flag the runtime refuses stops the run here, with the reason.
const ONCE = ['test/browser/**', 'test/inline-bytes.test.ts', 'test/unfuse.test.ts', 'test/structure.test.ts', 'test/oracles.test.ts', 'test/bundlers/**', 'test/hygiene.test.ts', 'test/docs.test.ts', 'test/wasm-loops.test.ts', 'test/engines.test.ts'];

/** The runtime's complaint about these flags, or undefined if a process starts with them. */
function refused(flags: string[]): string | undefined {
  const r = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : (r.stderr || r.stdout || `exit ${r.status}`).trim();
}

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const relaxedFlags = refused([RELAXED_FLAG]) === undefined ? [RELAXED_FLAG] : [];

function relaxed(name: string, execArgv: string[]) {
  const complaint = refused(execArgv);
  if (complaint) throw new Error(`vitest project ${name}: node ${process.version} refuses ${execArgv.join(' ')}: ${complaint}`);
  return {
    extends: true as const,
    test: { name, include: ['test/**/*.test.ts'], exclude: ONCE, execArgv, env: { EXPECT_RELAXED_SIMD: name } },
  };
}

/** Tests that import src/ directly see its .wasm imports as the bundle does: the module's bytes. */
const wasmBytes = {
  name: 'wasm-bytes',
  enforce: 'pre' as const,
  load(id: string) {
    if (!id.endsWith('.wasm')) return undefined;
    return `export default Uint8Array.from(atob(${JSON.stringify(readFileSync(id).toString('base64'))}), (c) => c.charCodeAt(0));`;
  },
};

export default defineConfig({
  plugins: [wasmBytes],
  test: {
    // The accuracy sweeps are CPU-bound: one file per worker, as many workers as cores (vitest's own
    // default is one fewer: a single worker on a 2-core machine, which ran the files one by one).
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], setupFiles: ['test/support/plain-simd.ts'] } },
      relaxed('relaxed', relaxedFlags),
    ],
  },
});
