/**
 * Loads the WASM engine module (dist/plume-engine.js + .wasm) in the calling thread: the model
 * worker (plume-worker.js) and the model-free tools (plume-core.js) both start it this way.
 * @module engine-loader
 */

const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node &&
  typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';

/** The engine's default location, next to this file. */
export const DEFAULT_ENGINE_URL = new URL('./dist/plume-engine.js', import.meta.url).href;

/**
 * @param {string} engineUrl URL of plume-engine.js
 * @param {object} [moduleOptions] extra Emscripten module options (onAbort, printErr, ...)
 * @returns {Promise<object>} the Emscripten module (Embind classes and functions on it)
 */
export async function loadEngineModule(engineUrl = DEFAULT_ENGINE_URL, moduleOptions = {}) {
  let createPlumeEngine;
  try {
    ({ default: createPlumeEngine } = await import(engineUrl));
  } catch (e) {
    throw new Error(`could not load the WASM engine from ${engineUrl} (${e.message}). ` +
      'Build it with scripts/build.');
  }
  const options = { print: () => {}, ...moduleOptions };
  if (IS_NODE) {
    // The engine is built for web and worker only (DEVELOPERS.md): in Node, hand it the bytes.
    const { readFile } = await import('node:fs/promises');
    const wasmUrl = new URL(engineUrl.replace(/\.m?js$/, '.wasm'));
    try {
      options.wasmBinary = await readFile(wasmUrl);
    } catch (e) {
      throw new Error(`could not read the WASM engine ${wasmUrl.pathname} (${e.message}). ` +
        'Build it with scripts/build.');
    }
  }
  return createPlumeEngine(options);
}
