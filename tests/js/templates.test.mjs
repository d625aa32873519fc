// web/templates.js in Node: the WASM engine renders Mustache (needs scripts/build first).
//   node --test tests/js/templates.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { renderTemplate } from '../../web/templates.js';
import { PlumeError } from '../../web/plume.js';
import { CLI, ROOT, requireBuild } from './plume-fixture.mjs';

const run = promisify(execFile);
const SPEC_DIR = join(ROOT, '../shared/conformance/mustache-spec');

before(() => requireBuild());

async function rejectsWith(promise, check) {
  await assert.rejects(promise, err => {
    assert.ok(err instanceof PlumeError, `a PlumeError, got ${err}`);
    check(err);
    return true;
  });
}

describe('renderTemplate', () => {
  test('interpolation, escaping, sections, partials', async () => {
    assert.equal(await renderTemplate('Hi {{name}}!', { name: 'Ana' }), 'Hi Ana!');
    assert.equal(await renderTemplate('{{x}}|{{{x}}}|{{&x}}', { x: `<a href='x'>&</a>` }),
      '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;|<a href=\'x\'>&</a>|<a href=\'x\'>&</a>');
    assert.equal(await renderTemplate('{{#items}}- {{.}}\n{{/items}}', { items: ['心率监测', '睡眠跟踪'] }),
      '- 心率监测\n- 睡眠跟踪\n');
    assert.equal(await renderTemplate('<ul>\n  {{>li}}\n</ul>', { a: 1 }, { partials: { li: '<li>{{a}}</li>\n' } }),
      '<ul>\n  <li>1</li>\n</ul>');
    assert.equal(await renderTemplate('{{<page}}{{$title}}Sale{{/title}}{{/page}}', {},
      { partials: { page: '<h1>{{$title}}Shop{{/title}}</h1>' } }), '<h1>Sale</h1>');
    assert.equal(await renderTemplate('{{.}}', '根'), '根');
  });

  test('missing names render empty; strict makes them located errors', async () => {
    assert.equal(await renderTemplate('[{{nmae}}][{{>none}}]', { name: 'x' }), '[][]');
    await rejectsWith(renderTemplate('Hi\n  {{nmae}}', { name: 'x' }, { strict: true }), err => {
      assert.match(err.message, /^line 2, column 3: no value for 'nmae'/);
      assert.equal(err.line, 2);
      assert.equal(err.column, 3);
    });
    await rejectsWith(renderTemplate('{{>none}}', {}, { strict: true }), err =>
      assert.equal(err.message, "line 1, column 1: no partial named 'none' (strict mode)"));
  });

  test('parse errors and bad input are clear errors, and the engine stays usable', async () => {
    await rejectsWith(renderTemplate('{{#items}}\n{{name}}', {}), err =>
      assert.equal(err.message, "line 2, column 9: unclosed section 'items' opened at line 1, column 1"));
    await rejectsWith(renderTemplate('{{>card}}', {}, { partials: { card: '{{/x}}' } }), err => {
      assert.equal(err.message, "partial 'card', line 1, column 1: the closing tag {{/x}} has no open section");
      assert.equal(err.partial, 'card');
    });
    await rejectsWith(renderTemplate('x\ud800y', {}), err =>
      assert.equal(err.message, 'the template is not valid Unicode: a lone surrogate at index 1'));
    await rejectsWith(renderTemplate('{{x}}', { x: 'a\udc00' }), err =>
      assert.equal(err.message, 'the template data is not valid JSON (or holds text that is not valid Unicode)'));
    await rejectsWith(renderTemplate('{{>p}}', {}, { partials: { p: 3 } }), err =>
      assert.equal(err.message, "partial 'p' must be a string (the template text), got number"));
    await rejectsWith(renderTemplate('{{>p}}', {}, { partials: ['x'] }), err => assert.match(err.message, /partials must be an object/));
    await rejectsWith(renderTemplate(42, {}), err => assert.match(err.message, /template must be a string/));
    await rejectsWith(renderTemplate('x', {}, { maxDepth: 0 }), err =>
      assert.equal(err.message, 'option maxDepth must be an integer from 1 to 1000, got 0'));
    await rejectsWith(renderTemplate('{{>a}}', {}, { partials: { a: '{{>a}}' } }), err =>
      assert.match(err.message, /partials nested more than 64 deep at 'a'/));
    await rejectsWith(renderTemplate('x', {}, { maxOutputBytes: 2 ** 30 }), err =>
      assert.equal(err.message, 'option maxOutputBytes must be an integer from 1 to 268435456, got 1073741824'));
    await rejectsWith(renderTemplate('{{x}}{{x}}', { x: 'abcdef' }, { maxOutputBytes: 8 }), err =>
      assert.match(err.message, /exceeds the limit of 8 bytes/));
    assert.equal(await renderTemplate('still {{ok}}', { ok: 'fine' }), 'still fine');
  });

  test('the spec suites pass through the WASM engine too (core, inheritance, dynamic names)', async t => {
    if (!existsSync(join(SPEC_DIR, 'COUNTS.tsv'))) {
      t.skip(`mustache spec not found at ${SPEC_DIR}`);
      return;
    }
    const counts = readFileSync(join(SPEC_DIR, 'COUNTS.tsv'), 'utf8').trim().split('\n').slice(1)
      .map(line => line.split('\t')).filter(([file]) => file !== '~lambdas.json');
    let ran = 0;
    for (const [file, n] of counts) {
      const spec = JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8'));
      assert.equal(spec.tests.length, Number(n), file);
      for (const c of spec.tests) {
        const got = await renderTemplate(c.template, c.data, { partials: c.partials ?? {} });
        assert.equal(got, c.expected, `${file}: ${c.name}`);
        ran++;
      }
    }
    assert.equal(ran, 184);
  });
});

describe('plume render (CLI)', () => {
  let dir;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'plume-render-')); });

  async function files(template, data, partials) {
    const t = join(dir, 't.mustache'), d = join(dir, 'd.json'), p = join(dir, 'p.json');
    await writeFile(t, template);
    await writeFile(d, JSON.stringify(data));
    if (partials) await writeFile(p, JSON.stringify(partials));
    return { t, d, p };
  }

  test('prints exactly the rendered text, the same as the JS module', async () => {
    const template = 'Hi {{name}}\n{{#items}}\n  {{>item}}\n{{/items}}';
    const data = { name: 'Ana & Bo', items: [{ n: 1 }, { n: 2 }] };
    const partials = { item: '- {{n}}\n' };
    const { t, d, p } = await files(template, data, partials);
    const { stdout } = await run(CLI, ['render', '--template', t, '--data', d, '--partials', p]);
    assert.equal(stdout, 'Hi Ana &amp; Bo\n  - 1\n  - 2\n');
    assert.equal(stdout, await renderTemplate(template, data, { partials }));
  });

  test('errors exit 1 with file:line:col', async () => {
    const { t, d, p } = await files('ok\n  {{#a}}', {}, { card: '{{x' });
    await assert.rejects(run(CLI, ['render', '--template', t, '--data', d]), e => {
      assert.equal(e.code, 1);
      assert.equal(e.stderr, `plume: error: ${t}:2:9: unclosed section 'a' opened at line 2, column 3\n`);
      return true;
    });
    await writeFile(t, '{{>card}}');
    await assert.rejects(run(CLI, ['render', '--template', t, '--data', d, '--partials', p]), e => {
      assert.equal(e.stderr, `plume: error: ${p}#card:1:1: this tag is never closed: expected '}}' after '{{'\n`);
      return true;
    });
    await writeFile(t, '{{missing}}');
    assert.equal((await run(CLI, ['render', '--template', t, '--data', d])).stdout, '');
    await assert.rejects(run(CLI, ['render', '--template', t, '--data', d, '--strict']), e => {
      assert.match(e.stderr, new RegExp(`^plume: error: ${t}:1:1: no value for 'missing'`));
      return true;
    });
    await writeFile(d, '{not json');
    await assert.rejects(run(CLI, ['render', '--template', t, '--data', d]), e => {
      assert.equal(e.stderr, `plume: error: ${d}: not valid JSON (or not UTF-8)\n`);
      return true;
    });
  });
});
