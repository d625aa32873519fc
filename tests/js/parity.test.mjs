// Same seed, same tokens: the JS/WASM path (web/plume.js → worker → plume-engine.wasm) and the
// native CLI (build/native/plume) must generate identical token ids for identical settings.
//   node --test tests/js/parity.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Plume } from '../../web/plume.js';
import { SEED_PROMPT, plumeCli, requireBuild, testHfModel, testModel, within } from './plume-fixture.mjs';

const ENGLISH = 'Subject: Your personal offer\n\nDear customer,';

// Each case: the JS options, and the same settings as CLI flags.
const CASES = [
  { name: 'greedy', js: { temperature: 0 }, cli: ['--temperature', '0'] },
  { name: 'defaults (temperature 1, top-k 50)', js: {}, cli: [] },
  { name: 'temperature 0.7 + top-k 20', js: { temperature: 0.7, topK: 20 }, cli: ['--temperature', '0.7', '--top-k', '20'] },
  { name: 'top-p 0.9, no top-k', js: { topK: 0, topP: 0.9 }, cli: ['--top-k', '0', '--top-p', '0.9'] },
  { name: 'min-p 0.05', js: { topK: 0, minP: 0.05, temperature: 0.8 }, cli: ['--top-k', '0', '--min-p', '0.05', '--temperature', '0.8'] },
  { name: 'repetition penalty 1.3', js: { repetitionPenalty: 1.3 }, cli: ['--repetition-penalty', '1.3'] },
  { name: 'no-repeat n-gram 2 (greedy)', js: { temperature: 0, noRepeatNgramSize: 2 }, cli: ['--temperature', '0', '--no-repeat-ngram-size', '2'] },
  { name: 'phrase guidance (boost 6, English and Chinese phrases)', js: { mention: ['heart rate', '心率监测'], mentionBoost: 6 },
    cli: ['--mention', 'heart rate', '--mention', '心率监测', '--mention-boost', '6'] },
  { name: 'no repeated blocks (greedy)', js: { temperature: 0, noRepeatBlocks: true }, cli: ['--temperature', '0', '--no-repeat-blocks'] },
  { name: 'max length 200 (the seed\'s call)', js: { maxLength: 200 }, cli: ['--max-length', '200'], noMaxNew: true },
];

let model;
let engine;

before(async () => {
  requireBuild();
  model = await testModel();
  engine = await within(30_000, Plume.load({ model }), 'Plume.load');
});

after(() => engine?.dispose());

for (const prompt of [SEED_PROMPT, ENGLISH]) {
  for (const c of CASES) {
    const label = `${prompt === SEED_PROMPT ? 'Chinese' : 'English'} prompt, ${c.name}`;
    test(label, { timeout: 90_000 }, async () => {
      const js = { seed: 42, numReturnSequences: 3, ...(c.noMaxNew ? {} : { maxNewTokens: 40 }), ...c.js };
      const args = ['generate', '--model', model, '--prompt', prompt, '--seed', '42', '--n', '3',
        ...(c.noMaxNew ? [] : ['--max-new-tokens', '40']), ...c.cli, '--json'];
      const native = JSON.parse(await plumeCli(args));
      const wasm = await within(60_000, engine.generate(prompt, js), 'generate');

      assert.deepEqual(native.prompt_tokens, await engine.tokenize(prompt), 'prompt tokens');
      assert.equal(wasm.sequences.length, native.sequences.length);
      native.sequences.forEach((n, i) => {
        assert.deepEqual(wasm.sequences[i].tokens, n.tokens, `sequence ${i} tokens`);
        assert.equal(wasm.sequences[i].text, n.text, `sequence ${i} text`);
        assert.equal(wasm.sequences[i].finishReason, n.finish_reason, `sequence ${i} finish reason`);
        // Same bits: the kernels are bit-exact across AVX2 and WASM SIMD, so logprobs match too.
        assert.deepEqual(wasm.sequences[i].logprobs, n.logprobs, `sequence ${i} logprobs`);
      });
    });
  }
}

test('stop strings end at the same place', { timeout: 90_000 }, async () => {
  const base = await engine.generate(ENGLISH, { seed: 42, maxNewTokens: 40 });
  const text = base.sequences[0].text;
  const stop = text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 2);
  const native = JSON.parse(await plumeCli(['generate', '--model', model, '--prompt', ENGLISH, '--seed', '42',
    '--n', '3', '--max-new-tokens', '40', '--stop', stop, '--json']));
  const wasm = await engine.generate(ENGLISH, { seed: 42, numReturnSequences: 3, maxNewTokens: 40, stop: [stop] });
  native.sequences.forEach((n, i) => {
    assert.deepEqual(wasm.sequences[i].tokens, n.tokens, `sequence ${i} tokens`);
    assert.equal(wasm.sequences[i].text, n.text, `sequence ${i} text`);
    assert.equal(wasm.sequences[i].finishReason, n.finish_reason);
  });
  assert.equal(wasm.sequences[0].finishReason, 'stop');
});

test('a Hugging Face checkpoint (four files) gives the same tokens as the CLI on its folder', { timeout: 90_000 }, async () => {
  const dir = await testHfModel();
  const hf = await within(30_000, Plume.load({ model: { safetensors: `${dir}/model.safetensors`,
    config: `${dir}/config.json`, vocab: `${dir}/vocab.json`, merges: `${dir}/merges.txt` } }));
  try {
    for (const [js, cli] of [[{ temperature: 0 }, ['--temperature', '0']], [{ topP: 0.95 }, ['--top-p', '0.95']]]) {
      const native = JSON.parse(await plumeCli(['generate', '--model', dir, '--prompt', ENGLISH, '--seed', '42',
        '--n', '3', '--max-new-tokens', '30', ...cli, '--json']));
      const wasm = await hf.generate(ENGLISH, { seed: 42, numReturnSequences: 3, maxNewTokens: 30, ...js });
      native.sequences.forEach((n, i) => {
        assert.deepEqual(wasm.sequences[i].tokens, n.tokens, `sequence ${i} tokens`);
        assert.deepEqual(wasm.sequences[i].logprobs, n.logprobs, `sequence ${i} logprobs`);
      });
    }
  } finally {
    hf.dispose();
  }
});
