// Browser test of a studio leader's day: 田茂英 (demo login tianmaoying) opens "my studio",
// pairs a member as apprentice, records a session and an outcome, adds an achievement with an
// evidence file, and finds both on the studio page and in the apprentice's growth ledger;
// then the studio's public page on a phone. Run by e2e/run.sh like run.mjs.

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

const STUDIO = '田茂英红星工匠工作室';
const LEADER = '田茂英';
// Unique per run, so a rerun against the same server finds its own records.
const RUN = Date.now().toString(36).slice(-5);
const PAIR = `一对一带教${RUN}`;
const ACH = `反应釜密封改进${RUN}`;
const OUTCOME = `取得高级工证书${RUN}`;

let browser;
let page;
const problems = [];
const state = {};

function today() {
  // The server checks dates in Beijing time.
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

async function submit(form) {
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').first().click()]);
  await page.waitForLoadState('load');
}

describe('a studio leader in a browser', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    page.on('response', (r) => {
      const s = r.status();
      if (r.url().startsWith(BASE) && s >= 400) {
        problems.push(`HTTP ${s} for ${r.request().method()} ${r.url()}`);
      }
    });
    await page.goto(`${BASE}/login`);
    await page.fill('input[name=username]', 'tianmaoying');
    await page.fill('input[name=password]', 'touyan-demo');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/login"] button[type=submit]')]);
  });

  after(async () => {
    await browser?.close();
  });

  it('"my studio" lists the studio the leader leads', async () => {
    await page.goto(`${BASE}/my-studio`);
    const mine = page.locator('[data-testid=my-studios]');
    assert.match(await mine.textContent(), new RegExp(STUDIO));
    await page.screenshot({ path: path.join(SHOTS, 'studio-mine.png'), fullPage: true });
    await Promise.all([page.waitForLoadState('load'), mine.getByRole('link', { name: STUDIO }).click()]);
    state.studio = new URL(page.url()).pathname.match(/^\/studios\/(\d+)$/)[1];
    assert.equal(await page.locator('[data-testid=studio-name]').textContent().then((t) => t.includes(STUDIO)), true);
    assert.ok((await page.locator('[data-testid=studio-members] tbody tr').count()) >= 10);
    await page.screenshot({ path: path.join(SHOTS, 'studio-overview.png'), fullPage: true });
  });

  it('pairs an apprentice and records a session and an outcome', async () => {
    await page.goto(`${BASE}/studios/${state.studio}/mentorships`);
    const form = page.locator('[data-testid=mentorship-form]');
    await form.locator('select[name=shape]').selectOption('pair');
    await form.locator('input[name=title]').fill(PAIR);
    const mentor = await form
      .locator('select[name=mentor_id] option', { hasText: LEADER })
      .first()
      .getAttribute('value');
    await form.locator('select[name=mentor_id]').selectOption(mentor);
    // The first member who is not the leader becomes the apprentice.
    const pick = form.locator('[data-testid=apprentice-pick] tbody tr').filter({ hasNotText: LEADER }).first();
    const box = pick.locator('input[type=checkbox]');
    state.apprentice = await box.getAttribute('value');
    state.apprenticeName = (await pick.locator('label').textContent()).trim().split(/\s|·/)[0];
    await box.check();
    await form.locator('input[name=started_on]').fill(today());
    await form.locator('textarea[name=goals]').fill('一年内独立完成反应釜检修');
    await submit(form);
    // A new mentorship opens on its own page.
    assert.match(new URL(page.url()).pathname, /^\/studios\/\d+\/mentorships\/\d+$/);
    assert.match(await page.locator('[data-testid=mentorship-title]').textContent(), new RegExp(PAIR));

    const session = page.locator('[data-testid=session-form]');
    await session.locator('input[name=held_on]').fill(today());
    await session.locator('input[name=content]').fill('示范密封件更换');
    await session.locator('input[name=hours]').fill('2.5');
    await submit(session);
    assert.match(await page.locator('[data-testid=sessions]').textContent(), /示范密封件更换/);

    const outcome = page.locator('[data-testid=outcome-form]');
    await outcome.locator('select[name=person_id]').selectOption(state.apprentice);
    await outcome.locator('select[name=kind]').selectOption('certified');
    await outcome.locator('input[name=achieved_on]').fill(today());
    await outcome.locator('input[name=description]').fill(OUTCOME);
    await submit(outcome);
    assert.match(await page.locator('[data-testid=outcomes]').textContent(), new RegExp(OUTCOME));
    await page.screenshot({ path: path.join(SHOTS, 'studio-mentorship.png'), fullPage: true });
  });

  it('adds an achievement with evidence and sees it on the studio page', async () => {
    await page.goto(`${BASE}/studios/${state.studio}/achievements`);
    const form = page.locator('[data-testid=ach-add]');
    // The form sits in a folded section.
    const fold = page.locator('details', { has: form });
    if ((await fold.count()) > 0 && !(await fold.first().evaluate((d) => d.open))) {
      await fold.first().locator('summary').first().click();
    }
    await form.locator('select[name=kind]').selectOption('innovation');
    await form.locator('input[name=title]').fill(ACH);
    await form.locator('input[name=achieved_on]').fill(today());
    await form.locator('select[name=contributors]').selectOption([state.apprentice]);
    await form.locator('input[name=evidence]').setInputFiles({
      name: '成果证明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% touyan e2e evidence\n'),
    });
    const pub = form.locator('input[name=public]');
    if (!(await pub.isChecked())) await pub.check();
    await submit(form);
    const table = page.locator('[data-testid=achievements]');
    const row = table.locator('tr', { hasText: ACH });
    await row.waitFor();
    const link = row.locator('a[href^="/studios/files/"]').first();
    assert.match(await link.textContent(), /成果证明\.pdf/);
    const res = await page.request.get(`${BASE}${await link.getAttribute('href')}`);
    assert.equal(res.status(), 200);
    assert.match((await res.body()).toString(), /^%PDF-/);
    await page.screenshot({ path: path.join(SHOTS, 'studio-achievements.png'), fullPage: true });
  });

  it("the apprentice's growth ledger shows the mentorship, the outcome and the achievement", async () => {
    await page.goto(`${BASE}/people/${state.apprentice}`);
    const ledger = await page.locator('[data-testid=ledger]').textContent();
    assert.match(ledger, new RegExp(LEADER));
    assert.match(ledger, new RegExp(OUTCOME));
    assert.match(ledger, new RegExp(ACH));
    await page.screenshot({ path: path.join(SHOTS, 'studio-apprentice-ledger.png'), fullPage: true });
  });

  it('the public page shows the studio without signing in, also on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const anon = await context.newPage();
    const r = await anon.goto(`${BASE}/s/tian-maoying`);
    assert.equal(r.status(), 200);
    const text = await anon.locator('[data-testid=public-studio]').textContent();
    assert.match(text, new RegExp(STUDIO));
    assert.match(text, new RegExp(ACH));
    // Nothing but the public fields: no member list, no field of work.
    assert.doesNotMatch(text, /化工生产工艺与设备/);
    const overflow = await anon.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the public page scrolls sideways by ${overflow}px on a phone`);
    await anon.screenshot({ path: path.join(SHOTS, 'studio-public-phone.png'), fullPage: true });
    await context.close();
  });

  it('no script errors and no failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
