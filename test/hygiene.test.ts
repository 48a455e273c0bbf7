// Package hygiene, on what npm would publish: publint and attw (--pack) report nothing, the tarball
// holds only dist/, README.md, LICENSE and package.json, dist/index.js stays within its gzip budget,
// and the published .d.ts documents every option with its @default (the registry's, for parameters).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../dist/index.js';
import { BUDGET_BYTES, measure } from '../scripts/size.mjs';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(REPO, 'node_modules', '.bin', name);

/**
 * A clone that was never built has no dist/: prepack builds it, so that `npm pack` and `npm publish`
 * cannot ship a package without its code. Checked on a copy of the tracked files (no dist/, no build/)
 * sharing this checkout's node_modules; `npm pack --dry-run` runs prepack and lists the files it would
 * pack. Whether the copy had a dist/ before, and that list.
 */
async function packUnbuiltClone(): Promise<{ hadDist: boolean; files: string[] }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wasm-activations-pack-'));
  try {
    const copy = path.join(tmp, 'p');
    const { stdout: tracked } = await run('git', ['ls-files', '-z'], { cwd: REPO, maxBuffer: 16 << 20 });
    for (const f of tracked.split('\0').filter(Boolean)) {
      if (!existsSync(path.join(REPO, f))) continue; // deleted in the working tree, not yet committed
      await mkdir(path.dirname(path.join(copy, f)), { recursive: true });
      await copyFile(path.join(REPO, f), path.join(copy, f));
    }
    await symlink(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const hadDist = existsSync(path.join(copy, 'dist'));
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: copy, maxBuffer: 64 << 20 });
    // The build's own output comes first on stdout; npm's JSON report is the last thing printed.
    const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[\n') + 1));
    return { hadDist, files: report[0].files.map((f: { path: string }) => f.path) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

describe('package hygiene', () => {
  // The clone's build takes 20 to 60 s here, depending on the other work on the machine, and is
  // mostly another process's: it starts before the first test, and runs while the others do.
  let unbuilt: Promise<{ hadDist: boolean; files: string[] }>;
  beforeAll(() => {
    unbuilt = packUnbuiltClone();
    unbuilt.catch(() => {}); // reported by the test that awaits it
  });

  it('publint reports nothing (strict: warnings and suggestions too)', async () => {
    const { messages, pkg } = await publint({ pkgDir: REPO, strict: true, level: 'suggestion' });
    expect(messages.map((m) => formatMessage(m, pkg) ?? m.code)).toEqual([]);
  });

  it('attw --pack finds no problem for any resolution (node10, node16 CJS and ESM, bundler)', async () => {
    let stdout: string;
    try {
      // attw --pack runs `npm pack`, which would run prepack (a rebuild, whose tsup clean empties dist/
      // under the other test files): the tarball of the dist/ already built is what is checked here.
      const env = { ...process.env, npm_config_ignore_scripts: 'true' };
      ({ stdout } = await run(bin('attw'), ['--pack', '.', '--format', 'json'], { cwd: REPO, env, maxBuffer: 64 << 20 }));
    } catch (e) {
      stdout = (e as { stdout: string }).stdout; // attw exits 1 when it finds problems
    }
    const report = JSON.parse(stdout);
    expect(report.problems ?? report.analysis?.problems).toEqual({});
    const resolutions = report.analysis.entrypoints['.'].resolutions;
    expect(Object.keys(resolutions).sort()).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm']);
  });

  it('npm pack ships only dist/, README.md, LICENSE and package.json', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path).sort();
    const allowed = (f: string) => f.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(f);
    expect(files.filter((f) => !allowed(f))).toEqual([]);
    for (const f of ['LICENSE', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) expect(files).toContain(f);
    if (existsSync(path.join(REPO, 'README.md'))) expect(files).toContain('README.md');
    expect(files.filter((f) => f.endsWith('.wasm') || f.endsWith('.map'))).toEqual([]);
  });

  it('npm pack of an unbuilt clone builds it first (prepack): the tarball holds dist/', async () => {
    const { hadDist, files } = await unbuilt;
    expect(hadDist, 'the clone had a dist/ before npm pack').toBe(false);
    for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) expect(files).toContain(f);
  }, 180_000);

  it(`dist/index.js is within its gzip budget (${BUDGET_BYTES} B, npm run size)`, () => {
    const s = measure();
    expect(s.gzip, `dist/index.js is ${s.gzip} B gzipped, over the budget of ${BUDGET_BYTES} B: shrink it, or, if the growth is earned, raise BUDGET_BYTES in scripts/size.mjs and docs/deployment.md's size section together`).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});

describe('the published types', () => {
  const dts = path.join(REPO, 'dist/index.d.ts');
  // Checked as a consumer's tsc would with skipLibCheck off (only TypeScript's own lib files are
  // skipped). The lib must include esnext.disposable (TypeScript 5.2+): WasmBuffer declares
  // [Symbol.dispose] for `using`, which does not compile against es2022 alone (reported to the lead).
  const program = ts.createProgram([dts], {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dts)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);

  /** The options of an exported function: each property with its @default tag's text, if any. */
  function optionsOf(name: string): Map<string, string | undefined> | undefined {
    const sym = exported.find((s) => s.name === name);
    if (!sym) return undefined;
    const type = checker.getTypeOfSymbolAtLocation(sym, source);
    const options = new Map<string, string | undefined>();
    for (const sig of type.getCallSignatures()) {
      const param = sig.getParameters().find((p) => p.name === 'options');
      if (!param) continue;
      const t = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(param, source));
      for (const prop of checker.getPropertiesOfType(t)) {
        const tag = prop.getJsDocTags(checker).find((x) => x.name === 'default');
        options.set(prop.name, tag ? ts.displayPartsToString(tag.text).trim() : undefined);
      }
    }
    return options;
  }

  it('the declarations compile on their own', () => {
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  const functions = ACTIVATIONS.flatMap((s) => [s.name, ...(s.grad && s.kind === 'elementwise' ? [`${s.name}Grad`] : [])]);
  it.each(functions)('%s: every option is documented with its @default', (name) => {
    const options = optionsOf(name);
    expect(options, `${name} is not exported by dist/index.d.ts`).toBeDefined();
    expect(options!.has('out'), `${name} takes no options.out`).toBe(true);
    const missing = [...options!].filter(([, d]) => d === undefined).map(([k]) => k);
    expect(missing, `${name}: options without @default`).toEqual([]);
    const spec = ACTIVATIONS.find((s) => s.name === name.replace(/Grad$/, ''))!;
    for (const p of spec.params) {
      expect(options!.has(p.name), `${name}: options.${p.name} is not declared`).toBe(true);
      const d = options!.get(p.name)!;
      const accepted = [String(p.default), JSON.stringify(p.default), `'${p.default}'`];
      // A fraction such as 1/6 documents its exact value better than 0.16666666666666666 does.
      const fraction = /^(-?\d+)\/(\d+)$/.exec(d);
      if (fraction && Number(fraction[1]) / Number(fraction[2]) === p.default) accepted.push(d);
      expect(accepted, `${name}: options.${p.name} says @default ${d}, the registry ${JSON.stringify(p.default)}`).toContain(d);
    }
    if (spec.kind === 'axis') expect([...options!.keys()]).toEqual(expect.arrayContaining(['shape', 'axis']));
  });
});
