// The engine's error messages in the interface language. The C++ core writes its messages in
// English (one source of truth, the CLI's language); the studio shows them in Chinese by
// matching each message against the skeletons of its make_error calls (scripts/core-errors.mjs)
// and filling the Chinese sentence with the message's values, themselves translated when they
// are messages or known fragments (a location, a "did you mean" hint). A message no skeleton
// matches stays as it is: nothing is lost, only left in English.
import { CORE_ERRORS_ZH } from './core-errors/zh.js';

const CATALOGS = { zh: CORE_ERRORS_ZH };
const MAX_LENGTH = 4000;   // longer text is not a message of ours (and would cost matching time)
const MAX_DEPTH = 6;

const escapeRegExp = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One catalog as patterns, the most specific (most literal text) first. */
function compile(catalog) {
  const entries = [];
  for (const [skeleton, translation] of Object.entries({ ...catalog.fragments, ...catalog.messages })) {
    const parts = skeleton.split('{}');
    const literal = parts.join('');
    if (!literal.trim()) continue;   // "{}" alone would match anything
    entries.push({
      pattern: new RegExp(`^${parts.map(escapeRegExp).join('([\\s\\S]*?)')}$`),
      translation,
      // A value (a product title, a file name) is only read as a nested message when the
      // pattern has words: "{}: {}" must not rewrite a customer's "Sale: 20%".
      wordy: /[\p{L}]/u.test(literal),
      weight: literal.length,
    });
  }
  return entries.sort((a, b) => b.weight - a.weight);
}

/**
 * A localizer over one catalog ({messages, fragments}): text -> text. Exported for tests, which
 * pin the matching rules on a small hand-made catalog.
 */
export function createLocalizer(catalog) {
  const patterns = compile(catalog);
  const localize = (text, depth, valueOnly) => {
    if (depth > MAX_DEPTH || !text || text.length > MAX_LENGTH) return text;
    for (const entry of patterns) {
      if (valueOnly && !entry.wordy) continue;
      const m = entry.pattern.exec(text);
      if (!m) continue;
      const values = m.slice(1).map(v => localize(v, depth + 1, true));
      return entry.translation.replace(/\{(\d+)\}/g, (s, i) => values[Number(i)] ?? s);
    }
    return text;
  };
  return text => (typeof text === 'string' ? localize(text, 0, false) : text);
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
