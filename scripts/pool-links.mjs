// After tsup --config tsup.pool.config.ts: dist/pool.* import the main bundle as '../index' (the
// source's path, kept external); point them at the files beside them, per format.
import { readFileSync, writeFileSync } from 'node:fs';

const target = { 'pool.js': './index.js', 'pool.d.ts': './index.js', 'pool.cjs': './index.cjs', 'pool.d.cts': './index.cjs' };
for (const [file, to] of Object.entries(target)) {
  const path = new URL(`../dist/${file}`, import.meta.url);
  const text = readFileSync(path, 'utf8');
  const out = text.replace(/(from |require\()(["'])\.\.\/index\2/g, `$1$2${to}$2`);
  if (!/\.\/index\.c?js/.test(out) || /["']\.\.\/index["']/.test(out)) throw new Error(`dist/${file}: no import of the main bundle to point at ${to}`);
  writeFileSync(path, out);
}
