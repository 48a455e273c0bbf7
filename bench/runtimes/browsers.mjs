// Browsers for bench/runtimes.mjs and test/engines.test.ts, each measuring in a fresh page each time:
// Chromium through playwright-core (Debian's /usr/bin/chromium, with the flags the browser tests use),
// Firefox ESR (SpiderMonkey) through puppeteer-core over WebDriver BiDi (Debian's firefox-esr).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export async function launch(name, bin = CHROMIUM) {
  if (name === 'firefox') return launchFirefox(bin);
  if (name !== 'chromium') throw new Error(`no driver for the browser ${name}`);
  const profile = await mkdtemp(path.join(tmpdir(), 'wasm-activations-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: bin, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  return {
    async measure(url, options) {
      const page = await context.newPage();
      try {
        await page.goto(url);
        await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
        return await page.evaluate((o) => window.runMeasure(o), options);
      } finally {
        await page.close();
      }
    },
    async results(url) {
      const page = await context.newPage();
      try {
        await page.goto(url);
        const h = await page.waitForFunction(() => window.__results ?? window.__failure, null, { timeout: 180_000 });
        const v = await h.jsonValue();
        if (typeof v === 'string') throw new Error(`${url} failed in the page: ${v}`);
        return v;
      } finally {
        await page.close();
      }
    },
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function launchFirefox(bin) {
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = await mkdtemp(path.join(tmpdir(), 'wasm-activations-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: bin,
    headless: true,
    userDataDir: profile,
    protocolTimeout: 600_000,
    // a closed network: no update checks, telemetry or remote settings
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false, 'network.dns.disableIPv6': true, 'services.settings.server': 'http://127.0.0.1:9/' },
  });
  return {
    async measure(url, options) {
      const page = await browser.newPage();
      try {
        await page.goto(url);
        await page.waitForFunction(() => window.ready === true, { timeout: 60_000 });
        return await page.evaluate((o) => window.runMeasure(o), options);
      } finally {
        await page.close();
      }
    },
    async results(url) {
      const page = await browser.newPage();
      try {
        await page.goto(url);
        const h = await page.waitForFunction(() => window.__results ?? window.__failure, { timeout: 180_000, polling: 100 });
        const v = await h.jsonValue();
        if (typeof v === 'string') throw new Error(`${url} failed in the page: ${v}`);
        return { ...v, runtime: `Firefox ${/Firefox\/(\d+)/.exec(await browser.version())?.[1] ?? await browser.version()} (SpiderMonkey)` };
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
