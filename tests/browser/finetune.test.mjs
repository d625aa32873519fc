// Brand-voice fine-tuning in a real browser (Debian's chromium, driven by playwright-core): the
// page fine-tunes the default model on ~20 texts for a few steps in its worker, shows progress
// (bar, loss, curve), perplexity after < before; a second, long run is cancelled and the original
// model still generates exactly what it did before; the tuned model downloads as a GGUF that the
// engine loads, and "Use the tuned model" generates with it. Prints the throughput (tokens/s,
// WASM, one thread) and the engine's memory. Saves build/test-artifacts/finetune.png.
//   node --test tests/browser/finetune.test.mjs
// PLUME_FT_MODEL=<path under the repository> measures another model of the same format.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Plume } from '../../web/plume.js';
import { ARTIFACTS, openStudio, studioHelpers } from './studio-harness.mjs';

const MODEL = process.env.PLUME_FT_MODEL ?? 'models/plume-default.gguf';
const WAIT = { timeout: 120_000 };
const STEPS = 8;

let studio;
let baseUrl;
let page;
let consoleErrors = [];
let foreignRequests = [];
let text;
let noError;

/** ~20 texts in one voice, English and Chinese: the same frames, different products and moods. */
function brandTexts(n = 20) {
  const products = [['Aurora band', '智能手环'], ['Breeze kettle', '静音水壶'], ['Cloud pillow', '云朵枕'],
    ['Drift lamp', '氛围台灯'], ['Echo earbuds', '降噪耳机']];
  const benefits = ['keeps pace with your day', 'feels light from morning to night', 'makes every routine calmer',
    'is ready when you are', 'turns small moments into rituals'];
  const moods = ['bright', 'quiet', 'warm', 'fresh', 'easy', 'bold', 'soft'];
  const moodsZh = ['明亮', '安静', '温暖', '清新', '轻松', '大胆', '柔和'];
  return Array.from({ length: n }, (_, i) => {
    const [en, zh] = products[i % 5];
    return i % 4 === 3
      ? `${zh}，轻盈陪伴你的每一天。${moodsZh[i % 7]}的设计，贴心的细节，现在就把好习惯带回家。`
      : `Meet the ${en}: it ${benefits[(i * 2) % 5]}. A ${moods[i % 7]} design for people who care about the details. Order today and feel the difference.`;
  });
}

before(async () => {
  studio = await openStudio({ locale: 'zh-CN', viewport: { width: 1360, height: 1400 }, needs: [MODEL] });
  ({ page, baseUrl, consoleErrors, foreignRequests } = studio);
  ({ text, noError } = studioHelpers(page));
  page.setDefaultTimeout(60_000);
});

after(async () => { await studio?.close(); });

/** Generates one greedy-ish candidate (seed 42) in the Model view and returns its text; ends on the Brand voice view. */
async function generateOnce() {
  await page.click('#tab-model');
  await page.waitForFunction(() => !document.getElementById('generate').disabled, null, WAIT);
  await page.click('#generate');
  await page.waitForFunction(() => !document.getElementById('error').hidden ||
    (document.querySelectorAll('#outputs .card').length > 0 && !document.getElementById('generate').disabled &&
     document.querySelectorAll('#outputs .card.running').length === 0), null, WAIT);
  await noError();
  const out = await page.locator('#outputs .card-text').first().innerText();
  await page.click('#tab-brand-voice');
  return out;
}

let originalText;

test('the page shows the Brand voice panel in both languages', { timeout: 120_000 }, async () => {
  const model = new URL(`../${MODEL}`, baseUrl).pathname;
  await page.goto(`${baseUrl}?model=${encodeURIComponent(model)}#brand-voice`, { waitUntil: 'load' });
  assert.equal((await text('#ft-title')).trim(), '品牌语调');
  await page.waitForFunction(() => !document.getElementById('ft-start').disabled, null, WAIT);
  await page.click('[data-lang="en"]');
  assert.equal((await text('#ft-title')).trim(), 'Brand voice');
  assert.equal((await text('#ft-start')).trim(), 'Start fine-tuning');
  await page.click('[data-lang="zh"]');
  await page.click('#tab-model');
  await page.fill('#opt-maxNewTokens', '12');
  await page.fill('#opt-numReturnSequences', '1');
  originalText = await generateOnce();
});

test('fine-tuning runs in the worker with progress and lowers held-out perplexity; the GGUF downloads and loads', { timeout: 400_000 }, async () => {
  await page.fill('#ft-texts', brandTexts().join('\n\n'));
  await page.fill('#ft-steps', String(STEPS));
  await page.fill('#ft-lr', '0.003');
  // Count progress-bar updates and check the page stays responsive (a timer keeps ticking).
  await page.evaluate(() => {
    window.__ftValues = [];
    window.__ticks = 0;
    window.__ticker = setInterval(() => { window.__ticks++; }, 50);
    new MutationObserver(() => window.__ftValues.push(Number(document.getElementById('ft-progress').value)))
      .observe(document.getElementById('ft-status'), { childList: true, characterData: true, subtree: true });
  });
  const started = Date.now();
  await page.click('#ft-start');
  await page.waitForFunction(() => !document.getElementById('ft-download').disabled ||
    !document.getElementById('error').hidden, null, { timeout: 360_000 });
  await noError();
  const seconds = (Date.now() - started) / 1000;
  const values = await page.evaluate(() => window.__ftValues);
  const ticks = await page.evaluate(() => { clearInterval(window.__ticker); return window.__ticks; });
  assert.ok(new Set(values.filter(v => v > 0)).size >= 2, `progress moved step by step: ${values}`);
  assert.ok(ticks > seconds * 5, `the page kept running timers while training (${ticks} ticks in ${seconds} s)`);
  assert.equal(await page.isVisible('#ft-curve'), true, 'the loss curve is drawn');
  assert.match(await text('#ft-status'), /完成/);
  const before = Number(await text('#ft-result dd[data-key="ft.before"]'));
  const afterPpl = Number(await text('#ft-result dd[data-key="ft.after"]'));
  assert.ok(afterPpl < before, `held-out perplexity ${before} -> ${afterPpl}`);
  const speed = await text('#ft-result dd[data-key="ft.speed"]');
  console.log(`# browser fine-tune of ${MODEL}: ${STEPS} steps in ${seconds.toFixed(1)} s; ${speed}; ` +
    `perplexity ${before} -> ${afterPpl}`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ft-download')]);
  assert.match(download.suggestedFilename(), /brand-voice\.gguf$/);
  const file = join(ARTIFACTS, 'brand-voice.gguf');
  await download.saveAs(file);
  const engine = await Plume.load({ model: file });
  try {
    const info = await engine.info();
    assert.match(info.name, /finetuned/);
    // A trained model may end its text early (end-of-text), so: it generates, and stops cleanly.
    const r = await engine.generate('Meet the', { maxNewTokens: 4, temperature: 0 });
    const s = r.sequences[0];
    assert.ok(s.tokens.length >= 1 && s.tokens.length <= 4, `${s.tokens.length} tokens`);
    assert.ok(s.finishReason === 'length' || s.finishReason === 'eos', s.finishReason);
  } finally {
    engine.dispose();
  }
  await page.screenshot({ path: join(ARTIFACTS, 'finetune.png'), fullPage: true });
});

test('Cancel stops a long run and the original model still generates the same text', { timeout: 300_000 }, async () => {
  await page.fill('#ft-steps', '2000');
  await page.click('#ft-start');
  await page.waitForFunction(() => Number(document.getElementById('ft-progress').value) >= 2, null, { timeout: 200_000 });
  await page.click('#ft-cancel');
  await page.waitForFunction(() => !document.getElementById('ft-start').disabled, null, WAIT);
  await noError();
  assert.match(await text('#ft-status'), /已在第 \d+ 步后取消/);
  assert.equal(await generateOnce(), originalText);
});

test('"Use the tuned model" loads it and generates', { timeout: 200_000 }, async () => {
  // The cancelled run kept nothing: run a short one again, then use it.
  await page.fill('#ft-steps', '2');
  await page.click('#ft-start');
  await page.waitForFunction(() => !document.getElementById('ft-use').disabled, null, { timeout: 150_000 });
  await page.click('#ft-use');
  await page.waitForFunction(() => /finetuned/.test(document.getElementById('load-text').textContent), null, WAIT);
  assert.match(await text('#ft-status'), /已加载微调后的模型/);
  const tuned = await generateOnce();
  assert.ok(tuned.length > 0);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});

test('an uploaded binary file is refused with a clear message and the panel stays usable', { timeout: 120_000 }, async () => {
  await page.setInputFiles('#ft-file', { name: 'catalog.txt', mimeType: 'text/plain',
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x08, 0x00]) });
  assert.equal((await text('#ft-file-name')).trim(), 'catalog.txt');
  await page.click('#ft-start');
  await page.waitForFunction(() => !document.getElementById('error').hidden, null, WAIT);
  // The engine's message in Chinese, naming the file as the user chose it.
  assert.match(await text('#error-message'), /微调失败：catalog\.txt.*二进制文件/s);
  await page.click('#error-dismiss');
  await page.click('#ft-file-clear');
  assert.equal((await text('#ft-file-name')).trim(), '');
  assert.equal(await page.isEnabled('#ft-start'), true);
  assert.equal(await page.isEnabled('#generate'), true);
});
