// Browser tests of the server-rendered pages, in Debian's Chromium through playwright-core.
//
// Run by e2e/run.sh, which builds and starts the demo server and sets:
//   TOUYAN_E2E_URL          the server, e.g. http://127.0.0.1:18080
//   TOUYAN_E2E_SCREENSHOTS  where the screenshots go (default ../target/e2e-screenshots)
//   TOUYAN_E2E_CHROMIUM     the browser (default /usr/bin/chromium)
//
// The scenario: a park's organization admin (binhai) signs in, opens a node in the tree,
// creates a child node, sees it in the tree and on its page, cannot see a sibling subtree,
// switches to English and signs out; plus a failed login and a phone-sized page.

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

const PARK = '潍坊滨海经济技术开发区';
const SIBLING = '南村街道';
// Unique per run, so the test also passes against a server that already ran it.
const CHILD = `滨海测试党支部${Date.now().toString(36).slice(-5)}`;

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 812 };

/** The error answers the scenario provokes on purpose. */
const EXPECTED_FAILURES = [
  /^POST \/login 401$/, // the failed login
  /^GET \/orgs\/\d+ 404$/, // the out-of-scope node
  /^POST \/orgs\/\d+\/children 422$/, // the rejected form
];

let browser;
/** Page errors, console errors and failed same-origin responses, checked at the end. */
const problems = [];

async function newPage(viewport = DESKTOP, extra = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...extra });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // Anything the security policy blocked, whatever the level it is reported at.
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) {
      problems.push(`CSP violation on ${page.url()}: ${m.text()}`);
      return;
    }
    // Failed loads are judged from the responses below, where some are expected.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    const s = r.status();
    if (!r.url().startsWith(BASE) || s < 400) return;
    const what = `${r.request().method()} ${new URL(r.url()).pathname} ${s}`;
    if (!EXPECTED_FAILURES.some((re) => re.test(what))) problems.push(`HTTP ${s} for ${what}`);
  });
  return page;
}

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage });
}

/** Signs in through the form; answers the status of the form's POST. */
async function login(page, username, password = PASSWORD) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

/** Opens the menu under the user's name (account, language, signing out). */
async function userMenu(page) {
  await page.click('[data-testid=user-menu]');
  await page.locator('#user-pop').waitFor();
}

/** The link of a node in the tree, matched on its whole name. */
function treeLink(page, name) {
  return page.locator('#tree').getByRole('link', { name, exact: true });
}

describe('touyan in a browser', () => {
  let page; // binhai's desktop page, shared by the steps of the scenario in order
  let childUrl = '';

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('a failed login shows the error and stays on the login page', async () => {
    const p = await newPage();
    assert.equal(await login(p, 'binhai', 'not-the-password'), 401);
    const err = p.locator('.login p.error[role=alert]');
    await err.waitFor();
    assert.equal((await err.textContent()).trim(), '用户名或密码错误。');
    assert.equal(await p.locator('input[name=username]').inputValue(), 'binhai');
    assert.equal(await p.locator('[data-testid=logout]').count(), 0);
    await shot(p, 'desktop-login-failed.png');
    await p.context().close();
  });

  it('binhai signs in and sees the organization tree rooted at the park', async () => {
    page = await newPage();
    assert.equal(await login(page, 'binhai'), 303);
    await page.locator('[data-testid=logout]').waitFor({ state: 'attached' });
    // The language is kept per account; a run that stopped half-way may have left English.
    if ((await page.locator('[data-testid=lang-zh]').count()) > 0) {
      await userMenu(page);
      await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=lang-zh]')]);
    }
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.locator('#nav').getByRole('link', { name: '组织体系', exact: true }).click();
    await page.waitForURL(`${BASE}/orgs`);
    await treeLink(page, PARK).waitFor();
    const roots = await page.locator('#tree > li > .tree-row > a').allTextContents();
    assert.deepEqual(roots.map((s) => s.trim()), [PARK]);
  });

  it('a branch of the tree opens in place (htmx)', async () => {
    const toggle = page.locator('#tree > li > .tree-row > .tree-toggle').first();
    await toggle.click();
    await treeLink(page, '中国药谷园区').waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  });

  it('binhai does not see the sibling subtree 南村街道', async () => {
    assert.equal(await page.locator('#tree').getByText(SIBLING).count(), 0);
    assert.equal(await page.locator('#tree').getByText('北京市朝阳区').count(), 0);
    // Nor can it be found by searching.
    await page.goto(`${BASE}/orgs?q=${encodeURIComponent(SIBLING)}`);
    assert.equal(await page.locator('.detail table a', { hasText: SIBLING }).count(), 0);
    assert.ok((await page.locator('.detail td.muted').textContent()).includes('暂无数据'));
    // Nor opened by its id, which the admin can see: it answers 404 like a missing node.
    const admin = await newPage();
    await login(admin, 'admin');
    await admin.goto(`${BASE}/orgs?q=${encodeURIComponent(SIBLING)}`);
    const href = await admin.locator('.detail table a', { hasText: SIBLING }).first().getAttribute('href');
    assert.match(href, /^\/orgs\/\d+$/);
    await admin.context().close();
    const res = await page.goto(`${BASE}${href}`);
    assert.equal(res.status(), 404);
    assert.equal(await page.locator('body').getByText(SIBLING).count(), 0);
  });

  it('opens a node from the tree', async () => {
    await page.goto(`${BASE}/orgs`);
    await treeLink(page, PARK).click();
    await page.waitForURL(/\/orgs\/\d+$/);
    assert.equal((await page.locator('[data-testid=node-name]').textContent()).trim(), PARK);
    // The path to the selected node is open and the node is marked.
    assert.equal((await page.locator('#tree li.selected > .tree-row > a').textContent()).trim(), PARK);
  });

  it('creates a child node through 新建下级组织', async () => {
    // 新建下级组织 opens its form in a dialog.
    await page.locator('[data-dialog-bar] button', { hasText: '新建下级组织' }).click();
    const form = page.locator('dialog[open] form[data-testid=add-child]');
    await form.locator('input[name=name]').fill(CHILD);
    await form.locator('select[name=kind]').selectOption({ label: '党支部' });
    await Promise.all([page.waitForURL(/\/orgs\/\d+\?ok=/), form.locator('button[type=submit]').click()]);
    childUrl = page.url().replace(/\?.*$/, '');
    assert.equal((await page.locator('[data-testid=node-name]').textContent()).trim(), CHILD);
    assert.equal((await page.locator('p.flash').textContent()).trim(), '已创建。');
    // In the tree, under the park, selected.
    await treeLink(page, CHILD).waitFor();
    assert.equal((await page.locator('#tree li.selected > .tree-row > a').textContent()).trim(), CHILD);
    const crumbs = (await page.locator('nav.crumbs a').allTextContents()).map((s) => s.trim());
    assert.deepEqual(crumbs, [PARK, CHILD]);
    assert.ok((await page.locator('dl.facts').textContent()).includes('党支部'));
    await shot(page, 'desktop-org-created.png');
  });

  it('the new node is listed under its parent and in the tree after a reload', async () => {
    await page.goto(`${BASE}/orgs`);
    await treeLink(page, PARK).click();
    await page.waitForURL(/\/orgs\/\d+$/);
    await page.locator('.detail table a', { hasText: CHILD }).waitFor();
    await treeLink(page, CHILD).waitFor();
  });

  it('a rejected form keeps the input and names the field in Chinese', async () => {
    await page.locator('[data-dialog-bar] button', { hasText: '新建下级组织' }).click();
    const form = page.locator('dialog[open] form[data-testid=add-child]');
    await form.locator('input[name=name]').fill('编码有误的组织');
    await form.locator('select[name=kind]').selectOption({ label: '党支部' });
    await form.locator('input[name=code]').fill('含 空格!');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      form.locator('button[type=submit]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(res.status(), 422);
    const again = page.locator('dialog[open] form[data-testid=add-child]');
    assert.ok(await again.isVisible(), 'the form is shown open again, in its dialog');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'code', 'the bad field has the focus');
    assert.equal(await again.locator('input[name=name]').inputValue(), '编码有误的组织');
    const msg = again.locator('.field-error');
    assert.equal(await msg.count(), 1);
    assert.match(await msg.textContent(), /编码只能包含字母、数字/);
    assert.equal(await page.locator('#tree').getByText('编码有误的组织').count(), 0);
  });

  it('the org page fits a 375×812 phone', async () => {
    const phone = await newPage(PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await login(phone, 'binhai');
    await phone.goto(childUrl);
    assert.equal((await phone.locator('[data-testid=node-name]').textContent()).trim(), CHILD);
    await shot(phone, 'phone-org.png');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width}px wide on a ${PHONE.width}px phone`);
    // The navigation is behind the menu button on a phone and opens from it.
    await phone.locator('.menu-toggle').click();
    await phone.locator('#nav').getByRole('link', { name: '组织体系', exact: true }).waitFor({ state: 'visible' });
    await shot(phone, 'phone-org-menu.png', false);
    await phone.context().close();
  });

  it('switches to English', async () => {
    await page.goto(childUrl);
    await userMenu(page);
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=lang-en]')]);
    await page.locator('[data-testid=lang-zh]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.ok(page.url().startsWith(childUrl), `stayed on the page (${page.url()})`);
    await page.locator('#nav').getByRole('link', { name: 'Organizations', exact: true }).waitFor();
    assert.equal((await page.locator('[data-testid=logout]').textContent()).trim(), 'Sign out');
    assert.doesNotMatch(await page.locator('#nav').textContent(), /组织体系/);
    // Data stays as entered.
    assert.equal((await page.locator('[data-testid=node-name]').textContent()).trim(), CHILD);
    await shot(page, 'desktop-org-en.png');
  });

  it('the English choice is kept for the account, and switching back works', async () => {
    await page.goto(`${BASE}/orgs`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await userMenu(page);
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=lang-zh]')]);
    await page.locator('[data-testid=lang-en]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.locator('#nav').getByRole('link', { name: '组织体系', exact: true }).waitFor();
  });

  it('signs out and lands on the login page', async () => {
    await userMenu(page);
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=logout]')]);
    await page.locator('input[name=username]').waitFor();
    await page.locator('input[name=password]').waitFor();
    await page.getByText('已退出登录。').waitFor();
    assert.equal(await page.locator('[data-testid=logout]').count(), 0);
    assert.match(new URL(page.url()).pathname, /^\/login/);
    // Signed out for real: the org page now asks to sign in again.
    await page.goto(childUrl);
    await page.locator('input[name=password]').waitFor();
    assert.match(new URL(page.url()).pathname, /^\/login/);
    await shot(page, 'desktop-login.png');
    await page.context().close();
  });

  it('pages run under the security policy: its headers, no violations, bars drawn by app.js', async () => {
    const admin = await newPage();
    await login(admin, 'admin');
    const res = await admin.goto(`${BASE}/requests/stats`);
    const csp = res.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers()['x-frame-options'], 'DENY');
    // The rate bars' widths come from data-width, set by the script file.
    const fills = admin.locator('.rs-bar .fill[data-width]');
    assert.ok((await fills.count()) > 0, 'the statistics page draws its rate bars');
    const styled = await fills.evaluateAll((els) => els.every((e) => e.style.width === `${Math.min(100, parseFloat(e.dataset.width))}%`));
    assert.ok(styled, 'every bar has its width');
    // Every kind of page, each checked for violations by the console listener.
    for (const p of ['/', '/orgs', '/people', '/studios', '/requests', '/supervision', '/calendar', '/audit', '/api/docs']) {
      const r = await admin.goto(`${BASE}${p}`);
      assert.equal(r.status(), 200, p);
      await admin.waitForLoadState('networkidle');
    }
    await admin.context().close();
    const anon = await newPage();
    for (const p of ['/report', '/track']) {
      const r = await anon.goto(`${BASE}${p}`);
      assert.equal(r.status(), 200, p);
    }
    await anon.context().close();
  });

  it('no script errors and no failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
