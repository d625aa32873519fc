// The Model view's cache block: after the user loads their own model files, they are kept in the
// browser (web/model-cache.js) and loaded again on the next visit without asking for the files.
// A corrupted entry (a hash that no longer matches, or a model the engine refuses) is dropped and
// reported in the error banner. "Forget cached model" empties the cache.

import { openModelCache, filesOf, CacheCorrupted } from '../model-cache.js';

export const CACHE_MARKUP = `
<div class="model-cache" role="group" aria-labelledby="cache-title">
  <h3 id="cache-title" data-i18n="cache.title"></h3>
  <p id="cache-status" class="muted" aria-live="polite"></p>
  <div class="actions">
    <button type="button" id="cache-load" class="secondary" data-i18n="cache.load" disabled></button>
    <button type="button" id="cache-forget" class="ghost" data-i18n="cache.forget" disabled></button>
  </div>
</div>`;

const mb = n => (n / 2 ** 20).toFixed(1);

export function initModelCache(container, ctx) {
  const { t, engine, banner } = ctx;
  const $ = sel => container.querySelector(sel);
  let cache = null;
  let entry = null;
  let state = { key: 'cache.checking' };
  let working = false;
  let inUseInfo = null;    // engine.info of the model loaded from the cache

  function render() {
    let params = state.params ?? {};
    if (state.key === 'cache.inUse' && (!engine.info || engine.info !== inUseInfo)) state = { key: 'cache.stored' };
    if (entry && (state.key === 'cache.stored' || state.key === 'cache.inUse')) {
      const size = entry.files.reduce((s, f) => s + f.size, 0);
      params = { name: entry.name || entry.files[0].name, size: mb(size), sha: entry.files[0].sha256.slice(0, 12),
        where: entry.kind === 'gguf' ? 'GGUF' : 'Hugging Face', store: cache?.kind === 'opfs' ? 'OPFS' : 'IndexedDB' };
    }
    $('#cache-status').textContent = t(state.key, params);
    $('#cache-status').dataset.state = state.key.slice('cache.'.length);
    $('#cache-load').disabled = !entry || working || engine.loading || engine.busy('finetune');
    $('#cache-forget').disabled = !entry || working;
  }

  const set = (key, params) => { state = { key, params }; render(); };

  async function drop(reason, messageKey) {
    entry = null;
    try { await cache?.forget(); } catch { /* the banner below says what matters */ }
    set('cache.empty');
    banner.error(messageKey, reason);
  }

  async function loadCached() {
    if (!entry || working || engine.loading) return;
    working = true;
    set('cache.verifying');
    let source;
    try {
      source = await cache.model(entry);
    } catch (e) {
      working = false;
      await drop(e, e instanceof CacheCorrupted ? 'cache.corrupted' : 'cache.failed');
      return;
    }
    try {
      await engine.load(source);
      working = false;
      inUseInfo = engine.info;
      set('cache.inUse');
      banner.notice('cache.loaded', { name: entry.name });
    } catch (e) {
      working = false;
      await drop(e, 'cache.refused');   // the bytes are what was stored, but the engine says no
    }
  }

  /** After a successful load of the user's own files: keep them for the next visit. */
  async function remember(model, name) {
    if (!cache || !filesOf(model)) return;
    working = true;
    set('cache.saving');
    try {
      entry = await cache.store(model, name);
      set('cache.stored');
    } catch (e) {
      entry = null;
      set('cache.empty');
      banner.error('cache.failed', e);   // e.g. the quota: the model itself stays loaded
    } finally {
      working = false;
      render();
    }
  }

  async function forget() {
    if (!entry || working) return;
    try {
      await cache.forget();
      entry = null;
      set('cache.empty');
      banner.notice('cache.forgotten');
    } catch (e) {
      banner.error('cache.failed', e);
    }
  }

  // On start: find the entry; when there is one, load it once the built-in model is in.
  async function start() {
    try {
      cache = await openModelCache();
      entry = await cache.entry();
    } catch (e) {
      if (e instanceof CacheCorrupted) { await drop(e, 'cache.corrupted'); return; }
      set('cache.unavailable', { message: e.message });
      return;
    }
    if (!entry) { set('cache.empty'); return; }
    set('cache.stored');
    const whenIdle = () => new Promise(resolve => {
      if (!engine.loading) { resolve(); return; }
      const off = engine.onChange(() => { if (!engine.loading) { off(); resolve(); } });
    });
    await whenIdle();
    await loadCached();
  }

  $('#cache-load').addEventListener('click', loadCached);
  $('#cache-forget').addEventListener('click', forget);
  start();

  return { render, remember, ready: () => !working };
}
