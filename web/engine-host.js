// The studio's one engine (web/plume.js: the WASM core in a Web Worker), shared by every view
// through ctx.engine. It knows which model is loaded, whether a load is running, and which jobs
// (generate, write, finetune) hold the worker, so that each view can enable its buttons; views
// subscribe with onChange(). A failed load keeps the previous model. A fatal error (the WASM
// instance died, typically out of memory) forgets the engine and starts a new worker with the
// last model that loaded, so the next request works again (docs/hardening.md).

import { Plume } from './plume.js';

// The embedded model, relative to the page (the static server serves the repository root, so
// /web/ and /models/ are siblings). `?model=<relative url>` picks another same-origin file.
const DEFAULT_MODEL = '../models/plume-default.gguf';

export function defaultModelUrl() {
  const requested = new URLSearchParams(location.search).get('model');
  if (requested) {
    const url = new URL(requested, location.href);
    if (url.origin === location.origin) return url.href;   // never fetch from elsewhere
  }
  return new URL(DEFAULT_MODEL, location.href).href;
}

export function createEngineHost() {
  const listeners = new Set();
  const jobs = new Map();   // job name -> AbortController
  let lastGood = null;      // the last model that loaded: reloaded in a new worker after a crash
  const restart = () => {
    if (!lastGood || host.loading) return;
    host.restarts++;
    host.load(lastGood).catch(e => console.error('Plume: restarting the engine failed', e));
  };
  const host = {
    restarts: 0,             // how many times a dead engine was replaced
    engine: null,            // PlumeEngine, or null before the first load / after a crash
    info: null,              // the loaded model's info
    loading: false,
    loadStatus: { key: 'model.none', params: {} },
    progress: null,          // {loaded, total} while reading a model; total null = unknown

    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    changed() { for (const fn of listeners) fn(host); },

    /** The engine when a new job may start on it, else null. */
    get ready() {
      return host.engine && !host.engine.dead && !host.loading && !jobs.has('finetune') ? host.engine : null;
    },
    busy(name) { return name ? jobs.has(name) : jobs.size > 0; },

    /** Marks a job as running; returns its AbortController. */
    begin(name) {
      const controller = new AbortController();
      jobs.set(name, controller);
      host.changed();
      return controller;
    },
    end(name) { jobs.delete(name); host.changed(); },
    abort(name) { jobs.get(name)?.abort(); },

    /** The engine died (e.fatal): forget it, as after a crash the worker is gone. */
    forget() {
      if (host.engine && !host.engine.dead) return;   // already replaced by a restart
      host.engine = null;
      host.info = null;
      host.loadStatus = { key: 'model.none', params: {} };
      host.changed();
      restart();
    },

    /**
     * Loads a model (URL, File, bytes, or the four Hugging Face files). Rejects on failure; the
     * previous model, if any, stays loaded.
     */
    async load(model) {
      if (host.loading) return;
      for (const name of ['generate', 'write', 'service']) host.abort(name);   // else the load queues behind them
      host.loading = true;
      host.progress = null;
      const previous = host.loadStatus;
      host.loadStatus = { key: 'model.preparing', params: {} };
      host.changed();
      const onProgress = ({ phase, loaded, total }) => {
        host.progress = phase === 'download' ? { loaded, total: total || null } : { loaded: 0, total: null };
        host.changed();
      };
      try {
        if (host.engine && !host.engine.dead) {
          host.info = await host.engine.load(model, { onProgress });
        } else {
          host.engine = await Plume.load({ model, onProgress });
          host.info = host.engine.modelInfo;
        }
        host.loadStatus = { key: 'model.ready', params: { name: host.info.name || 'GPT-2' } };
        lastGood = model;
      } catch (e) {
        if (host.engine?.dead) {
          // The load killed the instance (e.g. out of memory): the previous model comes back.
          host.engine = null;
          host.info = null;
          if (lastGood && lastGood !== model) queueMicrotask(restart);
        }
        host.loadStatus = host.info ? previous : { key: 'model.failed', params: {} };
        throw e;
      } finally {
        host.loading = false;
        host.progress = null;
        host.changed();
      }
    },
  };
  return host;
}
