// Campaign throughput: messages per minute for the sample SMS and email campaigns with the
// default model (models/plume-default.gguf), natively (`plume campaign run`, one thread) and
// in WASM (web/campaign.js in Node, one thread), plus template-only runs. Writes
// build/bench-campaign.json. Figures are measured, never asserted; run on a quiet machine.
//   node tests/bench/bench_campaign.mjs [--limit 30]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CampaignWorkspace } from '../../web/campaign.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = join(ROOT, 'data/ecosystem');
const MODEL = join(ROOT, 'models/plume-default.gguf');
const limitArg = process.argv.indexOf('--limit');
const LIMIT = limitArg > 0 ? Number(process.argv[limitArg + 1]) : 30;

const files = Object.fromEntries(['manifest.json', 'catalog.csv', 'customers.csv', 'events.csv', 'campaigns.json']
  .map(f => [f, readFileSync(join(DATA, f), 'utf8')]));
const tdir = join(ROOT, 'templates');
const templates = Object.fromEntries(readdirSync(tdir).filter(f => statSync(join(tdir, f)).isFile())
  .map(f => [f, readFileSync(join(tdir, f), 'utf8')]));

function native(campaign, extra) {
  const dir = mkdtempSync(join(tmpdir(), 'plume-bench-campaign-'));
  const out = execFileSync(join(ROOT, 'build/native/plume'), ['campaign', 'run', '--workspace', DATA, '--campaign', campaign,
    '--out', join(dir, 'm.jsonl'), '--state', join(dir, 's.json'), '--json', ...extra], { cwd: ROOT, maxBuffer: 64 << 20 });
  const r = JSON.parse(out);
  return { messages: r.messages, fallbacks: r.fallbacks, seconds: r.seconds, perMinute: r.done / r.seconds * 60 };
}

async function wasm(campaign, options, withModel) {
  const ws = await CampaignWorkspace.open(files, { templates });
  if (withModel) ws.loadModel(readFileSync(MODEL));
  const t0 = performance.now();
  const r = await ws.run(campaign, options);
  const seconds = (performance.now() - t0) / 1000;
  ws.free();
  return { messages: r.summary.messages, fallbacks: r.summary.fallbacks, seconds, perMinute: r.summary.done / seconds * 60 };
}

const results = { limit: LIMIT, model: 'models/plume-default.gguf', runs: [] };
for (const campaign of ['flash-sms', 'spring-email']) {
  const n = native(campaign, ['--model', MODEL, '--limit', String(LIMIT)]);
  const w = await wasm(campaign, { limit: LIMIT }, true);
  const nt = native(campaign, ['--no-model']);
  const wt = await wasm(campaign, { useModel: false }, false);
  results.runs.push({ campaign, native: n, wasm: w, nativeTemplateOnly: nt, wasmTemplateOnly: wt });
  console.log(`${campaign}: model native ${n.perMinute.toFixed(0)}/min, wasm ${w.perMinute.toFixed(0)}/min ` +
    `(${n.fallbacks}/${n.messages} template-only fallbacks); template-only native ${nt.perMinute.toFixed(0)}/min, ` +
    `wasm ${wt.perMinute.toFixed(0)}/min`);
}
mkdirSync(join(ROOT, 'build'), { recursive: true });
writeFileSync(join(ROOT, 'build/bench-campaign.json'), JSON.stringify(results, null, 2) + '\n');
console.log('wrote build/bench-campaign.json');
