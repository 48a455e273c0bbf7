// Browsers for bench/runtimes.mjs and test/engines.test.ts, each working in a fresh page each time:
// Chromium through playwright-core (Debian's /usr/bin/chromium, with the flags the browser tests use),
// Firefox ESR (SpiderMonkey) through puppeteer-core over WebDriver BiDi (Debian's firefox-esr).
//
//   const b = await launch('chromium' | 'firefox', bin?)
//   await b.measure(url, options)   bench/runtimes/page.html's measure() result
//   await b.call(url, fn, options, bindings)   window[fn](options) in a page that sets window.ready,
//                                   with `bindings` (name → Node function) callable from the page
//   await b.results(url)            a test/browser/pages/*.html page's published window.__results
//   await b.close()
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

/** @param {{ args?: string[] }} [more] Chromium only: flags added to CHROMIUM_ARGS */
export async function launch(name, bin, { args = [] } = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), `wasm-activations-${name}-`));
  let driver;
  if (name === 'chromium') {
    const context = await chromium.launchPersistentContext(profile, { executablePath: bin ?? CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args], timeout: 60_000 });
    driver = {
      newPage: () => context.newPage(),
      waitFor: (page, expr, timeout) => page.waitForFunction(expr, undefined, { timeout, polling: 100 }),
      version: async () => `Chromium ${context.browser()?.version() ?? ''}`.trim(),
      close: () => context.close(),
    };
  } else if (name === 'firefox') {
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: bin ?? '/usr/bin/firefox-esr',
      headless: true,
      userDataDir: profile,
      protocolTimeout: 600_000,
      // a closed network: no update checks, telemetry or remote settings
      extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false, 'network.dns.disableIPv6': true, 'services.settings.server': 'http://127.0.0.1:9/' },
    });
    driver = {
      newPage: () => browser.newPage(),
      waitFor: (page, expr, timeout) => page.waitForFunction(expr, { timeout, polling: 100 }),
      version: async () => `Firefox ${/firefox\/(\d+)/i.exec(await browser.version())?.[1] ?? (await browser.version())}`,
      close: () => browser.close(),
    };
  } else {
    throw new Error(`no driver for the browser ${name}`);
  }

  /** Loads url in a fresh page with `bindings` exposed, waits for expr to be truthy, returns f(page, its value). */
  async function inPage(url, expr, f, bindings = {}) {
    const page = await driver.newPage();
    try {
      for (const [fn, node] of Object.entries(bindings)) await page.exposeFunction(fn, node);
      await page.goto(url);
      const value = await (await driver.waitFor(page, expr, 180_000)).jsonValue();
      return await f(page, value);
    } finally {
      await page.close();
    }
  }

  function call(url, fn, options, bindings) {
    return inPage(url, 'window.ready === true', (page) => page.evaluate(([f, o]) => window[f](o), [fn, options]), bindings);
  }

  return {
    measure: (url, options) => call(url, 'runMeasure', options),
    call,
    results: (url) =>
      inPage(url, 'window.__results ?? window.__failure', async (_, v) => {
        if (typeof v === 'string') throw new Error(`${url} failed in the page: ${v}`);
        return { ...v, runtime: `${await driver.version()} (${name === 'firefox' ? 'SpiderMonkey' : 'V8'})` };
      }),
    async close() {
      await driver.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
