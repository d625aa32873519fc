// The Partners view (seed §2.3): pick a partner and see the ecosystem as that partner may — its
// own catalog with the columns its data_scope lists, the campaigns that use its channels or
// products, and aggregates per channel, segment and day with small groups suppressed. The core
// builds the view (web/ecosystem.js partnerView); this page only draws what it returns, as text.

import { PARTNER_STRINGS } from './partners-strings.js';
import { table } from './campaigns-tables.js';

const MARKUP = `
<section class="panel" aria-labelledby="partner-title">
  <h2 id="partner-title" data-i18n="partner.title"></h2>
  <p class="muted" data-i18n="partner.help"></p>
  <p id="partner-nodata" class="empty-state" hidden>
    <span data-i18n="partner.noData"></span>
    <button type="button" id="partner-sample" class="secondary small" data-i18n="data.loadSample"></button>
  </p>
  <div class="form-grid">
    <label><span data-i18n="partner.pick"></span><select id="partner-pick"></select></label>
  </div>
  <p id="partner-summary" class="muted" aria-live="polite"></p>
</section>
<section class="panel" aria-labelledby="partner-cat-title">
  <h2 id="partner-cat-title" data-i18n="partner.catalog"></h2>
  <p id="partner-cat-empty" class="empty-state" data-i18n="partner.catalogEmpty" hidden></p>
  <div id="partner-catalog" class="table-wrap"></div>
</section>
<section class="panel" aria-labelledby="partner-camp-title">
  <h2 id="partner-camp-title" data-i18n="partner.campaigns"></h2>
  <p id="partner-camp-empty" class="empty-state" data-i18n="partner.campaignsEmpty" hidden></p>
  <div id="partner-campaigns" class="table-wrap"></div>
</section>
<section class="panel" aria-labelledby="partner-agg-title">
  <h2 id="partner-agg-title" data-i18n="partner.results"></h2>
  <p id="partner-agg-empty" class="empty-state" data-i18n="partner.resultsEmpty" hidden></p>
  <div id="partner-aggregates"></div>
</section>`;

const KNOWN_TYPES = ['open', 'view', 'click', 'add_to_cart', 'purchase'];
const nameOf = (x, lang) => (x && typeof x.name === 'object' && x.name ? (x.name[lang] || x.name.en || x.id) : (x?.name || x?.id));

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { t, banner, workspace: ws } = ctx;
  const $ = sel => container.querySelector(sel);
  let view = null;
  let loading = 0;   // a newer pick wins over an older one still computing

  const manifest = () => { try { return JSON.parse(ws.get('manifest')?.text ?? 'null'); } catch { return null; } };
  const hasData = () => ['manifest', 'catalog', 'customers', 'events'].every(k => ws.get(k));

  function renderPicker() {
    const select = $('#partner-pick');
    const keep = select.value;
    const partners = manifest()?.partners ?? [];
    select.replaceChildren(...partners.map(p => new Option(`${nameOf(p, ctx.lang)} (${p.type ?? '?'})`, p.id)));
    if (partners.some(p => p.id === keep)) select.value = keep;
    $('#partner-nodata').hidden = hasData();
    select.disabled = !hasData() || partners.length === 0;
  }

  function aggregateTable(key, tbl, revenue) {
    const wrap = document.createElement('div');
    const h = document.createElement('h3');
    h.className = 'sub';
    h.textContent = t(`partner.by.${key}`);
    wrap.append(h);
    if (!tbl) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = t('partner.notPermitted');
      wrap.append(p);
      return wrap;
    }
    // The event types that occur, in a stable order (the known ones first, then any others).
    const all = [tbl.rows, tbl.other ?? [], tbl.total ?? []].flat().flatMap(r => Object.keys(r.byType ?? {}));
    const types = [...new Set([...KNOWN_TYPES.filter(x => all.includes(x)), ...all.sort()])];
    const typeLabel = x => (KNOWN_TYPES.includes(x) ? t(`partner.type.${x}`) : x);
    const headers = [t(`partner.dim.${key}`), t('partner.customers'), t('partner.events'),
      ...types.map(typeLabel), ...(revenue ? [t('partner.revenue')] : [])];
    const line = (label, r) => [label, String(r.customers), String(r.events), ...types.map(x => String(r.byType?.[x] ?? 0)),
      ...(revenue ? [r.revenue === undefined ? '—' : Number(r.revenue).toFixed(2)] : [])];
    const rows = tbl.rows.map(r => line(r.key, r));
    if (tbl.other) rows.push(line(t('partner.other'), tbl.other));
    if (tbl.total) rows.push(line(t('partner.total'), tbl.total));
    const box = document.createElement('div');
    box.className = 'table-wrap';
    box.dataset.agg = key;
    box.append(table(headers, rows));
    wrap.append(box);
    if (tbl.suppressed) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = t('partner.suppressed', { n: tbl.suppressed, k: view.k });
      wrap.append(p);
    }
    return wrap;
  }

  function renderView() {
    const v = view;
    $('#partner-summary').textContent = v
      ? t('partner.summary', { name: nameOf(v.partner, ctx.lang), type: v.partner.type, channels: v.partner.channels.join(', ') || '—',
        products: v.products.length, campaigns: v.campaigns.length, k: v.k })
      : '';
    const products = v?.products ?? [];
    $('#partner-cat-empty').hidden = !v || products.length > 0;
    $('#partner-catalog').hidden = products.length === 0;
    $('#partner-catalog').replaceChildren(...(products.length
      ? [table(v.productFields, products.slice(0, 200).map(p => v.productFields.map(f => String(p[f] ?? ''))))] : []));
    const camps = v?.campaigns ?? [];
    $('#partner-camp-empty').hidden = !v || camps.length > 0;
    $('#partner-campaigns').hidden = camps.length === 0;
    $('#partner-campaigns').replaceChildren(...(camps.length ? [table(
      ['id', 'channel', 'partner', 'products', 'otherProducts', 'delivered', 'clicked', 'converted'].map(k => t(`partner.camp.${k}`)),
      camps.map(c => [c.id, c.channel, c.partner || '—', (c.products ?? []).join(', '), String(c.otherProducts ?? 0),
        String(c.results?.delivered ?? '—'), String(c.results?.clicked ?? '—'), String(c.results?.converted ?? '—')]))] : []));
    const agg = v?.aggregates;
    const none = !agg || (!agg.channels && !agg.segments && !agg.days);
    $('#partner-agg-empty').hidden = !v || !none;
    $('#partner-aggregates').replaceChildren(...(v && !none
      ? ['channels', 'segments', 'days'].map(k => aggregateTable(k, agg[k], agg.revenue)) : []));
  }

  async function load() {
    const id = $('#partner-pick').value;
    if (!id || !hasData()) { view = null; renderView(); return; }
    const mine = ++loading;
    $('#partner-summary').textContent = t('partner.loading');
    let eco = null;
    try {
      eco = await ws.ecosystem();
      // Campaign records the Campaigns view kept from its last run (id, channel, partner, products, results).
      const campaigns = ws.settings?.campaignRecords ?? [];
      const v = await eco.partnerView(id, { campaigns });
      if (mine !== loading) return;
      view = v;
    } catch (e) {
      if (mine !== loading) return;
      view = null;
      banner.error('partner.failed', e);
    } finally {
      eco?.free();
    }
    renderView();
  }

  $('#partner-pick').addEventListener('change', load);
  $('#partner-sample').addEventListener('click', async () => {
    try { await ws.loadSample(); } catch (e) { banner.error('partner.failed', e); }
  });
  ws.onChange(() => { renderPicker(); load(); });
  renderPicker();
  renderView();

  return {
    render() { renderPicker(); renderView(); },
    show() { if (!view) load(); },
  };
}

export default {
  id: 'partners',
  title: { en: 'Partners', zh: '合作伙伴' },
  strings: PARTNER_STRINGS,
  mount,
};
