// The committed default model (models/plume-default.gguf, written by scripts/train) runs unchanged
// in llama.cpp (node-llama-cpp 3.21.1, CPU, one thread), and both engines agree on it: its own
// trained tokenizer (English, Chinese with ASCII and full-width punctuation, the seed's prompt),
// next-token log-probabilities at every position of the seed's prompt, and greedy continuations of
// the first prompts a user will try. Disagreements in greedy decoding are accepted only as
// near-ties by the float64 numpy reference (as in llamacpp.test.mjs, same tolerance for Q8_0).
//
// PLUME_DEFAULT_MODEL=path runs the same checks on another file (e.g. a fresh scripts/train output).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import {
  ROOT, argmax, logSoftmax, numpyLogits, plumeGreedy, plumeJson, plumeLogits, plumeTokenize, requirePlume,
} from './reference-common.mjs';

const MODEL = process.env.PLUME_DEFAULT_MODEL || join(ROOT, 'models', 'plume-default.gguf');
const Q8_TOL = 0.5;          // max |Δ logprob| for Q8_0 (see llamacpp.test.mjs for where it comes from)
const GREEDY_STEPS = 48;

// The seed document's prompt, verbatim (ASCII commas, leading newline as in its triple-quoted string).
const SEED_PROMPT = '\n任务: 根据以下产品信息,生成一段吸引人的产品特性描述\n' +
  '产品信息: 一款智能可穿戴健身手环,具有心率监测、睡眠跟踪、运动记录等功能,采用了人体工程学设计,' +
  '佩戴舒适。电池续航长达7天,支持快速充电。\n产品特性描述:\n';
const EN_PROMPT = '### Input\nContent type: product description\nLanguage: English\nChannel: website\n' +
  'Product: Smart fitness band\nFeatures:\n- heart-rate monitoring\n- sleep tracking\n- 7-day battery\n### Output\n';
const STRINGS = [
  SEED_PROMPT, EN_PROMPT,
  '限时优惠：全场八折，仅限本周！',
  'Dear Anna, thanks for your order — 20% off your next one.',
  'mixed 中文 and English, 1234 items 🎉',
];

let llama, model, context, sequence, info;
const report = [];

before(async () => {
  requirePlume();
  assert.ok(existsSync(MODEL), `${MODEL} is missing (scripts/build or scripts/train makes it)`);
  info = plumeJson(['info', '--model', MODEL]);
  llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, usePrebuiltBinaries: true,
    logLevel: LlamaLogLevel.error });
  model = await llama.loadModel({ modelPath: MODEL, gpuLayers: 0 });
  const n = Math.min(info.context_length ?? info.contextLength ?? 512, 1024);
  context = await model.createContext({
    contextSize: n, batchSize: n, threads: 1, sequences: 1,
    experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32', flashAttention: false,
  });
  sequence = context.getSequence();
});

after(async () => {
  await context?.dispose();
  await model?.dispose();
  await llama?.dispose();
  if (report.length) console.log(`\nllama.cpp on ${MODEL}:\n  ` + report.join('\n  '));
});

test('llama.cpp loads the default model as GPT-2 and tokenizes exactly like Plume', () => {
  assert.equal(model.fileInfo.metadata.general.architecture, 'gpt2');
  assert.equal(model.tokens.shouldPrependBosToken, false);
  for (const s of STRINGS) {
    const ours = plumeTokenize(MODEL, s);
    const theirs = Array.from(model.tokenize(s, false));
    assert.deepEqual(theirs, ours, `llama.cpp vs Plume tokens of ${JSON.stringify(s)}`);
    assert.equal(model.detokenize(theirs, false), s, `llama.cpp round trip of ${JSON.stringify(s)}`);
  }
  report.push(`tokenization identical on ${STRINGS.length} strings (seed prompt: ${plumeTokenize(MODEL, SEED_PROMPT).length} tokens)`);
});

test('next-token log-probabilities agree with Plume at every position of the seed prompt', async () => {
  const tokens = plumeTokenize(MODEL, SEED_PROMPT);
  const ours = plumeLogits(MODEL, tokens).map(logSoftmax);
  await sequence.clearHistory();
  const out = await sequence.controlledEvaluate(tokens.map(t => [t, {
    generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } },
  }]));
  let worst = 0;
  for (let p = 0; p < tokens.length; p++) {
    const probs = out[p]?.next?.probabilities;
    assert.ok(probs && probs.size === ours[p].length, `llama.cpp gave ${probs?.size} probabilities at ${p}`);
    // Compare where it matters: the tokens either engine finds at all likely (p > 1e-4).
    for (const [tok, pr] of probs) {
      if (pr < 1e-4 && ours[p][tok] < Math.log(1e-4)) continue;
      worst = Math.max(worst, Math.abs(Math.log(pr) - ours[p][tok]));
    }
  }
  report.push(`max |Δ logprob| over ${tokens.length} positions (tokens with p > 1e-4) = ${worst.toExponential(3)} (tolerance ${Q8_TOL})`);
  assert.ok(worst <= Q8_TOL, `log-probabilities differ by ${worst}`);
});

test(`${GREEDY_STEPS} greedy tokens agree with Plume on the first prompts a user tries`, async () => {
  for (const prompt of [SEED_PROMPT, EN_PROMPT]) {
    const g = plumeGreedy(MODEL, prompt, GREEDY_STEPS);
    const promptTokens = Array.from(model.tokenize(prompt, false));
    assert.deepEqual(g.prompt, promptTokens);
    await sequence.clearHistory();
    const theirs = [];
    for await (const t of sequence.evaluate(promptTokens, { temperature: 0 })) {
      theirs.push(t);
      if (theirs.length >= GREEDY_STEPS || t === model.tokens.eos) break;
    }
    const n = Math.min(g.tokens.length, theirs.length);
    let first = -1;
    for (let i = 0; i < n; i++) if (g.tokens[i] !== theirs[i]) { first = i; break; }
    const label = prompt === SEED_PROMPT ? 'seed prompt' : 'English prompt';
    if (first < 0) {
      report.push(`${label}: ${n}/${n} greedy tokens identical: ${JSON.stringify(model.detokenize(theirs, false)).slice(0, 120)}`);
      continue;
    }
    const prefix = [...promptTokens, ...g.tokens.slice(0, first)];
    const ref = numpyLogits(MODEL, prefix).at(-1);
    const margin = Math.abs(ref[g.tokens[first]] - ref[theirs[first]]);
    report.push(`${label}: identical for ${first}/${n} tokens, then a near-tie (reference margin ${margin.toExponential(3)}, argmax ${argmax(ref)})`);
    assert.ok(margin <= Q8_TOL, `${label}: greedy step ${first} differs and is not a near-tie (margin ${margin})`);
  }
});
