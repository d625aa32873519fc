// A GGUF written by `plume init` runs in llama.cpp (node-llama-cpp, CPU, one thread), and both
// engines agree on it: tokenization (English, Chinese, emoji, whitespace, a special-token string;
// OpenAI's GPT-2 encoder from gpt-3-encoder is the third opinion), next-token log-probabilities at
// every position, and 32 greedy tokens from several prompts.
//
// No BOS on either side: Plume's tokenize adds nothing; llama.cpp's model.tokenize(text, false)
// adds nothing either (checked below, with shouldPrependBosToken), and sequence.evaluate() takes
// the token array as given. llama.cpp runs with an F32 KV cache and no flash attention so that
// its own float16 rounding does not add noise.
//
// Tolerances on log-probabilities (max |Δ| over all positions and all tokens). Plume agrees with
// the numpy float64 reference to ~1e-5 (reference.test.mjs), so what is left is llama.cpp's own
// rounding, measured against the numpy reference on the very files made here (seed 11):
//  * F32: 0.02. llama.cpp's CPU GELU goes through a float16 look-up table: 5.7e-3 against numpy.
//  * F16: 0.06. For F16 weights llama.cpp also rounds the activations to float16 before each
//    matmul: 1.8e-2 against numpy (and the same 1.8e-2 against Plume).
//  * Q8_0: 0.5. Both engines round activations to Q8_0 blocks, but from slightly different
//    float32 inputs (the GELU table above), so single q values land on different sides of a
//    rounding boundary and are amplified through the layers: llama.cpp is 0.67 from the exact
//    numpy forward, 0.14 from Plume (which matches numpy with the same rounding to ~1e-6).
// A greedy step where the engines disagree is accepted only as a near-tie: the numpy reference's
// margin between the two candidate tokens must be below that same tolerance. The margins of every
// disagreement are printed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import {
  argmax, initModel, logSoftmax, numpyLogits, plumeGreedy, plumeLogits, plumeTokenize, requirePlume, tempDir,
} from './reference-common.mjs';

const gpt3Encoder = createRequire(import.meta.url)('gpt-3-encoder');

const SHAPE = { embd: 128, layers: 2, heads: 4, ff: 384, ctx: 256, gpt2Vocab: true };
// Each type with the output tied to token_embd (as GPT-2), and F32 once more with its own output.weight.
const VARIANTS = [{ type: 'f32' }, { type: 'f16' }, { type: 'q8_0' }, { type: 'f32', untied: true }];
const LOGPROB_TOL = { f32: 0.02, f16: 0.06, q8_0: 0.5 };
const GREEDY_STEPS = 32;
const STRINGS = [
  'The quick brown fox jumps over the lazy dog.',
  "Don't miss our 50% off sale — ends Friday!",
  '你好，世界！欢迎光临我们的商店。',
  'New arrivals 🎉👍🏽 tap here 👉 ✨',
  '  two  spaces\tand a tab\n\nnew paragraph   ',
  'Ünïcödé naïve café, 1234567 items',
  'text with <|endoftext|> inside',
];
const PROMPTS = [
  'Introducing our new summer collection',
  'Dear customer, thank you for',
  '限时优惠：',
];

let tmp, llama;
const report = [];
before(async () => {
  tmp = tempDir('plume-llama-');
  llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, usePrebuiltBinaries: true,
    logLevel: LlamaLogLevel.error });
});
// Built by scripts/build before the tests: missing, it is a failure (here and in every test below).
test('the native plume CLI is built', () => { requirePlume(); });

after(async () => {
  await llama?.dispose();
  tmp?.cleanup();
  if (report.length) console.log('\nllama.cpp comparison:\n  ' + report.join('\n  '));
});

async function withLlama(path, fn) {
  const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  const context = await model.createContext({
    contextSize: SHAPE.ctx, batchSize: SHAPE.ctx, threads: 1, sequences: 1,
    experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32', flashAttention: false,
  });
  try {
    return await fn(model, context.getSequence());
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

// log-probabilities of the next token after every position of `tokens`, from llama.cpp.
async function llamaLogprobs(sequence, tokens, nVocab) {
  await sequence.clearHistory();
  const out = await sequence.controlledEvaluate(tokens.map((t) => [t, {
    generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } },
  }]));
  return out.map((o, p) => {
    const probs = o?.next?.probabilities;
    assert.ok(probs && probs.size === nVocab, `llama.cpp gave ${probs?.size} probabilities at position ${p}`);
    const row = new Array(nVocab);
    for (const [tok, pr] of probs) row[tok] = Math.log(pr);
    return row;
  });
}

async function llamaGreedy(sequence, prompt, n, eos) {
  await sequence.clearHistory();
  const out = [];
  for await (const t of sequence.evaluate(prompt, { temperature: 0 })) {
    out.push(t);
    if (out.length >= n || t === eos) break;
  }
  return out;
}

for (const { type, untied = false } of VARIANTS) {
  const name = `${type}${untied ? ' untied' : ''}`;
  describe(`llama.cpp on a Plume-written ${name} GGUF`, () => {
    let path;
    before(() => {
      path = join(tmp.dir, `gpt2_${type}${untied ? '_untied' : ''}.gguf`);
      initModel(path, { ...SHAPE, type, seed: 11, std: 0.2, untied });
    });

    test('loads, reads the hyperparameters, adds no BOS, tokenizes like Plume and OpenAI', async () => {
      await withLlama(path, async (model) => {
        assert.equal(model.trainContextSize, SHAPE.ctx);
        assert.equal(model.fileInfo.metadata.general.architecture, 'gpt2');
        assert.equal(model.tokens.shouldPrependBosToken, false, 'llama.cpp would prepend BOS to this file');
        for (const s of STRINGS) {
          const p = plumeTokenize(path, s);
          const l = Array.from(model.tokenize(s, false));
          const o = gpt3Encoder.encode(s);
          assert.deepEqual(p, o, `Plume vs OpenAI's GPT-2 encoder on ${JSON.stringify(s)}`);
          assert.deepEqual(l, p, `llama.cpp vs Plume on ${JSON.stringify(s)}`);
          assert.equal(model.detokenize(l, false), s, `llama.cpp round trip of ${JSON.stringify(s)}`);
        }
      });
    });

    test('next-token log-probabilities agree with Plume at every position', async () => {
      await withLlama(path, async (model, sequence) => {
        const tokens = plumeTokenize(path, STRINGS[0] + ' ' + STRINGS[1] + ' ' + STRINGS[3]);
        const ours = plumeLogits(path, tokens).map(logSoftmax);
        const theirs = await llamaLogprobs(sequence, tokens, ours[0].length);
        let worst = 0, at = null;
        for (let p = 0; p < tokens.length; p++) {
          for (let i = 0; i < ours[p].length; i++) {
            const d = Math.abs(ours[p][i] - theirs[p][i]);
            if (d > worst) { worst = d; at = { p, i }; }
          }
        }
        report.push(`${name}: max |Δ logprob| Plume vs llama.cpp over ${tokens.length} positions = ${worst.toExponential(3)}` +
          ` (tolerance ${LOGPROB_TOL[type]})`);
        assert.ok(worst <= LOGPROB_TOL[type],
          `${name}: log-probabilities differ by ${worst} at position ${at.p} token ${at.i}; tokens ${tokens.join(',')}`);
      });
    });

    test(`${GREEDY_STEPS} greedy tokens agree with Plume`, async () => {
      await withLlama(path, async (model, sequence) => {
        const eos = model.tokens.eos;
        for (const prompt of PROMPTS) {
          const g = plumeGreedy(path, prompt, GREEDY_STEPS);
          const promptTokens = Array.from(model.tokenize(prompt, false));
          assert.deepEqual(g.prompt, promptTokens, `prompt tokens of ${JSON.stringify(prompt)}`);
          const theirs = await llamaGreedy(sequence, promptTokens, GREEDY_STEPS, eos);
          const n = Math.min(g.tokens.length, theirs.length);
          let first = -1;
          for (let i = 0; i < n; i++) if (g.tokens[i] !== theirs[i]) { first = i; break; }
          if (first < 0) {
            assert.equal(g.tokens.length, theirs.length,
              `${JSON.stringify(prompt)}: Plume made ${g.tokens.length} tokens (${g.finish}), llama.cpp ${theirs.length}`);
            report.push(`${name} ${JSON.stringify(prompt)}: ${n}/${n} greedy tokens identical`);
            continue;
          }
          // Where they part: how close was the choice, by the float64 reference and by each engine?
          const prefix = [...promptTokens, ...g.tokens.slice(0, first)];
          const ref = numpyLogits(path, prefix).at(-1);
          const ours = plumeLogits(path, prefix).at(-1);
          const a = g.tokens[first], b = theirs[first];
          const refMargin = Math.abs(ref[a] - ref[b]);
          report.push(`${name} ${JSON.stringify(prompt)}: identical for ${first}/${n} tokens, then Plume ${a} vs ` +
            `llama.cpp ${b}; reference margin ${refMargin.toExponential(3)} (its argmax ${argmax(ref)}), Plume's ` +
            `margin ${(ours[a] - ours[b]).toExponential(3)}`);
          assert.ok(refMargin <= LOGPROB_TOL[type],
            `${name} ${JSON.stringify(prompt)}: greedy step ${first}: Plume ${a}, llama.cpp ${b}, reference margin ` +
            `${refMargin} is not a near-tie (tolerance ${LOGPROB_TOL[type]}); Plume ${g.tokens.join(',')} llama.cpp ${theirs.join(',')}`);
        }
      });
    });
  });
}
