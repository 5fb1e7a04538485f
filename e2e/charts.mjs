// Browser test of the request statistics' charts: the park's dispatcher (demo login binhai)
// opens the statistics page on a desktop and on a phone; each chart is drawn (a canvas inside
// its figure) and its data table is one click away with the same labels. Screenshots at
// 1366×800 and 375×800. Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.TOUYAN_E2E_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = process.env.TOUYAN_E2E_SCREENSHOTS || path.join(here, '..', 'target', 'e2e-screenshots');
const CHROMIUM = process.env.TOUYAN_E2E_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'touyan-demo';
const CHARTS = ['trend', 'categories', 'children'];

let browser;
const problems = [];

async function newPage(viewport, phone) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport,
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.url().startsWith(BASE) && r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return page;
}

async function login(page, username) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
}

/** Opens the statistics page and checks every chart is drawn with its table beside it. */
async function checkCharts(page, shot) {
  await page.goto(`${BASE}/requests/stats`);
  for (const key of CHARTS) {
    const fig = page.locator(`[data-testid=chart-${key}]`);
    await fig.locator('.chart-canvas canvas').first().waitFor({ state: 'attached' });
    const box = await fig.locator('.chart-canvas').boundingBox();
    assert.ok(box && box.width > 200 && box.height > 200, `${key} has room: ${JSON.stringify(box)}`);
    const table = fig.locator(`[data-testid=chart-${key}-table]`);
    assert.equal(await table.isVisible(), false, `${key}'s table is folded`);
    await fig.locator('summary').click();
    assert.ok(await table.isVisible(), `${key}'s table opens`);
    const rows = await table.locator('tbody th[scope=row]').allTextContents();
    assert.ok(rows.length > 0, `${key}'s table has rows`);
    // The chart draws the labels the table lists.
    const api = await page.evaluate((src) => fetch(src).then((r) => r.json()), await fig.getAttribute('data-src'));
    assert.deepEqual(api[key].labels, rows.map((r) => r.trim()), `${key}: the table is the chart's data`);
  }
  // The page is no wider than the window.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scroll (${overflow}px)`);
  await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
}

describe('the request statistics draw their charts', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  it('on a desktop', async () => {
    const page = await newPage({ width: 1366, height: 800 });
    await login(page, 'binhai');
    await checkCharts(page, 'request-stats-charts-1366.png');
  });

  it('on a phone', async () => {
    const page = await newPage({ width: 375, height: 800 }, true);
    await login(page, 'binhai');
    await checkCharts(page, 'request-stats-charts-375.png');
  });

  it('without errors', () => {
    assert.deepEqual(problems, []);
  });
});
