// Generation time-outs through the JS API in Node (the same worker the browser runs):
// generate() and write() end with finishReason 'timeout' after `timeoutMs`, keep their text, and
// refuse a bad value by name. docs/hardening.md "Resource limits".
//   node --test tests/js/limits.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Plume, PlumeError } from '../../web/plume.js';
import { write } from '../../web/write.js';
import { ROOT, requireBuild, within } from './plume-fixture.mjs';

const MODEL = join(ROOT, 'models/plume-default.gguf');
let engine;

before(async () => {
  requireBuild();
  engine = await within(60_000, Plume.load({ model: MODEL }));
});
after(() => engine?.dispose());

test('generate: timeoutMs ends every running sequence with finishReason "timeout"', async () => {
  const started = performance.now();
  const r = await within(30_000, engine.generate('The fitness band', { maxNewTokens: 500, numReturnSequences: 16, timeoutMs: 20, seed: 3 }));
  const ms = performance.now() - started;
  const reasons = r.sequences.map(s => s.finishReason);
  assert.ok(reasons.includes('timeout'), reasons.join());
  assert.ok(reasons.every(x => x === 'timeout' || x === 'eos'), reasons.join());
  assert.ok(r.sequences.every(s => s.tokens.length < 500));
  assert.ok(ms < 5_000, `${ms} ms`);
  // Without a time-out the same request runs to its length (or end of text).
  const full = await within(60_000, engine.generate('The fitness band', { maxNewTokens: 8, seed: 3 }));
  assert.notEqual(full.sequences[0].finishReason, 'timeout');
});

test('generate: a bad timeoutMs is refused by name, before the worker', async () => {
  for (const bad of [0, -5, Infinity, '100', null]) {
    await assert.rejects(engine.generate('x', { timeoutMs: bad }), e =>
      e instanceof PlumeError && /^timeoutMs must be a number of milliseconds > 0/.test(e.message));
  }
});

test('write: timeoutMs reaches the generation inside write()', async () => {
  const index = JSON.parse(readFileSync(join(ROOT, 'templates/index.json'), 'utf8'));
  const files = Object.fromEntries(index.files.map(f => [f, readFileSync(join(ROOT, 'templates', f), 'utf8')]));
  const input = { product: 'Aurora Fit Band 7', features: ['sleep tracking'], customer: 'Ana' };
  const r = await within(60_000, write(engine, { files, template: 'email', lang: 'en', input, n: 8, seed: 7, maxNewTokens: 150, timeoutMs: 1 }));
  assert.ok(r.candidates.some(c => c.finishReason === 'timeout'), r.candidates.map(c => c.finishReason).join());
  await assert.rejects(write(engine, { files, template: 'email', input, timeoutMs: 'soon' }), /timeoutMs must be a number/);
});
