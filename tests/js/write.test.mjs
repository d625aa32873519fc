// The template library and candidates -> filter -> rank through the WASM engine (web/write.js,
// the worker's 'write' request) and the native CLI (`plume write --json`), on the tiny random
// test model: same seed, same ranked list; budgeting drops examples and says so; errors agree.
// Also: the committed reference prompts are what the corpus generator's code prints now, and
// templates/index.json lists the folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Plume, PlumeError } from '../../web/plume.js';
import { listTemplates, write } from '../../web/write.js';
import { ROOT, plumeCli, requireBuild, testModel, within } from './plume-fixture.mjs';

const run = promisify(execFile);
const TEMPLATES = join(ROOT, 'templates');

function libraryFiles() {
  const index = JSON.parse(readFileSync(join(TEMPLATES, 'index.json'), 'utf8'));
  return Object.fromEntries(index.files.map(f => [f, readFileSync(join(TEMPLATES, f), 'utf8')]));
}

test('tests/reference/prompt_fixtures.json is what gen_prompt_fixtures.py (the corpus code) prints now', async () => {
  const python = process.env.PLUME_PYTHON ?? 'python3';
  const { stdout } = await run(python, [join(ROOT, 'tests/reference/gen_prompt_fixtures.py')], { maxBuffer: 64 << 20 });
  assert.equal(stdout, readFileSync(join(ROOT, 'tests/reference/prompt_fixtures.json'), 'utf8'));
});

test('templates/index.json names every template file', () => {
  const index = JSON.parse(readFileSync(join(TEMPLATES, 'index.json'), 'utf8'));
  const present = readdirSync(TEMPLATES).filter(f => f !== 'index.json' && /\.(json|mustache)$/.test(f)).sort();
  assert.deepEqual(index.files, present);
});

describe('template library and write', () => {
  let engine, modelPath;
  const files = libraryFiles();
  before(async () => {
    requireBuild();
    modelPath = await testModel();
    engine = await within(30_000, Plume.load({ model: modelPath }), 'Plume.load');
  });
  after(() => engine?.dispose());

  test('listTemplates: the library, and a broken sidecar named with its key', async () => {
    const list = await listTemplates(files);
    const names = list.map(t => t.name);
    for (const n of ['email.en', 'email.zh', 'sms.zh', 'social_post.x.en', 'social_post.weibo.zh', 'social_post.wechat.zh',
      'social_post.instagram.en', 'social_post.xiaohongshu.zh', 'ad.en', 'faq.zh', 'customer_service.en', 'feature_bullets.zh']) {
      assert.ok(names.includes(n), n);
    }
    const cli = JSON.parse(await plumeCli(['templates', '--json']));
    assert.deepEqual(list, cli.templates);
    const broken = { ...files, 'sms.en.json': files['sms.en.json'].replace('"top_k": 40', '"top_k": -1') };
    await assert.rejects(listTemplates(broken), e => e instanceof PlumeError && /sms\.en\.json: generation\.top_k/.test(e.message));
  });

  const cases = [
    { template: 'sms', lang: 'en', input: { product: 'Aurora Fit Band 7', features: ['sleep tracking'], customer: 'Ana' } },
    { template: 'email', lang: 'en', input: { product: 'Trail Bottle', features: ['leak-proof lid'], customer: 'Ben' } },
    { template: 'ad', lang: 'zh', input: { product: '极光健身手环7', features: ['睡眠跟踪'] } },
  ];
  for (const c of cases) {
    test(`write ${c.template}.${c.lang}: the WASM worker and the CLI give the same ranked list for a seed`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'plume-write-'));
      writeFileSync(join(dir, 'data.json'), JSON.stringify(c.input));
      const native = JSON.parse(await plumeCli(['write', '--model', modelPath, '--template', c.template, '--lang', c.lang,
        '--data', join(dir, 'data.json'), '--n', '3', '--seed', '7', '--max-new-tokens', '24', '--json']));
      const tokens = [];
      const web = await write(engine, { files, template: c.template, lang: c.lang, input: c.input, n: 3, seed: 7,
        maxNewTokens: 24, onToken: t => tokens.push(t) });
      assert.deepEqual(web.candidates, native.candidates);
      assert.equal(web.prompt, native.prompt);
      assert.deepEqual(web.examples, native.examples);
      assert.equal(web.promptTokens, native.promptTokens);
      assert.equal(web.seed, 7);
      assert.ok(tokens.length > 0, 'tokens stream while writing');
      // The context is 256 tokens: the few-shot examples go first, the input stays.
      assert.ok(web.promptTokens + 24 <= 256);
      assert.ok(web.examples.dropped.length > 0 && web.examples.dropped[0] === 0);
      assert.match(web.note.en, /dropped \d of 2 few-shot examples/);
      assert.match(web.note.zh, /删去了/);
      assert.ok(web.prompt.includes(c.input.product));
      assert.equal(web.candidates.length, 3);
      let rank = 1;
      for (const k of web.candidates) {
        if (k.accepted) assert.equal(k.rank, rank++);
        assert.ok(Array.isArray(k.rules) && k.rules.every(r => typeof r.pass === 'boolean'));
        for (const r of k.rules) for (const why of r.reasons) assert.ok(why.en && why.zh);
        assert.ok(k.score.model >= 0 && k.score.model <= 1);
      }
    });
  }

  test('write: bad input is a clear error, the same as the CLI, and the engine stays usable', async () => {
    const input = { product: 'Aurora Fit Band 7', features: ['sleep tracking'] };
    await assert.rejects(write(engine, { files, template: 'sms', lang: 'en', input, maxNewTokens: 250 }),
      e => e instanceof PlumeError && /does not fit the model's context even without few-shot examples/.test(e.message));
    await assert.rejects(write(engine, { files, template: 'faq', lang: 'en', input }),
      e => /input field 'question' is missing/.test(e.message));
    await assert.rejects(write(engine, { files, template: 'poem', lang: 'en', input }), e => /no template 'poem'/.test(e.message));
    await assert.rejects(write(engine, { files, template: 'sms', input, colour: 1 }), e => /unknown write option "colour"/.test(e.message));
    await assert.rejects(write(engine, { files, template: 'sms', input: { ...input, colour: 'red' } }),
      e => /input field 'colour' is not used/.test(e.message));
    const dir = mkdtempSync(join(tmpdir(), 'plume-write-'));
    writeFileSync(join(dir, 'data.json'), JSON.stringify(input));
    await assert.rejects(plumeCli(['write', '--model', modelPath, '--template', 'sms', '--data', join(dir, 'data.json'),
      '--max-new-tokens', '250']), /does not fit the model's context even without few-shot examples/);
    const ok = await write(engine, { files, template: 'sms', input, n: 1, seed: 1, maxNewTokens: 8 });
    assert.equal(ok.candidates.length, 1);
  });
});
