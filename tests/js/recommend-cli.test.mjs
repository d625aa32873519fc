// `plume recommend` as issue 5 lists it, through the native CLI: evaluate with every --algo and
// --split on a MovieLens-100k-shaped planted file (943 users x 1,682 items, 100,000 ratings),
// the JSON keys, the defaults doing well without flags (each CF model well above popularity),
// MovieLens' tab-separated u.data, and bad input: unknown ids, duplicate rows, negative and NaN
// values, empty ids, wrong columns, flags that do not apply -> one clear error naming line and
// column, exit status 1, never a crash.
//   node --test tests/js/recommend-cli.test.mjs        (about 10 s of CPU)
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { CLI, ROOT, requireBuild } from './plume-fixture.mjs';

const run = promisify(execFile);
const DIR = mkdtempSync(join(tmpdir(), 'plume-rec-cli-'));
const ML = join(DIR, 'ml.csv');
const KEYS = ['precision_at_k', 'recall_at_k', 'ndcg_at_k', 'map_at_k', 'hit_rate_at_k', 'coverage', 'rmse', 'mae', 'train_seconds'];

async function plume(args) {
  const { stdout } = await run(process.env.PLUME_CLI || CLI, args, { cwd: ROOT, maxBuffer: 64 << 20, timeout: 120_000 });
  return stdout;
}

// Runs a command that must fail: exit status 1 and one line "plume: error: ..." matching `pattern`.
async function fails(args, pattern) {
  await assert.rejects(plume(args), err => {
    assert.equal(err.code, 1, `exit status of plume ${args.join(' ')}: ${err.code} ${err.signal || ''}`);
    const lines = err.stderr.trim().split('\n');
    assert.equal(lines.length, 1, err.stderr);
    assert.match(lines[0], /^plume: error: /);
    assert.match(lines[0], pattern);
    return true;
  }, `plume ${args.join(' ')} should fail with ${pattern}`);
}

function file(name, text) {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

const evaluate = async (...args) => JSON.parse(await plume(['recommend', 'evaluate', '--data', ML, '--json', ...args]));

before(async () => {
  requireBuild();
  await plume(['recommend', 'synth', '--out', ML]);  // the defaults: MovieLens-100k shape
});

describe('plume recommend evaluate', () => {
  test('every --algo with every --split prints the issue\'s keys; rmse/mae null for ranking models', async () => {
    const rows = readFileSync(ML, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'user,item,rating,timestamp');
    assert.equal(rows.length, 100001);
    const ndcg = {};
    for (const split of ['random:0.8', 'user:0.8', 'last:1']) {
      for (const algo of ['pop', 'itemknn', 'userknn', 'svd', 'als', 'bpr']) {
        const r = await evaluate('--algo', algo, '--split', split, '--k', '10', '--seed', '7');
        for (const key of KEYS) assert.ok(key in r, `${algo} ${split}: no ${key}`);
        for (const key of KEYS.filter(k => k !== 'rmse' && k !== 'mae')) assert.ok(Number.isFinite(r[key]) && r[key] >= 0, `${algo} ${key}`);
        for (const key of ['precision_at_k', 'recall_at_k', 'ndcg_at_k', 'map_at_k', 'hit_rate_at_k', 'coverage']) assert.ok(r[key] <= 1);
        if (algo === 'als' || algo === 'bpr') assert.equal(r.rmse, null, `${algo} ranks, it does not predict ratings`);
        else assert.ok(r.rmse > 0.5 && r.rmse < 1.5 && r.mae > 0 && r.mae < r.rmse, `${algo} ${split} rmse ${r.rmse} mae ${r.mae}`);
        assert.equal(r.users_evaluated, 943);
        if (split === 'last:1') assert.equal(r.test_interactions, 943);  // each user's latest
        else assert.ok(Math.abs(r.test_interactions - 20000) < 800, `${split}: ${r.test_interactions} test rows`);
        ndcg[`${algo} ${split}`] = r;
      }
    }
    // Defaults do well without flags: every CF model far above popularity on planted structure.
    for (const split of ['random:0.8', 'user:0.8']) {
      for (const algo of ['itemknn', 'userknn', 'als', 'bpr']) {
        const m = ndcg[`${algo} ${split}`].ndcg_at_k, p = ndcg[`pop ${split}`].ndcg_at_k;
        assert.ok(m > 3 * p, `${algo} ${split}: NDCG@10 ${m} vs popularity ${p}`);
      }
      // SVD's job is the rating: RMSE clearly below popularity's item means.
      assert.ok(ndcg[`svd ${split}`].rmse < ndcg[`pop ${split}`].rmse - 0.04, `svd rmse ${ndcg[`svd ${split}`].rmse}`);
    }
    for (const algo of ['itemknn', 'userknn', 'als', 'bpr'])
      assert.ok(ndcg[`${algo} last:1`].hit_rate_at_k > 3 * ndcg['pop last:1'].hit_rate_at_k, `${algo} last:1`);
  });

  test('MovieLens u.data (tab-separated, no header) is read as ratings; the default algo needs no flags', async () => {
    const lines = readFileSync(ML, 'utf8').trim().split('\n').slice(1);
    const udata = file('u.data', lines.map(l => l.replace(/^u/, '').replace(/,i/, ',').split(',').join('\t')).join('\n') + '\n');
    const r = JSON.parse(await plume(['recommend', 'evaluate', '--data', udata, '--json']));
    assert.equal(r.algo, 'itemknn');
    assert.equal(r.train_interactions + r.test_interactions, 100000);
    assert.ok(r.rmse !== null && r.ndcg_at_k > 0.15, JSON.stringify(r));
  });

  test('overrides: --factors --reg --alpha --iterations --neighbors change the model; --iterations works for svd', async () => {
    const base = await evaluate('--algo', 'als');
    const tuned = await evaluate('--algo', 'als', '--factors', '8', '--reg', '0.5', '--alpha', '2', '--iterations', '3');
    assert.notEqual(tuned.ndcg_at_k, base.ndcg_at_k);
    const svd1 = await evaluate('--algo', 'svd', '--iterations', '1', '--factors', '4');
    const svd1e = await evaluate('--algo', 'svd', '--epochs', '1', '--factors', '4');
    assert.equal(svd1.rmse, svd1e.rmse);
    const k5 = await evaluate('--algo', 'itemknn', '--neighbors', '5');
    assert.notEqual(k5.ndcg_at_k, (await evaluate('--algo', 'itemknn')).ndcg_at_k);
    await fails(['recommend', 'evaluate', '--data', ML, '--algo', 'bpr', '--alpha', '3'], /--alpha does not apply to --algo bpr \(it is used by als\)/);
    await fails(['recommend', 'evaluate', '--data', ML, '--algo', 'als', '--neighbors', '3'], /--neighbors does not apply to --algo als/);
  });
});

describe('plume recommend: bad input', () => {
  test('bad cells name line and column; wrong columns name the header', async () => {
    const cases = [
      ['user,item,rating,timestamp\nu1,i1,4,10\nu2,i2,NaN,11\n', /nan\.csv: line 3, column 3 \(rating\): 'NaN' is not a number/],
      ['user,item,rating,timestamp\nu1,i1,-3,10\n', /line 2, column 3 \(rating\): rating -3 is negative/],
      ['user,item,value\nu1,i1,-1\n', /line 2, column 3 \(value\): weight -1 must be positive/],
      ['user,item,rating\n,i1,4\n', /line 2, column 1 \(user\): the user id is empty/],
      ['user,item,rating\nu1,,4\n', /line 2, column 2 \(item\): the item id is empty/],
      ['user,item,rating,timestamp\nu1,i1,4,yesterday\n', /line 2, column 4 \(timestamp\): 'yesterday' is not a timestamp/],
      ['sku,stars\ni1,4\n', /line 1: the header must name a 'user' and an 'item' column \(found 'sku,stars'\)/],
      ['user,item,rating\nu1,i1,4\nu2,i2\n', /line 3: 2 columns, the header has 3/],
      ['user,item,rating,event\nu1,i1,4,view\n', /line 1: give only one of the columns rating, event and value/],
      ['1\t2\t3\n', /line 1: 3 columns, MovieLens u.data has 4/],
      ['user,item,rating\n', /a header but no rows/],
      ['', /empty/],
    ];
    for (const [n, [text, pattern]] of cases.entries()) {
      const path = file(n === 0 ? 'nan.csv' : `bad${n}.csv`, text);
      await fails(['recommend', 'evaluate', '--data', path, '--algo', 'pop'], pattern);
      await fails(['recommend', 'train', '--data', path, '--algo', 'als', '--out', join(DIR, `m${n}.json`)], pattern);
    }
    await fails(['recommend', 'evaluate', '--data', join(DIR, 'missing.csv')], /cannot open/);
    await fails(['recommend', 'evaluate', '--data', ML, '--algo', 'magic'], /unknown --algo 'magic'/);
    await fails(['recommend', 'evaluate', '--data', ML, '--split', 'half'], /split/);
    await fails(['recommend', 'evaluate', '--data', ML, '--k', '0'], /--k must be between 1 and 100000/);
    await fails(['recommend', 'evaluate', '--data', ML, '--algo', 'als', '--factors', '0'], /--factors must be between 1 and 1024/);
    await fails(['recommend', 'evaluate', '--data', ML, '--algo', 'als', '--reg', '-1'], /regularization/);
  });

  test('duplicate rows merge as documented; unknown ids and empty histories are handled', async () => {
    // (u1, i1) rated twice: the later rating (2, at t=20) is the one kept, so u1 likes i2 more.
    const dup = file('dup.csv', 'user,item,rating,timestamp\nu1,i1,5,10\nu1,i2,4,11\nu1,i1,2,20\nu2,i1,3,5\nu2,i3,4,6\n');
    const model = join(DIR, 'dup.json');
    await plume(['recommend', 'train', '--data', dup, '--algo', 'pop', '--out', model]);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    assert.equal(saved.interactions.length, 4, 'the repeated pair is one interaction');
    const u1i1 = saved.interactions.find(r => saved.users[r[0]] === 'u1' && saved.items[r[1]] === 'i1');
    assert.equal(u1i1[2], 2);
    // Implicit events add up: view (1) + purchase (5) = 6.
    const events = file('events.csv', 'user,item,event\nc1,a,view\nc1,a,purchase\nc2,b,click\n');
    await plume(['recommend', 'train', '--data', events, '--algo', 'pop', '--out', join(DIR, 'ev.json')]);
    const ev = JSON.parse(readFileSync(join(DIR, 'ev.json'), 'utf8'));
    assert.deepEqual(ev.interactions.map(r => r[2]).sort(), [2, 6]);

    await fails(['recommend', 'top', '--model', model, '--user', 'nobody'], /unknown user 'nobody'/);
    await fails(['recommend', 'top', '--model', model, '--history', 'i1,no-such-sku'], /--history: unknown item 'no-such-sku'/);
    // A visitor with no history gets the popularity fallback; a user who has everything gets nothing.
    const fresh = JSON.parse(await plume(['recommend', 'top', '--model', model, '--json']));
    assert.deepEqual(fresh.items.map(r => r.item), ['i1', 'i2', 'i3']);
    const all = file('all.csv', 'user,item\nu1,a\nu1,b\nu2,a\n');
    await plume(['recommend', 'train', '--data', all, '--algo', 'als', '--factors', '2', '--out', join(DIR, 'all.json')]);
    const none = JSON.parse(await plume(['recommend', 'top', '--model', join(DIR, 'all.json'), '--user', 'u1', '--json']));
    assert.deepEqual(none.items, []);
  });
});
