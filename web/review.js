/**
 * Human review of generated candidates: approve, edit or reject with a reason; keep the
 * decisions in the page's workspace; turn approved texts into few-shot examples for a template
 * or into fine-tuning pairs for the Brand-voice panel (docs/review.md). No model needed: runs the
 * WASM core in the calling thread (plume-core.js). A store is plain JSON — save it anywhere.
 *
 * ```js
 * import * as review from './review.js';          // or: import { review } from './plume.js'
 * let store = review.emptyStore();                 // {format: 'plume-review/1', decisions: []}
 * store = await review.decide(store, {
 *   action: 'edit', template: 'sms.zh', language: 'zh',
 *   input: { product: '智能手环', features: ['心率监测'] },
 *   candidate: r.candidates[0].text, score: r.candidates[0].score,
 *   edited: '…', reason: { code: 'wording', note: '更口语一些' }, reviewer: '李雷',
 * });                                              // time defaults to now; id to r1, r2, ...
 * await review.list(store, { action: 'reject' });  // decisions, filtered
 * const ex = await review.exportExamples(store, 'sms.zh');  // {format, template, examples}
 * await write(engine, { files, template: 'sms.zh', input, reviewedExamples: ex.examples });
 * const { pairs, jsonl } = await review.exportFinetune(store, files);
 * await engine.finetune(pairs);                    // prompt/completion pairs
 * ```
 * Invalid decisions reject with a PlumeError naming the key ("decision: a decision to reject
 * needs a reason …"); the store passed in is never changed (decide returns a new one).
 * @module review
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';

/**
 * @typedef {object} ReviewDecision
 * @property {string} [id] unique in the store; assigned ("r1", "r2", …) when left out
 * @property {'approve'|'edit'|'reject'} action
 * @property {string} template full library name, e.g. 'sms.zh'
 * @property {'en'|'zh'} language
 * @property {object} input the product/request fields the candidate was written from
 * @property {string} candidate the text as generated
 * @property {string} [edited] the reviewer's text (action 'edit' only; must differ)
 * @property {{code: string, note?: string}} [reason] required for edit and reject; codes: reasons()
 * @property {object} [score] the candidate's score breakdown as write() returned it
 * @property {string} reviewer
 * @property {string} [time] ISO 8601 UTC; defaults to now
 * @property {string} [variant] the prompt-experiment variant that produced the candidate
 */

/** @returns {{format: 'plume-review/1', decisions: ReviewDecision[]}} an empty store */
export function emptyStore() {
  return { format: 'plume-review/1', decisions: [] };
}

function storeText(store) {
  if (store == null) return '';
  if (typeof store !== 'object') throw new PlumeError('the review store must be an object from emptyStore() or decide()');
  return JSON.stringify(store);
}

async function core(engineUrl) {
  return loadCore(engineUrl ? { engineUrl } : undefined);
}

/**
 * Records a decision. Returns a new store with the decision appended (as stored: with its id
 * and time); the new decision is `store.decisions.at(-1)`.
 * @param {object|null} store
 * @param {ReviewDecision} decision
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{format: string, decisions: ReviewDecision[]}>}
 */
export async function decide(store, decision, { engineUrl } = {}) {
  if (decision === null || typeof decision !== 'object' || Array.isArray(decision)) {
    throw new PlumeError('decide: the decision must be an object {action, template, language, input, candidate, reviewer, …}');
  }
  const d = { ...decision };
  if (d.time === undefined) d.time = new Date().toISOString();
  for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return callCore(await core(engineUrl), 'reviewDecide', storeText(store), JSON.stringify(d)).store;
}

/**
 * The decisions matching every given filter key.
 * @param {object|null} store
 * @param {{action?: string, template?: string, language?: string, reviewer?: string,
 *   variant?: string, reason?: string}} [filter]
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<ReviewDecision[]>}
 */
export async function list(store, filter = {}, { engineUrl } = {}) {
  return callCore(await core(engineUrl), 'reviewList', storeText(store), JSON.stringify(filter ?? {})).decisions;
}

/**
 * Approved and edited texts of one template as few-shot examples (the template library's
 * example format). Pass `examples` to write() as `reviewedExamples` (appended to the template's
 * own), or save the object for `plume write --examples FILE`.
 * @param {object|null} store
 * @param {string} template full name, e.g. 'sms.zh'
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{format: 'plume-examples/1', template: string, examples: object[]}>}
 */
export async function exportExamples(store, template, { engineUrl } = {}) {
  if (typeof template !== 'string' || template === '') throw new PlumeError('exportExamples: template must be a full name such as "sms.zh"');
  return callCore(await core(engineUrl), 'reviewExamples', storeText(store), template);
}

/**
 * Approved and edited texts as fine-tuning pairs: the template's prompt for the decision's fields
 * (without few-shot examples) and the approved text with the end marker. `pairs` goes straight
 * to `engine.finetune(pairs)`; `jsonl` is the file `plume finetune --data` and the Brand-voice
 * panel read.
 * @param {object|null} store
 * @param {Object<string, string>} files the template library (write.js fetchTemplateLibrary())
 * @param {{template?: string, engineUrl?: string}} [options] template: only this one
 * @returns {Promise<{pairs: {id: string, prompt: string, completion: string}[], jsonl: string}>}
 */
export async function exportFinetune(store, files, { template = '', engineUrl } = {}) {
  if (files === null || typeof files !== 'object' || Array.isArray(files)) {
    throw new PlumeError('exportFinetune: files must be the template library {file name: text} (see fetchTemplateLibrary)');
  }
  return callCore(await core(engineUrl), 'reviewFinetune', storeText(store), JSON.stringify(files), template);
}

/**
 * The reason codes with English and Chinese labels, and the actions each goes with.
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{code: string, en: string, zh: string, actions: string[]}[]>}
 */
export async function reasons({ engineUrl } = {}) {
  return callCore(await core(engineUrl), 'reviewReasons').reasons;
}
