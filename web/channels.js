/**
 * Channel and brand rules in the browser, without a model: does a text fit SMS, X, Weibo,
 * WeChat, Google Ads or an email subject, counted in the unit each channel really uses, and does
 * it follow the brand's rules? Runs the WASM engine in the calling thread (plume-core.js).
 *
 * ```js
 * import { checkChannel, checkBrand } from './channels.js';
 * const r = await checkChannel('智能手环限时优惠', 'sms');
 * // { channel: 'sms', length: 8, unit: 'utf16-units', limit: 70, segments: 1, ok: true,
 * //   encoding: 'ucs2', nonGsmCharacters: [...], characters: 8, reasons: [] }
 * const b = await checkBrand('Hi [NAME], get it FREE', { banned: ['free'] });
 * // { ok: false, rules: [{ rule: 'banned_words', pass: false, reasons: [...] }, ...], reasons: [...] }
 * ```
 *
 * Each reason is `{ code, severity: 'error'|'warning', params, en, zh }`: a stable code for
 * programs, the numbers behind it, and a message for the marketer in English and Chinese.
 * Limits and their sources: docs/channels.md.
 * @module channels
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';

/** The channel names checkChannel accepts. */
export const CHANNELS = Object.freeze(['sms', 'x', 'weibo', 'wechat-title', 'wechat-digest',
  'google-ads-headline', 'google-ads-description', 'email-subject']);

/**
 * @typedef {object} Reason
 * @property {string} code        e.g. 'length.over_limit', 'sms.too_many_segments', 'brand.banned_word'
 * @property {'error'|'warning'} severity  an error fails the check; a warning only advises
 * @property {object} params      the values behind the message (length, limit, word, ...)
 * @property {string} en          the message in English
 * @property {string} zh          the message in Chinese
 */

/**
 * @typedef {object} BrandRules
 * @property {string[]|string} [banned]     words that must not appear ("a,b" or a list); Latin
 *   words match case-insensitively as whole words, words with Chinese characters anywhere
 * @property {string[]|string} [required]   keywords that must appear (same matching)
 * @property {string[]} [stopMarkers]       nothing may follow these (default ['<|endoftext|>'])
 * @property {boolean} [placeholders=true]  fail on unfilled slots: {{x}}, {x}, [NAME], <placeholder>
 * @property {boolean} [repeatedSentences=true]  fail when a sentence appears twice
 */

/**
 * Checks a text against a channel's length rule (and, with `options.brand`, brand rules).
 * @param {string} text
 * @param {string} channel one of CHANNELS
 * @param {{maxSegments?: number, limit?: number, brand?: BrandRules, engineUrl?: string}} [options]
 *   maxSegments: SMS segments the campaign allows (1..255, default 1); limit: replaces the
 *   channel's default limit, in the channel's unit
 * @returns {Promise<{channel: string, length: number, unit: string, limit: number, segments: number,
 *   ok: boolean, characters: number, reasons: Reason[], encoding?: string, nonGsmCharacters?: string[],
 *   brand?: {ok: boolean, rules: object[]}}>}
 * @throws {PlumeError} on a non-string text, an unknown channel or a bad option
 */
export async function checkChannel(text, channel, options = {}) {
  if (typeof text !== 'string') throw new PlumeError('checkChannel: text must be a string');
  if (typeof channel !== 'string') throw new PlumeError(`checkChannel: channel must be one of ${CHANNELS.join(', ')}`);
  const { engineUrl, ...engineOptions } = options ?? {};
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  return verdict(callCore(core, 'checkChannel', text, channel, JSON.stringify(engineOptions)));
}

/**
 * Checks a text against brand rules alone.
 * @param {string} text
 * @param {BrandRules} [rules]
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{ok: boolean, rules: {rule: string, pass: boolean, reasons: Reason[]}[], reasons: Reason[]}>}
 * @throws {PlumeError} on a non-string text or a malformed rule
 */
export async function checkBrand(text, rules = {}, { engineUrl } = {}) {
  if (typeof text !== 'string') throw new PlumeError('checkBrand: text must be a string');
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  return verdict(callCore(core, 'checkBrand', text, JSON.stringify(rules ?? {})));
}

// The engine sends the rule verdict as `pass` (its own `ok` means "the call worked").
function verdict(reply) {
  reply.ok = reply.pass;
  delete reply.pass;
  return reply;
}
