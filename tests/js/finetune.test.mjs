// PlumeEngine.finetune() end to end in Node: the WASM engine in a worker thread fine-tunes a
// tiny model the test makes (a 400-token BPE trained on the texts, 2 layers of 32, Q8_0) on brand texts; progress arrives step by step; held-out
// perplexity falls; the tuned GGUF loads; a cancelled run leaves the original model generating
// exactly as before; bad data is refused by name; and the WASM numbers equal the native
// `plume finetune` command's (the same session code, deterministic on both).
//   node --test tests/js/finetune.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Plume } from '../../web/plume.js';
import { ARTIFACTS, plumeCli, requireBuild, within } from './plume-fixture.mjs';

const PRODUCTS = [['Aurora band', '智能手环'], ['Breeze kettle', '静音水壶'], ['Cloud pillow', '云朵枕'],
  ['Drift lamp', '氛围台灯'], ['Echo earbuds', '降噪耳机']];
const BENEFITS = ['keeps pace with your day', 'feels light from morning to night', 'makes every routine calmer',
  'is ready when you are', 'turns small moments into rituals'];
const MOODS = ['bright', 'quiet', 'warm', 'fresh', 'easy', 'bold', 'soft'];
const MOODS_ZH = ['明亮', '安静', '温暖', '清新', '轻松', '大胆', '柔和'];

/** 24 texts in one voice: the same frames, different products, benefits and moods. */
export function brandTexts(n = 24) {
  return Array.from({ length: n }, (_, i) => {
    const [en, zh] = PRODUCTS[i % 5];
    return i % 4 === 3
      ? `${zh}，轻盈陪伴你的每一天。${MOODS_ZH[i % 7]}的设计，贴心的细节，现在就把好习惯带回家。`
      : `Meet the ${en}: it ${BENEFITS[(i * 2) % 5]}. A ${MOODS[i % 7]} design for people who care about the details. Order today and feel the difference.`;
  });
}

const OPTIONS = { steps: 24, lr: 3e-3, batch: 4, seq: 64, seed: 7 };
const PROMPT = 'Meet the';
let engine;
let modelPath;

/** A tiny Q8_0 GPT-2 with its own small tokenizer, so a step takes milliseconds (made once per run). */
async function brandModel() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'plume-ft-model-'));
  try {
    writeFileSync(join(dir, 'texts.txt'), brandTexts().join('\n\n'));
    await plumeCli(['bpe-train', '--corpus', join(dir, 'texts.txt'), '--vocab-size', '400', '--out', join(dir, 'tok.gguf'), '--quiet']);
    await plumeCli(['train', '--data', join(dir, 'texts.txt'), '--tokenizer', join(dir, 'tok.gguf'), '--embd', '32',
      '--layers', '2', '--heads', '4', '--ctx', '64', '--steps', '1', '--batch', '1', '--type', 'q8_0', '--seed', '3',
      '--name', 'plume-test-brand', '--out', join(dir, 'model.gguf')]);
    const file = join(ARTIFACTS, `brand-tiny-${process.pid}.gguf`);
    copyFileSync(join(dir, 'model.gguf'), file);
    return file;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

before(async () => {
  requireBuild();
  modelPath = await brandModel();
  engine = await within(30_000, Plume.load({ model: modelPath }), 'Plume.load');
});

after(() => {
  engine?.dispose();
  if (modelPath) rmSync(modelPath, { force: true });
});

test('fine-tuning reports progress, lowers held-out perplexity and exports a GGUF that loads', { timeout: 180_000 }, async () => {
  const baseline = await engine.generate(PROMPT, { maxNewTokens: 8, temperature: 0 });
  const events = [];
  const r = await within(150_000, engine.finetune(brandTexts(), { ...OPTIONS, onProgress: p => events.push(p) }), 'finetune');
  assert.equal(r.cancelled, false);
  assert.equal(r.report.texts, 24);
  assert.equal(r.report.heldOutTexts, 2);
  const steps = events.filter(e => e.phase === 'step');
  assert.ok(events[0].phase === 'prepared' && events[1].phase === 'evaluated', 'prepared, then evaluated');
  assert.equal(steps.at(-1).step, OPTIONS.steps);
  assert.equal(steps.flatMap(s => s.losses).length, OPTIONS.steps, 'one loss per step');
  assert.ok(steps.every(s => Number.isFinite(s.loss) && s.elapsedMs > 0));
  assert.ok(r.perplexityAfter < 0.8 * r.perplexityBefore, `perplexity ${r.perplexityBefore} -> ${r.perplexityAfter}`);
  assert.ok(r.ggufBytes instanceof Uint8Array && r.ggufBytes.byteLength > 1000);
  console.log(`# WASM (Node, 1 thread) fine-tune of the test model: ${r.tokensPerSecond.toFixed(0)} tokens/s, ` +
    `heap ${(r.heapBytes / 2 ** 20).toFixed(0)} MB, estimate ${(r.report.memoryBytes / 2 ** 20).toFixed(0)} MB, ` +
    `perplexity ${r.perplexityBefore.toFixed(1)} -> ${r.perplexityAfter.toFixed(1)}`);

  // The original is untouched: same greedy tokens as before.
  const again = await engine.generate(PROMPT, { maxNewTokens: 8, temperature: 0 });
  assert.deepEqual(again.sequences[0].tokens, baseline.sequences[0].tokens);

  // The tuned model loads in a second engine, is a Q8_0 GPT-2 like its input, and prefers the brand's words.
  const tuned = await Plume.load({ model: r.ggufBytes });
  try {
    const info = await tuned.info();
    assert.equal(info.quantization, 'Q8_0');
    assert.match(info.name, /finetuned/);
    const text = ' Order today and feel the difference.';
    const [a, b] = [await engine.score('Meet the Aurora band.', text), await tuned.score('Meet the Aurora band.', text)];
    assert.ok(b.meanLogprob > a.meanLogprob + 0.5, `mean log-probability ${a.meanLogprob} -> ${b.meanLogprob}`);
  } finally {
    tuned.dispose();
  }
});

test('the same fine-tune natively and in WebAssembly gives the same perplexities', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plume-ft-'));
  try {
    const data = brandTexts().join('\n\n');
    writeFileSync(join(dir, 'texts.txt'), data);
    const wasm = await within(150_000, engine.finetune(data, OPTIONS), 'finetune');
    const out = await plumeCli(['finetune', '--model', modelPath, '--data', join(dir, 'texts.txt'), '--out',
      join(dir, 'tuned.gguf'), '--steps', String(OPTIONS.steps), '--lr', String(OPTIONS.lr), '--batch', '4',
      '--seq', '64', '--seed', '7', '--threads', '2'], { timeout: 200_000 });
    // (the native command runs 2 threads: the numbers do not depend on the thread count)
    const native = JSON.parse(out.trim().split('\n').at(-1));
    const same = (a, b) => Math.abs(a - b) <= 5e-6 * Math.abs(b);  // the CLI prints 6 significant digits
    assert.ok(same(wasm.perplexityBefore, native.perplexity_before), `${wasm.perplexityBefore} vs ${native.perplexity_before}`);
    assert.ok(same(wasm.perplexityAfter, native.perplexity_after), `${wasm.perplexityAfter} vs ${native.perplexity_after}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cancelling resolves with cancelled: true and the original model still generates the same', { timeout: 120_000 }, async () => {
  const baseline = await engine.generate(PROMPT, { maxNewTokens: 8, temperature: 0 });
  const controller = new AbortController();
  const events = [];
  const r = await within(100_000, engine.finetune(brandTexts(), {
    steps: 2000, lr: 1e-3, signal: controller.signal,
    onProgress: p => { events.push(p); if (p.phase === 'step' && p.step >= 3) controller.abort(); },
  }), 'cancelled finetune');
  assert.equal(r.cancelled, true);
  assert.equal(r.ggufBytes, undefined);
  assert.ok(r.step >= 3 && r.step < 2000, `stopped at step ${r.step}`);
  const again = await engine.generate(PROMPT, { maxNewTokens: 8, temperature: 0 });
  assert.deepEqual(again.sequences[0].tokens, baseline.sequences[0].tokens);
  // Already aborted before it starts: nothing runs.
  const early = new AbortController();
  early.abort();
  const none = await engine.finetune(brandTexts(), { steps: 5, signal: early.signal });
  assert.equal(none.cancelled, true);
  assert.equal(none.step, 0);
});

test('bad data and out-of-bounds settings are refused by name; the engine keeps working', { timeout: 60_000 }, async () => {
  const cases = [
    [[], /no texts given/],
    [['only one text here'], /at least 2/],
    [new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), /^the uploaded file looks like a binary file/],
    [new Uint8Array([0xff, 0xfe, 0x68, 0, 0x69, 0]), /UTF-16/],
    // The data is named as the user gave it: typed text, or a file by its name.
    ['  \n ', /^the text is empty/],
    [new File([new Uint8Array([0xff, 0xfe, 0x68, 0, 0x69, 0])], 'brand.txt'), /^brand\.txt is UTF-16/],
    [new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), /UTF-8/],
    ['{"text": "a"}\n{oops', /line 2/, { format: 'jsonl' }],
    [Array.from({ length: 501 }, (_, i) => `text number ${i}`), /at most 500/],
    [brandTexts(), /expected 1\.\.2000/, { steps: 2001 }],
    [brandTexts(), /batch is 17, expected 1\.\.16/, { batch: 17 }],
    [brandTexts(), /option seq is 0/, { seq: 0 }],
    [brandTexts(), /unknown fine-tuning option 'epochs'/, { epochs: 3 }],
    [[42, 'x'], /text 1 is not a string/],
  ];
  for (const [data, pattern, options] of cases) {
    await assert.rejects(within(20_000, engine.finetune(data, { steps: 2, ...options })), e => {
      assert.match(e.message, pattern);
      assert.equal(e.fatal, false);
      return true;
    });
  }
  const r = await engine.generate(PROMPT, { maxNewTokens: 2, temperature: 0 });
  assert.equal(r.sequences[0].tokens.length, 2);
});
