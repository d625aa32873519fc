// The Campaigns view (seed §2.1's decision, execution and optimization; §5.1): build a campaign
// (audience segment, channel, partner, template, items, language, variants, allocation) from the
// workspace's manifest; run it in a worker (web/campaign-worker.js over web/campaign.js) with a
// progress bar, cancel and resume; see and export the messages (CSV, JSON); import outcomes; read
// the report per partner, channel, segment and variant with the analysis. Imported outcomes and
// the bandit state are kept in the workspace settings (`campaigns`), so the next run uses them.

import { createCampaignClient } from '../campaign-client.js';
import { CAMPAIGN_STRINGS } from './campaigns-strings.js';
import { analysisBlock, download, messagesCsv, messagesTable, reportTables } from './campaigns-tables.js';

const TEMPLATES = ['', 'email', 'sms', 'social_post.x', 'social_post.weibo', 'social_post.wechat', 'ad'];

const MARKUP = `
<section class="panel" aria-labelledby="camp-title">
  <h2 id="camp-title" data-i18n="camp.title"></h2>
  <p id="camp-nodata" class="empty-state" hidden>
    <span data-i18n="camp.noData"></span>
    <button type="button" id="camp-sample" class="secondary small" data-i18n="data.loadSample"></button>
  </p>
  <div class="form-grid">
    <label><span data-i18n="camp.id"></span><input id="camp-id" type="text" value="studio-campaign" spellcheck="false"></label>
    <label><span data-i18n="camp.audience"></span><select id="camp-segment"></select></label>
    <label><span data-i18n="camp.channel"></span><select id="camp-channel"></select></label>
    <label><span data-i18n="camp.partner"></span><select id="camp-partner"></select></label>
    <label><span data-i18n="camp.template"></span><select id="camp-template"></select></label>
    <label><span data-i18n="camp.language"></span><select id="camp-language"></select></label>
    <label><span data-i18n="camp.items"></span><input id="camp-items" type="number" min="1" max="10" step="1" value="2"></label>
    <label><span data-i18n="camp.allocation"></span><select id="camp-allocation"></select></label>
    <label><span data-i18n="camp.limit"></span><input id="camp-limit" type="number" min="1" step="1" data-i18n-placeholder="camp.everyone"></label>
    <label><span data-i18n="camp.seed"></span><input id="camp-seed" type="number" min="0" step="1" value="42"></label>
    <label class="check"><input type="checkbox" id="camp-model"> <span data-i18n="camp.useModel"></span></label>
  </div>
  <h3 class="sub" data-i18n="camp.variants"></h3>
  <ol id="camp-variants" class="variant-list"></ol>
  <button type="button" id="camp-add-variant" class="ghost small" data-i18n="camp.addVariant"></button>
  <div class="actions">
    <button type="button" id="camp-run" class="primary" data-i18n="camp.run"></button>
    <button type="button" id="camp-cancel" class="secondary" data-i18n="action.stop" disabled></button>
    <button type="button" id="camp-resume" class="secondary" data-i18n="camp.resume" hidden></button>
    <progress id="camp-progress" max="1" value="0" data-i18n-aria-label="camp.progressLabel" hidden></progress>
    <span id="camp-status" class="stats" aria-live="polite"></span>
  </div>
</section>
<section class="panel" aria-labelledby="camp-msg-title">
  <div class="panel-head">
    <h2 id="camp-msg-title" data-i18n="camp.messages"></h2>
    <div class="actions tight">
      <button type="button" id="camp-export-csv" class="ghost small" data-i18n="camp.exportCsv" disabled></button>
      <button type="button" id="camp-export-json" class="ghost small" data-i18n="camp.exportJson" disabled></button>
    </div>
  </div>
  <p id="camp-msg-empty" class="empty-state" data-i18n="camp.messagesEmpty"></p>
  <p id="camp-msg-count" class="muted"></p>
  <div id="camp-msg-table" class="table-wrap" hidden></div>
</section>
<section class="panel" aria-labelledby="camp-rep-title">
  <div class="panel-head">
    <h2 id="camp-rep-title" data-i18n="camp.report"></h2>
    <label class="button secondary small file-button">
      <input type="file" id="camp-outcomes" accept=".csv,text/csv">
      <span data-i18n="camp.importOutcomes"></span>
    </label>
  </div>
  <p id="camp-rep-empty" class="empty-state" data-i18n="camp.reportEmpty"></p>
  <div id="camp-analysis"></div>
  <p id="camp-total" class="muted"></p>
  <div id="camp-report"></div>
</section>`;

const nameOf = (x, lang) => (x && typeof x.name === 'object' ? (x.name[lang] ?? x.name.en ?? x.id) : (x?.name ?? x?.id));

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { t, banner, workspace: ws } = ctx;
  const $ = sel => container.querySelector(sel);
  const client = createCampaignClient();
  let variants = [
    { id: 'recommended', personalization: 'recommended', send_hour: 9, wording: '' },
    { id: 'popular', personalization: 'popular', send_hour: 19, wording: '' },
  ];
  let running = false;
  let status = null;           // {key, params}
  let messages = [];
  let resumeState = null;      // a cancelled run's state
  let report = null;
  let runCampaign = null;      // the campaign id of the shown messages and report

  const manifest = () => { try { return JSON.parse(ws.get('manifest')?.text ?? 'null'); } catch { return null; } };
  const hasData = () => ['manifest', 'catalog', 'customers', 'events'].every(k => ws.get(k));

  function fill(select, options) {
    const keep = select.value;
    select.replaceChildren(...options.map(([v, label]) => new Option(label, v)));
    if (options.some(([v]) => v === keep)) select.value = keep;
  }

  function renderForm() {
    const m = manifest() ?? {};
    fill($('#camp-segment'), [['', t('camp.allCustomers')], ...(m.segments ?? []).map(s => [s.id, nameOf(s, ctx.lang)])]);
    fill($('#camp-channel'), (m.channels ?? []).filter(c => c.enabled !== false).map(c => [c.id, c.id]));
    fill($('#camp-partner'), [['', t('camp.brand')], ...(m.partners ?? []).map(p => [p.id, nameOf(p, ctx.lang)])]);
    fill($('#camp-template'), TEMPLATES.map(x => [x, x || t('camp.templateDefault')]));
    fill($('#camp-language'), [['customer', t('camp.langCustomer')], ['en', 'English'], ['zh', '中文']]);
    fill($('#camp-allocation'), [['experiment', t('camp.experiment')], ['thompson', t('camp.bandit')]]);
    $('#camp-nodata').hidden = hasData();
    renderVariants();
  }

  function renderVariants() {
    const list = $('#camp-variants');
    list.replaceChildren(...variants.map((v, i) => {
      const li = document.createElement('li');
      li.className = 'form-grid variant-row';
      const field = (key, input) => {
        const label = document.createElement('label');
        const span = document.createElement('span');
        span.textContent = t(`camp.v.${key}`, { n: i + 1 });
        label.append(span, input);
        input.addEventListener('change', () => { v[key] = input.type === 'number' ? Number(input.value) : input.value; });
        return label;
      };
      const id = Object.assign(document.createElement('input'), { type: 'text', value: v.id, spellcheck: false });
      const pers = document.createElement('select');
      pers.append(new Option(t('camp.recommended'), 'recommended'), new Option(t('camp.popular'), 'popular'));
      pers.value = v.personalization;
      const hour = Object.assign(document.createElement('input'), { type: 'number', min: 0, max: 23, step: 1, value: v.send_hour });
      const wording = Object.assign(document.createElement('input'), { type: 'text', value: v.wording });
      const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'ghost small' });
      remove.textContent = t('camp.removeVariant', { n: i + 1 });
      remove.disabled = variants.length <= 1;
      remove.addEventListener('click', () => { variants.splice(i, 1); renderVariants(); });
      li.append(field('id', id), field('personalization', pers), field('send_hour', hour), field('wording', wording), remove);
      return li;
    }));
  }

  /** campaigns.json from the form. */
  function definition() {
    const id = $('#camp-id').value.trim();
    if (!/^[A-Za-z0-9_.:-]+$/.test(id)) throw new Error(t('camp.badId'));
    const items = Number($('#camp-items').value);
    const segment = $('#camp-segment').value;
    const c = {
      id, name: { en: id, zh: id },
      audience: segment ? { segment } : { condition: {} },
      channel: $('#camp-channel').value,
      items,
      language: $('#camp-language').value,
      variants: variants.map(v => ({ id: v.id.trim(), personalization: v.personalization, send_hour: v.send_hour,
        ...(v.wording.trim() ? { wording: v.wording.trim() } : {}) })),
      allocation: $('#camp-allocation').value === 'experiment'
        ? { type: 'experiment', metric: 'converted' }
        : { type: 'bandit', algorithm: 'thompson', min_weight: 0.05, metric: 'clicked' },
    };
    if ($('#camp-partner').value) c.partner = $('#camp-partner').value;
    if ($('#camp-template').value) c.template = $('#camp-template').value;
    return { version: 1, campaigns: [c] };
  }

  function workspaceFiles(def) {
    const files = {};
    for (const [kind, base] of [['manifest', 'manifest'], ['catalog', 'catalog'], ['customers', 'customers'], ['events', 'events']]) {
      const d = ws.get(kind);
      files[kind === 'manifest' ? 'manifest.json' : `${base}.${d.format}`] = d.text;
    }
    files['campaigns.json'] = JSON.stringify(def, null, 2);
    const kept = ws.settings?.campaigns;
    if (kept?.outcomesCsv) files['outcomes.csv'] = kept.outcomesCsv;
    if (kept?.stateJson) files['state.json'] = kept.stateJson;
    return files;
  }

  function renderStatus() {
    $('#camp-status').textContent = status ? t(status.key, status.params) : '';
    $('#camp-run').disabled = running || !hasData();
    $('#camp-cancel').disabled = !running;
    $('#camp-resume').hidden = !resumeState || running;
    $('#camp-progress').hidden = !running;
  }

  function renderMessages() {
    $('#camp-msg-empty').hidden = messages.length > 0;
    $('#camp-msg-table').hidden = messages.length === 0;
    $('#camp-msg-count').textContent = messages.length ? t('camp.messageCount', { n: messages.length, shown: Math.min(200, messages.length) }) : '';
    $('#camp-msg-table').replaceChildren(...(messages.length ? [messagesTable(messages, t)] : []));
    $('#camp-export-csv').disabled = $('#camp-export-json').disabled = messages.length === 0;
  }

  function renderReport() {
    $('#camp-rep-empty').hidden = !!report;
    $('#camp-analysis').replaceChildren(...(report ? analysisBlock(report.analysis, report.weights, t) : []));
    $('#camp-total').textContent = report ? t('camp.total', { ...report.total, revenue: Number(report.total.revenue).toFixed(2) }) : '';
    $('#camp-report').replaceChildren(...(report ? reportTables(report, t) : []));
  }

  // The campaign as a plain record for the Partners view (web/views/partners.js): which channel,
  // partner and products it used, and its results; the core keeps from it only what a partner may see.
  async function keepRecord(c) {
    const kept = ws.settings?.campaignRecords ?? [];
    const mine = messages.filter(m => m.campaign === c.id);
    const products = mine.length ? [...new Set(mine.flatMap(m => m.items ?? []))] : (kept.find(r => r.id === c.id)?.products ?? []);
    const record = { id: c.id, channel: c.channel, products, ...(c.partner ? { partner: c.partner } : {}) };
    if (report?.total) {
      const { messages: sent, delivered, opened, clicked, converted, revenue } = report.total;
      record.results = { sent, delivered, opened, clicked, converted, revenue };
    }
    const others = kept.filter(r => r.id !== c.id);
    await ws.setSettings({ campaignRecords: [...others, record] });
  }

  async function run(resume = null) {
    if (running || !hasData()) return;
    banner.clear();
    let def;
    try { def = definition(); } catch (e) { banner.error('camp.failed', e); return; }
    const id = def.campaigns[0].id;
    running = true;
    status = { key: 'camp.opening' };
    renderStatus();
    const useModel = $('#camp-model').checked;
    try {
      await client.open(workspaceFiles(def), useModel ? ctx.defaultModelUrl() : null);
      const options = { seed: Number($('#camp-seed').value) || 0, useModel };
      if ($('#camp-limit').value) options.limit = Number($('#camp-limit').value);
      if (resume) options.resume = resume;
      const bar = $('#camp-progress');
      const r = await client.run(id, options, p => {
        bar.max = Math.max(1, p.total);
        bar.value = p.done;
        status = { key: 'camp.progress', params: { done: p.done, total: p.total, messages: p.messages, skipped: p.skipped } };
        renderStatus();
      });
      if (r.cancelled) {
        resumeState = r.state;
        status = { key: 'camp.cancelled', params: { done: r.progress.done, total: r.progress.total } };
      } else {
        resumeState = null;
        messages = r.messages ?? [];
        runCampaign = id;
        const s = r.summary ?? {};
        status = { key: 'camp.done', params: { messages: messages.length, skipped: s.skipped ?? r.progress.skipped ?? 0, fallbacks: r.progress.fallbacks ?? 0 } };
        report = await client.report(id);
        await keepRecord(def.campaigns[0]);
        renderMessages();
        renderReport();
      }
    } catch (e) {
      status = null;
      banner.error('camp.failed', e);
    } finally {
      running = false;
      renderStatus();
    }
  }

  async function importOutcomes(file) {
    banner.clear();
    let def;
    try { def = definition(); } catch (e) { banner.error('camp.failed', e); return; }
    const id = def.campaigns[0].id;
    try {
      await client.open(workspaceFiles(def));
      const r = await client.outcomes(id, await file.text());
      await ws.setSettings({ campaigns: { outcomesCsv: r.outcomesCsv, stateJson: r.stateJson } });
      report = await client.report(id);
      runCampaign = id;
      await keepRecord(def.campaigns[0]);
      renderReport();
      banner.notice('camp.outcomesImported', { name: file.name });
    } catch (e) {
      banner.error('camp.outcomesFailed', new Error(`${file.name}: ${e.message}`));
    }
  }

  $('#camp-add-variant').addEventListener('click', () => {
    variants.push({ id: `v${variants.length + 1}`, personalization: 'recommended', send_hour: 12, wording: '' });
    renderVariants();
    $('#camp-variants').lastElementChild?.querySelector('input')?.focus();
  });
  $('#camp-run').addEventListener('click', () => { resumeState = null; run(); });
  $('#camp-resume').addEventListener('click', () => run(resumeState));
  $('#camp-cancel').addEventListener('click', () => client.cancel());
  $('#camp-sample').addEventListener('click', async () => {
    try { await ws.loadSample(); } catch (e) { banner.error('camp.failed', e); }
  });
  $('#camp-export-csv').addEventListener('click', () => download(`${runCampaign}-messages.csv`, messagesCsv(messages), 'text/csv'));
  $('#camp-export-json').addEventListener('click', () => download(`${runCampaign}-messages.json`, `${JSON.stringify(messages, null, 2)}\n`, 'application/json'));
  $('#camp-outcomes').addEventListener('change', e => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) importOutcomes(file);
  });
  ws.onChange(() => { renderForm(); renderStatus(); });

  renderForm();
  renderStatus();
  renderMessages();
  renderReport();
  return { render() { renderForm(); renderStatus(); renderMessages(); renderReport(); } };
}

export default {
  id: 'campaigns',
  title: { en: 'Campaigns', zh: '营销活动' },
  strings: CAMPAIGN_STRINGS,
  mount,
};
