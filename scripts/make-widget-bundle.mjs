#!/usr/bin/env node
// Publishes the sample ecosystem's widget bundle (docs/widget.md): imports data/ecosystem/'s
// manifest, catalog and events into the WASM engine (in Node), serves every product's
// neighbours and the popularity order, renders the blurbs, and writes web/dist/widget/widget.json
// (+ widget-prompts.json for model mode) — the same code the studio's Embed view runs (web/widget-bundle.js). Run by scripts/build.
//   node scripts/make-widget-bundle.mjs [--out web/dist/widget/widget.json]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ecosystem } from '../web/ecosystem.js';
import { bundleFromEcosystem } from '../web/widget-bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(ROOT, 'web/dist/widget/widget.json');
const data = name => readFile(join(ROOT, 'data/ecosystem', name), 'utf8');

try {
  const manifestText = await data('manifest.json');
  const manifest = JSON.parse(manifestText);
  const eco = await Ecosystem.create(manifestText);
  await eco.import('catalog', await data('catalog.csv'));
  await eco.import('events', await data('events.csv'));
  const t0 = performance.now();
  // The blurbs are checked against the brand's voice and the web-widget channel's length.
  const voice = manifest.brand?.voice ?? {};
  const maxLength = manifest.channels?.find(c => c.id === 'web-widget')?.limits?.text;
  const { bundle, files, warnings } = await bundleFromEcosystem(eco, { langs: ['en', 'zh'], maxLength,
    brand: { banned: voice.banned_words ?? [], required: voice.required_words ?? [] } });
  await mkdir(dirname(out), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dirname(out), name), text);
  console.log(`widget bundle: ${bundle.products.length} products, ${Object.keys(bundle.neighbors).length} with neighbours, ` +
    `${bundle.popular.length} popular, variants ${Object.keys(bundle.variants).join('/')}, ` +
    `${(Buffer.byteLength(files['widget.json']) / 1024).toFixed(0)} KiB -> ${out} (${(performance.now() - t0).toFixed(0)} ms), ` +
    `${warnings.length} blurb warnings`);
  for (const w of warnings.slice(0, 5)) console.log(`  ${w.variant} ${w.lang} ${w.product}: ${w.reasons.map(r => r.en).join(' ')}`);
} catch (e) {
  console.error(`make-widget-bundle: ${e.message}`);
  process.exit(1);
}
