// The offline copy (scripts/dist) served by a plain static file server that knows nothing about
// Plume — Python's http.server — as a salesperson would on a laptop: the studio loads the embedded
// model and writes with it, the sample ecosystem loads, and no request leaves the local origin.
//   node --test tests/browser/dist.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'build/dist-test');
const CHROMIUM = process.env.PLUME_CHROMIUM ?? '/usr/bin/chromium';
const WAIT = { timeout: 90_000 };

let server;
let browser;
let page;
let baseUrl;
const foreignRequests = [];
const failedRequests = [];

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`python3 -m http.server did not answer at ${url}`);
}

before(async () => {
  execFileSync(join(ROOT, 'scripts/dist'), ['--out', DIST], { cwd: ROOT, stdio: 'pipe' });
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST],
    { stdio: 'ignore' });
  baseUrl = `http://127.0.0.1:${port}`;
  await waitForServer(`${baseUrl}/index.html`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: 'en-US' });
  context.on('request', req => {
    const url = new URL(req.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.host !== new URL(baseUrl).host) foreignRequests.push(req.url());
  });
  context.on('response', res => { if (res.status() >= 400) failedRequests.push(`${res.status()} ${res.url()}`); });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill();
});

test('scripts/dist lays out the studio, the engine, the model, the sample and the templates', () => {
  for (const f of ['index.html', 'web/index.html', 'web/dist/plume-engine.wasm', 'web/vendor/uplot/uPlot.min.mjs',
    'models/plume-default.gguf', 'data/ecosystem/catalog.csv', 'templates/index.json']) {
    assert.ok(existsSync(join(DIST, f)), `dist has ${f}`);
  }
  assert.ok(readdirSync(join(DIST, 'web/views')).length > 5, 'the views');
});

test('served by python3 -m http.server: the model writes, the sample loads, nothing leaves the origin', { timeout: 120_000 }, async () => {
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });   // the redirect to web/
  await page.waitForURL(/\/web\//);
  // The studio mounts its views after its modules load: wait for the Model view's button.
  await page.waitForFunction(() => { const b = document.getElementById('generate'); return b && !b.disabled; }, null, WAIT);
  await page.fill('#opt-maxNewTokens', '8');
  await page.click('#generate');
  await page.waitForFunction(() => [...document.querySelectorAll('#outputs .card-text')].some(e => e.textContent.length > 0), null, WAIT);
  await page.waitForFunction(() => !document.getElementById('generate').disabled, null, WAIT);
  await page.click('#tab-data');
  await page.click('#ws-sample');
  await page.waitForFunction(() => document.querySelector('#ws-counts dd[data-key="data.products"]')?.textContent === '204', null, WAIT);
  assert.deepEqual(foreignRequests, [], 'no request leaves the local origin');
  assert.deepEqual(failedRequests, [], 'every file the studio asks for is in dist/');
});
