/**
 * Publishes a widget bundle (widget.json, format "plume-widget" v1, docs/widget.md) from a
 * workspace: the catalog subset, each product's neighbours and the popularity order as served by
 * the C++ recommender, the experiment, and every blurb rendered by the C++ Mustache engine — so
 * that the widget on a customer's site needs no WASM (see widget-core.js for why).
 * Used by the studio's Embed view and, at build time, by scripts/make-widget-bundle.mjs.
 *
 * ```js
 * import { buildWidgetBundle, bundleFromEcosystem, WIDGET_FILES } from './widget-bundle.js';
 * const { bundle, files, blob } = await buildWidgetBundle({ products, interactions, experiment, variants });
 * // files: { 'widget.json': text, 'widget-prompts.json': text }; blob: widget.json as application/json
 * // WIDGET_FILES: the web/ files to publish next to it (widget.js and the modules it imports)
 * const sample = await bundleFromEcosystem(eco, { langs: ['en', 'zh'] });   // an Ecosystem (ecosystem.js)
 * ```
 * @module widget-bundle
 */

import { Recommender } from './recommend.js';
import { renderTemplate } from './templates.js';
import { checkBrand } from './channels.js';
import { PlumeError } from './plume.js';

/** Where model mode's prompts are published, next to widget.json. */
export const PROMPTS_FILE = 'widget-prompts.json';

/** The files of web/ that a site serves for the widget (with widget.json). */
export const WIDGET_FILES = ['widget.js', 'widget-core.js', 'widget-store.js'];

// Model mode's prompts, in the layout the default model was trained on (docs/prompt-format.md).
const PROMPT_EN = '### Task\nWrite a short product description for a website widget.\n\n### Input\n' +
  'Content type: product description\nLanguage: English\nChannel: website\nProduct: {{title}}\n' +
  '{{#category}}Category: {{category}}\n{{/category}}Tone: warm\n### Output\n';
const PROMPT_ZH = '### 任务\n为网站小组件写一段简短的产品描述。\n\n### 输入\n' +
  '内容类型：产品描述\n语言：中文\n渠道：website\n产品：{{title}}\n' +
  '{{#category}}类别：{{category}}\n{{/category}}语气：亲切\n### 输出\n';

/** The default experiment and variants: two blurb styles, 50/50, GrowthBook hash v2. */
export const DEFAULT_EXPERIMENT = { key: 'widget-blurb', variations: ['control', 'benefit'], weights: [0.5, 0.5], hashVersion: 2 };
export const DEFAULT_VARIANTS = {
  control: {
    template: { en: '{{description}}', zh: '{{description}}' },
    prompt: { en: PROMPT_EN, zh: PROMPT_ZH },
  },
  benefit: {
    template: {
      en: '{{#brand}}Picked for you by {{brand}}. {{/brand}}{{description}}',
      zh: '{{#brand}}{{brand}}为你精选。{{/brand}}{{description}}',
    },
    heading: { en: 'Picked for you', zh: '为你精选' },
    prompt: { en: PROMPT_EN.replace('Tone: warm', 'Tone: energetic, friendly'), zh: PROMPT_ZH.replace('语气：亲切', '语气：活泼、亲切') },
  },
};

// {{x}} escapes for HTML; the widget inserts text, so the five escapes are undone. (A template
// that itself contains "&lt;" would come out as "<": write the character instead.)
const UNESCAPE = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&#39;': "'" };
function unescapeHtml(text) {
  return text.replace(/&(?:amp|quot|lt|gt|#39);/g, m => UNESCAPE[m]);
}

function str(v) {
  return v === undefined || v === null ? '' : String(v);
}

/** A product as the bundle stores it (Google Merchant names accepted: image_link, availability). */
export function normalizeProduct(p, index) {
  if (!p || typeof p !== 'object') throw new PlumeError(`products[${index}] must be an object`);
  const id = str(p.id ?? p.item);
  if (!id) throw new PlumeError(`products[${index}] has no id`);
  const availability = str(p.availability).toLowerCase();
  const price = typeof p.price === 'number' ? p.price : Number.parseFloat(str(p.price));
  const out = { id, title: str(p.title || id), description: str(p.description), category: str(p.category), brand: str(p.brand),
    link: str(p.link), image: str(p.image ?? p.image_link), partner: str(p.partner),
    available: p.available !== undefined ? p.available !== false : !['out_of_stock', 'false', '0', 'no'].includes(availability) };
  if (Number.isFinite(price)) out.price = price;
  const currency = str(p.currency) || (/\b([A-Z]{3})\s*$/.exec(str(p.price))?.[1] ?? '');
  if (currency) out.currency = currency;
  return out;
}

function interactionsJson(interactions) {
  if (typeof interactions === 'string') return interactions;
  if (!Array.isArray(interactions)) throw new PlumeError('interactions must be CSV text or an array');
  // ecoInteractions rows are [user, item, value, timestamp]; objects pass through.
  return JSON.stringify(interactions.map(r => Array.isArray(r) ? { user: r[0], item: r[1], value: r[2], timestamp: r[3] ?? 0 } : r));
}

/**
 * @param {object} options
 * @param {object[]} options.products the catalog subset to publish
 * @param {string|Array} options.interactions CSV/JSON text, [{user, item, value}] or ecoInteractions rows
 * @param {string} [options.algo='itemknn'] the recommender serving the neighbours (itemknn, als, bpr, svd)
 * @param {number} [options.neighbors=12] neighbours kept per product
 * @param {number} [options.popular=24] length of the popularity list
 * @param {object|null} [options.experiment] a GrowthBook experiment whose variations name `variants`
 * @param {Record<string, {template: {en?: string, zh?: string}, heading?: object, prompt?: object}>} [options.variants]
 * @param {string[]} [options.langs=['en','zh']]
 * @param {import('./channels.js').BrandRules} [options.brand] brand rules every blurb is checked against
 * @param {number} [options.maxLength] longest blurb in characters (code points), e.g. the
 *   manifest's web-widget channel limit
 * @param {string} [options.engineUrl]
 * @returns {Promise<{bundle: object, files: Record<string, string>, blob: Blob|null, warnings: object[]}>}
 *   files: widget.json and, when variants have prompts, widget-prompts.json (publish both in one
 *   folder); blob: widget.json; warnings: blurbs that break the brand rules or the length,
 *   [{variant, lang, product, reasons: [{code, en, zh, ...}]}] (published anyway: the marketer decides)
 */
export async function buildWidgetBundle(options = {}) {
  const { interactions, algo = 'itemknn', neighbors = 12, popular = 24, langs = ['en', 'zh'], engineUrl } = options;
  const experiment = options.experiment === undefined ? DEFAULT_EXPERIMENT : options.experiment;
  const variants = options.variants ?? DEFAULT_VARIANTS;
  if (!Array.isArray(options.products) || options.products.length === 0) throw new PlumeError('products must be a non-empty array');
  const products = options.products.map(normalizeProduct);
  const ids = new Set();
  for (const p of products) {
    if (ids.has(p.id)) throw new PlumeError(`product ${p.id} is listed twice`);
    ids.add(p.id);
  }
  const names = experiment ? experiment.variations : Object.keys(variants).slice(0, 1);
  if (!Array.isArray(names) || names.length === 0) throw new PlumeError('experiment.variations must name the variants');
  for (const n of names) {
    if (!variants[n]?.template) throw new PlumeError(`variant '${n}' has no template ({template: {en, zh}})`);
  }

  const data = interactionsJson(interactions);
  const engine = engineUrl ? { engineUrl } : {};
  const attributes = JSON.stringify(products.map(p => ({ item: p.id, category: p.category, brand: p.brand, partner: p.partner,
    available: p.available, ...(p.price !== undefined ? { price: p.price } : {}) })));
  const rec = await Recommender.train(data, { algo, ...engine });
  const pop = await Recommender.train(data, { algo: 'pop', ...engine });
  const bundle = { format: 'plume-widget', version: 1, created: new Date().toISOString(), algo, langs, products,
    popular: [], neighbors: {}, experiment, variants: {}, blurbs: {}, prompts: {} };
  try {
    await rec.setCatalog(attributes);   // content similarity for products nobody has touched yet
    await pop.setCatalog(attributes);
    bundle.popular = (await pop.top({ history: [], k: popular, availableOnly: true })).map(r => r.item).filter(id => ids.has(id));
    for (const p of products) {
      const top = await rec.top({ history: [p.id], k: neighbors });
      const list = top.filter(r => ids.has(r.item) && r.score > 0).map(r => [r.item, Math.round(r.score * 1e4) / 1e4]);
      if (list.length) bundle.neighbors[p.id] = list;
    }
  } finally {
    rec.free();
    pop.free();
  }

  for (const name of names) {
    const v = variants[name];
    bundle.variants[name] = { template: v.template, ...(v.heading ? { heading: v.heading } : {}) };
    for (const [kind, source] of [['blurbs', v.template], ['prompts', v.prompt]]) {
      if (!source) continue;
      bundle[kind][name] = {};
      for (const lang of langs) {
        if (typeof source[lang] !== 'string') continue;
        const out = bundle[kind][name][lang] = {};
        for (const p of products) {
          try {
            const text = unescapeHtml(await renderTemplate(source[lang], { ...p, lang }, engine));
            out[p.id] = kind === 'blurbs' ? text.trim() : text;
          } catch (e) {
            throw new PlumeError(`variant '${name}' ${kind === 'blurbs' ? 'template' : 'prompt'} (${lang}): ${e.message}`);
          }
        }
      }
    }
  }
  const warnings = await checkBlurbs(bundle.blurbs, options.brand, options.maxLength, engine);
  // Model mode's prompts go in a file of their own: template-mode visitors never download them.
  const files = {};
  if (Object.keys(bundle.prompts).length) {
    files[PROMPTS_FILE] = `${JSON.stringify(bundle.prompts)}\n`;
    bundle.prompts = PROMPTS_FILE;
  } else {
    delete bundle.prompts;
  }
  const text = `${JSON.stringify(bundle)}\n`;
  files['widget.json'] = text;
  const blob = typeof Blob === 'function' ? new Blob([text], { type: 'application/json' }) : null;
  return { bundle, files, blob, warnings };
}

async function checkBlurbs(blurbs, brand, maxLength, engine) {
  const warnings = [];
  if (!brand && !maxLength) return warnings;
  for (const [variant, byLang] of Object.entries(blurbs)) {
    for (const [lang, byProduct] of Object.entries(byLang)) {
      for (const [product, text] of Object.entries(byProduct)) {
        const reasons = brand ? (await checkBrand(text, brand, engine)).reasons : [];
        const length = [...text].length;
        if (maxLength && length > maxLength) {
          reasons.push({ code: 'length.over_limit', severity: 'error', params: { length, limit: maxLength },
            en: `The blurb has ${length} characters; the widget allows ${maxLength}.`,
            zh: `文案共 ${length} 个字符，小组件最多 ${maxLength} 个。` });
        }
        if (reasons.length) warnings.push({ variant, lang, product, reasons });
      }
    }
  }
  return warnings;
}

/**
 * A bundle from an Ecosystem workspace (ecosystem.js) with its catalog and events imported.
 * @param {import('./ecosystem.js').Ecosystem} eco
 * @param {object} [options] as buildWidgetBundle; `productIds` keeps a subset of the catalog
 */
export async function bundleFromEcosystem(eco, options = {}) {
  let products = await eco.products();
  if (Array.isArray(options.productIds)) {
    const keep = new Set(options.productIds);
    products = products.filter(p => keep.has(p.id));
  }
  const { rows } = await eco.interactions(options.weights);
  return buildWidgetBundle({ ...options, products, interactions: rows });
}
