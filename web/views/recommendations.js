/**
 * The studio's Recommendations view: pick a customer of the workspace (search by id or name) or
 * an ad-hoc visitor (a few products they viewed, folded into the model), filter by category,
 * partner, availability and price, limit products per partner, and read the top-k products
 * with "because they viewed …". The recommender trains from the workspace's events in a Web
 * Worker (recommend-worker.js), with progress, so the page never freezes; the engine ranks and
 * explains, this file only draws.
 * @module views/recommendations
 */

import { RecommendClient } from '../recommend-client.js';
import { STRINGS } from './recommendations-strings.js';
import { el, field, i18n, reportError, count, languageOf, uid, ensureStyles, SHARED_STRINGS } from './kit.js';
import { workspaceFiles } from './workspace-data.js';

function optionList(select, values, anyLabel, label = v => v) {
  const selected = select.value;
  select.replaceChildren(el('option', { value: '', text: anyLabel }), ...values.map(v => el('option', { value: v, text: label(v) })));
  select.value = values.includes(selected) ? selected : '';
}

/** Partner id -> {en, zh} display name, from the manifest's partners (ids when there is none). */
function partnerNames(manifestText) {
  const names = new Map();
  let manifest = null;
  try { manifest = manifestText ? JSON.parse(manifestText) : null; } catch { /* the core checked it on import */ }
  for (const p of Array.isArray(manifest?.partners) ? manifest.partners : []) {
    if (typeof p?.id !== 'string') continue;
    const n = p.name;
    names.set(p.id, typeof n === 'string' ? { en: n, zh: n } : { en: String(n?.en ?? p.id), zh: String(n?.zh ?? n?.en ?? p.id) });
  }
  return names;
}

function productCard(item, t, lang, partnerName) {
  const p = item.product;
  const title = p?.title || item.item;
  const because = item.because.filter(b => b.product || b.item);
  return el('li', { className: 'product-card', dataset: { item: item.item } }, [
    el('h4', { text: title }),
    el('p', { className: 'product-meta' }, p ? [
      el('span', { className: 'category', text: p.category }), ' · ',
      el('span', { className: 'price', text: t('price', { price: p.price.toFixed(2), currency: p.currency }) }), ' · ',
      el('span', { className: 'partner', text: partnerName(p.partner), dataset: { partner: p.partner } }), ' · ',
      el('span', { className: p.availability === 'out_of_stock' ? 'stock out' : 'stock', text: p.availability === 'out_of_stock' ? t('outOfStock') : t('inStock') }),
    ] : []),
    because.length ? el('p', {
      className: 'because',
      text: t('because', { they: t('you'), items: because.map(b => `“${b.product?.title || b.item}”`).join(lang === 'zh' ? '、' : ', ') }),
    }) : null,
    el('p', { className: 'score', text: t('score', { score: item.score.toPrecision(3) }) }),
  ]);
}

export default {
  id: 'recommendations',
  title: { en: STRINGS.en.title, zh: STRINGS.zh.title },
  strings: SHARED_STRINGS,

  /**
   * @param {HTMLElement} container
   * @param {object} ctx the studio's context (language, workspace, error banner)
   */
  mount(container, ctx = {}) {
    ensureStyles();
    const { t, T, attr, render } = i18n(STRINGS, ctx);
    const client = new RecommendClient();
    let trained = false;
    let status$ = null;        // [key, params] of the training status line
    let lastCustomers = null;  // the last search: {q, customers}
    let lastResult = null;     // the last recommendations: {items, who}
    let lastHistory = null;    // titles the customer interacted with
    let partners = new Map();  // partner id -> {en, zh}
    let drawFilters = null;    // fills the category and partner lists (again after a language switch)
    const partnerName = id => partners.get(id)?.[languageOf(ctx)] ?? id;

    const message = el('p', { className: 'view-message', attrs: { 'aria-live': 'polite' }, hidden: true });
    const status = el('p', { className: 'train-status', attrs: { 'aria-live': 'polite' }, dataset: { testid: 'train-status' } });
    const bar = attr(el('progress', { max: 1, hidden: true }), 'aria-label', 'progress');
    const algo = el('select', { name: 'algo' }, ['als', 'bpr', 'itemknn', 'userknn', 'pop'].map(a => el('option', { value: a, text: a })));
    const trainLabel = T('train');
    const trainButton = el('button', { type: 'button' }, [trainLabel]);

    const modeName = uid('mode');
    const modeCustomer = el('input', { type: 'radio', name: modeName, value: 'customer', checked: true, id: uid('m') });
    const modeVisitor = el('input', { type: 'radio', name: modeName, value: 'visitor', id: uid('m') });
    const searchBox = attr(el('input', { type: 'search', name: 'customer-search', autocomplete: 'off' }), 'placeholder', 'searchPlaceholder');
    const customerSelect = el('select', { name: 'customer', size: 6 });
    const customerInfo = el('p', { className: 'customer-history' });
    const productSelect = el('select', { name: 'visitor-products', multiple: true, size: 8 });
    const category = el('select', { name: 'category' });
    const partner = el('select', { name: 'partner' });
    const availableOnly = el('input', { type: 'checkbox', name: 'available-only', checked: true, id: uid('avail') });
    const minPrice = el('input', { type: 'number', name: 'min-price', min: '0', step: 'any' });
    const maxPrice = el('input', { type: 'number', name: 'max-price', min: '0', step: 'any' });
    const k = el('input', { type: 'number', name: 'k', min: '1', max: '50', value: '6' });
    const maxPerPartner = el('input', { type: 'number', name: 'max-per-partner', min: '0', max: '50', value: '3' });
    const results = el('div', { className: 'recommendations', attrs: { 'aria-live': 'polite' }, dataset: { testid: 'recommendations' } });
    const customerPanel = el('div', { className: 'customer-panel' }, [field(T('search'), searchBox), field(T('customer'), customerSelect), customerInfo]);
    const visitorPanel = el('div', { className: 'visitor-panel', hidden: true }, [field(T('visitorPick'), productSelect), el('p', { className: 'hint' }, [T('visitorHint')])]);
    const workArea = el('div', { className: 'rec-work', hidden: true });

    const fail = e => reportError(ctx, message, e);
    const emptyState = el('p', { className: 'empty', hidden: true, dataset: { testid: 'rec-empty' } }, [T('empty')]);
    const setStatus = (key, params) => {
      status$ = [key, params];
      status.textContent = t(key, typeof params === 'function' ? params() : params);
    };
    const drawCustomers = () => {
      if (!lastCustomers) return;
      const { q, customers } = lastCustomers, lang = languageOf(ctx);
      const selected = customerSelect.value;
      customerSelect.replaceChildren(...customers.map(c => el('option', {
        value: c.id, text: t('customerOption', { id: c.id, name: c.name || '—', city: c.city || '—', events: count(c.events, lang) }),
      })));
      if (selected) customerSelect.value = selected;
      customerInfo.textContent = customers.length ? '' : t('noCustomers', { q });
    };
    const drawResult = () => {
      if (!lastResult) return;
      const { items, who } = lastResult, lang = languageOf(ctx);
      customerInfo.textContent = lastHistory ? t('history', { items: lastHistory.join(lang === 'zh' ? '、' : ', ') }) : '';
      results.replaceChildren(
        el('h3', { text: t('resultsFor', { k: items.length, who: who ?? t('visitor') }) }),
        items.length ? el('ol', { className: 'product-list' }, items.map(it => productCard(it, t, lang, partnerName)))
          : el('p', { className: 'empty', text: t('noResults') }));
    };

    const searchCustomers = async () => {
      const q = searchBox.value;
      try {
        const { customers } = await client.request('search', { query: q, limit: 30 });
        lastCustomers = { q, customers };
        drawCustomers();
        if (customers.length) customerSelect.selectedIndex = 0;
      } catch (e) {
        fail(e);
      }
    };
    let searchTimer = 0;
    searchBox.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(searchCustomers, 200);
    });

    const train = async () => {
      message.hidden = true;
      trainButton.disabled = true;
      bar.hidden = false;
      bar.removeAttribute('value');
      try {
        const files = await workspaceFiles(ctx);
        const info = await client.request('load', { files, algo: algo.value }, p => {
          setStatus(`phase_${p.phase}`);
          if (p.fraction === null || p.fraction === undefined) bar.removeAttribute('value');
          else bar.value = p.fraction;
        });
        trained = info.trained;
        const { products } = await client.request('products', { limit: 100000 });
        const distinct = key => [...new Set(products.map(p => p[key]).filter(Boolean))].sort();
        partners = partnerNames(files.manifest);
        drawFilters = () => {
          optionList(category, distinct('category'), t('any'));
          optionList(partner, distinct('partner'), t('any'), partnerName);
        };
        drawFilters();
        emptyState.hidden = true;
        productSelect.replaceChildren(...products.map(p => el('option', { value: p.id, text: `${p.id} — ${p.title}` })));
        // The work area and the "trained" line appear together, once a customer is selected:
        // a Recommend click in between would only have said "pick a customer".
        if (trained) await searchCustomers();
        workArea.hidden = !trained;
        if (info.trained) setStatus('trained', () => ({ events: count(info.events, languageOf(ctx)), users: count(info.users, languageOf(ctx)), items: count(info.items, languageOf(ctx)) }));
        else setStatus('notTrained');
        trainLabel.textContent = t('retrain');
        trainButton.dataset.retrain = '1';
      } catch (e) {
        fail(e);
      } finally {
        bar.hidden = true;
        trainButton.disabled = false;
      }
    };
    trainButton.addEventListener('click', train);

    const recommend = async () => {
      message.hidden = true;
      const request = { k: Number(k.value) || 6, availableOnly: availableOnly.checked };
      if (Number(maxPerPartner.value) > 0) request.maxPerPartner = Number(maxPerPartner.value);
      if (category.value) request.categories = [category.value];
      if (partner.value) request.partners = [partner.value];
      if (minPrice.value !== '') request.minPrice = Number(minPrice.value);
      if (maxPrice.value !== '') request.maxPrice = Number(maxPrice.value);
      let who;
      if (modeVisitor.checked) {
        const picked = [...productSelect.selectedOptions].map(o => o.value);
        if (!picked.length) return fail(new Error(t('pickProducts')));
        request.history = picked;
        who = null;   // "the visitor", in the language of the moment
      } else {
        if (!customerSelect.value) return fail(new Error(t('pickCustomer')));
        request.user = customerSelect.value;
        const c = lastCustomers?.customers.find(x => x.id === request.user);
        who = c?.name ? `${c.id} — ${c.name}` : request.user;
      }
      try {
        const { items } = await client.request('top', { request });
        if (request.user) {
          const { items: seen } = await client.request('history', { customer: request.user });
          const { products } = await client.request('products', { ids: seen.slice(0, 5) });
          lastHistory = seen.length ? products.map(p => p.title) : null;
        } else {
          lastHistory = null;
        }
        lastResult = { items, who };
        drawResult();
      } catch (e) {
        fail(e);
      }
    };

    const setMode = () => {
      customerPanel.hidden = modeVisitor.checked;
      visitorPanel.hidden = !modeVisitor.checked;
    };
    modeCustomer.addEventListener('change', setMode);
    modeVisitor.addEventListener('change', setMode);

    const filters = el('fieldset', { className: 'filters' }, [
      el('legend', {}, [T('filters')]),
      field(T('category'), category), field(T('partner'), partner),
      field(T('minPrice'), minPrice), field(T('maxPrice'), maxPrice),
      el('div', { className: 'field checkbox' }, [availableOnly, el('label', { htmlFor: availableOnly.id }, [T('availableOnly')])]),
      field(T('maxPerPartner'), maxPerPartner), field(T('k'), k),
    ]);
    workArea.append(el('form', { on: { submit: e => { e.preventDefault(); recommend(); } } }, [
      el('fieldset', { className: 'mode' }, [
        el('legend', {}, [T('mode')]),
        el('div', { className: 'field radio' }, [modeCustomer, el('label', { htmlFor: modeCustomer.id }, [T('modeCustomer')])]),
        el('div', { className: 'field radio' }, [modeVisitor, el('label', { htmlFor: modeVisitor.id }, [T('modeVisitor')])]),
      ]),
      customerPanel, visitorPanel, filters,
      el('button', { type: 'submit', className: 'primary' }, [T('recommend')]),
    ]), results);

    container.classList.add('view-recommendations');
    container.replaceChildren(el('div', { className: 'view-body' }, [
      el('h2', {}, [T('title')]),
      el('p', { className: 'intro' }, [T('intro')]),
      emptyState,
      el('div', { className: 'train' }, [field(T('algo'), algo), trainButton, bar, status]),
      message,
      workArea,
    ]));

    // Train when the view is first opened (not at page start: the worker costs memory) and
    // again when the workspace's data changes; without data, say where to get some.
    let stale = true;
    ctx.workspace?.onChange?.(keys => {
      if (!keys || ['catalog', 'customers', 'events', 'manifest'].some(k => keys.includes?.(k))) stale = true;
    });
    const show = () => {
      if (!stale) return;
      stale = false;
      workspaceFiles(ctx).then(files => {
        if (files.catalog && files.events) train();
        else emptyState.hidden = false;
      }).catch(fail);
    };

    return {
      show,
      render() {
        render();
        if (trainButton.dataset.retrain) trainLabel.textContent = t('retrain');
        if (status$) status.textContent = t(status$[0], typeof status$[1] === 'function' ? status$[1]() : status$[1]);
        drawCustomers();
        drawResult();
        drawFilters?.();
      },
      unmount() { clearTimeout(searchTimer); client.terminate(); container.replaceChildren(); },
    };
  },
};
