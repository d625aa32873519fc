/**
 * The marketing ecosystem in the page: the manifest (brand, partners, channels, segments),
 * streaming imports of catalogs, customers and events, segments and RFM scores, per-segment
 * insights, and interactions for the recommender — run by the WASM core in the calling thread
 * (no model, no server: customer data never leaves the machine).
 *
 * ```js
 * import { validateManifest, Ecosystem } from './ecosystem.js';
 * const check = await validateManifest(manifest);        // { valid, errors: ['partners[2].type: ...'], ... }
 * const eco = await Ecosystem.create(manifest);
 * await eco.import('catalog', catalogFile);                 // a File/Blob, Uint8Array, ArrayBuffer or string
 * await eco.import('customers', customersFile);
 * await eco.import('events', eventsFile, { onProgress: p => bar.value = p.fraction, signal });
 * const vip = await eco.segment({ segment: 'vip' });       // { count, members, insights: { best_hour, ... } }
 * const rfm = await eco.rfm();                              // quintile counts, R x F grid, groups
 * eco.free();
 * ```
 * Imports are transactional: the file streams in chunks (the page stays responsive), every row
 * is checked, and nothing is committed unless the whole file is good; an error rejects with a
 * PlumeError naming the line and column. Definitions: docs/ecosystem.md.
 * @module ecosystem
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';

const DEFAULT_CHUNK = 1 << 20;

function manifestText(manifest) {
  if (manifest === null || manifest === undefined) return '';
  if (typeof manifest === 'string') return manifest;
  try {
    return JSON.stringify(manifest);
  } catch (e) {
    throw new PlumeError(`the manifest cannot be turned into JSON: ${e.message}`);
  }
}

async function core(options) {
  return loadCore(options?.engineUrl ? { engineUrl: options.engineUrl } : undefined);
}

/** Gives the browser a turn between chunks, so a long import never freezes the page. */
function yieldToEventLoop() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise(resolve => setTimeout(resolve, 0));
}

/** Splits any supported source into Uint8Array chunks of at most `size` bytes. */
async function* chunksOf(source, size) {
  if (typeof source === 'string') source = new TextEncoder().encode(source);
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.length));
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    for (let i = 0; i < source.size; i += size) yield new Uint8Array(await source.slice(i, i + size).arrayBuffer());
    return;
  }
  if (source && typeof source[Symbol.asyncIterator] === 'function') {
    for await (const piece of source) {
      const bytes = typeof piece === 'string' ? new TextEncoder().encode(piece) : new Uint8Array(piece.buffer ?? piece, piece.byteOffset ?? 0, piece.byteLength);
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.length));
    }
    return;
  }
  throw new PlumeError('import source must be a string, Uint8Array, ArrayBuffer, Blob/File or an async iterable of bytes');
}

function totalBytes(source) {
  if (typeof source === 'string') return null;  // known only after encoding; reported as bytes so far
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source.byteLength;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  return null;
}

/**
 * Checks a manifest; never throws for an invalid one (the problems are in `errors`).
 * @param {object|string} manifest the manifest (an object or its JSON text)
 * @returns {Promise<{valid: boolean, errors: string[], truncated: boolean, summary?: object}>}
 */
export async function validateManifest(manifest, options = {}) {
  return callCore(await core(options), 'ecoValidateManifest', manifestText(manifest));
}

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A workspace in the engine: one manifest and the data imported into it. */
export class Ecosystem {
  #core;
  #id;

  constructor(coreModule, id) {
    this.#core = coreModule;
    this.#id = id;
  }

  /**
   * @param {object|string|null} manifest validated first; an invalid one rejects with its problems
   * @param {{engineUrl?: string}} [options]
   */
  static async create(manifest = null, options = {}) {
    const c = await core(options);
    const { workspace } = callCore(c, 'ecoCreate', manifestText(manifest));
    return new Ecosystem(c, workspace);
  }

  #call(name, ...args) {
    if (this.#id === null) throw new PlumeError('this ecosystem was freed');
    return callCore(this.#core, name, this.#id, ...args);
  }

  /**
   * Streams a file into the workspace and commits it when every row is good.
   * @param {'catalog'|'customers'|'events'} kind
   * @param {string|Uint8Array|ArrayBuffer|Blob|AsyncIterable<Uint8Array>} source
   * @param {object} [options]
   * @param {'csv'|'json'} [options.format='csv'] JSON is for catalogs (an array of objects)
   * @param {number} [options.chunkSize=1048576] bytes per call into the engine
   * @param {boolean} [options.createUnknownCustomers=true] events of unknown users create customers
   * @param {(p: {bytes:number, totalBytes:number|null, rows:number, line:number, fraction:number|null}) => void} [options.onProgress]
   * @param {AbortSignal} [options.signal] aborting drops everything staged
   * @returns {Promise<{summary: object, store: object}>}
   */
  async import(kind, source, { format = 'csv', chunkSize = DEFAULT_CHUNK, createUnknownCustomers = true, onProgress, signal } = {}) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new PlumeError('chunkSize must be a positive integer');
    const { import: handle } = this.#call('ecoImportBegin', kind, JSON.stringify({ format, createUnknownCustomers }));
    const total = totalBytes(source);
    let open = true;
    try {
      for await (const chunk of chunksOf(source, chunkSize)) {
        if (signal?.aborted) throw new PlumeError('the import was cancelled');
        const reply = callCore(this.#core, 'ecoImportFeed', handle, chunk);
        if (onProgress) {
          const p = reply.progress;
          onProgress({ ...p, totalBytes: total, fraction: total ? p.bytes / total : null });
        }
        await yieldToEventLoop();
      }
      if (signal?.aborted) throw new PlumeError('the import was cancelled');
      open = false;
      return callCore(this.#core, 'ecoImportFinish', handle);
    } catch (e) {
      // A failed feed has already closed the import in the engine; aborting again is harmless.
      if (open) callCore(this.#core, 'ecoImportAbort', handle);
      throw e instanceof PlumeError ? e : new PlumeError(e.message);
    }
  }

  /** Counts of products, customers, events, ... @returns {Promise<object>} */
  async counts() { return this.#call('ecoCounts').store; }

  /**
   * The customers of a segment and its insights.
   * @param {{segment?: string, condition?: object, tz?: string, as_of?: string|number, top?: number,
   *   members?: number, purchase_type?: string, engagement_types?: string[]}} options `segment` is a
   *   manifest segment id; `condition` a GrowthBook condition over customer attributes
   */
  async segment(options) { return this.#call('ecoSegment', JSON.stringify(options ?? {})); }

  /** RFM scores: customers per R, F and M score, the R x F grid, customers per group. */
  async rfm(options = {}) { return this.#call('ecoRfm', JSON.stringify(options)).rfm; }

  /** What a segment condition sees for one customer (by id or alias). */
  async customer(id, options = {}) { return this.#call('ecoCustomer', String(id), JSON.stringify(options)).attributes; }

  /**
   * Recommender input from the events: [[customerId, itemId, weight, latestTimestamp], ...].
   * @param {Object<string, number>} [weights] event type -> weight (default view 1, click 2, add_to_cart 3, purchase 5)
   */
  async interactions(weights) { return this.#call('ecoInteractions', weights ? JSON.stringify(weights) : ''); }

  /**
   * The imported catalog: [{id, title, description, price, currency, category, brand, link,
   * image_link, availability, partner}] (what a widget bundle publishes: web/widget-bundle.js).
   */
  async products() { return this.#call('ecoProducts').products; }

  /**
   * Products for display: the given ids in that order (unknown ids skipped), or the first `limit`.
   * @param {{ids?: string[], limit?: number}} [options]
   * @returns {Promise<{total: number, products: Array<{id: string, title: string, category: string,
   *   brand: string, price: number, currency: string, availability: string, partner: string}>}>}
   */
  async findProducts(options = {}) { return this.#call('ecoFindProducts', JSON.stringify(options ?? {})); }

  /** Releases the workspace's memory in the engine. */
  /**
   * What one partner may see (docs/ecosystem.md, "Partner views"): its own products with the
   * columns its data_scope lists, the campaigns that use its channels or products, and
   * aggregates per channel / segment / day with groups of fewer than k (>= 5) customers
   * suppressed. Built by the core from the partner's data_scope; the result is plain, frozen
   * data with no way back to the workspace.
   * @param {string} partnerId exactly as in the manifest
   * @param {{campaigns?: Array<{id: string, channel?: string, partner?: string, products?: string[]}>, k?: number}} [options]
   * @returns {Promise<object>} {partner, k, productFields, products, campaigns, aggregates}
   */
  async partnerView(partnerId, options = {}) {
    if (typeof partnerId !== 'string') throw new PlumeError('partnerId must be a string');
    return deepFreeze(this.#call('ecoPartnerView', partnerId, JSON.stringify(options ?? {})).view);
  }

  free() {
    if (this.#id === null) return;
    callCore(this.#core, 'ecoFree', this.#id);
    this.#id = null;
  }
}
