// The Customer service view (seed §5.2): a chat on the FAQ knowledge base (web/faq.js: BM25
// retrieval in the core, a confidence threshold below which the customer is handed over to a
// person, follow-ups that reuse the previous turn, optionally an answer phrased by the model and
// grounded on the retrieved entry). The knowledge base is a JSON-lines file kept in the
// workspace's settings (`serviceFaq`), so it survives reloads and goes with the workspace export.
// Every message, question and entry goes into the page as text.

import { FaqKnowledgeBase } from '../faq.js';
import { fetchTemplateLibrary } from '../write.js';
import { SERVICE_STRINGS } from './service-strings.js';

const SAMPLE_FAQ = '../data/ecosystem/faq.jsonl';
// The model's phrasing ends after this long (between tokens): on a slow or busy machine the
// customer then gets the entry's answer (or what the model wrote by then, if it keeps the facts)
// instead of waiting without end.
const MODEL_TIME_LIMIT_MS = 60_000;

const MARKUP = `
<section class="panel" aria-labelledby="svc-kb-title">
  <h2 id="svc-kb-title" data-i18n="svc.kbTitle"></h2>
  <p id="svc-kb-status" class="muted" aria-live="polite"></p>
  <div class="actions">
    <button type="button" id="svc-sample" class="secondary" data-i18n="svc.loadSample"></button>
    <label class="button secondary file-button">
      <input type="file" id="svc-file" accept=".jsonl,.json,.txt,application/x-ndjson">
      <span data-i18n="svc.import"></span>
    </label>
  </div>
  <div class="form-grid">
    <label><span data-i18n="svc.partner"></span><select id="svc-partner"></select></label>
    <label><span data-i18n="svc.threshold"></span>
      <input id="svc-threshold" type="number" min="0" max="1" step="0.05" value="0.1"></label>
    <label class="check"><input type="checkbox" id="svc-model"> <span data-i18n="svc.useModel"></span></label>
  </div>
</section>
<section class="panel" aria-labelledby="svc-chat-title">
  <div class="panel-head">
    <h2 id="svc-chat-title" data-i18n="svc.chatTitle"></h2>
    <button type="button" id="svc-reset" class="ghost small" data-i18n="svc.reset" disabled></button>
  </div>
  <p id="svc-empty" class="empty-state" data-i18n="svc.empty"></p>
  <ol id="svc-log" class="chat-log" role="log" aria-live="polite" data-i18n-aria-label="svc.logLabel"></ol>
  <form id="svc-form" class="chat-form">
    <label class="wide"><span data-i18n="svc.question"></span>
      <input id="svc-question" type="text" autocomplete="off" data-i18n-placeholder="svc.questionHint"></label>
    <button type="submit" id="svc-send" class="primary" data-i18n="svc.send" disabled></button>
  </form>
</section>`;

function manifestOf(ws) {
  const m = ws.get('manifest');
  if (!m) return null;
  try { return JSON.parse(m.text); } catch { return null; }
}

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { t, engine, banner, workspace: ws } = ctx;
  const $ = sel => container.querySelector(sel);
  let kb = null;
  let chat = null;
  let kbState = { key: 'svc.noKb' };
  let turns = [];           // {question, answer} as they happened
  let asking = false;
  let templates = null;

  function renderStatus() {
    $('#svc-kb-status').textContent = t(kbState.key, kbState.params);
    $('#svc-send').disabled = !kb || asking;
    $('#svc-reset').disabled = turns.length === 0 || asking;
    $('#svc-empty').hidden = turns.length > 0;
    $('#svc-empty').textContent = t(kb ? 'svc.empty' : 'svc.emptyNoKb');
    $('#svc-model').disabled = !engine.engine;
  }

  function renderPartners() {
    const select = $('#svc-partner');
    const keep = select.value;
    const partners = manifestOf(ws)?.partners ?? [];
    select.replaceChildren(new Option(t('svc.allPartners'), ''),
      ...partners.filter(p => p && typeof p.id === 'string').map(p => new Option(typeof p.name === 'object' ? (p.name[ctx.lang] ?? p.name.en ?? p.id) : (p.name ?? p.id), p.id)));
    if ([...select.options].some(o => o.value === keep)) select.value = keep;
  }

  function sourceList(hits) {
    const details = document.createElement('details');
    details.className = 'chat-sources';
    const summary = document.createElement('summary');
    summary.textContent = t('svc.sources', { n: hits.length });
    const list = document.createElement('ol');
    for (const h of hits) {
      const li = document.createElement('li');
      const q = document.createElement('strong');
      q.textContent = h.question;
      const meta = document.createElement('span');
      meta.className = 'muted';
      meta.textContent = ` ${t('svc.hitMeta', { id: h.id, score: h.score.toFixed(2), normalized: h.normalized.toFixed(2) })}` +
        (h.partner ? ` · ${h.partner}` : '');
      const a = document.createElement('p');
      a.textContent = h.answer;
      li.append(q, meta, a);
      list.append(li);
    }
    details.append(summary, list);
    return details;
  }

  function message(role, text) {
    const li = document.createElement('li');
    li.className = `chat-msg ${role}`;
    const who = document.createElement('span');
    who.className = 'chat-who';
    who.textContent = t(`svc.${role}`);
    const body = document.createElement('p');
    body.className = 'chat-text';
    body.textContent = text;
    li.append(who, body);
    return li;
  }

  function renderLog() {
    const items = [];
    for (const turn of turns) {
      items.push(message('customer', turn.question));
      const a = turn.answer;
      if (!a) { items.push(message('pending', t('svc.thinking'))); continue; }
      const li = message(a.handover ? 'handover' : 'agent', a.answer);
      const meta = document.createElement('p');
      meta.className = 'chat-meta';
      meta.textContent = a.handover
        ? (a.hits?.length && a.confidence >= turn.threshold
          ? t('svc.handoverCoverageMeta', { coverage: (a.coverage ?? 0).toFixed(2) })
          : t('svc.handoverMeta', { confidence: a.confidence.toFixed(2), threshold: turn.threshold }))
        : t(a.source === 'generated' ? 'svc.generatedMeta' : 'svc.retrievedMeta', { id: a.id, confidence: a.confidence.toFixed(2) });
      li.append(meta);
      if (a.hits?.length) li.append(sourceList(a.hits));
      items.push(li);
    }
    $('#svc-log').replaceChildren(...items);
    renderStatus();
  }

  async function useFaq(text, name, { save }) {
    banner.clear();
    let next;
    try {
      next = await FaqKnowledgeBase.create(text, { manifest: manifestOf(ws) });
    } catch (e) {
      kbState = kb ? kbState : { key: 'svc.noKb' };
      renderStatus();
      banner.error('svc.kbRefused', new Error(`${name}: ${e.message}`));
      return false;
    }
    kb?.free();
    kb = next;
    chat = kb.conversation();
    turns = [];
    kbState = { key: 'svc.kbReady', params: { name, en: kb.entries.en ?? 0, zh: kb.entries.zh ?? 0 } };
    if (save) await ws.setSettings({ serviceFaq: { name, text } });
    renderLog();
    return true;
  }

  async function loadSample() {
    try {
      const res = await fetch(new URL(SAMPLE_FAQ, location.href));
      if (!res.ok) throw new Error(`${SAMPLE_FAQ}: HTTP ${res.status}`);
      if (await useFaq(await res.text(), 'faq.jsonl', { save: true })) banner.notice('svc.kbLoaded', { name: 'faq.jsonl' });
    } catch (e) {
      banner.error('svc.kbRefused', e);
    }
  }

  async function ask(question) {
    if (!chat || asking || !question.trim()) return;
    const threshold = Number($('#svc-threshold').value);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      banner.error('svc.failed', new Error(t('svc.badThreshold')));
      return;
    }
    const options = { threshold };
    if ($('#svc-partner').value) options.partner = $('#svc-partner').value;
    const turn = { question, answer: null, threshold };
    turns.push(turn);
    asking = true;
    renderLog();
    let job = null;
    try {
      if ($('#svc-model').checked) {
        const e = engine.ready;
        if (!e) throw new Error(t('svc.noModel'));
        templates ??= await fetchTemplateLibrary();
        job = engine.begin('service');
        Object.assign(options, { engine: e, files: templates, signal: job.signal, timeoutMs: MODEL_TIME_LIMIT_MS });
      }
      turn.answer = await chat.ask(question, options);
      $('#svc-question').value = '';
    } catch (e) {
      turns.pop();
      banner.error('svc.failed', e);
    } finally {
      if (job) engine.end('service');
      asking = false;
      renderLog();
      $('#svc-question').focus();
    }
  }

  $('#svc-sample').addEventListener('click', loadSample);
  $('#svc-file').addEventListener('change', async e => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (await useFaq(await file.text(), file.name, { save: true })) banner.notice('svc.kbLoaded', { name: file.name });
  });
  $('#svc-form').addEventListener('submit', e => { e.preventDefault(); ask($('#svc-question').value); });
  $('#svc-reset').addEventListener('click', () => { chat = kb?.conversation() ?? null; turns = []; renderLog(); $('#svc-question').focus(); });
  engine.onChange(renderStatus);
  ws.onChange(() => renderPartners());

  renderPartners();
  const saved = ws.settings?.serviceFaq;
  if (saved?.text) useFaq(saved.text, saved.name ?? 'faq.jsonl', { save: false });
  renderLog();

  return { render() { renderPartners(); renderLog(); } };
}

export default {
  id: 'service',
  title: { en: 'Customer service', zh: '智能客服' },
  strings: SERVICE_STRINGS,
  mount,
};
