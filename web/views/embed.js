// The Embed view (issue 8): publish a widget bundle from the workspace (web/widget-bundle.js: the
// catalog subset, each product's neighbours served by the C++ recommender, the blurbs of each
// variant rendered by the C++ Mustache engine, the experiment), preview <plume-recommendations>
// (web/widget.js) on the just-built bundle through a blob: URL, download the files and copy the
// snippet. Every data-derived text goes in with textContent.

import { EMBED_STRINGS } from './embed-strings.js';
import { DEFAULT_VARIANTS, WIDGET_FILES, bundleFromEcosystem } from '../widget-bundle.js';

const VARIANT_NAMES = Object.keys(DEFAULT_VARIANTS);   // control, benefit

const MARKUP = `
<section class="panel" aria-labelledby="embed-title">
  <h2 id="embed-title" data-i18n="embed.title"></h2>
  <p class="muted" data-i18n="embed.help"></p>
  <p id="embed-nodata" class="empty-state" hidden>
    <span data-i18n="embed.noData"></span>
    <button type="button" id="embed-to-data" class="secondary small" data-i18n="embed.toData"></button>
  </p>
  <div class="form-grid">
    <label><span data-i18n="embed.category"></span><select id="embed-category"></select></label>
    <label><span data-i18n="embed.partner"></span><select id="embed-partner"></select></label>
    <label><span data-i18n="embed.expKey"></span><input id="embed-exp" type="text" value="widget-blurb" spellcheck="false"></label>
    <label><span data-i18n="embed.langs"></span><select id="embed-langs">
      <option value="en,zh" data-i18n="embed.langs.both"></option>
      <option value="en" data-i18n="embed.langs.en"></option>
      <option value="zh" data-i18n="embed.langs.zh"></option>
    </select></label>
    <label><span data-i18n="embed.maxLength"></span><input id="embed-maxlen" type="number" min="0" max="10000" step="1"></label>
    <label class="wide"><span data-i18n="embed.banned"></span><input id="embed-banned" type="text" spellcheck="false"></label>
    <label><span data-i18n="embed.folder"></span><input id="embed-folder" type="text" value="/plume/" spellcheck="false"></label>
  </div>
  <fieldset class="embed-variants">
    <legend data-i18n="embed.variants"></legend>
    <label><input type="checkbox" id="embed-v-control" value="control" checked> <span data-i18n="embed.variant.control"></span></label>
    <label><input type="checkbox" id="embed-v-benefit" value="benefit" checked> <span data-i18n="embed.variant.benefit"></span></label>
  </fieldset>
  <label class="embed-model"><input type="checkbox" id="embed-model"> <span data-i18n="embed.model"></span></label>
  <div class="actions">
    <button type="button" id="embed-publish" data-i18n="embed.publish"></button>
    <span id="embed-status" class="muted" role="status" aria-live="polite"></span>
  </div>
</section>
<section class="panel" aria-labelledby="embed-files-title">
  <h2 id="embed-files-title" data-i18n="embed.files"></h2>
  <p id="embed-files-help" class="muted"></p>
  <ul id="embed-files"></ul>
  <p id="embed-model-files" class="muted" hidden></p>
</section>
<section class="panel" aria-labelledby="embed-preview-title">
  <h2 id="embed-preview-title" data-i18n="embed.preview"></h2>
  <div class="form-grid">
    <label><span data-i18n="embed.previewLang"></span><select id="embed-preview-lang">
      <option value="en" data-i18n="embed.langs.en"></option>
      <option value="zh" data-i18n="embed.langs.zh"></option>
    </select></label>
  </div>
  <p id="embed-preview-empty" class="empty-state" data-i18n="embed.previewEmpty"></p>
  <div id="embed-preview"></div>
</section>
<section class="panel" aria-labelledby="embed-snippet-title">
  <h2 id="embed-snippet-title" data-i18n="embed.snippet"></h2>
  <label class="embed-snippet"><span data-i18n="embed.snippetLabel"></span>
    <textarea id="embed-snippet" rows="4" readonly spellcheck="false"></textarea></label>
  <div class="actions"><button type="button" id="embed-copy" class="secondary" data-i18n="embed.copy" disabled></button></div>
</section>
<section class="panel" aria-labelledby="embed-warn-title">
  <h2 id="embed-warn-title" data-i18n="embed.warnings"></h2>
  <p id="embed-warn-summary" class="muted"></p>
  <ul id="embed-warnings" class="rule-list"></ul>
</section>`;

const MAX_WARNINGS = 50;
const nameOf = (x, lang) => (x && typeof x.name === 'object' && x.name ? (x.name[lang] || x.name.en || x.id) : (x?.name || x?.id));
/** An HTML attribute value: the snippet is text the user pastes, so quote what must be. */
const attr = v => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { t, banner, workspace: ws } = ctx;
  const $ = sel => container.querySelector(sel);
  let result = null;        // {bundle, files, warnings, folder, model}
  let urls = [];            // blob: URLs of the last publication (revoked on the next)
  let busy = false;
  let widgetLoaded = null;

  const manifest = () => { try { return JSON.parse(ws.get('manifest')?.text ?? 'null'); } catch { return null; } };
  const catalogRows = () => { try { return ws.rows('catalog') ?? []; } catch { return []; } };
  const hasData = () => Boolean(ws.get('catalog') && ws.get('events'));

  function fillSelect(select, values) {
    const keep = select.value;
    select.replaceChildren(new Option(t('embed.all'), ''), ...values.map(([label, value]) => new Option(label, value)));
    if (values.some(([, v]) => v === keep)) select.value = keep;
  }

  /** Options from the workspace: categories, partners, the manifest's brand rules and widget limit. */
  function renderOptions(resetDefaults) {
    const rows = catalogRows();
    const m = manifest();
    const categories = [...new Set(rows.map(r => String(r.category ?? '')).filter(Boolean))].sort();
    fillSelect($('#embed-category'), categories.map(c => [c, c]));
    const partners = (m?.partners ?? []).filter(p => rows.some(r => r.partner === p.id));
    fillSelect($('#embed-partner'), partners.map(p => [nameOf(p, ctx.lang), p.id]));
    if (resetDefaults) {
      const banned = m?.brand?.voice?.banned_words ?? [];
      $('#embed-banned').value = banned.join(', ');
      const limit = m?.channels?.find(c => c.id === 'web-widget')?.limits?.text;
      $('#embed-maxlen').value = Number.isFinite(limit) ? String(limit) : '';
    }
    const ok = hasData();
    $('#embed-nodata').hidden = ok;
    $('#embed-publish').disabled = !ok || busy;
  }

  function folder() {
    let f = $('#embed-folder').value.trim() || '/plume/';
    if (!f.endsWith('/')) f += '/';
    return f;
  }

  function snippet() {
    if (!result) return '';
    const f = result.folder;
    const lines = [`<script type="module" src="${attr(`${f}widget.js`)}"></script>`,
      `<plume-recommendations bundle="${attr(`${f}widget.json`)}" placement="home" count="4"` +
      `${result.model ? ` model="${attr(`${f}model.gguf`)}"` : ''}></plume-recommendations>`];
    return lines.join('\n');
  }

  function renderFiles() {
    const list = $('#embed-files');
    list.replaceChildren();
    $('#embed-files-help').textContent = result ? t('embed.filesHelp', { folder: result.folder }) : '';
    $('#embed-model-files').hidden = !result?.model;
    if (!result) return;
    $('#embed-model-files').textContent = t('embed.modelFiles', { model: `${result.folder}model.gguf` });
    for (const name of Object.keys(result.files).sort()) {
      const a = document.createElement('a');
      a.href = result.fileUrls[name];
      a.download = name;
      a.dataset.file = name;
      a.textContent = t('embed.download', { name });
      const li = document.createElement('li');
      li.append(a);
      list.append(li);
    }
    if (result.model && typeof ctx.defaultModelUrl === 'function') {
      // Model mode: the built-in model, saved as model.gguf (the snippet's model attribute).
      const a = document.createElement('a');
      a.href = ctx.defaultModelUrl();
      a.download = 'model.gguf';
      a.dataset.file = 'model.gguf';
      a.textContent = t('embed.modelFile', { name: 'model.gguf' });
      const li = document.createElement('li');
      li.append(a);
      list.append(li);
    }
    for (const name of WIDGET_FILES) {
      const a = document.createElement('a');
      a.href = new URL(`../${name}`, import.meta.url).href;
      a.download = name;
      a.dataset.file = name;
      a.textContent = t('embed.fromStudio', { name });
      const li = document.createElement('li');
      li.append(a);
      list.append(li);
    }
  }

  function renderWarnings() {
    const list = $('#embed-warnings');
    list.replaceChildren();
    if (!result) { $('#embed-warn-summary').textContent = ''; return; }
    const w = result.warnings;
    $('#embed-warn-summary').textContent = w.length
      ? t('embed.warnCount', { n: w.length, shown: Math.min(w.length, MAX_WARNINGS) }) : t('embed.noWarnings');
    const lang = ctx.lang === 'zh' ? 'zh' : 'en';
    for (const x of w.slice(0, MAX_WARNINGS)) {
      const li = document.createElement('li');
      li.className = 'fail';
      li.textContent = t('embed.warnLine', { variant: x.variant, lang: x.lang, product: x.product,
        reasons: x.reasons.map(r => r[lang] ?? r.en ?? r.code).join(' ') });
      list.append(li);
    }
  }

  async function renderPreview() {
    const box = $('#embed-preview');
    $('#embed-preview-empty').hidden = Boolean(result);
    if (!result) { box.replaceChildren(); return; }
    widgetLoaded ??= import('../widget.js');
    await widgetLoaded;
    const el = document.createElement('plume-recommendations');
    el.setAttribute('bundle', result.fileUrls['widget.json']);
    el.setAttribute('lang', $('#embed-preview-lang').value);
    el.setAttribute('count', '4');
    el.setAttribute('placement', 'studio-preview');
    el.addEventListener('plume-error', e => banner.error('embed.failed', new Error(e.detail?.message ?? 'preview')));
    box.replaceChildren(el);
  }

  function renderAll() {
    renderFiles();
    renderWarnings();
    $('#embed-snippet').value = snippet();
    $('#embed-copy').disabled = !result;
    if (result) {
      const b = result.bundle;
      $('#embed-status').textContent = t('embed.published', { n: b.products.length,
        size: (result.files['widget.json'].length / 1024).toFixed(1), neighbors: Object.keys(b.neighbors).length,
        variants: Object.keys(b.variants).join(' / ') });
    }
  }

  async function publish() {
    if (busy || !hasData()) return;
    banner.clear();
    const category = $('#embed-category').value;
    const partner = $('#embed-partner').value;
    const productIds = catalogRows().filter(r => (!category || r.category === category) && (!partner || r.partner === partner))
      .map(r => String(r.id));
    if (productIds.length === 0) { $('#embed-status').textContent = t('embed.noProducts'); return; }
    const names = VARIANT_NAMES.filter(n => $(`#embed-v-${n}`).checked);
    if (names.length === 0) { $('#embed-status').textContent = t('embed.oneVariant'); return; }
    const model = $('#embed-model').checked;
    const variants = {};
    for (const n of names) {
      const { prompt, ...rest } = DEFAULT_VARIANTS[n];
      variants[n] = model ? { ...rest, prompt } : rest;
    }
    const key = $('#embed-exp').value.trim();
    const experiment = key && names.length > 1
      ? { key, variations: names, weights: names.map(() => 1 / names.length), hashVersion: 2 } : null;
    const langs = $('#embed-langs').value.split(',');
    const banned = $('#embed-banned').value.split(/[,，]/).map(s => s.trim()).filter(Boolean);
    const maxLength = Number.parseInt($('#embed-maxlen').value, 10);
    busy = true;
    $('#embed-publish').disabled = true;
    $('#embed-status').textContent = t('embed.publishing', { n: productIds.length });
    let eco = null;
    try {
      eco = await ws.ecosystem();
      const out = await bundleFromEcosystem(eco, { productIds, experiment, variants, langs,
        brand: banned.length ? { banned } : undefined, maxLength: maxLength > 0 ? maxLength : undefined });
      for (const u of urls) URL.revokeObjectURL(u);
      const fileUrls = {};
      for (const [name, text] of Object.entries(out.files)) {
        fileUrls[name] = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      }
      urls = Object.values(fileUrls);
      result = { ...out, fileUrls, folder: folder(), model };
      const langSelect = $('#embed-preview-lang');
      if (!langs.includes(langSelect.value)) langSelect.value = langs.includes(ctx.lang) ? ctx.lang : langs[0];
      for (const o of langSelect.options) o.disabled = !langs.includes(o.value);
      renderAll();
      await renderPreview();
    } catch (e) {
      $('#embed-status').textContent = '';
      banner.error('embed.failed', e);
    } finally {
      eco?.free();
      busy = false;
      $('#embed-publish').disabled = !hasData();
    }
  }

  async function copy() {
    const area = $('#embed-snippet');
    try {
      await navigator.clipboard.writeText(area.value);
    } catch {
      area.focus();
      area.select();   // the user can press Ctrl+C
      if (!document.execCommand?.('copy')) return;
    }
    banner.notice('embed.copied');
  }

  $('#embed-publish').addEventListener('click', publish);
  $('#embed-copy').addEventListener('click', copy);
  $('#embed-to-data').addEventListener('click', () => ctx.navigate('data'));
  $('#embed-preview-lang').addEventListener('change', () => {
    const el = $('#embed-preview plume-recommendations');
    if (el) el.setAttribute('lang', $('#embed-preview-lang').value);
  });
  $('#embed-folder').addEventListener('change', () => {
    if (!result) return;
    result.folder = folder();
    renderAll();
  });
  ws.onChange(keys => renderOptions(!keys || [...keys].includes('manifest')));
  renderOptions(true);

  return {
    render() { renderOptions(false); renderAll(); },
    show() { renderOptions(false); },
  };
}

export default {
  id: 'embed',
  title: { en: 'Embed', zh: '嵌入' },
  strings: EMBED_STRINGS,
  mount,
};
