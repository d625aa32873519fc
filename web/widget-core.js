/**
 * The embeddable widget's decisions, as pure functions over a published bundle (docs/widget.md):
 * GrowthBook-compatible variant assignment and neighbour-based recommendations.
 *
 * Why plain JS and not the WASM engine: Chromium refuses to compile WebAssembly on a page whose
 * CSP says `script-src 'self'` without 'wasm-unsafe-eval', and the widget must work on such
 * pages. So the C++ core does the heavy work when the bundle is published (trains the
 * recommender, serves each item's neighbours and the popularity order, renders every blurb with
 * the Mustache engine: web/widget-bundle.js), and the page only adds up neighbour scores and
 * hashes one id. The hash is GrowthBook's (FNV-1a 32), checked against GrowthBook's own
 * conformance cases (tests/js/widget.test.mjs) and against the engine's assignment.
 * @module widget-core
 */

/** FNV-1a 32-bit over UTF-16 code units, as GrowthBook's SDKs compute it. */
export function fnv32a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h += (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24);
  }
  return h >>> 0;
}

/** GrowthBook's hash: a number in [0, 1), or null for an unknown version. */
export function hash(seed, value, version) {
  if (version === 2) return (fnv32a(String(fnv32a(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv32a(value + seed) % 1000) / 1000;
  return null;
}

function equalWeights(n) {
  return n <= 0 ? [] : new Array(n).fill(1 / n);
}

/** GrowthBook's bucket ranges for n variations. */
export function bucketRanges(n, coverage = 1, weights = undefined) {
  coverage = Math.min(1, Math.max(0, coverage));
  let w = weights && weights.length === n ? weights : equalWeights(n);
  const total = w.reduce((a, b) => a + b, 0);
  if (total < 0.99 || total > 1.01) w = equalWeights(n);
  let cumulative = 0;
  return w.map(x => {
    const start = cumulative;
    cumulative += x;
    return [start, start + coverage * x];
  });
}

const inRange = (n, r) => Array.isArray(r) && n >= r[0] && n < r[1];
const isRanges = r => Array.isArray(r) && r.every(x => Array.isArray(x) && typeof x[0] === 'number' && typeof x[1] === 'number');
const isNumbers = w => Array.isArray(w) && w.every(x => typeof x === 'number' && Number.isFinite(x));

/** The index of the range holding n, or -1. */
export function chooseVariation(n, ranges) {
  return ranges.findIndex(r => inRange(n, r));
}

/**
 * Assigns a visitor as GrowthBook's `run` does, for the experiment fields a widget bundle uses:
 * key, variations, weights, coverage, hashVersion, seed, hashAttribute, namespace, filters,
 * ranges, active, force. (Targeting conditions are for the studio; a bundle has none.)
 * @param {object} exp the GrowthBook experiment
 * @param {Record<string, any>} attributes the visitor's attributes ({id})
 * @returns {{inExperiment: boolean, variationId: number, value: any, hashUsed: boolean,
 *   hashAttribute: string, hashValue: string, bucket?: number}}
 */
export function assignVariation(exp, attributes = {}) {
  const variations = Array.isArray(exp?.variations) ? exp.variations : [];
  const hashAttribute = exp?.hashAttribute || 'id';
  const raw = attributes?.[hashAttribute];
  const hashValue = raw === null || raw === undefined ? '' : String(raw);
  const result = (index, hashUsed, bucket) => {
    const ok = Number.isInteger(index) && index >= 0 && index < variations.length;
    const i = ok ? index : 0;
    const r = { inExperiment: ok, variationId: i, value: variations[i], hashUsed: ok && hashUsed, hashAttribute, hashValue };
    if (bucket !== undefined) r.bucket = bucket;
    return r;
  };
  const out = () => result(-1, false);
  if (variations.length < 2 || exp.active === false || !hashValue) return out();
  // A malformed field (a hand-edited bundle) puts no one in the experiment rather than throwing.
  if (Array.isArray(exp.filters)) {
    for (const f of exp.filters) {
      if (!f || typeof f !== 'object' || !isRanges(f.ranges)) return out();
      const v = attributes?.[f.attribute || 'id'];
      if (v === null || v === undefined || v === '') return out();
      const n = hash(String(f.seed ?? ''), String(v), f.hashVersion || 2);
      if (n === null || !f.ranges.some(r => inRange(n, r))) return out();
    }
  } else if (Array.isArray(exp.namespace)) {
    const n = hash(`__${exp.namespace[0]}`, hashValue, 1);
    if (n === null || !inRange(n, [exp.namespace[1], exp.namespace[2]])) return out();
  }
  if (exp.ranges !== undefined && !isRanges(exp.ranges)) return out();
  const coverage = typeof exp.coverage === 'number' ? exp.coverage : 1;
  const ranges = exp.ranges || bucketRanges(variations.length, coverage, isNumbers(exp.weights) ? exp.weights : undefined);
  const n = hash(String(exp.seed || exp.key || ''), hashValue, exp.hashVersion || 1);
  if (n === null) return out();
  const chosen = chooseVariation(n, ranges);
  if (chosen < 0) return out();
  if (typeof exp.force === 'number') return result(exp.force, false);
  return result(chosen, true, n);
}

/**
 * Recommendations from a bundle for a visitor history (most recent last): each candidate scores
 * the sum, over the history, of its neighbour similarity to the history item, recent items
 * weighing more (weight 1 for the latest, halving every `halfLife` items back); items already
 * in the history are skipped; the rest is filled from the popularity order (a new visitor gets
 * popularity only).
 * @param {{products: object[], neighbors: Record<string, Array<[string, number]>>, popular: string[]}} bundle
 * @param {string[]} history product ids
 * @param {{k?: number, category?: string, halfLife?: number, availableOnly?: boolean}} [options]
 * @returns {Array<{id: string, score: number, because: string|null}>}
 */
export function recommend(bundle, history, { k = 4, category = '', halfLife = 3, availableOnly = true } = {}) {
  const byId = productIndex(bundle);
  const seen = new Set(history);
  const eligible = id => {
    const p = byId.get(id);
    return !!p && !seen.has(id) && (!category || p.category === category) && (!availableOnly || p.available !== false);
  };
  const scores = new Map();   // id -> {score, because, best}
  const recent = [...new Set([...history].reverse())];  // latest first, each item once
  recent.forEach((h, age) => {
    const weight = Math.pow(0.5, age / halfLife);
    const list = bundle.neighbors?.[h];
    for (const entry of Array.isArray(list) ? list : []) {
      if (!Array.isArray(entry)) continue;   // a malformed bundle must not stop the widget
      const [id, sim] = entry;
      if (typeof sim !== 'number' || !(sim > 0) || !eligible(id)) continue;
      const s = scores.get(id) ?? { score: 0, because: null, best: 0 };
      s.score += weight * sim;
      if (weight * sim > s.best) { s.best = weight * sim; s.because = h; }
      scores.set(id, s);
    }
  });
  const ranked = [...scores.entries()]
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, s]) => ({ id, score: s.score, because: s.because }));
  const out = ranked.slice(0, k);
  const chosen = new Set(out.map(r => r.id));
  for (const id of Array.isArray(bundle.popular) ? bundle.popular : []) {
    if (out.length >= k) break;
    if (eligible(id) && !chosen.has(id)) { out.push({ id, score: 0, because: null }); chosen.add(id); }
  }
  return out;
}

const indexCache = new WeakMap();
function productIndex(bundle) {
  let m = indexCache.get(bundle);
  if (!m) {
    m = new Map((bundle.products ?? []).map(p => [p.id, p]));
    indexCache.set(bundle, m);
  }
  return m;
}

/**
 * A link the widget may put in an href: http(s) only, resolved against the bundle's URL;
 * anything else (javascript:, data:, vbscript:, garbage) gives null and the card has no link.
 */
export function safeLink(link, base) {
  if (typeof link !== 'string' || link.trim() === '') return null;
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A blurb from a model's text: its first paragraph, cut after the last full sentence if cut short. */
export function tidy(text, finishReason) {
  let t = text.trim().split(/\n\s*\n/)[0].trim();
  if (finishReason === 'length') {
    const end = Math.max(...['.', '!', '?', '。', '！', '？'].map(c => t.lastIndexOf(c)));
    if (end > 0) t = t.slice(0, end + 1);
  }
  return t;
}

/**
 * Checks a parsed bundle; returns null or the first problem, naming the field.
 * @param {any} b
 */
export function bundleProblem(b) {
  if (!b || typeof b !== 'object') return 'the bundle is not a JSON object';
  if (b.format !== 'plume-widget') return 'the bundle\'s "format" is not "plume-widget"';
  if (b.version !== 1) return `bundle version ${JSON.stringify(b.version)} is not supported (1)`;
  if (!Array.isArray(b.products)) return 'the bundle has no "products" array';
  for (let i = 0; i < b.products.length; i++) {
    const p = b.products[i];
    if (!p || typeof p.id !== 'string' || typeof p.title !== 'string') return `products[${i}] needs string "id" and "title"`;
  }
  if (b.neighbors !== undefined && (typeof b.neighbors !== 'object' || Array.isArray(b.neighbors))) return '"neighbors" must be an object';
  if (b.popular !== undefined && !Array.isArray(b.popular)) return '"popular" must be an array of product ids';
  if (b.blurbs !== undefined && (typeof b.blurbs !== 'object' || Array.isArray(b.blurbs))) return '"blurbs" must be an object';
  return null;
}
