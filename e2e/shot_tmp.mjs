import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:8811';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function login(user, viewport) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', 'touyan-demo');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}
for (const [label, vp] of [['d', { width: 1440, height: 900 }], ['p', { width: 375, height: 812 }]]) {
  let page = await login('binhai', vp);
  await page.goto(`${BASE}/chains`); await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/shot-chains-${label}.png`, fullPage: true });
  const href = await page.$eval('[data-testid=chains] tbody a', (a) => a.getAttribute('href'));
  await page.goto(`${BASE}${href}`); await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shot-chain-${label}.png`, fullPage: true });
  const ent = await page.$eval('[data-testid=chain-member-table] tbody a', (a) => a.getAttribute('href'));
  await page.goto(`${BASE}${ent}`); await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shot-ent-${label}.png`, fullPage: true });
  await page.goto(`${BASE}/census`); await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shot-census-${label}.png`, fullPage: true });
  await page.goto(`${BASE}/instructors`); await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shot-inc-${label}.png`, fullPage: true });
  page = await login('yutai', vp);
  await page.goto(`${BASE}/instructors`); await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shot-instr-${label}.png`, fullPage: true });
}
await browser.close();
