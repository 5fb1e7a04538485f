import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:8811';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const errors = [];
async function login(ctx, user) {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', 'touyan-demo');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}
for (const [w, h, tag] of [[1440, 900, 'd'], [375, 812, 'p']]) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: w, height: h } });
  const page = await login(ctx, 'binhai');
  await page.goto(`${BASE}/people`);
  const href = await page.locator('table[data-testid=people-list] a').first().getAttribute('href');
  await page.goto(BASE + href);
  await page.screenshot({ path: `/tmp/shots/${tag}-person.png`, fullPage: false });
  await page.locator('[data-dialog-bar] button', { hasText: '修改信息' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${tag}-person-edit.png` });
  await page.keyboard.press('Escape');
  await page.locator('[data-dialog-bar] button', { hasText: '删除' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${tag}-person-delete.png` });
  await page.keyboard.press('Escape');
  await page.goto(`${BASE}/people`);
  await page.screenshot({ path: `/tmp/shots/${tag}-people.png`, fullPage: true });
  await page.goto(`${BASE}/studios`);
  await page.screenshot({ path: `/tmp/shots/${tag}-studios.png`, fullPage: true });
  await page.goto(`${BASE}/achievements`);
  await page.screenshot({ path: `/tmp/shots/${tag}-achievements.png`, fullPage: true });
  await page.goto(`${BASE}/audit`);
  await page.screenshot({ path: `/tmp/shots/${tag}-audit.png` });
  await page.goto(`${BASE}/orgs`);
  const org = await page.locator('#tree a').first().getAttribute('href');
  await page.goto(BASE + org);
  await page.locator('[data-dialog-bar] button', { hasText: '移动' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${tag}-org-move.png` });
  const lp = await login(await browser.newContext({ locale: 'zh-CN', viewport: { width: w, height: h } }), 'tianmaoying');
  await lp.screenshot({ path: `/tmp/shots/${tag}-leader-home.png`, fullPage: true });
  await ctx.close();
}
console.log('errors', errors);
await browser.close();
