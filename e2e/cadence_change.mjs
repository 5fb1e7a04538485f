// Browser test of a change request to a locked activity record: the administrator (demo login
// admin, a superior of every organization) opens the pending requests from the activities
// list, sees the proposed values set beside the record's own with the changed ones marked,
// and rejects the request with a reason, which then shows as the last decision. Screenshots at
// 1440×900 and 375×812. Run by e2e/run.sh like run.mjs; the demo files one pending request.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE, CHROMIUM, SHOTS, shots, signIn } from './lib.mjs';

let browser;
const problems = [];

describe('a change request to a locked activity', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('is found among the pending ones, compared field by field and rejected with a reason', async () => {
    const page = await signIn(browser, 'admin', problems);
    await page.goto(`${BASE}/activities?changes=pending`);
    const first = page.locator('[data-testid=activities] tbody a').first();
    assert.ok(await first.count(), 'the demo files a pending change request');
    await shots(page, 'change', 'pending-list');
    await Promise.all([page.waitForURL(/\/activities\/\d+/), first.click()]);
    const card = page.locator('[data-testid=activity-change]');
    await card.waitFor();
    assert.match(await card.textContent(), /登记时时间填写有误/);
    assert.ok(await card.locator('[data-testid=change-changed]').count() >= 1, 'a changed field is marked');
    await shots(page, 'change', 'pending');
    const reason = `请附签到表后重新申请${Date.now().toString(36).slice(-4)}`;
    const reject = card.locator('form[data-testid=change-reject]');
    await reject.locator('textarea[name=note]').fill(reason);
    await Promise.all([
      page.waitForURL(/\/activities\/\d+\?ok=/),
      reject.locator('button[type=submit]').click(),
    ]);
    assert.equal(await page.locator('[data-testid=activity-change]').count(), 0);
    assert.match(await page.textContent('[data-testid=activity-change-last]'), new RegExp(reason));
    await shots(page, 'change', 'rejected');
    await page.context().close();
  });
});
