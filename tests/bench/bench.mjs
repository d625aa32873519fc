// Plume's speed against llama.cpp on a GPT-2-small-sized model (vocab 50257, 768 wide, 12 layers,
// 12 heads, ctx 1024, random weights from `plume init`) in F32 and Q8_0: prompt tokens/s for a
// 128-token prompt and generation tokens/s for 128 new tokens, greedy, median of N runs, for
//   (a) Plume native (the `plume generate --json` CLI),
//   (b) Plume WASM under Node (web/dist/plume-engine.js through the engine ABI, one thread),
//   (c) llama.cpp native, one thread (node-llama-cpp, same GGUF file, batch >= prompt).
// Prints a table and writes build/bench.json. Usage: scripts/bench [--runs N] [--warmup N] [--types f32,q8_0]
// [--engines native,wasm,llama] [--out FILE]. The models are made once in build/bench/.
//
// Definitions, the same for every engine:
//   prompt tokens/s     = 128 / (time to evaluate the prompt and have the first new token's logits)
//   generation tokens/s = (new tokens - 1) / (time from the first new token to the last), i.e.
//                         single-token forward passes (+ sampling) per second.
// Plume reports prompt_ms / generate_ms where generate_ms also covers sampling the first token;
// the rates here are recomputed from those times with the definitions above.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { GPT2_MERGES, GPT2_VOCAB, PLUME, ROOT, requirePlume, run } from '../js/reference-common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('runs', 5));
const WARMUP = Number(opt('warmup', 1));  // discarded runs first (page cache, allocator, JIT)
const TYPES = opt('types', 'f32,q8_0').split(',');
const ENGINES = opt('engines', 'native,wasm,llama').split(',');
const OUT = opt('out', join(ROOT, 'build', 'bench.json'));
const PROMPT_TOKENS = 128, NEW_TOKENS = 128;
const SHAPE = { embd: 768, layers: 12, heads: 12, ctx: 1024, ff: 3072 };
const BENCH_DIR = join(ROOT, 'build', 'bench');
const WASM_JS = join(ROOT, 'web', 'dist', 'plume-engine.js');
const WASM_BIN = join(ROOT, 'web', 'dist', 'plume-engine.wasm');

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const log = (...a) => console.error('[bench]', ...a);

// ---- models and prompt ------------------------------------------------------------------------
function modelPath(type) {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `gpt2-small-random-${type}.gguf`);
  const ok = existsSync(path) && spawnSync(PLUME, ['info', '--model', path], { stdio: 'ignore' }).status === 0;
  if (!ok) {
    log(`creating ${path}`);
    run(PLUME, ['init', '--out', path, '--vocab', GPT2_VOCAB, '--merges', GPT2_MERGES,
      '--embd', SHAPE.embd, '--layers', SHAPE.layers, '--heads', SHAPE.heads, '--ctx', SHAPE.ctx,
      '--ff', SHAPE.ff, '--type', type, '--seed', 1234, '--std', 0.02, '--name', 'bench'].map(String));
  }
  return path;
}

// Marketing-like text cut to exactly PROMPT_TOKENS GPT-2 tokens (checked with Plume's tokenizer).
function makePrompt(model) {
  const encoder = createRequire(import.meta.url)('gpt-3-encoder');
  const para = 'Spring is here, and so is our new collection of light jackets, linen shirts and bright ' +
    'scarves. Members get early access, free shipping on every order and twenty percent off their ' +
    'first purchase. Visit the store near you or shop online today to find the look you love. ';
  const ids = encoder.encode(para.repeat(4));
  for (let n = PROMPT_TOKENS; n < PROMPT_TOKENS + 8; n++) {
    const text = encoder.decode(ids.slice(0, n));
    const toks = JSON.parse(run(PLUME, ['tokenize', '--model', model, '--text', text, '--json'])).tokens;
    if (toks.length === PROMPT_TOKENS) return text;
  }
  throw new Error(`could not make a ${PROMPT_TOKENS}-token prompt`);
}

// ---- engines ------------------------------------------------------------------------------------
function rates(promptTokens, promptMs, generated, genMs) {
  return { promptTokens, generated, promptMs, genMs,
    promptTps: promptTokens * 1000 / promptMs, genTps: generated > 1 ? (generated - 1) * 1000 / genMs : NaN };
}

function plumeStats(st, label) {
  const need = ['prompt_tokens', 'generated_tokens', 'prompt_ms', 'generate_ms'];
  const s = st && (st.prompt_ms !== undefined ? st : {
    prompt_tokens: st.promptTokens, generated_tokens: st.generatedTokens, prompt_ms: st.promptMs, generate_ms: st.generateMs });
  for (const k of need) if (typeof s?.[k] !== 'number') throw new Error(`${label}: stats lack ${k}: ${JSON.stringify(st)}`);
  return s;
}

async function benchNative(model, prompt) {
  const out = [];
  for (let r = -WARMUP; r < RUNS; r++) {
    const j = JSON.parse(run(PLUME, ['generate', '--model', model, '--prompt', prompt, '--max-new-tokens',
      String(NEW_TOKENS), '--temperature', '0', '--seed', '1', '--json']));
    const s = plumeStats(j.stats, 'plume generate');
    if (r >= 0) out.push(rates(s.prompt_tokens, s.prompt_ms, s.generated_tokens, s.generate_ms));
  }
  return out;
}

async function benchWasm(model, prompt) {
  if (!existsSync(WASM_JS)) throw new Error(`${WASM_JS} not found: build the WASM engine (scripts/build)`);
  const { default: createPlumeEngine } = await import(pathToFileURL(WASM_JS).href);
  const mod = await createPlumeEngine({ wasmBinary: readFileSync(WASM_BIN) });
  const eng = new mod.Engine();
  const call = (name, ...a) => {
    const r = JSON.parse(eng[name](...a));
    if (!r.ok) throw new Error(`wasm ${name}: ${r.error}`);
    return r;
  };
  const bytes = readFileSync(model);
  const ptr = mod._malloc(bytes.length);
  if (!ptr) throw new Error(`wasm: could not allocate ${bytes.length} bytes for the model`);
  mod.HEAPU8.set(bytes, ptr);
  call('loadGguf', ptr, bytes.length);
  const out = [];
  for (let r = -WARMUP; r < RUNS; r++) {
    call('start', prompt, JSON.stringify({ maxNewTokens: NEW_TOKENS, temperature: 0, seed: 1 }));
    while (!call('step').done) { /* one token per step */ }
    const s = plumeStats(call('result').stats, 'wasm result()');
    if (r >= 0) out.push(rates(s.prompt_tokens, s.prompt_ms, s.generated_tokens, s.generate_ms));
  }
  eng.delete?.();
  return out;
}

let llamaInstance;
async function benchLlama(model, prompt) {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  llamaInstance ??= await getLlama({ gpu: false, build: 'never', skipDownload: true, usePrebuiltBinaries: true,
    logLevel: LlamaLogLevel.error });
  const m = await llamaInstance.loadModel({ modelPath: model, gpuLayers: 0 });
  const ctx = await m.createContext({ contextSize: 512, batchSize: 512, threads: 1, sequences: 1 });
  const seq = ctx.getSequence();
  const tokens = Array.from(m.tokenize(prompt, false));
  if (tokens.length !== PROMPT_TOKENS) throw new Error(`llama.cpp tokenized the prompt to ${tokens.length} tokens`);
  const out = [];
  for (let r = -WARMUP; r < RUNS; r++) {
    await seq.clearHistory();
    let n = 0, t1 = 0;
    const t0 = performance.now();
    // EOS is ignored: the loop takes exactly NEW_TOKENS tokens whatever they are.
    for await (const _ of seq.evaluate(tokens, { temperature: 0 })) {
      if (++n === 1) t1 = performance.now();
      if (n >= NEW_TOKENS) break;
    }
    const t2 = performance.now();
    if (r >= 0) out.push(rates(PROMPT_TOKENS, t1 - t0, n, t2 - t1));
  }
  await ctx.dispose();
  await m.dispose();
  return out;
}

function sizes() {
  const s = {};
  for (const [k, p] of [['wasm', WASM_BIN], ['js', WASM_JS]]) {
    if (!existsSync(p)) continue;
    const b = readFileSync(p);
    s[k] = { path: p.slice(ROOT.length + 1), bytes: b.length, gzipBytes: gzipSync(b, { level: 9 }).length };
  }
  return s;
}

// ---- main -------------------------------------------------------------------------------------
async function main() {
  requirePlume();
  const started = Date.now();
  const loadBefore = loadavg()[0];
  // The benchmark itself keeps one core busy; more than that on average means other work.
  const busy = (before, after) => before > cpus().length - 0.5 || after > cpus().length;
  if (busy(loadBefore, 0)) log(`warning: load average ${loadBefore.toFixed(1)} on ${cpus().length} cores: timings will be low`);
  const engines = { native: ['Plume native', benchNative], wasm: ['Plume WASM (Node, 1 thread)', benchWasm],
    llama: ['llama.cpp (1 thread)', benchLlama] };
  const results = {};
  let prompt;
  for (const type of TYPES) {
    const model = modelPath(type);
    prompt ??= makePrompt(model);
    results[type] = { model: model.slice(ROOT.length + 1), modelBytes: statSync(model).size };
    for (const e of ENGINES) {
      const [label, fn] = engines[e];
      log(`${type} ${label}: ${RUNS} runs`);
      try {
        const runs = await fn(model, prompt);
        results[type][e] = { label, runs, promptTps: median(runs.map((r) => r.promptTps)),
          genTps: median(runs.map((r) => r.genTps)), generated: Math.min(...runs.map((r) => r.generated)),
          best: { promptTps: Math.max(...runs.map((r) => r.promptTps)), genTps: Math.max(...runs.map((r) => r.genTps)) } };
      } catch (err) {
        log(`${type} ${label} failed: ${err.message}`);
        results[type][e] = { label, error: err.message };
      }
    }
  }
  const meta = {
    date: new Date().toISOString(), runs: RUNS, warmup: WARMUP, promptTokens: PROMPT_TOKENS, newTokens: NEW_TOKENS, shape: SHAPE,
    cpu: cpus()[0]?.model, cores: cpus().length, node: process.version,
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim(),
    threads: { plume: 1, llama: 1 }, loadAverage: { before: loadBefore, after: loadavg()[0] }, seconds: (Date.now() - started) / 1000,
  };
  const report = { meta, results, sizes: sizes() };

  const f = (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(1) : '—');
  const lines = [];
  lines.push(`GPT-2-small shape (random weights), ${PROMPT_TOKENS}-token prompt, ${NEW_TOKENS} new tokens, greedy, median of ${RUNS}`);
  lines.push(`${'type'.padEnd(6)} ${'engine'.padEnd(30)} ${'prompt tok/s'.padStart(13)} ${'gen tok/s'.padStart(10)} ${'new'.padStart(4)}`);
  for (const type of TYPES) {
    for (const e of ENGINES) {
      const r = results[type][e];
      lines.push(`${type.padEnd(6)} ${r.label.padEnd(30)} ${f(r.promptTps).padStart(13)} ${f(r.genTps).padStart(10)} ` +
        `${String(r.generated ?? (r.error ? 'ERR' : '—')).padStart(4)}`);
    }
    const w = results[type].wasm, l = results[type].llama;
    if (w?.promptTps && l?.promptTps) {
      results[type].wasmOverLlama = { prompt: w.promptTps / l.promptTps, gen: w.genTps / l.genTps };
      lines.push(`${type.padEnd(6)} ${'ratio WASM / llama.cpp'.padEnd(30)} ${results[type].wasmOverLlama.prompt.toFixed(2).padStart(13)} ` +
        `${results[type].wasmOverLlama.gen.toFixed(2).padStart(10)}`);
    }
  }
  for (const [k, s] of Object.entries(report.sizes)) {
    lines.push(`${s.path}: ${(s.bytes / 1024).toFixed(1)} KiB raw, ${(s.gzipBytes / 1024).toFixed(1)} KiB gzip`);
  }
  for (const type of TYPES) for (const e of ENGINES) if (results[type][e].error) lines.push(`error ${type} ${e}: ${results[type][e].error}`);
  if (busy(loadBefore, meta.loadAverage.after)) {
    lines.push(`warning: load average ${loadBefore.toFixed(1)} before / ${meta.loadAverage.after.toFixed(1)} after the run: other work shared the cores`);
  }
  report.table = lines;
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
  console.log(lines.join('\n'));
  console.log(`(written to ${OUT.startsWith(ROOT) ? OUT.slice(ROOT.length + 1) : OUT}; ${meta.seconds.toFixed(0)} s)`);
  await llamaInstance?.dispose();
  const failed = TYPES.some((t) => ENGINES.some((e) => results[t][e].error));
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => { console.error(e); process.exit(1); });
