// The model cache: the last model the user loaded from their own files (one .gguf, or the four
// Hugging Face files) is kept in the browser with each file's SHA-256, so the next visit loads it
// without asking for the files again. One entry at most (models are large). It lives in the
// origin-private file system (OPFS) when the browser has it, else in IndexedDB as Blobs.
// Reading it back re-hashes every file: a changed byte means a corrupted entry, which the caller
// drops (forget()) and reports. No DOM here; web/views/model-cache-panel.js draws it.

import { openStore } from './idb.js';

export const CACHE_FORMAT = 'plume-model-cache/1';
const DIR = 'plume-model-cache';
const ENTRY = 'entry.json';
const HF_ROLES = ['safetensors', 'config', 'vocab', 'merges'];

/** Hex SHA-256 of a Blob or ArrayBuffer (Web Crypto). */
export async function sha256Hex(data) {
  const buffer = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, b => b.toString(16).padStart(2, '0')).join('');
}

/** The files of a model source as [{role, file}], or null when it is not a user's own files. */
export function filesOf(model) {
  if (typeof Blob === 'undefined') return null;
  if (model instanceof Blob) return [{ role: 'gguf', file: model }];
  if (model && typeof model === 'object' && HF_ROLES.every(r => model[r] instanceof Blob)) {
    return HF_ROLES.map(role => ({ role, file: model[role] }));
  }
  return null;
}

// --- backends: {read(name) -> Blob|null, write(name, blob), clear()} -----------------------

async function opfsBackend() {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(DIR, { create: true });
  return {
    kind: 'opfs',
    async read(name) {
      try {
        return await (await dir.getFileHandle(name)).getFile();
      } catch (e) {
        if (e?.name === 'NotFoundError') return null;
        throw e;
      }
    },
    async write(name, blob) {
      const handle = await dir.getFileHandle(name, { create: true });
      const out = await handle.createWritable();   // a swap file: replaced whole on close
      try {
        await out.write(blob);
        await out.close();
      } catch (e) {
        await out.abort?.().catch(() => {});
        throw e;
      }
    },
    async clear() {
      for await (const name of dir.keys()) await dir.removeEntry(name, { recursive: true });
    },
  };
}

async function idbBackend() {
  const store = await openStore('plume-model-cache', 'files');
  return {
    kind: 'indexeddb',
    async read(name) { return (await store.getAll())[name] ?? null; },
    async write(name, blob) { await store.putAll({ [name]: blob }); },
    async clear() {
      const all = await store.getAll();
      await store.putAll(Object.fromEntries(Object.keys(all).map(k => [k, null])));
    },
  };
}

async function openBackend() {
  if (globalThis.navigator?.storage?.getDirectory) {
    try {
      const b = await opfsBackend();
      // createWritable is missing in some browsers' main thread: then IndexedDB it is.
      const probe = await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR);
      const h = await probe.getFileHandle('.probe', { create: true });
      if (typeof h.createWritable === 'function') { await probe.removeEntry('.probe'); return b; }
      await probe.removeEntry('.probe');
    } catch { /* fall through */ }
  }
  return idbBackend();
}

/** A corrupted or refused cache entry: the message says which file and why. */
export class CacheCorrupted extends Error {
  constructor(message) { super(message); this.name = 'CacheCorrupted'; }
}

export async function openModelCache() {
  const backend = await openBackend();
  const cache = {
    kind: backend.kind,

    /** The entry's description {format, kind, name, files: [{role, name, size, sha256}], storedAt}, or null. */
    async entry() {
      const blob = await backend.read(ENTRY);
      if (!blob) return null;
      let entry;
      try {
        entry = JSON.parse(await blob.text());
      } catch (e) {
        throw new CacheCorrupted(`${ENTRY} is not JSON (${e.message})`);
      }
      const ok = entry?.format === CACHE_FORMAT && Array.isArray(entry.files) && entry.files.length > 0 &&
        entry.files.every(f => typeof f?.role === 'string' && typeof f.sha256 === 'string' && Number.isFinite(f.size));
      if (!ok) throw new CacheCorrupted(`${ENTRY} does not describe a cached model (${CACHE_FORMAT})`);
      return entry;
    },

    /**
     * Stores the model's files (replacing the previous entry). The entry file is written last, so a
     * tab closed mid-way leaves no entry rather than a half one.
     */
    async store(model, name) {
      const files = filesOf(model);
      if (!files) throw new Error('only a model loaded from your own files can be cached');
      await backend.clear();
      const described = [];
      for (const { role, file } of files) {
        described.push({ role, name: file.name ?? role, size: file.size, sha256: await sha256Hex(file) });
        await backend.write(role, file);
      }
      const entry = { format: CACHE_FORMAT, kind: files.length === 1 ? 'gguf' : 'hf', name,
        files: described, storedAt: new Date().toISOString() };
      await backend.write(ENTRY, new Blob([JSON.stringify(entry)], { type: 'application/json' }));
      return entry;
    },

    /**
     * The cached model as a source for engine.load (a File, or the four HF files), every file's
     * hash checked. Throws CacheCorrupted naming the file when a byte changed or a file is gone.
     */
    async model(entry) {
      const out = {};
      for (const f of entry.files) {
        const blob = await backend.read(f.role);
        if (!blob) throw new CacheCorrupted(`${f.name} is missing from the cache`);
        if (blob.size !== f.size) throw new CacheCorrupted(`${f.name} has ${blob.size} bytes, expected ${f.size}`);
        const hash = await sha256Hex(blob);
        if (hash !== f.sha256) throw new CacheCorrupted(`${f.name}: SHA-256 ${hash.slice(0, 12)}… does not match the stored ${f.sha256.slice(0, 12)}…`);
        out[f.role] = new File([blob], f.name);
      }
      return entry.kind === 'gguf' ? out.gguf : out;
    },

    async forget() { await backend.clear(); },
  };
  return cache;
}
