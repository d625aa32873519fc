// Recommender benchmark at the sizes of issue 5, natively and in WASM (Node, one thread, SIMD128),
// on synthetic data with planted latent structure. Prints Markdown tables and writes
// build/bench-recommend.json. Run by `scripts/bench --recommend`.
//   1. quality: MovieLens-100k shape (943 x 1,682, 100,000 ratings), split user:0.8, k = 10:
//      NDCG@10 etc. of pop, itemknn, userknn, als, bpr, svd (native; ALS repeated in WASM).
//   2. ALS rank 32, 15 iterations: 100k interactions (native and WASM) and, natively only,
//      100,000 users x 20,000 items x 5,000,000 interactions; serving latency on the trained model.
//   3. serving over 20,000 and 100,000 items: random Spark-shaped factors (rank 32, 1,000 users)
//      loaded natively and in WASM: top-10 for a user, fold-in, top-10 for a visitor (10 items).
// Times are CPU time (native: the thread's; WASM: Node's process.cpuUsage, one thread), so a
// loaded shared machine does not inflate them; medians of RUNS trainings and 200 serving calls.
//   node tests/bench/bench_recommend.mjs [--runs N] [--skip-large]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadCore, callCore } from '../../web/plume-core.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const skipLarge = args.includes('--skip-large');
const BENCH = join(ROOT, 'build/bench');
mkdirSync(BENCH, { recursive: true });

function cpuMs() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
function median(v) { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
const f = (x, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));

// Native: compile the C++ half against the native library when missing or stale.
const exe = join(ROOT, 'build/native/bench_recommend');
const src = join(ROOT, 'tests/bench/bench_recommend.cpp'), lib = join(ROOT, 'build/native/libplume_core.a');
if (!existsSync(exe) || statSync(exe).mtimeMs < Math.max(statSync(src).mtimeMs, statSync(lib).mtimeMs)) {
  execFileSync('g++', ['-std=c++20', '-O3', '-march=native', '-ffp-contract=off', `-I${join(ROOT, 'src')}`,
    '-I/usr/include/eigen3', src, lib, '-o', exe], { stdio: 'inherit' });
}
const native = (...a) => JSON.parse(execFileSync(exe, a.map(String), { encoding: 'utf8', maxBuffer: 1 << 24 }));
const core = await loadCore();
const heapMb = () => (core.HEAP8 ? core.HEAP8.buffer.byteLength / 2 ** 20 : null);

// WASM serving latency: top-10 for users, fold-in and top-10 for visitor histories.
function wasmServe(handle, userIds, visitors) {
  const top = [], fold = [], visitor = [];
  for (let r = 0; r < 200; r++) {
    let t0 = cpuMs();
    callCore(core, 'recommendTop', handle, JSON.stringify({ user: userIds[(r * 97) % userIds.length], k: 10 }));
    top.push(cpuMs() - t0);
    const history = JSON.stringify(visitors[r % visitors.length]);
    t0 = cpuMs();
    callCore(core, 'recommendFoldIn', handle, history);
    fold.push(cpuMs() - t0);
    t0 = cpuMs();
    callCore(core, 'recommendTop', handle, `{"history":${history},"k":10}`);
    visitor.push(cpuMs() - t0);
  }
  return { top10_user_ms: median(top), fold_in_ms: median(fold), top10_visitor_ms: median(visitor) };
}

const result = { runs, machine: 'shared 2-core machine (other jobs running): CPU times' };

// 1. Quality on MovieLens-100k-shaped planted data.
result.quality = native('quality', runs);
const ratingsCsv = callCore(core, 'recommendSynthetic', JSON.stringify({})).csv;
result.quality.wasm_als = callCore(core, 'recommendEvaluate', ratingsCsv, JSON.stringify({ algo: 'als', split: 'user:0.8', k: 10 }));

// 2. ALS at 100k interactions, natively and in WASM.
result.als100k = { native: native('als', 943, 1682, 100000, runs) };
{
  const csv = callCore(core, 'recommendSynthetic', JSON.stringify({ ratings: false })).csv;
  const byUser = new Map();
  for (const line of csv.split('\n').slice(1)) {
    if (!line) continue;
    const [u, i] = line.split(',');
    if (!byUser.has(u)) byUser.set(u, []);
    byUser.get(u).push(i);
  }
  const userIds = [...byUser.keys()];
  const times = { pop: [], als: [] };
  let handle = 0;
  for (let r = 0; r < runs; r++) {
    for (const algo of ['pop', 'als']) {
      if (handle) callCore(core, 'recommendFree', handle);
      const t0 = cpuMs();
      handle = callCore(core, 'recommendTrain', csv, JSON.stringify({ algo })).handle;
      times[algo].push(cpuMs() - t0);
    }
  }
  const parse = median(times.pop), total = median(times.als);
  result.als100k.wasm = {
    parse_and_pop_s: parse / 1e3, als_with_parse_s: total / 1e3, als_s: (total - parse) / 1e3,
    als_iteration_ms: (total - parse) / 15, heap_mb: heapMb(),
    ...wasmServe(handle, userIds, userIds.slice(1, 201).map(u => byUser.get(u))),
  };
  callCore(core, 'recommendFree', handle);
}

// The large set, natively only (the size; ~1 GB and a few minutes).
if (!skipLarge) result.large = { native: native('als', 100000, 20000, 5000000, 1) };

// 3. Serving over 20k and 100k items: seeded random factors in Spark's shape.
function sparkFactors(n, rank, seed) {
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; };
  const lines = [];
  for (let id = 0; id < n; id++) {
    const v = [];
    for (let k = 0; k < rank; k++) v.push(Number((rand() * 0.5).toPrecision(6)));
    lines.push(JSON.stringify({ id, features: v }));
  }
  return lines.join('\n') + '\n';
}
const idMap = (n, prefix) => Array.from({ length: n }, (_, i) => JSON.stringify({ index: i, id: `${prefix}${i}` })).join('\n') + '\n';
result.serve = {};
for (const items of [20000, 100000]) {
  const users = 1000, dir = join(BENCH, `rec-serve-${items}`);
  const files = {
    userFactors: [sparkFactors(users, 32, 1)], itemFactors: [sparkFactors(items, 32, 2)],
    'user_ids.jsonl': idMap(users, 'u'), 'item_ids.jsonl': idMap(items, 'i'),
  };
  for (const t of ['userFactors', 'itemFactors']) {
    mkdirSync(join(dir, t), { recursive: true });
    writeFileSync(join(dir, t, 'part-00000.json'), files[t][0]);
  }
  for (const t of ['user_ids.jsonl', 'item_ids.jsonl']) writeFileSync(join(dir, t), files[t]);
  const n = native('serve', dir);
  let t0 = cpuMs();
  const handle = callCore(core, 'recommendLoad', JSON.stringify(files), '{}', '').handle;
  const loadS = (cpuMs() - t0) / 1e3;
  const visitors = Array.from({ length: 20 }, (_, v) => Array.from({ length: 10 }, (_, k) => `i${(v * 7919 + k * 104729) % items}`));
  const w = { load_s: loadS, heap_mb: heapMb(), ...wasmServe(handle, Array.from({ length: users }, (_, i) => `u${i}`), visitors) };
  const wasmTop = callCore(core, 'recommendTop', handle, JSON.stringify({ user: 'u0', k: 10 })).items.map(r => r.item);
  w.same_top10_as_native = JSON.stringify(wasmTop) === JSON.stringify(n.user0_top10);
  callCore(core, 'recommendFree', handle);
  result.serve[items] = { native: n, wasm: w };
}

writeFileSync(join(ROOT, 'build/bench-recommend.json'), JSON.stringify(result, null, 2) + '\n');

// Tables.
const q = result.quality;
console.log(`\nQuality: ${q.users} users x ${q.items} items, ${q.interactions} planted ratings, split user:0.8 (seed 42), k = 10; train CPU time median of ${runs}\n`);
console.log('| algo | NDCG@10 | precision@10 | recall@10 | MAP@10 | hit rate@10 | coverage | RMSE | train native (s) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [algo, a] of Object.entries(q.algos)) {
  console.log(`| ${algo} | ${f(a.ndcg_at_10, 3)} | ${f(a.precision_at_10, 3)} | ${f(a.recall_at_10, 3)} | ${f(a.map_at_10, 3)} | ` +
    `${f(a.hit_rate_at_10, 3)} | ${f(a.coverage, 3)} | ${f(a.rmse, 3)} | ${f(a.train_s, 2)} |`);
}
console.log(`\n(WASM ALS: NDCG@10 ${f(q.wasm_als.ndcg_at_k, 3)}, the same evaluation in the engine)\n`);

const an = result.als100k.native, aw = result.als100k.wasm;
console.log('| ALS rank 32, 15 iterations | native | WASM |');
console.log('|---|---|---|');
console.log(`| 943 x 1,682, 100k interactions: total | ${f(an.als_s)} s | ${f(aw.als_s)} s (+ ${f(aw.parse_and_pop_s)} s CSV import) |`);
console.log(`| per iteration | ${f(an.als_iteration_ms, 1)} ms | ${f(aw.als_iteration_ms, 1)} ms |`);
console.log(`| top-10, known user (1,682 items) | ${f(an.top10_user_ms, 3)} ms | ${f(aw.top10_user_ms, 3)} ms |`);
console.log(`| fold-in, visitor (~106 items) | ${f(an.fold_in_ms, 3)} ms | ${f(aw.fold_in_ms, 3)} ms |`);
console.log(`| top-10, visitor (fold-in + scoring) | ${f(an.top10_visitor_ms, 3)} ms | ${f(aw.top10_visitor_ms, 3)} ms |`);
console.log(`| memory | ${f(an.peak_rss_mb, 0)} MB peak RSS | ${f(aw.heap_mb, 0)} MB WASM heap |`);
if (result.large) {
  const l = result.large.native;
  console.log(`\nLarge, native: ${l.users} x ${l.items}, ${l.interactions} interactions (generated in ${f(l.synth_s, 1)} s): ` +
    `ALS ${f(l.als_s, 1)} s, ${f(l.als_iteration_ms, 0)} ms/iteration; top-10 user ${f(l.top10_user_ms, 3)} ms, ` +
    `fold-in ${f(l.fold_in_ms, 3)} ms, top-10 visitor ${f(l.top10_visitor_ms, 3)} ms; peak RSS ${f(l.peak_rss_mb, 0)} MB`);
}
console.log('\n| serving, rank 32 | top-10 user native | top-10 user WASM | fold-in native | fold-in WASM | top-10 visitor native | top-10 visitor WASM | WASM heap |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [items, { native: n, wasm: w }] of Object.entries(result.serve)) {
  console.log(`| ${Number(items).toLocaleString('en')} items | ${f(n.top10_user_ms, 3)} ms | ${f(w.top10_user_ms, 3)} ms | ` +
    `${f(n.fold_in_ms, 3)} ms | ${f(w.fold_in_ms, 3)} ms | ${f(n.top10_visitor_ms, 3)} ms | ${f(w.top10_visitor_ms, 3)} ms | ${f(w.heap_mb, 0)} MB |` +
    (w.same_top10_as_native ? '' : ' (WASM top-10 differs from native!)'));
}
console.log('\nbuild/bench-recommend.json written');
