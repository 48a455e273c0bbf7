// bench:peers in a Chromium page (node bench/peers.mjs --browser chromium): bundle page.mjs with
// esbuild, serve the repository root on 127.0.0.1 (scripts/serve.mjs: dist/ and node_modules/,
// whence the page loads our build and the peers' .wasm files), start Debian's Chromium with gc()
// exposed, run the benchmark in one page and bring back its results. The page's text output is
// printed here as it comes; a progress line goes to stderr.
//
// The page is not cross-origin isolated unless `isolated` (COOP/COEP headers), as most pages are
// not: no SharedArrayBuffer, and performance.now() in steps of 100 µs instead of 5 µs (timing.mjs
// lengthens samples to 100 steps). Both peers run their single-threaded builds either way.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launch } from '../runtimes/browsers.mjs';
import { sizeLabel } from './report.mjs';
import { serve } from '../../scripts/serve.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(REPO, 'bench/out/peers-page');
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** The page and its bundle, in bench/out/ (ignored by git); returns the page's path under the root. */
async function buildPage() {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [path.join(REPO, 'bench/peers/page.mjs')],
    outfile: path.join(OUT, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  writeFileSync(
    path.join(OUT, 'index.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<title>wasm-activations: bench:peers</title>\n<script type="module" src="page.js"></script>\n',
  );
  return path.relative(REPO, OUT).split(path.sep).join('/') + '/';
}

/** Our module as a path the server serves (it serves the repository root only). */
function servedPath(file) {
  const rel = path.relative(REPO, path.resolve(file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`--lib ${file}: in the browser, our build must be inside ${REPO}`);
  return '/' + rel.split(path.sep).join('/');
}

function progressPrinter() {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let last = '';
  return {
    update({ n, fn, impl, done, total }) {
      const eta = done ? Math.ceil(((Date.now() - started) / done) * (total - done) / 1000) : NaN;
      const text = `  n=${sizeLabel(n)} ${fn} / ${impl}  (${done}/${total} functions${Number.isFinite(eta) ? `, about ${eta} s left` : ''})`;
      if (tty) process.stderr.write(`\r\x1b[K${text}`);
      else if (`${n} ${fn}` !== last) process.stderr.write(`${text}\n`);
      last = `${n} ${fn}`;
    },
    clear() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * @param options what runPeers takes (lib: a file path, made a served path here)
 * @param {{ isolated?: boolean, onStart?: (info: object) => void }} [how]
 * @returns {Promise<{ info: object, run: object }>} the page's environment and runPeers' results
 */
export async function runInChromium(options, { isolated = false, onStart = () => {} } = {}) {
  const page = await buildPage();
  const server = await serve({ root: REPO, headers: isolated ? ISOLATION : {} });
  const browser = await launch('chromium', undefined, { args: ['--js-flags=--expose-gc'] });
  const progress = progressPrinter();
  try {
    const result = await browser.call(`${server.url}${page}`, 'runPeers', { ...options, lib: servedPath(options.lib) }, {
      peersStarted: onStart,
      peersLog: (line) => {
        progress.clear();
        console.log(line);
      },
      peersProgress: (p) => progress.update(p),
    });
    // Which builds the page really loaded: the single-threaded ones, and ours unbundled.
    result.info.wasmLoaded = [...new Set(server.requests.filter((r) => r.path.endsWith('.wasm') && r.status === 200).map((r) => r.path))];
    return result;
  } finally {
    progress.clear();
    await browser.close();
    await server.close();
  }
}
