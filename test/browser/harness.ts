// Real Chromium for the browser suites: Debian's /usr/bin/chromium driven by playwright-core, with a
// fresh profile per launch, and pages whose console errors, uncaught errors, requests and CSP
// violations are recorded. A machine without Chromium fails these suites loudly (never a silent skip).

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { transform } from 'esbuild';
import { serve } from '../../scripts/serve.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launch Chromium with a new empty profile; throws, saying how to install it, where it is missing. */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser tests run in real Chromium and never skip. ` +
        'Install it with `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'wasm-activations-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Serves the repository; test/**.ts files are turned into JavaScript on the way (esbuild), so the
 * pages reuse the Node suites' own helpers (test/support/inputs.ts). */
export function serveRepo(extra: Partial<Parameters<typeof serve>[0]> = {}) {
  return serve({
    root: REPO,
    transform: async (file: string, body: Buffer) =>
      file.endsWith('.ts') ? { body: (await transform(body.toString('utf8'), { loader: 'ts', format: 'esm' })).code } : undefined,
    ...extra,
  });
}

export interface Watched {
  page: Page;
  /** Console messages of type error, uncaught exceptions, and failed requests, as text. */
  errors: string[];
  /** Every console message, as `type: text`. */
  console: string[];
  /** Every URL the page requested (documents, scripts, workers, fetches). */
  requests: string[];
  /** Settles with the first error recorded (so a page whose module failed to load fails fast). */
  firstError: Promise<string>;
}

/** A new page that records what a test wants to assert on. */
export async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  let fire: (message: string) => void = () => {};
  const w: Watched = { page, errors: [], console: [], requests: [], firstError: new Promise((resolve) => (fire = resolve)) };
  const error = (message: string) => {
    w.errors.push(message);
    fire(message);
  };
  page.on('console', (m) => {
    w.console.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') error(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => error(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => error(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('worker', (worker) => {
    worker.on('console', (m) => {
      w.console.push(`worker ${m.type()}: ${m.text()}`);
      if (m.type() === 'error') error(`worker console.error: ${m.text()}`);
    });
  });
  return w;
}

/** Load a page and wait for it to publish `window.__results` (or `window.__failure`). */
export async function resultsOf<T>(w: Watched, url: string, timeout = 90_000): Promise<T> {
  await w.page.goto(url);
  const published = w.page
    .waitForFunction(
      () => (window as unknown as { __results?: unknown; __failure?: string }).__results ?? (window as unknown as { __failure?: string }).__failure,
      undefined,
      { timeout, polling: 50 },
    )
    .then((handle) => handle.jsonValue());
  // After the first error, give the page a few seconds to publish anyway (the tests then report the
  // error), then stop waiting: a module that failed to load never publishes.
  const broken = w.firstError.then(
    (first) =>
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${url} published no results after: ${first}\n${w.errors.join('\n')}`)), 3000),
      ),
  );
  const value = await Promise.race([published, broken]);
  if (typeof value === 'string') throw new Error(`${url} failed in the page: ${value}\n${w.errors.join('\n')}`);
  return value as T;
}
