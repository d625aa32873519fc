// web/metrics.js in Node: BLEU/ROUGE/diversity through the WASM engine (needs scripts/build).
// Checked against sacrebleu's published scores (../shared/conformance/metrics), hand-worked
// Chinese cases, and the native CLI (same numbers natively and in WASM).
//   node --test tests/js/metrics.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bleu, sentenceBleu, rouge, distinctN, selfBleu } from '../../web/metrics.js';
import { PlumeError } from '../../web/plume.js';
import { ROOT, plumeCli, requireBuild } from './plume-fixture.mjs';

const CONFORMANCE = join(ROOT, '../shared/conformance/metrics');

before(() => requireBuild());

function close(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

async function rejectsWith(promise, pattern) {
  await assert.rejects(promise, err => {
    assert.ok(err instanceof PlumeError, `a PlumeError, got ${err}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('bleu / sentenceBleu', () => {
  test("sacrebleu's published corpus and sentence scores", async t => {
    const path = join(CONFORMANCE, 'sacrebleu_upstream.json');
    if (!existsSync(path)) { t.skip(`${path} not found`); return; }
    const data = JSON.parse(readFileSync(path, 'utf8'));
    const corpus = data.corpus_bleu[0];
    // tokenize=13a 48.530827, tokenize=none 49.1919566 (published to 6-7 decimals)
    close((await bleu(corpus.hyps, corpus.refs)).score, corpus.scores['tokenize=13a'], 1e-6, '13a');
    close((await bleu(corpus.hyps, corpus.refs, { tokenize: 'none' })).score, corpus.scores['tokenize=none'], 1e-6, 'none');
    for (const [order, score] of Object.entries(corpus.by_max_ngram_order_13a)) {
      close((await bleu(corpus.hyps, corpus.refs, { maxOrder: Number(order) })).score, score, 0.01, `max order ${order}`);
    }
    const s = data.sentence_bleu[0];
    const cases = {
      'smooth=exp (default)': {}, 'smooth=none': { smooth: 'none' }, 'smooth=floor': { smooth: 'floor' },
      'smooth=floor,value=0.5': { smooth: 'floor', smoothValue: 0.5 },
      'smooth=add-k,value=1': { smooth: 'add-k', smoothValue: 1 }, 'smooth=add-k,value=2': { smooth: 'add-k', smoothValue: 2 },
      'tokenize=none': { tokenize: 'none' }, 'tokenize=char': { tokenize: 'char' },
      'tokenize=char,lowercase': { tokenize: 'char', lowercase: true },
    };
    assert.deepEqual(Object.keys(s.scores).sort(), Object.keys(cases).sort(), 'every published sentence case is checked');
    for (const [label, options] of Object.entries(cases)) {
      // published truncated or rounded to 2-5 decimals
      close((await sentenceBleu(s.hyp, [s.ref], options)).score, s.scores[label], 0.01, label);
    }
  });

  test('Chinese with the zh tokenizer (worked by hand in tests/unit/test_metrics.cpp)', async () => {
    const r = await sentenceBleu('我爱北京', ['我爱上海'], { tokenize: 'zh' });
    assert.deepEqual(r.counts, [2, 1, 0, 0]);
    close(r.score, Math.pow(3125000 / 3, 0.25), 1e-9, '我爱北京');
    const c = await bleu(['智能手环，续航7天。'], [['智能手环续航7天']], { tokenize: 'zh', smooth: 'none' });
    assert.deepEqual(c.totals, [10, 9, 8, 7]);
    close(c.score, 100 * Math.pow(384 / 5040, 0.25), 1e-9, 'zh corpus');
  });

  test('the same numbers as the native CLI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plume-metrics-'));
    const hyps = ['智能手环，续航7天。', 'The band tracks your sleep & steps.', '心率监测'];
    const refs = ['智能手环续航七天', 'It tracks sleep and steps.', '全天心率监测'];
    await writeFile(join(dir, 'hyp.txt'), hyps.join('\n') + '\n');
    await writeFile(join(dir, 'ref.txt'), refs.join('\n') + '\n');
    const cli = JSON.parse(await plumeCli(['bleu', '--hyp', join(dir, 'hyp.txt'), '--ref', join(dir, 'ref.txt'),
      '--tokenize', 'zh', '--json']));
    const wasm = await bleu(hyps, [refs], { tokenize: 'zh' });
    assert.equal(wasm.score, cli.score);
    assert.deepEqual(wasm.counts, cli.counts);
    assert.equal(wasm.refLen, cli.ref_len);
    const sentences = JSON.parse(await plumeCli(['bleu', '--hyp', join(dir, 'hyp.txt'), '--ref', join(dir, 'ref.txt'),
      '--tokenize', 'zh', '--sentence', '--json']));
    assert.equal(sentences.length, 3);
    for (let i = 0; i < 3; i++) assert.equal((await sentenceBleu(hyps[i], [refs[i]], { tokenize: 'zh' })).score, sentences[i].score);
  });

  test('bad input names the problem', async () => {
    await rejectsWith(bleu(['a', 'b'], [['a']]), /reference 1 has 1 lines but the hypothesis has 2/);
    await rejectsWith(bleu([], [[]]), /no hypotheses/);
    await rejectsWith(sentenceBleu('a', ['a'], { tokenize: 'intl' }), /unknown BLEU tokenizer 'intl'/);
    await rejectsWith(sentenceBleu('a', ['a'], { smooth: 'laplace' }), /unknown BLEU smoothing/);
    await rejectsWith(sentenceBleu('a', ['a'], { maxOrder: 0 }), /maxOrder/);
    await rejectsWith(sentenceBleu('a', ['a'], { colour: 'red' }), /unknown BLEU option 'colour'/);
    await rejectsWith(sentenceBleu('a', ['']), /every reference is empty/);
    await rejectsWith(sentenceBleu('a \ud800', ['a']), /the hypothesis is not valid Unicode: a lone surrogate at index 2/);
    await rejectsWith(bleu(['a'], [['\udc00']]), /reference stream 1\[0\] is not valid Unicode/);
    await rejectsWith(bleu('a', [['a']]), /hypotheses must be an array of strings/);
  });
});

describe('rouge', () => {
  test('ROUGE-1.5.5 values of rouge-score tests (line 1, with and without the stemmer)', async t => {
    const targets = join(CONFORMANCE, 'rouge_testdata_target.txt');
    if (!existsSync(targets)) { t.skip('conformance folder not found'); return; }
    const target = readFileSync(targets, 'utf8').split('\n')[1];
    const prediction = readFileSync(join(CONFORMANCE, 'rouge_testdata_prediction.txt'), 'utf8').split('\n')[1];
    const plain = await rouge(target, prediction);
    close(plain.rouge1.precision, 0.65385, 5e-6, 'rouge1 P');
    close(plain.rouge2.fmeasure, 0.36364, 5e-6, 'rouge2 F');
    const stemmed = await rouge(target, prediction, { stemmer: true });
    close(stemmed.rouge1.fmeasure, 0.52941, 5e-6, 'rouge1 F stemmed');
  });

  test('Chinese: 0 with the default tokenizer, by character with cjk', async () => {
    const d = await rouge('智能手环续航7天', '智能手环，续航十天');
    assert.equal(d.rouge1.fmeasure, 0);
    const c = await rouge('智能手环续航7天', '智能手环，续航十天', { tokenize: 'cjk' });
    close(c.rouge1.fmeasure, 7 / 8, 1e-12, 'rouge1');
    close(c.rouge2.fmeasure, 5 / 7, 1e-12, 'rouge2');
    close(c.rougeL.fmeasure, 7 / 8, 1e-12, 'rougeL');
    const lsum = await rouge('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5');
    close(lsum.rougeLsum.recall, 0.8, 1e-12, 'Lsum recall');
    await rejectsWith(rouge('a', 'b', { tokenize: 'jieba' }), /unknown ROUGE tokenizer/);
    await rejectsWith(rouge('a', 1), /the prediction must be a string/);
  });
});

describe('distinctN / selfBleu', () => {
  test('definitions', async () => {
    assert.deepEqual(await distinctN(['a b c', 'a b d'], 2), { ratio: 0.75, unique: 3, total: 4 });
    assert.equal((await distinctN(['手环', '手环'], 1)).ratio, 0.5);
    close(await selfBleu(['智能手环续航七天', '智能手环续航七天']), 100, 1e-9, 'identical texts');
    const texts = ['the band tracks sleep', 'the band tracks steps', 'a watch for runners'];
    let sum = 0;
    for (let i = 0; i < texts.length; i++) {
      sum += (await sentenceBleu(texts[i], texts.filter((_, j) => j !== i), { tokenize: 'zh' })).score;
    }
    close(await selfBleu(texts), sum / 3, 1e-9, 'mean of sentence BLEUs');
    await rejectsWith(selfBleu(['only one']), /at least 2 texts/);
    await rejectsWith(distinctN([], 2), /at least one text/);
    await rejectsWith(distinctN(['a'], 0), /n must be an integer/);
  });
});
