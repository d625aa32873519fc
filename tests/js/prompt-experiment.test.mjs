// web/prompt-experiment.js in Node with the default model: the browser's report equals the native
// CLI's (`plume prompt-experiment --json`) for the same files and seed — same candidates, same
// statistics, same verdict — and bad variant files are refused before any generation.
//   node --test tests/js/prompt-experiment.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Plume, PlumeError } from '../../web/plume.js';
import { runPromptExperiment } from '../../web/prompt-experiment.js';
import { write } from '../../web/write.js';
import * as review from '../../web/review.js';
import { ROOT, plumeCli, requireBuild, within } from './plume-fixture.mjs';

const MODEL = join(ROOT, 'models', 'plume-default.gguf');
const TEMPLATES = join(ROOT, 'templates');

function libraryFiles() {
  const index = JSON.parse(readFileSync(join(TEMPLATES, 'index.json'), 'utf8'));
  return Object.fromEntries(index.files.map(f => [f, readFileSync(join(TEMPLATES, f), 'utf8')]));
}

const VARIANTS = [
  { name: 'library', template: 'sms.zh' },
  { name: 'plain', template: 'sms.zh', task: '写一条简短的营销短信。', examples: [] },
];
const PRODUCTS = [
  { id: 'band', input: { product: '智能健身手环', features: ['心率监测', '7天续航'] },
    references: ['【手环】心率监测、7天续航，运动更安心。拒收请回复R'] },
  { id: 'cooker', input: { product: '九朵云电饭煲 Mini', features: ['小巧不占台面'] } },
];

describe('prompt experiments', () => {
  let engine;
  before(async () => {
    requireBuild();
    engine = await within(30_000, Plume.load({ model: MODEL }), 'Plume.load');
  });
  after(() => engine?.dispose());

  test('the browser and the CLI give the same report for the same seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plume-pe-'));
    writeFileSync(join(dir, 'variants.json'), JSON.stringify({ variants: VARIANTS }));
    writeFileSync(join(dir, 'products.json'), JSON.stringify({ products: PRODUCTS }));
    // One reviewer decision for the variant "plain".
    const decision = { action: 'reject', template: 'sms.zh', language: 'zh', variant: 'plain', input: PRODUCTS[0].input,
      candidate: '手环', reason: { code: 'too_short' }, reviewer: '李雷', time: '2026-11-29T04:00:00Z' };
    const store = await review.decide(null, decision);
    writeFileSync(join(dir, 'reviews.jsonl'), JSON.stringify(store.decisions[0]) + '\n');
    const native = JSON.parse(await plumeCli(['prompt-experiment', '--model', MODEL, '--variants', join(dir, 'variants.json'),
      '--products', join(dir, 'products.json'), '--n', '2', '--seed', '5', '--reviews', join(dir, 'reviews.jsonl'), '--json'],
    { timeout: 300_000 }));
    const progress = [];
    const web = await runPromptExperiment(engine, { files: libraryFiles(), variants: VARIANTS, products: PRODUCTS, n: 2, seed: 5,
      reviews: store, onProgress: p => progress.push(p.done) });
    assert.deepEqual(web, native);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    assert.equal(web.variants.length, 2);
    assert.equal(web.variants[1].reviews.rejected, 1);
    assert.equal(web.variants[0].reviews, null);
    assert.ok('bleu' in web.variants[0].perProduct[0] && !('bleu' in web.variants[0].perProduct[1]));
    // Two products can never show p < 0.05 (the smallest possible p is 2/2^2).
    assert.equal(web.winner, null);
    assert.match(web.verdict.zh, /没有明确的胜出者/);
  });

  test('approved texts as reviewedExamples: the browser and plume write --examples build the same prompt', async () => {
    const approved = '【极光】心率监测、7天续航，运动更安心。拒收请回复R';
    const store = await review.decide(null, { action: 'approve', template: 'sms.zh', language: 'zh', input: PRODUCTS[0].input,
      candidate: approved, reviewer: '李雷' });
    const ex = await review.exportExamples(store, 'sms.zh');
    const dir = mkdtempSync(join(tmpdir(), 'plume-pe-'));
    writeFileSync(join(dir, 'ex.json'), JSON.stringify(ex));
    writeFileSync(join(dir, 'data.json'), JSON.stringify(PRODUCTS[1].input));
    const native = JSON.parse(await plumeCli(['write', '--model', MODEL, '--template', 'sms.zh', '--data', join(dir, 'data.json'),
      '--examples', join(dir, 'ex.json'), '--n', '1', '--seed', '3', '--max-new-tokens', '8', '--json']));
    const web = await write(engine, { files: libraryFiles(), template: 'sms.zh', input: PRODUCTS[1].input, n: 1, seed: 3,
      maxNewTokens: 8, reviewedExamples: ex.examples });
    assert.equal(web.prompt, native.prompt);
    assert.deepEqual(web.candidates, native.candidates);
    // The approved text is the last example, right before the input.
    assert.ok(web.prompt.includes(`${approved}\n### 结束\n\n### 输入\n`));
  });

  test('bad variants are refused before anything is generated', async () => {
    await assert.rejects(runPromptExperiment(engine, { files: libraryFiles(), variants: [VARIANTS[0]], products: PRODUCTS }),
      e => e instanceof PlumeError && /at least two variants/.test(e.message));
    await assert.rejects(runPromptExperiment(engine, { files: libraryFiles(), variants: [VARIANTS[0], { name: 'x', template: 'haiku.zh' }],
      products: PRODUCTS }), /the template library has no haiku\.zh\.json/);
    await assert.rejects(runPromptExperiment(engine, { files: libraryFiles(), variants: VARIANTS, products: PRODUCTS, metric: 'accuracy' }),
      /metric 'accuracy' is not one of/);
  });
});
