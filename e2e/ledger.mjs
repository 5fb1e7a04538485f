// Browser test of the ledger's ties: 滨海's organization admin compares the six chain
// committees (table and chart), opens one with its ten member enterprises across the parks,
// and opens a member's page with its party-organization link and the dialog to change it;
// 鱼台's admin sees the 34 instructors, no enterprise without one, and the guidance team of
// 2 county-level and 15 section-level leaders. Screenshots at 1440×900 and 375×812. Run by
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
const SIZES = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 375, height: 812 }],
];

let browser;
const problems = [];

async function signIn(login) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: SIZES[0][1] });
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
  for (const [label, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SHOTS, `ledger-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES[0][1]);
}

describe('the ledger: chains, links, instructors', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('滨海 compares its six chain committees and opens one', async () => {
    const page = await signIn('binhai');
    await page.goto(`${BASE}/enterprises`);
    await page.click('nav.tabs a[href="/chains"]');
    const rows = page.locator('[data-testid=chains] tbody tr');
    assert.equal(await rows.count(), 6);
    await page.waitForSelector('[data-testid=chart-chains] .chart-canvas canvas, [data-testid=chart-chains] .chart-canvas svg');
    await page.waitForTimeout(1200); // the bars grow in
    await shots(page, 'chains');
    await rows.first().locator('a').click();
    await page.waitForURL(/\/chains\/\d+$/);
    assert.equal(await page.textContent('[data-testid=chain-members]'), '10');
    const members = page.locator('[data-testid=chain-member-table] tbody tr');
    assert.equal(await members.count(), 10);
    // Members sit in more than one park.
    const parks = new Set(await members.locator('td:nth-child(2)').allTextContents());
    assert.ok(parks.size > 1, [...parks].join(','));
    await shots(page, 'chain');
    // A member's page: its link and the dialog that changes it.
    await members.first().locator('a').click();
    await page.waitForURL(/\/enterprises\/\d+$/);
    await page.waitForSelector('[data-testid=enterprise-chains]');
    await page.click('[data-dialog-bar] button:has-text("关联党组织")');
    const dialog = page.locator('dialog[open]');
    await dialog.locator('select[name=kind]').selectOption('joint');
    assert.ok(await dialog.locator('input.picker-text').isVisible());
    await shots(page, 'link-dialog');
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  it('鱼台 sends 34 instructors to its 44 enterprises and has its guidance team', async () => {
    const page = await signIn('yutai');
    await page.goto(`${BASE}/instructors`);
    assert.equal(await page.textContent('[data-testid=instructor-count]'), '34');
    assert.equal((await page.textContent('[data-testid=gap-count]')).trim(), '0');
    const team = await page.textContent('[data-testid=teams] h3');
    assert.match(team, /县级 2/);
    assert.match(team, /科级 15/);
    await shots(page, 'instructors');
    await page.context().close();
  });
});
