// web/channels.js end to end in Node: the real WASM engine in this thread, checked against
// hand-counted GSM 03.38 / TS 23.040 cases and, for every channel, against the native CLI
// (`plume channel --json`) byte for byte. Needs scripts/build first.
//   node --test tests/js/channels.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkChannel, checkBrand, CHANNELS } from '../../web/channels.js';
import { PlumeError } from '../../web/plume.js';
import { plumeCli, requireBuild } from './plume-fixture.mjs';

before(() => requireBuild());

describe('checkChannel: SMS', () => {
  test('160 GSM characters are one message, 161 are two segments of 153', async () => {
    const one = await checkChannel('a'.repeat(160), 'sms');
    assert.deepEqual([one.length, one.unit, one.segments, one.limit, one.ok, one.encoding], [160, 'gsm7-septets', 1, 160, true, 'gsm7']);
    const two = await checkChannel('a'.repeat(161), 'sms');
    assert.equal(two.segments, 2);
    assert.equal(two.ok, false);
    assert.equal(two.reasons[0].code, 'sms.too_many_segments');
    assert.match(two.reasons[0].zh, /拆分为 2 条/);
    assert.equal((await checkChannel('a'.repeat(161), 'sms', { maxSegments: 2 })).ok, true);
  });

  test('the euro sign is an extension character (2 septets); Chinese switches to UCS-2', async () => {
    assert.equal((await checkChannel('€', 'sms')).length, 2);
    const zh = await checkChannel('你' + 'a'.repeat(69), 'sms');
    assert.deepEqual([zh.encoding, zh.unit, zh.length, zh.limit, zh.segments], ['ucs2', 'utf16-units', 70, 70, 1]);
    assert.equal((await checkChannel('你' + 'a'.repeat(70), 'sms')).segments, 2);
    assert.equal((await checkChannel('😷', 'sms')).length, 2);  // JavaScript agrees: '😷'.length
    assert.equal('😷'.length, 2);
  });

  test('a curly quote forcing Unicode is named in a warning', async () => {
    const r = await checkChannel('Don’t miss it', 'sms');
    assert.deepEqual(r.nonGsmCharacters, ['’']);
    assert.equal(r.reasons.at(-1).code, 'sms.unicode_forced');
    assert.equal(r.reasons.at(-1).severity, 'warning');
    assert.equal(r.ok, true);
  });
});

describe('checkChannel: other channels', () => {
  test('X weighted length: CJK counts 2, a URL 23', async () => {
    const poem = '故人西辞黄鹤楼，烟花三月下扬州。';
    assert.equal((await checkChannel(poem, 'x')).length, 32);
    assert.equal((await checkChannel('Hi http://test.co', 'x')).length, 26);
    // NFC first: a decomposed accent counts like the precomposed letter.
    assert.equal((await checkChannel('A\u0301B', 'x')).length, 2);
  });

  test('Google Ads double width, Weibo half-width, WeChat characters', async () => {
    assert.equal((await checkChannel('智能手环', 'google-ads-headline')).length, 8);
    assert.equal((await checkChannel('abc', 'weibo')).length, 2);
    assert.equal((await checkChannel('a'.repeat(65), 'wechat-title')).ok, false);
    const subject = await checkChannel('WIN a FREE band!!!', 'email-subject');
    assert.equal(subject.ok, true);
    assert.ok(subject.reasons.every(r => r.severity === 'warning'));
  });

  test('brand rules join the channel verdict', async () => {
    const r = await checkChannel('Hi [NAME], the band is cheap', 'x', { brand: { banned: 'cheap', required: ['Plume'] } });
    assert.equal(r.ok, false);
    assert.deepEqual(r.reasons.map(x => x.code), ['brand.banned_word', 'brand.missing_keyword', 'brand.unfilled_placeholder']);
    assert.equal(r.brand.rules.length, 5);
  });

  test('bad input rejects with a PlumeError naming the problem', async () => {
    await assert.rejects(checkChannel('hi', 'myspace'), e => e instanceof PlumeError && /unknown channel 'myspace'/.test(e.message));
    await assert.rejects(checkChannel('hi', 'sms', { maxSegments: 0 }), /maxSegments is 0, expected 1..255/);
    await assert.rejects(checkChannel('hi', 'sms', { colour: 'red' }), /unknown channel option 'colour'/);
    await assert.rejects(checkChannel(42, 'sms'), PlumeError);
    await assert.rejects(checkBrand('hi', { banned: [1] }), /banned must contain only strings/);
  });
});

describe('checkBrand', () => {
  test('each rule passes or fails with bilingual reasons', async () => {
    const r = await checkBrand('全网最便宜！全网最便宜！', { banned: ['最便宜'] });
    assert.equal(r.ok, false);
    const byRule = Object.fromEntries(r.rules.map(x => [x.rule, x]));
    assert.equal(byRule.banned_words.pass, false);
    assert.equal(byRule.repeated_sentences.pass, false);
    assert.equal(byRule.placeholders.pass, true);
    assert.equal(byRule.banned_words.reasons[0].params.count, 2);
    assert.match(byRule.banned_words.reasons[0].zh, /禁用词“最便宜”/);
    assert.match(byRule.banned_words.reasons[0].en, /banned word "最便宜"/);
    assert.equal((await checkBrand('A clean sentence.')).ok, true);
  });
});

describe('the browser engine and the native CLI agree', () => {
  const texts = ['智能手环，心率血氧睡眠全天候监测。', 'Smart band: 14-day battery, €49! https://example.com/band',
    'FREE!!! Buy now 🏃‍♀️🏽 [NAME]', 'a'.repeat(170), '你好'.repeat(40), ''];
  for (const channel of CHANNELS) {
    test(channel, async () => {
      for (const text of texts) {
        const options = { maxSegments: 2, brand: { banned: ['free'], required: ['band'] } };
        const wasm = await checkChannel(text, channel, options);
        const cli = JSON.parse(await plumeCli(['channel', '--channel', channel, '--text', text, '--max-segments', '2',
          '--banned', 'free', '--required', 'band', '--json']));
        assert.deepEqual(wasm, cli, `${channel}: ${JSON.stringify(text)}`);
      }
    });
  }
});
