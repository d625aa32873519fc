/**
 * Plume — the public JavaScript API of the in-browser GPT-2 engine.
 *
 * The C++ engine (WebAssembly, SIMD) runs inside a Web Worker so the page never freezes while a
 * model loads or text is generated. In Node.js (tests, scripts) the same worker script runs on
 * `node:worker_threads`. This module only talks to the worker; the worker only talks to the
 * engine through the ABI in docs/engine-abi.md.
 *
 * ```js
 * import { Plume } from './plume.js';
 * const engine = await Plume.load({ model: '../models/plume-default.gguf',
 *                                   onProgress: p => console.log(p.phase, p.loaded, p.total) });
 * const { sequences, stats } = await engine.generate('Hello', { maxNewTokens: 40, seed: 42,
 *   numReturnSequences: 3, onToken: t => console.log(t.seq, t.text) });
 * engine.dispose();
 * ```
 *
 * Behaviour worth knowing:
 * - **Calls are queued.** One engine runs one call at a time, in the order they were made. A
 *   second `generate()` while one is running waits for the first to finish (it does not reject).
 *   Cancelling (the `signal` option) works for a running *and* for a still-queued generation.
 * - **Cancelling resolves, it does not reject.** Aborting the `signal` ends the generation after
 *   the current step; the promise resolves with what was generated so far and
 *   `finishReason: "cancelled"` on every sequence that was still running. Stopping is something
 *   the user asked for, not a failure, and the partial text is usually worth keeping.
 * - **Errors are Error objects with a message a user can act on** ("not a GGUF file …",
 *   "prompt is 1100 tokens, the model's context is 1024"). After an ordinary error the engine
 *   stays usable.
 * - **If the WebAssembly instance itself dies** (e.g. it runs out of memory and aborts), the
 *   call rejects with an error whose `fatal` property is `true`, every later call rejects the
 *   same way, and the worker is terminated to give its memory back. Create a new engine with
 *   `Plume.load()`. `engine.dead` tells whether this happened.
 *
 * @module plume
 */

const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node &&
  typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';

/** Chunk size used when handing an in-memory buffer to the worker piece by piece. */
const CHUNK_BYTES = 4 << 20;

/** The generation options `generate()` accepts, with their validators (see validateOptions). */
const GENERATE_OPTIONS = [
  'maxNewTokens', 'maxLength', 'temperature', 'topK', 'topP', 'minP', 'repetitionPenalty',
  'noRepeatNgramSize', 'stop', 'numReturnSequences', 'seed', 'traceAttention', 'onToken', 'signal',
  'timeoutMs', 'penalizePrompt', 'mention', 'mentionBoost', 'noRepeatBlocks',
];

/** Phrase guidance's default boost (src/model/phrase_guide.h kDefaultMentionBoost): with `mention`
 * and no `mentionBoost`, generate() steers with this boost. */
export const DEFAULT_MENTION_BOOST = 8;

/**
 * Checks a `timeoutMs` option (generate, write): a generation still running after this many
 * milliseconds ends between two tokens with finishReason 'timeout', keeping its text so far.
 * Returns the value, or undefined when not set.
 */
export function checkTimeout(value) {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new PlumeError(`timeoutMs must be a number of milliseconds > 0 (got ${show(value)})`);
  }
  return value;
}

/**
 * Progress of `Plume.load()` / `engine.load()`.
 * @typedef {object} LoadProgress
 * @property {'download'|'load'} phase `download`: the model's bytes are being read into the
 *   engine's memory (from the network, a file or your buffer); `load`: the engine is parsing
 *   and preparing the model.
 * @property {number} loaded bytes done so far
 * @property {number|null} total total bytes, or null when the server did not say
 */

/**
 * A model source: a URL (string or URL object, relative to the page; in Node also a file path
 * or file: URL), the bytes (ArrayBuffer, Uint8Array or any typed array), or a File/Blob.
 * @typedef {string|URL|ArrayBuffer|ArrayBufferView|Blob} ByteSource
 */

/**
 * A text source for the Hugging Face tokenizer/config files: the text itself, a URL or path,
 * bytes, or a File/Blob. A string is taken as the file's *contents* when it looks like it
 * (config/vocab: starts with `{`; merges: contains a line break or starts with `#version`),
 * otherwise as a URL (or a path in Node). Pass a URL object to be explicit.
 * @typedef {string|URL|ArrayBuffer|ArrayBufferView|Blob} TextSource
 */

/**
 * The four files of a Hugging Face GPT-2 checkpoint.
 * @typedef {object} HfModel
 * @property {ByteSource} safetensors model.safetensors
 * @property {TextSource} config config.json
 * @property {TextSource} vocab vocab.json
 * @property {TextSource} merges merges.txt
 */

/**
 * Model description returned by `info()` (see docs/engine-abi.md).
 * @typedef {object} ModelInfo
 * @property {string} architecture
 * @property {'gguf'|'hf'} source
 * @property {string} name
 * @property {number} vocabSize
 * @property {number} contextLength
 * @property {number} embeddingLength
 * @property {number} feedForwardLength
 * @property {number} blockCount
 * @property {number} headCount
 * @property {number} layerNormEpsilon
 * @property {string} quantization 'F32' | 'F16' | 'Q8_0' | 'mixed'
 * @property {Object<string, number>} tensorTypes
 * @property {number} parameters
 * @property {number} fileBytes
 * @property {number} bosTokenId
 * @property {number} eosTokenId
 * @property {boolean} tiedOutput
 */

/**
 * One streamed token.
 * @typedef {object} TokenEvent
 * @property {number} seq which sequence (0 … numReturnSequences-1)
 * @property {number} token the token id
 * @property {string} text newly completed UTF-8 text ("" while a character is incomplete, or
 *   while it might be the start of a stop string); concatenating a sequence's `text` values
 *   gives its final text
 * @property {number} logprob log-probability of the token under the (unmodified) model
 */

/**
 * @typedef {object} GenerateOptions
 * @property {number} [maxNewTokens] at most this many new tokens (integer ≥ 1)
 * @property {number} [maxLength] at most this many tokens, prompt included (the seed's
 *   `max_length`; integer ≥ 1). Both limits apply.
 * @property {number} [temperature] ≥ 0; 0 = greedy (always the most likely token)
 * @property {number} [topK] keep the k most likely tokens (integer ≥ 0; 0 = off)
 * @property {number} [topP] nucleus sampling, in (0, 1]
 * @property {number} [minP] drop tokens below minP × p(best), in [0, 1]
 * @property {number} [repetitionPenalty] > 0; 1 = off
 * @property {number} [noRepeatNgramSize] forbid repeating any n-gram of this size (integer ≥ 0)
 * @property {boolean} [noRepeatBlocks] forbid a block of 1–16 tokens with words in it from
 *   repeating back to back a third time ("#tag#tag#tag"), the loops a no-repeat n-gram misses
 * @property {string|string[]} [stop] stop strings; the text is cut before the first one
 * @property {string[]} [mention] phrase guidance: phrases the output should mention (a product's
 *   features). Sampling boosts beginning a phrase not yet written and, once one is begun,
 *   completes it; a phrase already written is discouraged from repeating. At most 32 phrases of
 *   at most 200 bytes each.
 * @property {number} [mentionBoost] the logit boost for beginning an unmentioned phrase, in
 *   [0, 100]; 0 = off. Default with `mention`: DEFAULT_MENTION_BOOST (8, chosen on generated
 *   development prompts: models/README.md)
 * @property {number} [numReturnSequences] how many independent sequences (integer ≥ 1)
 * @property {number} [seed] random seed (integer ≥ 0); the same seed gives the same tokens,
 *   in the browser and natively. Without one the engine picks a seed and reports it in the result.
 * @property {boolean} [traceAttention] record attention weights so `attention()` can show them
 *   afterwards (costs some speed)
 * @property {(t: TokenEvent) => void} [onToken] called for every generated token. If it
 *   throws, the generation is cancelled and `generate()` rejects with that error.
 * @property {AbortSignal} [signal] abort to cancel (resolves with finishReason "cancelled")
 * @property {number} [timeoutMs] ends a generation still running after this many milliseconds,
 *   between two tokens; resolves with finishReason "timeout" on the sequences still running
 */

/**
 * @typedef {object} GeneratedSequence
 * @property {string} text the continuation only (not the prompt), cut before a stop string
 * @property {number[]} tokens the generated token ids
 * @property {'eos'|'stop'|'length'|'cancelled'|'timeout'} finishReason
 * @property {number[]} logprobs one per generated token
 */

/**
 * @typedef {object} GenerateResult
 * @property {GeneratedSequence[]} sequences
 * @property {number} seed the seed used (the one given, or the one the engine picked)
 * @property {{promptTokens: number, generatedTokens: number, promptTokensPerSecond: number,
 *   tokensPerSecond: number, promptMs?: number, generateMs?: number}} stats
 */

/**
 * @typedef {object} ScoreResult
 * @property {number} totalLogprob sum of the continuation tokens' log-probabilities
 * @property {number} meanLogprob their mean
 * @property {number[]} tokens the continuation's token ids
 * @property {number[]} logprobs one per continuation token
 */

/**
 * @typedef {object} LoadOptions
 * @property {ByteSource|HfModel} model a GGUF file, or the four Hugging Face files
 * @property {(p: LoadProgress) => void} [onProgress]
 * @property {string|URL} [engineUrl] where plume-engine.js is (default: dist/plume-engine.js
 *   next to this file); the .wasm is expected beside it
 */

/** An error raised by Plume. `fatal` is true when the engine instance died. */
export class PlumeError extends Error {
  /** @param {string} message @param {{fatal?: boolean}} [opts] */
  constructor(message, { fatal = false } = {}) {
    super(message);
    this.name = 'PlumeError';
    /** true when the WebAssembly instance died: create a new engine with Plume.load(). */
    this.fatal = fatal;
  }
}

/** Starts the worker: a module Web Worker in browsers, a worker thread in Node. */
async function startWorker() {
  const url = new URL('./plume-worker.js', import.meta.url);
  if (IS_NODE) {
    const { Worker } = await import('node:worker_threads');
    return new NodeWorkerAdapter(new Worker(url));
  }
  // Written out literally (not through `url`) so bundlers recognise and emit the worker.
  return new BrowserWorkerAdapter(
    new Worker(new URL('./plume-worker.js', import.meta.url), { type: 'module' }));
}

/** The small surface the engine needs from a worker, the same on both platforms. */
class BrowserWorkerAdapter {
  constructor(worker) { this.worker = worker; }
  post(msg, transfer = []) { this.worker.postMessage(msg, transfer); }
  onMessage(fn) { this.worker.addEventListener('message', e => fn(e.data)); }
  onDeath(fn) {
    this.worker.addEventListener('error', e => {
      e.preventDefault?.();
      fn(`the worker failed: ${e.message || 'could not load plume-worker.js or the engine'}`);
    });
    this.worker.addEventListener('messageerror', () => fn('a message could not be read'));
  }
  terminate() { this.worker.terminate(); }
}

class NodeWorkerAdapter {
  constructor(worker) { this.worker = worker; this.terminated = false; }
  post(msg, transfer = []) { this.worker.postMessage(msg, transfer); }
  onMessage(fn) { this.worker.on('message', fn); }
  onDeath(fn) {
    this.worker.on('error', e => fn(`the worker failed: ${e?.message ?? e}`));
    this.worker.on('exit', code => { if (!this.terminated) fn(`the worker exited (code ${code})`); });
  }
  terminate() { this.terminated = true; this.worker.terminate(); }
}

/** True for ArrayBuffer, any typed array / DataView. */
function isBytes(x) {
  return x instanceof ArrayBuffer || ArrayBuffer.isView(x) ||
    Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

function asUint8(x) {
  if (x instanceof Uint8Array) return x;
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return new Uint8Array(x);
}

function isBlob(x) { return typeof Blob !== 'undefined' && x instanceof Blob; }

function describeType(x) {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return x.constructor?.name ? `a ${x.constructor.name}` : 'an object';
  return `${typeof x} ${typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : String(x)}`;
}

/** The URL relative URLs are resolved against: the page (or the worker) that uses Plume. */
function baseUrl() {
  return globalThis.document?.baseURI ?? globalThis.location?.href ?? import.meta.url;
}

/**
 * Turns a user-supplied byte source into something the worker can read: a URL or path it
 * fetches/reads itself, a Blob (cheap to send: the data is not copied), or a buffer the main
 * thread hands over chunk by chunk when the worker asks (so the whole model is never copied
 * twice).
 */
async function describeByteSource(src, what, buffers) {
  if (isBytes(src)) {
    const bytes = asUint8(src);
    buffers.set(what, bytes);
    return { kind: 'buffer', part: what, size: bytes.byteLength };
  }
  if (isBlob(src)) return { kind: 'blob', blob: src, name: src.name ?? what };
  if (typeof src === 'string' || src instanceof URL) return describeLocation(src, what);
  throw new PlumeError(`${what}: expected a URL, a file path, an ArrayBuffer, a Uint8Array or ` +
    `a File/Blob, got ${describeType(src)}`);
}

async function describeLocation(src, what) {
  const text = String(src);
  if (text.trim() === '') throw new PlumeError(`${what}: the URL is empty`);
  if (IS_NODE) {
    const { resolve } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    if (/^file:/i.test(text)) return { kind: 'path', path: fileURLToPath(text), name: text };
    // A string with no scheme is a file path in Node (Windows drive letters included).
    if (!/^[a-z][a-z0-9+.-]+:/i.test(text)) return { kind: 'path', path: resolve(text), name: text };
    return { kind: 'url', url: new URL(text).href, name: text };
  }
  let url;
  try { url = new URL(text, baseUrl()); } catch {
    throw new PlumeError(`${what}: ${JSON.stringify(text)} is not a valid URL`);
  }
  return { kind: 'url', url: url.href, name: text };
}

/** Decides whether a string given for config/vocab/merges is the file's contents or a URL. */
function looksLikeContent(text, what) {
  const t = text.trimStart();
  if (what === 'merges') return t.startsWith('#version') || text.includes('\n');
  return t.startsWith('{');
}

async function describeTextSource(src, what) {
  if (typeof src === 'string' && looksLikeContent(src, what)) return { kind: 'text', text: src };
  if (isBytes(src)) return { kind: 'text', text: new TextDecoder().decode(asUint8(src)) };
  if (isBlob(src)) return { kind: 'blob', blob: src, name: src.name ?? what };
  if (typeof src === 'string' || src instanceof URL) return describeLocation(src, what);
  throw new PlumeError(`${what}: expected its text, a URL, a file path, bytes or a File/Blob, ` +
    `got ${describeType(src)}`);
}

/** Builds the worker's description of the model, collecting in-memory buffers on the side. */
async function describeModel(model, buffers) {
  if (model === undefined || model === null) {
    throw new PlumeError('no model given: pass {model: url | ArrayBuffer | Uint8Array | File | ' +
      '{safetensors, config, vocab, merges}}');
  }
  const plainObject = typeof model === 'object' && !isBytes(model) && !isBlob(model) &&
    !(model instanceof URL);
  if (!plainObject) return { format: 'gguf', model: await describeByteSource(model, 'model', buffers) };

  const parts = ['safetensors', 'config', 'vocab', 'merges'];
  const unknown = Object.keys(model).filter(k => !parts.includes(k));
  if (unknown.length) {
    throw new PlumeError(`unknown model part ${JSON.stringify(unknown[0])}: a Hugging Face model ` +
      `is {safetensors, config, vocab, merges}`);
  }
  const missing = parts.filter(k => model[k] === undefined || model[k] === null);
  if (missing.length) {
    throw new PlumeError(`the Hugging Face model is missing ${missing.join(', ')}: it needs ` +
      `model.safetensors, config.json, vocab.json and merges.txt`);
  }
  return {
    format: 'hf',
    model: await describeByteSource(model.safetensors, 'safetensors', buffers),
    config: await describeTextSource(model.config, 'config'),
    vocab: await describeTextSource(model.vocab, 'vocab'),
    merges: await describeTextSource(model.merges, 'merges'),
  };
}

const isInt = x => typeof x === 'number' && Number.isInteger(x);
const show = x => (typeof x === 'number' ? String(x) : describeType(x));

/**
 * Checks generation options before they reach the worker (the engine checks them again).
 * Returns the options the engine gets (callbacks removed, `stop` as an array).
 */
export function validateOptions(options) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PlumeError(`generate options must be an object, got ${describeType(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!GENERATE_OPTIONS.includes(key)) {
      const lower = key.toLowerCase().replace(/_/g, '');
      const near = GENERATE_OPTIONS.find(k => k.toLowerCase() === lower);
      throw new PlumeError(`unknown generate option ${JSON.stringify(key)}` +
        (near ? ` (did you mean ${JSON.stringify(near)}?)` : ` (known: ${GENERATE_OPTIONS.join(', ')})`));
    }
  }
  const out = {};
  const check = (key, ok, rule) => {
    const v = options[key];
    if (v === undefined) return;
    if (!ok(v)) throw new PlumeError(`${key} must be ${rule} (got ${show(v)})`);
    out[key] = v;
  };
  const finite = v => typeof v === 'number' && Number.isFinite(v);
  check('maxNewTokens', v => isInt(v) && v >= 1, 'an integer ≥ 1');
  check('maxLength', v => isInt(v) && v >= 1, 'an integer ≥ 1');
  check('temperature', v => finite(v) && v >= 0, 'a finite number ≥ 0 (0 = greedy)');
  check('topK', v => isInt(v) && v >= 0, 'an integer ≥ 0 (0 = off)');
  check('topP', v => finite(v) && v > 0 && v <= 1, 'a number in (0, 1]');
  check('minP', v => finite(v) && v >= 0 && v <= 1, 'a number in [0, 1]');
  check('repetitionPenalty', v => finite(v) && v > 0, 'a finite number > 0 (1 = off)');
  check('noRepeatNgramSize', v => isInt(v) && v >= 0, 'an integer ≥ 0 (0 = off)');
  check('penalizePrompt', v => typeof v === 'boolean', 'true (penalties see the prompt too, as transformers) or false (the output only)');
  check('numReturnSequences', v => isInt(v) && v >= 1, 'an integer ≥ 1');
  check('seed', v => Number.isSafeInteger(v) && v >= 0, 'an integer ≥ 0');
  check('traceAttention', v => typeof v === 'boolean', 'true or false');
  check('noRepeatBlocks', v => typeof v === 'boolean', 'true or false');
  const utf8Bytes = s => new TextEncoder().encode(s).length;
  check('mention', v => Array.isArray(v) && v.length <= 32 && v.every(p => typeof p === 'string' && utf8Bytes(p) <= 200),
    'an array of at most 32 phrases (strings of at most 200 bytes of UTF-8)');
  check('mentionBoost', v => finite(v) && v >= 0 && v <= 100, 'a number in [0, 100] (0 = off)');
  if (out.mention !== undefined && out.mentionBoost === undefined) out.mentionBoost = DEFAULT_MENTION_BOOST;
  checkTimeout(options.timeoutMs);  // the worker's, not the engine's: kept out of `out`
  if (options.stop !== undefined) {
    const stop = typeof options.stop === 'string' ? [options.stop] : options.stop;
    if (!Array.isArray(stop) || stop.some(s => typeof s !== 'string' || s === '')) {
      throw new PlumeError('stop must be a non-empty string or an array of non-empty strings ' +
        `(got ${describeType(options.stop)})`);
    }
    out.stop = stop;
  }
  if (options.onToken !== undefined && typeof options.onToken !== 'function') {
    throw new PlumeError(`onToken must be a function (got ${describeType(options.onToken)})`);
  }
  const s = options.signal;
  if (s !== undefined && (s === null || typeof s !== 'object' || typeof s.aborted !== 'boolean' ||
      typeof s.addEventListener !== 'function')) {
    throw new PlumeError(`signal must be an AbortSignal (got ${describeType(s)})`);
  }
  return out;
}

function checkText(value, what) {
  if (typeof value !== 'string') throw new PlumeError(`${what} must be a string (got ${describeType(value)})`);
}

/**
 * A loaded model running in its own worker. Create one with `Plume.load()`.
 */
export class PlumeEngine {
  /** @param {object} worker adapter from startWorker() */
  constructor(worker) {
    /** @private */ this.worker = worker;
    /** @private */ this.nextId = 1;
    /** @private pending requests by id: {resolve, reject, onEvent, buffers} */
    this.pending = new Map();
    /** @private the tail of the call queue: every call waits for the one before it */
    this.queue = Promise.resolve();
    /** @private */ this.ready = null;
    /** @private */ this.deathMessage = null;
    /** @type {ModelInfo|null} the model's info, once loaded (same as `await info()`) */
    this.modelInfo = null;

    this.ready = new Promise((resolve, reject) => { this.readyCallbacks = { resolve, reject }; });
    // Nobody awaits `ready` when the worker dies before any call: avoid an unhandled rejection.
    this.ready.catch(() => {});
    worker.onMessage(msg => this.handleMessage(msg));
    worker.onDeath(reason => this.die(`The Plume engine stopped: ${reason}. ` +
      'Load the model again with Plume.load().'));
  }

  /** True when the engine can no longer be used (it crashed or was disposed). */
  get dead() { return this.deathMessage !== null; }

  /** @private */
  handleMessage(msg) {
    if (msg?.type === 'ready') { this.readyCallbacks.resolve(); return; }
    const req = this.pending.get(msg?.id);
    if (!req) return;
    switch (msg.type) {
      case 'result':
        this.pending.delete(msg.id);
        req.resolve(msg.value);
        break;
      case 'error':
        this.pending.delete(msg.id);
        if (msg.fatal) {
          req.reject(new PlumeError(msg.message, { fatal: true }));
          this.die(msg.message);
        } else {
          req.reject(new PlumeError(msg.message));
        }
        break;
      case 'pull': {
        // The worker asks for the next piece of an in-memory buffer: copy only that piece.
        const bytes = req.buffers?.get(msg.part);
        // Uint8Array's slice copies (a Node Buffer's own slice would share memory, and
        // transferring it would detach the caller's buffer).
        const piece = bytes ? Uint8Array.prototype.slice.call(bytes, msg.offset, msg.offset + msg.length) :
          new Uint8Array(0);
        this.worker.post({ type: 'chunk', id: msg.id, part: msg.part, bytes: piece }, [piece.buffer]);
        break;
      }
      default:
        req.onEvent?.(msg);
    }
  }

  /** @private Marks the engine dead, rejects everything waiting, frees the worker. */
  die(message) {
    if (this.deathMessage !== null) return;
    this.deathMessage = message;
    this.readyCallbacks.reject(new PlumeError(message, { fatal: true }));
    for (const req of this.pending.values()) req.reject(new PlumeError(message, { fatal: true }));
    this.pending.clear();
    this.worker.terminate();
  }

  /**
   * @private Queues one request: it is sent when every earlier call has settled.
   * @param {object} msg the request (without id)
   * @param {{onEvent?: Function, buffers?: Map, onStart?: (id: number) => void,
   *          transfer?: Transferable[]}} [extra]
   */
  request(msg, extra = {}) {
    const run = async () => {
      await this.ready;
      if (this.dead) throw new PlumeError(this.deathMessage, { fatal: true });
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject, onEvent: extra.onEvent, buffers: extra.buffers });
        this.worker.post({ ...msg, id });
        extra.onStart?.(id);
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** @private Rejects at once when the engine is already dead, without queueing. */
  checkAlive() {
    if (this.dead) return Promise.reject(new PlumeError(this.deathMessage, { fatal: true }));
    return null;
  }

  /**
   * Loads (or replaces) the model in this engine. If loading fails, the engine keeps the model
   * it had before (if any) and stays usable.
   * @param {ByteSource|HfModel} model
   * @param {{onProgress?: (p: LoadProgress) => void, engineUrl?: string|URL}} [options]
   * @returns {Promise<ModelInfo>}
   */
  async load(model, { onProgress, engineUrl } = {}) {
    const dead = this.checkAlive();
    if (dead) return dead;
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw new PlumeError(`onProgress must be a function (got ${describeType(onProgress)})`);
    }
    const buffers = new Map();
    const source = await describeModel(model, buffers);
    const engine = String(engineUrl ? new URL(String(engineUrl), baseUrl()) :
      new URL('./dist/plume-engine.js', import.meta.url));
    const info = await this.request({ type: 'load', source, engineUrl: engine }, {
      buffers,
      onEvent: msg => {
        if (msg.type === 'progress' && onProgress) {
          try { onProgress({ phase: msg.phase, loaded: msg.loaded, total: msg.total }); } catch (e) {
            console.error('Plume: onProgress threw', e);
          }
        }
      },
    });
    this.modelInfo = info;
    return info;
  }

  /**
   * The loaded model's description.
   * @returns {Promise<ModelInfo>}
   */
  info() { return this.checkAlive() ?? this.request({ type: 'call', method: 'info' }); }

  /**
   * Text → token ids (byte-level BPE; nothing added, no BOS).
   * @param {string} text
   * @returns {Promise<number[]>}
   */
  async tokenize(text) {
    checkText(text, 'text');
    return (await (this.checkAlive() ?? this.request({ type: 'call', method: 'tokenize', args: [text] }))).tokens;
  }

  /**
   * Token ids → text (invalid UTF-8 becomes U+FFFD).
   * @param {number[]} ids
   * @returns {Promise<string>}
   */
  async detokenize(ids) {
    if (!Array.isArray(ids) && !ArrayBuffer.isView(ids)) {
      throw new PlumeError(`token ids must be an array of integers (got ${describeType(ids)})`);
    }
    const list = Array.from(ids);
    const bad = list.findIndex(t => !isInt(t) || t < 0);
    if (bad >= 0) throw new PlumeError(`token ids must be integers ≥ 0 (item ${bad} is ${show(list[bad])})`);
    const r = await (this.checkAlive() ??
      this.request({ type: 'call', method: 'detokenize', args: [JSON.stringify(list)] }));
    return r.text;
  }

  /**
   * How likely the model finds `continuation` after `prompt`.
   * @param {string} prompt
   * @param {string} continuation
   * @returns {Promise<ScoreResult>}
   */
  async score(prompt, continuation) {
    checkText(prompt, 'prompt');
    checkText(continuation, 'continuation');
    const r = await (this.checkAlive() ??
      this.request({ type: 'call', method: 'score', args: [prompt, continuation] }));
    return { totalLogprob: r.totalLogprob, meanLogprob: r.meanLogprob, tokens: r.tokens, logprobs: r.logprobs };
  }

  /**
   * Attention weights for the last token of sequence 0, after a generate() that was given
   * `traceAttention: true`. Rejects with a clear message otherwise.
   * @returns {Promise<{layers: number[][][], tokens: number[]}>} layers[layer][head][position]
   */
  async attention() {
    const r = await (this.checkAlive() ?? this.request({ type: 'call', method: 'attention' }));
    return { layers: r.layers, tokens: r.tokens };
  }

  /**
   * Generates continuations of `prompt`. Resolves (never rejects) when cancelled through
   * `options.signal`, with finishReason "cancelled" on the sequences that were still running.
   * Calls are queued: a second generate() waits for the first.
   * @param {string} prompt at least one token of text
   * @param {GenerateOptions} [options]
   * @returns {Promise<GenerateResult>}
   */
  async generate(prompt, options = {}) {
    checkText(prompt, 'prompt');
    if (prompt === '') {
      throw new PlumeError('the prompt is empty: GPT-2 needs at least one token to continue from');
    }
    const engineOptions = validateOptions(options);
    const dead = this.checkAlive();
    if (dead) return dead;
    const { onToken, signal } = options;

    let requestId = null;
    let callbackError = null;
    const cancel = () => { if (requestId !== null) this.worker.post({ type: 'cancel', target: requestId }); };
    signal?.addEventListener('abort', cancel);
    try {
      const result = await this.request({
        type: 'generate', prompt, options: engineOptions, cancelled: !!signal?.aborted,
        timeoutMs: options.timeoutMs,
      }, {
        onStart: id => { requestId = id; if (signal?.aborted) cancel(); },
        onEvent: msg => {
          if (msg.type !== 'tokens' || !onToken || callbackError) return;
          for (const t of msg.tokens) {
            try { onToken({ seq: t.seq, token: t.token, text: t.text, logprob: t.logprob }); } catch (e) {
              callbackError = e;
              cancel();
              return;
            }
          }
        },
      });
      if (callbackError) throw callbackError;
      return { sequences: result.sequences, stats: result.stats, seed: result.seed };
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /**
   * Fine-tunes ("brand voice") a copy of the loaded GGUF model on your own texts, in the worker
   * (WebAssembly, one thread; src/train/finetune.h, docs/training.md "Fine-tuning in the
   * browser"). The texts are cleaned first (NFC, HTML, whitespace, duplicates, under 10
   * characters); every 10th is held out to measure perplexity before and after. The loaded
   * model is **not changed**: to generate with the result, `await engine.load(r.ggufBytes)`.
   *
   * Bounds (refused with a message before anything is allocated): at most 500 texts and 2 MB of
   * text, steps 1..2000, batch ≤ 16, batch × seq ≤ 2048 tokens, estimated memory ≤ 1 GB.
   * Cancelling through `signal` stops after the current chunk of steps (≈ a quarter second) and
   * **resolves** with `cancelled: true` and no model, like generate().
   *
   * @param {string|Array<string|{text: string}|{prompt: string, completion: string}>|ArrayBuffer|ArrayBufferView|Blob} texts
   *   an array of texts; one string of texts separated by blank lines (or `<|endoftext|>`); or a
   *   file's bytes / File (UTF-8 text, or JSON Lines when `format` is 'jsonl' or the File's name
   *   ends in .jsonl) — binary, UTF-16 and non-UTF-8 files are refused by name
   * @param {{steps?: number, lr?: number, minLr?: number, batch?: number, seq?: number,
   *   warmup?: number, seed?: number, weightDecay?: number, clip?: number, format?: 'text'|'jsonl',
   *   onProgress?: (p: {phase: 'prepared'|'evaluated'|'step'|'exporting', report?: object,
   *     perplexityBefore?: number, step?: number, steps?: number, loss?: number, losses?: number[],
   *     lr?: number, elapsedMs?: number, tokensPerSecond?: number}) => void,
   *   signal?: AbortSignal}} [options] defaults: steps 100, lr 1e-4 → lr/10, batch 4, seq 128
   * @returns {Promise<{cancelled: boolean, report: object, step: number, perplexityBefore: number|null,
   *   perplexityAfter?: number, lossBefore?: number, lossAfter?: number, elapsedMs: number,
   *   tokensPerSecond: number, heapBytes: number, ggufBytes?: Uint8Array}>}
   */
  async finetune(texts, options = {}) {
    const { onProgress, signal, format, ...train } = options ?? {};
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw new PlumeError(`onProgress must be a function (got ${describeType(onProgress)})`);
    }
    if (format !== undefined && format !== 'text' && format !== 'jsonl') {
      throw new PlumeError(`format must be 'text' or 'jsonl' (got ${show(format)})`);
    }
    let data;
    if (Array.isArray(texts)) data = { format: 'texts', texts };
    // `source` names the data in the engine's messages ("the text is empty", "brand.txt is UTF-16").
    else if (typeof texts === 'string') data = { format: format ?? 'text', text: texts, source: 'the text' };
    else if (isBlob(texts)) {
      data = { format: format ?? (/\.jsonl$/i.test(texts.name ?? '') ? 'jsonl' : 'text'), blob: texts,
        source: texts.name || 'the uploaded file' };
    } else if (isBytes(texts)) data = { format: format ?? 'text', bytes: Uint8Array.prototype.slice.call(asUint8(texts)), source: 'the uploaded file' };
    else throw new PlumeError(`texts must be an array of strings, a string, bytes or a File (got ${describeType(texts)})`);
    const dead = this.checkAlive();
    if (dead) return dead;
    let requestId = null;
    const cancel = () => { if (requestId !== null) this.worker.post({ type: 'cancel', target: requestId }); };
    signal?.addEventListener('abort', cancel);
    try {
      return await this.request({ type: 'finetune', data, options: train, cancelled: !!signal?.aborted }, {
        onStart: id => { requestId = id; if (signal?.aborted) cancel(); },
        onEvent: msg => {
          if (msg.type !== 'finetune' || !onProgress) return;
          const { id, type, ...progress } = msg;
          try { onProgress(progress); } catch (e) { console.error('Plume: onProgress threw', e); }
        },
      });
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /**
   * Stops the worker and frees the engine's memory. Calls still queued or running reject.
   * Safe to call more than once.
   */
  dispose() {
    if (this.dead) return;
    this.die('This Plume engine was disposed.');
  }
}

/** Entry point. */
export const Plume = {
  /**
   * Starts an engine in a worker and loads a model into it.
   * @param {LoadOptions} options
   * @returns {Promise<PlumeEngine>}
   */
  async load(options = {}) {
    if (options === null || typeof options !== 'object' || isBytes(options) || isBlob(options) ||
        typeof options === 'string') {
      throw new PlumeError('Plume.load expects {model, onProgress?}, e.g. ' +
        "Plume.load({model: '../models/plume-default.gguf'})");
    }
    const unknown = Object.keys(options).filter(k => !['model', 'onProgress', 'engineUrl'].includes(k));
    if (unknown.length) {
      throw new PlumeError(`unknown Plume.load option ${JSON.stringify(unknown[0])} ` +
        '(known: model, onProgress, engineUrl)');
    }
    const engine = new PlumeEngine(await startWorker());
    try {
      await engine.load(options.model, { onProgress: options.onProgress, engineUrl: options.engineUrl });
      return engine;
    } catch (e) {
      engine.dispose();   // nothing to keep: the worker has no model
      throw e;
    }
  },
};

export default Plume;

// Campaigns (decision, execution, optimization) for the studio page: web/campaign.js.
export { CampaignWorkspace } from './campaign.js';

// The recommender (docs/recommend.md) from the main module: load interactions, train, top-k for
// a user or a visitor's history with explanations, evaluate, Spark ALS factors in and out.
export { Recommender, loadInteractions, evaluate as evaluateRecommender, synthetic as syntheticInteractions } from './recommend.js';
export * as recommend from './recommend.js';

/** Human review of candidates (web/review.js), also importable on its own. */
export * as review from './review.js';

// Customer service (the FAQ knowledge base): web/faq.js.
export { FaqKnowledgeBase, FaqConversation } from './faq.js';
