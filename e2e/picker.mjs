// Browser test of the organization picker: the park's dispatcher (demo login binhai) files a
// person at a node found by its pinyin initials, browses the tree a level down, and is stopped
// with a message when a typed name was not chosen. The form never shows a node number. The
// people list is a table on a desktop and cards on a phone. A studio's leader is picked by
// name the same way.
// Screenshots at 1440×900 and 375×812. Run by e2e/run.sh like run.mjs.

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

async function signedIn(viewport, phone) {
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
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', 'binhai');
  await page.fill('input[name=password]', 'touyan-demo');
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
  return page;
}

/** The people list's filter picker, typed into and waited for. */
async function typeInto(page, text) {
  const picker = page.locator('form [data-picker]').first();
  const field = picker.locator('.picker-text');
  await field.fill('');
  await field.pressSequentially(text, { delay: 30 });
  await picker.locator('.picker-option').first().waitFor();
  return picker;
}

describe('the organization picker', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
  });

  for (const [label, viewport, phone] of [
    ['desktop', { width: 1440, height: 900 }, false],
    ['phone', { width: 375, height: 812 }, true],
  ]) {
    it(`finds a node by pinyin initials and shows the names above it (${label})`, async () => {
      const page = await signedIn(viewport, phone);
      await page.goto(`${BASE}/people`);
      // The list is a table on a desktop and cards on a phone, each cell named by its column.
      const list = page.locator('table[data-testid=people-list]');
      await page.waitForFunction(() => document.querySelector('table[data-testid=people-list].cards'));
      assert.equal(await list.locator('thead').isVisible(), !phone);
      assert.equal(await list.locator('tbody tr td').nth(1).getAttribute('data-label'), '性别');
      const picker = await typeInto(page, 'zgyg');
      const first = picker.locator('.picker-option').first();
      assert.equal(await first.locator('.picker-name').textContent(), '中国药谷园区');
      assert.match(await first.locator('small').textContent(), /潍坊滨海经济技术开发区/);
      await page.screenshot({ path: path.join(SHOTS, `picker-search-${label}.png`) });
      // The list fits the screen: no sideways scroll on the phone.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(wide, false, 'the page scrolls sideways');
      await first.click();
      assert.equal(await picker.locator('.picker-text').inputValue(), '中国药谷园区');
      const id = await picker.locator('input[type=hidden]').inputValue();
      assert.match(id, /^\d+$/);
      await Promise.all([page.waitForURL(/under=/), page.locator('form:has([data-picker]) button[type=submit]').first().click()]);
      // After the filter, the field shows the name again, never the number.
      const again = page.locator('form [data-picker] .picker-text').first();
      await page.waitForFunction((el) => el.value !== '', await again.elementHandle());
      assert.equal(await again.inputValue(), '中国药谷园区');
      assert.ok(new URL(page.url()).searchParams.get('under') === id);
      await page.context().close();
    });
  }

  it('browses the tree a level at a time and stops a name that was not chosen', async () => {
    const page = await signedIn({ width: 1440, height: 900 }, false);
    await page.goto(`${BASE}/people`);
    const picker = page.locator('form [data-picker]').first();
    await picker.locator('.picker-browse').click();
    const top = picker.locator('.picker-option').first();
    await top.waitFor();
    assert.equal(await top.locator('.picker-name').textContent(), '潍坊滨海经济技术开发区');
    await top.locator('.picker-open').click();
    await picker.locator('.picker-up').waitFor();
    const names = await picker.locator('.picker-option .picker-name').allTextContents();
    assert.ok(names.includes('中国药谷园区'), names.join(','));
    await page.screenshot({ path: path.join(SHOTS, 'picker-browse-desktop.png') });
    await picker.locator('.picker-option', { hasText: '新材料产业园' }).locator('.picker-name').click();
    assert.equal(await picker.locator('.picker-text').inputValue(), '新材料产业园');
    // A name typed and not chosen from the list: the form says so and stays.
    await picker.locator('.picker-text').fill('没有这个组织');
    await page.locator('form:has([data-picker]) button[type=submit]').first().click();
    await picker.locator('.picker-error').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('under'), null);
    assert.equal(await picker.locator('.picker-text').getAttribute('aria-invalid'), 'true');
    await page.context().close();
  });

  it('picks a studio leader by name, never by number', async () => {
    const page = await signedIn({ width: 1440, height: 900 }, false);
    await page.goto(`${BASE}/studios/new`);
    const picker = page.locator('[data-picker][data-src="/people/pick"]').first();
    await picker.locator('.picker-text').pressSequentially('田茂', { delay: 30 });
    const offer = picker.locator('.picker-option').first();
    await offer.waitFor();
    assert.equal(await offer.locator('.picker-name').textContent(), '田茂英');
    assert.match(await offer.locator('small').textContent(), /潍坊润丰化工股份有限公司/);
    assert.equal(await picker.locator('.picker-browse').count(), 0);
    await offer.click();
    assert.match(await picker.locator('input[type=hidden][name=leader_id]').inputValue(), /^\d+$/);
    assert.equal(await picker.locator('.picker-text').inputValue(), '田茂英');
    await page.context().close();
    assert.deepEqual(problems, []);
  });
});
