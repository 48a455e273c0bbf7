// A tiny static file server on 127.0.0.1 (node:http only), for the browser tests and the explorer.
// It serves files under `root`, never outside it, with no caching, records every request it answers
// (so a test can assert that no `.wasm` was fetched), answers /favicon.ico with 204 No Content (else a
// 404 is a console error in every page), and can add headers (a Content-Security-Policy)
// and transform files on the way out (the browser tests turn test/support/*.ts into JavaScript).
//
//   import { serve } from './scripts/serve.mjs';
//   const server = await serve({ root: '.', headers: { 'Content-Security-Policy': "default-src 'self'" } });
//   server.url          // 'http://127.0.0.1:41234/'
//   server.requests     // [{ method: 'GET', path: '/dist/index.js', status: 200 }, …]
//   await server.close();

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** @type {Record<string, string>} */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * @typedef {object} ServeOptions
 * @property {string} root Directory to serve.
 * @property {number} [port] 0 (the default) picks a free port.
 * @property {string} [host] Default 127.0.0.1.
 * @property {Record<string, string> | ((urlPath: string) => Record<string, string>)} [headers] Extra response headers.
 * @property {(file: string, body: Buffer) => Promise<{ body: string | Buffer, type?: string } | undefined> | undefined} [transform]
 *   Called for every file served; return a replacement body (and content type) or undefined to serve it as is.
 * @property {Record<string, string>} [redirects] Exact paths redirected (302) elsewhere, e.g. { '/': '/explorer/' }.
 */

/** @param {ServeOptions} options */
export async function serve({ root, port = 0, host = '127.0.0.1', headers = {}, transform, redirects = {} }) {
  const base = path.resolve(root);
  /** @type {{ method: string, path: string, status: number }[]} */
  const requests = [];

  const server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const extra = typeof headers === 'function' ? headers(urlPath) : headers;
    const send = (status, body, type = 'text/plain; charset=utf-8', more = {}) => {
      requests.push({ method: req.method ?? 'GET', path: urlPath, status });
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra, ...more });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    if (redirects[urlPath]) return send(302, '', undefined, { Location: redirects[urlPath] });
    // Browsers ask for one unprompted; a 404 would be a console error in every test.
    if (urlPath === '/favicon.ico') return send(204, '');

    let file = path.join(base, urlPath);
    if (file !== base && !file.startsWith(base + path.sep)) return send(403, 'outside the served root');
    try {
      if ((await stat(file)).isDirectory()) {
        if (!urlPath.endsWith('/')) return send(301, '', undefined, { Location: `${urlPath}/` });
        file = path.join(file, 'index.html');
      }
      const body = await readFile(file);
      const replaced = transform ? await transform(file, body) : undefined;
      if (replaced) return send(200, replaced.body, replaced.type ?? CONTENT_TYPES['.js']);
      return send(200, body, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    } catch {
      return send(404, `not found: ${urlPath}`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}/`,
    port: address.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
