// The studio's Experiments and Recommendations views in a real browser (Debian's chromium,
// driven by playwright-core), mounted by tests/browser/fixtures/views.html under the page's CSP.
// The figures shown are checked against values computed here by hand (a two-proportion z-test,
// the chi-square sample-ratio test, the sample-size formula), never against the engine itself.
// Saves build/test-artifacts/views-*.png.
//   node --test tests/browser/views.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, openStudio } from './studio-harness.mjs';

let studio;
let origin;   // the server's root: the fixture page lives outside web/
let consoleErrors = [];
let foreignRequests = [];

// --- Independent references ------------------------------------------------------------------

/** erfc(x) for x >= 0 by its continued fraction / series (accurate to ~1e-14 for our range). */
function erfc(x) {
  if (x < 2) {
    // erf by its Maclaurin series, then 1 - erf.
    let sum = x, term = x;
    for (let n = 1; n < 200; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Lentz's continued fraction for erfc.
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}
const normalSf = z => 0.5 * erfc(z / Math.SQRT2);
const Z975 = 1.959963984540054;   // Phi^-1(0.975)
const Z80 = 0.8416212335729143;   // Phi^-1(0.8)

/** The two-proportion z-test with the unpooled standard error. */
function zTest(n1, c1, n2, c2) {
  const p1 = c1 / n1, p2 = c2 / n2;
  const se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
  const d = p2 - p1;
  return { d, se, p: 2 * normalSf(Math.abs(d) / se), low: d - Z975 * se, high: d + Z975 * se };
}

/** "+1.22 %" / "−0.02 %" -> 0.0122 / -0.0002. */
const parsePercent = s => Number(s.replace('−', '-').replace(/[%\s+]/g, '')) / 100;
const parseCount = s => Number(s.replace(/[,\s]/g, ''));

// --- Browser ---------------------------------------------------------------------------------

before(async () => {
  studio = await openStudio({ viewport: { width: 1280, height: 1000 }, needs: ['web/vendor/uplot/uPlot.min.mjs'] });
  ({ consoleErrors, foreignRequests } = studio);
  origin = new URL(studio.baseUrl).origin;
});

after(async () => { await studio?.close(); });

async function openView(view, { lang = 'en', sample = false, events = '' } = {}) {
  const page = await studio.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${origin}/tests/browser/fixtures/views.html?view=${view}&lang=${lang}${sample ? '&sample=1' : ''}${events ? `&events=${events}` : ''}`);
  await page.waitForSelector('body[data-ready="1"]');
  return page;
}

async function fillVariations(page, rows) {
  const trs = page.locator('table.variations tbody tr');
  for (let i = 0; i < rows.length; i++) {
    const inputs = trs.nth(i).locator('input');
    await inputs.nth(1).fill(String(rows[i].weight));
    await inputs.nth(2).fill(String(rows[i].users));
    await inputs.nth(3).fill(String(rows[i].conversions));
  }
}

/** The shown comparison row of variation `name`: {cells: string[]}. */
async function resultRow(page, name) {
  const row = page.locator('[data-testid="results"] table.data tbody tr', { hasText: name }).last();
  return row.locator('th, td').allTextContents();
}

test('Experiments: typed-in numbers give the z-test\'s p-value and interval, charts drawn', async () => {
  const page = await openView('experiments');
  await fillVariations(page, [{ weight: 50, users: 10000, conversions: 500 }, { weight: 50, users: 10000, conversions: 560 }]);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.waitForSelector('[data-testid="results"] table');
  const cells = await resultRow(page, 'B');
  const ref = zTest(10000, 500, 10000, 560);
  // Columns: variation, users, conversions, rate, abs lift, rel lift, interval, p-value, ...
  assert.equal(parseCount(cells[1]), 10000);
  assert.ok(Math.abs(parsePercent(cells[3]) - 0.056) < 1e-6, `rate ${cells[3]}`);
  assert.ok(Math.abs(parsePercent(cells[4]) - ref.d) < 5e-5, `lift ${cells[4]}`);
  assert.ok(Math.abs(parsePercent(cells[5]) - 0.12) < 5e-5, `relative lift ${cells[5]}`);
  const [low, high] = cells[6].split('…').map(parsePercent);
  assert.ok(Math.abs(low - ref.low) < 5e-5 && Math.abs(high - ref.high) < 5e-5, `interval ${cells[6]} vs ${ref.low}..${ref.high}`);
  const shownP = Number(cells[7].split(' ')[0]);
  assert.ok(Math.abs(shownP - ref.p) < 1e-6 + 5e-4 * ref.p, `p-value ${cells[7]} vs ${ref.p}`);
  assert.match(cells[7], /not significant/);   // p ≈ 0.058 > 0.05
  // The sample-ratio check passed and is shown first; both charts have a canvas.
  const first = page.locator('[data-testid="results"] > *').first();
  assert.match(await first.textContent(), /Sample ratio check passed/);
  assert.equal(await page.locator('[data-testid="srm-warning"]').count(), 0);
  assert.equal(await page.locator('[data-testid="rate-chart"] canvas').count(), 1);
  assert.equal(await page.locator('[data-testid="posterior-chart"] canvas').count(), 1);
  await page.screenshot({ path: join(ARTIFACTS, 'views-experiments.png'), fullPage: true });
  await page.close();
});

test('Experiments: a skewed split shows the SRM warning first, with the hand-computed chi-square', async () => {
  const page = await openView('experiments');
  await fillVariations(page, [{ weight: 50, users: 10000, conversions: 500 }, { weight: 50, users: 9000, conversions: 560 }]);
  await page.getByRole('button', { name: 'Analyze' }).click();
  const warning = page.locator('[data-testid="srm-warning"]');
  await warning.waitFor();
  const first = page.locator('[data-testid="results"] > *').first();
  assert.equal(await first.getAttribute('data-testid'), 'srm-warning');
  assert.equal(await warning.getAttribute('role'), 'alert');
  // Expected 9,500 each: chi-square = 2 * 500^2 / 9500, one degree of freedom.
  const chi = 2 * 500 ** 2 / 9500;
  const p = erfc(Math.sqrt(chi / 2));
  const text = await warning.textContent();
  const shownChi = Number(text.match(/chi-square = ([\d.]+)/)[1]);
  const shownP = Number(text.match(/p = (\d[\d.]*(?:e[+-]?\d+)?)/)[1]);
  assert.ok(Math.abs(shownChi - chi) < 0.006, `chi-square ${shownChi} vs ${chi}`);
  assert.ok(Math.abs(shownP - p) / p < 0.01, `p ${shownP} vs ${p}`);
  assert.match(text, /10,000 \/ 9,000/);
  assert.match(text, /9,500 \/ 9,500/);
  await page.screenshot({ path: join(ARTIFACTS, 'views-experiments-srm.png'), fullPage: true });
  await page.close();
});

test('Experiments: users and conversions taken from the workspace\'s exposure events', async () => {
  // fixtures/exposures.csv by hand: control u1..u6, of whom u2 and u3 bought after exposure (u1's
  // purchase came before it and does not count); B u7..u10 (u7 exposed twice), u7, u8, u9 bought.
  const page = await openView('experiments', { events: 'exposures.csv' });
  await page.getByRole('button', { name: 'Take users and conversions from the workspace\'s events' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.variations tbody tr input')[2].value !== '');
  const rows = await page.locator('table.variations tbody tr').evaluateAll(trs => trs.map(tr =>
    [...tr.querySelectorAll('input')].filter((_, i) => i !== 1).map(i => i.value)));
  assert.deepEqual(rows, [['control', '6', '2'], ['B', '4', '3']]);
  await page.close();
});

test('Experiments: the power calculator gives the textbook sample size', async () => {
  const page = await openView('experiments');
  const form = page.locator('section.power form');
  await form.getByLabel('Baseline conversion rate (%)').fill('5');
  await form.getByLabel('Minimum detectable effect (%)').fill('10');
  await form.getByLabel('Power (%)').fill('80');
  await form.getByLabel('Significance level α (%)').fill('5');
  await form.getByRole('button', { name: 'Compute' }).click();
  const out = page.locator('[data-testid="power-result"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="power-result"]').textContent.length > 0);
  // n = (z_.975 + z_.8)^2 (p1 q1 + p2 q2) / (p2 - p1)^2 with p1 = 5 %, p2 = 5.5 %, rounded up.
  const n = Math.ceil((Z975 + Z80) ** 2 * (0.05 * 0.95 + 0.055 * 0.945) / 0.005 ** 2);
  const shown = parseCount((await out.textContent()).match(/^([\d,]+)/)[1]);
  assert.equal(shown, n);
  await page.close();
});

test('Experiments: the bandit simulation draws the allocation over time', async () => {
  const page = await openView('experiments');
  const form = page.locator('section.bandit form');
  await form.getByLabel('True conversion rates (%, comma-separated)').fill('5, 8, 4');
  await form.getByLabel('Visitors').fill('20000');
  await form.getByRole('button', { name: 'Simulate' }).click();
  await page.waitForSelector('[data-testid="bandit-chart"] canvas');
  const label = await page.locator('[data-testid="bandit-chart"] figure').getAttribute('aria-label');
  // The best arm (8 %) ends with most of the traffic.
  const share = Number(label.match(/arm 1 8\.0 %: ([\d.]+) %/)[1]);
  assert.ok(share > 50, label);
  await page.close();
});

test('Recommendations: trains in the worker and shows a customer\'s products with explanations', async () => {
  const page = await openView('recommendations', { sample: true });
  await page.waitForFunction(() => /Trained on/.test(document.querySelector('[data-testid="train-status"]').textContent),
    null, { timeout: 120_000 });
  await page.getByLabel('Search customers by id or name').fill('zoe');
  await page.waitForFunction(() => [...document.querySelectorAll('select[name="customer"] option')].some(o => o.value === 'C0001'));
  await page.locator('select[name="customer"]').selectOption('C0001');
  await page.getByRole('button', { name: 'Recommend' }).click();
  const cards = page.locator('[data-testid="recommendations"] li.product-card');
  await cards.first().waitFor();
  assert.ok(await cards.count() >= 3);
  const because = await page.locator('[data-testid="recommendations"] .because').allTextContents();
  assert.ok(because.length >= 1 && because.every(b => /^Because they viewed “.+”/.test(b)), because.join(' | '));
  // Every card names a product of the sample catalog with its category, price and partner.
  const meta = await page.locator('[data-testid="recommendations"] .product-meta').first().textContent();
  assert.match(meta, /CNY/);
  // In-stock only by default, at most three per partner.
  const partners = await page.locator('[data-testid="recommendations"] .partner').allTextContents();
  for (const p of new Set(partners)) assert.ok(partners.filter(x => x === p).length <= 3, partners.join(","));
  assert.equal(await page.locator('[data-testid="recommendations"] .stock.out').count(), 0);
  await page.screenshot({ path: join(ARTIFACTS, 'views-recommendations.png'), fullPage: true });

  // Visitor mode: two products in, recommendations out (fold-in), none of them the two picked.
  await page.getByLabel('an ad-hoc visitor (pick products they viewed)').check();
  await page.locator('select[name="visitor-products"]').selectOption(['P0000', 'P0001']);
  await page.getByRole('button', { name: 'Recommend' }).click();
  await page.waitForFunction(() => /the visitor/.test(document.querySelector('[data-testid="recommendations"] h3')?.textContent ?? ''));
  const items = await page.locator('[data-testid="recommendations"] li.product-card').evaluateAll(ls => ls.map(l => l.dataset.item));
  assert.ok(items.length >= 1);
  assert.ok(!items.includes('P0000') && !items.includes('P0001'), items.join(','));
  await page.close();
});

test('Recommendations: an empty workspace says where to load data', async () => {
  const page = await openView('recommendations');
  await page.locator('[data-testid="rec-empty"]').waitFor();
  assert.match(await page.locator('[data-testid="rec-empty"]').textContent(), /load the sample ecosystem in the Data view/);
  await page.close();
});

test('Chinese interface: both views in Chinese, the SRM warning too', async () => {
  const page = await openView('experiments', { lang: 'zh' });
  assert.equal(await page.locator('h2').textContent(), '实验');
  await fillVariations(page, [{ weight: 50, users: 10000, conversions: 500 }, { weight: 50, users: 9000, conversions: 560 }]);
  await page.getByRole('button', { name: '分析' }).click();
  await page.locator('[data-testid="srm-warning"]').waitFor();
  assert.match(await page.locator('[data-testid="srm-warning"]').textContent(), /样本比例不匹配/);
  await page.screenshot({ path: join(ARTIFACTS, 'views-experiments-zh.png'), fullPage: true });
  await page.close();
  const rec = await openView('recommendations', { lang: 'zh', sample: true });
  assert.equal(await rec.locator('h2').textContent(), '推荐');
  await rec.waitForFunction(() => /已基于/.test(document.querySelector('[data-testid="train-status"]').textContent), null, { timeout: 120_000 });
  await rec.getByRole('button', { name: '推荐', exact: true }).click();
  await rec.locator('[data-testid="recommendations"] .because').first().waitFor();
  assert.match(await rec.locator('[data-testid="recommendations"] .because').first().textContent(), /^因为其浏览过/);
  // Partners by their Chinese names from the manifest (e.g. aurora-devices → 极光智能设备).
  const partnerNames = await rec.locator('[data-testid="recommendations"] .partner').allTextContents();
  assert.ok(partnerNames.every(n => /[\u4e00-\u9fff]/.test(n)), partnerNames.join(','));
  await rec.screenshot({ path: join(ARTIFACTS, 'views-recommendations-zh.png'), fullPage: true });
  await rec.close();
});

test('In the studio: the sample ecosystem from the Data view feeds both tabs; the language switch re-renders them', async () => {
  const page = await studio.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${origin}/web/#data`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-data[aria-selected="true"]');
  await page.click('button[data-lang="en"]');
  await page.click('#ws-sample');
  // One product per line of the sample catalog after its header (no multi-line fields).
  const products = String(readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8').trim().split('\n').length - 1);
  await page.waitForFunction(n => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === n, products, { timeout: 60_000 });
  await page.click('#tab-recommendations');
  const view = page.locator('#view-recommendations');
  await page.waitForFunction(() => /Trained on/.test(document.querySelector('#view-recommendations [data-testid="train-status"]').textContent),
    null, { timeout: 120_000 });
  await view.getByRole('button', { name: 'Recommend' }).click();
  await view.locator('.because').first().waitFor();
  assert.match(await view.locator('.because').first().textContent(), /^Because they viewed/);
  await page.click('button[data-lang="zh"]');
  assert.equal(await view.locator('h2').first().textContent(), '推荐');
  assert.match(await view.locator('.because').first().textContent(), /^因为其浏览过/);
  assert.match(await view.locator('[data-testid="train-status"]').textContent(), /^已基于/);
  await page.click('#tab-experiments');
  const exp = page.locator('#view-experiments');
  const trs = exp.locator('table.variations tbody tr');
  for (const [i, users] of [[0, 10000], [1, 9000]]) {
    await trs.nth(i).locator('input').nth(2).fill(String(users));
    await trs.nth(i).locator('input').nth(3).fill('500');
  }
  await exp.getByRole('button', { name: '分析' }).click();
  await exp.locator('[data-testid="srm-warning"]').waitFor();
  // Analysed and saved: the results stop being busy once the setup is in the workspace.
  await exp.locator('[data-testid="results"]:not([aria-busy])').waitFor();
  await page.click('button[data-lang="en"]');
  assert.match(await exp.locator('[data-testid="srm-warning"]').textContent(), /^Sample ratio mismatch/);
  assert.equal(await exp.getByRole('button', { name: 'Analyze' }).count(), 1);
  await page.screenshot({ path: join(ARTIFACTS, 'views-studio-experiments.png'), fullPage: true });
  // The analysed setup is kept in the workspace: a reload brings the numbers back.
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#tab-experiments[aria-selected="true"]');
  const users = await page.locator('#view-experiments table.variations tbody tr').evaluateAll(
    trs => trs.map(tr => tr.querySelectorAll('input')[2].value));
  assert.deepEqual(users, ['10000', '9000']);
  await page.close();
});

test('no request left the origin and nothing was logged as an error', () => {
  assert.deepEqual(foreignRequests, []);
  assert.deepEqual(consoleErrors, []);
});
