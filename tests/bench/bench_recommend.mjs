// Recommender benchmark: train time and top-10 latency (a known user; a new visitor folded in
// from a known user's history) natively and in WASM (Node, one thread), on synthetic
// planted-structure data (default 10,000 users x 5,000 items, 300,000 interactions).
// Medians: train over RUNS runs (default 3), top-10 over 50 calls. Prints a Markdown table.
// Times are CPU time (native: the thread's; WASM: Node's process.cpuUsage, one thread), so a
// loaded shared machine does not inflate them; the work is single-threaded either way.
//   node tests/bench/bench_recommend.mjs [USERS ITEMS INTERACTIONS RUNS]
// Needs build/native/libplume_core.a (compiled here into build/native/bench_recommend) and the
// engine in web/dist (scripts/build).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadCore, callCore } from '../../web/plume-core.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const [users = 10000, items = 5000, interactions = 300000, runs = 3] = process.argv.slice(2).map(Number);
const ALGOS = ['als', 'bpr', 'itemknn', 'pop'];

// CPU milliseconds of this process (user + system).
function cpuMs() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
function median(v) { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

// Native: compile the C++ half against the native library when missing or stale.
const exe = join(ROOT, 'build/native/bench_recommend');
const src = join(ROOT, 'tests/bench/bench_recommend.cpp'), lib = join(ROOT, 'build/native/libplume_core.a');
if (!existsSync(exe) || statSync(exe).mtimeMs < Math.max(statSync(src).mtimeMs, statSync(lib).mtimeMs)) {
  execFileSync('g++', ['-std=c++20', '-O3', '-march=native', '-ffp-contract=off', `-I${join(ROOT, 'src')}`,
    '-I/usr/include/eigen3', src, lib, '-o', exe], { stdio: 'inherit' });
}
const native = JSON.parse(execFileSync(exe, [users, items, interactions, runs].map(String), { encoding: 'utf8', maxBuffer: 1 << 24 }));

// WASM: the same data (same seed, same generator), through the engine's JSON interface.
const core = await loadCore();
const csv = callCore(core, 'recommendSynthetic', JSON.stringify({ users, items, interactions, ratings: false })).csv;
const byUser = new Map();
for (const line of csv.split('\n').slice(1)) {
  if (!line) continue;
  const [u, i] = line.split(',');
  if (!byUser.has(u)) byUser.set(u, []);
  byUser.get(u).push(i);
}
const userIds = [...byUser.keys()];
const wasm = {};
for (const algo of ALGOS) {
  const train = [];
  let handle = 0;
  for (let r = 0; r < runs; r++) {
    if (handle) callCore(core, 'recommendFree', handle);
    const t0 = cpuMs();
    handle = callCore(core, 'recommendTrain', csv, JSON.stringify({ algo })).handle;
    train.push((cpuMs() - t0) / 1000);
  }
  const top = [], visitor = [];
  for (let r = 0; r < 50; r++) {
    let t0 = cpuMs();
    callCore(core, 'recommendTop', handle, JSON.stringify({ user: userIds[(r * 97) % userIds.length], k: 10 }));
    top.push(cpuMs() - t0);
    const history = byUser.get(userIds[(r * 89 + 1) % userIds.length]);
    t0 = cpuMs();
    callCore(core, 'recommendTop', handle, JSON.stringify({ history, k: 10 }));
    visitor.push(cpuMs() - t0);
  }
  callCore(core, 'recommendFree', handle);
  wasm[algo] = { train_s: median(train), top10_ms: median(top), visitor_top10_ms: median(visitor) };
}

console.log(`${users} users x ${items} items, ${native.interactions} interactions; CPU time, median of ${runs} trainings, 50 top-10 calls\n`);
console.log('| algo | train native (s) | train WASM (s) | top-10 user native (ms) | top-10 user WASM (ms) | top-10 visitor native (ms) | top-10 visitor WASM (ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const algo of ALGOS) {
  const n = native.algos[algo], w = wasm[algo];
  console.log(`| ${algo} | ${n.train_s.toFixed(2)} | ${w.train_s.toFixed(2)} | ${n.top10_ms.toFixed(2)} | ${w.top10_ms.toFixed(2)} | ` +
    `${n.visitor_top10_ms.toFixed(2)} | ${w.visitor_top10_ms.toFixed(2)} |`);
}
