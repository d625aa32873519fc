// web/campaign.js in Node (the WASM engine): the sample campaigns run customer by customer with
// progress and cancel, a cancelled run resumes to the same end, the messages equal the native
// CLI's (template-only and with the default model: same seed, same text), outcomes update the
// bandit and the report adds up.
//   node --test tests/js/campaign.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CampaignWorkspace } from '../../web/campaign.js';
import { CampaignWorkspace as FromPlume } from '../../web/plume.js';
import { PlumeError } from '../../web/plume.js';
import { ROOT, plumeCli, requireBuild } from './plume-fixture.mjs';

const DATA = join(ROOT, 'data/ecosystem');
const FILES = ['manifest.json', 'catalog.csv', 'customers.csv', 'events.csv', 'campaigns.json'];

before(() => requireBuild());

function files() {
  return Object.fromEntries(FILES.map(f => [f, readFileSync(join(DATA, f), 'utf8')]));
}
function templates() {
  const dir = join(ROOT, 'templates');
  return Object.fromEntries(readdirSync(dir).filter(f => statSync(join(dir, f)).isFile()).map(f => [f, readFileSync(join(dir, f), 'utf8')]));
}
const open = (f = files()) => CampaignWorkspace.open(f, { templates: templates() });
const jsonl = text => text.trim().split('\n').map(l => JSON.parse(l));

describe('web/campaign.js', () => {
  test('is re-exported from web/plume.js', () => {
    assert.equal(FromPlume, CampaignWorkspace);
  });

  test('a bad campaigns.json rejects naming the path', async () => {
    const f = files();
    const c = JSON.parse(f['campaigns.json']);
    c.campaigns[0].allocation.weights = [0.9, 0.3];
    f['campaigns.json'] = JSON.stringify(c);
    await assert.rejects(open(f), err => err instanceof PlumeError &&
      /campaigns\.json: campaigns\[0\]\.allocation\.weights: the weights must sum to 1/.test(err.message));
  });

  test('template-only run: progress, cancel, resume, and the same messages as the native CLI', async () => {
    const ws = await open();
    assert.deepEqual(ws.campaigns.map(c => c.id), ['spring-email', 'flash-sms']);
    assert.deepEqual(Object.keys(ws.records[0]).sort(), ['channel', 'id', 'partner', 'products']);
    const seen = [];
    const stopped = await ws.run('flash-sms', { useModel: false, onProgress: p => seen.push(p.done), shouldCancel: () => seen.at(-1) >= 50 });
    assert.equal(stopped.cancelled, true);
    assert.equal(stopped.state.done, 50);
    assert.deepEqual(seen.slice(0, 3), [0, 1, 2]);
    const resumed = await ws.run('flash-sms', { resume: JSON.parse(JSON.stringify(stopped.state)), format: 'csv' });
    assert.equal(resumed.cancelled, false);
    const full = await ws.run('flash-sms', { useModel: false, format: 'csv' });
    assert.equal(resumed.output, full.output);
    const dir = mkdtempSync(join(tmpdir(), 'plume-campaign-js-'));
    await plumeCli(['campaign', 'run', '--workspace', DATA, '--campaign', 'flash-sms', '--no-model', '--out', join(dir, 'n.csv'),
      '--state', join(dir, 's.json'), '--json']);
    assert.equal(full.output, readFileSync(join(dir, 'n.csv'), 'utf8'), 'WASM and native write the same CSV');
    const ctrl = new AbortController();
    ctrl.abort();
    assert.equal((await ws.run('spring-email', { useModel: false, signal: ctrl.signal })).cancelled, true);
    assert.throws(() => ws.outcomes('flash-sms', 'message_id,campaign,variant\nx,flash-sms,nope\n'), /no variant 'nope'/);
    ws.free();
    assert.throws(() => ws.report(), /freed/);
  });

  test('outcomes move the bandit weights; the report adds up', async () => {
    const ws = await open();
    const opt = ws.outcomes('flash-sms', readFileSync(join(DATA, 'outcomes/flash-sms.csv'), 'utf8'));
    assert.equal(opt.state.arms.length, 3);
    assert.ok(opt.state.weights[0] > 0.5, `for-you wins: ${opt.state.weights}`);
    assert.match(opt.stateJson, /"flash-sms"/);
    const run = await ws.run('flash-sms', { useModel: false });
    assert.deepEqual(run.summary.variants.map(v => v.weight), opt.state.weights);
    const report = ws.report('flash-sms');
    assert.equal(report.byVariant.reduce((a, r) => a + r.delivered, 0), report.total.delivered);
    assert.deepEqual(report.weights, opt.state.weights);
    ws.free();
  });

  test('with the default model: the same messages as the native CLI for a seed', async () => {
    const ws = await open();
    ws.loadModel(readFileSync(join(ROOT, 'models/plume-default.gguf')));
    const page = await ws.run('flash-sms', { limit: 2, seed: 11 });
    const dir = mkdtempSync(join(tmpdir(), 'plume-campaign-js-'));
    await plumeCli(['campaign', 'run', '--workspace', DATA, '--campaign', 'flash-sms', '--model', join(ROOT, 'models/plume-default.gguf'),
      '--limit', '2', '--seed', '11', '--out', join(dir, 'm.jsonl'), '--json'], { timeout: 300_000 });
    const native = jsonl(readFileSync(join(dir, 'm.jsonl'), 'utf8'));
    assert.equal(page.messages.length, native.length);
    for (let i = 0; i < native.length; i++) {
      assert.equal(page.messages[i].text, native[i].text);
      assert.equal(page.messages[i].source, native[i].source);
    }
    ws.free();
  });
});
