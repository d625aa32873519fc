// The studio's Embed view in a real browser (Debian's chromium, driven by playwright-core): with
// no catalog it says to load the sample in the Data view; after the sample ecosystem is loaded it
// publishes a widget bundle, the preview (<plume-recommendations> on the just-built bundle, a
// blob: URL) shows products of data/ecosystem/catalog.csv, the snippet names widget.json, the
// files are offered for download, a category subset publishes only that category, the Chinese
// interface, and no request leaves the local origin. Saves build/test-artifacts/embed-*.png.
//   node --test tests/browser/embed.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, ROOT, WAIT, openStudio, studioHelpers } from './studio-harness.mjs';
import { parseCsv } from '../../web/csv.js';

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


// The sample catalog, read here: id -> {title, category}.
function sampleCatalog() {
  const { header, rows } = parseCsv(readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8'));
  return new Map(rows.map(cells => Object.fromEntries(header.map((h, i) => [h, cells[i]]))).map(r => [r.id, r]));
}

// The titles the preview widget shows (inside its shadow root).
const previewItems = () => page.evaluate(() => {
  const el = document.querySelector('#embed-preview plume-recommendations');
  if (!el || el.getAttribute('data-state') !== 'ready') return null;
  return [...el.shadowRoot.querySelectorAll('li[data-item]')].map(li => ({
    id: li.dataset.item, title: li.querySelector('.title').textContent, blurb: li.querySelector('.blurb')?.textContent ?? '' }));
});

test('Embed: the empty state names the Data view', { timeout: 60_000 }, async () => {
  await page.goto(`${baseUrl}#embed`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-embed[aria-selected="true"]');
  assert.equal(await text('#tab-embed'), 'Embed');
  await page.waitForSelector('#embed-nodata:not([hidden])');
  assert.match(await text('#embed-nodata'), /load the sample ecosystem in the Data view/);
  assert.equal(await page.isDisabled('#embed-publish'), true);
  await page.click('#embed-to-data');
  await page.waitForSelector('#tab-data[aria-selected="true"]');
});

test('Embed: publish the sample, preview it, the snippet and the files', { timeout: 180_000 }, async () => {
  await page.click('#ws-sample');
  await page.waitForFunction(() => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === '204', null, WAIT);
  await page.click('#tab-embed');
  await page.waitForSelector('#embed-nodata', { state: 'hidden' });
  // Options from the manifest: the banned words and the web-widget channel's limit.
  assert.match(await page.inputValue('#embed-banned'), /cheapest/);
  assert.equal(await page.inputValue('#embed-maxlen'), '200');
  const catalog = sampleCatalog();
  const categories = [...new Set([...catalog.values()].map(r => r.category))].sort();
  const offered = await page.locator('#embed-category option').evaluateAll(os => os.map(o => o.value).filter(Boolean));
  assert.deepEqual(offered, categories);
  // Every control has an accessible name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('#view-embed input, #view-embed select, #view-embed textarea, #view-embed button')]
    .filter(e => !e.labels?.length && !e.textContent.trim() && !e.getAttribute('aria-label')).map(e => e.id));
  assert.deepEqual(unnamed, []);

  await page.selectOption('#embed-preview-lang', 'en');
  await page.click('#embed-publish');
  await page.waitForFunction(() => /Published \d+ products/.test(document.getElementById('embed-status').textContent), null, WAIT);
  await noError();
  assert.match(await text('#embed-status'), /Published 204 products/);
  await page.waitForFunction(() => document.querySelector('#embed-preview plume-recommendations')?.getAttribute('data-state') === 'ready', null, WAIT);
  const items = await previewItems();
  assert.equal(items.length, 4);
  for (const it of items) {
    assert.ok(catalog.has(it.id), `${it.id} is in the sample catalog`);
    assert.equal(it.title, catalog.get(it.id).title);
  }
  // The snippet names the bundle file and the widget's script.
  const snippet = await page.inputValue('#embed-snippet');
  assert.match(snippet, /<script type="module" src="\/plume\/widget\.js"><\/script>/);
  assert.match(snippet, /<plume-recommendations bundle="\/plume\/widget\.json"/);
  assert.equal(await page.getAttribute('#embed-snippet', 'readonly'), '');
  // The files: widget.json (a blob: download) and the widget's modules.
  const files = await page.locator('#embed-files a').evaluateAll(as => as.map(a => [a.dataset.file, a.getAttribute('download'), a.protocol]));
  assert.deepEqual(files.map(f => f[0]), ['widget.json', 'widget.js', 'widget-core.js', 'widget-store.js']);
  assert.equal(files[0][2], 'blob:');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#embed-files a[data-file="widget.json"]')]);
  const bundle = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(bundle.format, 'plume-widget');
  assert.equal(bundle.products.length, 204);
  assert.deepEqual(bundle.experiment.variations, ['control', 'benefit']);
  // Warnings: a summary either way.
  assert.match(await text('#embed-warn-summary'), /blurbs break|Every blurb/);
  // Copy: the clipboard holds the snippet (or the notice says so).
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
  await page.click('#embed-copy');
  await page.waitForSelector('#notice:not([hidden])');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-en.png'), fullPage: true });

  // A subset: one category, one variant, English only, another folder.
  const category = categories[0];
  await page.selectOption('#embed-category', category);
  await page.uncheck('#embed-v-benefit');
  await page.selectOption('#embed-langs', 'en');
  await page.fill('#embed-folder', '/shop/recs');
  await page.click('#embed-publish');
  const n = [...catalog.values()].filter(r => r.category === category).length;
  await page.waitForFunction(count => new RegExp(`Published ${count} products`).test(document.getElementById('embed-status').textContent), n, WAIT);
  await page.waitForFunction(() => document.querySelector('#embed-preview plume-recommendations')?.getAttribute('data-state') === 'ready', null, WAIT);
  await page.waitForFunction(cat => {
    const el = document.querySelector('#embed-preview plume-recommendations');
    return el?.shadowRoot.querySelectorAll('li[data-item]').length > 0;
  }, category);
  for (const it of await previewItems()) assert.equal(catalog.get(it.id).category, category);
  assert.match(await page.inputValue('#embed-snippet'), /bundle="\/shop\/recs\/widget\.json"/);
  await noError();

  // Model mode: the prompts file, the built-in model and a model attribute in the snippet.
  await page.check('#embed-model');
  await page.click('#embed-publish');
  await page.waitForSelector('#embed-files a[data-file="widget-prompts.json"]', WAIT);
  const modeFiles = await page.locator('#embed-files a').evaluateAll(as => as.map(a => a.dataset.file));
  assert.deepEqual(modeFiles, ['widget-prompts.json', 'widget.json', 'model.gguf', 'widget.js', 'widget-core.js', 'widget-store.js']);
  assert.match(await page.inputValue('#embed-snippet'), / model="\/shop\/recs\/model\.gguf"/);
  assert.equal(await page.isVisible('#embed-model-files'), true);
  await page.uncheck('#embed-model');
  await noError();
});

test('Embed: the Chinese interface; nothing left the origin', { timeout: 120_000 }, async () => {
  await page.click('button[data-lang="zh"]');
  assert.equal(await text('#tab-embed'), '嵌入');
  assert.equal(await text('#embed-publish'), '发布');
  assert.equal(await text('#embed-copy'), '复制代码片段');
  await page.check('#embed-v-benefit');
  await page.selectOption('#embed-langs', 'en,zh');
  await page.click('#embed-publish');
  await page.waitForFunction(() => /已发布/.test(document.getElementById('embed-status').textContent), null, WAIT);
  await page.waitForFunction(() => document.querySelector('#embed-preview plume-recommendations')?.getAttribute('data-state') === 'ready', null, WAIT);
  // Both languages published: the preview switches to Chinese.
  await page.selectOption('#embed-preview-lang', 'zh');
  await page.waitForFunction(() => {
    const el = document.querySelector('#embed-preview plume-recommendations');
    return el?.getAttribute('lang') === 'zh' && el.getAttribute('data-state') === 'ready' && /为你|大家都在看/.test(el.shadowRoot.querySelector('h2')?.textContent ?? '');
  }, null, WAIT);
  const heading = await page.evaluate(() => document.querySelector('#embed-preview plume-recommendations').shadowRoot.querySelector('h2').textContent);
  assert.match(heading, /为你|大家都在看/);
  assert.match(await text('#embed-warn-summary'), /文案/);
  await noError();
  await page.screenshot({ path: join(ARTIFACTS, 'embed-zh.png'), fullPage: true });
  await page.click('button[data-lang="en"]');
  assert.deepEqual(foreignRequests, [], 'no request leaves the local origin');
  assert.deepEqual(consoleErrors, []);
});
