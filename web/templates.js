/**
 * Mustache templates (spec v1.4.2 with inheritance and dynamic names), rendered by the WASM
 * core in the calling thread: no model needed.
 *
 * ```js
 * import { renderTemplate } from './templates.js';
 * const text = await renderTemplate('Hi {{name}}!', { name: 'Ana' });            // 'Hi Ana!'
 * await renderTemplate('{{>card}}', { x: 1 }, { partials: { card: '#{{x}}' } }); // '#1'
 * await renderTemplate('{{nmae}}', {}, { strict: true });  // rejects: line 1, column 1: no value for 'nmae' ...
 * ```
 * `{{x}}` escapes HTML (& " < > '); `{{{x}}}` and `{{&x}}` do not. Missing names and partials
 * render empty unless `strict`. Errors reject with a PlumeError whose message names the line and
 * column; `error.line`, `error.column` and `error.partial` hold them too.
 * @module templates
 */

import { loadCore } from './plume-core.js';
import { PlumeError } from './plume.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Renders a Mustache template.
 * @param {string} template the template text
 * @param {any} data the data (any JSON value: object, list, string, ...)
 * @param {object} [options]
 * @param {Object<string, string>} [options.partials] partials and parents by name
 * @param {boolean} [options.strict=false] missing data names and partials are errors
 * @param {number} [options.maxDepth=64] nested partials/parents allowed
 * @param {number} [options.maxOutputBytes=16777216] largest rendered text (UTF-8 bytes)
 * @param {string} [options.engineUrl] where plume-engine.js is (default: web/dist/)
 * @returns {Promise<string>} the rendered text
 */
export async function renderTemplate(template, data = {}, options = {}) {
  if (typeof template !== 'string') throw new PlumeError('the template must be a string');
  // A JS string can hold half a UTF-16 pair, which has no UTF-8 form: say where it is.
  const lone = LONE_SURROGATE.exec(template);
  if (lone) throw new PlumeError(`the template is not valid Unicode: a lone surrogate at index ${lone.index}`);
  const { partials, strict, maxDepth, maxOutputBytes, engineUrl } = options ?? {};
  if (partials != null && (typeof partials !== 'object' || Array.isArray(partials))) {
    throw new PlumeError('options.partials must be an object of name: template text');
  }
  let dataJson;
  try {
    dataJson = JSON.stringify(data === undefined ? {} : data);
  } catch (e) {
    throw new PlumeError(`the template data cannot be turned into JSON: ${e.message}`);
  }
  if (dataJson === undefined) throw new PlumeError('the template data must be JSON (not a function or symbol)');
  const engineOptions = {};
  if (strict !== undefined) engineOptions.strict = strict;
  if (maxDepth !== undefined) engineOptions.maxDepth = maxDepth;
  if (maxOutputBytes !== undefined) engineOptions.maxOutputBytes = maxOutputBytes;
  const core = await loadCore(engineUrl ? { engineUrl } : undefined);
  if (typeof core.renderTemplate !== 'function') {
    throw new PlumeError('the engine has no function renderTemplate: rebuild it with scripts/build');
  }
  const reply = JSON.parse(core.renderTemplate(template, dataJson, partials ? JSON.stringify(partials) : '',
    JSON.stringify(engineOptions)));
  if (!reply.ok) {
    const error = new PlumeError(reply.error);
    for (const key of ['line', 'column', 'partial', 'lambda']) if (reply[key]) error[key] = reply[key];
    throw error;
  }
  return reply.text;
}
