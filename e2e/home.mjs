// Browser test of each role's workbench: the 承办员 signs in to his queue (each to-do's number
// is the total of the list it opens), the 工作室领衔人 to his studio, the park's organization
// admin to the figures of his scope as charts. Screenshots at 1440×900 and 375×812. Run by
// e2e/run.sh like run.mjs.

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

let browser;
const problems = [];

async function signIn(login, viewport) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(BASE) && r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', login);
  await page.fill('input[name=password]', 'touyan-demo');
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
  return page;
}

async function shots(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `home-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the home page scrolls sideways by ${overflow}px on a phone`);
  await page.screenshot({ path: path.join(SHOTS, `home-${name}-phone.png`), fullPage: true });
}

describe("each role's workbench", () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
  });

  it("the 承办员's home is his queue: each number opens a list of that many", async () => {
    const page = await signIn('chengguan', { width: 1440, height: 900 });
    const todos = page.locator('[data-testid=todos] .todo-main');
    assert.ok((await todos.count()) >= 1, 'to-dos are listed');
    let opened = 0;
    for (let i = 0; i < (await todos.count()); i++) {
      const n = Number((await todos.nth(i).locator('b').textContent()).trim());
      if (n === 0) continue;
      const href = await todos.nth(i).getAttribute('href');
      const list = await page.context().newPage();
      await list.goto(BASE + href);
      const pager = await list.locator('nav.pager').textContent();
      assert.match(pager, new RegExp(`共\\s*${n}\\b`), `${href}: ${pager}`);
      await list.close();
      opened++;
    }
    assert.ok(opened >= 1, 'something waits on the handler in the demo');
    await shots(page, 'chengguan');
    await page.context().close();
  });

  it("the 工作室领衔人's home opens on his studio", async () => {
    const page = await signIn('tianmaoying', { width: 1440, height: 900 });
    const mine = page.locator('[data-testid=home-mine]');
    assert.match(await mine.textContent(), /田茂英红星工匠工作室/);
    const links = await mine.locator('dl a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.ok(links.some((p) => /^\/studios\/\d+\/training$/.test(p)), links.join(' '));
    // The studio comes before everything else on the page.
    const first = await page.locator('main section.card').first().getAttribute('data-testid');
    assert.equal(first, 'home-mine');
    await shots(page, 'tianmaoying');
    await page.context().close();
  });

  it("the park admin's home shows the scope's figures as charts with their tables", async () => {
    const page = await signIn('binhai', { width: 1440, height: 900 });
    const figures = page.locator('[data-testid=home-charts] figure.chart');
    assert.ok((await figures.count()) >= 3);
    await page.locator('[data-testid=home-charts] figure.chart canvas').first().waitFor();
    assert.equal(await page.locator('[data-testid=home-mine]').count(), 0);
    await page.waitForTimeout(1200); // the charts' first animation
    await shots(page, 'binhai');
    await page.context().close();
  });

  it('no script errors and no failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
