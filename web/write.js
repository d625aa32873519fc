/**
 * Marketing copy from the template library: template + product fields → prompt (within the
 * model's context) → N candidates → channel and brand rules → ranked, each with its score
 * breakdown and the reasons it passed or failed (docs/templates.md).
 *
 * ```js
 * import { Plume } from './plume.js';
 * import { fetchTemplateLibrary, listTemplates, write } from './write.js';
 * const engine = await Plume.load({ model: '../models/plume-default.gguf' });
 * const files = await fetchTemplateLibrary();            // templates/ next to web/
 * (await listTemplates(files)).map(t => t.name);          // ['ad.en', 'ad.zh', ...]
 * const r = await write(engine, {
 *   files, template: 'product_description', lang: 'zh', n: 3, seed: 42,
 *   input: { product: '智能可穿戴健身手环', features: ['心率监测', '睡眠跟踪'] },
 * });
 * r.candidates[0];  // {rank: 1, accepted: true, text, parts, rules: [...], score: {total, model, coverage, ...}}
 * r.note;           // {en, zh} when few-shot examples had to be dropped to fit the context
 * ```
 * The model work runs in the engine's worker (request 'write', web/plume-write-worker.js); the
 * result has the same shape as `plume write --json`, and the same seed gives the same list.
 * listTemplates() needs no model.
 * @module write
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError, checkTimeout } from './plume.js';

const DEFAULT_BASE = new URL('../templates/', import.meta.url);

/**
 * Fetches the template library (templates/index.json names the files) from this site.
 * @param {string|URL} [base] the folder's URL
 * @returns {Promise<Object<string, string>>} file name → text
 */
export async function fetchTemplateLibrary(base = DEFAULT_BASE) {
  const folder = new URL(base, import.meta.url);
  const get = async name => {
    const url = new URL(name, folder);
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new PlumeError(`could not read the template file ${url} (${e.message})`);
    }
    if (!res.ok) throw new PlumeError(`could not read the template file ${url}: HTTP ${res.status}`);
    return res.text();
  };
  let index;
  try {
    index = JSON.parse(await get('index.json'));
  } catch (e) {
    throw e instanceof PlumeError ? e : new PlumeError(`templates/index.json is not valid JSON (${e.message})`);
  }
  if (!Array.isArray(index?.files)) throw new PlumeError('templates/index.json must be {"files": [...]}');
  const texts = await Promise.all(index.files.map(get));
  return Object.fromEntries(index.files.map((name, i) => [name, texts[i]]));
}

function checkFiles(files) {
  if (files === null || typeof files !== 'object' || Array.isArray(files)) {
    throw new PlumeError('files must be an object {file name: text} (see fetchTemplateLibrary)');
  }
  for (const [name, text] of Object.entries(files)) {
    if (typeof text !== 'string') throw new PlumeError(`template file ${name} must be text`);
  }
}

/**
 * The templates of a library, validated (an invalid sidecar rejects naming its file and key).
 * @param {Object<string, string>} files
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<object[]>} summaries: name, content_type, language, channel, task,
 *   constraints, checks, output, generation, examples (count)
 */
export async function listTemplates(files, { engineUrl } = {}) {
  checkFiles(files);
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  return callCore(core, 'listTemplates', JSON.stringify(files)).templates;
}

const REQUEST_KEYS = ['input', 'examples', 'reviewedExamples', 'n', 'seed', 'maxNewTokens', 'temperature', 'topK', 'topP',
  'repetitionPenalty', 'banned', 'required', 'weights'];

/**
 * Writes N candidates with the engine's model and ranks them.
 * @param {object} engine a PlumeEngine from Plume.load()
 * @param {{files: Object<string,string>, template: string, lang?: 'en'|'zh', input: object,
 *   examples?: object[], reviewedExamples?: object[], n?: number, seed?: number, maxNewTokens?: number, temperature?: number,
 *   topK?: number, topP?: number, repetitionPenalty?: number, banned?: string[],
 *   required?: string[], weights?: object, onToken?: Function, signal?: AbortSignal,
 *   timeoutMs?: number}} options `timeoutMs` ends the generation between tokens (finishReason
 *   'timeout' on the candidates still running; they are ranked like the others)
 *   `template` is a name ("email", with `lang`) or a full name ("email.zh"); unset settings
 *   come from the template's "generation" defaults
 * @returns {Promise<{template: string, prompt: string, promptTokens: number,
 *   examples: {total: number, dropped: number[]}, note?: {en: string, zh: string}, seed: number,
 *   candidates: object[], weights: object, stats: object}>}
 */
export async function write(engine, options = {}) {
  if (!engine || typeof engine.request !== 'function') throw new PlumeError('write needs an engine from Plume.load()');
  const { files, template, lang, onToken, signal, timeoutMs, ...rest } = options ?? {};
  checkTimeout(timeoutMs);
  checkFiles(files);
  if (typeof template !== 'string' || template === '') throw new PlumeError('template must be a template name, e.g. "email"');
  if (lang !== undefined && lang !== 'en' && lang !== 'zh') throw new PlumeError(`lang must be 'en' or 'zh' (got ${JSON.stringify(lang)})`);
  const unknown = Object.keys(rest).filter(k => !REQUEST_KEYS.includes(k));
  if (unknown.length) throw new PlumeError(`unknown write option ${JSON.stringify(unknown[0])} (known: files, template, lang, ${REQUEST_KEYS.join(', ')}, onToken, signal, timeoutMs)`);
  const request = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  // The worker protocol is plume.js's own (request() queues behind earlier calls; cancel by id).
  let requestId = null;
  const cancel = () => { if (requestId !== null) engine.worker.post({ type: 'cancel', target: requestId }); };
  signal?.addEventListener('abort', cancel);
  try {
    return await engine.request({ type: 'write', files, template, lang: lang ?? 'en', request, cancelled: !!signal?.aborted, timeoutMs }, {
      onStart: id => { requestId = id; if (signal?.aborted) cancel(); },
      onEvent: msg => {
        if (msg.type !== 'tokens' || !onToken) return;
        for (const t of msg.tokens) onToken({ seq: t.seq, token: t.token, text: t.text, logprob: t.logprob });
      },
    });
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
