// Browser test of how the pages' files travel (and that the workbench draws its charts): the home page's first load transfers under
// 500 KB (compressed), and a later load asks the server for the page only — every embedded
// file has its content's hash in its address and is kept by the browser. Prints the figures.
// Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = (process.env.TOUYAN_E2E_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const CHROMIUM = process.env.TOUYAN_E2E_CHROMIUM || '/usr/bin/chromium';
const LIMIT = 500 * 1024;

let browser;

/** Loads `path` and answers what went over the wire: requests to the server and bytes. */
async function load(page, path) {
  const seen = [];
  const onFinished = async (req) => {
    if (!req.url().startsWith(BASE)) return;
    const sizes = await req.sizes().catch(() => null);
    seen.push({ url: req.url(), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
  };
  page.on('requestfinished', onFinished);
  await page.goto(`${BASE}${path}`, { waitUntil: 'networkidle' });
  page.off('requestfinished', onFinished);
  return seen;
}

describe('embedded files', () => {
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
  });

  for (const login of ['binhai', 'chengguan']) {
    it(`the home page loads small and then from the cache (${login})`, async () => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${BASE}/login`);
      await page.fill('input[name=username]', login);
      await page.fill('input[name=password]', 'touyan-demo');
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/login')),
        page.click('form[action="/login"] button[type=submit]'),
      ]);
      // The session moves to a new context, whose cache is empty.
      const fresh = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      await fresh.addCookies(await context.cookies());
      await context.close();
      const p2 = await fresh.newPage();
      const first = await load(p2, '/');
      // The workbench draws its charts (ECharts in a canvas), each with its data table.
      const figures = p2.locator('[data-testid=home-charts] figure.chart');
      assert.ok((await figures.count()) >= 1, 'the home page has charts');
      await p2.locator('[data-testid=home-charts] figure.chart canvas').first().waitFor();
      const tables = p2.locator('[data-testid=home-charts] figure.chart table');
      assert.equal(await tables.count(), await figures.count());
      const again = await load(p2, '/');
      const total = (xs) => xs.reduce((n, x) => n + x.bytes, 0);
      const asked = (xs) => xs.filter((x) => x.bytes > 0).length;
      console.log(
        `${login}: first load ${asked(first)} requests, ${(total(first) / 1024).toFixed(1)} KB; ` +
          `second load ${asked(again)} request(s), ${(total(again) / 1024).toFixed(1)} KB`,
      );
      assert.ok(total(first) < LIMIT, `first load ${total(first)} bytes`);
      // A file taken from the browser's cache shows no bytes; one asked of the server (even
      // answered 304) shows its headers at least.
      const statics = again.filter((x) => new URL(x.url).pathname.startsWith('/static/') && x.bytes > 0);
      assert.deepEqual(statics, [], 'a later load asks for no embedded file');
      await fresh.close();
    });
  }
});
