// Partner scoping through the JS API (web/ecosystem.js partnerView): with the sample ecosystem
// imported, every partner's view holds only its own products, no customer-level data of anyone,
// and aggregates of at least 5 customers; crafted partner ids and options are refused; the view
// is frozen plain data with no way back into the workspace.
//   node --test tests/js/partner-view.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Ecosystem } from '../../web/ecosystem.js';
import { PlumeError } from '../../web/plume.js';
import { ROOT, plumeCli, requireBuild } from './plume-fixture.mjs';

const DATA = join(ROOT, 'data/ecosystem');
const text = name => readFileSync(join(DATA, name), 'utf8');
const manifest = JSON.parse(text('manifest.json'));

// A small RFC 4180 reader, independent of the engine's importer.
function parseCsv(source) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map(r => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const catalog = parseCsv(text('catalog.csv'));
const customers = parseCsv(text('customers.csv'));
let eco;

before(async () => {
  requireBuild();
  eco = await Ecosystem.create(manifest);
  for (const [kind, file] of [['catalog', 'catalog.csv'], ['customers', 'customers.csv'], ['events', 'events.csv']])
    await eco.import(kind, text(file));
});

const campaigns = [
  { id: 'spring-sms', channel: 'sms', partner: 'sms-gateway', products: [catalog[0].id, catalog.at(-1).id] },
  { id: 'weibo-launch', channel: 'weibo', partner: 'weibo-kol', products: [], results: { sent: 100, clicked: 9, [customers[0].id]: 1 } },
];

function walk(value, visit, path = 'view') {
  visit(value, path);
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, visit, `${path}.${k}`);
}

describe('partner views', () => {
  for (const partner of manifest.partners) {
    test(`${partner.id}: only its own products, no customer-level data, groups of 5 or more`, async () => {
      const view = await eco.partnerView(partner.id, { campaigns });
      assert.equal(view.partner.id, partner.id);
      const own = new Set(catalog.filter(p => p.partner === partner.id).map(p => p.id));
      assert.deepEqual(new Set(view.products.map(p => p.id)), own);
      const others = catalog.filter(p => p.partner !== partner.id);
      const json = JSON.stringify(view);
      for (const p of others) {
        assert.ok(!json.includes(`"${p.id}"`), `another partner's product ${p.id}`);
        assert.ok(!json.includes(p.title), `another partner's title ${p.title}`);
      }
      for (const c of campaigns.filter(c => c.products.length)) for (const id of c.products) if (!own.has(id)) assert.ok(!json.includes(id));
      // No customer id, name, email or phone anywhere in the view.
      for (const c of customers) {
        for (const key of ['id', 'name', 'email', 'phone']) {
          if (c[key]) assert.ok(!json.includes(JSON.stringify(c[key]).slice(1, -1)), `customer ${key} ${c[key]} leaked`);
        }
      }
      // Every aggregate row covers at least k = 5 customers.
      walk(view.aggregates, (v, path) => {
        if (v && typeof v === 'object' && 'customers' in v) assert.ok(v.customers >= 5, `${path}: ${v.customers} customers`);
      });
      // Columns: only those its data_scope lists (id always).
      const fields = partner.data_scope?.products;
      if (fields && !fields.includes('*')) for (const p of view.products) for (const k of Object.keys(p)) assert.ok(k === 'id' || fields.includes(k), k);
      // Plain frozen data: no functions, nothing to call back into the workspace, nothing to change.
      walk(view, (v, path) => assert.notEqual(typeof v, 'function', path));
      assert.ok(Object.isFrozen(view) && Object.isFrozen(view.products));
      assert.throws(() => { view.products.push({ id: 'x' }); }, TypeError);
    });
  }

  test('the view equals the native CLI\'s for the same data', async () => {
    const view = await eco.partnerView('weibo-kol');
    const native = JSON.parse(await plumeCli(['eco', 'partner-view', '--manifest', join(DATA, 'manifest.json'), '--catalog', join(DATA, 'catalog.csv'),
      '--customers', join(DATA, 'customers.csv'), '--events', join(DATA, 'events.csv'), '--partner', 'weibo-kol', '--json']));
    assert.deepEqual(view, native);
  });

  test('campaign results: only aggregate keys, and only with the "campaigns" permission', async () => {
    const kol = await eco.partnerView('weibo-kol', { campaigns });
    assert.deepEqual(kol.campaigns.map(c => c.id), ['weibo-launch']);
    assert.equal(kol.campaigns[0].results, undefined);  // weibo-kol's aggregates: segments, channels
    const sms = await eco.partnerView('sms-gateway', { campaigns });
    assert.deepEqual(sms.campaigns.map(c => c.id), ['spring-sms']);
    assert.deepEqual(sms.campaigns[0].products, []);     // the featured products are other partners'
    assert.equal(sms.campaigns[0].otherProducts, 2);
  });

  test('crafted partner ids reach nothing', async () => {
    const crafted = ['', '*', 'AURORA-DEVICES', 'aurora-devices ', ' aurora-devices', 'aurora-devices\u0000', '../aurora-devices',
      'sms-gateway,aurora-devices', '__proto__', 'constructor', 'toString', 'aurora-devices"}', '{"id":"aurora-devices"}'];
    for (const id of crafted) {
      await assert.rejects(eco.partnerView(id), err => err instanceof PlumeError && /^no partner '/.test(err.message), JSON.stringify(id));
    }
    for (const id of [null, undefined, 42, { toString: () => 'aurora-devices' }, ['aurora-devices']]) {
      await assert.rejects(eco.partnerView(id), /partnerId must be a string/);
    }
  });

  test('options cannot widen the view', async () => {
    await assert.rejects(eco.partnerView('weibo-kol', { k: 1 }), /k: groups must have at least 5 customers \(got 1\)/);
    await assert.rejects(eco.partnerView('weibo-kol', { k: 4 }), /at least 5/);
    await assert.rejects(eco.partnerView('weibo-kol', { k: -1 }), /k: expected a whole number/);
    for (const key of ['fields', 'partner', 'scope', 'dataScope', 'customers', 'raw']) {
      await assert.rejects(eco.partnerView('weibo-kol', { [key]: '*' }), /unknown partner view option/);
    }
    await assert.rejects(eco.partnerView('weibo-kol', { campaigns: 'all' }), /campaigns: expected a list/);
    // A partner cannot be granted another's products by naming them in a campaign.
    const view = await eco.partnerView('lumen-home', { campaigns: [{ id: 'x', partner: 'lumen-home', products: catalog.filter(p => p.partner === 'aurora-devices').map(p => p.id) }] });
    assert.deepEqual(view.campaigns[0].products, []);
    assert.ok(view.products.every(p => catalog.find(c => c.id === p.id).partner === 'lumen-home'));
  });

  test('a workspace without a manifest has no partner views', async () => {
    const bare = await Ecosystem.create(null);
    await assert.rejects(bare.partnerView('weibo-kol'), /needs a manifest/);
    bare.free();
  });
});
