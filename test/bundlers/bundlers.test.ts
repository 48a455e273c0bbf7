// Zero-configuration bundling: the packed tarball (npm pack) installed offline into a temporary copy
// of each consumer fixture (fixtures/), built by Vite 7, esbuild and webpack 5 with their defaults,
// then run in Chromium, served with a strict Content-Security-Policy, and in Node where the output
// can run there. The module must come inlined: no .wasm file emitted or fetched, and no Buffer, eval,
// new Function or require( in what the bundlers emit. The same for wasm-activations/pool (fixtures/pool-*),
// whose pages run in Chromium with and without cross-origin isolation.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_BUDGETS } from '../../scripts/size.mjs';
import { backendInfo, getBackend, setBackend, sigmoid } from '../../dist/index.js';
import { ulp32 } from '../support/ulp.mjs';
import { serve } from '../../scripts/serve.mjs';
import { REPO, launch, watchedPage, type Browser, type Watched } from '../browser/harness';

const run = promisify(execFile);
const bin = (name: string) => path.join(REPO, 'node_modules', '.bin', name);

/** The strict policy a careful site sets: only its own scripts, and WebAssembly compilation. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

interface Fixture {
  /** The fixture's folder under fixtures/. */
  dir: string;
  /** Command and arguments, run in the fixture's copy. */
  build: [string, string[]];
  /** Folder served to Chromium, relative to the copy. */
  serve: string;
  /** Folder of the output whose .js files are checked, relative to the copy. */
  output: string;
  /** Whether the output is an ES module. */
  esm: boolean;
  /** An output script Node can run as is, printing the fixture's JSON result. */
  node?: string;
}

const FIXTURES: Record<string, Fixture> = {
  'Vite 7 (vite build)': { dir: 'vite', build: [bin('vite'), ['build']], serve: 'dist', output: 'dist/assets', esm: true },
  'esbuild (--bundle, default format)': {
    dir: 'esbuild',
    build: [bin('esbuild'), ['main.js', '--bundle', '--outfile=dist/main.js']],
    serve: '.',
    output: 'dist',
    esm: false,
    node: 'dist/main.js',
  },
  'webpack 5 (--mode production, default entry)': {
    dir: 'webpack',
    build: [bin('webpack'), ['--mode', 'production']],
    serve: '.',
    output: 'dist',
    esm: false,
    node: 'dist/main.js',
  },
};

/**
 * The bundle-size table (README, docs/deployment.md): Vite apps that import relu alone
 * (fixtures/vite-relu), sigmoid and two backend functions (fixtures/vite) and everything
 * (fixtures/vite-all); what each ships of the package, gzipped (scripts/size.mjs: APP_BUDGETS).
 */
const SIZE_FIXTURES: Record<string, Fixture> = {
  relu: { ...FIXTURES['Vite 7 (vite build)']!, dir: 'vite-relu' },
  all: { ...FIXTURES['Vite 7 (vite build)']!, dir: 'vite-all' },
};

/** The consumers of wasm-activations/pool (fixtures/pool-*): the same three bundlers, the same commands. */
const POOL_FIXTURES: Record<string, Fixture> = Object.fromEntries(
  Object.entries(FIXTURES).map(([name, f]) => [name, { ...f, dir: `pool-${f.dir}`, build: [f.build[0], [...f.build[1]]] }]),
);

/**
 * What the fixtures compute (fixtures/vite/main.js), here in Node from dist/ on a pinned backend: `hash`
 * as the call runs here (Node 20 has no relaxed SIMD without a flag; Node 22+ has), `plain` with the
 * relaxed kernels off.
 */
function expected(backend: 'wasm' | 'js') {
  const x = new Float32Array(4096);
  x.set([0, -100, 2, -2, NaN, 1000, -1000, 1e-7]);
  for (let i = 8; i < x.length; i++) x[i] = -10 + (20 * i) / x.length;
  // As the fixtures' fnv: NaNs hashed as the canonical NaN (sign and payload are not part of the contract).
  const fnv = (y: Float32Array) => {
    const bits = new Uint32Array(y.length);
    const raw = new Uint32Array(y.buffer, y.byteOffset, y.length);
    for (let i = 0; i < y.length; i++) bits[i] = y[i] !== y[i] ? 0x7fc00000 : raw[i]!;
    const bytes = new Uint8Array(bits.buffer);
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return (h >>> 0).toString(16);
  };
  setBackend(backend, { relaxedSimd: true }); // as the package comes (the plain project turns it off)
  const y = sigmoid(x);
  const { relaxedSimd, fusedMultiplyAdd } = backendInfo();
  setBackend(backend, { relaxedSimd: false });
  const plain = fnv(sigmoid(x));
  setBackend('auto', { relaxedSimd: true });
  return { backend, relaxedSimd, fusedMultiplyAdd, first: Array.from(y.subarray(0, 8), String), hash: fnv(y), plain };
}

interface Results {
  backend: string;
  relaxedSimd: boolean;
  fusedMultiplyAdd: boolean;
  first: string[];
  hash: string;
  plain: string;
}

/**
 * Chromium has relaxed SIMD: the bundle must have loaded the inlined side module too (relaxedSimd),
 * its sigmoid within the bound (2 ULP) of Node's on the eight known values, and with the relaxed
 * kernels off, Node's result bit for bit.
 */
function expectRelaxed(results: unknown): void {
  const r = results as Results;
  const want = expected('wasm');
  expect({ backend: r.backend, relaxedSimd: r.relaxedSimd, fusedMultiplyAdd: r.fusedMultiplyAdd, plain: r.plain }).toEqual({ backend: 'wasm', relaxedSimd: true, fusedMultiplyAdd: true, plain: want.plain });
  expect(r.first.length).toBe(8);
  for (let i = 0; i < 8; i++) expect(ulp32(Number(r.first[i]), Number(want.first[i])), `first[${i}]: ${r.first[i]} vs ${want.first[i]}`).toBeLessThanOrEqual(2);
}

let tmp = '';
let tarball = '';
let browser: Browser | undefined;
let setupError: unknown;
const built: Record<string, { dir: string; log: string; error?: unknown }> = {};

beforeAll(async () => {
  try {
    tmp = await mkdtemp(path.join(tmpdir(), 'wasm-activations-bundlers-'));
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: REPO });
    tarball = path.join(tmp, JSON.parse(stdout)[0].filename);
    await Promise.all(
      [
        ...Object.entries(FIXTURES),
        ...Object.entries(POOL_FIXTURES).map(([name, f]) => [`pool: ${name}`, f] as const),
        ...Object.entries(SIZE_FIXTURES).map(([name, f]) => [`size: ${name}`, f] as const),
      ].map(async ([name, f]) => {
        const dir = path.join(tmp, f.dir);
        built[name] = { dir, log: '' };
        try {
          await cp(path.join(REPO, 'fixtures', f.dir), dir, { recursive: true });
          await run('npm', ['install', '--no-save', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir });
          const out = await run(f.build[0], f.build[1], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
          built[name]!.log = out.stdout + out.stderr;
        } catch (e) {
          built[name]!.error = e;
        }
      }),
    );
    browser = await launch();
  } catch (e) {
    setupError = e;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function fixture(name: string) {
  if (setupError) throw setupError;
  const b = built[name]!;
  if (b.error) throw new Error(`${name} failed to build: ${String((b.error as Error).message)}\n${(b.error as { stdout?: string }).stdout ?? ''}${(b.error as { stderr?: string }).stderr ?? ''}`);
  return b;
}

async function outputFiles(dir: string, output: string): Promise<{ file: string; text: string }[]> {
  const at = path.join(dir, output);
  const files = (await readdir(at, { recursive: true })).map(String);
  return Promise.all(files.filter((f) => /\.(m?js|cjs)$/.test(f)).map(async (f) => ({ file: f, text: await readFile(path.join(at, f), 'utf8') })));
}

/** No Buffer, eval, new Function or require( in what a bundler emitted. */
function expectClean(files: { file: string; text: string }[]): void {
  for (const { file, text } of files) {
    expect(text.match(/(?<![\w$])Buffer\b/g), `${file}: Buffer`).toBeNull();
    expect(text.match(/(?<![\w$.])eval\s*\(/g), `${file}: eval(`).toBeNull();
    expect(text.match(/\bnew\s+Function\b/g), `${file}: new Function`).toBeNull();
    expect(text.match(/(?:\b|__)require\s*\(/g), `${file}: require( (or esbuild's __require shim)`).toBeNull();
  }
}

/** Serve `root` with a policy (and other headers), open index.html, and return what the page published and recorded. */
async function openUnder(root: string, csp: string, headers: Record<string, string> = {}) {
  const server = await serve({ root, headers: { 'Content-Security-Policy': csp, ...headers } });
  const w: Watched = await watchedPage(browser!.context);
  await w.page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`),
    );
  });
  try {
    await w.page.goto(server.url + 'index.html');
    await w.page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results, undefined, { timeout: 30_000 });
    const results = await w.page.evaluate(() => (window as unknown as { __results: unknown }).__results);
    const violations = await w.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    return { results, violations, errors: w.errors, requests: w.requests, served: server.requests.map((r) => r.path) };
  } finally {
    await w.page.close();
    await server.close();
  }
}

for (const [name, f] of Object.entries(FIXTURES)) {
  describe(name, () => {
    it('builds with its default configuration, emitting no .wasm file', async () => {
      const { dir } = fixture(name);
      const all = (await readdir(path.join(dir, 'dist'), { recursive: true })).map(String);
      expect(all.filter((p) => p.endsWith('.wasm'))).toEqual([]);
      expect(all.some((p) => /\.js$/.test(p))).toBe(true);
    });

    it(`its ${f.esm ? 'ESM' : 'script'} output has no Buffer, eval, new Function or require(`, async () => {
      const files = await outputFiles(fixture(name).dir, f.output);
      expect(files.length).toBeGreaterThan(0);
      expectClean(files);
    });

    it(`runs in Chromium under "${STRICT_CSP}": right results on wasm (both modules), no .wasm request, no violation, no console error`, async () => {
      const { dir } = fixture(name);
      const r = await openUnder(path.join(dir, f.serve), STRICT_CSP);
      expect(r.violations).toEqual([]);
      expect(r.errors).toEqual([]);
      expectRelaxed(r.results);
      expect(r.requests.filter((u) => /\.wasm(\?|$)/.test(u))).toEqual([]);
      expect(r.served.filter((p) => p.endsWith('.wasm'))).toEqual([]);
    });

    if (f.node) {
      it('its output runs in Node as is, with the same results', async () => {
        const { stdout } = await run(process.execPath, [path.join(fixture(name).dir, f.node!)]);
        expect(JSON.parse(stdout)).toEqual(expected('wasm'));
      });
    }
  });
}

describe('pay for what you import: what a Vite app ships of the package, gzipped (level 9)', () => {
  const shipped = async (name: string) => {
    const files = await outputFiles(fixture(name).dir, 'dist/assets');
    return files.reduce((n, f) => n + gzipSync(Buffer.from(f.text), { level: 9 }).length, 0);
  };
  const sizes: Record<string, number> = {};
  afterAll(() => console.log(`bundle sizes (Vite 7, gzip -9): ${JSON.stringify(sizes)}`));

  for (const [app, fixtureName, budget] of [
    ['relu', 'size: relu', APP_BUDGETS.relu],
    ['sigmoid', 'Vite 7 (vite build)', APP_BUDGETS.sigmoid],
    ['all', 'size: all', APP_BUDGETS.all],
  ] as const) {
    it(`an app importing ${app === 'all' ? 'everything' : `only ${app}`}: at most ${budget} B`, async () => {
      sizes[app] = await shipped(fixtureName);
      expect(sizes[app]).toBeLessThanOrEqual(budget);
    });
  }

  it('the apps run in Node as built, on wasm', async () => {
    for (const name of ['size: relu', 'size: all']) {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', await readFile(path.join(REPO, 'fixtures', SIZE_FIXTURES[name.slice(6)]!.dir, 'main.js'), 'utf8')], { cwd: fixture(name).dir });
      expect(JSON.parse(stdout), name).toBeTypeOf('object');
    }
    const relu = JSON.parse((await run(process.execPath, ['--input-type=module', '-e', await readFile(path.join(REPO, 'fixtures/vite-relu/main.js'), 'utf8')], { cwd: fixture('size: relu').dir })).stdout);
    expect(relu).toEqual({ first: ['0', '0', '0', '0'], last: String(Math.fround(-10 + (20 * 4095) / 4096)) });
  });
});

describe('the installed tarball in plain Node', () => {
  const app = () => readFile(path.join(REPO, 'fixtures/vite/main.js'), 'utf8');

  it('import (ESM) gives the same results on wasm', async () => {
    const dir = fixture('Vite 7 (vite build)').dir;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', await app()], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual(expected('wasm'));
  });

  it('require (CommonJS) gives the same results on wasm', async () => {
    const dir = fixture('Vite 7 (vite build)').dir;
    const cjs = (await app()).replace(/^import \{ (.*) \} from 'wasm-activations';$/m, "const { $1 } = require('wasm-activations');");
    expect(cjs).toContain("require('wasm-activations')");
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', cjs], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual(expected('wasm'));
  });
});

describe('a policy without wasm-unsafe-eval', () => {
  it("script-src 'self' alone: compilation is refused once, and the page computes the right results on js", async () => {
    const { dir } = fixture('Vite 7 (vite build)');
    const r = await openUnder(path.join(dir, 'dist'), "default-src 'self'; script-src 'self'");
    expect(r.results).toEqual(expected('js'));
    // One refused compile, not one per call (the refusal is remembered).
    expect(r.violations).toEqual(['script-src blocked wasm-eval']);
    expect(getBackend()).toBe('wasm'); // (Node's own choice is untouched)
  });
});

/**
 * The pool's pages: the strict policy plus `worker-src blob:`, which the pool's workers need (they
 * start from a Blob URL: no worker file for a bundler to find or a server to serve; without it the
 * pool has no threads and says so, see test/browser/pool.test.ts).
 */
export const POOL_CSP = `${STRICT_CSP}; worker-src blob:`;
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

interface PoolResults {
  info: { threads: number; shared: boolean; reason?: string; relaxedSimd: boolean };
  crossOriginIsolated: boolean | null;
  checks: Record<string, number>;
  error?: string;
}

/** Every check of the fixture (fixtures/pool-vite/main.js) found no element differing from the synchronous call. */
function expectSameBits(r: PoolResults): void {
  expect(r.error).toBeUndefined();
  expect(r.checks).toEqual({ sigmoid: -1, 'softmax rows': -1, 'softmax columns': -1, 'sigmoid in place, pool buffer': -1 });
}

for (const [name, f] of Object.entries(POOL_FIXTURES)) {
  describe(`wasm-activations/pool: ${name}`, () => {
    const built = () => fixture(`pool: ${name}`);

    it('builds with its default configuration, emitting no .wasm file and no worker file', async () => {
      const { dir, log } = built();
      const all = (await readdir(path.join(dir, 'dist'), { recursive: true })).map(String);
      expect(all.filter((p) => p.endsWith('.wasm'))).toEqual([]);
      expect(all.filter((p) => /\.(m?js|cjs)$/.test(p)).length).toBe(1);
      // No warning but the bundlers' size advice (the package inlines its modules: ~600 kB minified
      // with the pool, which has every activation's): webpack's, and Vite's chunk-size paragraph.
      const viteAdvice = /\n\(!\) Some chunks are larger than \d+ kB after minification\. Consider:\n(?:- .*\n)*?- Adjust chunk size limit for this warning via build\.chunkSizeWarningLimit\.\n?/;
      const warnings = log.replace(viteAdvice, '\n').split(/\n(?=WARNING|\S+ \d+\.\d+\.\d+ compiled)/).filter((w) => /warn/i.test(w));
      const sizeAdvice = /^WARNING in (asset size limit|entrypoint size limit|webpack performance recommendations)|^webpack [\d.]+ compiled with 3 warnings/;
      expect(warnings.filter((w) => !sizeAdvice.test(w))).toEqual([]);
    });

    it(`its ${f.esm ? 'ESM' : 'script'} output has no Buffer, eval, new Function or require(`, async () => {
      const files = await outputFiles(built().dir, f.output);
      expect(files.length).toBeGreaterThan(0);
      expectClean(files);
    });

    it(`crossOriginIsolated page under "${POOL_CSP}": threads over shared memory, the synchronous bits, no .wasm request, no violation, no console error`, async () => {
      const r = await openUnder(path.join(built().dir, f.serve), POOL_CSP, ISOLATION);
      const res = r.results as PoolResults;
      console.log(`pool, ${name}, isolated: pool.info() ${JSON.stringify(res.info)}`);
      expect(r.violations).toEqual([]);
      expect(r.errors).toEqual([]);
      expect(res.crossOriginIsolated).toBe(true);
      expect(res.info).toMatchObject({ shared: true, relaxedSimd: true });
      expect(res.info.threads).toBeGreaterThanOrEqual(1);
      expect(res.info.reason).toBeUndefined();
      expectSameBits(res);
      expect(r.requests.filter((u) => /\.wasm(\?|$)/.test(u))).toEqual([]);
    });

    it('page without COOP/COEP: one worker over unshared memory, the reason said, the synchronous bits', async () => {
      const r = await openUnder(path.join(built().dir, f.serve), POOL_CSP);
      const res = r.results as PoolResults;
      console.log(`pool, ${name}, not isolated: pool.info() ${JSON.stringify(res.info)}`);
      expect(r.violations).toEqual([]);
      expect(r.errors).toEqual([]);
      expect(res.crossOriginIsolated).toBe(false);
      expect(res.info).toMatchObject({ threads: 1, shared: false, relaxedSimd: true });
      expect(res.info.reason).toMatch(/^page is not crossOriginIsolated/);
      expectSameBits(res);
    });

    if (f.node) {
      it('its output runs in Node as is: threads over shared memory, the synchronous bits, and the process exits', async () => {
        const { stdout } = await run(process.execPath, [path.join(built().dir, f.node!)]);
        const res = JSON.parse(stdout) as PoolResults;
        expect(res.info).toMatchObject({ threads: availableParallelism(), shared: true });
        expectSameBits(res);
      });
    }
  });
}
