/**
 * Prompt experiments in the browser: two or more template variants write for the same products
 * with the same seeds; the report gives each variant's automatic metrics and reviewer approvals
 * and names a winner only with paired evidence (docs/review.md, "Prompt experiments"). Same
 * report as `plume prompt-experiment --json` for the same model, files and seed.
 *
 * ```js
 * import { Plume } from './plume.js';
 * import { fetchTemplateLibrary } from './write.js';
 * import { runPromptExperiment } from './prompt-experiment.js';
 * const engine = await Plume.load({ model: '../models/plume-default.gguf' });
 * const files = await fetchTemplateLibrary();
 * const report = await runPromptExperiment(engine, { files, n: 3, seed: 42,
 *   variants: [{ name: 'library', template: 'sms.zh' },
 *              { name: 'short', template: 'sms.zh', task: '写一条简短的营销短信。' }],
 *   products: [{ id: 'band', input: { product: '智能健身手环', features: ['心率监测'] } }, ...],
 *   onProgress: p => console.log(p.done, p.total) });
 * report.winner;          // a variant name, or null
 * report.verdict.zh;      // '没有明确的胜出者：…'
 * ```
 * The generation runs in the engine's worker through write.js, one variant x product at a time.
 * @module prompt-experiment
 */

import { loadCore, callCore } from './plume-core.js';
import { PlumeError } from './plume.js';
import { write } from './write.js';

// The template's sidecar with the variant's task, constraints and examples — what the CLI's
// apply_variant() does to the parsed template.
function variantFiles(files, variant) {
  const name = variant.template;
  const sidecarName = `${name}.json`;
  if (typeof files[sidecarName] !== 'string') {
    throw new PlumeError(`variant ${variant.name}: the template library has no ${sidecarName} (use a full name such as "sms.zh")`);
  }
  let sidecar;
  try {
    sidecar = JSON.parse(files[sidecarName]);
  } catch (e) {
    throw new PlumeError(`${sidecarName} is not valid JSON (${e.message})`);
  }
  const changed = { ...sidecar };
  if (variant.task !== undefined) changed.task = variant.task;
  if (variant.constraints !== undefined) changed.constraints = variant.constraints;
  if (variant.examples !== undefined) changed.examples = variant.examples;
  if (variant.reviewedExamples !== undefined) changed.examples = [...(changed.examples ?? []), ...variant.reviewedExamples];
  return { files: { ...files, [sidecarName]: JSON.stringify(changed) }, language: sidecar.language };
}

/**
 * Runs the experiment with the engine's model.
 * @param {object} engine a PlumeEngine from Plume.load()
 * @param {{files: Object<string,string>, variants: object[], products: object[], n?: number,
 *   seed?: number, reviews?: object, metric?: 'score'|'passRate'|'coverage'|'meanLogprob'|'bleu'|'rougeL',
 *   alpha?: number, onProgress?: (p: {done: number, total: number}) => void, signal?: AbortSignal,
 *   engineUrl?: string}} options variants: [{name, template (full name), task?, constraints?,
 *   examples?, reviewedExamples?}]; products: [{id?, input, references?}]; reviews: a store from
 *   review.js (decisions with a `variant` count as that variant's approvals)
 * @returns {Promise<object>} the report (see docs/review.md)
 */
export async function runPromptExperiment(engine, options = {}) {
  const { files, variants, products, n = 3, seed = 42, reviews = null, metric = 'score', alpha = 0.05,
    onProgress, signal, engineUrl } = options ?? {};
  if (files === null || typeof files !== 'object') throw new PlumeError('files must be the template library (fetchTemplateLibrary())');
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  // Check the files, settings and reviews before any generation.
  const settings = { n, seed, metric, alpha };
  const parsed = callCore(core, 'promptExperimentParse', JSON.stringify(variants ?? null), JSON.stringify(products ?? null),
    JSON.stringify(settings), reviews == null ? '' : JSON.stringify(reviews));
  const prepared = parsed.variants.map(v => variantFiles(files, v));
  const total = parsed.variants.length * parsed.products.length;
  const results = [];
  let done = 0;
  for (const [v, variant] of parsed.variants.entries()) {
    const row = [];
    for (const [p, product] of parsed.products.entries()) {
      if (signal?.aborted) throw new PlumeError('the prompt experiment was cancelled');
      // The same seed for every variant (seed + product index), as the CLI does.
      const r = await write(engine, { files: prepared[v].files, template: variant.template, input: product.input, n,
        seed: seed + p, signal });
      row.push(r.candidates);
      done++;
      try { onProgress?.({ done, total }); } catch (e) { console.error('Plume: onProgress threw', e); }
    }
    results.push(row);
  }
  return callCore(core, 'promptExperimentReport', JSON.stringify({ variants: parsed.variants, products: parsed.products,
    languages: prepared.map(x => x.language), results, reviews, options: settings })).report;
}

/**
 * The report alone, from candidates you already have (results[v][p] = write()'s `candidates`).
 * @param {{variants: object[], products: object[], languages: string[], results: object[][][],
 *   reviews?: object, n?: number, seed?: number, metric?: string, alpha?: number, engineUrl?: string}} input
 * @returns {Promise<object>}
 */
export async function promptExperimentReport({ variants, products, languages, results, reviews = null, n = 3, seed = 42,
  metric = 'score', alpha = 0.05, engineUrl } = {}) {
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  return callCore(core, 'promptExperimentReport', JSON.stringify({ variants, products, languages, results, reviews,
    options: { n, seed, metric, alpha } })).report;
}
