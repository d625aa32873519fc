/**
 * The page's side of recommend-worker.js: one worker, requests as promises, training progress
 * as a callback. Created lazily by the Recommendations view; `terminate()` gives its memory back.
 *
 * ```js
 * import { RecommendClient } from './recommend-client.js';
 * const client = new RecommendClient();
 * await client.request('load', { files }, p => bar.value = p.fraction ?? NaN);
 * const { items } = await client.request('top', { request: { user: 'C0001', k: 10 } });
 * ```
 * @module recommend-client
 */

export class RecommendClient {
  #worker = null;
  #next = 1;
  #pending = new Map();

  #start() {
    if (this.#worker) return this.#worker;
    this.#worker = new Worker(new URL('./recommend-worker.js', import.meta.url), { type: 'module' });
    this.#worker.addEventListener('message', event => {
      const msg = event.data;
      const job = this.#pending.get(msg.id);
      if (!job) return;
      if (msg.type === 'progress') return job.onProgress?.(msg);
      this.#pending.delete(msg.id);
      if (msg.type === 'result') job.resolve(msg.value);
      else job.reject(new Error(msg.message));
    });
    this.#worker.addEventListener('error', event => {
      const error = new Error(`the recommender worker failed: ${event.message ?? 'unknown error'}`);
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
      this.#worker = null;
    });
    return this.#worker;
  }

  /**
   * @param {'load'|'top'|'search'|'products'|'history'} type
   * @param {object} [payload]
   * @param {(p: {phase: string, fraction: number|null}) => void} [onProgress]
   */
  request(type, payload = {}, onProgress) {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...payload, id, type });
    });
  }

  terminate() {
    this.#worker?.terminate();
    this.#worker = null;
    for (const job of this.#pending.values()) job.reject(new Error('the recommender was stopped'));
    this.#pending.clear();
  }
}
