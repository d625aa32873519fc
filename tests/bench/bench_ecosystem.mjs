// Import throughput: 100,000 customers and 1,000,000 events (synthetic, seeded), natively (the
// CLI, streaming 1 MB chunks) and in WASM (web/ecosystem.js in Node, 1 MB chunks), and the
// longest single engine call — what decides whether a page stays responsive.
//   node tests/bench/bench_ecosystem.mjs [customers=100000] [events=1000000]
// Needs scripts/build (build/native/plume and web/dist/plume-engine.*). Writes its inputs to
// build/bench/ecosystem/. Figures are printed, never asserted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Ecosystem } from '../../web/ecosystem.js';
import { ROOT, CLI } from '../js/plume-fixture.mjs';

const nCustomers = Number(process.argv[2] ?? 100_000);
const nEvents = Number(process.argv[3] ?? 1_000_000);
const dir = join(ROOT, 'build/bench/ecosystem');
mkdirSync(dir, { recursive: true });

let state = 42;  // mulberry32: the same files every run
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = a => a[Math.floor(rand() * a.length)];

const customers = ['id,name,email,phone,language,city,signup_date,tier,age'];
const cities = ['上海', '北京', 'London', 'Singapore', '深圳', 'New York'];
for (let i = 0; i < nCustomers; i++) {
  const zh = rand() < 0.6;
  customers.push(`C${i},${zh ? '王' + i : '"Smith, ' + i + '"'},user${i}@example.com,${zh ? '+86138' + String(i).padStart(8, '0') : ''},` +
    `${zh ? 'zh' : 'en'},${pick(cities)},2023-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)},${pick(['gold', 'silver', 'none'])},${18 + Math.floor(rand() * 50)}`);
}
const types = ['open', 'click', 'view', 'add_to_cart', 'purchase'];
const channels = ['email', 'sms', 'wechat', 'weibo', 'web'];
const events = ['user,item,type,channel,partner,timestamp,revenue'];
const t0 = Date.parse('2024-01-01T00:00:00Z') / 1000;
for (let i = 0; i < nEvents; i++) {
  const type = pick(types);
  const t = t0 + Math.floor(rand() * 180 * 86400);
  const ts = i % 2 ? String(t) : new Date(t * 1000).toISOString().replace('.000Z', '+00:00');
  events.push(`C${Math.floor(rand() * nCustomers)},P${Math.floor(rand() * 2000)},${type},${pick(channels)},,${ts},${type === 'purchase' ? (rand() * 500).toFixed(2) : ''}`);
}
const files = { customers: join(dir, 'customers.csv'), events: join(dir, 'events.csv') };
writeFileSync(files.customers, customers.join('\n') + '\n');
writeFileSync(files.events, events.join('\n') + '\n');
const mb = f => (readFileSync(f).length / 1e6).toFixed(1);
console.log(`inputs: ${nCustomers} customers (${mb(files.customers)} MB), ${nEvents} events (${mb(files.events)} MB)`);

const native = JSON.parse(execFileSync(CLI, ['eco', 'import', '--customers', files.customers, '--events', files.events, '--json'],
  { maxBuffer: 64 << 20 }).toString());
for (const i of native.imports) console.log(`native ${i.kind}: ${i.seconds.toFixed(2)} s (${i.rows} rows)`);

const eco = await Ecosystem.create();
for (const kind of ['customers', 'events']) {
  const bytes = readFileSync(files[kind]);
  let longest = 0, last = performance.now();
  const start = performance.now();
  const r = await eco.import(kind, bytes, {
    chunkSize: 1 << 20,
    onProgress: () => { const now = performance.now(); longest = Math.max(longest, now - last); last = now; },
  });
  const secs = (performance.now() - start) / 1000;
  console.log(`wasm ${kind}: ${secs.toFixed(2)} s (${r.summary.rows} rows), longest 1 MB chunk ${longest.toFixed(0)} ms`);
}
const s = performance.now();
const rfm = await eco.rfm();
console.log(`wasm rfm over ${rfm.customers} customers: ${((performance.now() - s) / 1000).toFixed(2)} s`);
const s2 = performance.now();
const seg = await eco.segment({ condition: { language: 'zh', rfm_group: { $in: ['champions', 'loyal'] } }, members: 0 });
console.log(`wasm segment (${seg.count} members) with insights: ${((performance.now() - s2) / 1000).toFixed(2)} s`);
eco.free();
