// web/recommend.js in Node through the WASM engine (needs the built engine in web/dist and the
// native CLI): training and top-k, cold start with a catalog, filters and partner diversity,
// explanations, fold-in, save/load round trips, Spark ALS output (the hand-written directory in
// tests/data/spark_als, hand-computed scores), native/WASM parity with `plume recommend top`,
// and errors that name the problem.
//   node --test tests/js/recommend.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Recommender, evaluate, loadInteractions, synthetic } from '../../web/recommend.js';
import * as plume from '../../web/plume.js';

const { PlumeError } = plume;
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, ROOT, requireBuild } from './plume-fixture.mjs';

// The native CLI (PLUME_CLI overrides build/native/plume, e.g. for a CLI linked elsewhere).
async function plumeCli(args) {
  const { stdout } = await promisify(execFile)(process.env.PLUME_CLI || CLI, args, { cwd: ROOT, maxBuffer: 64 << 20 });
  return stdout;
}

const SPARK = join(ROOT, 'tests/data/spark_als');

before(() => requireBuild());

async function rejectsWith(promise, pattern) {
  await assert.rejects(promise, err => {
    assert.ok(err instanceof PlumeError, `a PlumeError, got ${err}`);
    assert.match(err.message, pattern);
    return true;
  });
}

function sparkTable(dir) {
  return readdirSync(dir).filter(f => f.startsWith('part-')).sort().map(f => readFileSync(join(dir, f), 'utf8'));
}

// Two categories, planted: even users view tea items, odd users view shoe items.
function world() {
  let csv = 'user,item,event,timestamp\n';
  for (let u = 0; u < 20; u++)
    for (let k = 0; k < 6; k++)
      if ((u + k) % 3 !== 0) csv += `c${u},${u % 2 ? 'shoe' : 'tea'}${k},view,${u * 10 + k}\n`;
  let catalog = 'sku,category,brand,tags,price,partner,available\n';
  for (let k = 0; k < 6; k++) {
    catalog += `tea${k},tea,Leaf,green|organic,${10 + k},${k % 2 ? 'P1' : 'P2'},${k === 5 ? 'no' : 'yes'}\n`;
    catalog += `shoe${k},shoes,Stride,run,${100 + 20 * k},${k % 2 ? 'P1' : 'P3'},yes\n`;
  }
  catalog += 'tea-new,tea,Leaf,green,12,P2,yes\n';  // nobody has touched it yet
  return { csv, catalog };
}

describe('Recommender', () => {
  test('trains every algorithm; top-k excludes what the user has', async () => {
    const { csv } = world();
    for (const algo of ['als', 'bpr', 'itemknn', 'userknn', 'pop']) {
      // BPR samples one triple per interaction per epoch: a tiny data set needs many epochs.
      const rec = await Recommender.train(csv, { algo, factors: 4, iterations: algo === 'bpr' ? 300 : 10 });
      assert.equal(rec.info.users, 20);
      // c0 has tea1, tea2, tea4, tea5: the two tea items left should come first.
      const top = await rec.top({ user: 'c0', k: 2 });
      assert.equal(top.length, 2, algo);
      const owned = csv.split('\n').filter(l => l.startsWith('c0,')).map(l => l.split(',')[1]);
      for (const r of top) assert.ok(!owned.includes(r.item), `${algo} recommended owned ${r.item}`);
      if (algo !== 'pop') for (const r of top) assert.ok(r.item.startsWith('tea'), `${algo}: ${r.item}`);
      rec.free();
    }
  });

  test('cold start: one view gives same-category items, a cold item by content; filters; diversity; explanations', async () => {
    const { csv, catalog } = world();
    const rec = await Recommender.train(csv, { algo: 'itemknn' });
    await rec.setCatalog(catalog);
    const one = await rec.top({ history: ['shoe1'], k: 4, explain: true });
    assert.equal(one.length, 4);
    for (const r of one) {
      assert.ok(r.item.startsWith('shoe'), r.item);
      assert.equal(r.because[0].item, 'shoe1');
    }
    const teaFan = await rec.top({ history: ['tea1', 'tea2'], k: 6 });
    assert.ok(teaFan.some(r => r.item === 'tea-new'), JSON.stringify(teaFan));
    const filtered = await rec.top({ history: ['tea1'], k: 20, categories: ['tea'], availableOnly: true, maxPrice: 14 });
    assert.ok(filtered.length > 0);
    for (const r of filtered) assert.ok(r.item.startsWith('tea') && r.item !== 'tea5' && r.item !== 'tea1', r.item);
    const capped = await rec.top({ user: 'c0', k: 10, maxPerPartner: 1 });
    assert.ok(capped.length <= 3);
    const robin = await rec.top({ history: ['tea1'], k: 3, roundRobin: true });
    assert.equal(robin.length, 3);
    rec.free();
  });

  test('fold-in and save/load round trips give the same recommendations', async () => {
    const { csv } = world();
    const rec = await Recommender.train(csv, { algo: 'als', factors: 4, iterations: 8 });
    const v = await rec.foldIn(['tea1', { item: 'tea2', value: 2 }]);
    assert.equal(v.length, 4);
    const before = await rec.top({ history: ['tea1', 'tea2'], k: 5 });
    const again = await Recommender.load({ 'model.json': await rec.save('json') });
    assert.deepEqual(await again.top({ history: ['tea1', 'tea2'], k: 5 }), before);
    const files = await rec.save('files');
    assert.ok(files['userFactors/part-00000.json'].startsWith('{"id":0,"features":['));
    const fromFiles = await Recommender.load({
      'model.json': files['model.json'], userFactors: [files['userFactors/part-00000.json']],
      itemFactors: [files['itemFactors/part-00000.json']], 'user_ids.jsonl': files['user_ids.jsonl'],
      'item_ids.jsonl': files['item_ids.jsonl'] });
    assert.deepEqual((await fromFiles.top({ user: 'c3', k: 5 })).map(r => r.item), (await rec.top({ user: 'c3', k: 5 })).map(r => r.item));
    for (const r of [rec, again, fromFiles]) r.free();
  });

  test("Spark ALS output: hand-computed scores, same as the native CLI", async () => {
    const rec = await Recommender.load({
      userFactors: sparkTable(join(SPARK, 'userFactors')), itemFactors: sparkTable(join(SPARK, 'itemFactors')),
      'user_ids.jsonl': readFileSync(join(SPARK, 'user_ids.jsonl'), 'utf8'),
      'item_ids.jsonl': readFileSync(join(SPARK, 'item_ids.jsonl'), 'utf8') });
    const alice = await rec.top({ user: 'alice', k: 4 });
    assert.deepEqual(alice.map(r => r.item), ['SKU-SHOE', 'SKU-MUG', 'SKU-BAG', 'SKU-TEA']);
    assert.ok(Math.abs(alice[1].score - 0.75) < 1e-6);
    const native = JSON.parse(await plumeCli(['recommend', 'top', '--model', SPARK, '--user', '陈', '--k', '4', '--json']));
    const wasm = await rec.top({ user: '陈', k: 4 });
    assert.deepEqual(wasm.map(r => r.item), native.items.map(r => r.item));
    for (let k = 0; k < 4; k++) assert.ok(Math.abs(wasm[k].score - native.items[k].score) < 1e-6);
    const visitorNative = JSON.parse(await plumeCli(['recommend', 'top', '--model', SPARK, '--history', 'SKU-BAG', '--json']));
    assert.deepEqual((await rec.top({ history: ['SKU-BAG'] })).map(r => r.item), visitorNative.items.map(r => r.item));
    rec.free();
  });

  test('a model trained by the CLI serves the same top-k in WASM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plume-rec-'));
    const csv = await synthetic({ users: 60, items: 80, interactions: 1500, ratings: false, seed: 3 });
    writeFileSync(join(dir, 'data.csv'), csv);
    await plumeCli(['recommend', 'train', '--data', join(dir, 'data.csv'), '--algo', 'bpr', '--factors', '8',
      '--iterations', '20', '--out', join(dir, 'model')]);
    const native = JSON.parse(await plumeCli(['recommend', 'top', '--model', join(dir, 'model'), '--user', 'u5', '--json', '--explain']));
    const rec = await Recommender.load({
      'model.json': readFileSync(join(dir, 'model/model.json'), 'utf8'),
      userFactors: sparkTable(join(dir, 'model/userFactors')), itemFactors: sparkTable(join(dir, 'model/itemFactors')),
      'user_ids.jsonl': readFileSync(join(dir, 'model/user_ids.jsonl'), 'utf8'),
      'item_ids.jsonl': readFileSync(join(dir, 'model/item_ids.jsonl'), 'utf8') });
    const wasm = await rec.top({ user: 'u5', explain: true });
    assert.deepEqual(wasm.map(r => r.item), native.items.map(r => r.item));
    assert.deepEqual(wasm.map(r => r.because.map(b => b.item)), native.items.map(r => r.because.map(b => b.item)));
    rec.free();
  });

  test('evaluate: BPR and ALS beat popularity on planted structure', async () => {
    const csv = await synthetic({ users: 200, items: 300, interactions: 8000, ratings: false });
    const pop = await evaluate(csv, { algo: 'pop', k: 10 });
    const bpr = await evaluate(csv, { algo: 'bpr', k: 10 });
    const als = await evaluate(csv, { algo: 'als', k: 10 });
    assert.ok(bpr.precision_at_k > 1.5 * pop.precision_at_k, `bpr ${bpr.precision_at_k} pop ${pop.precision_at_k}`);
    assert.ok(als.precision_at_k > 1.5 * pop.precision_at_k, `als ${als.precision_at_k} pop ${pop.precision_at_k}`);
    assert.equal(bpr.rmse, null);
  });

  test('the main module re-exports the recommender API; every function the issue names is there', async () => {
    assert.equal(plume.Recommender, Recommender);
    assert.equal(plume.loadInteractions, loadInteractions);
    assert.equal(plume.evaluateRecommender, evaluate);
    assert.equal(plume.syntheticInteractions, synthetic);
    assert.equal(plume.recommend.Recommender, Recommender);
    // load interactions, train, recommend (user / visitor), explain, evaluate, import/export factors
    for (const fn of ['train', 'load']) assert.equal(typeof plume.Recommender[fn], 'function', fn);
    for (const fn of ['top', 'foldIn', 'save', 'setCatalog', 'free']) assert.equal(typeof plume.Recommender.prototype[fn], 'function', fn);
    const rec = await plume.Recommender.train(world().csv, { algo: 'itemknn' });
    const top = await rec.top({ history: ['tea1'], k: 2, explain: true });
    // tea1's neighbours are the tea items it shares viewers with; the explanation names tea1.
    for (const r of top) { assert.ok(r.item.startsWith('tea'), r.item); assert.equal(r.because[0].item, 'tea1'); }
    rec.free();
  });

  test('loadInteractions: counts, merged duplicates, and errors naming line and column', async () => {
    // alice/sku-1 twice (ratings: the later one is kept), so 3 distinct interactions.
    const info = await loadInteractions('user,item,rating,timestamp\nalice,sku-1,4,100\nbob,sku-2,5,50\nalice,sku-1,2,200\nbob,sku-1,3,70\n');
    assert.equal(info.users, 2);
    assert.equal(info.items, 2);
    assert.equal(info.interactions, 3);
    assert.equal(info.explicit, true);
    assert.equal(info.firstTimestamp, 50);
    assert.equal(info.lastTimestamp, 200);
    assert.equal(info.density, 3 / 4);
    assert.deepEqual(info.firstUsers, ['alice', 'bob']);
    const events = await loadInteractions('customer_id,sku,event\nc1,a,view\nc1,a,purchase\n');
    assert.equal(events.interactions, 1);
    assert.equal(events.explicit, false);
    const movielens = await loadInteractions('196\t242\t3\t881250949\n186\t302\t3\t891717742\n');
    assert.equal(movielens.interactions, 2);
    await rejectsWith(loadInteractions('user,item,rating\nu,i,NaN\n'), /line 2, column 3 \(rating\): 'NaN' is not a number/);
    await rejectsWith(loadInteractions('user,item,rating\nu,i,-2\n'), /line 2, column 3 \(rating\): rating -2 is negative/);
    await rejectsWith(loadInteractions('user,item,value\nu,i,0\n'), /line 2, column 3 \(value\): weight 0 must be positive/);
    await rejectsWith(loadInteractions('user,item,rating\n,i,4\n'), /line 2, column 1 \(user\): the user id is empty/);
    await rejectsWith(loadInteractions('sku,stars\ni,4\n'), /line 1: the header must name a 'user' and an 'item' column/);
    await rejectsWith(loadInteractions('user,item,rating\nu,i,4,99\n'), /line 2: 4 columns, the header has 3/);
    await rejectsWith(loadInteractions('196\t242\t3\n'), /line 1: 3 columns, MovieLens u.data has 4 \(user, item, rating, timestamp/);
    await rejectsWith(loadInteractions('[{"user":"u","item":"i","rating":"x"}]'), /row 1 \(rating\): 'x' is not a number/);
    await rejectsWith(loadInteractions(42), /interactions must be a string/);
  });

  test('bad input: errors name the problem and the engine stays usable', async () => {
    await rejectsWith(Recommender.train('user,item,rating\nu,i,abc\n'), /line 2, column 3 \(rating\): 'abc' is not a number/);
    await rejectsWith(Recommender.train('user,item\nu,i\n', { algo: 'magic' }), /unknown algo 'magic'/);
    await rejectsWith(Recommender.train('user,item\nu,i\n', { factors: 0 }), /factors must be an integer/);
    const rec = await Recommender.train(world().csv, { algo: 'pop' });
    await rejectsWith(rec.top({ user: 'nobody' }), /unknown user 'nobody'/);
    await rejectsWith(rec.top({ history: ['no-such-sku'] }), /unknown item 'no-such-sku'/);
    await rejectsWith(rec.top({ user: 'c0', categories: ['tea'] }), /need item attributes/);
    await rejectsWith(rec.top({ user: 'c0', k: 0 }), /k must be/);
    await rejectsWith(rec.setCatalog('sku,price\ntea1,cheap\n'), /line 2, column 2 \(price\): 'cheap' is not a number/);
    await rejectsWith(rec.foldIn(['tea1']), /fold-in needs a factor model/);
    await rejectsWith(Recommender.load({ userFactors: ['{"id":0,"features":[1]}'], itemFactors: ['{"id":0,"features":[1,2]}'] }),
      /rank/);
    assert.equal((await rec.top({ user: 'c0', k: 2 })).length, 2);
    rec.free();
    await rejectsWith(rec.top({ user: 'c0' }), /no recommender with handle/);
  });
});
