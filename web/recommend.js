/**
 * The recommender, run by the WASM core in the calling thread (no model file needed):
 * train on interactions (CSV or JSON), or load a saved model or Spark MLlib ALS factors; then
 * top-k for a known user or an ad-hoc visitor history, with filters, partner diversity and
 * explanations. Data never leaves the page.
 *
 * ```js
 * import { Recommender, loadInteractions, evaluate, synthetic } from './recommend.js';
 * await loadInteractions(csvText);   // { users, items, interactions, explicit, ... } or a located error
 * const rec = await Recommender.train(csvText, { algo: 'als' });     // als|bpr|svd|itemknn|userknn|pop
 * await rec.setCatalog(itemsCsv);                  // item,category,brand,tags,price,partner,available
 * await rec.top({ user: 'c-42', k: 10 });           // [{ item, score }]
 * await rec.top({ history: ['SKU-1'], k: 5, categories: ['tea'], maxPerPartner: 2, explain: true });
 * //  -> [{ item, score, because: [{ item: 'SKU-1', contribution }] }]
 * await rec.foldIn(['SKU-1', { item: 'SKU-2', value: 3 }]);        // the visitor's factor vector
 * const saved = await rec.save('json');             // one JSON text; save('files') gives Spark-shaped files
 * const spark = await Recommender.load({ userFactors: [part0, part1], itemFactors: [part0],
 *   'user_ids.jsonl': userMap, 'item_ids.jsonl': itemMap }, { spark: { alpha: 1, reg: 0.1 } });
 * await evaluate(csvText, { algo: 'als', split: 'user:0.8', k: 10 });   // Spark-defined ranking metrics
 * rec.free();
 * ```
 * The same API is re-exported by `plume.js` (`import { Recommender } from './plume.js'`).
 * Bad input rejects with a PlumeError naming the problem (line and column of a bad CSV cell,
 * an unknown user or item, an out-of-range option). Same numbers as `plume recommend`.
 * @module recommend
 */

import { callCore, loadCore } from './plume-core.js';
import { PlumeError } from './plume.js';

function text(value, what) {
  if (typeof value !== 'string') throw new PlumeError(`${what} must be a string (CSV or JSON text)`);
  return value;
}

function object(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new PlumeError(`${what} must be an object`);
  return value;
}

/**
 * Reads interactions (CSV with a header naming user and item, MovieLens u.data, or a JSON array)
 * without training: counts, whether values are ratings, the time span and the first ids; a bad
 * cell rejects with its line and column. Repeated (user, item) rows are merged as training
 * merges them (ratings: the latest; events: weights add up).
 * @param {string} interactions
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{users: number, items: number, interactions: number, explicit: boolean, density: number,
 *   firstTimestamp: number, lastTimestamp: number, firstUsers: string[], firstItems: string[]}>}
 */
export async function loadInteractions(interactions, { engineUrl } = {}) {
  const core = await loadCore(engineUrl ? { engineUrl } : {});
  return callCore(core, 'recommendInspect', text(interactions, 'interactions'));
}

/** A trained or loaded recommender held by the engine (free() releases it). */
export class Recommender {
  /** @private */
  constructor(core, info, engineUrl) {
    this.core = core;
    this.handle = info.handle;
    this.info = info;
    this.engineUrl = engineUrl;
  }

  /**
   * Trains on interactions: CSV with a header naming user and item (and rating, event or
   * value, timestamp), MovieLens u.data, or a JSON array of such objects.
   * @param {string} interactions
   * @param {{algo?: string, factors?: number, iterations?: number, reg?: number, alpha?: number,
   *   lr?: number, neighbors?: number, similarity?: string, seed?: number, engineUrl?: string}} [options]
   */
  static async train(interactions, options = {}) {
    const { engineUrl, ...rest } = object(options, 'options');
    const core = await loadCore(engineUrl ? { engineUrl } : {});
    const info = callCore(core, 'recommendTrain', text(interactions, 'interactions'), JSON.stringify(rest));
    return new Recommender(core, info, engineUrl);
  }

  /**
   * Loads a saved model ({ 'model.json': text }) or Spark ALS output ({ userFactors: [part
   * texts], itemFactors: [...], 'user_ids.jsonl'?, 'item_ids.jsonl'? }).
   * @param {Record<string, string|string[]>} files
   * @param {{spark?: {kind?: 'implicit'|'explicit', alpha?: number, reg?: number}, interactions?: string, engineUrl?: string}} [options]
   */
  static async load(files, options = {}) {
    const { engineUrl, spark = {}, interactions = '' } = object(options, 'options');
    const core = await loadCore(engineUrl ? { engineUrl } : {});
    const info = callCore(core, 'recommendLoad', JSON.stringify(object(files, 'files')), JSON.stringify(spark),
      text(interactions, 'interactions'));
    return new Recommender(core, info, engineUrl);
  }

  /** Adds item attributes (CSV or JSON): content scores for cold start, filters, partners. */
  async setCatalog(catalog) {
    this.info = callCore(this.core, 'recommendSetCatalog', this.handle, text(catalog, 'catalog'));
    return this.info;
  }

  /**
   * Top-k items. Give `user` (a known id) or `history` (item ids, or {item, value}).
   * @param {{user?: string, history?: Array<string|{item: string, value?: number}>, k?: number,
   *   categories?: string[], partners?: string[], priceBands?: string[], minPrice?: number, maxPrice?: number,
   *   availableOnly?: boolean, maxPerPartner?: number, roundRobin?: boolean, explain?: boolean,
   *   explainTop?: number, includeOwned?: boolean, halfWeight?: number}} request
   * @returns {Promise<Array<{item: string, score: number, because?: Array<{item: string, contribution: number}>}>>}
   */
  async top(request = {}) {
    return callCore(this.core, 'recommendTop', this.handle, JSON.stringify(object(request, 'request'))).items;
  }

  /** A new visitor's factor vector (factor models only). */
  async foldIn(history) {
    if (!Array.isArray(history)) throw new PlumeError('history must be an array of item ids or {item, value}');
    return callCore(this.core, 'recommendFoldIn', this.handle, JSON.stringify(history)).vector;
  }

  /** 'json': one JSON text; 'files': { path: text } with model.json and Spark-shaped factor files. */
  async save(format = 'json') {
    const reply = callCore(this.core, 'recommendSave', this.handle, format);
    return format === 'json' ? reply.model : reply.files;
  }

  /** Releases the engine's copy. */
  free() {
    if (this.handle) callCore(this.core, 'recommendFree', this.handle);
    this.handle = 0;
  }
}

/**
 * Offline evaluation on a seeded split: {precision_at_k, recall_at_k, ndcg_at_k, map_at_k,
 * hit_rate_at_k, coverage, rmse, mae, train_seconds} (Spark RankingMetrics definitions).
 * @param {string} interactions
 * @param {{algo?: string, split?: string, k?: number, seed?: number, engineUrl?: string}} [options]
 */
export async function evaluate(interactions, options = {}) {
  const { engineUrl, ...rest } = object(options, 'options');
  const core = await loadCore(engineUrl ? { engineUrl } : {});
  return callCore(core, 'recommendEvaluate', text(interactions, 'interactions'), JSON.stringify(rest));
}

/** Synthetic interactions with planted structure, as CSV text. */
export async function synthetic(options = {}) {
  const { engineUrl, ...rest } = object(options, 'options');
  const core = await loadCore(engineUrl ? { engineUrl } : {});
  return callCore(core, 'recommendSynthetic', JSON.stringify(rest)).csv;
}
