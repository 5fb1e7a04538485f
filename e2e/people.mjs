// Browser test of the people import: binhai downloads nothing by hand but builds a file with
// the template's columns, imports it with one bad cell, reads the error table, fixes the cell,
// imports again and finds the people in the list. Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { idNumber, xlsx } from './xlsx.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.TOUYAN_E2E_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = process.env.TOUYAN_E2E_SCREENSHOTS || path.join(here, '..', 'target', 'e2e-screenshots');
const CHROMIUM = process.env.TOUYAN_E2E_CHROMIUM || '/usr/bin/chromium';

// Unique per run: names and ID numbers a rerun against the same server has not used.
const RUN = Date.now() % 100000;
const TAG = `导入${RUN.toString(36)}`;
const HEADER = ['姓名', '性别', '出生日期', '身份证号', '所属组织', '政治面貌'];

function people() {
  return [0, 1, 2].map((i) => {
    const birth = `19${70 + (RUN % 20)}-0${1 + i}-1${i}`;
    const male = i % 2 === 0;
    return [`${TAG}${'甲乙丙'[i]}`, male ? '男' : '女', birth, idNumber('370703', birth, RUN + i, male), 'WFBH', '群众'];
  });
}

let browser;
let page;
const problems = [];
const dir = mkdtemp();

function mkdtemp() {
  const d = path.join(os.tmpdir(), `touyan-e2e-${process.pid}`);
  mkdirSync(d, { recursive: true });
  return d;
}

function file(name, rows) {
  const p = path.join(dir, name);
  writeFileSync(p, xlsx('人员', [HEADER, ...rows]));
  return p;
}

async function upload(p) {
  const form = page.locator('form[hx-post="/people/import/people"]');
  await form.locator('input[type=file]').setInputFiles(p);
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/people/import/people'),
    form.locator('button[type=submit]').click(),
  ]);
}

describe('people import in a browser', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    page.on('response', (r) => {
      const s = r.status();
      // The import's refusals and the dialog's refused edit (422) are what the tests ask for.
      const expected = new URL(r.url()).pathname === '/people/import/people' || (s === 422 && r.request().method() === 'POST');
      if (r.url().startsWith(BASE) && s >= 400 && !expected) {
        problems.push(`HTTP ${s} for ${r.request().method()} ${r.url()}`);
      }
    });
    await page.goto(`${BASE}/login`);
    await page.fill('input[name=username]', 'binhai');
    await page.fill('input[name=password]', 'touyan-demo');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/login"] button[type=submit]')]);
  });

  after(async () => {
    await browser?.close();
  });

  it('a file with one bad cell is refused with a table naming the cell, and nothing is written', async () => {
    await page.goto(`${BASE}/people/import`);
    const rows = people();
    const bad = rows.map((r) => [...r]);
    bad[1][3] = bad[1][3].slice(0, 17) + (bad[1][3][17] === '0' ? '1' : '0'); // wrong check digit
    await upload(file('bad.xlsx', bad));
    const table = page.locator('#import-errors');
    await table.waitFor();
    const text = await table.textContent();
    assert.match(text, /身份证号/);
    assert.match(text, /校验位/);
    assert.equal(await table.locator('tbody tr').count(), 1);
    // Row 3 of the sheet: the header is row 1.
    assert.match(await table.locator('tbody tr').first().textContent(), /\b3\b/);
    await page.locator('a[href^="/people/import/report/"]').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'people-import-errors.png'), fullPage: true });
    await page.goto(`${BASE}/people?q=${encodeURIComponent(TAG)}`);
    assert.doesNotMatch(await page.locator('main').textContent(), new RegExp(`${TAG}甲`));
  });

  it('the fixed file imports, and the people are in the list', async () => {
    await page.goto(`${BASE}/people/import`);
    await upload(file('good.xlsx', people()));
    const ok = page.locator('#import-ok');
    await ok.waitFor();
    assert.match(await ok.textContent(), /3/);
    await page.screenshot({ path: path.join(SHOTS, 'people-import-ok.png'), fullPage: true });
    await page.goto(`${BASE}/people?q=${encodeURIComponent(TAG)}`);
    const main = await page.locator('main').textContent();
    for (const n of ['甲', '乙', '丙']) assert.match(main, new RegExp(`${TAG}${n}`));
    // Numbers are masked in the list.
    assert.match(main, /370703\*{8}/);
    await page.screenshot({ path: path.join(SHOTS, 'people-list.png'), fullPage: true });
  });

  it('a person page shows the record, its forms and the growth ledger, also on a phone', async () => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: `${TAG}甲` }).click()]);
    assert.match(new URL(page.url()).pathname, /^\/people\/\d+$/);
    const main = await page.locator('main').textContent();
    assert.match(main, new RegExp(`${TAG}甲`));
    assert.match(main, /370703\*{8}/);
    await page.screenshot({ path: path.join(SHOTS, 'person.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px on a phone`);
    await page.screenshot({ path: path.join(SHOTS, 'person-phone.png'), fullPage: true });
  });

  it('edits the person in a dialog: a bad field is named there with the focus on it', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.reload();
    const open = page.locator('[data-dialog-bar] button', { hasText: '修改信息' });
    await open.click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.locator('input[name=phone]').fill('12345');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      dialog.locator('button[type=submit]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(res.status(), 422);
    // The page comes back with its dialog open, the error beside the field, the field focused.
    const again = page.locator('dialog[open]');
    await again.waitFor();
    assert.match(await again.locator('.field-error').first().textContent(), /手机/);
    const focused = await page.evaluate(() => [document.activeElement.name, document.activeElement.getAttribute('aria-invalid')]);
    assert.deepEqual(focused, ['phone', 'true']);
    await page.screenshot({ path: path.join(SHOTS, 'person-dialog-error.png') });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: path.join(SHOTS, 'person-dialog-error-phone.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await again.locator('input[name=phone]').fill('13800138000');
    await Promise.all([page.waitForURL(/\/people\/\d+\?/), again.locator('button[type=submit]').click()]);
    assert.equal(await page.locator('dialog[open]').count(), 0);
    assert.ok(await page.locator('p.flash').isVisible());
  });

  it('no script errors and no failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
