// The first page: load a model (built-in, or the user's own file), write a prompt, generate
// several candidates side by side. Everything runs in this tab through web/plume.js; model and
// user text are only ever put in the page with textContent, never as HTML.

import { Plume } from './plume.js';
import { LANGUAGES, defaultLanguage, translate } from './i18n.js';
import { initBrandVoice } from './brand-voice.js';

// The embedded model, relative to this page (the static server serves the repository root, so
// /web/ and /models/ are siblings). `?model=<relative url>` picks another same-origin file.
const DEFAULT_MODEL = '../models/plume-default.gguf';

// The seed's example (§4): a Chinese product prompt for a fitness band. The seed calls it with
// max_length=200, which counts the prompt; but this prompt is 220 GPT-2 tokens (byte-level BPE
// spends 1–3 tokens per Chinese character), so that call would generate nothing. The page keeps
// the seed's 200 as the number of *new* tokens instead; "max length" stays available.
const SEED_PROMPT = '任务: 根据以下产品信息,生成一段吸引人的产品特性描述\n' +
  '产品信息: 一款智能可穿戴健身手环,具有心率监测、睡眠跟踪、运动记录等功能,采用了人体工程学设计,' +
  '佩戴舒适。电池续航长达7天,支持快速充电。\n产品特性描述:\n';

// The numeric generation options, each read from the input #opt-<name>.
const OPTION_FIELDS = ['maxNewTokens', 'maxLength', 'numReturnSequences', 'seed', 'temperature',
  'topK', 'topP', 'minP', 'repetitionPenalty', 'noRepeatNgramSize'];

const $ = id => document.getElementById(id);

const state = {
  lang: 'en',
  engine: null,        // PlumeEngine, or null before the first load / after a crash
  info: null,          // the loaded model's info
  loading: false,
  loadStatus: { key: 'model.none', params: {} },
  generating: null,    // AbortController of the running generation
  cards: [],           // output cards of the current generation
  stats: null,         // {key, params} for the stats line
  error: null,         // {key, params} for the error box
};

const t = (key, params) => translate(state.lang, key, params);
let brandVoice = null;   // the "Brand voice" fine-tuning panel (web/brand-voice.js)

// ---------------------------------------------------------------------------------------------
// Language

function setLanguage(lang) {
  state.lang = LANGUAGES.includes(lang) ? lang : 'en';
  try { localStorage.setItem('plume.lang', state.lang); } catch { /* private mode: fine */ }
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('page.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  renderLoadStatus();
  renderInfo();
  renderCards();
  renderStats();
  renderError();
  updatePromptTokens();
  brandVoice?.render();
}

function initialLanguage() {
  let saved = null;
  try { saved = localStorage.getItem('plume.lang'); } catch { /* ignore */ }
  if (LANGUAGES.includes(saved)) return saved;
  return defaultLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

// ---------------------------------------------------------------------------------------------
// Errors: shown in the page, never thrown at the user

function showError(key, message) {
  state.error = { key, params: { message } };
  renderError();
}

function clearError() {
  state.error = null;
  renderError();
}

function renderError() {
  $('error').hidden = !state.error;
  $('error-message').textContent = state.error ? t(state.error.key, state.error.params) : '';
}

const messageOf = e => (e && typeof e === 'object' && 'message' in e ? e.message : String(e));

// ---------------------------------------------------------------------------------------------
// Model loading

function formatBytes(n) {
  if (!Number.isFinite(n)) return '?';
  if (n < 1024) return `${n} B`;
  if (n < 2 ** 20) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 2 ** 30) return `${(n / 2 ** 20).toFixed(1)} MB`;
  return `${(n / 2 ** 30).toFixed(2)} GB`;
}

function formatCount(n) {
  if (!Number.isFinite(n)) return '?';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

function onProgress({ phase, loaded, total }) {
  const bar = $('load-progress');
  if (phase === 'download') {
    if (total) {
      bar.max = total;
      bar.value = loaded;
      state.loadStatus = { key: 'model.downloading', params: { loaded: formatBytes(loaded), total: formatBytes(total) } };
    } else {
      bar.removeAttribute('value');   // indeterminate
      state.loadStatus = { key: 'model.downloadingUnknown', params: { loaded: formatBytes(loaded) } };
    }
  } else {
    bar.removeAttribute('value');
    state.loadStatus = { key: 'model.preparing', params: {} };
  }
  renderLoadStatus();
}

function renderLoadStatus() {
  $('load-text').textContent = t(state.loadStatus.key, state.loadStatus.params);
  $('load-progress').hidden = !state.loading;
}

/** Loads a model; the page keeps working with the previous model if this one fails. */
async function loadModel(model) {
  if (state.loading) return;
  if (state.generating) state.generating.abort();
  state.loading = true;
  clearError();
  updateButtons();
  const bar = $('load-progress');
  bar.max = 1;
  bar.value = 0;
  const previous = state.loadStatus;
  state.loadStatus = { key: 'model.preparing', params: {} };
  renderLoadStatus();
  try {
    if (state.engine && !state.engine.dead) {
      state.info = await state.engine.load(model, { onProgress });
    } else {
      state.engine = await Plume.load({ model, onProgress });
      state.info = state.engine.modelInfo;
    }
    state.loadStatus = { key: 'model.ready', params: { name: state.info.name || 'GPT-2' } };
  } catch (e) {
    if (state.engine?.dead) { state.engine = null; state.info = null; }
    state.loadStatus = state.info ? previous : { key: 'model.failed', params: {} };
    showError('error.load', messageOf(e));
  } finally {
    state.loading = false;
    renderLoadStatus();
    renderInfo();
    updateButtons();
    updatePromptTokens();
  }
}

function defaultModelUrl() {
  const requested = new URLSearchParams(location.search).get('model');
  if (requested) {
    const url = new URL(requested, location.href);
    if (url.origin === location.origin) return url.href;   // never fetch from elsewhere
  }
  return new URL(DEFAULT_MODEL, location.href).href;
}

/** Turns chosen/dropped files into a model source: one .gguf, or the four HF files. */
function modelFromFiles(files) {
  const list = [...files];
  if (list.length === 1) return list[0];   // the engine says clearly if it is not a GGUF file
  const find = test => list.find(f => test(f.name.toLowerCase()));
  const hf = {
    safetensors: find(n => n.endsWith('.safetensors')),
    config: find(n => n === 'config.json'),
    vocab: find(n => n === 'vocab.json'),
    merges: find(n => n === 'merges.txt'),
  };
  if (list.length === 4 && Object.values(hf).every(Boolean)) return hf;
  return null;
}

function loadFiles(files) {
  if (!files?.length) return;
  const model = modelFromFiles(files);
  if (!model) {
    showError('error.load', t('model.badSelection', { names: [...files].map(f => f.name).join(', ') }));
    return;
  }
  loadModel(model);
}

function renderInfo() {
  const dl = $('model-info');
  dl.replaceChildren();
  const info = state.info;
  if (!info) return;
  const rows = [
    ['info.name', info.name || '—'],
    ['info.architecture', info.architecture],
    ['info.parameters', formatCount(info.parameters)],
    ['info.layers', info.blockCount],
    ['info.heads', info.headCount],
    ['info.embedding', info.embeddingLength],
    ['info.context', t('info.tokens', { n: info.contextLength })],
    ['info.vocab', t('info.tokens', { n: info.vocabSize })],
    ['info.quantization', info.quantization],
    ['info.size', formatBytes(info.fileBytes)],
    ['info.source', info.source === 'hf' ? 'Hugging Face safetensors' : 'GGUF'],
  ];
  for (const [key, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = t(key);
    const dd = document.createElement('dd');
    dd.textContent = String(value ?? '—');
    dl.append(dt, dd);
  }
}

// ---------------------------------------------------------------------------------------------
// Prompt and options

let tokenTimer = null;
let promptTokenCount = null;

function updatePromptTokens() {
  clearTimeout(tokenTimer);
  tokenTimer = setTimeout(async () => {
    const engine = state.engine;
    // The engine queues this behind a running generation or load: the count just comes later.
    if (!engine || engine.dead) return;
    try {
      promptTokenCount = (await engine.tokenize($('prompt').value)).length;
    } catch {
      promptTokenCount = null;
    }
    renderPromptTokens();
  }, 250);
  renderPromptTokens();
}

function renderPromptTokens() {
  const el = $('prompt-tokens');
  if (promptTokenCount === null || !state.engine) {
    el.textContent = '';
    return;
  }
  // Say before generating when the limits leave no room for new text.
  const maxLength = Number($('opt-maxLength').value);
  const context = state.info?.contextLength ?? Infinity;
  let key = 'prompt.tokens';
  if (promptTokenCount >= context) key = 'prompt.overContext';
  else if ($('opt-maxLength').value !== '' && promptTokenCount >= maxLength) key = 'prompt.overMaxLength';
  el.textContent = t(key, { n: promptTokenCount, max: maxLength, context });
  el.classList.toggle('warning', key !== 'prompt.tokens');
}

/** Reads the option fields. Empty fields are left out (the engine's default applies). */
function readOptions() {
  const options = {};
  for (const key of OPTION_FIELDS) {
    const input = $(`opt-${key}`);
    const raw = input.value.trim();
    if (raw === '') {
      // A number input reports '' for text it cannot parse: say so rather than ignore it.
      if (input.validity.badInput) {
        throw new Error(t('options.badNumber', { label: input.previousElementSibling.textContent, value: '?' }));
      }
      continue;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      throw new Error(t('options.badNumber', { label: input.previousElementSibling.textContent, value: raw }));
    }
    options[key] = value;   // plume.js says precisely what is wrong (e.g. not an integer)
  }
  const stop = $('opt-stop').value.split('|').map(s => s.replace(/\\n/g, '\n')).filter(s => s.trim() !== '');
  if (stop.length) options.stop = stop;
  return options;
}

// ---------------------------------------------------------------------------------------------
// Generation

function makeCard(index) {
  const card = document.createElement('article');
  card.className = 'card running';
  const head = document.createElement('header');
  const title = document.createElement('h3');
  const badge = document.createElement('span');
  badge.className = 'badge';
  head.append(title, badge);
  const body = document.createElement('div');
  body.className = 'card-text';
  const textNode = document.createTextNode('');
  body.append(textNode);
  const foot = document.createElement('footer');
  const count = document.createElement('span');
  count.className = 'muted';
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'ghost small';
  foot.append(count, copy);
  card.append(head, body, foot);
  const entry = { index, card, title, badge, body, textNode, count, copy, tokens: 0, finish: null, copied: false };
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(entry.textNode.data);
      entry.copied = true;
      renderCard(entry);
      setTimeout(() => { entry.copied = false; renderCard(entry); }, 1500);
    } catch (e) {
      showError('error.unexpected', messageOf(e));
    }
  });
  renderCard(entry);
  return entry;
}

function renderCard(entry) {
  entry.title.textContent = t('output.candidate', { n: entry.index + 1 });
  entry.badge.textContent = t(`finish.${entry.finish ?? 'running'}`);
  entry.badge.dataset.finish = entry.finish ?? 'running';
  entry.count.textContent = t('output.tokens', { n: entry.tokens });
  entry.copy.textContent = t(entry.copied ? 'action.copied' : 'action.copy');
  entry.copy.disabled = entry.finish === null;
  entry.card.classList.toggle('running', entry.finish === null);
}

function renderCards() {
  for (const c of state.cards) renderCard(c);
  $('output-empty').hidden = state.cards.length > 0;
}

function renderStats() {
  $('stats').textContent = state.stats ? t(state.stats.key, state.stats.params) : '';
}

const speed = x => (Number.isFinite(x) ? x.toFixed(1) : '—');

async function generate() {
  if (!state.engine || state.generating || state.loading) return;
  clearError();
  let options;
  try {
    options = readOptions();
  } catch (e) {
    showError('error.generate', messageOf(e));
    return;
  }
  const n = options.numReturnSequences ?? 1;
  state.cards = Array.from({ length: n }, (_, i) => makeCard(i));
  const outputs = $('outputs');
  outputs.replaceChildren(...state.cards.map(c => c.card));
  outputs.dataset.count = String(Math.min(n, 4));
  renderCards();

  const controller = new AbortController();
  state.generating = controller;
  state.stats = null;
  renderStats();
  updateButtons();

  let generated = 0;
  let firstTokenAt = null;
  let lastRender = 0;
  try {
    const result = await state.engine.generate($('prompt').value, {
      ...options,
      signal: controller.signal,
      onToken: ({ seq, text }) => {
        const card = state.cards[seq];
        if (!card) return;
        card.textNode.appendData(text);
        card.tokens += 1;
        generated += 1;
        const now = performance.now();
        firstTokenAt ??= now;
        if (now - lastRender > 100) {     // a few updates a second are enough for counters
          lastRender = now;
          for (const c of state.cards) renderCard(c);
          const seconds = (now - firstTokenAt) / 1000;
          state.stats = { key: 'stats.live', params: { speed: speed(seconds > 0 ? generated / seconds : NaN), n: generated } };
          renderStats();
        }
      },
    });
    result.sequences.forEach((s, i) => {
      const card = state.cards[i];
      if (!card) return;
      card.textNode.data = s.text;        // the final text is cut before a stop string
      card.tokens = s.tokens.length;
      card.finish = s.finishReason;
    });
    const st = result.stats;
    state.stats = { key: 'stats.final', params: { speed: speed(st.tokensPerSecond), n: st.generatedTokens,
      prompt: st.promptTokens, promptSpeed: speed(st.promptTokensPerSecond) } };
  } catch (e) {
    // Nothing generated (e.g. the prompt was too long): empty cards would only distract.
    if (generated === 0) {
      state.cards = [];
      $('outputs').replaceChildren();
    }
    for (const c of state.cards) c.finish ??= 'cancelled';
    if (e?.fatal) {
      state.engine = null;
      state.info = null;
      state.loadStatus = { key: 'model.none', params: {} };
      renderLoadStatus();
      renderInfo();
      showError('error.crashed', messageOf(e));
    } else {
      showError('error.generate', messageOf(e));
    }
  } finally {
    state.generating = null;
    renderCards();
    renderStats();
    updateButtons();
  }
}

function updateButtons() {
  const tuning = !!brandVoice?.busy;   // the engine's worker is fine-tuning: calls would queue behind it
  const ready = !!state.engine && !state.loading && !tuning;
  $('generate').disabled = !ready || !!state.generating;
  $('stop').disabled = !state.generating;
  $('model-default').disabled = state.loading || tuning;
  $('model-file').disabled = state.loading || tuning;
  $('dropzone').classList.toggle('disabled', state.loading || tuning);
  brandVoice?.update();
}

/** A fine-tune failed: show why; if the engine itself died, forget it as generate() does. */
function finetuneFailed(e) {
  if (e?.fatal) {
    state.engine = null;
    state.info = null;
    state.loadStatus = { key: 'model.none', params: {} };
    renderLoadStatus();
    renderInfo();
    showError('error.crashed', messageOf(e));
  } else {
    showError('error.finetune', messageOf(e));
  }
  updateButtons();
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wire() {
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => setLanguage(b.dataset.lang));
  }
  $('error-dismiss').addEventListener('click', clearError);
  $('generate').addEventListener('click', generate);
  $('stop').addEventListener('click', () => state.generating?.abort());
  $('model-default').addEventListener('click', () => loadModel(defaultModelUrl()));
  $('model-file').addEventListener('change', e => {
    loadFiles(e.target.files);
    e.target.value = '';   // choosing the same file again must fire `change` again
  });
  $('prompt').addEventListener('input', updatePromptTokens);
  $('opt-maxLength').addEventListener('input', renderPromptTokens);
  $('prompt').addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) generate();
  });

  const zone = $('dropzone');
  // Dropping a file anywhere else must not make the browser navigate away to it.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, e => e.preventDefault());
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    if (!state.loading) loadFiles(e.dataTransfer?.files);
  });

  // Whatever goes wrong, say so in the page instead of failing silently.
  window.addEventListener('error', e => showError('error.unexpected', e.message));
  window.addEventListener('unhandledrejection', e => showError('error.unexpected', messageOf(e.reason)));
}

$('prompt').value = SEED_PROMPT;
wire();
brandVoice = initBrandVoice({
  t,
  engine: () => (state.engine && !state.engine.dead && !state.loading && !state.generating ? state.engine : null),
  modelName: () => state.info?.name ?? '',
  useModel: async bytes => { await loadModel(bytes); return !state.error; },
  onBusy: updateButtons,
  onError: finetuneFailed,
});
setLanguage(initialLanguage());
updateButtons();
loadModel(defaultModelUrl());
