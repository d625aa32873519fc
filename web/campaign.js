/**
 * Campaigns in the page (issue 7: decision, execution, optimization): open a workspace (the
 * manifest, catalog, customers, events, campaigns.json and, later, outcomes.csv and state.json),
 * run a campaign customer by customer — variant, recommended items, prompt, candidates from the
 * model, rules, the best text or the template-only fallback — with progress and cancel, import
 * outcomes (the A/B analysis and the bandit's new weights), and read the report per partner,
 * channel, segment and variant. All in the WASM core in the calling thread: no server, customer
 * data never leaves the machine.
 *
 * ```js
 * import { CampaignWorkspace } from './campaign.js';
 * const ws = await CampaignWorkspace.open({ 'manifest.json': text, 'catalog.csv': text, ... });
 * await ws.loadModel(ggufBytes);                       // optional: without it, runs are template-only
 * const run = await ws.run('spring-email', { seed: 42, onProgress: p => bar.value = p.done / p.total,
 *                                            shouldCancel: () => stopped });
 * run.messages;  run.output;  run.state;              // state: save it, then run(id, {resume: state})
 * const opt = ws.outcomes('spring-email', outcomesCsv); // {analysis, state, outcomesCsv, stateJson}
 * const report = ws.report('spring-email');
 * ws.free();
 * ```
 * Definitions and file formats: docs/campaigns.md.
 * @module campaign
 */

import { loadCore, callCore } from './plume-core.js';
import { fetchTemplateLibrary } from './write.js';
import { PlumeError } from './plume.js';

// A task, not scheduler.yield(): Chromium runs a yield's continuation ahead of queued tasks, so a
// Stop posted to a worker (or clicked in the page) would wait for the whole run.
function yieldToEventLoop() {
  return new Promise(resolve => setTimeout(resolve, 0));
}

function textFiles(files, what) {
  if (files === null || typeof files !== 'object' || Array.isArray(files)) {
    throw new PlumeError(`${what} must be an object {file name: text}`);
  }
  for (const [name, text] of Object.entries(files)) {
    if (typeof text !== 'string') throw new PlumeError(`${what}: ${name} must be text`);
  }
  return JSON.stringify(files);
}

export class CampaignWorkspace {
  /** @private */
  constructor(core, handle, campaigns, records) {
    this.core = core;
    this.handle = handle;
    /** The campaigns as validated: id, name {en, zh}, audience, channel, partner, variants, allocation. */
    this.campaigns = campaigns;
    /** The same as {id, channel, partner, products: [...]}: the shape partner scoping filters. */
    this.records = records;
  }

  /**
   * Loads a workspace from its files' texts. Rejects with a PlumeError naming the file and the
   * line and column (or JSON path): "campaigns.json: campaigns[1].variants[0].template: unknown template ...".
   * @param {Object<string, string>} files manifest.json, catalog.csv, customers.csv, events.csv, campaigns.json,
   *   and optionally outcomes.csv, state.json
   * @param {{templates?: Object<string, string>, engineUrl?: string}} [options] the template library
   *   (default: fetched from this site's templates/)
   */
  static async open(files, { templates, engineUrl } = {}) {
    const filesJson = textFiles(files, 'the workspace files');
    const templateJson = textFiles(templates ?? await fetchTemplateLibrary(), 'the template files');
    const core = await loadCore(engineUrl ? { engineUrl } : undefined);
    const r = callCore(core, 'campaignOpen', filesJson, templateJson);
    return new CampaignWorkspace(core, r.workspace, r.campaigns, r.records);
  }

  /**
   * Loads a GGUF model for generated messages (the default model: models/plume-default.gguf).
   * @param {Uint8Array|ArrayBuffer} bytes
   */
  loadModel(bytes) {
    this.#alive();
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    if (!ArrayBuffer.isView(view)) throw new PlumeError('loadModel expects the GGUF file as a Uint8Array or ArrayBuffer');
    const ptr = this.core._malloc(view.byteLength);
    if (!ptr) throw new PlumeError(`not enough memory for a ${view.byteLength}-byte model`);
    this.core.HEAPU8.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), ptr);
    return callCore(this.core, 'campaignLoadModel', this.handle, ptr, view.byteLength).model;  // the engine owns ptr now
  }

  /**
   * Runs a campaign. Between customers the page gets a turn: `onProgress` is called and
   * `shouldCancel()` (or an aborted `signal`) stops the run; a stopped run resolves with
   * `cancelled: true` and its `state`, which `run(id, {resume: state})` continues to the same end.
   * @param {string} id the campaign id
   * @param {{seed?: number, limit?: number, candidates?: number, maxNewTokens?: number, useModel?: boolean,
   *   resume?: object, format?: 'jsonl'|'csv'|'txt'|'html', batch?: number,
   *   onProgress?: (p: {done, total, messages, skipped, fallbacks}) => void,
   *   shouldCancel?: () => boolean, signal?: AbortSignal}} [options]
   * @returns {Promise<{cancelled: boolean, state: object, summary?: object, messages?: object[], output?: string}>}
   */
  async run(id, options = {}) {
    this.#alive();
    const { onProgress, shouldCancel, signal, format = 'jsonl', batch = 1, ...rest } = options;
    const known = ['seed', 'limit', 'candidates', 'maxNewTokens', 'useModel', 'resume'];
    const unknown = Object.keys(rest).filter(k => !known.includes(k));
    if (unknown.length) throw new PlumeError(`unknown run option ${JSON.stringify(unknown[0])} (known: ${known.join(', ')}, format, batch, onProgress, shouldCancel, signal)`);
    const started = callCore(this.core, 'campaignStart', this.handle, String(id ?? ''), JSON.stringify(rest));
    const run = started.run;
    try {
      let progress = started.progress;
      onProgress?.(progress);
      let done = progress.done >= progress.total;
      while (!done) {
        if (shouldCancel?.() || signal?.aborted) {
          return { cancelled: true, state: callCore(this.core, 'campaignState', run).state, progress };
        }
        const step = callCore(this.core, 'campaignStep', run, Math.max(1, batch | 0));
        progress = step.progress;
        done = step.done;
        onProgress?.(progress);
        await yieldToEventLoop();
      }
      const result = callCore(this.core, 'campaignResult', run, format);
      return { cancelled: false, state: callCore(this.core, 'campaignState', run).state, progress, ...result };
    } finally {
      callCore(this.core, 'campaignFree', run);
    }
  }

  /**
   * Imports outcomes (CSV: message_id, customer, campaign, variant, delivered, opened, clicked,
   * converted, revenue, timestamp) for a campaign: the analysis, and the bandit's new weights,
   * which the next run allocates by. Returns the workspace's new outcomes.csv and state.json
   * texts for the page to keep.
   */
  outcomes(id, csv) {
    this.#alive();
    if (typeof csv !== 'string') throw new PlumeError('outcomes expects the CSV as text');
    return callCore(this.core, 'campaignOutcomes', this.handle, String(id ?? ''), csv);
  }

  /** The report per partner, channel, segment and variant (id omitted: every campaign). */
  report(id = '') {
    this.#alive();
    return callCore(this.core, 'campaignReport', this.handle, String(id)).report;
  }

  /** Frees the workspace in the engine (and its model). Safe to call twice. */
  free() {
    if (this.handle === null) return;
    callCore(this.core, 'campaignFree', this.handle);
    this.handle = null;
  }

  #alive() {
    if (this.handle === null) throw new PlumeError('this campaign workspace was freed');
  }
}
