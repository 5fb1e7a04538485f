import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:8811';
const pages = process.argv.slice(3);
const locale = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
page.on('response', (r) => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
await page.goto(`${BASE}/login`);
await page.fill('input[name=username]', 'admin');
await page.fill('input[name=password]', 'touyan-demo');
await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
const csrf = await page.evaluate(() => document.querySelector('meta[name=csrf-token]')?.content || '');
const lr = await page.request.post(BASE + '/lang', { form: { lang: locale.startsWith('en') ? 'en' : 'zh-CN' }, headers: { 'x-csrf-token': csrf } });
console.log('lang', lr.status());
for (const p of pages) {
  await page.goto(BASE + p);
  const name = locale + p.replace(/[^a-z0-9]+/gi, '_');
  for (const [label, vp] of [['d', { width: 1440, height: 900 }], ['p', { width: 375, height: 812 }]]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shots/${name}-${label}.png`, fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > vp.width + 1) console.log('WIDE', p, label, wide);
  }
}
await browser.close();
