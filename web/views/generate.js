// The Generate view: content type, language, channel (one template of the library each), tone,
// a product from the workspace's catalog or typed in; the engine writes N candidates (streamed),
// the core filters and ranks them (web/write.js); the marketer approves, edits or rejects each
// one (kept in the workspace's review list), copies or exports them. The page draws; the core
// decides the prompt, the rules and the ranking.

import { fetchTemplateLibrary, listTemplates, write } from '../write.js';
import { GENERATE_STRINGS } from './generate-strings.js';
import { rankedCard, streamingCard } from './generate-cards.js';

const TONES = { en: ['', 'friendly', 'professional', 'playful', 'premium'], zh: ['', '亲切', '专业', '活泼', '高端'] };

const MARKUP = `
<section class="panel" aria-labelledby="gen-title">
  <h2 id="gen-title" data-i18n="gen.title"></h2>
  <p id="gen-loading" class="muted" data-i18n="gen.loadingTemplates"></p>
  <div class="form-grid">
    <label><span data-i18n="gen.type"></span><select id="gen-type"></select></label>
    <label><span data-i18n="gen.language"></span><select id="gen-lang"><option value="en">English</option><option value="zh">中文</option></select></label>
    <label><span data-i18n="gen.channel"></span><select id="gen-channel"></select></label>
    <label><span data-i18n="gen.tone"></span><select id="gen-tone"></select></label>
  </div>
  <h3 class="sub" data-i18n="gen.productTitle"></h3>
  <div class="form-grid">
    <label class="wide"><span data-i18n="gen.fromCatalog"></span><select id="gen-product"></select></label>
    <div class="wide" id="gen-sample-row" hidden><button type="button" id="gen-sample" class="secondary small" data-i18n="data.loadSample"></button></div>
    <label><span data-i18n="gen.productName"></span><input id="gen-name" type="text"></label>
    <label><span data-i18n="gen.category"></span><input id="gen-category" type="text"></label>
    <label class="wide"><span data-i18n="gen.features"></span><input id="gen-features" type="text" data-i18n-placeholder="gen.featuresHint"></label>
    <label><span data-i18n="gen.customer"></span><input id="gen-customer" type="text" data-i18n-placeholder="gen.optional"></label>
    <label class="wide"><span data-i18n="gen.question"></span><input id="gen-question" type="text" data-i18n-placeholder="gen.questionHint"></label>
  </div>
  <div class="form-grid gen-numbers">
    <label><span data-i18n="gen.n"></span><input id="gen-n" type="number" min="1" max="8" step="1" value="3"></label>
    <label><span data-i18n="gen.maxNewTokens"></span><input id="gen-max" type="number" min="1" max="512" step="1" value="80"></label>
    <label><span data-i18n="gen.seed"></span><input id="gen-seed" type="number" min="0" step="1" value="42"></label>
  </div>
  <div class="actions">
    <button type="button" id="gen-run" class="primary" data-i18n="gen.run" disabled></button>
    <button type="button" id="gen-stop" class="secondary" data-i18n="action.stop" disabled></button>
    <span id="gen-status" class="stats" aria-live="polite"></span>
  </div>
</section>
<section class="panel" aria-labelledby="gen-out-title">
  <div class="panel-head">
    <h2 id="gen-out-title" data-i18n="gen.candidates"></h2>
    <div class="actions tight">
      <button type="button" id="gen-export-text" class="ghost small" data-i18n="gen.exportText" disabled></button>
      <button type="button" id="gen-export-json" class="ghost small" data-i18n="gen.exportJson" disabled></button>
    </div>
  </div>
  <p id="gen-note" class="muted" hidden></p>
  <p id="gen-empty" class="empty-state" data-i18n="gen.empty"></p>
  <div id="gen-cards" class="outputs"></div>
  <p id="gen-reviews" class="muted"></p>
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

/** A catalog row's features: its `features` column, else the list after the colon of its description. */
function featuresOf(row) {
  if (row.features) return String(row.features).split(/[;|,，、]/).map(s => s.trim()).filter(Boolean);
  const m = /[:：]([^.。]*)/.exec(row.description ?? '');
  return m ? m[1].split(/[,，、]/).map(s => s.trim()).filter(Boolean).slice(0, 5) : [];
}

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { t, engine, workspace: ws, banner } = ctx;
  const $ = sel => container.querySelector(sel);
  const s = { files: null, templates: [], result: null, request: null, decisions: new Map(), status: null, streaming: [] };

  const selected = () => s.templates.find(x => x.name === $('#gen-channel').value);

  function fillSelect(select, items, keep) {
    const before = keep ? select.value : null;
    select.replaceChildren(...items.map(([value, label]) => new Option(label, value)));
    if (before && items.some(([v]) => v === before)) select.value = before;
  }

  function renderChoices() {
    const types = [...new Set(s.templates.map(x => x.content_type))];
    fillSelect($('#gen-type'), types.map(x => [x, t(`gen.type.${x}`)]), true);
    const lang = $('#gen-lang').value;
    const matching = s.templates.filter(x => x.content_type === $('#gen-type').value && x.language === lang);
    fillSelect($('#gen-channel'), matching.map(x => [x.name, `${t(`gen.channel.${x.channel}`)} · ${x.name}`]), true);
    fillSelect($('#gen-tone'), TONES[lang].map(x => [x, x || t('gen.toneNone')]), true);
    const rows = ws.rows('catalog');
    fillSelect($('#gen-product'), [['', rows.length ? t('gen.typeIn') : t('gen.noCatalog')],
      ...rows.slice(0, 1000).map((r, i) => [String(i), `${r.title ?? r.id} (${r.id})`])], true);
    const fields = selected()?.input_fields ?? [];
    for (const [id, field] of [['#gen-customer', 'customer'], ['#gen-question', 'question']]) {
      $(id).closest('label').hidden = fields.length > 0 && !fields.includes(field);
    }
  }

  function pickProduct() {
    const row = ws.rows('catalog')[Number($('#gen-product').value)];
    if ($('#gen-product').value === '' || !row) return;
    $('#gen-name').value = row.title ?? '';
    $('#gen-category').value = row.category ?? '';
    $('#gen-features').value = featuresOf(row).join(', ');
  }

  function readInput() {
    const tpl = selected();
    const allowed = f => !tpl?.input_fields?.length || tpl.input_fields.includes(f);
    const input = {};
    const put = (field, value) => { if (value && allowed(field)) input[field] = value; };
    put('product', $('#gen-name').value.trim());
    put('category', $('#gen-category').value.trim());
    const features = $('#gen-features').value.split(/[,，、;]/).map(x => x.trim()).filter(Boolean);
    if (features.length) put('features', features);
    put('tone', $('#gen-tone').value);
    put('customer', $('#gen-customer').value.trim());
    put('question', $('#gen-question').value.trim());
    return input;
  }

  const int = (id, label) => {
    const v = Number($(id).value);
    if (!Number.isInteger(v)) throw new Error(t('options.badNumber', { label: t(label), value: $(id).value }));
    return v;
  };

  async function run() {
    const e = engine.ready;
    const tpl = selected();
    if (!e || !tpl || engine.busy('write')) return;
    banner.clear();
    let request;
    try {
      request = { files: s.files, template: tpl.name, lang: tpl.language, input: readInput(),
        n: int('#gen-n', 'gen.n'), maxNewTokens: int('#gen-max', 'gen.maxNewTokens'), seed: int('#gen-seed', 'gen.seed') };
      if (!request.input.product) throw new Error(t('gen.needProduct'));
    } catch (err) {
      banner.error('gen.failed', err);
      return;
    }
    s.result = null;
    s.decisions = new Map();
    s.request = request;
    s.streaming = Array.from({ length: request.n }, (_, i) => streamingCard(t, i));
    $('#gen-cards').replaceChildren(...s.streaming.map(x => x.card));
    const controller = engine.begin('write');
    s.status = { key: 'gen.writing' };
    render();
    try {
      s.result = await write(e, { ...request, signal: controller.signal,
        onToken: ({ seq, text }) => s.streaming[seq]?.append(text) });
      s.status = { key: 'gen.done', params: { accepted: s.result.candidates.filter(c => c.accepted).length, n: s.result.candidates.length } };
    } catch (err) {
      s.status = null;
      $('#gen-cards').replaceChildren();
      if (err?.fatal) { engine.forget(); banner.error('error.crashed', err); } else banner.error('gen.failed', err);
    } finally {
      s.streaming = [];
      engine.end('write');
      render();
    }
  }

  async function decide(c, d) {
    const { template, lang, input } = s.request;
    const decision = { ...d, template, language: lang, input, reviewer: ws.settings.reviewer ?? 'studio', time: new Date().toISOString() };
    try {
      await ws.addReview(decision);
      s.decisions.set(c.index, decision);
      banner.notice(`gen.saved.${d.action}`, { rank: c.rank });
    } catch (err) {
      banner.error('gen.reviewFailed', err);
    }
    renderCards();
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      banner.notice('gen.copied');
    } catch (err) {
      banner.error('error.unexpected', err);
    }
  }

  function renderCards() {
    if (!s.result) return;
    const cards = s.result.candidates.map(c => rankedCard(c, { t, lang: ctx.lang, decision: s.decisions.get(c.index) ?? null,
      onDecide: d => decide(c, d), onCopy: copy }));
    $('#gen-cards').replaceChildren(...cards);
  }

  function exportResult(kind) {
    if (!s.result) return;
    const rows = s.result.candidates.map(c => ({ ...c, review: s.decisions.get(c.index) ?? null }));
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    if (kind === 'json') {
      download(`plume-${s.result.template}-${stamp}.json`, JSON.stringify({ template: s.result.template, seed: s.result.seed,
        input: s.request.input, candidates: rows }, null, 1), 'application/json');
    } else {
      download(`plume-${s.result.template}-${stamp}.txt`, rows.map(c => `#${c.rank} (${c.score.total.toFixed(2)})\n${c.review?.edited ?? c.text}`).join('\n\n'), 'text/plain');
    }
  }

  // The form's choices are remembered in the workspace's settings (they survive a reload).
  const FORM_FIELDS = { type: '#gen-type', lang: '#gen-lang', channel: '#gen-channel', tone: '#gen-tone', n: '#gen-n', max: '#gen-max', seed: '#gen-seed' };
  function saveForm() {
    const form = Object.fromEntries(Object.entries(FORM_FIELDS).map(([k, sel]) => [k, $(sel).value]));
    ws.setSettings({ generate: form }).catch(err => banner.error('workspace.storageFailed', err));
  }
  function restoreForm() {
    const form = ws.settings.generate ?? {};
    for (const k of ['type', 'lang']) if (form[k]) { $(FORM_FIELDS[k]).value = form[k]; render(); }
    for (const k of ['channel', 'tone', 'n', 'max', 'seed']) {
      const el = $(FORM_FIELDS[k]);
      if (form[k] !== undefined && (el.tagName !== 'SELECT' || [...el.options].some(o => o.value === form[k]))) el.value = form[k];
    }
    render();
  }

  function renderStatus() {
    $('#gen-status').textContent = s.status ? t(s.status.key, s.status.params) : (engine.ready ? '' : t('gen.waitModel'));
  }

  function update() {
    $('#gen-run').disabled = !engine.ready || !s.files || engine.busy('write') || engine.busy('generate');
    $('#gen-stop').disabled = !engine.busy('write');
  }

  function render() {
    if (s.files) renderChoices();
    $('#gen-loading').hidden = !!s.files;
    $('#gen-sample-row').hidden = ws.rows('catalog').length > 0;
    renderStatus();
    $('#gen-empty').hidden = !!s.result || s.streaming.length > 0;
    const note = s.result?.note;
    $('#gen-note').hidden = !note;
    $('#gen-note').textContent = note ? (note[ctx.lang] ?? note.en) : '';
    for (const id of ['#gen-export-text', '#gen-export-json']) $(id).disabled = !s.result;
    $('#gen-reviews').textContent = t('gen.reviewCount', { n: ws.reviews.length });
    if (!s.streaming.length) renderCards();
    update();
  }

  for (const sel of Object.values(FORM_FIELDS)) $(sel).addEventListener('change', () => { render(); saveForm(); });
  $('#gen-sample').addEventListener('click', async () => {
    banner.clear();
    try {
      await ws.loadSample();
      banner.notice('data.sampleLoaded');
    } catch (err) {
      banner.error('data.workspaceFailed', err);
    }
  });
  $('#gen-product').addEventListener('change', pickProduct);
  $('#gen-run').addEventListener('click', run);
  $('#gen-stop').addEventListener('click', () => engine.abort('write'));
  $('#gen-export-text').addEventListener('click', () => exportResult('text'));
  $('#gen-export-json').addEventListener('click', () => exportResult('json'));
  engine.onChange(() => { update(); renderStatus(); });
  ws.onChange(keys => { if (keys.includes('catalog') || keys.includes('reviews')) render(); });
  $('#gen-lang').value = ctx.lang;

  (async () => {
    try {
      s.files = await fetchTemplateLibrary();
      s.templates = await listTemplates(s.files);
      render();
      $('#gen-type').value = 'product_description';
      restoreForm();
    } catch (err) {
      banner.error('gen.templatesFailed', err);
    }
  })();
  render();
  return { render };
}

export default {
  id: 'generate',
  title: { en: 'Generate', zh: '生成文案' },
  strings: GENERATE_STRINGS,
  mount,
};
