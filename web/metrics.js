/**
 * Text metrics, computed by the WASM core in the calling thread (no model needed):
 * BLEU as sacrebleu 2.x computes it, ROUGE as Google's rouge-score does (plus a CJK-aware
 * tokenizer so Chinese does not score 0), and two diversity measures for a set of candidates.
 *
 * ```js
 * import { bleu, sentenceBleu, rouge, distinctN, selfBleu } from './metrics.js';
 * await bleu(['The dog bit the man.'], [['The dog bit the man.']]);     // { score: 100, ... }
 * await sentenceBleu('我爱北京', ['我爱上海'], { tokenize: 'zh' });        // { score: 31.95, ... }
 * await rouge('智能手环续航7天', '智能手环，续航十天', { tokenize: 'cjk' }); // rouge1.fmeasure 0.875
 * await distinctN(['a b c', 'a b d'], 2);                                // { ratio: 0.75, unique: 3, total: 4 }
 * await selfBleu(['text one', 'text two']);                              // 0-100, high = alike
 * ```
 * BLEU scores are on sacrebleu's 0-100 scale; ROUGE values are 0-1. Bad input rejects with a
 * PlumeError whose message names the problem (mismatched reference count, empty input, unknown
 * tokenizer, text that is not valid Unicode).
 * @module metrics
 */

import { callCore, loadCore } from './plume-core.js';
import { PlumeError } from './plume.js';

/**
 * @typedef {object} BleuOptions
 * @property {'13a'|'zh'|'char'|'none'} [tokenize='13a'] sacrebleu's tokenizer ('zh' for Chinese)
 * @property {'exp'|'floor'|'add-k'|'none'} [smooth='exp'] smoothing method
 * @property {number} [smoothValue] for floor (default 0.1) and add-k (default 1)
 * @property {boolean} [lowercase=false] lowercase both sides first
 * @property {number} [maxOrder=4] largest n-gram order
 * @property {boolean} [effectiveOrder] ignore orders with no n-grams (default: off for corpus
 *   BLEU, on for sentence BLEU, as sacrebleu)
 * @property {string} [engineUrl] where plume-engine.js is (default: web/dist/)
 */

/**
 * @typedef {object} BleuScore
 * @property {number} score BLEU, 0-100
 * @property {number[]} counts matched n-grams per order
 * @property {number[]} totals hypothesis n-grams per order
 * @property {number[]} precisions per order, percent, after smoothing
 * @property {number} bp brevity penalty
 * @property {number} sysLen hypothesis length in tokens
 * @property {number} refLen closest reference length in tokens
 */

/**
 * @typedef {object} RougeValue
 * @property {number} precision
 * @property {number} recall
 * @property {number} fmeasure
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// A JS string can hold half a UTF-16 pair, which has no UTF-8 form (the engine would see U+FFFD).
function text(value, what) {
  if (typeof value !== 'string') throw new PlumeError(`${what} must be a string`);
  const lone = LONE_SURROGATE.exec(value);
  if (lone) throw new PlumeError(`${what} is not valid Unicode: a lone surrogate at index ${lone.index}`);
  return value;
}

function strings(value, what) {
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new PlumeError(`${what} must be an array of strings`);
  }
  value.forEach((v, i) => text(v, `${what}[${i}]`));
  return value;
}

function engineOptions(options) {
  const { engineUrl, ...rest } = options ?? {};
  for (const key of Object.keys(rest)) if (rest[key] === undefined) delete rest[key];
  return { engineUrl, json: JSON.stringify(rest) };
}

async function core(engineUrl) {
  return loadCore(engineUrl ? { engineUrl } : undefined);
}

/**
 * Corpus BLEU (sacrebleu's corpus_bleu).
 * @param {string[]} hypotheses one segment each
 * @param {string[][]} references reference streams: references[k][i] is the k-th reference of
 *   segment i (every stream as long as hypotheses; an empty string means "no k-th reference here")
 * @param {BleuOptions} [options]
 * @returns {Promise<BleuScore>}
 */
export async function bleu(hypotheses, references, options = {}) {
  strings(hypotheses, 'hypotheses');
  if (!Array.isArray(references)) throw new PlumeError('references must be an array of reference streams');
  references.forEach((stream, k) => strings(stream, `reference stream ${k + 1}`));
  const { engineUrl, json } = engineOptions(options);
  return callCore(await core(engineUrl), 'metricsCorpusBleu', JSON.stringify(hypotheses),
    JSON.stringify(references), json);
}

/**
 * Sentence BLEU of one hypothesis against one or more references (sacrebleu's sentence_bleu:
 * exp smoothing and effective order by default).
 * @param {string} hypothesis
 * @param {string[]|string} references
 * @param {BleuOptions} [options]
 * @returns {Promise<BleuScore>}
 */
export async function sentenceBleu(hypothesis, references, options = {}) {
  text(hypothesis, 'the hypothesis');
  const refs = typeof references === 'string' ? [references] : strings(references, 'references');
  const { engineUrl, json } = engineOptions(options);
  return callCore(await core(engineUrl), 'metricsSentenceBleu', hypothesis, JSON.stringify(refs), json);
}

/**
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum of a prediction against a target (rouge-score's
 * RougeScorer.score(target, prediction); Lsum treats lines as sentences).
 * @param {string} target the reference text
 * @param {string} prediction the generated text
 * @param {object} [options]
 * @param {boolean} [options.stemmer=false] Porter-stem words longer than 3 letters
 * @param {'default'|'cjk'} [options.tokenize='default'] 'default' is rouge-score's (Latin letters
 *   and digits only: Chinese scores 0); 'cjk' also counts each CJK character as a token
 * @param {string} [options.engineUrl]
 * @returns {Promise<{rouge1: RougeValue, rouge2: RougeValue, rougeL: RougeValue, rougeLsum: RougeValue}>}
 */
export async function rouge(target, prediction, options = {}) {
  text(target, 'the target');
  text(prediction, 'the prediction');
  const { engineUrl, json } = engineOptions(options);
  return callCore(await core(engineUrl), 'metricsRouge', target, prediction, json);
}

/**
 * distinct-n: distinct n-grams / all n-grams over a set of texts (1 = nothing repeats).
 * @param {string[]} texts
 * @param {number} [n=2]
 * @param {object} [options]
 * @param {'zh'|'13a'|'char'|'none'} [options.tokenize='zh'] BLEU tokenizer ('zh' splits Chinese
 *   into characters and handles English like 13a)
 * @param {string} [options.engineUrl]
 * @returns {Promise<{ratio: number, unique: number, total: number}>}
 */
export async function distinctN(texts, n = 2, options = {}) {
  strings(texts, 'texts');
  const { engineUrl, tokenize = 'zh' } = options ?? {};
  return callCore(await core(engineUrl), 'metricsDistinctN', JSON.stringify(texts), n, tokenize);
}

/**
 * Self-BLEU: the mean sentence BLEU of each text against all the others (0-100; high means the
 * texts resemble each other). Needs at least two texts.
 * @param {string[]} texts
 * @param {BleuOptions} [options] sentence BLEU options; tokenize defaults to 'zh' here
 * @returns {Promise<number>}
 */
export async function selfBleu(texts, options = {}) {
  strings(texts, 'texts');
  const { engineUrl, json } = engineOptions(options);
  return (callCore(await core(engineUrl), 'metricsSelfBleu', JSON.stringify(texts), json)).score;
}
