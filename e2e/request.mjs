// Browser test of a service request's whole loop: a resident reports a broken street lamp on a
// phone without signing in and keeps the tracking code; the park's dispatcher (demo login
// binhai) receives it and dispatches it to a department; the department's handler accepts and
// replies; the dispatcher closes it; the resident reads the reply on the tracking page and
// rates it. The department and its handler account are made through the admin API first.
// Run by e2e/run.sh like run.mjs.

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

const ZONE = '潍坊滨海经济技术开发区';
const GRID = '药谷第一网格';
// Unique per run, so a rerun against the same server finds its own records.
const RUN = Date.now().toString(36).slice(-5);
const DEPT = `滨海区城市管理局${RUN}`;
const HANDLER = `chengguan${RUN}`;
const PROBLEM = `润丰化工东门外路灯不亮已一周，夜间车辆进出不便（${RUN}）`;
const REPLY = '已更换损坏的灯具并检修线路，路灯恢复正常照明。';
const CLOSING = '经电话回访确认已解决，诉求办结。';
const NAME = '王建国';
const PHONE = '13812345678';

let browser;
const problems = [];
const state = {};

function watch(page) {
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    const s = r.status();
    if (r.url().startsWith(BASE) && s >= 400) {
      problems.push(`HTTP ${s} for ${r.request().method()} ${r.url()}`);
    }
  });
}

async function newPage(options) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  watch(page);
  return page;
}

async function phone() {
  return newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
}

async function desktop() {
  return newPage({ viewport: { width: 1366, height: 900 } });
}

/** Clicks and waits for the page the click leads to. */
async function clickAndWait(page, target) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
    target.click(),
  ]);
  await page.waitForLoadState('load');
}

/** Submits a form with its (first) submit button. */
async function submit(page, form) {
  await clickAndWait(page, form.locator('button[type=submit]').first());
}

async function login(page, username) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await submit(page, page.locator('form[action="/login"]'));
  assert.doesNotMatch(new URL(page.url()).pathname, /^\/login/, `${username} signed in`);
}

/** JSON through the page's own cookies (the API takes JSON from a signed-in browser). */
async function api(page, method, url, data) {
  const r = await page.request.fetch(`${BASE}${url}`, {
    method,
    data,
    headers: data ? { 'content-type': 'application/json' } : {},
  });
  const body = await r.json().catch(() => null);
  return { status: r.status(), body };
}

/** Opens the action's folded form on a staff request page and answers it. */
async function action(page, code) {
  const form = page.locator(`[data-testid=act-${code}]`);
  await form.waitFor({ state: 'attached' });
  const fold = page.locator('details', { has: form });
  if (!(await fold.first().evaluate((d) => d.open))) {
    await fold.first().locator('summary').first().click();
  }
  return form;
}

async function openRequest(page) {
  await page.goto(`${BASE}/requests/${state.id}`);
  assert.match(await page.locator('[data-testid=request-code]').textContent(), new RegExp(state.code.slice(0, 5)));
}

describe('a service request from a resident round the loop', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    // A department of the zone with a handler (承办员) account.
    const admin = await desktop();
    await login(admin, 'admin');
    const orgs = await api(admin, 'GET', `/api/v1/orgs?q=${encodeURIComponent(ZONE)}&per_page=50`);
    const zone = orgs.body.items.find((n) => n.name === ZONE && n.parent_id === null);
    assert.ok(zone, `the demo has ${ZONE}`);
    const dept = await api(admin, 'POST', '/api/v1/orgs', { parent_id: zone.id, name: DEPT, kind: 'department' });
    assert.equal(dept.status, 201, JSON.stringify(dept.body));
    const user = await api(admin, 'POST', '/api/v1/users', {
      username: HANDLER,
      display_name: `城管局承办员${RUN}`,
      password: PASSWORD,
      node_id: dept.body.id,
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const roles = await api(admin, 'GET', '/api/v1/roles?per_page=200');
    const handler = roles.body.items.find((r) => r.code === 'handler');
    const assigned = await api(admin, 'POST', '/api/v1/assignments', {
      user_id: user.body.id,
      role_id: handler.id,
      node_id: dept.body.id,
    });
    assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
    await admin.context().close();
  });

  after(async () => {
    await browser?.close();
  });

  it('a resident reports a problem on a phone and gets a tracking code', async () => {
    const page = await phone();
    state.resident = page;
    const r = await page.goto(`${BASE}/report`);
    assert.equal(r.status(), 200);
    // A photo of the scene: any real PNG will do, so the page's own top bar.
    const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 375, height: 120 } });
    const form = page.locator('[data-testid=rp-form]');
    await form.locator('input[name=requester][value=resident]').check();
    await form.locator('select[name=category]').selectOption('municipal');
    await form.locator('input[name=location_q]').fill('药谷第一');
    const option = page.locator('[data-testid=rp-location-option]', { hasText: GRID });
    await option.waitFor();
    assert.match(await option.textContent(), new RegExp(`${ZONE} / 中国药谷园区 / ${GRID}`));
    await option.locator('input[type=radio]').check();
    await form.locator('input[name=address]').fill('润丰化工东门外');
    await form.locator('textarea[name=description]').fill(PROBLEM);
    await form.locator('input[name=photos]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: photo });
    await form.locator('input[name=contact_name]').fill(NAME);
    await form.locator('input[name=contact_phone]').fill(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the form scrolls sideways by ${overflow}px on a phone`);
    await page.screenshot({ path: path.join(SHOTS, 'request-public-form.png'), fullPage: true });

    await submit(page, form);
    assert.match(new URL(page.url()).pathname, /^\/report\/done\/[0-9A-Z]{20}$/);
    const shown = (await page.locator('[data-testid=rp-code]').textContent()).trim();
    assert.match(shown, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    state.code = shown.replaceAll('-', '');
    await page.screenshot({ path: path.join(SHOTS, 'request-public-code.png'), fullPage: true });
  });

  it("the park's dispatcher receives it and dispatches it to the department", async () => {
    const page = await desktop();
    state.dispatcher = page;
    await login(page, 'binhai');
    await page.goto(`${BASE}/requests?q=${state.code}`);
    const list = page.locator('[data-testid=request-list]');
    assert.match(await list.textContent(), /药谷第一网格/);
    await clickAndWait(page, list.locator('a[href^="/requests/"]').first());
    state.id = new URL(page.url()).pathname.split('/').pop();
    // The dispatcher sees the contact in full.
    assert.match(await page.locator('[data-testid=contact]').textContent(), new RegExp(PHONE));

    await submit(page, await action(page, 'receive'));
    const dispatch = await action(page, 'dispatch');
    const unit = await dispatch.locator('select[name=unit_id] option', { hasText: DEPT }).getAttribute('value');
    await dispatch.locator('select[name=unit_id]').selectOption(unit);
    await dispatch.locator('input[name=reason]').fill('请尽快安排检修');
    await submit(page, dispatch);
    assert.equal((await page.locator('[data-testid=request-state]').textContent()).trim(), '已派单待接单');
    assert.match(await page.locator('[data-testid=timeline]').textContent(), new RegExp(DEPT));
    await page.screenshot({ path: path.join(SHOTS, 'request-dispatched.png'), fullPage: true });
  });

  it("the department's handler accepts and replies", async () => {
    const page = await desktop();
    await login(page, HANDLER);
    await openRequest(page);
    await submit(page, await action(page, 'accept'));
    assert.equal((await page.locator('[data-testid=request-state]').textContent()).trim(), '办理中');
    const reply = await action(page, 'reply');
    await reply.locator('textarea[name=result]').fill(REPLY);
    await submit(page, reply);
    assert.equal((await page.locator('[data-testid=request-state]').textContent()).trim(), '已答复待回访');
    await page.screenshot({ path: path.join(SHOTS, 'request-replied.png'), fullPage: true });
    await page.context().close();
  });

  it('the dispatcher closes it', async () => {
    const page = state.dispatcher;
    await openRequest(page);
    const close = await action(page, 'close');
    await close.locator('input[name=solved][value=yes]').check();
    await close.locator('input[name=reason]').fill(CLOSING);
    await submit(page, close);
    assert.equal((await page.locator('[data-testid=request-state]').textContent()).trim(), '已办结');
    await page.context().close();
  });

  it('the resident reads the reply on the tracking page and rates it', async () => {
    const page = state.resident;
    await page.goto(`${BASE}/track`);
    await page.locator('[data-testid=rp-lookup] input[name=code]').fill(state.code.toLowerCase());
    await submit(page, page.locator('[data-testid=rp-lookup]'));
    assert.equal(new URL(page.url()).pathname, `/track/${state.code}`);
    assert.equal((await page.locator('[data-testid=rp-state]').textContent()).trim(), '已办结');
    assert.equal((await page.locator('[data-testid=rp-unit]').textContent()).trim(), DEPT);
    assert.equal((await page.locator('[data-testid=rp-reply]').textContent()).trim(), REPLY);
    assert.equal((await page.locator('[data-testid=rp-closing]').textContent()).trim(), CLOSING);
    const img = page.locator('[data-testid=rp-photos] img').first();
    assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth > 0), 'the photo shows');
    const text = await page.locator('main').textContent();
    for (const secret of [NAME, PHONE, '请尽快安排检修', HANDLER, '城管局承办员']) {
      assert.ok(!text.includes(secret), `the tracking page shows ${secret}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the tracking page scrolls sideways by ${overflow}px on a phone`);
    await page.screenshot({ path: path.join(SHOTS, 'request-public-track.png'), fullPage: true });

    const rate = page.locator('[data-testid=rp-rate] form');
    await rate.locator('input[name=rating][value=satisfied]').check();
    await rate.locator('textarea[name=comment]').fill('处理及时，谢谢！');
    await submit(page, rate);
    assert.match(await page.locator('[data-testid=rp-notice]').textContent(), /感谢您的评价/);
    assert.match(await page.locator('[data-testid=rp-timeline]').textContent(), /评价：满意/);
    assert.equal(await page.locator('[data-testid=rp-rate]').count(), 0, 'rated once per round');
    await page.screenshot({ path: path.join(SHOTS, 'request-public-rated.png'), fullPage: true });
    await page.context().close();
  });

  it('no script errors and no failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
