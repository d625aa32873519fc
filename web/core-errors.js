// The engine's error messages in the interface language. The C++ core writes its messages in
// English (one source of truth, the CLI's language); the studio shows them in Chinese by
// matching each message against the skeletons of its make_error calls (scripts/core-errors.mjs)
// and filling the Chinese sentence with the message's values, themselves translated when they
// are messages or known fragments (a location, a "did you mean" hint). A message no skeleton
// matches stays as it is: nothing is lost, only left in English.
import { CORE_ERRORS_ZH } from './core-errors/zh.js';

const CATALOGS = { zh: CORE_ERRORS_ZH };
const MAX_LENGTH = 4000;    // longer text is not a message of ours (and would cost matching time)
const MAX_DEPTH = 6;        // messages nested in messages
const MAX_SPLITS = 64;      // ways to cut one message into one pattern's values
const PER_LETTER = 10000;   // > MAX_LENGTH: a letter explained outweighs any punctuation

/** One catalog as patterns: each skeleton's literal parts around its values. */
function compile(catalog) {
  const entries = [];
  const add = (skeleton, translation, fragment) => {
    const parts = skeleton.split('{}');
    const literal = parts.join('');
    if (!literal.trim()) return;   // "{}" alone would match anything
    const letters = (literal.match(/\p{L}/gu) ?? []).length;
    entries.push({
      parts,
      translation,
      // A value (a product title, a file name, a JSON path) is read as a nested message only
      // when the pattern has a phrase, two words: "{}: {}" must not rewrite a customer's
      // "Sale: 20%", nor "experiment.{}" the path "experiment.weights[1]". Fragments are made
      // for values and always apply.
      forValues: fragment || /\p{L}{2,}[\s,;:'"()]+\p{L}/u.test(literal),
      // What a reading is worth: the letters it explains (punctuation explains nothing, so
      // "{}: {}" wins only through the messages in its values); between equals, the one with
      // more literal text, the more specific ("{}: {}: is missing" over "{}: {} is missing").
      // A pattern of punctuation alone is worth nothing by itself, however it nests.
      weight: letters ? letters * PER_LETTER + literal.length : 0,
    });
  };
  for (const [skeleton, translation] of Object.entries(catalog.messages)) add(skeleton, translation, false);
  for (const [skeleton, translation] of Object.entries(catalog.fragments)) {
    if (!(skeleton in catalog.messages)) add(skeleton, translation, true);
  }
  return entries.sort((a, b) => b.weight - a.weight);
}

/** Every way (up to MAX_SPLITS) to read `text` as `parts` with values between them. */
function splits(text, parts) {
  const last = parts.length - 1;
  if (text.length < parts.reduce((n, p) => n + p.length, 0)) return [];
  if (!text.startsWith(parts[0]) || !text.endsWith(parts[last])) return [];
  for (let i = 1; i < last; i++) if (!text.includes(parts[i])) return [];
  const end = text.length - parts[last].length;
  const found = [];
  const walk = (at, i, values) => {   // value i starts at `at`
    if (found.length >= MAX_SPLITS) return;
    if (i === last - 1) {
      if (end >= at) found.push([...values, text.slice(at, end)]);
      return;
    }
    const next = parts[i + 1];
    for (let j = text.indexOf(next, at); j !== -1 && j + next.length <= end; j = text.indexOf(next, j + 1)) {
      walk(j + next.length, i + 1, [...values, text.slice(at, j)]);
      if (found.length >= MAX_SPLITS) return;
      if (next === '' && j >= end) break;   // indexOf('', n) stays at the text's length: stop there
    }
  };
  if (last === 0) return text === parts[0] ? [[]] : [];
  walk(parts[0].length, 0, []);
  return found;
}

/**
 * A localizer over one catalog ({messages, fragments}): text -> text. Of every way to read a
 * message as patterns nested in each other's values, the one that explains the most letters
 * wins: "tokenizer files: merges line 3 'h zz': 'zz' is not in the vocabulary" is the
 * wrapper "tokenizer files: {}" around a whole message, not "{}: {} is not in the vocabulary"
 * with "tokenizer files" as its first value. Exported for tests, which pin the rules on a small
 * hand-made catalog.
 */
export function createLocalizer(catalog) {
  const patterns = compile(catalog);
  return text => {
    if (typeof text !== 'string') return text;
    const memo = new Map();
    // The best reading of `text`: {score (letters explained), out (the translation)}.
    const best = (value, depth, asValue) => {
      const key = `${asValue ? 'v' : 'm'}${value}`;
      if (memo.has(key)) return memo.get(key);
      let result = { score: 0, out: value };
      if (value && depth <= MAX_DEPTH && value.length <= MAX_LENGTH) {
        for (const entry of patterns) {
          if (asValue && !entry.forValues) continue;
          if (result.score >= value.length * (PER_LETTER + 1)) break;   // all explained: nothing does better
          for (const values of splits(value, entry.parts)) {
            const inner = values.map(v => best(v, depth + 1, true));
            const score = entry.weight + inner.reduce((n, r) => n + r.score, 0);
            if (score > result.score) {
              result = { score, out: entry.translation.replace(/\{(\d+)\}/g, (s, i) => inner[Number(i)]?.out ?? s) };
            }
          }
        }
      }
      memo.set(key, result);
      return result;
    };
    return best(text, 0, false).out;
  };
}

const localizers = new Map();   // compiled on first use: most sessions show no error at all

/**
 * A message of the engine in `lang` ('en' or 'zh'); unchanged for English, for text that is not
 * one of the engine's messages, and for anything that is not a string.
 * @param {unknown} message
 * @param {string} lang
 */
export function localizeMessage(message, lang) {
  if (typeof message !== 'string' || !CATALOGS[lang]) return message;
  if (!localizers.has(lang)) localizers.set(lang, createLocalizer(CATALOGS[lang]));
  return localizers.get(lang)(message);
}
