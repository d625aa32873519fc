// The embeddable widget in a real browser (Debian's chromium via playwright-core), on host pages
// served with a strict CSP (`script-src 'self'; object-src 'none'; base-uri 'none'`) and without
// any CSP (so that CSP cannot hide an XSS): a malicious catalog renders as inert text; the variant
// is sticky across reloads and is the one GrowthBook's hash gives (checked with the engine's
// assignment, web/experiment.js); views, clicks and exposures are stored locally and handed to the
// host's callback; no request leaves 127.0.0.1; no CSP violation. Prints the time to
// recommendations and the gzip sizes. Screenshots: build/test-artifacts/widget-*.png.
//   node --test tests/browser/widget.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { assign } from '../../web/experiment.js';
import { buildWidgetBundle, WIDGET_FILES } from '../../web/widget-bundle.js';
import { serve } from '../../scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'build/test-artifacts');
const CHROMIUM = process.env.PLUME_CHROMIUM ?? '/usr/bin/chromium';
const SAMPLE = 'web/dist/widget/widget.json';
const STRICT_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

let server;      // scripts/serve.mjs's http.Server, in this process
let origin;       // http://127.0.0.1:PORT
let browser;
let context;
const foreignRequests = [];
const consoleErrors = [];
const dialogs = [];
let evilBundle;   // JSON text, served at /virtual/evil/widget.json

/**
 * scripts/serve.mjs in this process, plus the virtual host pages (real responses with the CSP
 * header under test) and the evil bundle under /virtual/; everything else is the static server.
 */
async function startServer() {
  const started = await serve({ port: 0 });
  server = started.server;
  const [staticFiles] = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith('/virtual/')) return staticFiles(req, res);
    if (url.pathname === '/virtual/evil/widget.json') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
      return res.end(evilBundle);
    }
    const csp = url.searchParams.get('csp');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache',
      ...(csp ? { 'Content-Security-Policy': csp } : {}) });
    res.end(hostPage(JSON.parse(url.searchParams.get('page')), url.searchParams.get('lang') ?? 'en'));
  });
  return `http://127.0.0.1:${started.port}`;
}

/** A host page: the snippet a site pastes, plus its own analytics hook (an external script). */
function hostPage(widgetAttributes, lang = 'en') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>host</title>
<script type="module" src="/tests/browser/widget-host.js"></script>
<script type="module" src="/web/widget.js"></script></head>
<body><h1>A shop</h1>${widgetAttributes.map(a => `<plume-recommendations ${a}></plume-recommendations>`).join('\n')}</body></html>`;
}

const PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=\'img\';alert(1)">',
  script: '</script><script>window.__pwned="script"</script>',
  svg: '<svg/onload=window.__pwned="svg">',
  rtl: 'Safe\u202Egnp.exe\u200B\u2066Title\u2069\u200D',
  moustache: '{{title}} {{{description}}} &lt;b&gt;',
};

async function makeEvilBundle() {
  const products = [
    { id: 'evil-1', title: PAYLOADS.img, description: PAYLOADS.script, link: 'javascript:window.__pwned="link"', price: 1 },
    { id: 'evil-2', title: PAYLOADS.script, description: PAYLOADS.svg, link: ' JaVaScRiPt:alert(1)' },
    { id: 'evil-3', title: PAYLOADS.rtl, description: PAYLOADS.img, link: 'data:text/html,<script>alert(1)</script>' },
    { id: 'evil-4', title: PAYLOADS.moustache, description: PAYLOADS.rtl, link: '/web/widget-demo.html#evil-4' },
  ];
  const interactions = [];
  for (let u = 0; u < 6; u++) for (const p of products) interactions.push({ user: `u${u}`, item: p.id, value: 1 + ((u + p.id.length) % 3) });
  const { files } = await buildWidgetBundle({ products, interactions, langs: ['en', 'zh'] });
  return files['widget.json'];
}

before(async () => {
  for (const f of ['web/dist/plume-engine.wasm', SAMPLE]) {
    if (!existsSync(join(ROOT, f))) throw new Error(`missing ${f}: run scripts/build before the browser tests`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  evilBundle = await makeEvilBundle();
  origin = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const allowed = new URL(origin).host;
  context.on('request', req => {
    const url = new URL(req.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.host !== allowed) foreignRequests.push(req.url());
  });
  // Runs before any page script and is not subject to the page's CSP: records violations.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.close();
  server?.closeAllConnections?.();
});

async function open(attrs, { csp = STRICT_CSP, lang = 'en' } = {}) {
  const page = await context.newPage();
  page.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const q = new URLSearchParams({ page: JSON.stringify(attrs), lang });
  if (csp) q.set('csp', csp);
  await page.goto(`${origin}/virtual/host.html?${q}`, { waitUntil: 'load' });
  await settled(page);
  // Each test starts as a new visitor: no id, history or events from an earlier test.
  await page.evaluate(() => localStorage.clear());
  const response = await page.reload({ waitUntil: 'load' });
  if (csp) assert.equal(response.headers()['content-security-policy'], csp);
  await settled(page);
  return page;
}

function settled(page) {
  return page.waitForFunction(() => [...document.querySelectorAll('plume-recommendations')]
    .every(e => ['ready', 'error'].includes(e.getAttribute('data-state'))), null, { timeout: 20_000 });
}

const cards = (page, n = 0) => page.evaluate(i => {
  const el = document.querySelectorAll('plume-recommendations')[i];
  return [...el.shadowRoot.querySelectorAll('li')].map(li => ({
    id: li.dataset.item, title: li.querySelector('.title').textContent, blurb: li.querySelector('.blurb')?.textContent ?? null,
    href: li.querySelector('a')?.getAttribute('href') ?? null,
  }));
}, n);

test('a malicious catalog renders as inert text, with and without a CSP', { timeout: 60_000 }, async () => {
  for (const csp of [STRICT_CSP, null]) {
    const page = await open(['bundle="/virtual/evil/widget.json" count="4" placement="evil"'], { csp });
    const shown = await cards(page);
    assert.equal(shown.length, 4);
    const bundle = JSON.parse(evilBundle);
    for (const c of shown) {
      const p = bundle.products.find(x => x.id === c.id);
      assert.equal(c.title, p.title, 'the title shows literally');
      assert.equal(c.blurb, bundle.blurbs[await page.getAttribute('plume-recommendations', 'data-variation')].en[c.id]);
      if (c.href !== null) assert.match(c.href, /^http:\/\/127\.0\.0\.1:\d+\/web\/widget-demo\.html#evil-4$/);
    }
    assert.ok(shown.some(c => c.title.includes('<img src=x onerror=')), 'the <img> payload is visible as text');
    assert.equal(shown.filter(c => c.href !== null).length, 1, 'javascript: and data: links are dropped');
    const found = await page.evaluate(() => {
      const root = document.querySelector('plume-recommendations').shadowRoot;
      return { elements: root.querySelectorAll('img, script, svg, iframe, object').length, pwned: window.__pwned ?? null,
        handlers: [...root.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')) };
    });
    assert.deepEqual(found, { elements: 0, pwned: null, handlers: [] });
    await page.evaluate(() => document.querySelector('plume-recommendations').shadowRoot.querySelector('.title').click());
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'clicking a card runs nothing');
    await page.screenshot({ path: join(ARTIFACTS, csp ? 'widget-evil-csp.png' : 'widget-evil-nocsp.png'), fullPage: true });
    if (csp) assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
    await page.close();
  }
  assert.deepEqual(dialogs, [], 'no dialog opened');
});

test('the sample bundle under a strict CSP: shown fast, bilingual, events local and handed to the host', { timeout: 60_000 }, async () => {
  const page = await open(['id="a" bundle="/web/dist/widget/widget.json" placement="home" count="4"',
    'id="b" bundle="/web/dist/widget/widget.json" placement="side" count="3" lang="zh"']);
  // Three loads as a new visitor; the median is the figure (this machine is shared and busy).
  const runs = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) {
      await page.evaluate(() => localStorage.clear());
      await page.reload({ waitUntil: 'load' });
      await settled(page);
    }
    runs.push(await page.evaluate(() => {
      const el = document.getElementById('a');
      const entry = performance.getEntriesByType('resource').find(e => e.name.endsWith('/web/widget.js'));
      return { fromFetch: el.timings.shown - entry.startTime, fromEval: el.timings.shown - el.timings.scriptStart,
        fromNavigation: el.timings.shown };
    }));
  }
  const median = key => runs.map(r => r[key]).sort((x, y) => x - y)[1];
  console.log(`# widget: recommendations shown ${median('fromFetch').toFixed(1)} ms after widget.js was requested, ` +
    `${median('fromEval').toFixed(1)} ms after it started running, ${median('fromNavigation').toFixed(1)} ms after navigation ` +
    `(median of 3; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  // The 200 ms budget is a figure to read, not to assert (a loaded CI machine would make it
  // flaky): the line above prints it. Only a hang fails here.
  assert.ok(median('fromEval') < 5000, `shown within 5 s of the script loading (${median('fromEval').toFixed(1)} ms)`);
  const en = await cards(page, 0);
  const zh = await cards(page, 1);
  assert.equal(en.length, 4);
  assert.equal(zh.length, 3);
  const headings = await page.evaluate(() => ['a', 'b'].map(id => document.getElementById(id).shadowRoot.querySelector('h2').textContent));
  const variation = await page.getAttribute('#a', 'data-variation');
  assert.deepEqual(headings, variation === 'benefit' ? ['Picked for you', '为你精选'] : ['Popular right now', '大家都在看']);
  const sample = JSON.parse(readFileSync(join(ROOT, SAMPLE), 'utf8'));
  assert.deepEqual(en.map(c => c.id), sample.popular.slice(0, 4), 'a new visitor sees the popular products');
  assert.equal(zh[0].blurb, sample.blurbs[variation].zh[zh[0].id]);

  // Views and the exposure are stored locally and handed to the host, the same events.
  const user = await page.evaluate(() => localStorage.getItem('plume-widget:visitor'));
  let state = await page.evaluate(() => ({ stored: JSON.parse(localStorage.getItem('plume-widget:events')), host: window.__hostEvents }));
  assert.deepEqual(state.host, state.stored);
  assert.equal(state.stored.filter(e => e.type === 'view').length, 7);
  const exposures = state.stored.filter(e => e.type === 'exposure');
  assert.deepEqual(exposures.map(e => [e.user, e.experiment, e.variation, e.placement]),
    [[JSON.parse(user), 'widget-blurb', variation, 'home'], [JSON.parse(user), 'widget-blurb', variation, 'side']]);

  // A click: recorded, joins the history, and the next render is personal ("because you viewed").
  await page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('.title').click());
  state = await page.evaluate(() => ({ stored: JSON.parse(localStorage.getItem('plume-widget:events')), host: window.__hostEvents,
    history: JSON.parse(localStorage.getItem('plume-widget:history')) }));
  assert.deepEqual(state.stored.at(-1), state.host.at(-1));
  assert.deepEqual([state.stored.at(-1).type, state.stored.at(-1).item, state.stored.at(-1).variation], ['click', en[0].id, variation]);
  assert.deepEqual(state.history, [en[0].id]);
  await page.evaluate(() => document.getElementById('a').update());
  await page.waitForFunction(() => document.getElementById('a').shadowRoot.querySelector('.because'));
  const personal = await cards(page, 0);
  const expected = sample.neighbors[en[0].id].map(n => n[0]).filter(id => sample.products.find(p => p.id === id).available !== false);
  assert.deepEqual(personal.map(c => c.id), expected.slice(0, 4), 'the clicked product\'s neighbours, best first');
  await page.screenshot({ path: join(ARTIFACTS, 'widget-sample.png'), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  await page.close();
});

test('the variant is sticky across reloads and is GrowthBook\'s (the engine agrees)', { timeout: 90_000 }, async () => {
  const sample = JSON.parse(readFileSync(join(ROOT, SAMPLE), 'utf8'));
  const seen = new Set();
  for (let i = 0; i < 8; i++) {
    const page = await open(['bundle="/web/dist/widget/widget.json" placement="home"']);
    await page.evaluate(id => {
      localStorage.clear();
      localStorage.setItem('plume-widget:visitor', JSON.stringify(id));
    }, `visitor-${i}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('plume-recommendations').getAttribute('data-state') === 'ready');
    const first = await page.getAttribute('plume-recommendations', 'data-variation');
    const engine = await assign(sample.experiment, { id: `visitor-${i}` });
    assert.equal(engine.inExperiment, true);
    assert.equal(first, engine.value, `visitor-${i}: the widget and the engine agree`);
    seen.add(first);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('plume-recommendations').getAttribute('data-state') === 'ready');
    assert.equal(await page.getAttribute('plume-recommendations', 'data-variation'), first, 'sticky across a reload');
    await page.close();
  }
  assert.equal(seen.size, 2, 'both variations occur over 8 visitors');
});

test('a missing bundle: nothing visible, a clear error for the host', { timeout: 30_000 }, async () => {
  const page = await open(['bundle="/web/dist/widget/nope.json"']);
  const state = await page.evaluate(() => {
    const el = document.querySelector('plume-recommendations');
    return { state: el.getAttribute('data-state'), error: el.error, children: el.shadowRoot.childNodes.length };
  });
  assert.deepEqual(state, { state: 'error', error: `the bundle ${origin}/web/dist/widget/nope.json could not be loaded (HTTP 404)`, children: 0 });
  // Why template mode has no WASM: under this CSP the page may not compile WebAssembly at all.
  const wasm = await page.evaluate(() => WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    .then(() => 'compiled', e => e.message));
  assert.match(wasm, /Content Security Policy|unsafe-eval/);
  consoleErrors.splice(0);   // the 404 and the refused compilation are logged by the browser
  await page.close();
});

test('the demo page (web/widget-demo.html) works under its own strict CSP', { timeout: 30_000 }, async () => {
  const page = await context.newPage();
  page.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  await page.goto(`${origin}/web/widget-demo.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => [...document.querySelectorAll('plume-recommendations')].every(e => e.getAttribute('data-state') === 'ready'));
  await page.waitForFunction(() => document.querySelectorAll('#log li').length > 0 && document.querySelectorAll('#product option').length > 0);
  const because = () => page.evaluate(() => ['en', 'zh'].map(id =>
    document.getElementById(id).shadowRoot.querySelector('.because')?.textContent ?? null));
  // context-item="P0000" put the product on the page into the history: both widgets use it.
  assert.deepEqual(await because(), ['Because you viewed Aurora Fit Band 7', '因为你看过 Aurora Fit Band 7']);
  await page.screenshot({ path: join(ARTIFACTS, 'widget-demo.png'), fullPage: true });
  const sample = JSON.parse(readFileSync(join(ROOT, SAMPLE), 'utf8'));
  const other = sample.products[5];   // another product of the shop's list: it joins the history
  await page.selectOption('#product', other.id);
  await page.waitForFunction(t => [...document.getElementById('en').shadowRoot.querySelectorAll('.because')]
    .some(e => e.textContent === `Because you viewed ${t}`), other.title, { timeout: 10_000 });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  await page.close();
});

const MODEL_ATTRS = 'bundle="/web/dist/widget/widget.json" placement="model" count="2" experiment="off"';

test('model mode fails softly: a missing model leaves the template blurbs', { timeout: 60_000 }, async () => {
  const page = await open([`${MODEL_ATTRS} model="/models/missing.gguf"`]);
  await page.waitForFunction(() => document.querySelector('plume-recommendations').getAttribute('data-model'), null, { timeout: 50_000 });
  const state = await page.evaluate(() => {
    const el = document.querySelector('plume-recommendations');
    return { model: el.getAttribute('data-model'), error: el.error, state: el.getAttribute('data-state') };
  });
  assert.equal(state.model, 'error');
  assert.equal(state.state, 'ready');
  assert.match(state.error, /^model mode: .*missing\.gguf/);
  const sample = JSON.parse(readFileSync(join(ROOT, SAMPLE), 'utf8'));
  for (const c of await cards(page)) assert.equal(c.blurb, sample.blurbs.control.en[c.id]);
  consoleErrors.splice(0);   // the browser logs the 404
  await page.close();
});

// The engine runs in a Web Worker, whose CSP is that of the worker script's own response: a CSP
// on the page alone (this header, or a <meta>) does not stop its WebAssembly (docs/widget.md).
test('model mode under the strict page CSP: the model writes the blurbs', { timeout: 240_000 }, async () => {
  const page = await open([`${MODEL_ATTRS} model="/models/plume-default.gguf"`]);
  await page.waitForFunction(() => document.querySelector('plume-recommendations').getAttribute('data-model'), null, { timeout: 220_000 });
  const el = await page.evaluate(() => ({ model: document.querySelector('plume-recommendations').getAttribute('data-model'),
    error: document.querySelector('plume-recommendations').error }));
  assert.deepEqual(el, { model: 'done', error: null });
  const sample = JSON.parse(readFileSync(join(ROOT, SAMPLE), 'utf8'));
  const shown = await cards(page);
  for (const c of shown) {
    assert.ok(c.blurb.length > 0);
    assert.notEqual(c.blurb, sample.blurbs.control.en[c.id], 'the model replaced the template blurb');
    assert.ok(!c.blurb.includes('###') && !c.blurb.includes('\n\n'), 'one paragraph, cut at the next section marker');
  }
  console.log(`# widget model mode: ${JSON.stringify(shown.map(c => c.blurb))}`);
  await page.screenshot({ path: join(ARTIFACTS, 'widget-model.png'), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  await page.close();
});

test('sizes, no foreign requests, no console errors', () => {
  const widget = WIDGET_FILES.map(f => readFileSync(join(ROOT, 'web', f)));
  const raw = widget.reduce((a, b) => a + b.length, 0);
  const gz = widget.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0);
  const bundle = readFileSync(join(ROOT, SAMPLE));
  console.log(`# widget: ${WIDGET_FILES.join(' + ')} = ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip; ` +
    `no WASM in template mode; sample bundle ${(bundle.length / 1024).toFixed(1)} KiB, ${(gzipSync(bundle, { level: 9 }).length / 1024).toFixed(1)} KiB gzip`);
  assert.ok(gz < 400 * 1024);
  assert.deepEqual(foreignRequests, []);
  assert.deepEqual(consoleErrors, []);
});
