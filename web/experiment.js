/**
 * A/B experiments in the page: GrowthBook-compatible assignment, targeting conditions, event
 * tracking and per-variation aggregates, run by the WASM core in the calling thread (no model,
 * no server, nothing leaves the machine).
 *
 * ```js
 * import { assign, evalCondition, track, aggregate } from './experiment.js';
 * const exp = { key: 'spring-email', variations: ['control', 'emoji'], hashVersion: 2 };
 * const r = await assign(exp, { id: 'u123', country: 'CN' });
 * // r: { inExperiment, variationId, value, key, bucket, hashUsed, hashAttribute, hashValue, ... }
 * const log = [];
 * if (r.exposure) track(log, r.exposure);                       // the user saw r.value
 * track(log, { type: 'purchase', user: 'u123', value: 129 });   // later: revenue
 * const stats = await aggregate(log, { experiment: 'spring-email', metric: 'purchase', kind: 'continuous' });
 * // stats.variations: [{ name, users, conversions, sum, sum_squares }, ...]
 * await evalCondition({ country: { $in: ['CN', 'TW'] } }, { country: 'CN' });  // true
 * ```
 * Assignment is bit-compatible with GrowthBook's SDKs (same hash, same buckets), so the same
 * user sees the same variation here, natively (`plume ab assign`) and in any GrowthBook SDK.
 * Errors reject with a PlumeError naming the field, line or column that is wrong.
 * The statistics (analyze, power, banditWeights, simulateBandit, adjustPValues) are re-exported
 * from experiment-stats.js, so `aggregate()`'s output goes straight into `analyze()`.
 * @module experiment
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';

export * from './experiment-stats.js';

function toJson(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new PlumeError(`${what} cannot be turned into JSON: ${e.message}`);
  }
  if (text === undefined) throw new PlumeError(`${what} must be JSON data (not a function or undefined)`);
  return text;
}

async function core(options) {
  return loadCore(options?.engineUrl ? { engineUrl: options.engineUrl } : undefined);
}

/**
 * Assigns a user to an experiment exactly as GrowthBook's `run` does.
 * @param {object} experiment a GrowthBook experiment object ({key, variations, weights, coverage,
 *   hashVersion, hashAttribute, fallbackAttribute, seed, namespace, filters, ranges, condition,
 *   force, active, meta, bucketVersion, minBucketVersion, ...}) or a Plume experiment definition
 *   ({key, varies, variations, weights, primaryMetric, guardrails, ...})
 * @param {object} attributes the user's attributes ({id: 'u123', country: 'CN', ...})
 * @param {object} [options] the rest of GrowthBook's context
 * @param {Object<string, any[]>} [options.savedGroups] groups for $inGroup / $notInGroup
 * @param {Object<string, number>} [options.forcedVariations] experiment key -> forced variation
 * @param {string} [options.url] page URL (only `?experiment-key=N` overrides are read)
 * @param {boolean} [options.qaMode] no one is assigned unless forced
 * @param {boolean} [options.enabled=true] false: no one is in any experiment
 * @param {object} [options.features] feature definitions, for prerequisites (parentConditions)
 * @param {object|object[]} [options.stickyBucketAssignmentDocs] turns sticky bucketing on with
 *   these documents; the updated documents come back in `stickyBucketAssignmentDocs`
 * @param {string} [options.engineUrl] where plume-engine.js is (default: web/dist/)
 * @returns {Promise<object>} GrowthBook's result ({inExperiment, variationId, value, key,
 *   hashUsed, hashAttribute, hashValue, bucket?, stickyBucketUsed, featureId}) plus `exposure`
 *   (the event to track, when in the experiment) and `stickyBucketAssignmentDocs` (when sticky)
 */
export async function assign(experiment, attributes = {}, options = {}) {
  const { engineUrl, ...context } = options ?? {};
  context.attributes = attributes ?? {};
  const reply = callCore(await core({ engineUrl }), 'experimentAssign',
    toJson(experiment, 'the experiment'), toJson(context, 'the context'));
  const result = reply.result;
  if (reply.exposure) result.exposure = reply.exposure;
  if (reply.stickyBucketAssignmentDocs) result.stickyBucketAssignmentDocs = reply.stickyBucketAssignmentDocs;
  return result;
}

/**
 * Evaluates a GrowthBook targeting condition (the same language defines segments in Plume).
 * A malformed condition rejects with the problem (GrowthBook itself would just say false).
 * @param {object} condition e.g. {country: 'CN', age: {$gte: 18}, $or: [...]}
 * @param {object} attributes the user's attributes
 * @param {Object<string, any[]>} [savedGroups] groups for $inGroup / $notInGroup
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<boolean>}
 */
export async function evalCondition(condition, attributes = {}, savedGroups = {}, options = {}) {
  const reply = callCore(await core(options), 'experimentEvalCondition', toJson(condition, 'the condition'),
    toJson(attributes ?? {}, 'the attributes'), toJson(savedGroups ?? {}, 'the saved groups'));
  return reply.pass;
}

/**
 * Checks a condition without evaluating it.
 * @param {object} condition
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<string|null>} null when well formed, else the first problem
 *   ("condition.age.$gtx: unknown operator $gtx")
 */
export async function validateCondition(condition, options = {}) {
  const reply = callCore(await core(options), 'experimentValidateCondition', toJson(condition, 'the condition'));
  return reply.valid ? null : reply.problem;
}

/**
 * Records an event in a local log (an array you keep, e.g. in IndexedDB or localStorage).
 * Exposures are the `exposure` of an assign() result; metric events are anything else:
 * {type: 'purchase', user, value: 129}. A missing timestamp is now (ms since 1970).
 * @param {object[]} log the event log; the event is appended
 * @param {{type: string, user: string, experiment?: string, variation?: string, value?: number,
 *   timestamp?: number|string}} event
 * @returns {object} the event as stored
 */
export function track(log, event) {
  if (!Array.isArray(log)) throw new PlumeError('track: the log must be an array');
  if (event == null || typeof event !== 'object') throw new PlumeError('track: the event must be an object');
  const { type, user, experiment, variation, value, timestamp } = event;
  if (typeof type !== 'string' || type === '') throw new PlumeError('track: event.type must be a non-empty string');
  if (typeof user !== 'string' || user === '') throw new PlumeError('track: event.user must be a non-empty string');
  if (type === 'exposure' && (typeof experiment !== 'string' || typeof variation !== 'string' || !experiment || !variation)) {
    throw new PlumeError('track: an exposure needs experiment and variation (use the exposure of an assign() result)');
  }
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new PlumeError(`track: event.value must be a finite number, got ${String(value)}`);
  }
  const stored = { type, user };
  if (experiment) stored.experiment = experiment;
  if (variation) stored.variation = variation;
  if (type !== 'exposure') stored.value = value ?? 0;
  stored.timestamp = timestamp ?? Date.now();
  log.push(stored);
  return stored;
}

/**
 * Per-variation aggregates for the statistics (exposures de-duplicated per user, metric events
 * counted at or after a user's first exposure, users seen in several variations excluded).
 * @param {object[]} events the log (see track())
 * @param {object} options
 * @param {string} [options.experiment] the experiment key
 * @param {string} [options.metric='conversion'] the event type that counts
 * @param {'binomial'|'continuous'} [options.kind='binomial'] converted or not / summed values
 * @param {string[]} [options.variations] row order, control first
 * @param {object} [options.definition] a Plume experiment definition instead of the above
 *   (its primary metric and guardrails are aggregated)
 * @param {string} [options.engineUrl]
 * @returns {Promise<{experiment: string, metric: string, metric_event: string,
 *   variations: {name: string, users: number, conversions: number, sum: number, sum_squares: number}[],
 *   multiple_exposure_users: number, unattributed_events: number, guardrails?: object[]}>}
 */
export async function aggregate(events, options = {}) {
  const { engineUrl, ...rest } = options ?? {};
  return callCore(await core({ engineUrl }), 'experimentAggregate', toJson(events, 'the events'), toJson(rest, 'the options'));
}

/**
 * Reads events from CSV (a header row: type,user,experiment,variation,value,timestamp) or JSON.
 * Bad rows reject with the line and column ("line 7, column 5 (value): 'abc' is not a number").
 * @param {string} text
 * @param {'auto'|'csv'|'json'} [format='auto']
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<object[]>} the events
 */
export async function parseEvents(text, format = 'auto', options = {}) {
  if (typeof text !== 'string') throw new PlumeError('parseEvents: the text must be a string');
  return callCore(await core(options), 'experimentParseEvents', text, format).events;
}

/**
 * Writes events as CSV (timestamps in ISO 8601 UTC) or JSON, for a warehouse or a spreadsheet.
 * @param {object[]} events
 * @param {'csv'|'json'} [format='csv']
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<string>}
 */
export async function formatEvents(events, format = 'csv', options = {}) {
  return callCore(await core(options), 'experimentFormatEvents', toJson(events, 'the events'), format).text;
}
