// web/experiment.js in Node: GrowthBook's conformance cases through the WASM engine, the same
// assignments from the native CLI, events and aggregates (needs scripts/build first).
//   node --test tests/js/experiment.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assign, evalCondition, validateCondition, track, aggregate, parseEvents, formatEvents, analyze } from '../../web/experiment.js';
import { PlumeError } from '../../web/plume.js';
import { ROOT, plumeCli, requireBuild } from './plume-fixture.mjs';

const CASES = join(ROOT, '../shared/conformance/growthbook/cases.json');
const cases = existsSync(CASES) ? JSON.parse(readFileSync(CASES, 'utf8')) : null;

before(() => requireBuild());

async function rejectsWith(promise, pattern) {
  await assert.rejects(promise, err => {
    assert.ok(err instanceof PlumeError, `a PlumeError, got ${err}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('GrowthBook conformance through web/experiment.js', { skip: !cases && 'conformance suite not found' }, () => {
  test('evalCondition: every case', async () => {
    for (const [name, condition, attributes, expected, savedGroups] of cases.evalCondition) {
      // The suite's deliberately malformed conditions are errors here (GrowthBook says false).
      const problem = await validateCondition(condition);
      if (problem) {
        assert.equal(expected, false, `${name}: ${problem}`);
        continue;
      }
      assert.equal(await evalCondition(condition, attributes, savedGroups ?? {}), expected, name);
    }
  });

  test('run: every case (value, inExperiment, hashUsed)', async () => {
    for (const [name, context, experiment, value, inExperiment, hashUsed] of cases.run) {
      const { attributes, ...rest } = context;
      const r = await assign(experiment, attributes ?? {}, rest);
      assert.deepEqual(r.value, value, name);
      assert.equal(r.inExperiment, inExperiment, name);
      assert.equal(r.hashUsed, hashUsed, name);
      assert.equal(!!r.exposure, inExperiment, name);
    }
  });
});

describe('assign', () => {
  test('same result natively (plume ab assign) and in WASM, for mixed-script and numeric ids', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plume-exp-'));
    const experiment = { key: '春季-促销', variations: ['A', 'B', 'C'], weights: [0.2, 0.3, 0.5], hashVersion: 2, seed: 's😀' };
    const file = join(dir, 'exp.json');
    await writeFile(file, JSON.stringify(experiment));
    for (const id of ['u1', '用户42', 'Ünïcødé', '😀x', 12345, 3.5]) {
      const wasm = await assign(experiment, { id });
      const native = JSON.parse(await plumeCli(['ab', 'assign', '--experiment', file, '--attributes', JSON.stringify({ id }), '--json']));
      delete native.exposure;
      delete wasm.exposure;
      assert.deepEqual(wasm, native, `id ${id}`);
    }
  });

  test('sticky bucketing keeps a user in the variation they first saw', async () => {
    const experiment = { key: 'k', variations: ['a', 'b'], meta: [{ key: 'a' }, { key: 'b' }], bucketVersion: 1 };
    const docs = [{ attributeName: 'id', attributeValue: 'u1', assignments: { k__1: 'b' } }];
    const r = await assign(experiment, { id: 'u1' }, { stickyBucketAssignmentDocs: docs });
    assert.equal(r.value, 'b');
    assert.equal(r.stickyBucketUsed, true);
    assert.deepEqual(r.stickyBucketAssignmentDocs['id||u1'].assignments, { k__1: 'b' });
  });

  test('bad experiments reject with the field', async () => {
    await rejectsWith(assign({ key: 'k', variations: [0, 1], weights: [0.5, 'x'] }, { id: '1' }), /experiment\.weights\[1\] must be a number/);
    await rejectsWith(assign({ variations: [0, 1] }, {}), /experiment\.key/);
    await rejectsWith(assign({ key: 'k', variations: [0, 1], condition: { a: { $regex: '(' } } }, {}), /invalid regular expression/);
  });
});

describe('conditions as segments', () => {
  test('evaluate and validate', async () => {
    const vip = { $or: [{ spend: { $gte: 1000 } }, { tags: { $elemMatch: { $eq: 'vip' } } }], country: { $in: ['CN', 'TW'] } };
    assert.equal(await evalCondition(vip, { spend: 1200, country: 'CN' }), true);
    assert.equal(await evalCondition(vip, { spend: 10, tags: ['vip'], country: 'TW' }), true);
    assert.equal(await evalCondition(vip, { spend: 10, country: 'CN' }), false);
    assert.equal(await evalCondition({ id: { $inGroup: 'beta' } }, { id: 'u2' }, { beta: ['u1', 'u2'] }), true);
    assert.equal(await validateCondition({ age: { $gtx: 1 } }), 'condition.age.$gtx: unknown operator $gtx');
    assert.equal(await validateCondition(vip), null);
    await rejectsWith(evalCondition({ age: { $gtx: 1 } }, {}), /unknown operator \$gtx/);
  });
});

describe('events', () => {
  test('track, export, import, aggregate', async () => {
    const log = [];
    const exp = { key: 'subject', variations: ['control', 'emoji'], meta: [{ key: 'control' }, { key: 'emoji' }] };
    const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
    let t = 1_700_000_000_000;
    const seen = {};
    for (const id of users) {
      const r = await assign(exp, { id });
      track(log, { ...r.exposure, timestamp: t++ });
      track(log, { ...r.exposure, timestamp: t++ });  // a second view: de-duplicated
      seen[id] = r.key;
      if (Number(id.slice(1)) % 3 === 0) track(log, { type: 'purchase', user: id, value: 10, timestamp: t++ });
    }
    const expected = { control: { users: 0, conversions: 0 }, emoji: { users: 0, conversions: 0 } };
    for (const id of users) {
      expected[seen[id]].users++;
      if (Number(id.slice(1)) % 3 === 0) expected[seen[id]].conversions++;
    }
    const agg = await aggregate(log, { experiment: 'subject', metric: 'purchase', kind: 'continuous', variations: ['control', 'emoji'] });
    for (const v of agg.variations) {
      assert.equal(v.users, expected[v.name].users, v.name);
      assert.equal(v.conversions, expected[v.name].conversions, v.name);
      assert.equal(v.sum, 10 * expected[v.name].conversions);
      assert.equal(v.sum_squares, 100 * expected[v.name].conversions);
    }
    const csv = await formatEvents(log, 'csv');
    assert.match(csv, /^type,user,experiment,variation,value,timestamp\n/);
    const back = await parseEvents(csv);
    assert.deepEqual(back, log);
    assert.deepEqual(await aggregate(back, { experiment: 'subject', metric: 'purchase', kind: 'continuous', variations: ['control', 'emoji'] }), agg);

    // The aggregates are the statistics' input (analyze is re-exported from experiment-stats.js).
    const binomial = await aggregate(log, { experiment: 'subject', metric: 'purchase', variations: ['control', 'emoji'] });
    const report = await analyze({ metric: binomial.metric, variations: binomial.variations });
    assert.equal(report.variations.length, 1);
    assert.equal(typeof report.srm_p_value, 'number');
  });

  test('bad rows name the line and column', async () => {
    await rejectsWith(parseEvents('type,user,value\npurchase,u1,12\npurchase,u2,abc\n'), /^line 3, column 3 \(value\): 'abc' is not a number$/);
    await rejectsWith(parseEvents('[{"type":"purchase","user":"u1","value":"9"}]'), /events\[0\]\.value must be a number/);
    assert.throws(() => track([], { type: 'exposure', user: 'u1' }), PlumeError);
    assert.throws(() => track([], { type: 'purchase', user: 'u1', value: NaN }), PlumeError);
  });
});
