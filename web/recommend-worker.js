/**
 * A Web Worker (module) that holds the studio's recommender: it imports the workspace's files
 * into an ecosystem, trains the recommender on the events' interactions and answers top-k and
 * search requests, so training never freezes the page. The engine (plume-core.js in this
 * thread) does all the work; this file only routes messages. The page talks to it through
 * recommend-client.js.
 *
 * Requests {id, type, ...} -> replies {id, type: 'result', value} | {id, type: 'error', message};
 * while training: {id, type: 'progress', phase, fraction}.
 *   load     {files: {manifest, catalog, customers, events}, algo?}  -> {products, customers, events, users, items}
 *   top      {request}                   -> {items: [{item, score, product, because: [{item, product, contribution}]}]}
 *   search   {query, limit}              -> {customers: [{id, name, city, events}]}
 *   products {limit?}                    -> {total, products}
 *   history  {customer}                  -> {items: [item ids the customer interacted with, strongest first]}
 * @module recommend-worker
 */

import { Ecosystem } from './ecosystem.js';
import { Recommender } from './recommend.js';

let eco = null;
let rec = null;
let interactions = [];

const post = message => self.postMessage(message);

/** A regular expression matching `query` literally (for GrowthBook's case-insensitive $regexi). */
function literalPattern(query) {
  return query.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function toRecommenderCatalog(products) {
  // The ecosystem's product feed renamed to the recommender's item attributes (docs/recommend.md).
  return JSON.stringify(products.map(p => ({
    item: p.id, category: p.category, brand: p.brand, price: p.price, partner: p.partner,
    available: p.availability === '' ? 'true' : p.availability,
  })));
}

async function load(id, { files, algo = 'als' }) {
  const progress = (phase, fraction) => post({ id, type: 'progress', phase, fraction });
  rec?.free();
  eco?.free();
  rec = null;
  eco = await Ecosystem.create(files.manifest || null);
  for (const kind of ['catalog', 'customers', 'events']) {
    if (!files[kind]) continue;
    progress(kind, 0);
    await eco.import(kind, files[kind], { onProgress: p => progress(kind, p.fraction) });
  }
  const counts = await eco.counts();
  progress('train', null);
  const { rows } = await eco.interactions();
  interactions = rows;
  if (!rows.length) return { ...counts, users: 0, items: 0, trained: false };
  const csv = ['user,item,value', ...rows.map(([u, i, v]) => `${JSON.stringify(u)},${JSON.stringify(i)},${v}`)].join('\n');
  rec = await Recommender.train(csv, { algo, seed: 42 });
  const products = await eco.products();
  await rec.setCatalog(toRecommenderCatalog(products));
  progress('train', 1);
  return { ...counts, users: rec.info.users, items: rec.info.items, trained: true };
}

async function top(request) {
  if (!rec) throw new Error('the recommender is not trained yet');
  const items = await rec.top({ explain: true, explainTop: 2, ...request });
  const ids = new Set();
  for (const it of items) {
    ids.add(it.item);
    for (const b of it.because ?? []) ids.add(b.item);
  }
  const { products } = await eco.findProducts({ ids: [...ids] });
  const byId = new Map(products.map(p => [p.id, p]));
  return {
    items: items.map(it => ({
      ...it,
      product: byId.get(it.item) ?? null,
      because: (it.because ?? []).map(b => ({ ...b, product: byId.get(b.item) ?? null })),
    })),
  };
}

async function search({ query = '', limit = 20 }) {
  if (!eco) return { customers: [] };
  const q = String(query).trim();
  const condition = q ? { $or: [{ id: { $regexi: literalPattern(q) } }, { name: { $regexi: literalPattern(q) } }] } : {};
  const seg = await eco.segment({ condition, members: limit, top: 0 });
  const customers = [];
  for (const cid of seg.members) {
    const a = await eco.customer(cid);
    customers.push({ id: cid, name: a.name ?? '', city: a.city ?? '', events: a.events ?? 0 });
  }
  return { count: seg.count, customers };
}

function history({ customer }) {
  return { items: interactions.filter(r => r[0] === customer).sort((a, b) => b[2] - a[2]).map(r => r[1]) };
}

async function handle(msg) {
  switch (msg.type) {
    case 'load': return load(msg.id, msg);
    case 'top': return top(msg.request ?? {});
    case 'search': return search(msg);
    case 'products': {
      if (!eco) return { total: 0, products: [] };
      return eco.findProducts(msg.ids ? { ids: msg.ids } : { limit: msg.limit ?? 1000 });
    }
    case 'history': return history(msg);
    default: throw new Error(`unknown request ${msg.type}`);
  }
}

// One request at a time, in order: the engine is single-threaded and the handles are shared.
let tail = Promise.resolve();
self.addEventListener('message', event => {
  const msg = event.data;
  tail = tail.then(async () => {
    try {
      post({ id: msg.id, type: 'result', value: await handle(msg) });
    } catch (e) {
      post({ id: msg.id, type: 'error', message: e?.message ?? String(e) });
    }
  });
});
