// Pieces the browser tests share: the server and Chromium they use, signing in as a demo
// account with every page error, CSP violation and failed response of the server collected,
// and screenshots at desktop and phone sizes that also check no page scrolls sideways.

import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BASE = (process.env.TOUYAN_E2E_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const SHOTS = process.env.TOUYAN_E2E_SCREENSHOTS || path.join(here, '..', 'target', 'e2e-screenshots');
export const CHROMIUM = process.env.TOUYAN_E2E_CHROMIUM || '/usr/bin/chromium';
export const SIZES = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 375, height: 812 }],
];

/** A day counted from today in Beijing, as `YYYY-MM-DD`. */
export function beijingDay(offset = 0) {
  return new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
}

/** Signs `login` in (demo password) in a new context; problems seen go to `problems`. */
export async function signIn(browser, login, problems) {
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

/** Screenshots `prefix-name-{desktop,phone}.png`; on the phone the page must not be wider. */
export async function shots(page, prefix, name) {
  for (const [label, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `${prefix}-${name}-${label}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= viewport.width + 1, `${name} at ${label}: the page is ${wide}px wide`);
  }
  await page.setViewportSize(SIZES[0][1]);
}
