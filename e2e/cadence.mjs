// Browser test of the work cadence: the administrator (demo login admin) opens compliance —
// figures, drill-down, what is behind and the charts — and the activity records, records a
// meeting through the form with the roster of its day loaded (one member on leave with a
// reason, one absent), finds it on its page and in the list; opens sign-in on an activity of
// today and sees its code and QR code, and the sign-in page the QR code opens. Screenshots at 1440×900 and
// 375×812; on a phone no page scrolls sideways (wide tables scroll inside their card). Run
// by e2e/run.sh like run.mjs.

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
// Unique per run, so the test also passes against a server that already ran it.
const TOPIC = `学习党章${Date.now().toString(36).slice(-5)}`;

let browser;
const problems = [];

/** A day back in Beijing, as `YYYY-MM-DD`. */
function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);
}

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

/** Screenshots at both sizes; on the phone the page must not scroll sideways. */
async function shots(page, name) {
  for (const [label, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `cadence-${name}-${label}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= viewport.width + 1, `${name} at ${label}: the page is ${wide}px wide`);
  }
  await page.setViewportSize(SIZES[0][1]);
}

/** A party branch the caller reads with at least two members on its roster of `day`. */
async function branchWithMembers(page, day) {
  const res = await page.request.get(`${BASE}/api/v1/orgs?kind=party_branch&per_page=100`);
  assert.equal(res.status(), 200);
  for (const o of (await res.json()).items) {
    const r = await page.request.get(`${BASE}/api/v1/activities/roster?node_id=${o.id}&on=${day}`);
    const roster = await r.json();
    if (roster.length >= 2) return { id: o.id, name: o.name, roster };
  }
  throw new Error('no party branch with two members on its roster');
}

describe('the work cadence: compliance and activity records', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('shows compliance with its figures, tables and charts, and goes down a level', async () => {
    const page = await signIn('admin');
    await page.goto(`${BASE}/compliance`);
    await page.waitForSelector('[data-testid=compliance-figures]');
    const orgs = Number(await page.textContent('[data-testid=figure-organizations]'));
    assert.ok(orgs > 0, 'organizations with obligations');
    assert.match(await page.textContent('[data-testid=figure-rate]'), /%$/);
    assert.match(await page.getAttribute('[data-testid=compliance-export]', 'href'), /^\/api\/v1\/compliance\/export\.xlsx\?under=\d+&on=\d{4}-\d\d-\d\d$/);
    await page.waitForSelector('[data-testid=chart-cadence_trend] .chart-canvas canvas');
    await page.waitForSelector('[data-testid=chart-cadence_children] .chart-canvas canvas');
    await page.waitForTimeout(1200); // the bars grow in
    await shots(page, 'compliance');
    const child = page.locator('[data-testid=compliance-children] tbody a').first();
    if (await child.count()) {
      await Promise.all([page.waitForURL(/\/compliance\?under=\d+&on=/), child.click()]);
      await page.waitForSelector('[data-testid=compliance-figures]');
    }
    await page.context().close();
  });

  it('records an activity with the roster of its day and finds it', async () => {
    const page = await signIn('admin');
    const day = daysAgo(1);
    const branch = await branchWithMembers(page, day);
    await page.goto(`${BASE}/activities`);
    await shots(page, 'activities');
    await Promise.all([page.waitForURL(/\/activities\/new$/), page.click('[data-testid=activity-new]')]);
    const form = page.locator('form[data-testid=activity-form]');
    await form.locator('[data-testid=roster-wait]').waitFor();
    // The organization through the picker, then the time: the roster loads.
    const picker = form.locator('[data-picker]');
    await picker.locator('.picker-text').pressSequentially(branch.name, { delay: 20 });
    const offer = picker.locator('.picker-option', { has: page.locator('.picker-name', { hasText: branch.name }) }).first();
    await offer.waitFor();
    await offer.locator('.picker-name').click();
    assert.equal(await picker.locator('input[type=hidden]').inputValue(), String(branch.id));
    await form.locator('#held_at').fill(`${day}T09:30`);
    const rows = form.locator('[data-testid=roster-list] li');
    await rows.first().waitFor();
    assert.equal(await rows.count(), branch.roster.length);
    assert.equal(await form.locator('[data-testid=roster-count]').textContent(), String(branch.roster.length));
    await rows.nth(0).locator('input[type=radio][value=leave]').check();
    await rows.nth(0).locator('input.roster-reason').fill('外出学习');
    await rows.nth(1).locator('input[type=radio][value=absent]').check();
    await form.locator('input[name=types][value=branch_congress]').check();
    await form.locator('input[name=types][value=party_lecture]').check();
    await form.locator('input[name=topic]').fill(TOPIC);
    await form.locator('input[name=place]').fill('党员活动室');
    await form.locator('input[name=host]').fill('支部书记');
    await form.locator('textarea[name=minutes]').fill('一、学习党章\n二、交流发言');
    await shots(page, 'form');
    await Promise.all([
      page.waitForURL(/\/activities\/\d+\?ok=/),
      form.locator('button[type=submit].primary').click(),
    ]);
    assert.equal(await page.textContent('[data-testid=activity-topic]'), TOPIC);
    assert.equal(await page.textContent('[data-testid=count-expected]'), String(branch.roster.length));
    assert.equal(await page.textContent('[data-testid=count-leave]'), '1');
    assert.equal(await page.textContent('[data-testid=count-absent]'), '1');
    assert.equal(await page.textContent('[data-testid=count-present]'), String(branch.roster.length - 2));
    assert.match(await page.textContent('[data-testid=activity-attendance]'), /外出学习/);
    await shots(page, 'activity');
    // The edit dialog opens with the recorded attendance.
    await page.click('[data-dialog-bar] button:has-text("修改记录")');
    const dialog = page.locator('dialog[open]');
    assert.ok(await dialog.locator('input[type=radio][value=leave]:checked').count() >= 1);
    await shots(page, 'edit-dialog');
    await page.keyboard.press('Escape');
    // In the list, found by its topic.
    await page.goto(`${BASE}/activities?q=${encodeURIComponent(TOPIC)}`);
    const found = page.locator('[data-testid=activities] tbody a', { hasText: TOPIC });
    assert.equal(await found.count(), 1);
    await shots(page, 'list-found');
    await page.context().close();
  });

  it('opens sign-in on an activity held today, with its code and QR code', async () => {
    const page = await signIn('admin');
    const day = daysAgo(0);
    const branch = await branchWithMembers(page, day);
    const res = await page.request.post(`${BASE}/api/v1/activities`, {
      data: { node_id: branch.id, types: ['theme_day'], held_at: `${day} 08:00`, topic: `${TOPIC}签到` },
    });
    assert.equal(res.status(), 201);
    const id = (await res.json()).id;
    await page.goto(`${BASE}/activities/${id}`);
    await Promise.all([
      page.waitForURL(/\/activities\/\d+\?ok=/),
      page.click('[data-testid=signin-open]'),
    ]);
    const code = (await page.textContent('[data-testid=signin-code]')).trim();
    assert.match(code, /^\d{6}$/);
    assert.equal(await page.locator('[data-testid=signin-qr] svg').count(), 1);
    await shots(page, 'signin-open');
    // The QR code's address opens the sign-in page with the code filled in.
    await page.goto(`${BASE}/signin?code=${code}`);
    assert.equal(await page.inputValue('#signin-code'), code);
    await shots(page, 'signin-page');
    await page.context().close();
  });

  it('lists the obligations', async () => {
    const page = await signIn('admin');
    await page.goto(`${BASE}/obligations`);
    assert.ok(await page.locator('[data-testid=obligations] tbody tr').count() >= 12);
    await page.waitForSelector('[data-testid=obligation-form]');
    await shots(page, 'obligations');
    await page.context().close();
  });
});
