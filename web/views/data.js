// The Data view: the workspace (load the sample ecosystem, export / import the whole workspace
// as one file) and imports of the manifest, catalog, customers and events (CSV/JSON) with a
// preview table, a progress bar and the importer's row-level error (line and column). The WASM
// core reads and judges every file (web/workspace.js → web/ecosystem.js); a failed import
// keeps the previous data. Cells go into the table as text.

import { parseCsv } from '../csv.js';
import { DATA_KINDS } from '../workspace.js';
import { DATA_STRINGS } from './data-strings.js';

const PREVIEW_ROWS = 50;

const MARKUP = `
<section class="panel" aria-labelledby="ws-title">
  <div class="panel-head">
    <h2 id="ws-title" data-i18n="data.workspace"></h2>
    <span id="ws-persist" class="muted"></span>
  </div>
  <dl id="ws-counts" class="info-grid"></dl>
  <div class="actions">
    <button type="button" id="ws-sample" class="primary" data-i18n="data.loadSample"></button>
    <button type="button" id="ws-export" class="secondary" data-i18n="data.export"></button>
    <label class="button secondary file-button">
      <input type="file" id="ws-import" accept=".json,application/json">
      <span data-i18n="data.importWorkspace"></span>
    </label>
  </div>
</section>

<section class="panel" aria-labelledby="imp-title">
  <h2 id="imp-title" data-i18n="data.importTitle"></h2>
  <p class="muted" data-i18n="data.importIntro"></p>
  <div class="form-grid">
    <label><span data-i18n="data.kind"></span>
      <select id="imp-kind"></select></label>
    <label><span data-i18n="data.format"></span>
      <select id="imp-format"><option value="auto"></option><option value="csv">CSV</option><option value="json">JSON</option></select></label>
  </div>
  <div class="actions">
    <label class="button primary file-button">
      <input type="file" id="imp-file" accept=".csv,.json,text/csv,application/json">
      <span data-i18n="data.chooseFile"></span>
    </label>
    <button type="button" id="imp-cancel" class="secondary" data-i18n="data.cancel" disabled></button>
    <span id="imp-status" class="stats" aria-live="polite"></span>
  </div>
  <progress id="imp-progress" max="1" value="0" data-i18n-aria-label="data.progress" hidden></progress>
  <p id="imp-error" class="row-error" role="alert" hidden></p>
</section>

<section class="panel" aria-labelledby="prev-title">
  <div class="panel-head">
    <h2 id="prev-title"></h2>
    <span id="prev-count" class="muted"></span>
  </div>
  <p id="prev-empty" class="empty-state"></p>
  <div class="table-wrap" id="prev-wrap" hidden>
    <table class="data" id="prev-table"><thead></thead><tbody></tbody></table>
  </div>
</section>`;

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Header + rows for the preview of a file's text (CSV, a JSON array, or a manifest). */
function tableOf(text, format) {
  if (format === 'json') {
    let v;
    try { v = JSON.parse(text); } catch { return { header: [], rows: [], lines: [] }; }
    if (!Array.isArray(v)) {
      // A manifest: one row per partner is the useful view of it.
      v = Array.isArray(v?.partners) ? v.partners : [v];
    }
    const header = [...new Set(v.slice(0, PREVIEW_ROWS).flatMap(o => (o && typeof o === 'object' ? Object.keys(o) : [])))];
    const cell = x => (x === undefined || x === null ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x));
    return { header, rows: v.slice(0, PREVIEW_ROWS).map(o => header.map(h => cell(o?.[h]))), lines: [], total: v.length };
  }
  const parsed = parseCsv(text, { limit: PREVIEW_ROWS });
  return { ...parsed, total: null };
}

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { t, workspace: ws, banner } = ctx;
  const $ = sel => container.querySelector(sel);
  const s = {
    kind: 'catalog',
    attempt: null,      // {name, text, format, error, line, index}: the last file that failed
    running: null,      // AbortController of the running import
    status: null,       // {key, params}
    counts: null,       // the engine's counts of the stored data
  };

  const formatFor = file => {
    const chosen = $('#imp-format').value;
    if (s.kind === 'manifest') return 'json';
    if (chosen !== 'auto') return chosen;
    return /\.json$/i.test(file.name) ? 'json' : 'csv';
  };

  async function refreshCounts() {
    try {
      const eco = await ws.ecosystem();
      s.counts = await eco.counts();
      eco.free();
    } catch (e) {
      s.counts = null;   // the stored data no longer reads: say so, keep it
      banner.error('data.storedBroken', e);
    }
    renderCounts();
  }

  async function importFile(file) {
    if (!file || s.running) return;
    banner.clear();
    const format = formatFor(file);
    const text = await file.text();
    s.attempt = null;
    s.running = new AbortController();
    s.status = { key: 'data.importing', params: { name: file.name } };
    const bar = $('#imp-progress');
    bar.value = 0;
    render();
    try {
      const counts = await ws.importData(s.kind, text, { name: file.name, format, signal: s.running.signal,
        onProgress: p => { if (p.fraction !== null) bar.value = p.fraction; } });
      s.status = { key: 'data.imported', params: { name: file.name, rows: counts[{ catalog: 'products' }[s.kind] ?? s.kind] ?? '—' } };
      banner.notice(s.status.key, s.status.params);
      await refreshCounts();
    } catch (e) {
      const line = /line (\d+)/.exec(e.message);
      const index = /\[(\d+)\]/.exec(e.message);
      // The workspace names the file in its message; the error line names it once, itself.
      const prefix = `${file.name}: `;
      const error = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      s.attempt = { name: file.name, text, format, error, line: line ? Number(line[1]) : null,
        index: index ? Number(index[1]) : null };
      s.status = { key: 'data.failed', params: { name: file.name } };
      banner.error('data.importFailed', e);
    } finally {
      s.running = null;
      render();
    }
  }

  async function run(action, doneKey) {
    banner.clear();
    try {
      await action();
      s.attempt = null;
      banner.notice(doneKey);
      await refreshCounts();
    } catch (e) {
      banner.error('data.workspaceFailed', e);
    }
    render();
  }

  function renderCounts() {
    const dl = $('#ws-counts');
    dl.replaceChildren();
    const c = s.counts ?? {};
    // The partners are the manifest's (the engine counts partner data rows, not the manifest's list).
    let partners;
    try { partners = JSON.parse(ws.get('manifest')?.text ?? 'null')?.partners?.length; } catch { partners = undefined; }
    const rows = [['data.products', c.products], ['data.customers', c.customers], ['data.events', c.events],
      ['data.partners', partners], ['data.reviews', ws.reviews.length]];
    for (const [key, n] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = t(key);
      const dd = document.createElement('dd');
      dd.textContent = n === undefined ? '—' : String(n);
      dd.dataset.key = key;
      dl.append(dt, dd);
    }
    $('#ws-persist').textContent = t(ws.persistent ? 'data.persistent' : 'data.memoryOnly');
  }

  function renderPreview() {
    const stored = ws.get(s.kind);
    const source = s.attempt ?? stored;
    $('#prev-title').textContent = t(s.attempt ? 'data.previewFailed' : 'data.preview', { kind: t(`data.kind.${s.kind}`), name: source?.name ?? '' });
    $('#prev-empty').hidden = !!source;
    $('#prev-empty').textContent = t('data.empty', { kind: t(`data.kind.${s.kind}`) });
    $('#prev-wrap').hidden = !source;
    const thead = $('#prev-table thead');
    const tbody = $('#prev-table tbody');
    thead.replaceChildren();
    tbody.replaceChildren();
    $('#prev-count').textContent = '';
    if (!source) return;
    const table = tableOf(source.text, source.format);
    const head = document.createElement('tr');
    for (const h of [t(source.format === 'json' ? 'data.index' : 'data.line'), ...table.header]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    thead.append(head);
    table.rows.forEach((row, i) => {
      const tr = document.createElement('tr');
      const where = table.lines[i] ?? i;
      if (s.attempt && ((s.attempt.line !== null && where === s.attempt.line) || (s.attempt.index !== null && i === s.attempt.index))) {
        tr.className = 'bad';
      }
      for (const v of [String(where), ...row]) {
        const td = document.createElement('td');
        td.textContent = v;
        td.title = v;
        tr.append(td);
      }
      tbody.append(tr);
    });
    if (!s.attempt) {
      const total = s.kind === 'manifest' ? null : ws.rows(s.kind).length;
      if (total !== null) $('#prev-count').textContent = t('data.rows', { shown: table.rows.length, total });
    }
  }

  function render() {
    const kinds = $('#imp-kind');
    if (kinds.options.length !== DATA_KINDS.length) {
      kinds.replaceChildren(...DATA_KINDS.map(k => new Option('', k)));
      kinds.value = s.kind;
    }
    for (const o of kinds.options) o.textContent = t(`data.kind.${o.value}`);
    $('#imp-format').options[0].textContent = t('data.formatAuto');
    $('#imp-format').disabled = s.kind === 'manifest';
    $('#imp-status').textContent = s.status ? t(s.status.key, s.status.params) : '';
    $('#imp-progress').hidden = !s.running;
    $('#imp-cancel').disabled = !s.running;
    $('#imp-file').disabled = !!s.running;
    $('#imp-error').hidden = !s.attempt;
    $('#imp-error').textContent = s.attempt ? t('data.rowError', { name: s.attempt.name, message: s.attempt.error }) : '';
    renderCounts();
    renderPreview();
  }

  $('#imp-kind').addEventListener('change', e => { s.kind = e.target.value; s.attempt = null; s.status = null; render(); });
  $('#imp-file').addEventListener('change', e => {
    const file = e.target.files?.[0];
    e.target.value = '';
    importFile(file).catch(err => banner.error('data.importFailed', err));
  });
  $('#imp-cancel').addEventListener('click', () => s.running?.abort());
  $('#ws-sample').addEventListener('click', () => run(() => ws.loadSample(), 'data.sampleLoaded'));
  $('#ws-export').addEventListener('click', () => {
    download(`plume-workspace-${new Date().toISOString().slice(0, 10)}.json`, ws.exportFile(), 'application/json');
  });
  $('#ws-import').addEventListener('change', e => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) run(() => ws.importFile(file), 'data.workspaceImported');
  });
  ws.onChange(() => render());

  refreshCounts();
  return { render };
}

export default {
  id: 'data',
  title: { en: 'Data', zh: '数据' },
  strings: DATA_STRINGS,
  mount,
};
