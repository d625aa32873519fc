// Tables of the Campaigns view: the run's messages, their CSV/JSON exports, and the report per
// partner, channel, segment and variant with the campaign's analysis. Everything is text nodes.

const MESSAGE_COLUMNS = ['customer', 'variant', 'language', 'to', 'send_at', 'source', 'text'];
const EXPORT_COLUMNS = ['message_id', 'campaign', 'customer', 'variant', 'channel', 'partner', 'language',
  'template', 'to', 'send_at', 'source', 'score', 'fallback_reason', 'text'];
const REPORT_COLUMNS = ['messages', 'delivered', 'opened', 'clicked', 'converted', 'revenue', 'openRate', 'clickRate', 'conversionRate'];

const cell = (tag, text) => {
  const el = document.createElement(tag);
  el.textContent = text ?? '';
  return el;
};

export function table(headers, rows) {
  const t = document.createElement('table');
  t.className = 'data';
  const head = document.createElement('tr');
  head.append(...headers.map(h => { const th = cell('th', h); th.scope = 'col'; return th; }));
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.append(...r.map(v => cell('td', v)));
    body.append(tr);
  }
  t.append(thead, body);
  return t;
}

/** The first `limit` messages as a table (the text cut to one line; the whole in its title). */
export function messagesTable(messages, t, limit = 200) {
  const rows = messages.slice(0, limit).map(m => MESSAGE_COLUMNS.map(k => (k === 'text' ? String(m.text ?? '').replace(/\s+/g, ' ') : String(m[k] ?? ''))));
  const el = table(MESSAGE_COLUMNS.map(k => t(`camp.col.${k}`)), rows);
  el.querySelectorAll('tbody tr').forEach((tr, i) => { tr.lastChild.title = messages[i].text ?? ''; });
  return el;
}

const csvField = v => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV of the messages (one row each; text with its new lines, quoted). */
export function messagesCsv(messages) {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const m of messages) lines.push(EXPORT_COLUMNS.map(k => csvField(m[k])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const pct = x => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (k, v) => (k.endsWith('Rate') ? pct(v) : k === 'revenue' ? Number(v ?? 0).toFixed(2) : String(v ?? 0));

/** The report's groups: one table per dimension, plus the total. */
export function reportTables(report, t) {
  const out = [];
  const dims = [['byPartner', 'partner'], ['byChannel', 'channel'], ['bySegment', 'segment'], ['byVariant', 'variant']];
  const headers = key => [t(`camp.dim.${key}`), ...REPORT_COLUMNS.map(k => t(`camp.rep.${k}`))];
  for (const [field, key] of dims) {
    const rows = (report[field] ?? []).map(g => [g[key], ...REPORT_COLUMNS.map(k => num(k, g[k]))]);
    const h = cell('h3', t(`camp.by.${key}`));
    h.className = 'sub';
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    wrap.dataset.dim = key;
    wrap.append(table(headers(key), rows));
    out.push(h, wrap);
  }
  return out;
}

/** The campaign's analysis: each variant's rate with its interval and chance to be best; SRM first. */
export function analysisBlock(analysis, weights, t) {
  const out = [];
  if (!analysis) return out;
  if (analysis.error) { out.push(cell('p', t('camp.analysisError', { message: analysis.error }))); return out; }
  if (analysis.srm?.mismatch) {
    const p = cell('p', t('camp.srm', { p: analysis.srm.pValue.toExponential(2) }));
    p.className = 'row-error';
    p.setAttribute('role', 'note');
    out.push(p);
  }
  for (const w of analysis.warnings ?? []) out.push(Object.assign(cell('p', w), { className: 'muted' }));
  const rows = (analysis.variants ?? []).map((v, i) => [v.variant ?? v.name ?? String(i), String(v.delivered ?? v.users ?? ''),
    String(v.successes ?? v.conversions ?? ''), pct(v.rate),
    v.interval ? `${pct(v.interval[0])} – ${pct(v.interval[1])}` : '—', pct(v.chanceToBeBest),
    weights?.[i] !== undefined ? pct(weights[i]) : '—']);
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.append(table(['variant', 'delivered', 'successes', 'rate', 'interval', 'bestProb', 'weight'].map(k => t(`camp.an.${k}`)), rows));
  out.push(cell('p', t('camp.analysisMetric', { metric: analysis.metric, allocation: analysis.allocation })), wrap);
  return out;
}
