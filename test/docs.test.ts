// The documentation is checked like code:
// - the function tables of README.md and docs/functions.md are generated from the registry
//   (scripts/docs.mjs), so they must match what the tests enforce; the README's performance table is
//   the last saved headline benchmark (bench/results/headline.md);
// - every ```js / ```mjs / ```cjs / ```ts block of README.md and docs/*.md runs, as a user would run
//   it, against the built package: written to a file in a temporary directory whose
//   node_modules/wasm-activations links to this checkout (so `import … from 'wasm-activations'`
//   resolves through package.json's exports to dist/), and run by node. A block that throws or exits
//   non-zero fails. Its `// → text` comments are the output it claims: stdout must be exactly those
//   lines, in order, so that every printed result shown in the docs is checked.
// Blocks that are not run are counted by kind and each kind must be listed in NOT_RUN with its reason;
// a block of any other language fails, so nothing is skipped silently. A block whose first line is
// `// Node 24+ …` uses syntax that Node 20 and 22 refuse (`using`): on those it runs after esbuild has
// lowered that syntax to Node 20's, so it is still executed and its output still checked.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLES, render, withBounds } from '../scripts/docs.mjs';
import { ACTIVATIONS } from '../dist/index.js';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

describe('generated parts', () => {
  it('src/activations.ts: every public function\'s JSDoc states its registry bound (node scripts/docs.mjs)', () => {
    const text = readFileSync(path.join(REPO, 'src/activations.ts'), 'utf8');
    expect(withBounds(text)).toBe(text);
    // One line per public function and derivative of the registry.
    expect(text.match(/^ \* Max error: /gm)!.length).toBe(ACTIVATIONS.length + ACTIVATIONS.filter((s) => s.grad).length);
  });

  it.each(TABLES.map(([file, table, start, end]) => [file, start.slice(5, start.indexOf(':')), table, start, end] as const))(
    '%s: the %s part is up to date (node scripts/docs.mjs)',
    (file, _what, table, start, end) => {
      const text = readFileSync(path.join(REPO, file), 'utf8');
      expect(render(text, table(), file, start, end)).toBe(text);
    },
  );
});

// The README is for users: install, an example, the function table, a summary benchmark; the depth
// goes to docs/. 15 KiB holds that much and keeps it readable in one sitting.
const README_MAX_BYTES = 15 * 1024;

describe('README.md', () => {
  it(`is at most ${README_MAX_BYTES} bytes`, () => {
    const size = readFileSync(path.join(REPO, 'README.md')).byteLength;
    expect(size, 'README.md has grown past 15 KiB: move the detail to docs/ and link to it').toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('links only to files that exist, and to headings that exist in them', () => {
    const text = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const slug = (h: string) => h.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+\.(?:md|png|svg))(?:#([^)\s]+))?\)/g)) {
      expect(existsSync(path.join(REPO, target!)), target).toBe(true);
    }
    for (const [, target, anchor] of text.matchAll(/\]\(([^)#\s]*\.md)#([^)\s]+)\)/g)) {
      const headings = readFileSync(path.join(REPO, target!), 'utf8').match(/^#+ .*$/gm) ?? [];
      expect(headings.map((h) => slug(h.replace(/^#+ /, ''))), `${target}#${anchor}`).toContain(anchor);
    }
  });
});

/** Languages whose blocks are not run, and why. */
const NOT_RUN: Record<string, string> = {
  sh: 'shell commands (install, build, run)',
  '': 'plain text: file layouts and printed benchmark output',
};
const RUN = new Set(['js', 'mjs', 'cjs', 'ts']);

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

function blocks(file: string): Block[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const out: Block[] = [];
  const fence = /^```(\S*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m; (m = fence.exec(text)); ) {
    out.push({ file, line: text.slice(0, m.index).split('\n').length, lang: m[1]!, code: m[2]! });
  }
  return out;
}

const FILES = ['README.md', ...readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const ALL = FILES.flatMap(blocks);
const runnable = ALL.filter((b) => RUN.has(b.lang));
const notRun = ALL.filter((b) => !RUN.has(b.lang));

// One directory for every block: node_modules/wasm-activations → this checkout.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wasm-activations-docs-'));
mkdirSync(path.join(tmp, 'node_modules'));
symlinkSync(REPO, path.join(tmp, 'node_modules', 'wasm-activations'), 'dir');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NEEDS_NODE_24 = /^\/\/ Node 24\+/;

describe('code blocks of README.md and docs/*.md', () => {
  it('every block is either run or of a kind listed with its reason', () => {
    expect(runnable.length).toBeGreaterThan(0);
    expect(notRun.filter((b) => !(b.lang in NOT_RUN)).map((b) => `${b.file}:${b.line} \`\`\`${b.lang}`)).toEqual([]);
    // The inventory, in the test log: what is run, what is not, and why.
    const counts = Object.entries(NOT_RUN).map(([lang, why]) => `${notRun.filter((b) => b.lang === lang).length} \`\`\`${lang || '(none)'} not run: ${why}`);
    const lowered = runnable.filter((b) => NEEDS_NODE_24.test(b.code) && NODE_MAJOR < 24).length;
    console.log(`docs code blocks: ${runnable.length} run (${lowered} lowered by esbuild for Node ${NODE_MAJOR}); ${counts.join('; ')}`);
  });

  it.each(runnable.map((b) => [`${b.file}:${b.line} (${b.lang})`, b] as const))('%s runs, and prints what its // → comments say', async (name, b) => {
    let code = b.code;
    const modern = NEEDS_NODE_24.test(code);
    if (b.lang === 'ts' || (modern && NODE_MAJOR < 24)) {
      code = (await transform(code, { loader: b.lang === 'ts' ? 'ts' : 'js', format: b.lang === 'cjs' ? 'cjs' : 'esm', target: `node${Math.min(NODE_MAJOR, 24)}` })).code;
    }
    const ext = b.lang === 'cjs' ? 'cjs' : 'mjs';
    const file = path.join(tmp, `${name.replace(/[^\w.-]+/g, '_')}.${ext}`);
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], { cwd: tmp, timeout: 30_000 });
    const claimed = [...b.code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trimEnd());
    expect(stdout.trimEnd().split('\n').filter((l, i, all) => l !== '' || all.length > 1), `${name}: stdout against its // → comments`).toEqual(claimed);
  });
});
