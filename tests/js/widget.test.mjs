// The widget's decisions in Node: GrowthBook's own conformance cases for the hash, bucket ranges
// and run(); agreement with the engine's assignment (web/experiment.js, the C++ core) on many
// ids; hand-computed recommendations; link filtering; and the bundle builder (web/widget-bundle.js)
// on a small hand-made workspace.
//   node --test tests/js/widget.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assignVariation, bucketRanges, bundleProblem, chooseVariation, hash, recommend, safeLink, tidy } from '../../web/widget-core.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// ../shared next to the checkout (a git worktree sits one level deeper).
const CASES = [`${ROOT}/../shared`, `${ROOT}/../../shared`].map(d => `${d}/conformance/growthbook/cases.json`).find(existsSync);
const gb = CASES ? JSON.parse(readFileSync(CASES, 'utf8')) : null;
const haveEngine = existsSync(`${ROOT}/web/dist/plume-engine.wasm`);

test('hash: every GrowthBook conformance case', { skip: !gb && 'no conformance suite' }, () => {
  for (const [seed, value, version, expected] of gb.hash) {
    const got = hash(seed, value, version);
    assert.equal(got === null ? null : Number(got.toFixed(4)), expected, `hash(${seed}, ${value}, ${version})`);
  }
});

test('bucket ranges and chooseVariation: every GrowthBook conformance case', { skip: !gb && 'no conformance suite' }, () => {
  for (const [name, [n, coverage, weights], expected] of gb.getBucketRange) {
    const got = bucketRanges(n, coverage, weights ?? undefined).map(r => r.map(x => Number(x.toFixed(6))));
    assert.deepEqual(got, expected.map(r => r.map(x => Number(x.toFixed(6)))), name);
  }
  for (const [name, n, ranges, expected] of gb.chooseVariation) assert.equal(chooseVariation(n, ranges), expected, name);
});

// The run() cases a widget bundle can express: no targeting, no URL, no QA mode, no features.
const WIDGET_FIELDS = new Set(['key', 'variations', 'weights', 'coverage', 'hashVersion', 'seed', 'hashAttribute', 'namespace',
  'filters', 'ranges', 'active', 'force']);
test('assignVariation: GrowthBook run() cases within the bundle format', { skip: !gb && 'no conformance suite' }, () => {
  let checked = 0;
  for (const [name, context, exp, value, inExperiment, hashUsed] of gb.run) {
    if (Object.keys(context).some(k => k !== 'attributes') || Object.keys(exp).some(k => !WIDGET_FIELDS.has(k))) continue;
    const r = assignVariation(exp, context.attributes ?? {});
    assert.deepEqual(r.value, value, `${name}: value`);
    assert.equal(r.inExperiment, inExperiment, `${name}: inExperiment`);
    assert.equal(r.hashUsed, hashUsed, `${name}: hashUsed`);
    checked++;
  }
  assert.ok(checked >= 50, `only ${checked} cases checked`);
});

test('assignVariation agrees with the engine (experiment.js) on 300 visitor ids', { skip: !haveEngine && 'engine not built' }, async () => {
  const { assign } = await import('../../web/experiment.js');
  const experiments = [
    { key: 'widget-blurb', variations: ['control', 'benefit'], weights: [0.5, 0.5], hashVersion: 2 },
    { key: 'three', variations: ['a', 'b', 'c'], weights: [0.2, 0.3, 0.5], coverage: 0.8, hashVersion: 1, seed: 's' },
  ];
  for (const exp of experiments) {
    for (let i = 0; i < 150; i++) {
      const id = i % 3 === 0 ? crypto.randomUUID() : `visitor-${i}-${'测'.repeat(i % 4)}`;
      const mine = assignVariation(exp, { id });
      const engine = await assign(exp, { id });
      assert.equal(mine.inExperiment, engine.inExperiment, `${exp.key} ${id}`);
      if (engine.inExperiment) assert.equal(mine.value, engine.value, `${exp.key} ${id}`);
    }
  }
});

const BUNDLE = {
  format: 'plume-widget', version: 1,
  products: ['a', 'b', 'c', 'd', 'e', 'f'].map(id => ({ id, title: id.toUpperCase(), category: id < 'd' ? 'x' : 'y' }))
    .concat([{ id: 'g', title: 'G', available: false }]),
  neighbors: { a: [['b', 0.5], ['c', 0.4], ['g', 0.9]], b: [['c', 0.3], ['d', 0.8], ['a', 0.2]] },
  popular: ['g', 'f', 'e', 'd', 'c', 'b', 'a'],
};

test('recommend: a new visitor gets the available popular items', () => {
  assert.deepEqual(recommend(BUNDLE, [], { k: 3 }).map(r => r.id), ['f', 'e', 'd']);
});

test('recommend: neighbour sums with recency weights (hand-computed)', () => {
  // history a then b (b latest): weight(b) = 1, weight(a) = 0.5^(1/3) = 0.7937
  const w = Math.pow(0.5, 1 / 3);
  const r = recommend(BUNDLE, ['a', 'b'], { k: 4 });
  // c: 0.3*1 + 0.4*w = 0.6175; d: 0.8; g unavailable; a, b seen; then popular f
  assert.deepEqual(r.map(x => x.id), ['d', 'c', 'f', 'e']);
  assert.ok(Math.abs(r[1].score - (0.3 + 0.4 * w)) < 1e-12);
  assert.equal(r[0].because, 'b');
  assert.equal(r[1].because, 'a');   // 0.4*w = 0.317 > 0.3
  assert.deepEqual(recommend(BUNDLE, ['a'], { k: 2, category: 'y' }).map(x => x.id), ['f', 'e']);
});

test('malformed bundles and experiments never throw (seeded random shapes)', () => {
  let seed = 7;
  const rand = n => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const junk = depth => {
    const shapes = [() => null, () => 1, () => -0.5, () => 'a', () => '', () => true,
      () => [junk(depth + 1), junk(depth + 1)], () => ({ a: junk(depth + 1) }), () => [['a', junk(depth + 1)], [junk(depth + 1), 0.5]]];
    return shapes[rand(depth > 2 ? 6 : shapes.length)]();
  };
  for (let i = 0; i < 2000; i++) {
    const bundle = { ...BUNDLE, neighbors: rand(2) ? { a: junk(0), b: [junk(0), ['c', junk(0)]] } : junk(0), popular: junk(0) };
    if (bundleProblem(bundle) === null || rand(2)) recommend(bundle, ['a', 'b', String(junk(0))], { k: 1 + rand(5) });
    const exp = { key: junk(0), variations: junk(0), weights: junk(0), coverage: junk(0), hashVersion: junk(0), seed: junk(0),
      namespace: rand(3) ? undefined : junk(0), ranges: rand(3) ? undefined : junk(0), force: rand(4) ? undefined : junk(0) };
    const r = assignVariation(exp, { id: String(junk(0)) });
    assert.equal(typeof r.inExperiment, 'boolean');
  }
});

test('safeLink: http(s) only', () => {
  const base = 'https://shop.example/plume/widget.json';
  assert.equal(safeLink('/p/1', base), 'https://shop.example/p/1');
  assert.equal(safeLink('http://x.example/a?b=<c>', base), 'http://x.example/a?b=%3Cc%3E');
  for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', '', null, 7]) {
    assert.equal(safeLink(bad, base), null, String(bad));
  }
});

test('tidy: a model text becomes one paragraph of whole sentences', () => {
  assert.equal(tidy('  First line.\nSame paragraph.\n\n- a list\n', 'eos'), 'First line.\nSame paragraph.');
  assert.equal(tidy('One. Two! Three is cu', 'length'), 'One. Two!');
  assert.equal(tidy('好用。轻便！还有', 'length'), '好用。轻便！');
  assert.equal(tidy('no stop at all', 'length'), 'no stop at all');
});

test('bundleProblem names what is wrong', () => {
  assert.equal(bundleProblem(BUNDLE), null);
  assert.match(bundleProblem({ format: 'x' }), /format/);
  assert.match(bundleProblem({ format: 'plume-widget', version: 2, products: [] }), /version 2/);
  assert.match(bundleProblem({ format: 'plume-widget', version: 1, products: [{ id: 1 }] }), /products\[0\]/);
});

test('buildWidgetBundle: neighbours from the recommender, blurbs as plain text', { skip: !haveEngine && 'engine not built' }, async () => {
  const { buildWidgetBundle } = await import('../../web/widget-bundle.js');
  // Two clusters of co-viewed items: {p1, p2, p3} and {q1, q2}.
  const rows = [];
  for (let u = 0; u < 12; u++) {
    for (const item of u < 8 ? ['p1', 'p2', 'p3'] : ['q1', 'q2']) rows.push({ user: `u${u}`, item, value: 1 });
  }
  rows.push({ user: 'u0', item: 'q1', value: 1 });
  const products = ['p1', 'p2', 'p3', 'q1', 'q2'].map(id => ({ id, title: `${id} <img src=x onerror=alert(1)> & 'q'`,
    description: `${id}: </script> & 'q' &lt;`, price: '12.50 CNY',
    brand: 'B"rand', availability: id === 'q2' ? 'out_of_stock' : 'in_stock' }));
  const { bundle, files, blob } = await buildWidgetBundle({ products, interactions: rows, langs: ['en', 'zh'] });
  assert.equal(bundle.format, 'plume-widget');
  assert.equal(JSON.parse(files['widget.json']).products.length, 5);
  assert.equal(bundle.prompts, 'widget-prompts.json');
  const prompts = JSON.parse(files['widget-prompts.json']);
  assert.ok(prompts.control.en.p1.startsWith('### Task\n') && prompts.control.en.p1.endsWith('### Output\n'));
  assert.ok(prompts.benefit.zh.p1.includes('产品：p1 <img src=x onerror=alert(1)> & \'q\'\n'));
  assert.equal(await blob.text(), files['widget.json']);
  assert.deepEqual(bundle.neighbors.p1.map(n => n[0]).slice(0, 2).sort(), ['p2', 'p3']);
  assert.equal(bundle.neighbors.q2[0][0], 'q1');
  assert.equal(bundle.products[4].available, false);
  assert.equal(bundle.products[0].price, 12.5);
  assert.equal(bundle.products[0].currency, 'CNY');
  assert.equal(bundle.popular[0], 'p1');   // p1, p2, p3: 8 users each (ties by id); q1: 5
  assert.ok(!bundle.popular.includes('q2'), 'unavailable items are not in the popular list');
  // The Mustache escapes are undone: the widget inserts text, never HTML.
  assert.equal(bundle.blurbs.benefit.en.p1, `Picked for you by B"rand. p1: </script> & 'q' &lt;`);
  assert.equal(bundle.blurbs.benefit.zh.p1, `B"rand为你精选。p1: </script> & 'q' &lt;`);
  assert.equal(bundle.blurbs.control.en.q1, `q1: </script> & 'q' &lt;`);
  await assert.rejects(buildWidgetBundle({ products: [products[0], products[0]], interactions: rows }), /listed twice/);
  await assert.rejects(buildWidgetBundle({ products, interactions: rows, experiment: null,
    variants: { control: { template: { en: '{{#x}}' } } } }),
    /variant 'control' template \(en\).*line 1/);
});

test('buildWidgetBundle checks every blurb against the brand rules and the length', { skip: !haveEngine && 'engine not built' }, async () => {
  const { buildWidgetBundle } = await import('../../web/widget-bundle.js');
  const products = [
    { id: 'a', title: 'Band A', description: 'The cheapest band in town.' },
    { id: 'b', title: 'Band B', description: '最便宜的手环' },
    { id: 'c', title: 'Band C', description: 'x'.repeat(30) + '手'.repeat(5) },   // 35 characters
    { id: 'd', title: 'Band D', description: 'Fine.' },
  ];
  const rows = products.flatMap(p => ['u1', 'u2'].map(user => ({ user, item: p.id, value: 1 })));
  const { warnings } = await buildWidgetBundle({ products, interactions: rows, experiment: null, langs: ['en'],
    variants: { plain: { template: { en: '{{description}}' } } }, brand: { banned: ['cheapest', '最便宜'] }, maxLength: 34 });
  assert.deepEqual(warnings.map(w => [w.variant, w.lang, w.product, w.reasons.map(r => r.code)]), [
    ['plain', 'en', 'a', ['brand.banned_word']],
    ['plain', 'en', 'b', ['brand.banned_word']],
    ['plain', 'en', 'c', ['length.over_limit']],
  ]);
  assert.deepEqual(warnings[2].reasons[0].params, { length: 35, limit: 34 });
  assert.match(warnings[1].reasons[0].zh, /最便宜/);
});

