// Browser test of evaluation rounds: the administrator (demo login admin) opens the rounds and
// rubrics, the demo's published round of 滨海 on the five 过硬 standards with its progress by
// department, and an organization's sheet; then starts a round of its own over the same
// organizations (through the API), opens it for self-assessment and, on a phone, gives an
// organization's own score to an indicator, which shows on the sheet and in its total.
// Screenshots at 1440×900 and 375×812. Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE, CHROMIUM, SHOTS, SIZES, shots, signIn } from './lib.mjs';

let browser;
const problems = [];

/** The demo's published round: its detail as the API gives it. */
async function publishedRound(page) {
  const res = await page.request.get(`${BASE}/api/v1/rounds?per_page=100`);
  assert.equal(res.status(), 200);
  const round = (await res.json()).items.find((r) => r.state === 'published');
  assert.ok(round, 'the demo publishes a round');
  return (await page.request.get(`${BASE}/api/v1/rounds/${round.id}`)).json();
}

describe('evaluation rounds', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('shows the rounds, a published round and an organization sheet', async () => {
    const page = await signIn(browser, 'admin', problems);
    const d = await publishedRound(page);
    await page.goto(`${BASE}/rubrics`);
    await page.waitForSelector('[data-testid=rubrics]');
    assert.ok(await page.locator('[data-testid=rubrics] tbody tr').count() >= 3, 'the templates copied');
    await shots(page, 'evaluation', 'rubrics');
    await page.goto(`${BASE}/rubrics/new`);
    await page.waitForSelector('[data-testid=rubric-rows]');
    await shots(page, 'evaluation', 'rubric-new');
    await page.goto(`${BASE}/rounds/review`);
    await shots(page, 'evaluation', 'queue');
    await page.goto(`${BASE}/rounds`);
    await page.waitForSelector('[data-testid=rounds]');
    await shots(page, 'evaluation', 'index');
    await Promise.all([
      page.waitForURL(new RegExp(`/rounds/${d.round.id}$`)),
      page.locator(`[data-testid=rounds] a[href="/rounds/${d.round.id}"]`).click(),
    ]);
    assert.equal(await page.textContent('[data-testid=round-title]'), d.round.title);
    assert.equal(await page.locator('[data-testid=round-targets] tbody tr').count(), d.targets.length);
    await shots(page, 'evaluation', 'round');
    await page.goto(`${BASE}/rounds/${d.round.id}/targets/${d.targets[0].id}`);
    await page.waitForSelector('[data-testid=sheet-title]');
    await shots(page, 'evaluation', 'sheet');
    await page.context().close();
  });

  it('takes an organization own score on a phone', async () => {
    const page = await signIn(browser, 'admin', problems);
    const d = await publishedRound(page);
    const body = {
      node_id: d.round.node_id,
      rubric_id: d.round.rubric_id,
      title: `季度考核${Date.now().toString(36).slice(-4)}`,
      period: '2026Q4',
      target_ids: d.targets.slice(0, 3).map((t) => t.node_id),
    };
    const made = await page.request.post(`${BASE}/api/v1/rounds`, { data: body });
    assert.equal(made.status(), 201, await made.text());
    const round = await made.json();
    const moved = await page.request.post(`${BASE}/api/v1/rounds/${round.round.id}/state`, { data: { to: 'self_assessment' } });
    assert.equal(moved.status(), 200, await moved.text());
    const item = round.indicators.find((i) => !i.section && i.kind === 'scored' && !i.evidence_required);
    assert.ok(item, 'a scored indicator without required evidence');
    const target = round.targets[0];
    await page.setViewportSize(SIZES[1][1]);
    await page.goto(`${BASE}/rounds/${round.round.id}/targets/${target.id}`);
    const form = page.locator(`[data-testid=self-form-${item.id}]`);
    const score = (item.max / 100 - 1).toString();
    await form.locator('input[name=score]').fill(score);
    await form.locator('input[name=note]').fill('已按月开展，附会议记录');
    await Promise.all([page.waitForURL(/\?ok=/), form.locator('button[type=submit]').click()]);
    assert.match(await page.textContent(`[data-testid=self-${item.id}]`), new RegExp(score));
    assert.notEqual((await page.textContent('[data-testid=self-total]')).trim(), '');
    await shots(page, 'evaluation', 'self-assessed');
    await page.context().close();
  });
});
