// Browser test of campaigns (专项行动): 鱼台's administrator (demo login yutai) opens the
// "红帆领航" campaign, sees its targets read from the live figures (coverage 100 %, 34
// instructors) with a chart of each target's history, records the latest count of problems
// solved by hand, and adds a milestone. Screenshots at 1440×900 and 375×812. Run by
// e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE, CHROMIUM, SHOTS, beijingDay, shots, signIn } from './lib.mjs';

let browser;
const problems = [];

describe('campaigns: live targets, recorded values and milestones', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('shows the targets with their progress and history, and takes a value and a milestone', async () => {
    const page = await signIn(browser, 'yutai', problems);
    await page.goto(`${BASE}/campaigns`);
    const link = page.locator('[data-testid=campaigns] a', { hasText: '红帆领航' });
    assert.equal(await link.count(), 1);
    await shots(page, 'campaign', 'list');
    await Promise.all([page.waitForURL(/\/campaigns\/\d+$/), link.click()]);
    const target = (name) => page.locator('[data-testid^=target-]', { has: page.locator('h3', { hasText: name }) });
    assert.match(await target('非公企业党组织覆盖率').locator('[data-testid=target-value]').textContent(), /^100/);
    assert.match(await target('选派党建工作指导员').locator('[data-testid=target-value]').textContent(), /^34/);
    await page.waitForSelector('[data-testid=campaign-targets] .chart-canvas canvas');
    await page.waitForTimeout(1200); // the lines draw in
    await shots(page, 'campaign', 'show');

    const solved = target('解决企业问题');
    const form = solved.locator('form[data-testid^=value-form-]');
    await form.locator('input[name=on]').fill(beijingDay());
    await form.locator('input[name=value]').fill('59');
    await form.locator('input[name=note]').fill('新解决2个');
    await Promise.all([page.waitForURL(/\?ok=/), form.locator('button[type=submit]').click()]);
    assert.match(await target('解决企业问题').locator('[data-testid=target-value]').textContent(), /^59/);

    const stone = page.locator('form[data-testid=milestone-form]');
    await stone.locator('input[name=name]').fill('召开专项行动推进会');
    await stone.locator('input[name=due_on]').fill(beijingDay(14));
    await Promise.all([page.waitForURL(/\?ok=/), stone.locator('button[type=submit]').click()]);
    assert.match(await page.textContent('[data-testid=campaign-milestones]'), /召开专项行动推进会/);
    await shots(page, 'campaign', 'after');
    await page.context().close();
  });
});
