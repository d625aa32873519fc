// web/review.js end to end in Node (the real WASM engine in this thread): decisions in both
// languages, clear errors, exports — and the browser's store and exports compared with the
// native CLI's (`plume review add|export`) on the same decisions. Needs scripts/build first.
//   node --test tests/js/review.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as review from '../../web/review.js';
import { review as reExported, PlumeError } from '../../web/plume.js';
import { plumeCli, requireBuild, ROOT } from './plume-fixture.mjs';

before(() => requireBuild());

const BAND = { product: '智能健身手环', features: ['心率监测', '睡眠跟踪', '7天续航'] };
const APPROVE = {
  action: 'approve', template: 'sms.zh', language: 'zh', input: BAND,
  candidate: '【手环】心率监测、睡眠跟踪、7天续航，今天下单立减！拒收请回复R',
  reviewer: '李雷', time: '2026-11-29T04:00:00Z',
};
const EDIT = {
  action: 'edit', template: 'product_description.en', language: 'en',
  input: { product: 'Trail Bottle 750', features: ['leak-proof lid'] },
  candidate: 'Trail Bottle 750 is a bottle.',
  edited: 'Trail Bottle 750 keeps your bag dry with its leak-proof lid.',
  reason: { code: 'missing_feature', note: 'say what the lid does' },
  reviewer: 'Ana', time: '2026-11-29T04:01:00Z',
};
const REJECT = {
  action: 'reject', template: 'sms.zh', language: 'zh', input: BAND,
  candidate: '手环手环手环', reason: { code: 'repetitive' }, reviewer: '韩梅梅', time: '2026-11-29T04:02:00Z',
};

function libraryFiles() {
  const dir = join(ROOT, 'templates');
  return Object.fromEntries(readdirSync(dir).filter(f => statSync(join(dir, f)).isFile())
    .map(f => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('review.js', () => {
  test('is re-exported from plume.js', () => {
    assert.equal(reExported.decide, review.decide);
  });

  test('decide appends, assigns ids, leaves the given store alone; list filters', async () => {
    const empty = review.emptyStore();
    const one = await review.decide(empty, APPROVE);
    assert.equal(empty.decisions.length, 0);
    const three = await review.decide(await review.decide(one, EDIT), REJECT);
    assert.deepEqual(three.decisions.map(d => [d.id, d.action]), [['r1', 'approve'], ['r2', 'edit'], ['r3', 'reject']]);
    assert.equal(three.format, 'plume-review/1');
    assert.deepEqual((await review.list(three, { action: 'reject' })).map(d => d.reviewer), ['韩梅梅']);
    assert.equal((await review.list(three, { language: 'zh' })).length, 2);
    const stamped = await review.decide(null, { ...APPROVE, time: undefined });
    assert.match(stamped.decisions[0].time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('invalid decisions reject with a message naming what is wrong', async () => {
    await assert.rejects(review.decide(null, { ...REJECT, reason: undefined }), PlumeError);
    await assert.rejects(review.decide(null, { ...REJECT, reason: undefined }), /a decision to reject needs a reason/);
    await assert.rejects(review.decide(null, { ...EDIT, edited: EDIT.candidate }), /edited text is the same as the candidate/);
    await assert.rejects(review.decide(null, { ...APPROVE, reviewer: '' }), /reviewer is missing|reviewer is empty/);
    await assert.rejects(review.decide(null, { ...REJECT, reason: { code: 'ugly' } }), /reason.code 'ugly' is not a reason code/);
    await assert.rejects(review.decide({ format: 'x' }, APPROVE), /format must be "plume-review\/1"/);
    await assert.rejects(review.decide(null, 'approve'), PlumeError);
  });

  test('reasons have English and Chinese labels', async () => {
    const reasons = await review.reasons();
    const off = reasons.find(r => r.code === 'off_brand');
    assert.deepEqual([off.en, off.zh], ['Off-brand tone', '不符合品牌调性']);
    assert.ok(reasons.every(r => r.en && r.zh && r.actions.length));
  });

  test('exports: examples in the library format, fine-tuning prompt/completion pairs', async () => {
    let store = null;
    for (const d of [APPROVE, EDIT, REJECT]) store = await review.decide(store, d);
    const ex = await review.exportExamples(store, 'sms.zh');
    assert.deepEqual(ex, { format: 'plume-examples/1', template: 'sms.zh', examples: [{ ...BAND, output: APPROVE.candidate }] });
    const { pairs, jsonl } = await review.exportFinetune(store, libraryFiles());
    assert.deepEqual(pairs.map(p => p.id), ['r1', 'r2']);
    assert.equal(pairs[1].completion, `${EDIT.edited}\n### End`);
    assert.equal(pairs[0].completion, `${APPROVE.candidate}\n### 结束`);
    assert.ok(pairs[0].prompt.endsWith('### 输出\n'));
    assert.ok(pairs[1].prompt.includes('Product: Trail Bottle 750\n'));
    assert.equal(jsonl.trim().split('\n').length, 2);
    assert.deepEqual(JSON.parse(jsonl.split('\n')[1]), { prompt: pairs[1].prompt, completion: pairs[1].completion });
  });

  test('the CLI store and exports equal the browser ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plume-review-'));
    const storePath = join(dir, 'reviews.jsonl');
    let store = null;
    for (const [i, d] of [APPROVE, EDIT, REJECT].entries()) {
      const file = join(dir, `d${i}.json`);
      writeFileSync(file, JSON.stringify(d));
      await plumeCli(['review', 'add', '--store', storePath, '--decision', file]);
      store = await review.decide(store, d);
    }
    const lines = readFileSync(storePath, 'utf8').trim().split('\n').map(l => JSON.parse(l));
    assert.deepEqual(lines, store.decisions);
    const listed = JSON.parse(await plumeCli(['review', 'list', '--store', storePath, '--action', 'edit', '--json']));
    assert.deepEqual(listed.decisions, await review.list(store, { action: 'edit' }));
    const ex = JSON.parse(await plumeCli(['review', 'export', '--store', storePath, '--as', 'examples', '--template', 'sms.zh']));
    assert.deepEqual(ex, await review.exportExamples(store, 'sms.zh'));
    const ft = await plumeCli(['review', 'export', '--store', storePath, '--as', 'finetune']);
    assert.equal(ft, (await review.exportFinetune(store, libraryFiles())).jsonl);
    // A bad line in the store is located.
    writeFileSync(storePath, readFileSync(storePath, 'utf8') + '{"action":"approve"}\n');
    await assert.rejects(plumeCli(['review', 'list', '--store', storePath]), /reviews\.jsonl:4: id is missing|reviews\.jsonl:4: /);
  });
});
