/**
 * Small DOM helpers shared by the studio's Recommendations and Experiments views. Text always
 * goes in with textContent (never innerHTML): catalog and customer data can contain markup.
 * @module views/kit
 */
import { localizeMessage } from '../core-errors.js';
import { fillParams } from '../i18n.js';

/**
 * Creates an element. `props`: className, id, text (textContent), attrs ({name: value}),
 * on ({event: handler}), and any other property set directly (type, value, min, ...).
 * @param {string} tag
 * @param {object} [props]
 * @param {Array<Node|string|null|undefined>} [children]
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) node.setAttribute(a, String(v));
    else if (key === 'on') for (const [e, f] of Object.entries(value)) node.addEventListener(e, f);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

let stylesAdded = false;
/** Adds the views' stylesheet once (a <link> to our own file: allowed by a strict CSP). */
export function ensureStyles() {
  if (stylesAdded || typeof document === 'undefined') return;
  stylesAdded = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./insights.css', import.meta.url).href;
  document.head.append(link);
}

let nextId = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * A labelled control: <div class="field"><label for=id>text</label><control id=id></div>.
 * @param {string|Node} label text, or a (translated) text node
 * @param {HTMLElement} control
 */
export function field(label, control) {
  if (!control.id) control.id = uid('f');
  return el('div', { className: 'field' }, [el('label', { htmlFor: control.id }, [label]), control]);
}

/** The interface language: the shell's ctx, else the document's lang attribute. */
export function languageOf(ctx) {
  const lang = typeof ctx?.lang === 'function' ? ctx.lang() : ctx?.lang ?? ctx?.i18n?.lang ??
    (typeof document !== 'undefined' ? document.documentElement.lang : 'en');
  return String(lang || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * A translator over a view's own strings ({en: {...}, zh: {...}}); `{name}` is replaced by the
 * matching parameter. Falls back to English, then to the key.
 */
export function translator(strings, ctx) {
  return (key, params = {}) => {
    const lang = languageOf(ctx);
    return fillParams(strings[lang]?.[key] ?? strings.en[key] ?? key, params, lang);
  };
}

/**
 * A view's words that follow the language switch: `t(key, params)` gives a string now; `T(key)`
 * a text node and `attr(node, name, key)` an attribute that `render()` translates again (params
 * may be a function, read at each render). The shell calls the view's render() after a switch.
 */
export function i18n(strings, ctx) {
  const t = translator(strings, ctx);
  const bound = [];
  const value = (key, params) => t(key, typeof params === 'function' ? params() : params);
  return {
    t,
    T(key, params) {
      const node = document.createTextNode(value(key, params));
      bound.push([node, null, key, params]);
      return node;
    },
    attr(node, name, key, params) {
      node.setAttribute(name, value(key, params));
      bound.push([node, name, key, params]);
      return node;
    },
    render() {
      for (const [node, name, key, params] of bound) {
        if (name) node.setAttribute(name, value(key, params));
        else node.textContent = value(key, params);
      }
    },
  };
}

/** The shell's strings these views share (registered through each view's `strings`). */
export const SHARED_STRINGS = { en: { 'insights.error': '{message}' }, zh: { 'insights.error': '{message}' } };

/** Shows an error: the shell's banner when there is one, else a message in the view. */
export function reportError(ctx, where, error) {
  const message = error?.message ?? String(error);
  if (typeof ctx?.banner?.error === 'function') ctx.banner.error('insights.error', { message });
  else if (typeof ctx?.showError === 'function') ctx.showError(message);
  if (where) {
    where.hidden = false;
    where.textContent = localizeMessage(message, languageOf(ctx));
  }
}

/** Formats a fraction as a percentage with `digits` decimals ("5.60 %"). */
export function percent(x, digits = 2) {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)} %`;
}

/** A signed percentage ("+1.23 %"). */
export function signedPercent(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(digits)} %`;
}

/** A p-value: 4 significant digits, or "< 0.0001". */
export function pValue(p) {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 1e-4 ? p.toExponential(2) : p.toPrecision(4);
}

/** A whole number with thousands separators in the interface language. */
export function count(n, lang = 'en') {
  return Number.isFinite(n) ? Math.round(n).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US') : '—';
}

/** Builds a table: headers, then rows of cells (strings or nodes). */
export function table(caption, headers, rows) {
  return el('table', { className: 'data' }, [
    el('caption', { text: caption }),
    el('thead', {}, [el('tr', {}, headers.map(h => el('th', { text: h, attrs: { scope: 'col' } })))]),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map((c, i) =>
      i === 0 ? el('th', { attrs: { scope: 'row' } }, [typeof c === 'string' ? c : c]) :
        el('td', {}, [typeof c === 'string' ? c : c]))))),
  ]);
}
