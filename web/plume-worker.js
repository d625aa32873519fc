// The worker side of web/plume.js: owns one WASM engine and runs every call on it, one at a
// time, so the page's thread never blocks. Talks to the engine only through the ABI of
// docs/engine-abi.md (every method returns a JSON string {"ok": true|false, ...}).
//
// Protocol (main → worker): {id, type: 'load'|'call'|'generate'|'finetune'|'write', ...}, {type: 'cancel', target},
// {type: 'chunk', id, part, bytes} (answer to a pull).
// Worker → main: {type: 'ready'} once; then per request {id, type: 'result', value} or
// {id, type: 'error', message, fatal}, and events {id, type: 'progress'|'tokens'|'pull', ...}.
//
// Runs as a module Web Worker in browsers and on node:worker_threads in Node.

import { loadEngineModule } from './engine-loader.js';
import { runFinetune } from './plume-finetune.js';
import { runWrite } from './plume-write-worker.js';

const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node &&
  typeof WorkerGlobalScope === 'undefined';

/** The transport to the main thread, the same shape on both platforms. */
const port = await (async () => {
  if (IS_NODE) {
    const { parentPort } = await import('node:worker_threads');
    return { post: (m, t) => parentPort.postMessage(m, t), listen: fn => parentPort.on('message', fn) };
  }
  return { post: (m, t) => self.postMessage(m, t), listen: fn => self.addEventListener('message', e => fn(e.data)) };
})();

/** How many bytes to read per piece from a file or from the main thread's buffer. */
const PIECE = 4 << 20;

class UserError extends Error {}
/** The engine instance itself died (abort, out of memory, trap): nothing can be called again. */
class FatalError extends Error {}

let mod = null;          // the Emscripten module
let engine = null;       // the Embind Engine
let fatal = null;        // message once the instance died
let abortReason = null;  // what Emscripten reported in onAbort
const jobs = new Map();  // running generations by request id: {cancelled}
const chunkWaiters = new Map();  // `${id}/${part}` → resolve(bytes)
const pendingCancels = new Set(); // cancels that arrived before their request started
let lastStarted = 0;             // ids arrive in increasing order and run in that order
let ggufModel = null;            // {ptr, size} of the loaded GGUF (the engine owns it): fine-tuning reads it

// ---------------------------------------------------------------------------------------------
// The engine

async function ensureEngine(engineUrl) {
  if (engine) return;
  const options = {
    onAbort: what => { abortReason = String(what); },
    printErr: text => console.error('[plume-engine]', text),
  };
  try {
    mod = await loadEngineModule(engineUrl, options);
    engine = new mod.Engine();
  } catch (e) {
    mod = null;
    if (/could not (load|read) the WASM engine/.test(e.message)) throw new UserError(e.message);
    throw new UserError(`could not start the WASM engine (${abortReason ?? e.message}). It needs ` +
      'WebAssembly with SIMD: Chrome/Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+.');
  }
}

/** Calls one engine method; returns the parsed answer or throws the engine's message. */
function call(method, ...args) {
  if (!engine && !fatal) throw new UserError('no model is loaded yet');
  return callOn(engine, method, ...args);
}

/** The same for another Embind object of the instance (the fine-tuning session). */
function callOn(target, method, ...args) {
  if (fatal) throw new FatalError(fatal);
  let text;
  try {
    text = target[method](...args);
  } catch (e) {
    // The ABI says methods never throw: an exception here means the instance trapped or aborted
    // (typically out of memory). Its state is unknown, so it is never called again.
    const why = abortReason ?? (e?.message || String(e));
    fatal = `The Plume engine crashed during ${method}() (${why}), probably because it ran out ` +
      'of memory. Its state is lost: load the model again with Plume.load().';
    throw new FatalError(fatal);
  }
  let reply;
  try {
    reply = JSON.parse(text);
  } catch {
    throw new UserError(`the engine's ${method}() returned something that is not JSON: ` +
      JSON.stringify(String(text).slice(0, 80)));
  }
  if (!reply.ok) throw new UserError(reply.error || `${method}() failed without a message`);
  return reply;
}

// ---------------------------------------------------------------------------------------------
// Model bytes → WASM heap, with a single copy

/**
 * Collects bytes into the WASM heap. When the size is known up front, one malloc and every
 * piece goes straight to its place. Otherwise the pieces are kept and copied once at the end.
 */
class HeapWriter {
  constructor(size, what) {
    this.what = what;
    this.size = size;
    this.offset = 0;
    this.pieces = null;
    this.ptr = 0;
    if (size !== null) this.ptr = malloc(size, what);
    else this.pieces = [];
  }

  write(bytes) {
    if (this.pieces) { this.pieces.push(bytes); this.offset += bytes.byteLength; return; }
    if (this.offset + bytes.byteLength > this.size) {
      // The announced size was wrong (e.g. a compressed Content-Length): fall back to collecting.
      const sofar = mod.HEAPU8.slice(this.ptr, this.ptr + this.offset);
      mod._free(this.ptr);
      this.ptr = 0;
      this.pieces = [sofar, bytes];
      this.offset += bytes.byteLength;
      return;
    }
    mod.HEAPU8.set(bytes, this.ptr + this.offset);
    this.offset += bytes.byteLength;
  }

  /** A view of the next `n` bytes of the heap buffer, to read a file straight into. */
  view(n) { return new Uint8Array(mod.HEAPU8.buffer, this.ptr + this.offset, n); }

  /** Returns {ptr, size}: the caller passes them to the engine, which then owns the memory. */
  finish() {
    if (this.pieces) {
      this.size = this.offset;
      this.ptr = malloc(this.size, this.what);
      let at = this.ptr;
      for (const p of this.pieces) { mod.HEAPU8.set(p, at); at += p.byteLength; }
      this.pieces = null;
    } else if (this.offset !== this.size) {
      this.abandon();
      throw new UserError(`${this.what}: the download ended early: got ${this.offset} of ` +
        `${this.size} bytes`);
    }
    const out = { ptr: this.ptr, size: this.size };
    this.ptr = 0;
    return out;
  }

  abandon() {
    if (this.ptr) mod._free(this.ptr);
    this.ptr = 0;
    this.pieces = null;
  }
}

/** The most a wasm32 engine can address (-sMAXIMUM_MEMORY in CMakeLists.txt). */
const HEAP_MAX = 4 * 2 ** 30;

function malloc(size, what) {
  if (size === 0) throw new UserError(`${what} is empty (0 bytes)`);
  // Checked here because _malloc takes a 32-bit size: 5 GB would wrap around to 0.7 GB.
  if (size >= HEAP_MAX) {
    throw new UserError(`${what} is ${(size / 2 ** 20).toFixed(0)} MB, more than the 4096 MB a ` +
      'WebAssembly engine can use in all: use a smaller or quantized (Q8_0/F16) model');
  }
  const ptr = mod._malloc(size);
  if (!ptr) {
    throw new UserError(`not enough memory for ${what} (${(size / 2 ** 20).toFixed(1)} MB): ` +
      'a WebAssembly engine can use at most 4 GB, and the browser may allow less');
  }
  return ptr;
}

/** Reads a byte source ({kind: url|path|blob|buffer}) into the heap. */
async function readIntoHeap(id, src, what, progress) {
  let writer = null;
  try {
    if (src.kind === 'url') {
      let res;
      try {
        res = await fetch(src.url);
      } catch (e) {
        throw new UserError(`could not download ${what} from ${src.name} (${e.message})`);
      }
      if (!res.ok) {
        throw new UserError(`could not download ${what} from ${src.name}: HTTP ${res.status}` +
          (res.status === 404 ? ' (file not found)' : ` ${res.statusText}`));
      }
      const length = Number(res.headers.get('content-length'));
      const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
      const total = Number.isFinite(length) && length > 0 ? length : null;
      // A compressed body is longer than its Content-Length: then collect first, copy once.
      writer = new HeapWriter(encoded ? null : total, what);
      progress(0, total);
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        writer.write(value);
        progress(writer.offset, total);
      }
    } else if (src.kind === 'path') {
      const { open } = await import('node:fs/promises');
      let fh;
      try {
        fh = await open(src.path, 'r');
      } catch (e) {
        throw new UserError(`could not open ${what} ${src.path} (${e.code === 'ENOENT' ? 'no such file' : e.message})`);
      }
      try {
        const { size } = await fh.stat();
        writer = new HeapWriter(size, what);
        progress(0, size);
        while (writer.offset < size) {
          // Read straight into the heap: no copy at all.
          const n = Math.min(PIECE, size - writer.offset);
          const { bytesRead } = await fh.read(writer.view(n), 0, n, writer.offset);
          if (bytesRead === 0) throw new UserError(`${src.path} shrank while it was being read`);
          writer.offset += bytesRead;
          progress(writer.offset, size);
        }
      } finally {
        await fh.close();
      }
    } else if (src.kind === 'blob') {
      writer = new HeapWriter(src.blob.size, what);
      progress(0, src.blob.size);
      const reader = src.blob.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        writer.write(value);
        progress(writer.offset, src.blob.size);
      }
    } else if (src.kind === 'buffer') {
      // Pull the caller's buffer one piece at a time, so it is never copied whole.
      writer = new HeapWriter(src.size, what);
      progress(0, src.size);
      while (writer.offset < src.size) {
        const n = Math.min(PIECE, src.size - writer.offset);
        const piece = await pull(id, src.part, writer.offset, n);
        if (piece.byteLength !== n) throw new UserError(`${what}: the buffer changed while it was being read`);
        writer.write(piece);
        progress(writer.offset, src.size);
      }
    } else {
      throw new UserError(`unknown source kind ${src.kind}`);
    }
    return writer.finish();
  } catch (e) {
    writer?.abandon();
    throw e;
  }
}

function pull(id, part, offset, length) {
  return new Promise(resolve => {
    chunkWaiters.set(`${id}/${part}`, resolve);
    port.post({ id, type: 'pull', part, offset, length });
  });
}

/** Reads a text source ({kind: text|url|path|blob}) into a string. */
async function readText(src, what) {
  if (src.kind === 'text') return src.text;
  if (src.kind === 'blob') return src.blob.text();
  if (src.kind === 'path') {
    const { readFile } = await import('node:fs/promises');
    try {
      return await readFile(src.path, 'utf8');
    } catch (e) {
      throw new UserError(`could not read ${what} ${src.path} (${e.code === 'ENOENT' ? 'no such file' : e.message})`);
    }
  }
  let res;
  try {
    res = await fetch(src.url);
  } catch (e) {
    throw new UserError(`could not download ${what} from ${src.name} (${e.message})`);
  }
  if (!res.ok) throw new UserError(`could not download ${what} from ${src.name}: HTTP ${res.status}`);
  return res.text();
}

async function load(id, { source, engineUrl }) {
  await ensureEngine(engineUrl);
  if (fatal) throw new FatalError(fatal);
  const sendProgress = (phase, loaded, total) => port.post({ id, type: 'progress', phase, loaded, total });
  // At most ~100 progress messages for a download, whatever the chunk sizes.
  let lastPct = -1;
  const download = (loaded, total) => {
    const pct = total ? Math.floor((loaded / total) * 100) : Math.floor(loaded / (1 << 20));
    if (pct !== lastPct || loaded === total) { lastPct = pct; sendProgress('download', loaded, total); }
  };

  let texts = null;
  if (source.format === 'hf') {
    texts = {
      config: await readText(source.config, 'config.json'),
      vocab: await readText(source.vocab, 'vocab.json'),
      merges: await readText(source.merges, 'merges.txt'),
    };
  }
  const what = source.format === 'hf' ? 'model.safetensors' : 'the model';
  const { ptr, size } = await readIntoHeap(id, source.model, what, download);
  sendProgress('load', 0, size);
  // From here the engine owns ptr (it frees it on error).
  const reply = source.format === 'hf'
    ? call('loadHf', ptr, size, texts.config, texts.vocab, texts.merges)
    : call('loadGguf', ptr, size);
  ggufModel = source.format === 'hf' ? null : { ptr, size };  // only once the engine took it
  sendProgress('load', size, size);
  return reply.info;
}

// ---------------------------------------------------------------------------------------------
// Generation: step() by step(), giving the event loop a turn in between so a cancel gets in.

const yieldToEventLoop = (() => {
  if (IS_NODE) return () => new Promise(resolve => setImmediate(resolve));
  // setTimeout(0) is clamped to 4 ms after a few nestings; a MessageChannel is not.
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () => new Promise(resolve => { waiting.push(resolve); channel.port2.postMessage(null); });
})();

async function generate(id, { prompt, options, cancelled, timeoutMs }) {
  // The time-out is checked between steps (one step is one token for every sequence), so a
  // generation ends at most one step after its deadline, with the text it has.
  const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
  let timedOut = false;
  call('start', prompt, JSON.stringify(options));
  const job = { cancelled };
  jobs.set(id, job);
  try {
    for (;;) {
      await yieldToEventLoop();
      if (job.cancelled) { call('cancel'); break; }
      if (performance.now() >= deadline) { call('cancel'); timedOut = true; break; }
      const r = call('step');
      if (r.tokens?.length) port.post({ id, type: 'tokens', tokens: r.tokens });
      if (r.done) break;
    }
    const { sequences, stats, seed } = call('result');
    if (timedOut) for (const s of sequences) if (s.finishReason === 'cancelled') s.finishReason = 'timeout';
    return { sequences, stats, seed };
  } finally {
    jobs.delete(id);
  }
}

// Fine-tuning (web/plume-finetune.js): chunks of steps with the same yield/cancel as generate.
async function finetune(id, msg) {
  const job = { cancelled: !!msg.cancelled };
  jobs.set(id, job);
  try {
    if (!engine) throw new UserError('no model is loaded yet');
    const post = (m, t) => port.post(m, t);
    const out = await runFinetune({ mod, callOn, post, yieldToEventLoop, model: ggufModel, job, UserError }, id, msg);
    return { [TRANSFER]: true, ...out };
  } finally {
    jobs.delete(id);
  }
}

// ---------------------------------------------------------------------------------------------
// Dispatch: requests run one after another; cancels and chunks are handled at once.

/** Marks a handler's answer {value, transfer} whose buffers move to the main thread uncopied. */
const TRANSFER = Symbol('transfer');

const CALLS = new Set(['info', 'tokenize', 'detokenize', 'score', 'attention']);
let tail = Promise.resolve();

async function handle(msg) {
  switch (msg.type) {
    case 'load': return load(msg.id, msg);
    case 'generate': return generate(msg.id, msg);
    case 'finetune': return finetune(msg.id, msg);
    // Candidates -> filter -> rank (web/write.js; the steps are in web/plume-write-worker.js).
    case 'write': return runWrite({ mod, call, callOn, generate, UserError, FatalError }, msg.id, msg);
    case 'call': {
      if (!CALLS.has(msg.method)) throw new UserError(`unknown method ${msg.method}`);
      const { ok, ...rest } = call(msg.method, ...(msg.args ?? []));
      return msg.method === 'info' ? rest.info : rest;
    }
    default: throw new UserError(`unknown request type ${msg.type}`);
  }
}

port.listen(msg => {
  if (msg?.type === 'cancel') {
    const job = jobs.get(msg.target);
    if (job) job.cancelled = true;
    else if (msg.target > lastStarted) pendingCancels.add(msg.target);  // else: already over
    return;
  }
  if (msg?.type === 'chunk') {
    const key = `${msg.id}/${msg.part}`;
    const resolve = chunkWaiters.get(key);
    chunkWaiters.delete(key);
    resolve?.(msg.bytes);
    return;
  }
  const run = async () => {
    lastStarted = msg.id;
    if (pendingCancels.delete(msg.id)) msg.cancelled = true;
    try {
      const value = await handle(msg);
      if (value?.[TRANSFER]) port.post({ id: msg.id, type: 'result', value: value.value }, value.transfer);
      else port.post({ id: msg.id, type: 'result', value });
    } catch (e) {
      const isFatal = e instanceof FatalError || fatal !== null;
      const message = e instanceof UserError || e instanceof FatalError ? e.message :
        `unexpected error in the Plume worker: ${e?.message ?? e}`;
      port.post({ id: msg.id, type: 'error', message: isFatal ? (fatal ?? message) : message, fatal: isFatal });
    }
  };
  tail = tail.then(run);
});

port.post({ type: 'ready' });
