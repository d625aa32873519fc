/**
 * Plume's model-free tools (templates, channel rules, metrics, experiments, ...), run in the
 * calling thread: they are fast and need no model, so they skip the worker. Each room adds its
 * functions in its own module (web/prompt.js, web/experiment.js, ...) on top of `callCore`.
 *
 * ```js
 * import { loadCore } from './plume-core.js';
 * const core = await loadCore();          // once; later calls reuse the same instance
 * ```
 * @module plume-core
 */

import { loadEngineModule, DEFAULT_ENGINE_URL } from './engine-loader.js';
import { PlumeError } from './plume.js';

let corePromise = null;

/**
 * Loads (once) the WASM engine in this thread for the model-free functions.
 * @param {{engineUrl?: string}} [options]
 * @returns {Promise<object>} the engine module
 */
export function loadCore({ engineUrl = DEFAULT_ENGINE_URL } = {}) {
  corePromise ??= loadEngineModule(engineUrl).catch(e => {
    corePromise = null;
    throw new PlumeError(e.message);
  });
  return corePromise;
}

/**
 * Calls an Embind function of the engine that returns a JSON reply ({"ok":true,...} or
 * {"ok":false,"error":...}); returns the reply without `ok`, or throws a PlumeError with the
 * engine's message.
 * @param {object} core the module from loadCore()
 * @param {string} name the Embind function
 * @param {...any} args its arguments (strings and numbers)
 */
export function callCore(core, name, ...args) {
  const fn = core[name];
  if (typeof fn !== 'function') throw new PlumeError(`the engine has no function ${name}: rebuild it with scripts/build`);
  const reply = JSON.parse(fn(...args));
  if (!reply.ok) throw new PlumeError(reply.error);
  delete reply.ok;
  return reply;
}
