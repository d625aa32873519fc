// A minimal promise wrapper over one IndexedDB object store of key → value, enough for the
// workspace: read everything at start, write several keys in one transaction (all or nothing).

const done = req => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
});

/** Opens (creating if needed) database `dbName` with one store `storeName`. */
export async function openStore(dbName, storeName) {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB: the workspace is kept only until the tab closes');
  const open = indexedDB.open(dbName, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(storeName);
  const db = await new Promise((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    // Another tab holding an older version would block forever: give up and work in memory.
    open.onblocked = () => reject(new Error('the workspace database is held by another tab of this page'));
  });
  return {
    /** Every key and value, as an object. */
    async getAll() {
      const tx = db.transaction(storeName, 'readonly');
      const store = tx.objectStore(storeName);
      const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
      return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
    },
    /** Puts every key of `changes` in one transaction; resolves when it is durable. */
    putAll(changes) {
      return new Promise((resolve, reject) => {
        const tx = db.transaction(storeName, 'readwrite');
        const store = tx.objectStore(storeName);
        for (const [k, v] of Object.entries(changes)) store.put(v, k);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted (is the disk full?)'));
      });
    },
  };
}
