// The studio in a real browser (Debian's chromium, driven by playwright-core): the tabs and the
// URL hash, the Data view (the sample ecosystem, a CSV import with a bad row refused with its
// line and column while the previous data stays, a corrupted workspace file refused), the
// workspace surviving a reload, the Generate view (the default model writes ranked candidates
// from a catalog product; approve one and it is kept), the Chinese interface, and no request
// leaving the local origin. Saves build/test-artifacts/studio-*.png.
//   node --test tests/browser/studio.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, ROOT, WAIT, openStudio, studioHelpers } from './studio-harness.mjs';

let studio;
let page;
let baseUrl;
let consoleErrors = [];
let foreignRequests = [];
let text;
let noError;

before(async () => {
  studio = await openStudio();
  ({ page, baseUrl, consoleErrors, foreignRequests } = studio);
  ({ text, noError } = studioHelpers(page));
});

after(async () => { await studio?.close(); });

const count = key => page.locator(`#ws-counts dd[data-key="${key}"]`).innerText();

test('the tabs: one per view, arrow keys move between them, the hash names the view', { timeout: 60_000 }, async () => {
  await page.goto(`${baseUrl}#data`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-data[aria-selected="true"]');
  assert.equal(await page.isVisible('#view-data'), true);
  assert.equal(await page.isHidden('#view-model'), true);
  const tabs = await page.locator('[role="tab"]').allInnerTexts();
  for (const name of ['Model', 'Data', 'Generate', 'Brand voice']) assert.ok(tabs.includes(name), `a ${name} tab: ${tabs}`);
  // Keyboard: focus the selected tab, ArrowRight selects the next one and moves the focus.
  await page.focus('#tab-data');
  await page.keyboard.press('ArrowRight');
  const next = await page.evaluate(() => document.activeElement.id);
  assert.notEqual(next, 'tab-data');
  assert.equal(await page.getAttribute(`#${next}`, 'aria-selected'), 'true');
  assert.equal(await page.getAttribute(`#${next}`, 'tabindex'), '0');
  assert.equal(await page.getAttribute('#tab-data', 'tabindex'), '-1');
  assert.equal(new URL(page.url()).hash, `#${next.slice(4)}`);
  // The focused tab shows a visible focus ring.
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-model');
  await page.click('#tab-data');
  assert.equal(new URL(page.url()).hash, '#data');
});

test('Data: the sample ecosystem loads; its catalog shows in the preview', { timeout: 60_000 }, async () => {
  await page.waitForSelector('#ws-counts dd[data-key="data.products"]');
  assert.match(await text('#prev-empty'), /No Catalog yet/);
  const sampleOffered = () => page.$eval('#gen-sample-row', e => !e.hidden);
  assert.equal(await sampleOffered(), true, 'the Generate view offers the sample while there is no catalog');
  await page.click('#ws-sample');
  await page.waitForFunction(() => document.querySelector('#ws-counts dd[data-key="data.products"]').textContent === '204', null, WAIT);
  await noError();
  // The sample's own sizes (data/ecosystem/): 204 products, 1,040 customer rows, 53,864 events.
  // customers.csv has 1,040 rows but 1,000 distinct e-mail addresses: identity unification joins the rest.
  assert.equal(await count('data.customers'), '1000');
  assert.equal(await count('data.events'), '53864');
  assert.equal(await count('data.partners'), '7');   // manifest.json lists 7 partners
  assert.equal(await page.locator('#prev-table tbody tr').count(), 50);
  assert.match(await text('#prev-count'), /First 50 of 204 rows/);
  const firstRow = await page.locator('#prev-table tbody tr').first().locator('td').allInnerTexts();
  assert.deepEqual(firstRow.slice(0, 3), ['2', 'P0000', 'Aurora Fit Band 7']);
  assert.equal(await sampleOffered(), false);
});

test('Data: a file with a bad row is refused with its line and column; the previous data stays', { timeout: 60_000 }, async () => {
  await page.selectOption('#imp-kind', 'events');
  assert.match(await text('#prev-title'), /Events: events\.csv/);
  // Row 2 of the data (line 3 of the file) has a time that is not a timestamp.
  const bad = 'user,item,type,timestamp\nC0001,P0001,view,2024-03-05T14:30:00+08:00\nC0002,P0002,view,yesterday\n';
  await page.setInputFiles('#imp-file', { name: 'bad-events.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.waitForSelector('#imp-error:not([hidden])');
  assert.match(await text('#imp-error'), /^bad-events\.csv: line 3, column 4 \(timestamp\): 'yesterday' is not a timestamp/);
  assert.match(await text('#error-message'), /Import refused: .*line 3, column 4/);
  // The preview shows the refused file, its bad row marked.
  assert.match(await text('#prev-title'), /bad-events\.csv \(refused, not imported\)/);
  const badRows = page.locator('#prev-table tbody tr.bad');
  assert.equal(await badRows.count(), 1);
  assert.deepEqual((await badRows.locator('td').allInnerTexts()).slice(0, 5), ['3', 'C0002', 'P0002', 'view', 'yesterday']);
  assert.equal(await count('data.events'), '53864', 'the previous events are kept');
  // The same refusal in the Chinese interface: the engine's message too is in Chinese, its
  // values (the file, the column, the bad text) as they were.
  await page.click('button[data-lang="zh"]');
  for (const where of ['#imp-error', '#error-message']) {
    const zh = await text(where);
    assert.match(zh, /3.*4.*timestamp.*yesterday/, zh);
    assert.doesNotMatch(zh, /\b(line|column|is not|a timestamp)\b/, `English left: ${zh}`);
  }
  assert.match(await text('#imp-error'), /^bad-events\.csv：/);
  assert.match(await text('#error-message'), /^导入被拒绝/);
  await page.click('button[data-lang="en"]');
  assert.match(await text('#imp-error'), /line 3, column 4 \(timestamp\): 'yesterday' is not a timestamp/);
  await page.click('#error-dismiss');

  // A JSON catalog: the second object has no title; the core names it by its index.
  await page.selectOption('#imp-kind', 'catalog');
  await page.setInputFiles('#imp-file', { name: 'bad-catalog.json', mimeType: 'application/json',
    buffer: Buffer.from('[{"id": "J1", "title": "Lamp"}, {"id": "J2"}]') });
  await page.waitForFunction(() => /bad-catalog/.test(document.getElementById('imp-error').textContent));
  assert.match(await text('#imp-error'), /^bad-catalog\.json: \[1\]: no 'title'/);
  assert.deepEqual(await page.locator('#prev-table tbody tr.bad td').allInnerTexts(), ['1', 'J2', '']);
  assert.equal(await count('data.products'), '204');
  await page.click('#error-dismiss');
  await page.selectOption('#imp-kind', 'events');

  // A good file goes in with a progress bar.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => window.__progress.push(Number(document.getElementById('imp-progress').value)))
      .observe(document.getElementById('imp-progress'), { attributes: true });
  });
  const good = 'user,item,type,timestamp\nC0001,P0001,view,2024-03-05T14:30:00+08:00\nC0002,P0002,purchase,1709620200\n';
  await page.setInputFiles('#imp-file', { name: 'good-events.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.waitForFunction(() => /good-events\.csv imported/.test(document.getElementById('imp-status').textContent), null, WAIT);
  await noError();
  assert.equal(await count('data.events'), '2');
  assert.ok((await page.evaluate(() => window.__progress)).includes(1), 'the progress bar reached the end');
  assert.equal(await page.isHidden('#imp-error'), true);
  assert.equal(await page.locator('#prev-table tbody tr').count(), 2);
  await page.screenshot({ path: join(ARTIFACTS, 'studio-data.png'), fullPage: true });
});

test('Data: a corrupted workspace file is refused and the workspace kept; the export imports back', { timeout: 60_000 }, async () => {
  await page.setInputFiles('#ws-import', { name: 'broken.json', mimeType: 'application/json',
    buffer: Buffer.from('{"format": "plume-workspace/1", "data": {\n  "catalog": ') });
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await text('#error-message'), /The workspace was not changed: the workspace file is not valid JSON: line 2, column \d+/);
  await page.click('#error-dismiss');
  // Well-formed JSON, but its catalog has a row without a title: the core refuses it.
  const badCatalog = { format: 'plume-workspace/1', data: { catalog: { name: 'c.csv', format: 'csv', text: 'id,title\nX1,Lamp\nX2,\n' } } };
  await page.setInputFiles('#ws-import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(badCatalog)) });
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await text('#error-message'), /The workspace was not changed: c\.csv: line 3/);
  assert.equal(await count('data.products'), '204');
  await page.click('#error-dismiss');

  // Export, then import the file back: the same data.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ws-export')]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(file.format, 'plume-workspace/1');
  assert.equal(file.data.catalog.text, readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8'));
  await page.setInputFiles('#ws-import', { name: 'ws.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForSelector('#notice:not([hidden])');
  await noError();
  assert.equal(await count('data.products'), '204');
  assert.equal(await count('data.events'), '2');
});

test('Generate: the default model writes ranked candidates for a catalog product; approve and reject', { timeout: 240_000 }, async () => {
  await page.click('#tab-generate');
  await page.waitForFunction(() => !document.getElementById('gen-run').disabled, null, WAIT);
  assert.match(await text('#gen-empty'), /Pick a content type/);
  await page.selectOption('#gen-type', 'product_description');
  await page.selectOption('#gen-lang', 'en');
  await page.selectOption('#gen-channel', 'product_description.en');
  await page.selectOption('#gen-product', '0');
  // The first catalog row: "Aurora Fit Band 7", wearables, features after the colon of its description.
  assert.equal(await page.inputValue('#gen-name'), 'Aurora Fit Band 7');
  assert.equal(await page.inputValue('#gen-category'), 'wearables');
  assert.equal(await page.inputValue('#gen-features'), '心率监测, 睡眠跟踪, 运动记录');
  await page.fill('#gen-features', 'heart-rate monitoring, sleep tracking');
  await page.fill('#gen-n', '3');
  await page.fill('#gen-max', '24');
  await page.evaluate(() => {
    window.__streamed = 0;
    new MutationObserver(list => { window.__streamed += list.filter(m => m.type === 'characterData').length; })
      .observe(document.getElementById('gen-cards'), { subtree: true, characterData: true });
  });
  await page.click('#gen-run');
  await page.waitForFunction(() => !document.getElementById('error').hidden ||
    document.querySelectorAll('#gen-cards .card.ranked').length > 0, null, { timeout: 200_000 });
  await noError();
  assert.ok(await page.evaluate(() => window.__streamed) > 5, 'the text streamed in before the ranking');
  const cards = page.locator('#gen-cards .card.ranked');
  assert.equal(await cards.count(), 3);
  assert.deepEqual(await cards.evaluateAll(cs => cs.map(c => c.dataset.rank)), ['1', '2', '3']);
  // Each card's breakdown adds up as docs/templates.md weighs it:
  // total = model + 2·coverage + language + format + 0.5·length − 2·repetitionPenalty.
  const totals = [];
  for (let i = 0; i < 3; i++) {
    const v = Object.fromEntries(await cards.nth(i).locator('dd[data-score]').evaluateAll(ds => ds.map(d => [d.dataset.score, Number(d.textContent)])));
    const sum = v.model + 2 * v.coverage + v.language + v.format + 0.5 * v.length - 2 * v.repetitionPenalty;
    assert.ok(Math.abs(sum - v.total) < 0.03, `card ${i + 1}: ${JSON.stringify(v)}`);
    totals.push(v.total);
    assert.ok(await cards.nth(i).locator('.rule-list li').count() >= 5, 'the rule checks are listed');
    assert.ok((await cards.nth(i).locator('.card-text').innerText()).length > 0);
  }
  const accepted = await cards.evaluateAll(cs => cs.map(c => !c.classList.contains('rejected-by-rules')));
  const acceptedTotals = totals.filter((_, i) => accepted[i]);
  assert.deepEqual(acceptedTotals, [...acceptedTotals].sort((a, b) => b - a), 'accepted candidates best first');
  assert.match(await text('#gen-status'), /of 3 candidates pass the rules/);

  await cards.nth(0).locator('button.approve').click();
  await page.waitForSelector('#gen-cards .card.ranked[data-decision="approve"]');
  await page.locator('#gen-cards .card.ranked').nth(1).locator('button.reject').click();
  await page.locator('#gen-cards .card.ranked').nth(1).locator('select.review-reason').selectOption('too_short');
  await page.locator('#gen-cards .card.ranked').nth(1).locator('input.review-note').fill('needs more detail');
  await page.locator('#gen-cards .card.ranked').nth(1).locator('.review-form button.primary').click();
  await page.waitForSelector('#gen-cards .card.ranked[data-decision="reject"]');
  // Edit: an unchanged text is not an edit; a changed one is kept with its reason.
  const third = () => page.locator('#gen-cards .card.ranked').nth(2);
  await third().locator('button.edit').click();
  await third().locator('.review-form button.primary').click();
  assert.match(await third().locator('.review-status').innerText(), /Change the text first/);
  await third().locator('textarea.review-edit').fill('Aurora Fit Band 7: heart-rate monitoring and sleep tracking, all week on one charge.');
  await third().locator('select.review-reason').selectOption('wording');
  await third().locator('.review-form button.primary').click();
  await page.waitForSelector('#gen-cards .card.ranked[data-decision="edit"]');
  assert.match(await text('#gen-reviews'), /^3 review decisions/);
  await noError();
  await page.screenshot({ path: join(ARTIFACTS, 'studio-generate.png'), fullPage: true });
});

test('the workspace survives a reload, and the view stays', { timeout: 60_000 }, async () => {
  await page.click('#tab-data');
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#tab-data[aria-selected="true"]');
  await page.waitForFunction(() => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === '204', null, WAIT);
  assert.equal(await count('data.events'), '2');
  assert.equal(await count('data.reviews'), '3');
  const reviews = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('plume-studio');
    open.onsuccess = () => {
      const req = open.result.transaction('workspace').objectStore('workspace').get('reviews');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    };
  }));
  // The shape of web/review.js's decisions (plume-review/1): ids r1, r2, r3; ISO times; no other keys.
  const keys = ['id', 'action', 'template', 'language', 'variant', 'input', 'candidate', 'edited', 'reason', 'score', 'reviewer', 'time'];
  for (const r of reviews) assert.deepEqual(Object.keys(r).filter(k => !keys.includes(k)), []);
  assert.deepEqual(reviews.map(r => r.id), ['r1', 'r2', 'r3']);
  assert.ok(reviews.every(r => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(r.time)));
  assert.deepEqual(reviews.map(r => [r.action, r.template, r.language, r.input.product, r.reason?.code ?? null, r.reason?.note ?? null]), [
    ['approve', 'product_description.en', 'en', 'Aurora Fit Band 7', null, null],
    ['reject', 'product_description.en', 'en', 'Aurora Fit Band 7', 'too_short', 'needs more detail'],
    ['edit', 'product_description.en', 'en', 'Aurora Fit Band 7', 'wording', null],
  ]);
  // The Generate form's choices came back from the workspace's settings.
  assert.equal(await page.inputValue('#gen-channel'), 'product_description.en');
  assert.equal(await page.inputValue('#gen-max'), '24');
  assert.equal(reviews[2].edited, 'Aurora Fit Band 7: heart-rate monitoring and sleep tracking, all week on one charge.');
  assert.deepEqual(reviews[0].input.features, ['heart-rate monitoring', 'sleep tracking']);
});

test('the Chinese interface', { timeout: 180_000 }, async () => {
  await page.click('button[data-lang="zh"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  const tabs = await page.locator('[role="tab"]').allInnerTexts();
  for (const name of ['模型', '数据', '生成文案', '品牌语调']) assert.ok(tabs.includes(name), `a ${name} tab: ${tabs}`);
  assert.equal((await text('#ws-title')).trim(), '工作区');
  assert.equal((await text('#ws-sample')).trim(), '加载示例生态');
  assert.match(await text('#ws-counts'), /商品/);
  assert.match(await text('#imp-kind'), /商品目录/);
  await page.click('#tab-generate');
  assert.equal((await text('#gen-run')).trim(), '生成候选文案');
  assert.match(await text('#gen-type'), /产品描述/);
  // Chinese copy for a catalog product, with the Chinese template.
  await page.selectOption('#gen-lang', 'zh');
  await page.selectOption('#gen-channel', 'product_description.zh');
  await page.selectOption('#gen-product', '0');
  assert.equal(await page.inputValue('#gen-features'), '心率监测, 睡眠跟踪, 运动记录');
  await page.fill('#gen-n', '2');
  await page.fill('#gen-max', '16');
  await page.click('#gen-run');
  await page.waitForFunction(() => !document.getElementById('error').hidden ||
    document.querySelectorAll('#gen-cards .card.ranked').length > 0, null, { timeout: 120_000 });
  await noError();
  assert.equal(await page.locator('#gen-cards .card.ranked').count(), 2);
  assert.match(await text('#gen-status'), /2 条候选中有 \d 条通过规则/);
  assert.match(await page.locator('#gen-cards .card.ranked h3').first().innerText(), /^第 1 名 · 得分 [\d.]+$/);
  await page.screenshot({ path: join(ARTIFACTS, 'studio-zh.png'), fullPage: true });
  await page.click('button[data-lang="en"]');
  assert.equal((await text('#gen-run')).trim(), 'Write candidates');
});

test('every control of every view has an accessible name', async () => {
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter(el => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map(el => el.id || el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
});

test('no console errors, and nothing left 127.0.0.1', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});
