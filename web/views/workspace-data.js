/**
 * What the Recommendations and Experiments views read from the studio's workspace (IndexedDB,
 * web/workspace.js): the raw catalog, customers and events texts and the manifest. One place to
 * adapt if the workspace's shape changes.
 * @module views/workspace-data
 */

/** The workspace's files as texts ({manifest, catalog, customers, events}; missing ones are ''). */
export async function workspaceFiles(ctx) {
  const ws = ctx?.workspace;
  if (!ws) return { manifest: '', catalog: '', customers: '', events: '' };
  const get = async key => {
    const v = typeof ws.get === 'function' ? await ws.get(key) : ws[key];
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : (v.text ?? JSON.stringify(v));
  };
  const [manifest, catalog, customers, events] = await Promise.all(['manifest', 'catalog', 'customers', 'events'].map(get));
  return { manifest, catalog, customers, events };
}

/** The workspace's events as objects for experiment.js aggregate() ([] when there are none). */
export async function workspaceEvents(ctx) {
  const { events } = await workspaceFiles(ctx);
  if (!events) return [];
  const { parseEvents } = await import('../experiment.js');
  return parseEvents(events);
}
