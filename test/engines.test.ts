// The package beyond V8-in-Node: Bun (JavaScriptCore), Deno (V8 15) and Firefox ESR (SpiderMonkey) each
// run test/browser/suite.mjs, the registry-driven checks (accuracy against the references on both
// backends, special values, call shapes, bad input), and each engine must pass every check. The main
// module's f32 kernels are plain IEEE arithmetic, so every engine must compute them bit for bit as Node
// does. The engines come from `node scripts/runtimes.mjs --engines` (.ci/run installs them); a machine
// without them fails here, saying so, rather than skip.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { engines } from '../scripts/runtimes.mjs';
import { PLAIN, checks, fingerprint } from './browser/suite.mjs';
import { serveRepo } from './browser/harness';
import { FULL } from './support/inputs';

interface Results {
  results: { id: string; ok: boolean; error?: string }[];
  backend: string;
  info: { backend: string; relaxedSimd: boolean };
  fingerprints: Record<string, Record<string, string>>;
  runtime: string;
}

const run = promisify(execFile);
const installed = new Map(engines().map((e: { name: string }) => [e.name, e]));
const need = (name: string) => {
  const e = installed.get(name);
  if (!e) throw new Error(`${name} is not installed: run \`node scripts/runtimes.mjs --engines\` (it installs Bun and Deno from npm and Firefox ESR from Debian)`);
  return e as { name: string; bin: string; args: string[] };
};

const got: Record<string, Results | Error> = {};
let server: Awaited<ReturnType<typeof serveRepo>> | undefined;

beforeAll(async () => {
  const servers = ['bun', 'deno'].map(async (name) => {
    try {
      const e = need(name);
      const { stdout } = await run(e.bin, [...e.args, 'test/engines/entry.mjs'], { maxBuffer: 1 << 26, timeout: 240_000 });
      got[name] = JSON.parse(stdout.trim().split('\n').pop()!);
    } catch (err) {
      got[name] = err as Error;
    }
  });
  const firefox = (async () => {
    try {
      const e = need('firefox');
      server = await serveRepo();
      const { launch } = await import('../bench/runtimes/browsers.mjs');
      const b = await launch('firefox', e.bin);
      try {
        // ?full=1 under FULL (Bun and Deno inherit FULL from the environment): test/browser/suite.mjs
        got.firefox = await b.results(`${server.url}test/browser/pages/main.html${FULL ? '?full=1' : ''}`);
      } finally {
        await b.close();
      }
    } catch (err) {
      got.firefox = err as Error;
    }
  })();
  await Promise.all([...servers, firefox]);
}, 300_000);

afterAll(async () => {
  await server?.close();
});

const expected = checks(lib, ['wasm', 'js']).length;
lib.setBackend('wasm', { relaxedSimd: false });
const nodePlain = fingerprint(lib) as Record<string, string>;
lib.setBackend('auto', { relaxedSimd: true });
const f32 = (print: Record<string, string>) => Object.fromEntries(Object.entries(print).filter(([k]) => k.endsWith(' f32')));

describe.each(['bun', 'deno', 'firefox'])('%s', (name) => {
  const results = () => {
    const r = got[name];
    if (r instanceof Error || !r) throw r ?? new Error(`${name} gave no results`);
    return r;
  };

  it('passes every registry-driven check on both backends', () => {
    const r = results();
    // (the page, test/browser/pages/main.html, adds a few checks of its own to the registry's)
    expect(r.results.length, r.runtime).toBeGreaterThanOrEqual(expected);
    expect(r.results.filter((c) => !c.ok).map((c) => `${c.id}: ${c.error}`)).toEqual([]);
    expect(r.backend).toBe('wasm');
  });

  it('computes the main module’s f32 kernels bit for bit as Node does (relaxedSimd: false)', () => {
    expect(f32(results().fingerprints[PLAIN]!)).toEqual(f32(nodePlain));
  });
});
