// The default model's copy stage (scripts/train stage 6): `plume finetune --save-every` writes a
// usable snapshot part-way, and `scripts/gen_corpus.py --novel` writes documents whose features
// the catalog does not have, each written word for word in the answer.
//   node --test tests/js/copy-stage.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CLI, ROOT, plumeCli } from './plume-fixture.mjs';

const TEXTS = Array.from({ length: 80 }, (_, i) =>
  `Meet lamp ${i}: it glows ${['softly', 'warmly', 'brightly'][i % 3]}, folds ${['flat', 'away', 'neatly', 'twice'][i % 4]} and keeps your ${['desk', 'shelf', 'bedside', 'studio', 'kitchen'][i % 5]} calm all evening long.`);

test('finetune --save-every K writes OUT.stepK.gguf snapshots that load, and not one at the last step', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CLI)) return t.skip(`no ${CLI} (run scripts/build)`);
  const dir = mkdtempSync(join(tmpdir(), 'plume-copy-'));
  try {
    writeFileSync(join(dir, 'texts.txt'), TEXTS.join('\n\n'));
    await plumeCli(['bpe-train', '--corpus', join(dir, 'texts.txt'), '--vocab-size', '300', '--out', join(dir, 'tok.gguf'), '--quiet']);
    await plumeCli(['train', '--data', join(dir, 'texts.txt'), '--tokenizer', join(dir, 'tok.gguf'), '--embd', '32',
      '--layers', '1', '--heads', '4', '--ctx', '64', '--steps', '1', '--batch', '1', '--seed', '3', '--out', join(dir, 'm.gguf')]);
    await plumeCli(['finetune', '--model', join(dir, 'm.gguf'), '--data', join(dir, 'texts.txt'), '--out', join(dir, 'tuned.gguf'),
      '--steps', '4', '--save-every', '2', '--batch', '2', '--seq', '32', '--threads', '1']);
    for (const name of ['tuned.step2.gguf', 'tuned.gguf']) {
      assert.equal(readFileSync(join(dir, name)).subarray(0, 4).toString('latin1'), 'GGUF', name);
      await plumeCli(['generate', '--model', join(dir, name), '--prompt', 'Meet', '--max-new-tokens', '3', '--seed', '1']);
    }
    assert.ok(!existsSync(join(dir, 'tuned.step4.gguf')), 'the last step is the output itself');
    await assert.rejects(plumeCli(['finetune', '--model', join(dir, 'm.gguf'), '--data', join(dir, 'texts.txt'),
      '--out', join(dir, 'x.gguf'), '--save-every', '-1']), /save-every/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gen_corpus --novel: invented features the catalog lacks, every one written in the answer', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'plume-novel-'));
  try {
    execFileSync('/usr/bin/python3', [join(ROOT, 'scripts/gen_corpus.py'), '--seed', '3', '--novel', '1', '--min-bytes', '60000',
      '--out', dir], { stdio: 'pipe' });
    const catalog = new Set(readFileSync(join(ROOT, 'data/catalog/products.jsonl'), 'utf8').split('\n').filter(Boolean)
      .flatMap(line => JSON.parse(line).features.flatMap(f => [f.en.toLowerCase(), f.zh])));
    let given = 0, invented = 0;
    for (const line of readFileSync(join(dir, 'train.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const { prompt, completion } = JSON.parse(line);
      // The document's own input fields come after its few-shot examples (which are catalog products).
      const input = prompt.slice(Math.max(prompt.lastIndexOf('### Input'), prompt.lastIndexOf('### 输入')));
      const features = [...input.matchAll(/^- (.+)$/gm)].map(m => m[1]);
      for (const f of features) {
        given++;
        if (!catalog.has(f.toLowerCase())) invented++;
        assert.ok(completion.toLowerCase().includes(f.toLowerCase()), `'${f}' missing from: ${completion}`);
      }
    }
    assert.ok(given > 100, `only ${given} features`);
    // novel.py invents 75% of the features; the rest are renumbered or drawn from the catalog.
    assert.ok(invented / given > 0.6 && invented / given < 0.95, `${invented} of ${given} invented`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
