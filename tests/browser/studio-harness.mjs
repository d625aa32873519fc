// What the studio's browser tests share: the repository's static server (scripts/serve.mjs on a
// free port), Debian's Chromium with the flags that keep it off the network, one page on the
// studio with its console errors and every request that leaves the local origin recorded.
//   const studio = await openStudio();   // { page, newPage, baseUrl, consoleErrors, foreignRequests, close }
//   const other = await studio.newPage();   // a further page, watched the same way
//   const { text, noError } = studioHelpers(page);
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'build/test-artifacts');
export const CHROMIUM = process.env.PLUME_CHROMIUM ?? '/usr/bin/chromium';
export const WAIT = { timeout: 90_000 };

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}`)), 10_000);
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/web\//);
      if (m) { clearTimeout(timer); resolve({ url: m[0], stop: () => child.kill() }); }
    });
    child.stderr.on('data', d => { out += d; });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`serve.mjs exited (${code}): ${out}`)); });
  });
}

/**
 * Starts the server and the browser and opens one page (English unless `locale` says otherwise).
 * `initScripts` run in every document before its own scripts (test hooks); `server`, when given,
 * replaces the repository's static server: an async () => ({ url, stop }) serving test routes too;
 * `needs` names further built files the test uses. `newPage()` opens a further page in the same
 * context (a second view, a fixture page), reporting into the same two lists.
 */
export async function openStudio({ locale = 'en-US', viewport = { width: 1360, height: 1000 }, initScripts = [],
  server: start = startServer, needs = [] } = {}) {
  for (const f of ['web/dist/plume-engine.js', 'web/dist/plume-engine.wasm', 'models/plume-default.gguf', ...needs]) {
    if (!existsSync(join(ROOT, f))) throw new Error(`missing ${f}: run scripts/build before the browser tests`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM} (apt-get install chromium, or set PLUME_CHROMIUM)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const { url: baseUrl, stop } = await start();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
  const consoleErrors = [];
  const foreignRequests = [];
  const allowed = new URL(baseUrl).host;
  const watch = req => {
    const url = new URL(req.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.host !== allowed) foreignRequests.push(req.url());
  };
  context.on('request', watch);   // pages and their workers
  for (const script of initScripts) await context.addInitScript(script);
  // Every page, the first and any a test opens later, reports into the same two lists.
  const newPage = async () => {
    const p = await context.newPage();
    p.on('request', watch);
    p.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
    p.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`));
    p.setDefaultTimeout(30_000);
    return p;
  };
  const page = await newPage();
  const close = async () => {
    await browser.close().catch(() => {});
    await stop();
  };
  return { page, newPage, context, browser, baseUrl, consoleErrors, foreignRequests, close };
}

/** The lookups every studio test uses: a selector's text, and "no error banner is showing". */
export function studioHelpers(page) {
  const text = selector => page.locator(selector).innerText();
  const noError = async () => assert.equal(await page.isHidden('#error'), true, `no error expected: ${await text('#error-message')}`);
  return { text, noError };
}
