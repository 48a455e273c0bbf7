// The built modules keep no non-zero v128.const inside a loop: V8's Turboshaft (V8 13.6+: Node 24,
// Node 26, current Chromium) rebuilds such a constant at each use, three instructions a time, which
// halved the exp-based kernels' speed there (docs/kernels.md, "Constants and Turboshaft").
// scripts/hoist-constants.mjs moves them out as part of the build; this fails if a build skips it or
// a new kind of loop escapes it. It reads the .wat the build writes beside each .wasm, and checks that
// the two agree, so that the text checked is the code that ships.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ZERO = 'v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000';

/**
 * For each function of a .wat (Binaryen's stack form), the non-zero v128.const inside its loops, and,
 * with `helpers`, anywhere in a function that has no loop (a helper that V8 may inline into a loop).
 */
export function constantsInLoops(wat: string, helpers = false): Map<string, number> {
  const found = new Map<string, number>();
  for (const body of wat.split('\n (func ').slice(1)) {
    const name = body.slice(0, body.indexOf(' '));
    const loopless = !/^\s+loop\b/m.test(body);
    let depth = 0; // nesting of loop blocks, tracked through every block kind's `end`
    const kinds: string[] = [];
    for (const line of body.split('\n')) {
      const t = line.trim();
      const op = t.split(/[\s(]/, 1)[0];
      if (op === 'block' || op === 'loop' || op === 'if' || op === 'try' || op === 'try_table') {
        kinds.push(op);
        if (op === 'loop') depth++;
      } else if (op === 'end') {
        if (kinds.pop() === 'loop') depth--;
      } else if ((depth > 0 || (helpers && loopless)) && op === 'v128.const' && t !== ZERO) {
        found.set(name, (found.get(name) ?? 0) + 1);
      }
    }
  }
  return found;
}

describe.each(['activations', 'activations-relaxed', 'activations-fused'])('build/%s', (name) => {
  const wat = readFileSync(path.join(REPO, 'build', `${name}.wat`), 'utf8');

  it('has no non-zero v128.const inside a loop of any function, nor in a function without a loop', () => {
    expect(Object.fromEntries(constantsInLoops(wat, true))).toEqual({});
  });

  it('has kernels with loops at all (the check reads real code)', () => {
    expect(wat.match(/^\s+loop\b/gm)?.length ?? 0).toBeGreaterThan(name === 'activations-relaxed' ? 20 : 100);
    expect(wat).toMatch(/local\.get \$k\d+/);
  });

  it('the .wasm is the .wat assembled, byte for byte', async () => {
    const bytes = readFileSync(path.join(REPO, 'build', `${name}.wasm`));
    const hoisted = (wat.match(/local\.get \$k\d+/g) ?? []).length;
    const { default: binaryen } = await import('binaryen');
    const again = binaryen.parseText(wat);
    again.setFeatures(binaryen.Features.All);
    expect(Buffer.from(again.emitBinary()).equals(bytes), `build/${name}.wasm is not build/${name}.wat assembled (${hoisted} hoisted constants in the text)`).toBe(true);
    again.dispose();
  });
});

// scripts/schedule-loops.mjs interleaves the vectors of each loop body (Turboshaft keeps the wasm order;
// chain after chain, the exp-based kernels ran 1.1-1.3x slower on V8 13.6 than on 12.4). It only
// reorders values that do not depend on each other, so every export must give the same bits as the
// module before that step (kept as NAME.unscheduled.wasm): scripts/kernel-hash.mjs hashes every export
// of both on the same inputs (three parameter sets, every axis layout, the relaxed module on the main
// module's memory).
describe('the loop scheduling (scripts/schedule-loops.mjs)', () => {
  const hashes = (main: string, relaxed: string) => {
    const flags = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', '0']).status === 0 ? ['--experimental-wasm-relaxed-simd'] : [];
    const r = spawnSync(process.execPath, [...flags, path.join(REPO, 'scripts/kernel-hash.mjs'), main, relaxed], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it('changes no bit of any export of either module', () => {
    const b = (f: string) => path.join(REPO, 'build', f);
    const before = hashes(b('activations.unscheduled.wasm'), b('activations-relaxed.unscheduled.wasm'));
    const after = hashes(b('activations.wasm'), b('activations-relaxed.wasm'));
    expect(Object.keys(after).length).toBeGreaterThan(100);
    expect(after).toEqual(before);
  }, 120_000);

  it('interleaves the four vectors of a kernel loop: sigmoid_f32 loads all four before its first division', () => {
    const wat = readFileSync(path.join(REPO, 'build', 'activations.wat'), 'utf8');
    const body = wat.split('\n (func ').find((f) => f.startsWith('$assembly/kernels/sigmoid/sigmoid_f32 '))!;
    const loop = body.slice(body.indexOf('loop'));
    const firstDiv = loop.indexOf('f32x4.div');
    const loads = [...loop.matchAll(/v128\.load offset=(16|32|48)\b/g)].map((m) => m.index!);
    expect(loads.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...loads.slice(0, 3))).toBeLessThan(firstDiv);
  });
});
