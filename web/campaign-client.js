// The page's side of web/campaign-worker.js: promises for open, run (with progress), outcomes
// and report; cancel() stops a running run between customers. A crashed worker rejects every
// pending call and is replaced on the next call.

export function createCampaignClient() {
  let worker = null;
  let next = 1;
  const pending = new Map();   // id -> {resolve, reject, onProgress}

  function start() {
    worker = new Worker(new URL('./campaign-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      if (!p) return;
      if (data.progress) { p.onProgress?.(data.progress); return; }
      pending.delete(data.id);
      if (data.ok) p.resolve(data.result);
      else p.reject(new Error(data.error));
    };
    worker.onerror = e => {
      e.preventDefault?.();
      const error = new Error(`the campaign worker stopped: ${e.message ?? 'unknown error'}`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      worker.terminate();
      worker = null;
    };
  }

  function call(type, fields = {}, onProgress) {
    if (!worker) start();
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, type, ...fields });
    });
  }

  return {
    /** files: {name: text} (manifest.json, catalog.csv|json, customers.csv, events.csv, campaigns.json, ...) */
    open: (files, modelUrl) => call('open', { files, modelUrl }),
    run: (campaign, options, onProgress) => call('run', { campaign, options }, onProgress),
    cancel: () => worker?.postMessage({ type: 'cancel' }),
    outcomes: (campaign, csv) => call('outcomes', { campaign, csv }),
    report: campaign => call('report', { campaign }),
  };
}
