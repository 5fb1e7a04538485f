// Browser test of the work lists: 鱼台's administrator (demo login yutai) opens the tasks it
// issued, the recruitment plan's progress with its rates table and chart, drills down a
// level, issues a task to every 党支部 of the zone through the form, fills in one branch's
// feedback, and accepts it. Screenshots at 1440×900 and 375×812; on a phone no page scrolls
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
// Unique per run, so the test also passes against a server that already ran it.
const TITLE = `报送学习情况${Date.now().toString(36).slice(-5)}`;

let browser;
const problems = [];

/** A day ahead in Beijing, as `YYYY-MM-DD`. */
function daysAhead(n) {
  return new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
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
    await page.screenshot({ path: path.join(SHOTS, `task-${name}-${label}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= viewport.width + 1, `${name} at ${label}: the page is ${wide}px wide`);
  }
  await page.setViewportSize(SIZES[0][1]);
}


async function pick(page, form, name, text) {
  const picker = form.locator(`[data-picker]:has(input[name=${name}])`);
  await picker.locator('.picker-text').pressSequentially(text, { delay: 20 });
  const offer = picker.locator('.picker-option', { has: page.locator('.picker-name', { hasText: text }) }).first();
  await offer.waitFor();
  await offer.locator('.picker-name').click();
}

describe('the work lists: progress, issuing and feedback', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('shows the progress of a task at every level with its chart', async () => {
    const page = await signIn('yutai');
    await page.goto(`${BASE}/tasks?mailbox=issued`);
    await shots(page, 'list');
    const plan = page.locator('[data-testid=tasks] tbody a', { hasText: '党员发展计划' });
    assert.equal(await plan.count(), 1);
    await Promise.all([page.waitForURL(/\/tasks\/\d+$/), plan.click()]);
    assert.match(await page.textContent('[data-testid=task-rates-level]'), /62%.*46%/);
    await page.waitForSelector('[data-testid=chart-task_rates] .chart-canvas canvas');
    await page.waitForTimeout(1200); // the bars grow in
    await shots(page, 'task');
    const down = page.locator('[data-testid=task-rates-children] tbody a').first();
    if (await down.count()) {
      await Promise.all([page.waitForURL(/\/tasks\/\d+\?under=\d+$/), down.click()]);
      await page.waitForSelector('[data-testid=task-rates-level]');
    }
    await page.context().close();
  });

  it('issues a task to every branch, takes one feedback and accepts it', async () => {
    const page = await signIn('yutai');
    await page.goto(`${BASE}/tasks`);
    await Promise.all([page.waitForURL(/\/tasks\/new$/), page.click('[data-testid=task-new]')]);
    const form = page.locator('form[data-testid=task-form]');
    await pick(page, form, 'node_id', '鱼台经济开发区');
    await form.locator('input[name=title]').fill(TITLE);
    await form.locator('textarea[name=body]').fill('请各支部报送本月理论学习情况。');
    await form.locator('#due_at').fill(`${daysAhead(10)}T17:30`);
    await form.locator('select[name=kind]').selectOption('party_branch');
    await pick(page, form, 'under', '鱼台经济开发区');
    await form.locator('input[name=label_0]').fill('参加学习人数');
    await form.locator('select[name=kind_0]').selectOption('number');
    await form.locator('input[name=label_1]').fill('是否形成学习记录');
    await form.locator('select[name=kind_1]').selectOption('yes_no');
    await shots(page, 'form');
    await Promise.all([page.waitForURL(/\/tasks\/\d+\?ok=/), form.locator('button[type=submit].primary').click()]);
    assert.equal(await page.textContent('[data-testid=task-title]'), TITLE);
    const rows = page.locator('[data-testid=task-recipients] tbody a');
    assert.ok(await rows.count() >= 20);
    await Promise.all([page.waitForURL(/\/recipients\/\d+$/), rows.first().click()]);
    const fb = page.locator('form[data-testid=feedback-form]');
    await fb.locator('input[name=answer_0]').fill('12');
    await fb.locator('select[name=answer_1]').selectOption('yes');
    await fb.locator('textarea[name=note]').fill('已组织集中学习');
    await shots(page, 'feedback');
    await Promise.all([page.waitForURL(/\?ok=ok\.task_submitted$/), fb.locator('button[type=submit]').click()]);
    assert.equal((await page.textContent('[data-testid=recipient-state]')).trim(), '已提交');
    await Promise.all([page.waitForURL(/\?ok=ok\.task_accepted$/), page.click('[data-testid=task-accept]')]);
    assert.equal((await page.textContent('[data-testid=recipient-state]')).trim(), '已验收');
    assert.match(await page.textContent('[data-testid=answers]'), /12/);
    await shots(page, 'accepted');
    // The issuer withdraws (撤回) the task with a reason; it then shows as withdrawn.
    await page.goto(page.url().replace(/\/recipients\/.*$/, ''));
    const wd = page.locator('details:has(form[data-testid=task-withdraw-form])');
    await wd.locator('summary').click();
    await wd.locator('input[name=reason]').fill('任务内容调整，另行下发');
    await Promise.all([page.waitForURL(/\?ok=/), wd.locator('button[type=submit]').click()]);
    assert.equal(await page.locator('[data-testid=task-withdrawn]').count(), 1);
    assert.match(await page.textContent('[data-testid=task-withdraw-reason]'), /另行下发/);
    await shots(page, 'withdrawn');
    await page.context().close();
  });
});
