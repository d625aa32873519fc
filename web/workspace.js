/**
 * The studio's workspace: the brand manifest, catalog, customers, events, review decisions and
 * settings, kept in this browser's IndexedDB (nothing leaves the machine). It survives reloads,
 * exports to one JSON file and imports from one. Every change is transactional: a data file is
 * checked by the WASM core's importer (web/ecosystem.js: line and column of the first bad row)
 * before one IndexedDB transaction replaces the old data, so a failed import, a corrupted
 * workspace file or a closed tab leaves what was there before.
 *
 * ```js
 * const ws = await openWorkspace();
 * await ws.importData('catalog', file, { format: 'csv', onProgress });   // rejects: line 12, column 4: ...
 * ws.rows('catalog');          // [{id, title, category, ...}, ...]
 * const eco = await ws.ecosystem();   // an Ecosystem holding everything (free() it when done)
 * const json = ws.exportFile(); await ws.importFile(json);
 * await ws.loadSample();       // data/ecosystem/ next to web/
 * ```
 * @module workspace
 */

import { Ecosystem } from './ecosystem.js';
import { PlumeError } from './plume.js';
import { csvObjects } from './csv.js';
import { openStore } from './idb.js';

/** The data sets, in the order the importer needs them (events name customers and products). */
export const DATA_KINDS = ['manifest', 'catalog', 'customers', 'events'];
const FILE_FORMAT = 'plume-workspace/1';
const SAMPLE_BASE = new URL('../data/ecosystem/', import.meta.url);
const SAMPLE_FILES = { manifest: 'manifest.json', catalog: 'catalog.csv', customers: 'customers.csv', events: 'events.csv' };

/** "Unexpected token } in JSON at position 42" → the line and column of position 42. */
export function jsonErrorWhere(text, error) {
  const m = /position (\d+)/.exec(error.message);
  const at = m ? Number(m[1]) : /end of JSON/i.test(error.message) ? text.length : null;
  if (at === null) return error.message;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${error.message}`;
}

async function textOf(source) {
  if (typeof source === 'string') return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return new TextDecoder().decode(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.text();
  throw new PlumeError('a data file must be a File, bytes or text');
}

/** Checks one stored data set's shape (from an imported workspace file). */
function checkDataset(kind, value) {
  const where = `data.${kind}`;
  if (value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw new PlumeError(`${where} must be an object {name, format, text}`);
  if (typeof value.text !== 'string') throw new PlumeError(`${where}.text must be the file's text`);
  if (!['csv', 'json'].includes(value.format)) throw new PlumeError(`${where}.format must be "csv" or "json" (got ${JSON.stringify(value.format)})`);
}

/**
 * Opens the workspace. If IndexedDB is unavailable (a private window may refuse it), the
 * workspace lives in memory for this visit and `onError` is told why.
 */
export async function openWorkspace({ name = 'plume-studio', onError } = {}) {
  let store = null;
  try {
    store = await openStore(name, 'workspace');
  } catch (e) {
    onError?.(e);
  }
  const data = { manifest: null, catalog: null, customers: null, events: null, reviews: [], settings: {} };
  if (store) {
    try {
      Object.assign(data, Object.fromEntries(Object.entries(await store.getAll()).filter(([k]) => k in data)));
    } catch (e) {
      onError?.(e);
    }
  }
  const listeners = new Set();
  const parsed = new Map();   // kind -> rows parsed from the stored text (cache)

  /** Replaces several keys at once: all or nothing, in memory only after IndexedDB said yes. */
  async function commit(changes) {
    if (store) await store.putAll(changes);
    for (const [k, v] of Object.entries(changes)) { data[k] = v; parsed.delete(k); }
    for (const fn of listeners) fn(Object.keys(changes));
  }

  /** Builds an engine workspace from the stored data, with `override` in place of some sets. */
  async function build(override = {}, { upTo = 'events', onProgress, signal } = {}) {
    const pick = kind => (kind in override ? override[kind] : data[kind]);
    const manifest = pick('manifest');
    const eco = await Ecosystem.create(manifest ? manifest.text : null);
    try {
      for (const kind of DATA_KINDS.slice(1, DATA_KINDS.indexOf(upTo) + 1)) {
        const set = pick(kind);
        if (!set) continue;
        try {
          // Bytes, not text: the importer then knows the total and reports a fraction.
          await eco.import(kind, new TextEncoder().encode(set.text), { format: set.format, signal, onProgress: kind === upTo ? onProgress : undefined });
        } catch (e) {
          throw new PlumeError(`${set.name || kind}: ${e.message}`);
        }
      }
      return eco;
    } catch (e) {
      eco.free();
      throw e;
    }
  }

  /** Checks a whole set of data sets with the core, in the importer's order. */
  async function validate(sets) {
    const eco = await build(sets);
    const counts = await eco.counts();
    eco.free();
    return counts;
  }

  const ws = {
    get persistent() { return !!store; },
    get(kind) { return data[kind]; },
    get reviews() { return data.reviews; },
    get settings() { return data.settings; },
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },

    /** The rows of a data set as objects (CSV by its header; JSON as stored). */
    rows(kind) {
      const set = data[kind];
      if (!set) return [];
      if (!parsed.has(kind)) {
        let rows = [];
        if (set.format === 'csv') rows = csvObjects(set.text);
        else {
          const v = JSON.parse(set.text);
          rows = Array.isArray(v) ? v : [];
        }
        parsed.set(kind, rows);
      }
      return parsed.get(kind);
    },

    /**
     * Imports a data file (manifest: JSON; catalog: CSV or a JSON array; customers, events: CSV).
     * The core reads it against the current manifest, catalog and customers; nothing changes
     * unless every row is good. Resolves with the engine's counts.
     */
    async importData(kind, source, { format = 'csv', name = '', onProgress, signal } = {}) {
      if (!DATA_KINDS.includes(kind)) throw new PlumeError(`unknown data set ${JSON.stringify(kind)} (known: ${DATA_KINDS.join(', ')})`);
      const text = await textOf(source);
      const set = { name: name || source?.name || kind, format: kind === 'manifest' ? 'json' : format, text, importedAt: Date.now() };
      if (kind === 'manifest') {
        try {
          JSON.parse(text);
        } catch (e) {
          throw new PlumeError(`${set.name}: ${jsonErrorWhere(text, e)}`);
        }
      }
      const eco = await build({ [kind]: set }, { upTo: kind === 'manifest' ? 'events' : kind, onProgress, signal });
      const counts = await eco.counts();
      eco.free();
      await commit({ [kind]: set });
      return counts;
    },

    /** An Ecosystem in the engine holding all the stored data; the caller frees it. */
    ecosystem(options) { return build({}, options); },

    async clear(kind) { await commit({ [kind]: kind === 'reviews' ? [] : null }); },

    /** Keeps a review decision in web/review.js's shape (its store's `decisions`; ids r1, r2, …). */
    async addReview(review) {
      const decision = { id: `r${data.reviews.length + 1}`, time: new Date().toISOString(), ...review };
      await commit({ reviews: [...data.reviews, decision] });
    },

    async setSettings(patch) { await commit({ settings: { ...data.settings, ...patch } }); },

    /** The whole workspace as one JSON file's text. */
    exportFile() {
      return JSON.stringify({ format: FILE_FORMAT, exportedAt: new Date().toISOString(), data }, null, 1);
    },

    /** Replaces the workspace with an exported file; a bad file changes nothing. */
    async importFile(source) {
      const text = await textOf(source);
      let file;
      try {
        file = JSON.parse(text);
      } catch (e) {
        throw new PlumeError(`the workspace file is not valid JSON: ${jsonErrorWhere(text, e)}`);
      }
      if (file?.format !== FILE_FORMAT) throw new PlumeError(`not a Plume workspace file: "format" must be "${FILE_FORMAT}" (got ${JSON.stringify(file?.format)})`);
      const d = file.data;
      if (!d || typeof d !== 'object') throw new PlumeError('the workspace file has no "data" object');
      const next = {};
      for (const kind of DATA_KINDS) { checkDataset(kind, d[kind] ?? null); next[kind] = d[kind] ?? null; }
      if (d.reviews !== undefined && !Array.isArray(d.reviews)) throw new PlumeError('data.reviews must be an array');
      if (d.settings !== undefined && (typeof d.settings !== 'object' || Array.isArray(d.settings))) throw new PlumeError('data.settings must be an object');
      next.reviews = d.reviews ?? [];
      next.settings = d.settings ?? {};
      await validate(next);
      await commit(next);
    },

    /** Loads the sample ecosystem (data/ecosystem/) served next to the page. */
    async loadSample({ base = SAMPLE_BASE, onProgress } = {}) {
      const next = {};
      for (const [kind, file] of Object.entries(SAMPLE_FILES)) {
        const url = new URL(file, base);
        const res = await fetch(url);
        if (!res.ok) throw new PlumeError(`could not read ${url.pathname}: HTTP ${res.status}`);
        next[kind] = { name: file, format: file.endsWith('.json') ? 'json' : 'csv', text: await res.text(), importedAt: Date.now() };
        onProgress?.({ fraction: (Object.keys(next).length / 5) });
      }
      const counts = await validate(next);
      await commit(next);
      onProgress?.({ fraction: 1 });
      return counts;
    },
  };
  return ws;
}
