// Accessibility check with axe-core: for several demo logins, every page of the side menu,
// the first record each list links to, and the login page, at desktop and phone sizes. No
// serious or critical violation of WCAG 2 A/AA is allowed. Prints how many pages were
// checked. Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js');
const BASE = (process.env.TOUYAN_E2E_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const CHROMIUM = process.env.TOUYAN_E2E_CHROMIUM || '/usr/bin/chromium';
const LOGINS = ['admin', 'binhai', 'chengguan', 'tianmaoying'];
const SIZES = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 375, height: 812 }],
];

let browser;
const checked = new Set();

/** The page's serious and critical violations, one line each. */
async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0].target.join(' ')}`);
}

async function signedIn(login, viewport) {
  // axe is added as a script of the page, which the security policy would refuse.
  const context = await browser.newContext({ locale: 'zh-CN', viewport, bypassCSP: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', login);
  await page.fill('input[name=password]', 'touyan-demo');
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
  return page;
}

/** The side menu's pages, and the first record linked from each list among them. */
async function pagesOf(page) {
  const menu = await page.$$eval('#nav a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  const pages = new Set(['/', ...menu]);
  // The ledger's tabs and the activity form, not in the menu themselves.
  const tabs = [
    ...(menu.includes('/enterprises') ? ['/chains', '/instructors'] : []),
    ...(menu.includes('/activities') ? ['/activities/new'] : []),
  ];
  for (const href of [...menu, ...tabs]) {
    pages.add(href);
    await page.goto(`${BASE}${href}`);
    const first = await page
      .$eval('table tbody tr :is(td, th):first-child a[href^="/"]', (a) => a.getAttribute('href'))
      .catch(() => null);
    if (first) pages.add(first);
  }
  return [...pages];
}

describe('accessibility (axe-core)', () => {
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    console.log(`axe: ${checked.size} page views checked`);
  });

  it('the login page', async () => {
    for (const [label, viewport] of SIZES) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${BASE}/login`);
      const found = await audit(page);
      checked.add(`${label} /login`);
      assert.deepEqual(found, [], `/login (${label})`);
      await context.close();
    }
  });

  for (const login of LOGINS) {
    it(`every page ${login} reaches from the menu`, async () => {
      const problems = [];
      const page = await signedIn(login, SIZES[0][1]);
      const pages = await pagesOf(page);
      for (const [label, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        for (const href of pages) {
          await page.goto(`${BASE}${href}`);
          for (const v of await audit(page)) problems.push(`${login} ${label} ${href}: ${v}`);
          checked.add(`${login} ${label} ${href}`);
        }
      }
      await page.context().close();
      assert.deepEqual(problems, []);
    });
  }
});
