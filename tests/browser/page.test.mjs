// The first page in a real browser (Debian's chromium, driven by playwright-core): the default
// model loads, three candidates stream in, Stop cancels, the language switches, a bad file gives
// a clear error and the page keeps working, nothing leaves 127.0.0.1, the CSP holds.
// Saves build/test-artifacts/page.png.
//   node --test tests/browser/page.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { testHfModel } from '../js/plume-fixture.mjs';
import { ARTIFACTS, openStudio, studioHelpers } from './studio-harness.mjs';

const WAIT = { timeout: 60_000 };

let studio;
let page;
let baseUrl;
let consoleErrors = [];
let foreignRequests = [];
let text;
let noError;

before(async () => {
  // A Chinese browser: the page must start in Chinese.
  studio = await openStudio({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
  ({ page, baseUrl, consoleErrors, foreignRequests } = studio);
  ({ text, noError } = studioHelpers(page));
});

after(async () => { await studio?.close(); });

async function waitReady() {
  await page.waitForFunction(() => !document.getElementById('generate').disabled, null, WAIT);
}

/** Installs a counter of text changes inside the candidates, to see them arrive piece by piece. */
async function watchStreaming() {
  await page.evaluate(() => {
    window.__updates = 0;
    window.__observer?.disconnect();
    window.__observer = new MutationObserver(list => { window.__updates += list.filter(m => m.type === 'characterData').length; });
    window.__observer.observe(document.getElementById('outputs'), { subtree: true, characterData: true, childList: true });
  });
}

async function generateAndWait() {
  await watchStreaming();
  await page.click('#generate');
  // Done when the button is back and nothing runs; an error box ends the wait at once.
  await page.waitForFunction(() => !document.getElementById('error').hidden ||
    (document.querySelectorAll('#outputs .card').length > 0 && !document.getElementById('generate').disabled &&
     document.querySelectorAll('#outputs .card.running').length === 0), null, WAIT);
  await noError();
}

test('the page loads the default model, in the browser\'s language', { timeout: 90_000 }, async () => {
  const response = await page.goto(baseUrl, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal((await text('#generate')).trim(), '生成');
  await waitReady();
  assert.match(await text('#load-text'), /已就绪/);
  const info = await text('#model-info');
  assert.match(info, /gpt2/);
  assert.match(info, /Q8_0|F16|F32|mixed/);
  assert.ok((await page.inputValue('#prompt')).startsWith('任务: 根据以下产品信息'));
  assert.equal(await page.inputValue('#opt-maxNewTokens'), '200');
  assert.equal(await page.inputValue('#opt-maxLength'), '');
  assert.equal(await page.inputValue('#opt-numReturnSequences'), '3');
  assert.equal(await page.inputValue('#opt-seed'), '42');
});

test('Generate streams three candidates and shows tokens/s', { timeout: 120_000 }, async () => {
  await generateAndWait();
  const cards = page.locator('#outputs .card');
  assert.equal(await cards.count(), 3);
  // The seed's fitness band, with phrase guidance towards its features (the Mention field's
  // default): each candidate names at least 5 of the 7 (natively, seed 42 gives 7 of 7 in all three).
  const features = (await page.inputValue('#opt-mention')).split('|');
  assert.equal(features.length, 7);
  for (let i = 0; i < 3; i++) {
    const body = await cards.nth(i).locator('.card-text').innerText();
    assert.ok(body.length > 0, `candidate ${i + 1} has text`);
    const named = features.filter(f => body.includes(f));
    assert.ok(named.length >= 5, `candidate ${i + 1} names ${named.length} of the 7 features: ${body}`);
  }
  const updates = await page.evaluate(() => window.__updates);
  assert.ok(updates > 10, `text arrived piece by piece (${updates} updates)`);
  assert.match(await text('#stats'), /每秒 [\d.]+ 个词元/);
  assert.equal(await page.isHidden('#error'), true);
});

test('the same seed gives the same candidates again', { timeout: 120_000 }, async () => {
  const first = await page.locator('#outputs .card-text').allInnerTexts();
  await generateAndWait();
  assert.deepEqual(await page.locator('#outputs .card-text').allInnerTexts(), first);
});

test('Stop cancels a long generation', { timeout: 120_000 }, async () => {
  // The trained model ends its answer (end-of-text or "### End") after ~100 tokens. Sampling at
  // temperature 5 with no stop string makes every token nearly uniform (end-of-text about 1 in
  // 6,000 per token), so all three sequences are still running when Stop is clicked.
  await page.fill('#opt-maxNewTokens', '700');
  await page.fill('#opt-temperature', '5');
  await page.fill('#opt-topK', '0');    // all tokens, as the estimate above assumes (top-k 50
  await page.fill('#opt-topP', '1');    // keeps end-of-text among few candidates)
  await page.fill('#opt-stop', '');
  await page.click('#generate');
  await page.waitForFunction(() => [...document.querySelectorAll('#outputs .card-text')].some(e => e.textContent.length > 0), null, WAIT);
  await page.click('#stop');
  await page.waitForFunction(() => !document.getElementById('generate').disabled, null, WAIT);
  const badges = await page.locator('#outputs .badge').allInnerTexts();
  assert.deepEqual(badges, ['已停止', '已停止', '已停止']);
  await page.fill('#opt-maxNewTokens', '40');   // short runs from here on
  await page.fill('#opt-temperature', '0.7');
  await page.fill('#opt-topK', '50');
  await page.fill('#opt-topP', '0.9');
  await page.fill('#opt-stop', '\\n###');
});

test('the language switches to English and back', { timeout: 30_000 }, async () => {
  await page.click('button[data-lang="en"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await text('#generate')).trim(), 'Generate');
  assert.match(await text('#load-text'), /Ready/);
  assert.match(await text('#model-info'), /Parameters/);
  assert.deepEqual(await page.locator('#outputs .badge').allInnerTexts(), ['stopped', 'stopped', 'stopped']);
  assert.match(await text('#stats'), /tokens\/s/);
  await page.click('button[data-lang="zh"]');
  assert.equal((await text('#generate')).trim(), '生成');
  assert.match(await text('#model-info'), /参数量/);
  await page.click('button[data-lang="en"]');
});

test('a bad model file gives a clear error, and the page keeps working', { timeout: 120_000 }, async () => {
  await page.setInputFiles('#model-file', {
    name: 'not-a-model.gguf', mimeType: 'application/octet-stream',
    buffer: Buffer.from('<script>alert(1)</script> this is not a model'),
  });
  await page.waitForSelector('#error:not([hidden])', WAIT);
  const message = await text('#error-message');
  assert.match(message, /Loading the model failed: .*not a GGUF file/);
  assert.equal(await page.locator('#error script').count(), 0, 'no markup rendered');
  await waitReady();
  assert.match(await text('#model-info'), /gpt2/, 'the previous model is still loaded');
  await generateAndWait();
  assert.equal(await page.locator('#outputs .card').count(), 3);
  assert.match(await text('#stats'), /[\d.]+ tokens\/s/);
  assert.equal(await page.isHidden('#error'), true, 'generating cleared the error');
  await page.screenshot({ path: join(ARTIFACTS, 'page.png'), fullPage: true });
});

test('the four Hugging Face files load from the file input; the built-in model comes back', { timeout: 120_000 }, async () => {
  const dir = await testHfModel();
  await page.setInputFiles('#model-file', ['model.safetensors', 'config.json', 'vocab.json', 'merges.txt']
    .map(f => join(dir, f)));
  await page.waitForFunction(() => /plume-test-hf/.test(document.getElementById('load-text').textContent), null, WAIT);
  assert.match(await text('#model-info'), /Hugging Face safetensors/);
  await waitReady();
  // Its context is 128 tokens, less than the seed prompt's 220: the page says so before generating.
  await page.waitForFunction(() => /128/.test(document.getElementById('prompt-tokens').textContent), null, WAIT);
  assert.match(await text('#prompt-tokens'), /220 tokens: longer than the model's context \(128\)/);
  const seedPrompt = await page.inputValue('#prompt');
  await page.fill('#prompt', 'Dear customer, this week only:');
  await generateAndWait();
  assert.equal(await page.locator('#outputs .card').count(), 3);
  await page.fill('#prompt', seedPrompt);
  // Three files are not a model: a clear message, nothing loaded.
  await page.setInputFiles('#model-file', ['config.json', 'vocab.json', 'merges.txt'].map(f => join(dir, f)));
  assert.match(await text('#error-message'), /four Hugging Face files together/);
  await page.click('#model-default');
  await page.waitForFunction(() => /plume-placeholder|Ready: (?!plume-test-hf)/.test(document.getElementById('load-text').textContent) &&
    !document.getElementById('generate').disabled, null, WAIT);
  assert.match(await text('#model-info'), /GGUF/);
});

test('no console errors, and nothing left 127.0.0.1', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});

// Runs after the console check above: the refusals it provokes are logged as console errors.
test('the Content-Security-Policy is in force', { timeout: 30_000 }, async () => {
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  const probes = await page.evaluate(async () => {
    const out = { violations: [] };
    document.addEventListener('securitypolicyviolation', e => out.violations.push(e.effectiveDirective));
    // A string timer is eval: CSP must refuse it. (eval() inside page.evaluate itself is run by
    // DevTools, which CSP does not govern.)
    window.__evalRan = false;
    setTimeout('window.__evalRan = true', 0);
    window.__inline = false;
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.append(s);
    try { await fetch('http://example.invalid/beacon'); out.fetch = 'sent'; } catch (e) { out.fetch = e.name; }
    const div = document.createElement('div');
    div.setAttribute('style', 'color: rgb(255, 0, 0)');
    document.body.append(div);
    out.inlineStyle = getComputedStyle(div).color;
    div.remove();
    await new Promise(r => setTimeout(r, 200));
    out.evalRan = window.__evalRan;
    out.inlineScript = window.__inline;
    out.violations = [...new Set(out.violations)].sort();
    return out;
  });
  assert.deepEqual(probes, {
    evalRan: false, inlineScript: false, fetch: 'TypeError', inlineStyle: 'rgb(29, 35, 48)',
    violations: ['connect-src', 'script-src-elem', 'script-src', 'style-src-attr'].sort(),
  });
  assert.deepEqual(foreignRequests, [], 'a blocked request never reached the network');
});
