// More studio views in a real browser (Debian's chromium, driven by playwright-core): the Model
// view's attention panel (pick an output token, see the prompt's heat strip; keyboard) and its
// model cache (a model loaded from the user's file is kept in OPFS with its SHA-256 and loads
// again after a reload without the file; a corrupted or refused entry is dropped with a banner;
// "forget"), the Chinese interface, and no request leaving the local origin.
// Saves build/test-artifacts/studio-more-*.png.
//   node --test tests/browser/studio-more.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'build/test-artifacts');
const CHROMIUM = process.env.PLUME_CHROMIUM ?? '/usr/bin/chromium';
const WAIT = { timeout: 90_000 };

let server;
let baseUrl;
let browser;
let page;
const consoleErrors = [];
const foreignRequests = [];

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}`)), 10_000);
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/web\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    child.stderr.on('data', d => { out += d; });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`serve.mjs exited (${code}): ${out}`)); });
  });
}

before(async () => {
  for (const f of ['web/dist/plume-engine.js', 'web/dist/plume-engine.wasm', 'models/plume-default.gguf']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`missing ${f}: run scripts/build before the browser tests`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM} (apt-get install chromium, or set PLUME_CHROMIUM)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  baseUrl = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
  // An English browser; the Chinese interface is switched to later.
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 1000 }, acceptDownloads: true });
  const allowed = new URL(baseUrl).host;
  const watch = req => {
    const url = new URL(req.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.host !== allowed) foreignRequests.push(req.url());
  };
  context.on('request', watch);   // pages and their workers
  page = await context.newPage();
  page.on('request', watch);
  page.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`));
  page.setDefaultTimeout(30_000);
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill();
});

const text = selector => page.locator(selector).innerText();
const noError = async () => assert.equal(await page.isHidden('#error'), true, `no error expected: ${await text('#error-message')}`);

// TESTS
const modelReady = () => page.waitForFunction(() => /^Ready/.test(document.getElementById('load-text').textContent), null, WAIT);
/** The strip's weights (data-weight of each heat span). */
const stripWeights = () => page.$$eval('#attn-strip .heat', spans => spans.map(s => Number(s.dataset.weight)));
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
