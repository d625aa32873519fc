// web/ecosystem.js in Node: the sample ecosystem streamed in small chunks through the WASM
// engine gives the same counts, segments, RFM and interactions as the native CLI; errors name
// line and column and leave the data unchanged; aborting an import commits nothing.
//   node --test tests/js/ecosystem.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { validateManifest, Ecosystem } from '../../web/ecosystem.js';
import { PlumeError } from '../../web/plume.js';
import { ROOT, plumeCli, requireBuild } from './plume-fixture.mjs';

const DATA = join(ROOT, 'data/ecosystem');
const files = {
  manifest: join(DATA, 'manifest.json'),
  catalog: join(DATA, 'catalog.csv'),
  customers: join(DATA, 'customers.csv'),
  events: join(DATA, 'events.csv'),
};
const manifest = JSON.parse(readFileSync(files.manifest, 'utf8'));
const dataFlags = ['--manifest', files.manifest, '--catalog', files.catalog, '--customers', files.customers, '--events', files.events];

before(() => requireBuild());

async function rejectsWith(promise, pattern) {
  await assert.rejects(promise, err => {
    assert.ok(err instanceof PlumeError, `a PlumeError, got ${err}`);
    assert.match(err.message, pattern);
    return true;
  });
}

async function sampleEcosystem(chunkSize = 4096) {
  const eco = await Ecosystem.create(manifest);
  for (const kind of ['catalog', 'customers', 'events']) await eco.import(kind, readFileSync(files[kind]), { chunkSize });
  return eco;
}

describe('manifest', () => {
  test('the sample validates, natively too', async () => {
    const check = await validateManifest(manifest);
    assert.equal(check.valid, true, check.errors.join('\n'));
    assert.equal(check.summary.partners, 7);
    const native = JSON.parse(await plumeCli(['eco', 'validate', '--manifest', files.manifest, '--json']));
    assert.deepEqual(native, check);
  });

  test('every problem, with its path', async () => {
    const bad = structuredClone(manifest);
    bad.partners[2].channels[0].limits = { text: -3 };
    bad.partners[0].typ = 'channel';
    bad.channels[1].id = 'smss';
    const check = await validateManifest(bad);
    assert.equal(check.valid, false);
    assert.ok(check.errors.includes('partners[2].channels[0].limits.text: expected a positive integer between 1 and 1000000, found -3'), check.errors.join('\n'));
    assert.ok(check.errors.includes("partners[0].typ: unknown key (did you mean 'type'?)"));
    assert.ok(check.errors.some(e => e.startsWith("channels[1].id: 'smss' is not one of") && e.endsWith("(did you mean 'sms'?)")));
    await rejectsWith(Ecosystem.create(bad), /the manifest has \d+ problems/);
  });
});

describe('imports', () => {
  test('streamed in small chunks: the same store as the native CLI, with progress', async () => {
    const eco = await Ecosystem.create(manifest);
    const seen = [];
    for (const kind of ['catalog', 'customers', 'events']) {
      await eco.import(kind, readFileSync(files[kind]), { chunkSize: 1000, onProgress: p => seen.push(p) });
    }
    const native = JSON.parse(await plumeCli(['eco', 'import', ...dataFlags, '--json']));
    assert.deepEqual(await eco.counts(), native.store);
    assert.ok(seen.length > 20);
    const last = seen.at(-1);
    assert.equal(last.fraction, 1);
    for (let i = 1; i < seen.length; i++) {
      if (seen[i].totalBytes === seen[i - 1].totalBytes) assert.ok(seen[i].bytes > seen[i - 1].bytes);
    }
    eco.free();
    await rejectsWith(eco.counts(), /freed/);
  });

  test('a bad row names line and column, and nothing is committed', async () => {
    const eco = await sampleEcosystem();
    const before = await eco.counts();
    const events = readFileSync(files.events, 'utf8') + 'C0001,P0000,purchase,web,,2024-02-30T10:00:00+08:00,10\n';
    const line = events.trimEnd().split('\n').length;
    await rejectsWith(eco.import('events', events, { chunkSize: 2048 }),
      new RegExp(`^line ${line}, column 6 \\(timestamp\\): '2024-02-30T10:00:00\\+08:00' is not a timestamp`));
    await rejectsWith(eco.import('customers', 'id,email\nX1,"a@b.co\n'), /^line 2, column 2: a quoted field is not closed/);
    await rejectsWith(eco.import('catalog', 'id,title,partner\nZ1,Thing,weibo-kol\n'), /'weibo-kol' is a channel partner/);
    assert.deepEqual(await eco.counts(), before);
    eco.free();
  });

  test('aborting mid-way commits nothing; JSON catalogs; Blob sources', async () => {
    const eco = await Ecosystem.create(manifest);
    const controller = new AbortController();
    let chunks = 0;
    await rejectsWith(eco.import('customers', readFileSync(files.customers), {
      chunkSize: 512, signal: controller.signal, onProgress: () => { if (++chunks === 3) controller.abort(); },
    }), /cancelled/);
    assert.equal((await eco.counts()).customers, 0);
    const json = JSON.stringify([{ id: 'J1', title: '青花瓷杯', price: '88.00 CNY', partner: 'lumen-home' }]);
    const r = await eco.import('catalog', new Blob([json]), { format: 'json' });
    assert.equal(r.summary.added, 1);
    await rejectsWith(eco.import('customers', '[]', { format: 'json' }), /JSON import is for catalogs/);
    await rejectsWith(eco.import('event', 'x'), /unknown import kind 'event'.*did you mean 'events'/);
    eco.free();
  });
});

describe('analysis', () => {
  test('segments and insights agree with the native CLI', async () => {
    const eco = await sampleEcosystem();
    for (const name of manifest.segments.map(s => s.id)) {
      const page = await eco.segment({ segment: name, members: 10 });
      const native = JSON.parse(await plumeCli(['eco', 'segment', ...dataFlags, '--segment', name, '--json']));
      assert.deepEqual(page.insights, native.insights, name);
      assert.deepEqual(page.members, native.members, name);
    }
    const zh = await eco.segment({ segment: 'chinese-speakers' });
    assert.ok(zh.count > 100);
    assert.ok([20, 21, 22].includes(zh.insights.best_hour), `planted evening peak, got ${zh.insights.best_hour}`);
    assert.equal(zh.insights.timezone, '+08:00');
    const en = await eco.segment({ condition: { language: 'en' }, tz: '+08:00' });
    assert.ok([8, 9].includes(en.insights.best_hour), `planted morning peak, got ${en.insights.best_hour}`);
    assert.equal(en.insights.channels[0].channel, 'email');
    await rejectsWith(eco.segment({ condition: { age: { $gtx: 3 } } }), /\$gtx/);
    await rejectsWith(eco.segment({ segment: 'nope' }), /no segment 'nope'/);
    eco.free();
  });

  test('RFM, customer attributes and interactions agree with the native CLI', async () => {
    const eco = await sampleEcosystem();
    const rfm = await eco.rfm();
    const native = JSON.parse(await plumeCli(['eco', 'segment', ...dataFlags, '--rfm', '--json']));
    assert.deepEqual(rfm, native.rfm);
    assert.equal(rfm.r.reduce((a, b) => a + b, 0), rfm.scored);
    // A partner CRM id resolves to the unified customer.
    const alias = readFileSync(files.customers, 'utf8').match(/^WX-(\d+),/m);
    assert.ok(alias, 'the sample has partner CRM rows');
    assert.equal((await eco.customer(`WX-${alias[1]}`)).id, `C${alias[1]}`);
    const c1 = await eco.customer('C0001');
    assert.equal(c1.id, 'C0001');
    assert.equal(typeof c1.age, 'number');
    const inter = await eco.interactions();
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const out = join(await mkdtemp(join(tmpdir(), 'plume-eco-')), 'inter.csv');
    await plumeCli(['eco', 'interactions', ...dataFlags, '--out', out]);
    const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1).map(l => l.split(','));
    assert.equal(inter.rows.length, lines.length);
    for (let i = 0; i < lines.length; i++) {
      assert.equal(inter.rows[i][0], lines[i][0]);
      assert.equal(inter.rows[i][1], lines[i][1]);
      assert.equal(inter.rows[i][2], Number(lines[i][2]));
    }
    eco.free();
  });
});
