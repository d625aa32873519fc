/**
 * `<plume-recommendations>`: personalized products with a blurb, on any site, from one tag.
 *
 * ```html
 * <script type="module" src="https://your.site/plume/widget.js"></script>
 * <plume-recommendations bundle="/plume/widget.json" placement="product-page"
 *   context-item="P0003" count="4" lang="zh"></plume-recommendations>
 * ```
 * Attributes: bundle (URL of a published widget.json, docs/widget.md), lang (en|zh; default the
 * page's language), count, category, placement (recorded with every event), context-item (the
 * product on this page: it joins the visitor's history), experiment (the experiment key, or
 * "off"), model (a GGUF URL: model mode, generated blurbs; loads the full engine lazily),
 * show-images (also show product images — off by default: images come from the catalog's hosts).
 *
 * Events: every view, click and experiment exposure is appended to the visitor's local log
 * (widget-store.js) and handed to the host page — as a `plume-event` CustomEvent (bubbles,
 * composed) and to `element.onPlumeEvent(event)` if set. The widget itself sends nothing.
 * Safety: every catalog or generated text goes in through textContent, links only when http(s),
 * styles in a shadow root, no inline scripts or eval: it runs under `script-src 'self'`.
 * @module widget
 */

import { assignVariation, bundleProblem, recommend, safeLink, tidy } from './widget-core.js';
import * as store from './widget-store.js';

const SCRIPT_START = performance.now();

const TEXT = {
  en: { heading: 'Recommended for you', popular: 'Popular right now', because: 'Because you viewed {title}',
    loading: 'Loading recommendations…' },
  zh: { heading: '为你推荐', popular: '大家都在看', because: '因为你看过 {title}', loading: '正在加载推荐…' },
};

const STYLE = `
:host { display: block; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #1d2433; --plume-accent: #3559e0; }
:host([hidden]) { display: none; }
section { border: 1px solid #dde2ec; border-radius: 10px; padding: 12px 14px; background: #fff; }
h2 { font-size: 15px; margin: 0 0 10px; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px;
  grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); }
li, .title, .blurb { unicode-bidi: isolate; }
li { border: 1px solid #eceff5; border-radius: 8px; padding: 10px; overflow-wrap: anywhere; }
a { color: var(--plume-accent); font-weight: 600; text-decoration: none; }
a:hover, a:focus-visible { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--plume-accent); outline-offset: 2px; }
.title { font-weight: 600; display: block; }
.blurb { margin: 6px 0 0; color: #39414f; }
.because, .price { margin: 6px 0 0; font-size: 12px; color: #5b6474; }
img { width: 100%; height: auto; border-radius: 6px; margin-bottom: 6px; }
.status { color: #5b6474; margin: 0; }
`;

let sheet = null;
function styleSheet() {
  // A constructed sheet: no <style> element, so a host CSP with style-src 'self' still allows it.
  if (!sheet && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

const bundles = new Map();   // absolute URL -> Promise<bundle>: elements sharing a bundle fetch it once
function loadBundle(url) {
  if (!bundles.has(url)) {
    bundles.set(url, (async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the bundle ${url} could not be loaded (HTTP ${response.status})`);
      let bundle;
      try {
        bundle = JSON.parse(await response.text());
      } catch (e) {
        throw new Error(`the bundle ${url} is not valid JSON (${e.message})`);
      }
      const problem = bundleProblem(bundle);
      if (problem) throw new Error(`${url}: ${problem}`);
      return bundle;
    })());
    bundles.get(url).catch(() => bundles.delete(url));   // a later element may retry
  }
  return bundles.get(url);
}

const models = new Map();   // model URL -> Promise<engine>: one engine and model for all elements
function loadModel(url) {
  if (!models.has(url)) {
    // The full engine, fetched only now: template mode never loads it.
    models.set(url, import('./plume.js').then(({ Plume }) => Plume.load({ model: url })));
    models.get(url).catch(() => models.delete(url));
  }
  return models.get(url);
}

/** Model mode's prompts: inline in the bundle, or a file next to it (widget-prompts.json). */
async function loadPrompts(bundle, bundleUrl) {
  if (typeof bundle.prompts !== 'string') return bundle.prompts ?? {};
  const url = new URL(bundle.prompts, bundleUrl).href;
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the prompts ${url} could not be loaded (HTTP ${response.status})`);
  return response.json();
}

function pageLanguage(el) {
  const attr = el.getAttribute('lang') || el.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  return /^zh/i.test(attr) ? 'zh' : 'en';
}

/** Creates an element with text (never HTML) and optional attributes. */
function node(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function formatPrice(p, lang) {
  if (typeof p.price !== 'number' || !Number.isFinite(p.price)) return '';
  try {
    return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US',
      p.currency && /^[A-Z]{3}$/.test(p.currency) ? { style: 'currency', currency: p.currency } : {}).format(p.price);
  } catch {
    return String(p.price);
  }
}

export class PlumeRecommendations extends HTMLElement {
  static get observedAttributes() {
    return ['bundle', 'lang', 'count', 'category', 'placement', 'context-item', 'experiment', 'model', 'show-images'];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    const s = styleSheet();
    if (s) this.shadowRoot.adoptedStyleSheets = [s];
    /** @type {((event: object) => void) | null} the host's analytics hook */
    // A host script that ran before widget.js may have set it on the not-yet-upgraded element.
    if (!Object.prototype.hasOwnProperty.call(this, 'onPlumeEvent')) this.onPlumeEvent = null;
    /** The last problem (bundle missing, bad JSON, model failure), or null. */
    this.error = null;
    /** {scriptStart, shown} in performance.now() milliseconds, once shown. */
    this.timings = null;
    this.recommendations = [];
    this.variation = null;
    this.renderId = 0;
  }

  connectedCallback() {
    this.update();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (this.isConnected && oldValue !== newValue) this.update();
  }

  /** Re-reads the attributes, the visitor's history and the bundle, and draws again. */
  async update() {
    const id = ++this.renderId;
    const bundleAttr = this.getAttribute('bundle');
    if (!bundleAttr) return this.fail('the bundle attribute is missing (the URL of a widget.json)');
    const lang = pageLanguage(this);
    this.setAttribute('data-state', 'loading');
    if (!this.shadowRoot.firstChild) this.shadowRoot.append(node('p', TEXT[lang].loading, { class: 'status', role: 'status' }));
    let bundle, bundleUrl;
    try {
      bundleUrl = new URL(bundleAttr, document.baseURI).href;
      bundle = await loadBundle(bundleUrl);
    } catch (e) {
      if (id === this.renderId) this.fail(e.message);
      return;
    }
    if (id !== this.renderId) return;   // attributes changed meanwhile: the newer call draws
    try {
      this.show(bundle, bundleUrl, lang, id);
    } catch (e) {
      this.fail(`the bundle ${bundleUrl} could not be shown (${e.message})`);
    }
  }

  show(bundle, bundleUrl, lang, id) {
    const contextItem = this.getAttribute('context-item');
    if (contextItem && bundle.products.some(p => p.id === contextItem)) store.remember(contextItem);
    const user = store.visitorId();
    const assignment = this.assign(bundle, user);
    const variation = assignment.name;
    const count = Math.min(24, Math.max(1, Number.parseInt(this.getAttribute('count') ?? '4', 10) || 4));
    const history = store.history();
    const recs = recommend(bundle, history, { k: count, category: this.getAttribute('category') || '' });
    this.draw(bundle, bundleUrl, recs, variation, lang, history.length > 0);
    this.variation = variation;
    this.recommendations = recs;
    this.error = null;
    this.timings = { scriptStart: SCRIPT_START, shown: performance.now() };
    this.setAttribute('data-state', 'ready');
    this.setAttribute('data-variation', variation);
    if (assignment.exposure) this.emit(assignment.exposure);
    for (const r of recs) this.emit(this.event('view', r.id, user, assignment));
    this.assignment = assignment;
    if (this.hasAttribute('model')) this.generate(bundle, bundleUrl, recs, variation, lang, id);
  }

  /** The visitor's variation: sticky (kept locally) and GrowthBook's hash on their id. */
  assign(bundle, user) {
    const exp = bundle.experiment;
    const names = Object.keys(bundle.variants ?? {});
    const fallback = { name: exp?.variations?.[0] ?? names[0] ?? 'control', experiment: null, exposure: null };
    const key = this.getAttribute('experiment') || exp?.key;
    if (!exp || key === 'off' || !Array.isArray(exp.variations)) return fallback;
    const e = { ...exp, key };
    let r = assignVariation(e, { id: user });
    const kept = store.stickyVariation(key);
    if (kept !== null && kept >= 0 && kept < e.variations.length) {
      r = { ...r, inExperiment: true, variationId: kept, value: e.variations[kept], stickyBucketUsed: true };
    } else if (r.inExperiment) {
      store.keepVariation(key, r.variationId);
    }
    if (!r.inExperiment) return { ...fallback, result: r };
    const name = String(r.value);
    return { name, experiment: key, result: r,
      exposure: { type: 'exposure', user, experiment: key, variation: name, placement: this.placement(), timestamp: Date.now() } };
  }

  placement() {
    return this.getAttribute('placement') || '';
  }

  event(type, item, user, assignment) {
    const e = { type, user, item, placement: this.placement(), timestamp: Date.now() };
    if (assignment?.experiment) { e.experiment = assignment.experiment; e.variation = assignment.name; }
    return e;
  }

  /** Records locally, then tells the host (whose errors must not break the widget). */
  emit(event) {
    store.record(event);
    this.dispatchEvent(new CustomEvent('plume-event', { detail: event, bubbles: true, composed: true }));
    if (typeof this.onPlumeEvent === 'function') {
      try {
        this.onPlumeEvent(event);
      } catch (e) {
        console.warn('plume-recommendations: the onPlumeEvent callback failed:', e);
      }
    }
  }

  draw(bundle, bundleUrl, recs, variation, lang, personal) {
    const t = TEXT[lang];
    const byId = new Map(bundle.products.map(p => [p.id, p]));
    const heading = bundle.variants?.[variation]?.heading?.[lang] ?? (personal ? t.heading : t.popular);
    const section = node('section', null, { part: 'container', 'aria-label': heading });
    section.append(node('h2', heading, { part: 'heading' }));
    const list = node('ul', null, { part: 'list' });
    const images = this.hasAttribute('show-images');
    for (const r of recs) {
      const p = byId.get(r.id);
      const li = node('li', null, { part: 'card', 'data-item': p.id });
      const link = safeLink(p.link, bundleUrl);
      const image = images ? safeLink(p.image, bundleUrl) : null;
      if (image) li.append(node('img', null, { src: image, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' }));
      const title = link ? node('a', p.title, { href: link, class: 'title', part: 'title', rel: 'noopener noreferrer' })
        : node('span', p.title, { class: 'title', part: 'title' });
      title.addEventListener('click', () => this.click(p.id));
      li.append(title);
      const blurb = bundle.blurbs?.[variation]?.[lang]?.[p.id] ?? p.description ?? '';
      if (blurb) li.append(node('p', blurb, { class: 'blurb', part: 'blurb' }));
      const price = formatPrice(p, lang);
      if (price) li.append(node('p', price, { class: 'price', part: 'price' }));
      if (r.because && byId.has(r.because)) {
        // The other product's title in a <bdi>: right-to-left marks in it cannot flip the sentence.
        const [before, after] = t.because.split('{title}');
        const because = node('p', before, { class: 'because', part: 'because' });
        because.append(node('bdi', byId.get(r.because).title), after);
        li.append(because);
      }
      list.append(li);
    }
    section.append(list);
    this.shadowRoot.replaceChildren(section);
  }

  click(item) {
    store.remember(item);
    this.emit(this.event('click', item, store.visitorId(), this.assignment));
  }

  fail(message) {
    this.error = message;
    this.setAttribute('data-state', 'error');
    this.shadowRoot.replaceChildren();   // a visitor sees nothing broken; the host sees why
    console.warn(`plume-recommendations: ${message}`);
    this.dispatchEvent(new CustomEvent('plume-error', { detail: { message }, bubbles: true, composed: true }));
  }

  /**
   * Model mode: the full engine and the model load after the template blurbs are shown, then
   * each card's blurb is replaced (as text) by the model's continuation of the bundle's prompt.
   * Needs a CSP that allows WebAssembly ('wasm-unsafe-eval') and workers from 'self'.
   */
  async generate(bundle, bundleUrl, recs, variation, lang, id) {
    try {
      const prompts = await loadPrompts(bundle, bundleUrl);
      const engine = await loadModel(new URL(this.getAttribute('model'), document.baseURI).href);
      for (const r of recs) {
        if (id !== this.renderId) return;
        const prompt = prompts?.[variation]?.[lang]?.[r.id];
        if (!prompt) continue;
        const { sequences } = await engine.generate(prompt, { maxNewTokens: 60, seed: 42, temperature: 0.7, topP: 0.9,
          stop: ['\n###'] });
        const text = tidy(sequences[0]?.text ?? '', sequences[0]?.finishReason);
        const target = this.shadowRoot.querySelector(`li[data-item="${CSS.escape(r.id)}"] .blurb`);
        if (text && target) target.textContent = text;
      }
      this.setAttribute('data-model', 'done');
    } catch (e) {
      this.error = `model mode: ${e.message}`;
      this.setAttribute('data-model', 'error');
      this.dispatchEvent(new CustomEvent('plume-error', { detail: { message: this.error }, bubbles: true, composed: true }));
    }
  }
}

/** The visitor's local event log and history, for a host that wants to read or clear them. */
export const localData = { events: store.events, history: store.history, visitorId: store.visitorId, clear: store.clearAll };

if (!customElements.get('plume-recommendations')) customElements.define('plume-recommendations', PlumeRecommendations);
