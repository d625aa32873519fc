// The public JS API (web/plume.js) end to end in Node: the real WASM engine in a worker thread,
// a small model made by the native CLI. Needs scripts/build first.
//   node --test tests/js/api.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import gpt3 from 'gpt-3-encoder';

import { Plume, PlumeError, validateOptions } from '../../web/plume.js';
import { SEED_PROMPT, requireBuild, testHfModel, testModel, within } from './plume-fixture.mjs';

const T = { timeout: 60_000 };
const HELLO = 'The best running shoes for a rainy day are';

let modelPath;
let engine;

/** A short generation that must work after any error: the worker is still alive and sane. */
async function assertStillWorks(e = engine) {
  const r = await within(20_000, e.generate(HELLO, { maxNewTokens: 4, temperature: 0 }), 'generate after an error');
  assert.equal(r.sequences.length, 1);
  assert.equal(r.sequences[0].tokens.length, 4);
}

async function rejectsWith(promise, pattern) {
  await assert.rejects(within(20_000, promise), err => {
    assert.ok(err instanceof Error, 'rejects with an Error');
    assert.match(err.message, pattern);
    return true;
  });
}

before(async () => {
  requireBuild();
  modelPath = await testModel();
  engine = await within(30_000, Plume.load({ model: modelPath }), 'Plume.load');
});

after(() => engine?.dispose());

describe('loading', () => {
  test('info describes the model', T, async () => {
    const info = await engine.info();
    assert.equal(info.architecture, 'gpt2');
    assert.equal(info.source, 'gguf');
    assert.equal(info.name, 'plume-test-tiny');
    assert.equal(info.vocabSize, 50257);
    assert.equal(info.contextLength, 256);
    assert.equal(info.embeddingLength, 64);
    assert.equal(info.blockCount, 2);
    assert.equal(info.headCount, 4);
    assert.equal(info.quantization, 'Q8_0');
    assert.equal(info.eosTokenId, 50256);
    assert.equal(info.fileBytes, (await stat(modelPath)).size);
    assert.ok(info.parameters > 3_000_000, `parameters ${info.parameters}`);
    assert.deepEqual(engine.modelInfo, info);
  });

  test('every kind of source loads, with progress', T, async () => {
    const bytes = await readFile(modelPath);
    const size = bytes.byteLength;
    const server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
      createReadStream(modelPath).pipe(res);
    });
    await new Promise(ok => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${server.address().port}/tiny.gguf`;
    try {
      const sources = {
        'file path': modelPath,
        'file: URL': pathToFileURL(modelPath),
        'http URL': url,
        Uint8Array: new Uint8Array(bytes),
        ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size),
        Blob: new Blob([bytes]),
      };
      for (const [kind, model] of Object.entries(sources)) {
        const events = [];
        const e = await within(30_000, Plume.load({ model, onProgress: p => events.push(p) }), kind);
        try {
          assert.equal((await e.info()).fileBytes, size, kind);
          const downloads = events.filter(p => p.phase === 'download');
          assert.ok(downloads.length >= 2, `${kind}: download progress`);
          assert.deepEqual(downloads.at(-1), { phase: 'download', loaded: size, total: size }, kind);
          for (let i = 1; i < downloads.length; i++) assert.ok(downloads[i].loaded >= downloads[i - 1].loaded);
          assert.deepEqual(events.at(-1), { phase: 'load', loaded: size, total: size }, kind);
          assert.deepEqual(await e.tokenize('hi'), await engine.tokenize('hi'), kind);
        } finally {
          e.dispose();
        }
      }
    } finally {
      server.close();
    }
  });

  test('the four Hugging Face files load (text, paths, bytes, Blob)', T, async () => {
    const dir = await testHfModel();
    const config = await readFile(`${dir}/config.json`, 'utf8');
    const e = await within(30_000, Plume.load({ model: {
      safetensors: await readFile(`${dir}/model.safetensors`),
      config,                                          // the text itself
      vocab: `${dir}/vocab.json`,                      // a path
      merges: new Blob([await readFile(`${dir}/merges.txt`)]),
    } }), 'Plume.load (hf)');
    try {
      const info = await e.info();
      assert.equal(info.source, 'hf');
      assert.equal(info.name, 'plume-test-hf');
      assert.equal(info.embeddingLength, 32);
      assert.equal(info.contextLength, 128);
      assert.equal(info.quantization, 'F32');
      assert.deepEqual(await e.tokenize(SEED_PROMPT), await engine.tokenize(SEED_PROMPT));
      const r = await e.generate(HELLO, { maxNewTokens: 5, seed: 1 });
      assert.equal(r.sequences[0].tokens.length, 5);
      // A broken config is named as such, and the engine stays usable.
      await rejectsWith(e.load({ safetensors: `${dir}/model.safetensors`, config: '{"n_embd": 32}',
        vocab: `${dir}/vocab.json`, merges: `${dir}/merges.txt` }), /config\.json: missing 'n_layer'/);
      await rejectsWith(e.load({ safetensors: new Uint8Array(64), config, vocab: `${dir}/vocab.json`,
        merges: `${dir}/merges.txt` }), /safetensors/);
      await assertStillWorks(e);
    } finally {
      e.dispose();
    }
  });

  test('a missing file or URL rejects clearly', T, async () => {
    await rejectsWith(Plume.load({ model: '/nonexistent/model.gguf' }), /could not open .*no such file/);
    await rejectsWith(Plume.load({}), /no model given/);
    await rejectsWith(Plume.load({ model: 42 }), /expected a URL/);
    await rejectsWith(Plume.load({ model: modelPath, onProgres: () => {} }), /unknown Plume.load option "onProgres"/);
    await rejectsWith(Plume.load({ model: { safetensors: new Uint8Array(8) } }),
      /missing config, vocab, merges/);
  });
});

describe('tokenizer', () => {
  test('tokenize/detokenize round trip: English, Chinese, emoji', T, async () => {
    const texts = [
      'Hello world! Limited offer: 20% off until Friday.',
      SEED_PROMPT,
      '智能手环 🏃‍♀️💓 7天续航 👍🏽',
      "  spaces,\ttabs\nand\r\nnewlines  and 'quotes' don't",
    ];
    for (const text of texts) {
      const ids = await engine.tokenize(text);
      assert.ok(ids.length > 0);
      assert.ok(ids.every(t => Number.isInteger(t) && t >= 0 && t < 50257));
      assert.equal(await engine.detokenize(ids), text, JSON.stringify(text));
    }
  });

  test('tokens are GPT-2\'s (same as the gpt-3-encoder package)', T, async () => {
    const text = 'Plume writes marketing copy in the browser, with no server.';
    assert.deepEqual(await engine.tokenize(text), gpt3.encode(text));
    assert.deepEqual(await engine.tokenize(''), []);
  });

  test('detokenize rejects bad ids clearly', T, async () => {
    await rejectsWith(engine.detokenize([1, -2]), /integers ≥ 0/);
    await rejectsWith(engine.detokenize('12'), /array of integers/);
    await rejectsWith(engine.detokenize([50257]), /not a token id of this model/);
    await assertStillWorks();
  });
});

describe('generate', () => {
  test('greedy (temperature 0) is deterministic', T, async () => {
    const a = await engine.generate(HELLO, { temperature: 0, maxNewTokens: 20 });
    const b = await engine.generate(HELLO, { temperature: 0, maxNewTokens: 20, seed: 7 });
    assert.equal(a.sequences[0].tokens.length, 20);
    assert.deepEqual(a.sequences[0].tokens, b.sequences[0].tokens);
    assert.equal(a.sequences[0].text, b.sequences[0].text);
  });

  test('seeded sampling is reproducible, and another seed differs', T, async () => {
    const opts = { temperature: 1, topK: 50, maxNewTokens: 24 };
    const a = await engine.generate(SEED_PROMPT, { ...opts, seed: 42 });
    const b = await engine.generate(SEED_PROMPT, { ...opts, seed: 42 });
    const c = await engine.generate(SEED_PROMPT, { ...opts, seed: 43 });
    assert.deepEqual(a.sequences[0].tokens, b.sequences[0].tokens);
    assert.equal(a.sequences[0].text, b.sequences[0].text);
    assert.deepEqual(a.sequences[0].logprobs, b.sequences[0].logprobs);
    assert.notDeepEqual(a.sequences[0].tokens, c.sequences[0].tokens);
    assert.equal(a.seed, 42);
  });

  test('numReturnSequences 3 gives 3 different sequences, and stats', T, async () => {
    const r = await engine.generate(SEED_PROMPT, { numReturnSequences: 3, seed: 42, maxNewTokens: 16 });
    assert.equal(r.sequences.length, 3);
    for (const s of r.sequences) {
      assert.equal(typeof s.text, 'string');
      assert.equal(s.tokens.length, s.logprobs.length);
      assert.ok(['eos', 'length'].includes(s.finishReason), s.finishReason);
      assert.ok(s.logprobs.every(l => Number.isFinite(l) && l <= 0));
    }
    assert.notDeepEqual(r.sequences[0].tokens, r.sequences[1].tokens);
    assert.notDeepEqual(r.sequences[1].tokens, r.sequences[2].tokens);
    const promptTokens = (await engine.tokenize(SEED_PROMPT)).length;
    assert.equal(r.stats.promptTokens, promptTokens);
    assert.equal(r.stats.generatedTokens, r.sequences.reduce((n, s) => n + s.tokens.length, 0));
    assert.ok(r.stats.tokensPerSecond > 0 && Number.isFinite(r.stats.tokensPerSecond));
    assert.ok(r.stats.promptTokensPerSecond > 0 && Number.isFinite(r.stats.promptTokensPerSecond));
  });

  test('maxNewTokens and maxLength are respected (both apply)', T, async () => {
    const promptTokens = (await engine.tokenize(HELLO)).length;
    const base = { temperature: 0, numReturnSequences: 2 };
    const a = await engine.generate(HELLO, { ...base, maxNewTokens: 5 });
    for (const s of a.sequences) { assert.equal(s.tokens.length, 5); assert.equal(s.finishReason, 'length'); }
    const b = await engine.generate(HELLO, { ...base, maxLength: promptTokens + 3 });
    for (const s of b.sequences) { assert.equal(s.tokens.length, 3); assert.equal(s.finishReason, 'length'); }
    const c = await engine.generate(HELLO, { ...base, maxLength: promptTokens + 30, maxNewTokens: 2 });
    for (const s of c.sequences) assert.equal(s.tokens.length, 2);
    const d = await engine.generate(HELLO, { ...base, maxLength: promptTokens + 30, maxNewTokens: 9 });
    for (const s of d.sequences) assert.equal(s.tokens.length, 9);
  });

  test('stop strings cut the text', T, async () => {
    const opts = { seed: 5, maxNewTokens: 40 };
    const full = (await engine.generate(HELLO, opts)).sequences[0];
    assert.ok(full.text.length > 10, 'needs some text to cut');
    const at = Math.floor(full.text.length / 2);
    const stop = full.text.slice(at, at + 3);
    const cut = (await engine.generate(HELLO, { ...opts, stop: ['\u0000never', stop] })).sequences[0];
    assert.equal(cut.finishReason, 'stop');
    assert.equal(cut.text, full.text.slice(0, full.text.indexOf(stop)));
    assert.ok(!cut.text.includes(stop));
    assert.deepEqual(cut.tokens, full.tokens.slice(0, cut.tokens.length), 'the same tokens up to the stop');
    // A single string is accepted too.
    const single = (await engine.generate(HELLO, { ...opts, stop })).sequences[0];
    assert.equal(single.text, cut.text);
  });

  test('onToken streams every token, and the pieces make the final text', T, async () => {
    const n = 3;
    const streamed = Array.from({ length: n }, () => ({ text: '', tokens: [], logprobs: [] }));
    const r = await engine.generate(SEED_PROMPT, {
      numReturnSequences: n, seed: 42, maxNewTokens: 30,
      onToken: ({ seq, token, text, logprob }) => {
        streamed[seq].text += text;
        streamed[seq].tokens.push(token);
        streamed[seq].logprobs.push(logprob);
      },
    });
    for (let i = 0; i < n; i++) {
      assert.equal(streamed[i].text, r.sequences[i].text, `sequence ${i} text`);
      assert.deepEqual(streamed[i].tokens, r.sequences[i].tokens, `sequence ${i} tokens`);
      assert.deepEqual(streamed[i].logprobs, r.sequences[i].logprobs, `sequence ${i} logprobs`);
    }
  });

  test('an onToken that throws cancels the generation and rejects with its error', T, async () => {
    const boom = new Error('boom in onToken');
    await assert.rejects(engine.generate(HELLO, { maxNewTokens: 50, onToken: () => { throw boom; } }),
      e => e === boom);
    await assertStillWorks();
  });

  test('cancelling mid-generation resolves with finishReason "cancelled"', T, async () => {
    const controller = new AbortController();
    let seen = 0;
    const r = await within(20_000, engine.generate(SEED_PROMPT, {
      numReturnSequences: 3, maxNewTokens: 200, seed: 1, signal: controller.signal,
      onToken: () => { if (++seen === 9) controller.abort(); },
    }), 'cancelled generate');
    assert.equal(r.sequences.length, 3);
    for (const s of r.sequences) {
      assert.equal(s.finishReason, 'cancelled');
      assert.ok(s.tokens.length >= 3 && s.tokens.length < 200, `stopped early (${s.tokens.length} tokens)`);
    }
    await assertStillWorks();
  });

  test('a signal aborted before the call still resolves, with nothing generated', T, async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await engine.generate(HELLO, { numReturnSequences: 2, signal: controller.signal });
    assert.equal(r.sequences.length, 2);
    for (const s of r.sequences) {
      assert.equal(s.finishReason, 'cancelled');
      assert.deepEqual(s.tokens, []);
      assert.equal(s.text, '');
    }
  });

  test('calls are queued: concurrent generations run one after another', T, async () => {
    const controller = new AbortController();
    const order = [];
    const first = engine.generate(HELLO, { maxNewTokens: 200, signal: controller.signal,
      onToken: () => order.push(1) }).then(r => { order.push('first done'); return r; });
    const second = engine.generate(HELLO, { maxNewTokens: 3, temperature: 0, onToken: () => order.push(2) });
    const tokens = engine.tokenize('queued');
    setTimeout(() => controller.abort(), 50);
    const [a, b, t] = await within(20_000, Promise.all([first, second, tokens]));
    assert.equal(a.sequences[0].finishReason, 'cancelled');
    assert.equal(b.sequences[0].tokens.length, 3);
    assert.deepEqual(t, gpt3.encode('queued'));
    const firstDone = order.indexOf('first done');
    assert.ok(order.slice(0, firstDone).every(x => x === 1) && order.slice(firstDone + 1).every(x => x === 2));
  });

  test('attention after a traced generation', T, async () => {
    await rejectsWith((async () => {
      await engine.generate(HELLO, { maxNewTokens: 2 });
      return engine.attention();
    })(), /traceAttention/);
    await engine.generate(HELLO, { maxNewTokens: 3, traceAttention: true, temperature: 0 });
    const { layers, tokens } = await engine.attention();
    assert.equal(layers.length, 2);
    assert.equal(layers[0].length, 4);
    assert.equal(layers[0][0].length, tokens.length);
    for (const head of layers.flat()) {
      const sum = head.reduce((x, y) => x + y, 0);
      assert.ok(Math.abs(sum - 1) < 1e-3, `attention weights sum to 1 (${sum})`);
    }
  });
});

describe('score', () => {
  test('returns finite numbers that add up', T, async () => {
    const r = await engine.score(SEED_PROMPT, '这款手环非常舒适。');
    assert.ok(r.tokens.length > 0);
    assert.equal(r.logprobs.length, r.tokens.length);
    assert.ok(r.logprobs.every(l => Number.isFinite(l) && l <= 0));
    assert.ok(Number.isFinite(r.totalLogprob) && Number.isFinite(r.meanLogprob));
    const sum = r.logprobs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(r.totalLogprob - sum) < 1e-3 * Math.abs(sum) + 1e-3);
    assert.ok(Math.abs(r.meanLogprob - r.totalLogprob / r.tokens.length) < 1e-3);
  });

  test('agrees with greedy generation: its tokens score their own logprobs', T, async () => {
    const g = (await engine.generate(HELLO, { temperature: 0, maxNewTokens: 8 })).sequences[0];
    const s = await engine.score(HELLO, g.text);
    if (JSON.stringify(s.tokens) === JSON.stringify(g.tokens)) {
      for (let i = 0; i < g.logprobs.length; i++) assert.ok(Math.abs(s.logprobs[i] - g.logprobs[i]) < 1e-3);
    }
  });
});

describe('bad input rejects clearly, and the worker keeps working', () => {
  test('bytes that are not a GGUF file', T, async () => {
    const before = await engine.info();
    await rejectsWith(engine.load(new TextEncoder().encode('this is a text file, not a model at all')), /not a GGUF file/);
    assert.deepEqual(await engine.info(), before, 'the previous model stays loaded');
    await assertStillWorks();
    await rejectsWith(Plume.load({ model: new Uint8Array([80, 75, 3, 4, 0, 0, 0, 0]) }), /not a GGUF file/);
  });

  test('a truncated GGUF file', T, async () => {
    const bytes = await readFile(modelPath);
    for (const cut of [10, 1000, Math.floor(bytes.length / 2), bytes.length - 1]) {
      await rejectsWith(engine.load(bytes.subarray(0, cut)), /truncated|ends at byte|the file has|bytes are left in the file|too short|end of (the )?file/i);
    }
    await assertStillWorks();
  });

  test('an empty file', T, async () => {
    await rejectsWith(engine.load(new Uint8Array(0)), /empty/);
    await assertStillWorks();
  });

  test('bad generation options', T, async () => {
    const cases = [
      [{ temperature: NaN }, /temperature must be a finite number/],
      [{ temperature: -1 }, /temperature must be a finite number ≥ 0/],
      [{ topK: -5 }, /topK must be an integer ≥ 0 \(0 = off\) \(got -5\)/],
      [{ topK: 2.5 }, /topK must be an integer/],
      [{ topP: 0 }, /topP must be a number in \(0, 1\]/],
      [{ topP: '0.9' }, /topP must be a number.*got string "0.9"/],
      [{ minP: 2 }, /minP/],
      [{ repetitionPenalty: 0 }, /repetitionPenalty/],
      [{ maxNewTokens: 0 }, /maxNewTokens must be an integer ≥ 1/],
      [{ maxLength: Infinity }, /maxLength/],
      [{ numReturnSequences: 0 }, /numReturnSequences/],
      [{ numReturnSequences: 1000 }, /numReturnSequences/],
      [{ seed: -1 }, /seed must be an integer ≥ 0/],
      [{ stop: [''] }, /stop must be/],
      [{ stop: 5 }, /stop must be/],
      [{ onToken: 'x' }, /onToken must be a function/],
      [{ signal: {} }, /signal must be an AbortSignal/],
      [{ mention: 'heart rate' }, /mention must be an array of at most 32 phrases/],
      [{ mention: [1] }, /mention must be an array/],
      [{ mention: ['心'.repeat(67)] }, /at most 200 bytes of UTF-8/],
      [{ mention: ['x'], mentionBoost: -1 }, /mentionBoost must be a number in \[0, 100\]/],
      [{ noRepeatBlocks: 'yes' }, /noRepeatBlocks must be true or false/],
      [{ temprature: 1 }, /unknown generate option "temprature"/],
      [{ max_new_tokens: 5 }, /unknown generate option "max_new_tokens" \(did you mean "maxNewTokens"\?\)/],
    ];
    for (const [options, pattern] of cases) {
      await rejectsWith(engine.generate(HELLO, options), pattern);
    }
    await rejectsWith(engine.generate(HELLO, 'fast'), /options must be an object/);
    await assertStillWorks();
  });

  test('the engine validates too (its message comes through)', T, async () => {
    // numReturnSequences has no upper bound in JS: the engine's limit and message apply.
    assert.doesNotThrow(() => validateOptions({ numReturnSequences: 1000 }));
    await rejectsWith(engine.generate(HELLO, { numReturnSequences: 1000 }), /numReturnSequences is 1000, expected 1\.\.16/);
    await assertStillWorks();
  });

  test('a prompt longer than the context', T, async () => {
    const long = 'hello '.repeat(300);
    const n = (await engine.tokenize(long)).length;
    await rejectsWith(engine.generate(long, { maxNewTokens: 1 }), new RegExp(`${n}.*256|context`));
    await rejectsWith(engine.score(long, 'x'), /context|256/);
    await assertStillWorks();
  });

  test('an empty prompt (GPT-2 needs at least one token)', T, async () => {
    await rejectsWith(engine.generate(''), /prompt is empty/);
    await rejectsWith(engine.generate(null), /prompt must be a string/);
    await assertStillWorks();
  });

  test('every error is a PlumeError with fatal false', T, async () => {
    const err = await engine.generate(HELLO, { topK: -1 }).catch(e => e);
    assert.ok(err instanceof PlumeError);
    assert.equal(err.fatal, false);
    const err2 = await engine.load(new Uint8Array([1, 2, 3])).catch(e => e);
    assert.ok(err2 instanceof PlumeError);
    assert.equal(err2.fatal, false);
  });
});

describe('a dead engine', () => {
  test('if the worker dies, calls reject with a clear, fatal error and a new engine can be made', T, async () => {
    const e = await within(30_000, Plume.load({ model: modelPath }));
    const running = e.generate(HELLO, { maxNewTokens: 200 });
    // Simulate the worker dying under us (as after an out-of-memory abort): terminate it behind
    // the engine's back, through the adapter's private handle.
    e.worker.worker.terminate();
    await assert.rejects(within(20_000, running), err => {
      assert.match(err.message, /The Plume engine stopped: the worker exited.*Plume\.load\(\)/);
      assert.equal(err.fatal, true);
      return true;
    });
    assert.equal(e.dead, true);
    await rejectsWith(e.tokenize('x'), /Plume\.load\(\)/);
    const again = await within(30_000, Plume.load({ model: modelPath }));
    await assertStillWorks(again);
    again.dispose();
  });
});

describe('dispose', () => {
  test('a disposed engine rejects every call clearly', T, async () => {
    const e = await within(30_000, Plume.load({ model: modelPath }));
    const running = e.generate(HELLO, { maxNewTokens: 200 });
    e.dispose();
    await rejectsWith(running, /disposed/);
    await rejectsWith(e.tokenize('x'), /disposed/);
    assert.equal(e.dead, true);
    e.dispose();   // twice is fine
  });
});
