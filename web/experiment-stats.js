/**
 * A/B test statistics, power analysis and bandits, computed by the WASM core in the calling
 * thread (no model, no server). Every number and formula is explained in docs/experiments.md.
 *
 * ```js
 * import { analyze, posteriors, power, banditWeights, simulateBandit, adjustPValues } from './experiment-stats.js';
 * const r = await analyze({ metric: 'binomial', variations: [
 *   { name: 'control', users: 10000, conversions: 500 },
 *   { name: 'emoji',   users: 10000, conversions: 560 }] });
 * // r.srm_p_value (check first; r.warning is set below 0.001), r.variations[0]: { absolute_lift,
 * //   relative_lift, ci_low, ci_high, p_value, chance_to_win, expected_loss, ... }
 * await power({ baseline: 0.05, mde: 0.1, relative: true });   // { users_per_variation, ... }
 * await banditWeights({ algorithm: 'thompson', arms: [{ users: 1000, conversions: 50 }, ...] });
 * await simulateBandit({ rates: [0.05, 0.06, 0.04], steps: 20000, algorithm: 'thompson', seed: 1 });
 * ```
 * Results use the same snake_case field names as `plume ab analyze --json` (one format for the
 * CLI, the page and exported files). Lifts are fractions (0.012 = +1.2 points; 0.05 = +5 %).
 * A number that is undefined for the data is null with the reason in `warnings`, never NaN.
 * Bad input rejects with a PlumeError naming the field that is wrong.
 * @module experiment-stats
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';

function toJson(value, what) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PlumeError(`${what} must be an object`);
  }
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new PlumeError(`${what} cannot be turned into JSON: ${e.message}`);
  }
  return text;
}

async function call(name, input, what, engineUrl) {
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  return callCore(core, name, toJson(input, what));
}

/**
 * Analyses an experiment: each variation against the control (the first variation).
 * @param {object} data
 * @param {'binomial'|'continuous'} [data.metric='binomial'] conversions, or revenue/order value per user
 * @param {Array<{name?: string, users: number, conversions?: number, sum?: number, sum_squares?: number,
 *   pre?: {sum: number, sum_squares: number, sum_products: number}}>} data.variations control first;
 *   `pre` (on every variation) turns on CUPED. The output of experiment.js `aggregate()` fits as is.
 * @param {number[]} [data.weights] intended traffic split (sums to 1; default equal)
 * @param {number} [data.alpha=0.05] two-sided; intervals are at 1 - alpha
 * @param {boolean} [data.sequential=false] always-valid p-values and confidence sequences
 * @param {number} [data.sequential_tuning=5000] the confidence sequence's tuning parameter N
 * @param {'none'|'holm'|'bh'} [data.correction='none'] across the variations
 * @param {boolean} [data.allow_negative=false] continuous metrics that can be negative (profit)
 * @param {Array<{segment: string, variations: object[]}>} [data.segments] per-segment breakdown
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<object>} { srm_p_value, warning, srm, metric, alpha, methods, control,
 *   variations: [{ name, users, mean, absolute_lift, relative_lift, ci_low, ci_high,
 *   relative_ci_low, relative_ci_high, p_value, p_value_adjusted, significant, chance_to_win,
 *   expected_loss, standard_error, degrees_of_freedom, warnings }], warnings, segments? }
 */
export async function analyze(data, { engineUrl } = {}) {
  return call('statsAnalyze', data, 'the experiment data', engineUrl);
}

/**
 * The Beta posterior of each variation's conversion rate (uniform prior), with its mean, an
 * equal-tailed credible interval and the density on one shared grid, ready to draw.
 * @param {{variations: Array<{name?: string, users: number, conversions: number}>, alpha?: number,
 *   points?: number}} input `points` on the grid (10..2000, default 200)
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{prior: string, alpha: number, grid: number[], variations: Array<{name: string,
 *   users: number, conversions: number, posterior_a: number, posterior_b: number, mean: number,
 *   ci_low: number, ci_high: number, density: number[]}>}>}
 */
export async function posteriors(input, { engineUrl } = {}) {
  return call('statsPosteriors', input, 'the posterior input', engineUrl);
}

/**
 * Sample size per variation for a minimum detectable effect, or the MDE for a given traffic.
 * @param {object} input
 * @param {number} input.baseline the control's conversion rate (0..1), or its mean with `stddev`
 * @param {number} [input.mde] the lift to detect: absolute (0.005 = +0.5 points) unless `relative`
 * @param {boolean} [input.relative=false] `mde` is relative (0.1 = +10 %)
 * @param {number} [input.users] users per variation (instead of `mde`): returns the MDE
 * @param {number} [input.alpha=0.05] two-sided
 * @param {number} [input.power=0.8]
 * @param {number} [input.stddev] per-user standard deviation, for a continuous metric
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{users_per_variation: number, total_users_two_variations: number, baseline: number,
 *   treatment: number, mde_absolute: number, mde_relative: number|null, alpha: number, power: number,
 *   method: string}>}
 */
export async function power(input, { engineUrl } = {}) {
  return call('statsPower', input, 'the power input', engineUrl);
}

/**
 * Traffic weights for the next batch of visitors.
 * @param {object} input
 * @param {'thompson'|'ucb1'|'egreedy'} [input.algorithm='thompson']
 * @param {number} [input.min_weight=0] every arm keeps at least this share (<= 1 / arms)
 * @param {number} [input.epsilon=0.1] for egreedy
 * @param {Array<{name?: string, users: number, conversions: number}>} [input.arms]
 * @param {Array<{segment: string, arms: object[]}>} [input.segments] one independent bandit per segment
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<{algorithm: string, min_weight: number, weights?: number[],
 *   segments?: Array<{segment: string, weights: number[]}>}>}
 */
export async function banditWeights(input, { engineUrl } = {}) {
  return call('statsBanditWeights', input, 'the bandit input', engineUrl);
}

/**
 * Simulates a bandit against a fixed equal split on known conversion rates (seeded: the same
 * seed gives the same result here and in `plume bandit simulate`).
 * @param {object} input
 * @param {number[]} input.rates true conversion rate of each arm
 * @param {number} [input.steps=10000] visitors
 * @param {'thompson'|'ucb1'|'egreedy'} [input.algorithm='thompson']
 * @param {number} [input.seed=42]
 * @param {number} [input.batch=100] weights are recomputed every `batch` visitors
 * @param {number} [input.min_weight=0]
 * @param {number} [input.epsilon=0.1]
 * @param {number} [input.checkpoints=20] points reported over time
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<object>} { best_arm, points: [{ step, regret, p_best, ab_regret, ab_p_best,
 *   weights (the bandit's traffic split then), arm_users (its visitors per arm so far) }],
 *   bandit: { regret, p_best, conversions, arms }, ab_split: { ... }, ... }
 */
export async function simulateBandit(input, { engineUrl } = {}) {
  return call('statsBanditSimulate', input, 'the simulation input', engineUrl);
}

/**
 * Multiple-comparison correction of p-values (several variations or metrics).
 * @param {number[]} pValues
 * @param {'holm'|'bh'|'none'} [method='holm']
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<number[]>} adjusted p-values, in the same order
 */
export async function adjustPValues(pValues, method = 'holm', { engineUrl } = {}) {
  const r = await call('statsAdjustPValues', { p_values: pValues, method }, 'the p-values', engineUrl);
  return r.p_values_adjusted;
}
