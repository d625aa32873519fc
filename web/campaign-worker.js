// The Campaigns view's worker: web/campaign.js (the WASM core's campaign door) runs here, so a
// run that writes hundreds of messages with the model never freezes the page. One request at a
// time, answered in order: {id, type, ...} -> {id, ok: true, result} | {id, ok: false, error};
// a run also posts {id, progress}. {type: 'cancel'} stops the running run between customers.

// A run yields to the event loop between customers (web/campaign.js), so a 'cancel' message gets in.
const campaignModule = import('./campaign.js');   // awaited per request

let workspace = null;
let cancelled = false;
let queue = Promise.resolve();

async function handle(msg) {
  switch (msg.type) {
    case 'open': {
      workspace?.free();
      workspace = null;
      const { CampaignWorkspace } = await campaignModule;
      workspace = await CampaignWorkspace.open(msg.files);
      if (msg.modelUrl) {
        const res = await fetch(msg.modelUrl);
        if (!res.ok) throw new Error(`${msg.modelUrl}: HTTP ${res.status}`);
        workspace.loadModel(new Uint8Array(await res.arrayBuffer()));
      }
      return { campaigns: workspace.campaigns };
    }
    case 'run': {
      if (!workspace) throw new Error('no campaign workspace is open');
      cancelled = false;
      const r = await workspace.run(msg.campaign, {
        ...msg.options,
        onProgress: progress => postMessage({ id: msg.id, progress }),
        shouldCancel: () => cancelled,
      });
      return r;
    }
    case 'outcomes':
      if (!workspace) throw new Error('no campaign workspace is open');
      return workspace.outcomes(msg.campaign, msg.csv);
    case 'report':
      if (!workspace) throw new Error('no campaign workspace is open');
      return workspace.report(msg.campaign);
    default:
      throw new Error(`unknown request ${msg.type}`);
  }
}

self.onmessage = ({ data }) => {
  if (data.type === 'cancel') { cancelled = true; return; }   // not queued: it must reach a running run
  queue = queue.then(async () => {
    try {
      postMessage({ id: data.id, ok: true, result: await handle(data) });
    } catch (e) {
      postMessage({ id: data.id, ok: false, error: e?.message ?? String(e) });
    }
  });
};
