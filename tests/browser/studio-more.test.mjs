// More studio views in a real browser (Debian's chromium, driven by playwright-core): the Model
// view's attention panel (pick an output token, see the prompt's heat strip; keyboard) and its
// model cache (a model loaded from the user's file is kept in OPFS with its SHA-256 and loads
// again after a reload without the file; a corrupted or refused entry is dropped with a banner;
// "forget"), the Chinese interface, and no request leaving the local origin.
// Saves build/test-artifacts/studio-more-*.png.
//   node --test tests/browser/studio-more.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { ARTIFACTS, ROOT, WAIT, openStudio, studioHelpers } from './studio-harness.mjs';
import { csvObjects } from '../../web/csv.js';

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


// TESTS
const modelReady = () => page.waitForFunction(() => /^Ready/.test(document.getElementById('load-text').textContent), null, WAIT);
/** The strip's weights (data-weight of each heat span). */
const stripWeights = () => page.$$eval('#attn-strip .heat', spans => spans.map(s => Number(s.dataset.weight)));
let featuredItems = null;   // the products the Campaigns test's messages featured (for the Partners test)
const parseCsv = text => csvObjects(text);
const sum = xs => xs.reduce((a, b) => a + b, 0);

test('Model: attention over the prompt for a chosen output token', { timeout: 120_000 }, async () => {
  await page.goto(`${baseUrl}#model`, { waitUntil: 'load' });
  await modelReady();
  assert.match(await text('#attn-empty'), /Generate a candidate above first/);
  await page.fill('#prompt', 'Running shoes for city runners are');
  await page.fill('#opt-maxNewTokens', '6');
  await page.fill('#opt-numReturnSequences', '2');
  await page.fill('#opt-stop', '');
  await page.fill('#opt-temperature', '0.8');
  await page.waitForFunction(() => /^\d+ tokens$/.test(document.getElementById('prompt-tokens').textContent));
  const promptTokens = Number((await text('#prompt-tokens')).split(' ')[0]);
  assert.ok(promptTokens >= 5 && promptTokens <= 12, `a short prompt (${promptTokens} tokens)`);
  await page.click('#generate');
  await page.waitForSelector('#attn-outputs .token-chip', WAIT);
  assert.equal(await page.isHidden('#attn-empty'), true);
  assert.deepEqual(await page.locator('#attn-seq option').allInnerTexts(), ['Candidate 1', 'Candidate 2']);
  // Layers and heads of the default model (4 layers; heads from the model info) plus the averages.
  const heads = Number(await page.locator('#model-info dt:text-is("Attention heads") + dd').innerText());
  assert.equal(await page.locator('#attn-layer option').count(), 1 + 4);
  assert.equal(await page.locator('#attn-head option').count(), 1 + heads);

  const chips = page.locator('#attn-outputs .token-chip');
  assert.ok(await chips.count() >= 3, 'at least three output tokens');
  const k = Number(await chips.nth(2).getAttribute('data-index'));
  await chips.nth(2).click();
  await page.waitForFunction(() => /Attention when writing/.test(document.getElementById('attn-status').textContent), null, WAIT);
  // Token k was written looking at the prompt and the k output tokens before it: P + k positions.
  assert.match(await text('#attn-status'), new RegExp(`over ${promptTokens + k} context tokens`));
  assert.equal(await chips.nth(2).getAttribute('aria-pressed'), 'true');
  // Every head's weights are a softmax: averaged over heads and layers they still sum to 1.
  let w = await stripWeights();
  assert.ok(w.length >= promptTokens, `one chip per context piece (${w.length})`);
  assert.ok(Math.abs(sum(w) - 1) < 1e-3, `the average sums to 1 (${sum(w)})`);
  assert.ok(w.every(x => x >= 0 && x <= 1));
  await page.selectOption('#attn-layer', '3');
  await page.selectOption('#attn-head', String(heads - 1));
  const one = await stripWeights();
  assert.ok(Math.abs(sum(one) - 1) < 1e-3, `one head sums to 1 (${sum(one)})`);
  assert.notDeepEqual(one, w, 'one head is not the average');
  assert.equal(await page.locator('#attn-top li').count(), 5);
  // The darkest chip is the one with the largest weight.
  const darkest = await page.$$eval('#attn-strip .heat', spans => spans.findIndex(s => s.classList.contains('heat-9')));
  assert.equal(darkest, one.indexOf(Math.max(...one)));

  // Keyboard: the pressed chip has focus; ArrowRight then Enter picks the next token.
  await page.focus('#attn-outputs .token-chip[aria-pressed="true"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.waitForFunction(n => new RegExp(`over ${n} context tokens`).test(document.getElementById('attn-status').textContent),
    promptTokens + Number(await chips.nth(3).getAttribute('data-index')), WAIT);
  assert.equal(await chips.nth(3).getAttribute('aria-pressed'), 'true');
  await noError();
  await page.screenshot({ path: join(ARTIFACTS, 'studio-more-attention.png'), fullPage: true });
});

const MODEL_BYTES = () => readFileSync(join(ROOT, 'models/plume-default.gguf'));
const cacheState = () => page.getAttribute('#cache-status', 'data-state');
const waitCache = state => page.waitForFunction(s => document.getElementById('cache-status').dataset.state === s, state, WAIT);
/** Writes `files` ({name: Uint8Array-as-array | string}) into the cache's OPFS folder. */
const writeOpfs = files => page.evaluate(async entries => {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('plume-model-cache', { create: true });
  for (const [name, data] of entries) {
    const out = await (await dir.getFileHandle(name, { create: true })).createWritable();
    await out.write(typeof data === 'string' ? data : new Uint8Array(data));
    await out.close();
  }
}, Object.entries(files));
const opfsNames = () => page.evaluate(async () => {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('plume-model-cache', { create: true });
  const names = [];
  for await (const name of dir.keys()) names.push(name);
  return names.sort();
});

test('Model: a model loaded from a file is cached with its SHA-256 and loads again after a reload', { timeout: 120_000 }, async () => {
  assert.equal(await cacheState(), 'empty');
  assert.equal(await page.isDisabled('#cache-forget'), true);
  const bytes = MODEL_BYTES();
  await page.setInputFiles('#model-file', { name: 'my-brand.gguf', mimeType: 'application/octet-stream', buffer: bytes });
  await waitCache('stored');
  // The hash shown is the file's SHA-256 (computed here by node:crypto, independently of the page).
  const sha = createHash('sha256').update(bytes).digest('hex');
  const status = await text('#cache-status');
  assert.match(status, /^my-brand\.gguf \(GGUF, 5\.\d MB, SHA-256 ([0-9a-f]{12})…\), kept in OPFS/);
  assert.equal(status.match(/SHA-256 ([0-9a-f]{12})/)[1], sha.slice(0, 12));
  assert.deepEqual(await opfsNames(), ['entry.json', 'gguf']);
  const entry = JSON.parse(await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('plume-model-cache');
    return (await (await dir.getFileHandle('entry.json')).getFile()).text();
  }));
  assert.deepEqual(entry.files, [{ role: 'gguf', name: 'my-brand.gguf', size: bytes.length, sha256: sha }]);

  // Next visit: no file is chosen; the cached one is checked and loaded.
  await page.reload({ waitUntil: 'load' });
  await waitCache('inUse');
  assert.match(await text('#cache-status'), /^my-brand\.gguf .* is loaded from the cache \(OPFS\)/);
  await modelReady();
  await noError();
  await page.screenshot({ path: join(ARTIFACTS, 'studio-more-cache.png') });
});

test('Model: a corrupted cache entry is detected, dropped and reported', { timeout: 120_000 }, async () => {
  // One byte changed in the middle of the stored model: the hash no longer matches.
  await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('plume-model-cache');
    const handle = await dir.getFileHandle('gguf');
    const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
    bytes[bytes.length >> 1] ^= 0xff;
    const out = await handle.createWritable();
    await out.write(bytes);
    await out.close();
  });
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#error:not([hidden])', WAIT);
  assert.match(await text('#error-message'), /The cached model was corrupted and has been dropped \(my-brand\.gguf: SHA-256 [0-9a-f]{12}… does not match the stored [0-9a-f]{12}…\)/);
  await waitCache('empty');
  assert.deepEqual(await opfsNames(), []);
  await page.click('#error-dismiss');

  // The hashes match but the bytes are no model: the engine refuses it; dropped as well.
  const junk = 'not a gguf file';
  const sha = createHash('sha256').update(junk).digest('hex');
  await writeOpfs({ gguf: junk, 'entry.json': JSON.stringify({ format: 'plume-model-cache/1', kind: 'gguf', name: 'junk.gguf',
    files: [{ role: 'gguf', name: 'junk.gguf', size: junk.length, sha256: sha }], storedAt: '2026-01-01T00:00:00Z' }) });
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => /refused by the engine/.test(document.getElementById('error-message').textContent), null, WAIT);
  await waitCache('empty');
  assert.deepEqual(await opfsNames(), []);
  await modelReady();   // the built-in model stays loaded
  await page.click('#error-dismiss');
});

test('Model: "forget cached model" empties the cache', { timeout: 120_000 }, async () => {
  await page.setInputFiles('#model-file', { name: 'again.gguf', mimeType: 'application/octet-stream', buffer: MODEL_BYTES() });
  await waitCache('stored');
  assert.equal(await page.isEnabled('#cache-forget'), true);
  await page.click('#cache-forget');
  await waitCache('empty');
  assert.match(await text('#notice'), /The cached model is forgotten/);
  assert.deepEqual(await opfsNames(), []);
  await page.reload({ waitUntil: 'load' });
  await modelReady();
  assert.equal(await cacheState(), 'empty');
  await noError();
});

test('Customer service: the FAQ chat answers with sources, follows up, and hands over', { timeout: 240_000 }, async () => {
  await page.goto(`${baseUrl}#service`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-service[aria-selected="true"]');
  assert.match(await text('#svc-kb-status'), /No knowledge base yet/);
  assert.match(await text('#svc-empty'), /Load a knowledge base above/);
  assert.equal(await page.isDisabled('#svc-send'), true);
  await page.click('#svc-sample');
  // data/ecosystem/faq.jsonl: 51 English and 51 Chinese entries.
  await page.waitForFunction(() => /faq\.jsonl: 51 English and 51 Chinese entries/.test(document.getElementById('svc-kb-status').textContent), null, WAIT);
  await page.fill('#svc-question', 'Is shipping free?');
  await page.press('#svc-question', 'Enter');
  const agent = page.locator('#svc-log .chat-msg.agent');
  await agent.first().waitFor();
  // The entry en-ship-free answers it, word for word, with its BM25 score among the sources.
  assert.equal(await agent.first().locator('.chat-text').innerText(),
    'Standard shipping is free on orders of 99 CNY or more. Below that, a flat fee of 10 CNY applies.');
  assert.match(await agent.first().locator('.chat-meta').innerText(), /Answer from FAQ entry en-ship-free · confidence \d\.\d\d/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'svc-question', 'the focus returns to the question');
  await agent.first().locator('.chat-sources summary').click();
  const firstSource = await agent.first().locator('.chat-sources li').first().innerText();
  assert.match(firstSource, /^Is shipping free\? \(en-ship-free · BM25 \d+\.\d\d · normalized \d\.\d\d\)/);

  // Chinese, and a question the FAQ cannot answer: handed over, said plainly.
  await page.fill('#svc-question', '包邮吗?');
  await page.press('#svc-question', 'Enter');
  await agent.nth(1).waitFor();
  assert.match(await agent.nth(1).locator('.chat-meta').innerText(), /Answer from FAQ entry zh-ship-free/);
  await page.fill('#svc-question', '今天上海天气怎么样?');
  await page.press('#svc-question', 'Enter');
  const handover = page.locator('#svc-log .chat-msg.handover');
  await handover.waitFor();
  assert.equal(await handover.locator('.chat-who').innerText(), 'Handed over to a person');
  assert.match(await handover.locator('.chat-meta').innerText(), /below the threshold 0\.1: a colleague takes over/);
  // The off-topic turn must not hand over the next question the FAQ answers on its own (its
  // Chinese terms joined the follow-up's query and once diluted its coverage below 0.33).
  await page.fill('#svc-question', 'Is shipping free?');
  await page.press('#svc-question', 'Enter');
  await page.locator('#svc-log .chat-msg:is(.agent, .handover)').nth(3).waitFor();
  assert.equal(await page.locator('#svc-log .chat-msg.handover').count(), 1, 'the question after the handover is answered');
  assert.match(await agent.nth(2).locator('.chat-meta').innerText(), /Answer from FAQ entry en-ship-free/);
  assert.equal(await page.locator('#svc-log .chat-msg.customer').count(), 4);
  await noError();
  await page.screenshot({ path: join(ARTIFACTS, 'studio-more-service.png'), fullPage: true });

  // The model-phrased answer is checked by the last test of this file.

  // A knowledge base with a bad line is refused with its line and column; the chat keeps the old one.
  await page.setInputFiles('#svc-file', { name: 'bad-faq.jsonl', mimeType: 'application/x-ndjson',
    buffer: Buffer.from('{"id": "a", "lang": "en", "question": "Q?", "answer": "A."}\n{"id": "b", "lang": "en", "question": }\n') });
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await text('#error-message'), /The FAQ was refused: bad-faq\.jsonl: .*line 2/);
  assert.match(await text('#svc-kb-status'), /faq\.jsonl: 51 English/);
  await page.click('#error-dismiss');

  // The knowledge base is kept in the workspace: after a reload the chat is ready at once.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => /faq\.jsonl: 51 English/.test(document.getElementById('svc-kb-status').textContent), null, WAIT);
  assert.equal(await page.isEnabled('#svc-send'), true);
  assert.equal(await page.isDisabled('#svc-reset'), true, 'a new page starts a new conversation');
});

test('Campaigns: build, run with progress and cancel, resume, export, import outcomes, report', { timeout: 180_000 }, async () => {
  await page.goto(`${baseUrl}#campaigns`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-campaigns[aria-selected="true"]');
  if (await page.isVisible('#camp-nodata')) {
    await page.click('#camp-sample');
    await page.waitForSelector('#camp-nodata', { state: 'hidden', ...WAIT });
  }
  assert.match(await text('#camp-msg-empty'), /Run a campaign to see its messages/);
  // An e-mail campaign for one segment, through a partner, two variants (the defaults), template-only.
  const manifest = JSON.parse(readFileSync(join(ROOT, 'data/ecosystem/manifest.json'), 'utf8'));
  const segment = manifest.segments[0].id;
  await page.fill('#camp-id', 'studio-test');
  await page.selectOption('#camp-segment', segment);
  await page.selectOption('#camp-channel', 'email');
  await page.selectOption('#camp-template', 'email');
  await page.fill('#camp-items', '2');
  assert.equal(await page.locator('#camp-variants li').count(), 2);
  // With the model, stopped after the first customer: Resume finishes the run.
  await page.check('#camp-model');
  await page.fill('#camp-limit', '8');
  await page.click('#camp-run');
  await page.waitForFunction(() => Number(document.getElementById('camp-progress').value) >= 1, null, WAIT);
  assert.equal(await page.isVisible('#camp-progress'), true);
  await page.click('#camp-cancel');
  await page.waitForFunction(() => /Stopped after|Done:/.test(document.getElementById('camp-status').textContent), null, WAIT);
  assert.match(await text('#camp-status'), /^Stopped after [1-7] of 8 customers/);
  assert.equal(await page.isVisible('#camp-resume'), true);
  await page.click('#camp-resume');
  await page.waitForFunction(() => /^Done:/.test(document.getElementById('camp-status').textContent), null, WAIT);
  assert.equal(await page.isHidden('#camp-resume'), true);
  assert.match(await text('#camp-msg-count'), /^\d messages/);
  await noError();

  // The whole segment, template-only.
  await page.uncheck('#camp-model');
  await page.fill('#camp-limit', '');
  await page.click('#camp-run');
  await page.waitForFunction(() => /^Done:/.test(document.getElementById('camp-status').textContent), null, WAIT);
  await noError();
  const done = (await text('#camp-status')).match(/Done: (\d+) messages, (\d+) customers skipped/);
  const n = Number(done[1]);
  assert.ok(n > 0, `messages were written (${done[0]})`);
  assert.match(await text('#camp-msg-count'), new RegExp(`^${n} messages`));

  // The CSV export: one row per message, every customer once, every variant one of the two.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#camp-export-csv')]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  const rows = parseCsv(csv);
  assert.equal(rows.length, n);
  assert.equal(new Set(rows.map(r => r.customer)).size, n);
  for (const r of rows) {
    assert.ok(['recommended', 'popular'].includes(r.variant), r.variant);
    assert.equal(r.message_id, `studio-test:${r.customer}`);
    assert.ok(r.text.length > 0);
  }
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#camp-export-json')]);
  const jsonMessages = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
  assert.deepEqual(jsonMessages.map(m => m.message_id), rows.map(r => r.message_id));
  featuredItems = new Set(jsonMessages.flatMap(m => m.items));

  // Outcomes made up here (every 2nd delivered message opened, every 3rd clicked, every 4th
  // converted at 10.5), imported, and the report's counts checked against our own tallies (a
  // later stage counts the earlier ones: a conversion is also a click — docs/campaigns.md).
  const lines = ['message_id,customer,campaign,variant,delivered,opened,clicked,converted,revenue,timestamp'];
  const tally = {};
  rows.forEach((r, i) => {
    const o = { delivered: 1, opened: i % 2 === 0 ? 1 : 0, clicked: i % 3 === 0 ? 1 : 0, converted: i % 4 === 0 ? 1 : 0 };
    const v = (tally[r.variant] ??= { messages: 0, delivered: 0, clicked: 0, converted: 0, revenue: 0 });
    v.messages += 1; v.delivered += 1; v.clicked += o.clicked || o.converted; v.converted += o.converted; v.revenue += o.converted ? 10.5 : 0;
    lines.push([r.message_id, r.customer, 'studio-test', r.variant, o.delivered, o.opened, o.clicked, o.converted, o.converted ? '10.5' : '0', '2024-12-31T12:00:00Z'].join(','));
  });
  await page.setInputFiles('#camp-outcomes', { name: 'outcomes.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await page.waitForSelector('#camp-report [data-dim="variant"] tbody tr', WAIT);
  await noError();
  const variantRows = await page.$$eval('#camp-report [data-dim="variant"] tbody tr', trs => trs.map(tr => [...tr.cells].map(c => c.textContent)));
  for (const [variant, messages, delivered, , clicked, converted, revenue] of variantRows) {
    const want = tally[variant];
    assert.ok(want, `variant ${variant}`);
    assert.deepEqual([messages, delivered, clicked, converted, revenue].map(Number),
      [want.messages, want.delivered, want.clicked, want.converted, Number(want.revenue.toFixed(2))], variant);
  }
  for (const dim of ['partner', 'channel', 'segment']) assert.ok(await page.locator(`#camp-report [data-dim="${dim}"] tbody tr`).count() >= 1, dim);
  assert.deepEqual(await page.$$eval('#camp-report [data-dim="channel"] tbody tr td:first-child', tds => tds.map(td => td.textContent)), ['email']);
  assert.match(await text('#camp-total'), new RegExp(`^Total: ${n} messages, ${n} delivered`));
  assert.match(await text('#camp-analysis'), /Analysis \(experiment, metric: converted\)/);
  await page.screenshot({ path: join(ARTIFACTS, 'studio-more-campaigns.png'), fullPage: true });
});

test('Partners: each partner sees only its own catalog and aggregates of at least k customers', { timeout: 90_000 }, async () => {
  await page.goto(`${baseUrl}#partners`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-partners[aria-selected="true"]');
  if (await page.isVisible('#partner-nodata')) {
    await page.click('#partner-sample');
    await page.waitForSelector('#partner-nodata', { state: 'hidden', ...WAIT });
  }
  const catalog = csvObjects(readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'data/ecosystem/manifest.json'), 'utf8'));
  const supplier = manifest.partners.find(p => catalog.some(r => r.partner === p.id));
  await page.selectOption('#partner-pick', supplier.id);
  await page.waitForFunction(id => document.getElementById('partner-summary').textContent.includes(`products`) &&
    document.getElementById('partner-pick').value === id, supplier.id, WAIT);
  await noError();
  // Its catalog: exactly its rows of catalog.csv (counted here), no other partner's id.
  const own = catalog.filter(r => r.partner === supplier.id).map(r => r.id).sort();
  const shownIds = await page.$$eval('#partner-catalog tbody tr td:first-child', tds => tds.map(td => td.textContent));
  assert.deepEqual([...shownIds].sort(), own.slice(0, 200));
  assert.match(await text('#partner-summary'), new RegExp(`${own.length} products`));
  // Its campaigns: the Campaigns test's campaign when it featured one of its products, naming only its own.
  if (featuredItems) {
    const mineFeatured = own.filter(id => featuredItems.has(id));
    const row = page.locator('#partner-campaigns tbody tr', { hasText: 'studio-test' });
    if (mineFeatured.length) {
      assert.equal(await row.count(), 1);
      const named = (await row.locator('td').nth(3).innerText()).split(', ').filter(Boolean).sort();
      assert.deepEqual(named, mineFeatured.sort());
      assert.equal(Number(await row.locator('td').nth(4).innerText()), featuredItems.size - mineFeatured.length);
    } else {
      assert.equal(await row.count(), 0);
    }
  }
  // Aggregates: no group of fewer than k customers; never a customer id.
  const k = Number((await text('#partner-summary')).match(/under (\d+) customers/)[1]);
  assert.ok(k >= 5);
  const counts = await page.$$eval('#partner-aggregates tbody tr td:nth-child(2)', tds => tds.map(td => Number(td.textContent)));
  for (const c of counts) assert.ok(c >= k, `a group of ${c} customers`);
  assert.doesNotMatch(await text('#view-partners'), /\bC\d{4}\b/, 'no customer id in the view');
  await page.screenshot({ path: join(ARTIFACTS, 'studio-more-partners.png'), fullPage: true });
  // A channel partner with no products says so.
  const channelOnly = manifest.partners.find(p => !catalog.some(r => r.partner === p.id));
  await page.selectOption('#partner-pick', channelOnly.id);
  await page.waitForSelector('#partner-cat-empty:not([hidden])', WAIT);
  assert.match(await text('#partner-cat-empty'), /supplies no products/);
});

test('The Chinese interface: the new views, the attention panel and the model cache', { timeout: 60_000 }, async () => {
  await page.goto(`${baseUrl}#model`, { waitUntil: 'load' });
  await modelReady();
  await page.click('[data-lang="zh"]');
  assert.equal(await text('#attn-title'), '注意力');
  assert.match(await text('#attn-empty'), /请先在上方生成候选文案/);
  assert.equal(await text('#cache-title'), '已缓存的模型');
  assert.match(await text('#cache-status'), /没有缓存的模型/);
  assert.equal(await text('#cache-forget'), '清除缓存的模型');
  assert.equal(await text('#tab-service'), '智能客服');
  assert.equal(await text('#tab-campaigns'), '营销活动');
  assert.equal(await text('#tab-partners'), '合作伙伴');
  assert.equal(await text('#camp-title'), '创建营销活动');
  assert.equal(await text('#svc-kb-title'), 'FAQ 知识库');
  assert.equal(await text('#partner-title'), '合作伙伴视图');
  assert.equal(await text('#camp-msg-title'), '消息');
  // Chinese text: the chips read as the prompt (a character spread over several byte tokens is one
  // chip, never U+FFFD halves).
  const prompt = '产品信息:一款智能手环,适合跑步和游泳';
  await page.fill('#prompt', prompt);
  await page.fill('#opt-maxNewTokens', '8');
  await page.fill('#opt-numReturnSequences', '1');
  await page.click('#generate');
  await page.waitForSelector('#attn-outputs .token-chip', WAIT);
  await page.locator('#attn-outputs .token-chip').last().click();
  await page.waitForFunction(() => /写出“.*”时的注意力/.test(document.getElementById('attn-status').textContent), null, WAIT);
  const strip = await page.$$eval('#attn-strip .heat', spans => spans.map(s => s.textContent));
  assert.ok(strip.join('').startsWith(prompt), `the chips read as the prompt: ${strip.join(' ')}`);
  assert.ok(!strip.some(s => s.includes('\uFFFD')), `no broken characters: ${strip.join(' ')}`);
  await noError();
  await page.screenshot({ path: join(ARTIFACTS, 'studio-more-zh.png'), fullPage: true });
  await page.click('[data-lang="en"]');
});

test('every control of the new views has an accessible name', async () => {
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('#view-model input, #view-model select, #view-model button, ' +
    '#view-service input, #view-service select, #view-service button, #view-campaigns input, #view-campaigns select, ' +
    '#view-campaigns button, #view-partners select')]
    .filter(el => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map(el => el.id || el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
});

test('no request left the local origin', () => {
  assert.deepEqual(foreignRequests, []);
  assert.deepEqual(consoleErrors.filter(e => !/Failed to load resource/.test(e)), []);
});

// Last, because it runs the model. The sequence that once failed in CI: an off-topic question
// handed over, then, with the model, a question the FAQ answers. The reply (agent or handover)
// is awaited with a finite limit: the view ends the model's phrasing after 60 s.
test('Customer service with the model: the answer stays grounded on the entry', { timeout: 150_000 }, async () => {
  await page.click('#tab-service');
  const replies = page.locator('#svc-log .chat-msg:is(.agent, .handover)');
  await page.fill('#svc-question', '今天上海天气怎么样?');
  await page.press('#svc-question', 'Enter');
  await page.locator('#svc-log .chat-msg.handover').last().waitFor();
  const before = await replies.count();
  await page.waitForFunction(() => !document.getElementById('svc-model').disabled, null, WAIT);
  await page.check('#svc-model');
  await page.fill('#svc-question', 'Is shipping free?');
  const asked = Date.now();
  await page.press('#svc-question', 'Enter');
  await replies.nth(before).waitFor({ timeout: 120_000 });
  const reply = replies.nth(before);
  assert.match(await reply.getAttribute('class'), /\bagent\b/, `answered, not handed over: ${await reply.innerText()}`);
  assert.match(await reply.locator('.chat-meta').innerText(), /(Phrased by the model from|Answer from) FAQ entry en-ship-free/);
  console.log(`the model-phrased answer arrived after ${((Date.now() - asked) / 1000).toFixed(1)} s`);
  await page.uncheck('#svc-model');
  await noError();
});
