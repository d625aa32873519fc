// The worker side of PlumeEngine.finetune(): brand-voice fine-tuning of the loaded GGUF model on
// the user's texts, through the Embind class `Finetune` (src/wasm/bind_finetune.cpp, over
// src/train/finetune.h). Imported by web/plume-worker.js only.
//
// The training runs in small chunks of steps; between chunks the worker yields to its event loop,
// so a {type: 'cancel'} message gets in and stops the run after the current chunk (a chunk is
// sized to take about CHUNK_MS). The loaded model is never modified: the session trains its own
// F32 copy of the weights, and a cancelled or failed run only frees that copy. On success the
// tuned model comes back as GGUF bytes (the input's quantization); loading it is a separate,
// explicit load() by the caller.
//
// Progress events (worker → main): {id, type: 'finetune', phase, ...}
//   phase 'prepared'  report      what cleaning removed, the split, the shape, the memory estimate
//   phase 'evaluated' perplexityBefore
//   phase 'step'      step, steps, loss, losses (one per step of the chunk), lr, elapsedMs,
//                     tokensPerSecond
//   phase 'exporting'

/** Target wall time of one chunk of steps: short enough that a cancel feels immediate. */
const CHUNK_MS = 250;

/**
 * Runs one fine-tune request.
 * @param {object} ctx  {mod, callOn(target, method, ...args), post(msg, transfer), yieldToEventLoop,
 *   model: {ptr, size} of the loaded GGUF (or null), job: {cancelled}, UserError}
 * @param {number} id   the request id
 * @returns {Promise<{value: object, transfer: Transferable[]}>}
 * @param {{data: object, options: object}} msg  data: {format: 'texts', texts} |
 *   {format: 'text'|'jsonl', text?: string, bytes?: Uint8Array, blob?: Blob, source?: string (its name in messages)}
 */
export async function runFinetune(ctx, id, { data, options }) {
  const { mod, callOn, post, yieldToEventLoop, model, job, UserError } = ctx;
  if (!model) {
    throw new UserError('fine-tuning needs a GGUF model: the loaded model is a Hugging Face checkpoint ' +
      '(convert it with `plume convert --type q8_0`) or none is loaded');
  }
  const format = data?.format;
  if (!['texts', 'text', 'jsonl'].includes(format)) throw new UserError(`unknown data format ${format}`);
  let payload;
  if (format === 'texts') payload = JSON.stringify(data.texts);
  else if (data.blob) payload = new Uint8Array(await data.blob.arrayBuffer());
  else if (data.bytes) payload = data.bytes;
  else payload = String(data.text ?? '');

  const started = performance.now();
  if (job.cancelled) {  // aborted before it began: nothing to allocate
    return { value: { cancelled: true, report: null, step: 0, perplexityBefore: null, elapsedMs: 0, tokensPerSecond: 0,
      heapBytes: mod.HEAPU8.buffer.byteLength }, transfer: [] };
  }
  const session = new mod.Finetune();
  try {
    const { report } = callOn(session, 'start', model.ptr, model.size, payload, format, String(data.source ?? ''),
      JSON.stringify(options ?? {}));
    payload = null;
    post({ id, type: 'finetune', phase: 'prepared', report });
    await yieldToEventLoop();
    const before = job.cancelled ? null : callOn(session, 'evaluate');
    if (before) post({ id, type: 'finetune', phase: 'evaluated', perplexityBefore: before.perplexity });

    let step = 0;
    let tokens = 0;
    let chunk = 1;
    const trainStart = performance.now();
    const lastLosses = [];
    for (;;) {
      await yieldToEventLoop();
      if (job.cancelled) break;
      const t0 = performance.now();
      const r = callOn(session, 'step', chunk);
      const ms = performance.now() - t0;
      step = r.step;
      tokens += r.tokens;
      lastLosses.push(...r.losses);
      const elapsedMs = performance.now() - started;
      const trainMs = performance.now() - trainStart;
      post({ id, type: 'finetune', phase: 'step', step: r.step, steps: r.steps, loss: r.loss, losses: r.losses,
        lr: r.lr, elapsedMs, tokensPerSecond: trainMs > 0 ? tokens / (trainMs / 1000) : 0 });
      if (r.done) break;
      // Aim each chunk at CHUNK_MS from the measured time per step (1..64 steps).
      const perStep = ms / Math.max(1, r.losses.length);
      chunk = Math.max(1, Math.min(64, Math.floor(CHUNK_MS / Math.max(perStep, 0.01))));
    }
    const trainMs = performance.now() - trainStart;
    const common = {
      report, step, perplexityBefore: before?.perplexity ?? null, elapsedMs: performance.now() - started,
      tokensPerSecond: trainMs > 0 ? tokens / (trainMs / 1000) : 0, heapBytes: mod.HEAPU8.buffer.byteLength,
    };
    if (job.cancelled) return { value: { ...common, cancelled: true }, transfer: [] };

    const after = callOn(session, 'evaluate');
    post({ id, type: 'finetune', phase: 'exporting' });
    const exported = callOn(session, 'exportGguf');
    // A copy out of the heap (slice), handed to the main thread without a second copy.
    const ggufBytes = mod.HEAPU8.slice(exported.ptr, exported.ptr + exported.size);
    return {
      value: { ...common, cancelled: false, perplexityAfter: after.perplexity, lossBefore: before.loss,
        lossAfter: after.loss, heapBytes: mod.HEAPU8.buffer.byteLength, ggufBytes },
      transfer: [ggufBytes.buffer],
    };
  } finally {
    // Frees the session's weights, moments and activations (the WASM heap keeps its size for
    // the next run: WebAssembly memory never shrinks).
    try { session.free(); session.delete(); } catch { /* the instance died: reported by callOn */ }
  }
}
