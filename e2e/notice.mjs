// Browser test of notifications and the calendar feed: 鱼台's administrator (demo login
// yutai) sees the bell in the header with its unread count (loaded by htmx), opens the list
// with the reminders of what falls behind this month, opens a notification (marked read, on
// to its record), issues a calendar feed address, reads the feed and revokes it. Screenshots
// at 1440×900 and 375×812; on a phone the header keeps the bell and no page scrolls
// sideways. Run by e2e/run.sh like run.mjs.

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
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(`CSP violation on ${page.url()}: ${m.text()}`);
  });
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

/** Screenshots at both sizes; on the phone the page must not scroll sideways and the bell
 * stays in sight. */
async function shots(page, name) {
  for (const [label, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `notice-${name}-${label}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= viewport.width + 1, `${name} at ${label}: the page is ${wide}px wide`);
    const bell = await page.locator('[data-testid=bell]').boundingBox();
    assert.ok(bell && bell.x >= 0 && bell.x + bell.width <= viewport.width, `${name} at ${label}: the bell is in sight`);
  }
  await page.setViewportSize(SIZES[0][1]);
}

describe('notifications and the calendar feed', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('shows the bell with its count, the reminders and the notifications, and opens one', async () => {
    const page = await signIn('yutai');
    const api = await (await page.request.get(`${BASE}/api/v1/notifications`)).json();
    if (api.unread > 0) {
      await page.waitForSelector('[data-testid=bell-count]');
      assert.equal((await page.textContent('[data-testid=bell-count]')).trim(), String(api.unread));
    }
    await shots(page, 'home');
    await Promise.all([page.waitForURL(/\/notifications$/), page.click('[data-testid=bell]')]);
    const reminders = page.locator('[data-testid=reminders] li');
    assert.ok((await reminders.count()) > 0, 'reminders of what falls behind');
    assert.match(await reminders.first().textContent(), /个组织本(月|季度|半年|年度)/);
    const items = page.locator('[data-testid=notices] li.notice');
    assert.ok((await items.count()) > 0, 'the welcome at least');
    await shots(page, 'list');
    // Opening one marks it read and goes on to its record (the welcome links the feed).
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/notifications')),
      items.first().locator('.notice-open button').click(),
    ]);
    const after = await (await page.request.get(`${BASE}/api/v1/notifications`)).json();
    assert.ok(after.items[0].read_at, 'marked read');
    await page.context().close();
  });

  it('issues a feed address, answers it as a calendar and revokes it', async () => {
    const page = await signIn('yutai');
    await page.goto(`${BASE}/feed`);
    await Promise.all([page.waitForURL(/\/feed$/), page.click('[data-testid=feed-issue]')]);
    const address = (await page.textContent('[data-testid=feed-address]')).trim();
    assert.match(address, /\/calendar\/tyc_[0-9a-f]+\.ics$/);
    await shots(page, 'feed');
    const feed = await page.request.get(address);
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'], /^text\/calendar/);
    const body = await feed.text();
    assert.ok(body.startsWith('BEGIN:VCALENDAR\r\n') && body.includes('BEGIN:VEVENT'), 'a calendar with events');
    await Promise.all([page.waitForURL(/\/feed\?ok=/), page.click('[data-testid=feed-revoke]')]);
    assert.equal((await page.request.get(address)).status(), 404);
    await page.context().close();
  });
});
