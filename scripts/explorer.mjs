// Serves the activation explorer (explorer/index.html over the built dist/index.js) on localhost and
// prints its address. `npm run explorer` builds first; then open the printed address in a browser.
//
//   npm run explorer                 (http://127.0.0.1:5178/, or a free port if that one is taken)
//   node scripts/explorer.mjs --port 8080

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.error('dist/index.js is missing: run `npm run build` first (or `npm run explorer`, which builds).');
  process.exit(1);
}

const i = process.argv.indexOf('--port');
const wanted = Number(i >= 0 ? process.argv[i + 1] : (process.env.PORT ?? 5178));
const options = { root, redirects: { '/': '/explorer/' } };
let server;
try {
  server = await serve({ ...options, port: wanted });
} catch (e) {
  if (e.code !== 'EADDRINUSE') throw e;
  server = await serve({ ...options, port: 0 });
  console.log(`port ${wanted} is taken; using ${server.port}`);
}
console.log(`wasm-activations explorer: ${server.url}explorer/`);
console.log('(Ctrl-C to stop)');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close().then(() => process.exit(0)));
