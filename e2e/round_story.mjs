// Browser test of one evaluation from the branch to the allowance, as the people who do it:
// under a park of its own (made for the run under 滨海, with two branches, a rubric scored by
// the park and the park's rating rules), a branch secretary self-assesses on a phone, linking
// evidence first; a reviewer of the park scores both branches from the queue; the park's
// superior (demo login binhai) moves the round through public notice — no star shows yet —
// to published, rates the branches from the published round, and the star shows on the
// branch's page; the allowance batch of the period is approved and its payout list exported.
// Screenshots at 1440×900 and 375×812. Run by e2e/run.sh like run.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE, CHROMIUM, SHOTS, SIZES, shots, signIn } from './lib.mjs';
import { idNumber } from './xlsx.mjs';

const RUN = Date.now().toString(36).slice(-5);
const PARK = '潍坊滨海经济技术开发区';
const PERIOD = '2026Q4';

let browser;
const problems = [];
/** What the setup made: node, user and round ids. */
const made = {};

/** An API call of `page`'s session that must succeed; answers the JSON body. */
async function api(page, method, url, data) {
  const res = await page.request.fetch(`${BASE}${url}`, { method, data });
  const text = await res.text();
  assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A user at `node` holding a role of its own with `permissions` there. */
async function user(admin, name, node, permissions) {
  const role = await api(admin, 'POST', '/api/v1/roles', { name: `${name}角色`, permissions });
  const u = await api(admin, 'POST', '/api/v1/users', {
    username: name, display_name: name, password: 'touyan-demo', node_id: node,
  });
  await api(admin, 'POST', '/api/v1/assignments', { user_id: u.id, role_id: role.id, node_id: node });
}

/** Moves the round on its page through the state form, as its manager. */
async function move(page, to) {
  await page.goto(`${BASE}/rounds/${made.round}`);
  const form = page.locator('[data-testid=round-move]');
  await form.locator('select[name=to]').selectOption(to);
  await Promise.all([page.waitForURL(/\/rounds\/\d+\?ok=/), form.locator('button[type=submit]').click()]);
}

/** Sets up the park, branches, people, rubric, rules, amounts and round (as the administrator). */
async function setUp() {
  const admin = await signIn(browser, 'admin', problems);
  const found = await api(admin, 'GET', `/api/v1/orgs?q=${encodeURIComponent(PARK)}&per_page=5`);
  const top = found.items.find((o) => o.name === PARK);
  assert.ok(top, `${PARK} in the demo`);
  const org = (name, parent, kind) => api(admin, 'POST', '/api/v1/orgs', { parent_id: parent, name, kind });
  made.park = (await org(`星级评定园区${RUN}`, top.id, 'park')).id;
  made.b1 = (await org(`星级一支部${RUN}`, made.park, 'party_branch')).id;
  made.b2 = (await org(`星级二支部${RUN}`, made.park, 'party_branch')).id;
  made.secretary = `shuji${RUN}`;
  made.reviewer = `pingshen${RUN}`;
  await user(admin, made.secretary, made.b1, ['evaluation.read', 'evaluation.assess']);
  await user(admin, made.reviewer, made.park, ['evaluation.read', 'evaluation.review']);
  // The branch's full-time party-affairs worker, paid by its star.
  const birth = '1985-03-12';
  const person = await api(admin, 'POST', '/api/v1/people', {
    node_id: made.b1, name: `党务${RUN}`, gender: 'male', birth_date: birth,
    id_number: idNumber('370703', birth, Date.now() % 500, true),
  });
  await api(admin, 'POST', '/api/v1/posts', {
    person_id: person.id, post_code: 'party_worker_full', node_id: made.b1, start_on: '2026-01-01',
  });
  // The round's own public notice stands for the stars' notice: ratings are final at once.
  await api(admin, 'POST', `/api/v1/ratings/rules/${made.park}`, {
    threshold_5: '90', threshold_4: '80', threshold_3: '70', notice_days: '0',
  });
  await api(admin, 'POST', `/api/v1/allowances/amounts/${made.park}`, {
    period: PERIOD, amount_5: '300', amount_4: '200', amount_3: '100',
  });
  const rubric = await api(admin, 'POST', '/api/v1/rubrics', {
    node_id: made.park, name: `支部考核细则${RUN}`, indicators: [
      { key: '1', title: '组织生活', max: 60, department_id: made.park, evidence_required: true },
      { key: '2', title: '工作业绩', max: 40, department_id: made.park },
    ],
  });
  const round = await api(admin, 'POST', '/api/v1/rounds', {
    node_id: made.park, rubric_id: rubric.rubric.id, title: `${PERIOD} 支部考核${RUN}`,
    period: PERIOD, target_ids: [made.b1, made.b2],
  });
  made.round = round.round.id;
  made.items = round.indicators.filter((i) => !i.section).map((i) => i.id);
  made.targets = Object.fromEntries(round.targets.map((t) => [t.node_id, t.id]));
  await api(admin, 'POST', `/api/v1/rounds/${made.round}/state`, { to: 'self_assessment' });
  await admin.context().close();
}

describe('an evaluation from the branch to the allowance', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await setUp();
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(problems, []);
  });

  it('a branch secretary self-assesses with evidence on a phone', async () => {
    const page = await signIn(browser, made.secretary, problems);
    await page.setViewportSize(SIZES[1][1]);
    await page.goto(`${BASE}/rounds/${made.round}/targets/${made.targets[made.b1]}`);
    const [needs, other] = made.items;
    const card = page.locator(`[data-testid=indicator-${needs}]`);
    await card.locator('details summary').first().click();
    const ev = page.locator(`[data-testid=evidence-form-${needs}]`);
    await ev.locator('select[name=kind]').selectOption('link');
    await ev.locator('input[name=label]').fill('十月主题党日会议记录');
    await ev.locator('input[name=url]').fill('https://example.org/minutes/2026-10');
    await Promise.all([page.waitForURL(/\?ok=/), ev.locator('button[type=submit]').click()]);
    assert.match(await card.textContent(), /十月主题党日会议记录/);
    for (const [item, score] of [[needs, '58'], [other, '38']]) {
      const form = page.locator(`[data-testid=self-form-${item}]`);
      await form.locator('input[name=score]').fill(score);
      await form.locator('input[name=note]').fill('按月开展，记录齐全');
      await Promise.all([page.waitForURL(/\?ok=/), form.locator('button[type=submit]').click()]);
      assert.match(await page.textContent(`[data-testid=self-${item}]`), new RegExp(score));
    }
    await shots(page, 'story', 'self-assessed');
    await page.context().close();
  });

  it('a reviewer of the park scores both branches from the queue', async () => {
    const boss = await signIn(browser, 'binhai', problems);
    await move(boss, 'review');
    await boss.context().close();
    const page = await signIn(browser, made.reviewer, problems);
    await page.goto(`${BASE}/rounds/review`);
    for (const [branch, scores] of [[made.b1, ['59', '39']], [made.b2, ['45', '30']]]) {
      const href = `/rounds/${made.round}/targets/${made.targets[branch]}`;
      await Promise.all([page.waitForURL(new RegExp(`${href}$`)), page.locator(`a[href="${href}"]`).first().click()]);
      for (const [i, item] of made.items.entries()) {
        const form = page.locator(`[data-testid=review-form-${item}]`);
        await form.locator('input[name=score]').fill(scores[i]);
        await Promise.all([page.waitForURL(/\?ok=/), form.locator('button[type=submit]').click()]);
        assert.match(await page.textContent(`[data-testid=review-${item}]`), new RegExp(scores[i]));
      }
      if (branch === made.b1) await shots(page, 'story', 'reviewed');
      await page.goto(`${BASE}/rounds/review`);
    }
    await page.context().close();
  });

  it('the superior publishes after the notice, rates and the star shows', async () => {
    const page = await signIn(browser, 'binhai', problems);
    await move(page, 'notice');
    await page.goto(`${BASE}/orgs/${made.b1}`);
    assert.equal(await page.locator('[data-testid=rating-panel-star]').count(), 0, 'no star during the notice');
    await move(page, 'published');
    assert.match(await page.textContent('[data-testid=round-state]'), /已发布/);
    await page.goto(`${BASE}/ratings/rounds`);
    const row = page.locator(`[data-testid=rating-round-${made.round}]`);
    await shots(page, 'story', 'rate-from-round');
    await Promise.all([page.waitForURL(/\/ratings\/notice\?ok=/), row.locator('[data-testid=rate-round]').click()]);
    await page.goto(`${BASE}/orgs/${made.b1}`);
    await page.waitForSelector('[data-testid=rating-panel]');
    assert.match(await page.textContent('[data-testid=rating-panel-star]'), /★★★★★/);
    await shots(page, 'story', 'star-on-org');
    await page.context().close();
  });

  it('the allowance batch is approved and its payout list exported', async () => {
    const page = await signIn(browser, 'binhai', problems);
    const batch = await api(page, 'POST', '/api/v1/allowances', { node_id: String(made.park), period: PERIOD });
    const id = batch.batch?.id ?? batch.id;
    await page.goto(`${BASE}/allowances/${id}`);
    await Promise.all([page.waitForURL(/\/allowances\/\d+\?ok=/), page.click('[data-testid=batch-approve]')]);
    assert.equal(await page.locator('[data-testid=batch-pay]').count(), 1, 'approved: it can now be paid');
    assert.match(await page.textContent('[data-testid=batch-total]'), /300/);
    const sheet = await page.request.get(`${BASE}${await page.getAttribute('[data-testid=batch-payout]', 'href')}`);
    assert.equal(sheet.status(), 200);
    assert.match(sheet.headers()['content-type'], /spreadsheetml/);
    await shots(page, 'story', 'batch-approved');
    await page.context().close();
  });
});
