// The engine's error messages in Chinese (web/core-errors.js + web/core-errors/zh/):
// - every make_error/Error{} skeleton of src/ (but cli/) has a translation, none is stale, and no
//   translation drops a value (scripts/core-errors.mjs extracts the skeletons from the source);
// - the matching rules, on a small hand-made catalog;
// - real messages collected per room (tests/js/core-errors/<room>.json) give their Chinese;
// - messages the WASM engine produces here, live, come out with no English sentence left.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { catalogProblems, extractSkeletons } from '../../scripts/core-errors.mjs';
import { CORE_ERRORS_ZH } from '../../web/core-errors/zh.js';
import { createLocalizer, localizeMessage } from '../../web/core-errors.js';
import { fillParams } from '../../web/i18n.js';
import { Ecosystem } from '../../web/ecosystem.js';
import { Plume } from '../../web/plume.js';
import { renderTemplate } from '../../web/templates.js';
import { analyze } from '../../web/experiment-stats.js';
import { ROOT, requireBuild } from './plume-fixture.mjs';

before(() => requireBuild());

// English words that only a sentence left untranslated would contain (values are ids, names,
// numbers and code, which may be English: those sit in “” quotes or are not on this list).
const ENGLISH = ['the', 'is', 'not', 'must', 'be', 'expected', 'expects', 'an', 'of', 'in', 'has', 'have', 'no',
  'missing', 'unknown', 'empty', 'should', 'cannot', 'could', 'line', 'column', 'only', 'than', 'at', 'least', 'most'];
const ENGLISH_WORD = new RegExp(`\\b(${ENGLISH.join('|')})\\b`, 'i');
/** The English left in a translated message outside its quoted values, or null. */
function englishLeft(text) {
  const outsideQuotes = text.replace(/“[^”]*”/g, '').replace(/'[^']*'/g, '').replace(/"[^"]*"/g, '');
  return ENGLISH_WORD.exec(outsideQuotes)?.[0] ?? null;
}

test('every engine message of src/ (but the CLI) has a Chinese translation, and none is stale', () => {
  const skeletons = extractSkeletons();
  assert.ok(skeletons.size > 500, `only ${skeletons.size} skeletons found: is the extractor broken?`);
  const missing = [...skeletons.keys()].filter(k => !(k in CORE_ERRORS_ZH.messages));
  assert.deepEqual(missing.slice(0, 20), [], `${missing.length} messages have no translation ` +
    '(node scripts/core-errors.mjs missing lists them with their files)');
  const stale = Object.keys(CORE_ERRORS_ZH.messages).filter(k => !skeletons.has(k));
  assert.deepEqual(stale, [], 'translations whose message is gone from src/ (node scripts/core-errors.mjs stale)');
});

test('every translation keeps all of its message\'s values and is Chinese', () => {
  assert.deepEqual(catalogProblems(CORE_ERRORS_ZH), []);
  // A check that can fail: a translation that drops a value is caught.
  assert.deepEqual(catalogProblems({ messages: { '{} is {}': '{0} 是' }, fragments: {} }), [['{} is {}', '{1} is not used']]);
});

test('the skeleton of a make_error call: literals kept, every other argument a value', async () => {
  const { skeletonsOf, jsSkeletonsOf } = await import('../../scripts/core-errors.mjs');
  const source = `
    // make_error("in a comment", x) is not a message; nor is make_error(parts...) itself.
    Error make_error(const Parts&... parts) { /* make_error("nor", "this") */ }
    return make_error(row.where(kPrice), ": '", price, "' is not a price (a number and a currency code: 19.99 USD)");
    if (x) return make_error("tensor ", name, " has ", dims(t, "a,b"), " dims", did_you_mean(n, ids));
    return Error{"the file is \\"empty\\""};
    return Error{message};`;
  assert.deepEqual(skeletonsOf(source), [
    "{}: '{}' is not a price (a number and a currency code: 19.99 USD)",
    'tensor {} has {} dims{}',
    'the file is "empty"',
  ]);
  const js = `
    // throw new PlumeError('not this one');
    throw new PlumeError(\`unknown option \${JSON.stringify(key)}\` + (near ? \` (did you mean "\${near}"?)\` : ' (known: a, b)'));
    throw new PlumeError('the prompt is empty: ' +
      'GPT-2 needs a token', { fatal: true });
    throw new Error(t('pickCustomer'));
    reject(new PlumeError(msg.message));`;
  assert.deepEqual(jsSkeletonsOf(js), ['unknown option {}{}', 'the prompt is empty: GPT-2 needs a token']);
});

test('matching: values are filled in any order and translated when they are messages or fragments', () => {
  const localize = createLocalizer({
    messages: {
      "{}: no partner '{}' in the manifest{}": '{0}：品牌清单中没有合作伙伴“{1}”{2}',
      'tensor {} has {} dims': '张量 {0} 有 {1} 维',
      'could not read {}: {}': '无法读取 {0}：{1}',
      '{}: {}': '{0}：{1}',
      '{}': 'never used: a skeleton without text would match anything',
    },
    fragments: {
      'line {}, column {} ({})': '第 {0} 行第 {1} 列（{2}）',
      " (did you mean '{}'?)": '（您是否要输入“{0}”？）',
    },
  });
  assert.equal(localize("line 7, column 3 (partner): no partner 'acme' in the manifest (did you mean 'acme-co'?)"),
    '第 7 行第 3 列（partner）：品牌清单中没有合作伙伴“acme”（您是否要输入“acme-co”？）');
  assert.equal(localize("line 7, column 3 (partner): no partner 'x' in the manifest"), '第 7 行第 3 列（partner）：品牌清单中没有合作伙伴“x”');
  // A nested message is translated inside its frame...
  assert.equal(localize('could not read model.gguf: tensor wte has 3 dims'), '无法读取 model.gguf：张量 wte 有 3 维');
  // ...also when a wordier pattern could take the wrapper's name for its first value: the
  // reading that explains the most words wins.
  const wrapped = createLocalizer({
    messages: { 'tokenizer files: {}': '分词器文件：{0}', "{}: '{}' is not in the vocabulary": '{0}：“{1}”不在词表中' },
    fragments: { "merges line {} '{}'": 'merges 第 {0} 行“{1}”' },
  });
  assert.equal(wrapped("tokenizer files: merges line 3 'h zz': 'zz' is not in the vocabulary"),
    '分词器文件：merges 第 3 行“h zz”：“zz”不在词表中');
  // Two values side by side are cut where the second one reads as a fragment.
  const adjacent = createLocalizer({
    messages: { 'mde {}{} is too small': '最小可检测效应 {0}{1} 太小' },
    fragments: { ' (relative)': '（相对）' },
  });
  assert.equal(adjacent('mde 0.2 (relative) is too small'), '最小可检测效应 0.2（相对） 太小');
  // A value that merely looks like "{}: {}" (a product title) is not rewritten...
  assert.equal(localize('could not read a.csv: Sale: 20% off'), '无法读取 a.csv：Sale: 20% off');
  // ...text that is not a message is left alone, and so is anything that is not a string.
  assert.equal(localize('Something else entirely'), 'Something else entirely');
  assert.equal(localize(''), '');
  assert.equal(localize(undefined), undefined);
  assert.equal(localizeMessage('tensor wte has 3 dims', 'en'), 'tensor wte has 3 dims');
});

test('{message} parameters of the studio strings are shown in the interface language', () => {
  const message = localizeMessageSample();
  assert.equal(fillParams('Import refused: {message}', { message }, 'en'), `Import refused: ${message}`);
  const zh = fillParams('导入被拒绝：{message}', { message, other: 'x' }, 'zh');
  assert.ok(zh.startsWith('导入被拒绝：') && zh !== `导入被拒绝：${message}`, zh);
  assert.equal(fillParams('{name} {missing}', { name: 'a' }, 'zh'), 'a {missing}');
});

/** A real skeleton of the catalog, filled with sample values. */
function localizeMessageSample() {
  const key = Object.keys(CORE_ERRORS_ZH.messages).find(k => /^[a-z][^{}]*\{\}[^{}]*$/.test(k) && k.length > 20);
  assert.ok(key, 'the catalog has a message with one value');
  return key.replace('{}', '42');
}

test('real messages collected from the engine, per room, read as their Chinese', () => {
  const dir = join(ROOT, 'tests/js/core-errors');
  const files = existsSync(dir) ? readdirSync(dir).filter(f => f.endsWith('.json')) : [];
  assert.ok(files.length >= 5, `example files: ${files.join(', ')}`);
  let n = 0;
  const started = performance.now();
  for (const file of files) {
    for (const { en, zh } of JSON.parse(readFileSync(join(dir, file), 'utf8'))) {
      assert.equal(localizeMessage(en, 'zh'), zh, `${file}: ${en}`);
      assert.equal(englishLeft(zh), null, `${file}: English left in ${zh}`);
      n++;
    }
  }
  console.log(`# ${n} real messages from ${files.length} rooms, ${((performance.now() - started) / n).toFixed(2)} ms each`);
  assert.ok(n >= 60, `${n} examples`);
});

/** The message `promise` rejects with. */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e.message;
  }
  throw new Error('expected a rejection');
}

test('live: messages the WASM engine gives for bad input come out in Chinese', async () => {
  const manifest = readFileSync(join(ROOT, 'data/ecosystem/manifest.json'), 'utf8');
  const catalog = readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8').split('\n');
  const eco = await Ecosystem.create(manifest);
  const live = [];
  try {
    // A catalog whose second product has a price that is not a number...
    const [header, first, second] = catalog;
    live.push(await rejection(eco.import('catalog', [header, first, second.replace('639.00 CNY', 'free'), ''].join('\n'))));
    // ...and one whose partner the manifest does not list (a near miss: "did you mean").
    live.push(await rejection(eco.import('catalog', [header, first.replace(',aurora-devices', ',aurora-device'), ''].join('\n'))));
  } finally {
    eco.free();
  }
  live.push(await rejection(Plume.load({ model: new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0]) })));
  live.push(await rejection(renderTemplate('{{#items}}\n{{name}}', {})));
  live.push(await rejection(analyze({ metric: 'binomial', variations: [{ name: 'A', users: 3, conversions: 4 }, { name: 'B', users: 5, conversions: 1 }] })));
  for (const en of live) {
    const zh = localizeMessage(en, 'zh');
    console.log(`# ${en}\n#   -> ${zh}`);
    assert.match(zh, /[\u4e00-\u9fff]/, en);
    assert.equal(englishLeft(zh), null, `English left in ${zh} (from ${en})`);
  }
});
