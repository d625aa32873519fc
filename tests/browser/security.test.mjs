// XSS through every text that reaches the studio (issue 9, item 5): a hostile workspace — a
// manifest whose partner, segment and brand names, a catalog whose titles, descriptions,
// categories, brands and links, customers whose names and cities, and an FAQ whose questions and
// answers hold markup, script-closing tags, `javascript:` links, Mustache-looking text, RTL
// overrides and zero-width characters — goes in through the Data view's and the Customer service
// view's file inputs, the way a user brings it. Every view is then opened and made to draw that
// data (a product generated for, a customer searched, the FAQ asked, a template-only campaign run,
// a partner picked, an experiment variation named, a widget bundle published and previewed). Checked throughout: window.__xss stays unset,
// no dialog opens, no element (open shadow roots included) carries an on* attribute or a
// javascript: URL, no iframe/script/object was injected, the payload text is shown literally, the
// page reports no CSP violation or console error, and nothing leaves the local origin.
//   node --test tests/browser/security.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, openStudio, studioHelpers } from './studio-harness.mjs';
import { parseCsv } from '../../web/csv.js';

const WAIT = { timeout: 120_000 };

// The payloads. Each sets window.__xss if it ever runs.
const P = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '</script><script>window.__xss=1</script>',
  svg: '<svg onload="window.__xss=1"><circle r=1></circle></svg>',
  js: 'javascript:window.__xss=1',
  iframe: '"><iframe srcdoc="<script>parent.__xss=1</script>">',
  mustache: '{{#items}}{{{title}}}{{/items}} {{> partial}} {{=<% %>=}}',
  rtl: 'Safe\u202Egnp.exe\u202C\u200B\u200Dname',
};

let studio;
let baseUrl;
let page;
let consoleErrors = [];
let foreignRequests = [];
let text;
let noError;
const dialogs = [];

// --- the hostile workspace -------------------------------------------------------------------
const csvCell = v => (/[",\n\r]/.test(v) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const toCsv = (header, rows) => `${[header, ...rows.map(r => header.map(h => r[h] ?? ''))].map(r => r.map(csvCell).join(',')).join('\n')}\n`;
// The sample's CSV as a header and one object per row (web/csv.js reads it).
function readTable(path) {
  const { header, rows } = parseCsv(readFileSync(join(ROOT, path), 'utf8'));
  return { header, rows: rows.map(cells => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))) };
}

function hostileManifest() {
  const m = JSON.parse(readFileSync(join(ROOT, 'data/ecosystem/manifest.json'), 'utf8'));
  const names = [P.img, P.svg, P.iframe, P.script, P.mustache, P.rtl, P.js];
  m.partners.forEach((p, i) => { p.name = { en: `${names[i % names.length]} ${p.id}`, zh: `${names[(i + 1) % names.length]} ${p.id}` }; });
  m.segments.forEach((s, i) => { s.name = { en: `${names[i % names.length]} segment`, zh: `${P.img} 分群` }; });
  m.brand.name = { en: `${P.img} Aurora`, zh: `${P.svg} 极光` };
  return JSON.stringify(m, null, 2);
}

function hostileCatalog() {
  const { header, rows } = readTable('data/ecosystem/catalog.csv');
  const spots = [
    { title: `${P.img} Fit Band`, description: `${P.script} ${P.mustache}`, category: P.svg, brand: P.iframe, link: P.js },
    { title: `${P.svg} Lamp`, description: P.img, category: P.rtl, brand: P.mustache, link: 'JaVaScRiPt:window.__xss=1', image_link: P.js },
    { title: `${P.iframe} Speaker`, description: P.rtl, category: P.script, brand: P.img, link: ' javascript:window.__xss=1' },
    { title: `${P.mustache} Kettle`, description: P.iframe, category: P.img, brand: P.svg, link: 'data:text/html,<script>parent.__xss=1</script>' },
    { title: `${P.script} Mug`, description: P.svg, category: P.iframe, brand: P.rtl, link: P.js },
    { title: `${P.rtl} Pillow`, description: P.js, category: P.mustache, brand: P.script, link: 'vbscript:msgbox(1)' },
  ];
  // Spread over both product partners so every partner view shows some.
  const targets = [0, 1, 2, ...rows.map((r, i) => (r.partner === 'lumen-home' ? i : -1)).filter(i => i >= 0).slice(0, 3)];
  targets.forEach((ri, k) => Object.assign(rows[ri], spots[k]));
  return { text: toCsv(header, rows), first: rows[0] };
}

function hostileCustomers() {
  const { header, rows } = readTable('data/ecosystem/customers.csv');
  const names = [P.img, P.svg, P.iframe, P.script, P.mustache, P.rtl, P.js];
  for (let i = 0; i < 60; i++) { rows[i].name = `${names[i % names.length]} ${rows[i].id}`; rows[i].city = names[(i + 3) % names.length]; }
  return { text: toCsv(header, rows), first: rows[0] };
}

const FAQ = [
  { id: 'x-reset', lang: 'en', scope: 'brand', question: `How do I reset my gizmo password? ${P.img}`, alternates: [P.svg], answer: `Hold the button. ${P.script} ${P.iframe} ${P.mustache} ${P.rtl}` },
  { id: 'x-link', lang: 'en', scope: 'brand', question: `Where is the warranty form? ${P.svg}`, answer: `At ${P.js} and <a href="javascript:window.__xss=1">here</a>` },
  { id: 'x-zh', lang: 'zh', scope: 'brand', question: `怎么重置密码? ${P.iframe}`, answer: `按住按钮 ${P.img}` },
].map(e => JSON.stringify(e)).join('\n') + '\n';

// --- checks ----------------------------------------------------------------------------------
// Every element of the document and of every open shadow root: on* attributes, script-bearing
// URL schemes, injected active elements.
async function domFindings() {
  return page.evaluate(() => {
    const found = [];
    const bad = v => /^(javascript|vbscript|data):/i.test(String(v).replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, ''));
    const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'background'];
    const walk = root => {
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}="${a.value}"`);
          if (URL_ATTRS.includes(a.name.toLowerCase()) && (a.name === 'srcdoc' || bad(a.value))) {
            // Downloads the page itself makes are blob: URLs; data: favicons are not used.
            found.push(`${el.tagName} ${a.name}="${a.value.slice(0, 80)}"`);
          }
        }
        if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME'].includes(el.tagName)) found.push(`an injected <${el.tagName.toLowerCase()}>`);
        if (el.tagName === 'SCRIPT' && !(el.getAttribute('src') === 'app.js' && el.type === 'module')) found.push(`a <script> ${el.outerHTML.slice(0, 80)}`);
        if (el.tagName.toLowerCase() === 'svg' && el.closest('[id^="view-"]') && el.querySelector('circle[r="1"]')) found.push('an injected <svg>');
        if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('an injected <img src=x>');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

// The text of a view as drawn (text nodes, option labels and form values), shadow roots included.
const viewText = id => page.evaluate(id => {
  const parts = [];
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      if (el.childNodes) for (const n of el.childNodes) if (n.nodeType === 3) parts.push(n.data);
      if ('value' in el && typeof el.value === 'string' && !['SELECT', 'OPTION', 'BUTTON'].includes(el.tagName)) parts.push(el.value);
      for (const a of ['title', 'aria-label']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document.getElementById(`view-${id}`));
  return parts.join('\n');
}, id);

async function assertClean(where) {
  assert.equal(await page.evaluate(() => window.__xss), undefined, `${where}: a payload ran`);
  assert.equal(await page.evaluate(() => window.parent.__xss ?? window.top.__xss), undefined, `${where}: a payload ran`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(await domFindings(), [], `${where}: markup from the data became elements`);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], `${where}: CSP violations`);
}

async function assertShows(id, payloads) {
  const t = await viewText(id);
  for (const p of payloads) assert.ok(t.includes(p), `the ${id} view shows ${JSON.stringify(p)} literally`);
}

const count = key => page.locator(`#ws-counts dd[data-key="${key}"]`).innerText();

before(async () => {
  studio = await openStudio({
    initScripts: [() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    }],
  });
  ({ page, baseUrl, consoleErrors, foreignRequests } = studio);
  ({ text, noError } = studioHelpers(page));
  // A relative src="x" from an injected <img> would stay on the origin: catch it by its path.
  const allowed = new URL(baseUrl).host;
  studio.context.on('request', req => {
    const url = new URL(req.url());
    if (url.host === allowed && /\/web\/x$/.test(url.pathname)) foreignRequests.push(`injected image request ${req.url()}`);
  });
  page.on('dialog', d => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
});

after(async () => { await studio?.close(); });

const catalog = hostileCatalog();
const customers = hostileCustomers();

test('Data: the hostile manifest, catalog, customers and events go in through the file inputs', { timeout: 180_000 }, async () => {
  await page.goto(`${baseUrl}#data`, { waitUntil: 'load' });
  await page.waitForSelector('#tab-data[aria-selected="true"]');
  const files = [
    ['manifest', 'manifest.json', 'application/json', hostileManifest()],
    ['catalog', 'catalog.csv', 'text/csv', catalog.text],
    ['customers', 'customers.csv', 'text/csv', customers.text],
    ['events', 'events.csv', 'text/csv', readFileSync(join(ROOT, 'data/ecosystem/events.csv'), 'utf8')],
  ];
  for (const [kind, name, mimeType, body] of files) {
    await page.selectOption('#imp-kind', kind);
    await page.setInputFiles('#imp-file', { name, mimeType, buffer: Buffer.from(body) });
    await page.waitForFunction(n => new RegExp(`${n.replace('.', '\\.')} imported`).test(document.getElementById('imp-status').textContent) ||
      !document.getElementById('error').hidden, name, WAIT);
    await noError();
    if (kind === 'catalog') {
      // The preview table draws the hostile rows as text.
      await assertShows('data', [P.img, P.script, P.svg, P.js, P.iframe]);
      await assertClean('Data preview of the catalog');
    }
    if (kind === 'customers') await assertShows('data', [`${P.img} C0001`, P.rtl]);
  }
  assert.equal(await count('data.products'), '204');
  assert.equal(await count('data.partners'), '7');
  await assertClean('Data');
});

test('Customer service: a hostile FAQ imported and asked', { timeout: 120_000 }, async () => {
  await page.click('#tab-service');
  await page.setInputFiles('#svc-file', { name: 'faq.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(FAQ) });
  await page.waitForFunction(() => /faq\.jsonl: 2 English and 1 Chinese/.test(document.getElementById('svc-kb-status').textContent) ||
    !document.getElementById('error').hidden, null, WAIT);
  await noError();
  // The partner picker lists the hostile partner names.
  await assertShows('service', [`${P.img} weibo-kol`]);
  for (const q of ['How do I reset my gizmo password?', 'Where is the warranty form?', `${P.img} ${P.svg}`]) {
    const before = await page.locator('#svc-log .chat-msg.agent, #svc-log .chat-msg.handover').count();
    await page.fill('#svc-question', q);
    await page.press('#svc-question', 'Enter');
    await page.locator('#svc-log .chat-msg.agent, #svc-log .chat-msg.handover').nth(before).waitFor();
  }
  await page.locator('#svc-log .chat-sources summary').first().click();
  await assertShows('service', [P.script, P.iframe, P.mustache, P.rtl, `How do I reset my gizmo password? ${P.img}`,
    '<a href="javascript:window.__xss=1">here</a>']);
  await noError();
  await assertClean('Customer service');
});

test('Generate: a hostile catalog product, written for and ranked', { timeout: 240_000 }, async () => {
  await page.click('#tab-generate');
  await page.waitForFunction(() => !document.getElementById('gen-run').disabled, null, WAIT);
  await page.selectOption('#gen-type', 'product_description');
  await page.selectOption('#gen-lang', 'en');
  await page.selectOption('#gen-channel', 'product_description.en');
  await page.selectOption('#gen-product', '0');
  assert.equal(await page.inputValue('#gen-name'), catalog.first.title);
  await assertShows('generate', [`${P.img} Fit Band`]);
  await page.fill('#gen-n', '2');
  await page.fill('#gen-max', '12');
  await page.click('#gen-run');
  await page.waitForFunction(() => !document.getElementById('error').hidden ||
    document.querySelectorAll('#gen-cards .card.ranked').length > 0, null, { timeout: 200_000 });
  await noError();
  assert.equal(await page.locator('#gen-cards .card.ranked').count(), 2);
  // Review decisions and their drawn input keep the product name as text.
  await page.locator('#gen-cards .card.ranked').first().locator('button.approve').click();
  await page.waitForSelector('#gen-cards .card.ranked[data-decision="approve"]');
  await page.screenshot({ path: join(ARTIFACTS, 'security-generate.png'), fullPage: true });
  await assertClean('Generate');
});

test('Recommendations: a hostile customer searched, their products recommended', { timeout: 240_000 }, async () => {
  await page.click('#tab-recommendations');
  const view = page.locator('#view-recommendations');
  await page.waitForFunction(() => /Trained on/.test(document.querySelector('#view-recommendations [data-testid="train-status"]').textContent),
    null, { timeout: 200_000 });
  await view.locator('input[type="search"]').fill('C0001');
  await page.waitForFunction(t => document.getElementById('view-recommendations').textContent.includes(t), `${P.img} C0001`, WAIT);
  await view.getByRole('button', { name: 'Recommend' }).click();
  await view.locator('.because').first().waitFor();
  await assertShows('recommendations', [`${P.img} C0001`]);
  // The visitor mode lists the catalog's (hostile) titles to pick from.
  await assertShows('recommendations', [`${P.svg} Lamp`]);
  await page.screenshot({ path: join(ARTIFACTS, 'security-recommendations.png'), fullPage: true });
  await assertClean('Recommendations');
});

test('Experiments: hostile variation names analysed', { timeout: 60_000 }, async () => {
  await page.click('#tab-experiments');
  const exp = page.locator('#view-experiments');
  const trs = exp.locator('table.variations tbody tr');
  for (const [i, name, users] of [[0, P.img, 10000], [1, P.svg, 9000]]) {
    await trs.nth(i).locator('input').nth(0).fill(name);
    await trs.nth(i).locator('input').nth(2).fill(String(users));
    await trs.nth(i).locator('input').nth(3).fill('500');
  }
  await exp.getByRole('button', { name: 'Analyze' }).click();
  await exp.locator('[data-testid="srm-warning"]').waitFor();
  await page.waitForTimeout(500);
  await assertClean('Experiments');
});

test('Campaigns: a template-only campaign over hostile customers and products', { timeout: 180_000 }, async () => {
  await page.click('#tab-campaigns');
  await page.waitForFunction(() => !document.getElementById('camp-run').disabled, null, WAIT);
  await assertShows('campaigns', [`${P.img} segment`]);
  await page.fill('#camp-id', 'xss-test');
  await page.selectOption('#camp-segment', '');
  await page.selectOption('#camp-channel', 'email');
  await page.selectOption('#camp-template', 'email');
  if (await page.isChecked('#camp-model')) await page.uncheck('#camp-model');
  await page.fill('#camp-limit', '12');
  await page.click('#camp-run');
  await page.waitForFunction(() => /^Done/.test(document.getElementById('camp-status').textContent) ||
    !document.getElementById('error').hidden, null, WAIT);
  await noError();
  const shown = await viewText('campaigns');
  assert.ok([P.img, P.svg, P.iframe, P.script].some(p => shown.includes(p)), 'the messages show a hostile name or title as text');
  await page.screenshot({ path: join(ARTIFACTS, 'security-campaigns.png'), fullPage: true });
  await assertClean('Campaigns');
});

test('Partners: each hostile partner picked', { timeout: 120_000 }, async () => {
  await page.click('#tab-partners');
  const ids = await page.locator('#partner-pick option').evaluateAll(os => os.map(o => o.value).filter(Boolean));
  assert.ok(ids.length >= 7, ids.join());
  for (const id of ids) {
    await page.selectOption('#partner-pick', id);
    await page.waitForTimeout(300);
    await assertClean(`Partners (${id})`);
  }
  await page.selectOption('#partner-pick', 'lumen-home');
  await page.waitForFunction(() => document.getElementById('view-partners').textContent.includes('Pillow'), null, WAIT);
  await assertShows('partners', [P.rtl]);
  await page.screenshot({ path: join(ARTIFACTS, 'security-partners.png'), fullPage: true });
});

test('Embed: a widget bundle published from the hostile workspace and previewed', { timeout: 180_000 }, async () => {
  if (!(await page.locator('#tab-embed').count())) return;
  await page.click('#tab-embed');
  await page.waitForFunction(() => !document.getElementById('embed-publish').disabled, null, WAIT);
  await page.selectOption('#embed-partner', 'aurora-devices');
  await assertShows('embed', [`${P.mustache} aurora-devices`]);
  await page.click('#embed-publish');
  await page.waitForFunction(() => document.querySelector('#embed-preview plume-recommendations')?.shadowRoot?.querySelector('.title') ||
    !document.getElementById('error').hidden, null, WAIT);
  await noError();
  // The preview (the widget's shadow root) is checked by assertClean; the brand-rule warnings
  // name the hostile products' blurbs, Mustache-looking text included, as text.
  await assertShows('embed', ['{{=<% %>=}}', '<script>']);
  await page.screenshot({ path: join(ARTIFACTS, 'security-embed.png'), fullPage: true });
  await assertClean('Embed');
});

test('Model, Brand voice, Data and the Chinese interface: every view drawn again', { timeout: 120_000 }, async () => {
  for (const id of ['model', 'brand-voice', 'data']) {
    if (!(await page.locator(`#tab-${id}`).count())) continue;
    await page.click(`#tab-${id}`);
    await page.waitForTimeout(300);
    await assertClean(id);
  }
  // The language switch re-renders every view with the zh names.
  await page.click('button[data-lang="zh"]');
  for (const id of await page.locator('[role="tab"]').evaluateAll(ts => ts.map(t => t.id.replace(/^tab-/, '')))) {
    await page.click(`#tab-${id}`);
    await page.waitForTimeout(200);
  }
  await assertClean('the Chinese interface');
  await page.click('button[data-lang="en"]');
  // A reload draws the stored hostile workspace from IndexedDB.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === '204', null, WAIT);
  await page.click('#tab-data');
  await assertClean('after a reload');
});

test('no payload ran, no CSP violation or console error, nothing left the origin', async () => {
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(consoleErrors.filter(e => /Content Security Policy|Refused to/i.test(e)), [], 'CSP violations');
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});
