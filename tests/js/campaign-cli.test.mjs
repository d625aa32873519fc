// The campaign loop end to end through the native CLI on the sample ecosystem (issue 7):
// data -> segment -> recommendations -> variants -> generated, rule-checked messages ->
// imported outcomes -> analysis -> updated bandit weights -> the next run's allocation changes.
// Independent checks: the variant of every message is recomputed here with GrowthBook's hash
// (FNV-1a over UTF-16 code units, written again in JS), SMS lengths are counted in UTF-16 units,
// report groups must add up to the totals.
//   node --test tests/js/campaign-cli.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, CLI, plumeCli } from './plume-fixture.mjs';

const DATA = join(ROOT, 'data/ecosystem');
const MODEL = join(ROOT, 'models/plume-default.gguf');

before(() => {
  if (!existsSync(CLI)) throw new Error('missing build/native/plume: run scripts/build first');
});

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'plume-campaign-'));
  for (const f of ['manifest.json', 'catalog.csv', 'customers.csv', 'events.csv', 'campaigns.json']) cpSync(join(DATA, f), join(dir, f));
  return dir;
}

function fnv1a32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
const gbHash2 = (seed, value) => (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
function bucketOf(u, weights) {
  let start = 0;
  for (let i = 0; i < weights.length; i++) {
    if (u >= start && u < start + weights[i]) return i;
    start += weights[i];
  }
  return weights.length - 1;
}

const jsonl = file => readFileSync(file, 'utf8').trim().split('\n').map(l => JSON.parse(l));
const run = async (dir, campaign, out, extra = []) =>
  JSON.parse(await plumeCli(['campaign', 'run', '--workspace', dir, '--campaign', campaign, '--out', join(dir, out), '--json', ...extra],
    { timeout: 300_000 }));
const countBy = (messages, key) => messages.reduce((m, x) => ({ ...m, [x[key]]: (m[x[key]] ?? 0) + 1 }), {});

describe('plume campaign (native CLI)', () => {
  test('list: the campaigns, and the records partner scoping filters', async () => {
    const dir = workspace();
    const out = JSON.parse(await plumeCli(['campaign', 'list', '--workspace', dir, '--json']));
    assert.deepEqual(out.campaigns.map(c => c.id), ['spring-email', 'flash-sms']);
    const sms = out.records.find(r => r.id === 'flash-sms');
    assert.equal(sms.channel, 'sms');
    assert.equal(sms.partner, 'sms-gateway');
    assert.ok(sms.products.length > 150, 'no product partner named: every product may be featured');
  });

  test('bad input names the file and the place', async () => {
    const dir = workspace();
    const campaigns = JSON.parse(readFileSync(join(dir, 'campaigns.json'), 'utf8'));
    campaigns.campaigns[1].variants[0].template = 'smss';
    writeFileSync(join(dir, 'campaigns.json'), JSON.stringify(campaigns));
    await assert.rejects(plumeCli(['campaign', 'list', '--workspace', dir]),
      /campaigns\.json: campaigns\[1\]\.variants\[0\]\.template: unknown template "smss" \(did you mean 'sms'\?\)/);
    const ok = workspace();
    writeFileSync(join(ok, 'bad.csv'), 'message_id,campaign,variant,clicked\nflash-sms:C0004,flash-sms,for-you,2\n');
    await assert.rejects(plumeCli(['campaign', 'outcomes', '--workspace', ok, '--campaign', 'flash-sms', '--file', join(ok, 'bad.csv')]),
      /bad\.csv: line 2, column 4 \(clicked\): '2' is not 0\/1/);
  });

  test('template-only run, outcomes, bandit update, and the next run allocates by the new weights', async () => {
    const dir = workspace();
    const first = await run(dir, 'flash-sms', 'sms.jsonl', ['--no-model']);
    assert.equal(first.finished, true);
    const customers = readFileSync(join(dir, 'customers.csv'), 'utf8').split('\n').filter(l => /^C\d+,/.test(l));
    const zh = customers.filter(l => l.split(',')[4] === 'zh-CN').length;
    assert.equal(first.audience, zh, 'the audience is every Chinese-speaking customer');
    const messages = jsonl(join(dir, 'sms.jsonl'));
    assert.equal(messages.length + first.skipped, zh);
    for (const m of messages) {
      assert.equal(m.variant, ['for-you', 'bestseller', 'noon'][bucketOf(gbHash2('bandit:flash-sms', m.customer), [1 / 3, 1 / 3, 1 / 3])]);
      assert.ok(m.text.length <= 70, `one UCS-2 SMS segment: ${m.text.length} units: ${m.text}`);
      assert.match(m.text, /回T退订$/);
      assert.match(m.to, /^\+86\d{11}$/);
      assert.equal(m.send_at.slice(11), m.variant === 'noon' ? '04:00:00Z' : '12:00:00Z');  // 12:00 / 20:00 Beijing
    }
    const before = countBy(messages, 'variant');

    // Outcomes: the channel's report of that run (scripts/gen_ecosystem_sample.py planted 'for-you' as best).
    const opt = JSON.parse(await plumeCli(['campaign', 'outcomes', '--workspace', dir, '--campaign', 'flash-sms',
      '--file', join(DATA, 'outcomes/flash-sms.csv'), '--json']));
    assert.equal(opt.imported, messages.length);
    const { weights, previousWeights, arms } = opt.state;
    assert.deepEqual(previousWeights, [1 / 3, 1 / 3, 1 / 3]);
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    for (const w of weights) assert.ok(w >= 0.05 - 1e-12, 'the floor keeps every arm learning');
    const best = arms.reduce((b, a, i) => (a.successes / a.shown > arms[b].successes / arms[b].shown ? i : b), 0);
    assert.equal(arms[best].variant, 'for-you');
    assert.equal(weights.indexOf(Math.max(...weights)), best);
    assert.equal(opt.analysis.srm, null, 'no sample-ratio check on a bandit');
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    assert.deepEqual(state.campaigns['flash-sms'].weights, weights);

    const second = await run(dir, 'flash-sms', 'sms2.jsonl', ['--no-model']);
    const after = countBy(jsonl(join(dir, 'sms2.jsonl')), 'variant');
    assert.ok(after['for-you'] > before['for-you'] * 1.5, `more traffic to the winner: ${before['for-you']} -> ${after['for-you']}`);
    assert.deepEqual(second.variants.map(v => v.weight), weights);
    for (const m of jsonl(join(dir, 'sms2.jsonl')))
      assert.equal(m.variant, ['for-you', 'bestseller', 'noon'][bucketOf(gbHash2('bandit:flash-sms', m.customer), weights)]);

    // The report: every breakdown adds up to the total.
    const report = JSON.parse(await plumeCli(['campaign', 'report', '--workspace', dir, '--campaign', 'flash-sms', '--json']));
    const sum = (rows, k) => rows.reduce((a, r) => a + r[k], 0);
    assert.equal(sum(report.byVariant, 'delivered'), report.total.delivered);
    assert.equal(sum(report.byPartner, 'clicked'), report.total.clicked);
    assert.equal(sum(report.byChannel, 'messages'), report.total.messages);
    assert.ok(report.bySegment.some(s => s.segment === 'chinese-speakers' && s.messages === report.total.messages));
  });

  test('the email A/B test: GrowthBook assignment, analysis with the SRM check, HTML escaped', async () => {
    const dir = workspace();
    const r = await run(dir, 'spring-email', 'mail.jsonl', ['--no-model']);
    const lumen = new Set(readFileSync(join(dir, 'catalog.csv'), 'utf8').split('\n').filter(l => l.endsWith(',lumen-home')).map(l => l.split(',')[0]));
    const messages = jsonl(join(dir, 'mail.jsonl'));
    assert.equal(messages.length, r.messages);
    for (const m of messages) {
      assert.equal(m.variant, ['morning-recommended', 'evening-popular'][bucketOf(gbHash2('spring-email', m.customer), [0.5, 0.5])]);
      assert.equal(m.language, 'en');
      assert.ok(m.parts.subject && m.parts.body);
      for (const item of m.items) assert.ok(lumen.has(item), `only lumen-home's products: ${item}`);
      assert.ok(m.text.includes(m.parts.subject) || m.parts.subject.length > 0);
    }
    await run(dir, 'spring-email', 'mail.html', ['--no-model']);
    const html = readFileSync(join(dir, 'mail.html'), 'utf8');
    assert.equal((html.match(/<article /g) ?? []).length, messages.length);
    // The sample has names like "O'Neil, Noah" and prices with "&"-free titles: whatever the text holds,
    // no raw quote or angle bracket from the data reaches the HTML outside the markup.
    const withQuote = messages.find(m => m.text.includes("'"));
    if (withQuote) assert.ok(html.includes('&#39;') && !/<h2>[^<]*'/.test(html));
    const opt = JSON.parse(await plumeCli(['campaign', 'outcomes', '--workspace', dir, '--campaign', 'spring-email',
      '--file', join(DATA, 'outcomes/spring-email.csv'), '--json']));
    assert.equal(opt.analysis.srm.mismatch, false);
    assert.deepEqual(opt.state.weights, [0.5, 0.5], 'an experiment keeps its weights');
    const [a, b] = opt.analysis.variants;
    assert.ok(a.rate > b.rate, 'planted: recommended items in the morning convert better');
    assert.ok(a.interval[0] <= a.rate && a.rate <= a.interval[1]);
    assert.equal(opt.analysis.comparisons[0].variant, 'evening-popular');
  });

  test('a stopped run resumed from its state ends with the same file', async () => {
    const dir = workspace();
    await run(dir, 'flash-sms', 'full.csv', ['--no-model']);
    const partial = await run(dir, 'flash-sms', 'part.csv', ['--no-model', '--stop-after', '100', '--state', join(dir, 's.json')]);
    assert.equal(partial.finished, false);
    assert.equal(partial.done, 100);
    const resumed = await run(dir, 'flash-sms', 'part.csv', ['--resume', join(dir, 's.json')]);
    assert.equal(resumed.finished, true);
    assert.equal(readFileSync(join(dir, 'part.csv'), 'utf8'), readFileSync(join(dir, 'full.csv'), 'utf8'));
  });

  test('with the default model: generated, rule-checked messages, the same for a seed', async () => {
    const dir = workspace();
    const a = await run(dir, 'flash-sms', 'm1.jsonl', ['--model', MODEL, '--limit', '4', '--seed', '7']);
    await run(dir, 'flash-sms', 'm2.jsonl', ['--model', MODEL, '--limit', '4', '--seed', '7']);
    assert.equal(a.messages + a.skipped, 4);
    const m1 = jsonl(join(dir, 'm1.jsonl'));
    assert.deepEqual(m1, jsonl(join(dir, 'm2.jsonl')));
    for (const m of m1) {
      assert.equal(m.candidates, 3);
      assert.ok(m.text.length <= 70, m.text);
      for (const banned of ['最便宜', '绝对', '¥']) assert.ok(!m.text.includes(banned), m.text);
      if (m.source === 'template') assert.match(m.fallback_reason, /no candidate passed/);
    }
  });
});
