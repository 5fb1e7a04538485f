// Browser test of star ratings and the 红星津贴 allowance as 鱼台's administrator (demo login
// yutai): the ratings of its branches, the allowance paid since 2020 (27 050 yuan, seed [004]),
// a paid batch with its payout sheet, a reversing batch made from it and approved, whose payout
// sheet downloads, and a branch's star on its organization page. Screenshots at 1440×900 and
// 375×812. Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE, CHROMIUM, SHOTS, shots, signIn } from './lib.mjs';

let browser;
const problems = [];
const XLSX = /spreadsheetml/;

describe('star ratings and the allowance', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('lists the ratings and shows a branch star on its page', async () => {
    const page = await signIn(browser, 'yutai', problems);
    await page.goto(`${BASE}/ratings`);
    assert.ok(await page.locator('[data-testid=ratings] tbody tr').count() >= 1);
    await page.waitForTimeout(1000); // the charts draw
    await shots(page, 'rating', 'list');
    const res = await page.request.get(`${BASE}/api/v1/ratings?per_page=100`);
    assert.equal(res.status(), 200);
    // Latest period first: a node's first line is its current rating.
    const seen = new Set();
    const rated = (await res.json()).items.find((r) => {
      const latest = !seen.has(r.node_id);
      seen.add(r.node_id);
      return latest && r.state === 'final' && r.star;
    });
    assert.ok(rated, 'a final rating with a star');
    await page.goto(`${BASE}/orgs/${rated.node_id}`);
    await page.waitForSelector('[data-testid=rating-panel]');
    assert.match(await page.textContent('[data-testid=rating-panel-star]'), /★/);
    await shots(page, 'rating', 'org-panel');
    await page.context().close();
  });

  it('shows the allowance paid since 2020, reverses a batch and approves the reversal', async () => {
    const page = await signIn(browser, 'yutai', problems);
    await page.goto(`${BASE}/allowances`);
    assert.match(await page.textContent('[data-testid=allowance-total]'), /2020 年以来已发放 27[,，]?050(\.00)? 元/);
    await shots(page, 'rating', 'allowances');
    const first = page.locator('[data-testid=batches] tbody a').first();
    await Promise.all([page.waitForURL(/\/allowances\/\d+$/), first.click()]);
    const payout = await page.getAttribute('[data-testid=batch-payout]', 'href');
    const sheet = await page.request.get(`${BASE}${payout}`);
    assert.equal(sheet.status(), 200);
    assert.match(sheet.headers()['content-type'], XLSX);
    await shots(page, 'rating', 'batch');
    await Promise.all([
      page.waitForURL(/\/allowances\/\d+\?ok=/),
      page.click('[data-testid=batch-reverse]'),
    ]);
    assert.match(await page.textContent('[data-testid=batch-total]'), /-/);
    await Promise.all([
      page.waitForURL(/\/allowances\/\d+\?ok=/),
      page.click('[data-testid=batch-approve]'),
    ]);
    assert.equal(await page.locator('[data-testid=batch-pay]').count(), 1, 'approved: it can now be paid');
    const bank = await page.request.get(`${BASE}${await page.getAttribute('[data-testid=batch-bank]', 'href')}`);
    assert.equal(bank.status(), 200);
    assert.match(bank.headers()['content-type'], XLSX);
    await shots(page, 'rating', 'reversal-approved');
    await page.context().close();
  });
});
