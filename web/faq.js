/**
 * Customer service (docs/faq.md): an FAQ knowledge base in Chinese and English, retrieval by
 * BM25 (English Porter stems, Chinese character bigrams), a confidence threshold below which the
 * customer is handed over to a human with a polite message in their language, follow-up
 * questions that reuse the previous turn, and — with a model — an answer generated from the
 * template library's FAQ prompt and grounded on the retrieved entry (kept only when it keeps the
 * language and the entry's facts; otherwise the entry's answer, verbatim).
 *
 * ```js
 * import { FaqKnowledgeBase } from './faq.js';
 * const kb = await FaqKnowledgeBase.create(faqJsonlText, { manifest });   // manifest optional
 * const chat = kb.conversation();
 * const a = await chat.ask('How long is the warranty on a smartwatch?');
 * // {answer, source: 'retrieved'|'generated'|'handover', handover, confidence, margin, lang, id, hits: [...]}
 * await chat.ask('What about earbuds?');                 // uses the previous turn's terms
 * await kb.ask('包邮吗？', { engine, files, seed: 42 });   // with a model: grounded generation
 * kb.evaluate(heldoutJsonlText);                         // {languages: {en: {hitAt1, hitAt3, ...}}}
 * kb.free();
 * ```
 * Retrieval runs in the calling thread (the engine's model-free core); generation runs in the
 * engine's worker through write() (web/write.js).
 * @module faq
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';
import { write } from './write.js';

const ASK_KEYS = ['history', 'lang', 'threshold', 'minCoverage', 'top', 'partner', 'historyWeight'];
const GENERATE_KEYS = ['engine', 'files', 'seed', 'n', 'signal', 'timeoutMs'];

function textOf(value, what) {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return new TextDecoder().decode(value);
  throw new PlumeError(`${what} must be a string, Uint8Array or ArrayBuffer`);
}

function splitOptions(options) {
  const ask = {};
  const generate = {};
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v === undefined) continue;
    if (ASK_KEYS.includes(k)) ask[k] = v;
    else if (GENERATE_KEYS.includes(k)) generate[k] = v;
    else throw new PlumeError(`unknown FAQ option ${JSON.stringify(k)} (known: ${[...ASK_KEYS, ...GENERATE_KEYS].join(', ')})`);
  }
  return { ask, generate };
}

/** A knowledge base held by the engine (JSON lines: one {id, lang, question, answer, ...} per line). */
export class FaqKnowledgeBase {
  #core;
  #id;

  constructor(coreModule, id, entries) {
    this.#core = coreModule;
    this.#id = id;
    /** entries per language, e.g. {en: 51, zh: 51} */
    this.entries = entries;
  }

  /**
   * @param {string|Uint8Array|ArrayBuffer} jsonl the knowledge base; errors name the line and column
   * @param {{manifest?: object|string, engineUrl?: string}} [options] the manifest checks partner
   *   ids and names the brand in the handover message
   */
  static async create(jsonl, { manifest = null, engineUrl } = {}) {
    const c = await loadCore(engineUrl ? { engineUrl } : undefined);
    const manifestText = manifest === null ? '' : typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
    const { kb, entries } = callCore(c, 'faqCreate', textOf(jsonl, 'the FAQ'), manifestText);
    return new FaqKnowledgeBase(c, kb, entries);
  }

  #call(name, ...args) {
    if (this.#id === null) throw new PlumeError('this FAQ knowledge base was freed');
    return callCore(this.#core, name, this.#id, ...args);
  }

  /**
   * Answers one question.
   * @param {string} question
   * @param {object} [options]
   * @param {Array<{question: string, id?: string}|string>} [options.history] earlier turns (the last one counts)
   * @param {'en'|'zh'} [options.lang] default: detected from the question
   * @param {number} [options.threshold=0.1] hand over below this normalized BM25 score
   * @param {number} [options.minCoverage] ... or below this IDF-weighted share of the question's terms
   *   found in the best entry (default: English 0.33, Chinese 0.18; docs/faq.md)
   * @param {number} [options.top=3] retrieved entries to return
   * @param {string} [options.partner] only the brand's entries and this partner's
   * @param {number} [options.historyWeight=0.3]
   * @param {object} [options.engine] a PlumeEngine: generate a grounded answer with its model
   * @param {Object<string,string>} [options.files] the template library (fetchTemplateLibrary()), with engine
   * @param {number} [options.seed=42] @param {number} [options.n=3] @param {AbortSignal} [options.signal]
   * @param {number} [options.timeoutMs] ends the generation between tokens: the candidates so far are
   *   checked as usual, and without one that keeps the entry's facts the entry's answer is used
   */
  async ask(question, options = {}) {
    if (typeof question !== 'string' || question.trim() === '') throw new PlumeError('question must be a non-empty string');
    const { ask, generate } = splitOptions(options);
    const askJson = JSON.stringify(ask);
    const answer = this.#call('faqAsk', question, askJson);
    const grounding = answer.grounding;
    delete answer.grounding;
    if (!generate.engine || answer.handover) return answer;
    if (!generate.files) throw new PlumeError('generating an answer needs the template library: files (fetchTemplateLibrary())');
    const written = await write(generate.engine, {
      files: generate.files, template: 'faq', lang: answer.lang, input: grounding,
      seed: generate.seed ?? 42, n: generate.n ?? 3, signal: generate.signal, timeoutMs: generate.timeoutMs,
    });
    const accepted = written.candidates.filter(c => c.accepted).sort((a, b) => a.rank - b.rank);
    const pick = this.#call('faqPick', question, askJson, JSON.stringify(accepted.map(c => c.text)));
    answer.answer = pick.answer;
    answer.source = pick.source;
    answer.generation = { seed: written.seed, candidates: accepted.map(c => c.text), used: pick.used, rejected: pick.rejected };
    return answer;
  }

  /**
   * Hit rate @1 and @3 per language and handover precision/recall on held-out questions
   * (JSON lines {lang, question, id | null}).
   */
  evaluate(heldoutJsonl, options = {}) {
    const { ask, generate } = splitOptions(options);
    if (Object.keys(generate).length) throw new PlumeError('evaluate takes retrieval options only');
    return this.#call('faqEvaluate', textOf(heldoutJsonl, 'the held-out questions'), JSON.stringify(ask));
  }

  /** A conversation: each ask() passes the previous turns as history and records the new one. */
  conversation() {
    return new FaqConversation(this);
  }

  free() {
    if (this.#id === null) return;
    callCore(this.#core, 'faqFree', this.#id);
    this.#id = null;
  }
}

/** Keeps the turns of one customer's conversation. */
export class FaqConversation {
  #kb;
  constructor(kb) {
    this.#kb = kb;
    /** @type {Array<{question: string, id: string|null}>} */
    this.turns = [];
  }

  async ask(question, options = {}) {
    const answer = await this.#kb.ask(question, { ...options, history: this.turns });
    this.turns.push(answer.turn);
    return answer;
  }
}
