// The Model view: load the built-in model or the user's own (one .gguf, or the four Hugging Face
// files), see its info, and write a free prompt (the seed's §4 example) with every sampling
// option — web/views/model-generate.js runs the generation. The engine itself is ctx.engine.

import { initFreeGeneration } from './model-generate.js';
import { ATTENTION_MARKUP, initAttention } from './model-attention.js';
import { CACHE_MARKUP, initModelCache } from './model-cache-panel.js';
import { MODEL_MORE_STRINGS } from './model-more-strings.js';

const MARKUP = `
<div class="model-layout">
  <section class="panel model-panel" aria-labelledby="model-title">
    <h2 id="model-title" data-i18n="model.title"></h2>
    <div id="dropzone" class="dropzone">
      <p data-i18n="model.drop"></p>
      <div class="dropzone-actions">
        <label class="button secondary file-button">
          <input type="file" id="model-file" multiple accept=".gguf,.safetensors,.json,.txt">
          <span data-i18n="model.choose"></span>
        </label>
        <button type="button" id="model-default" class="secondary" data-i18n="model.useDefault"></button>
      </div>
    </div>
    <div class="load-status">
      <progress id="load-progress" max="1" value="0" data-i18n-aria-label="model.progressLabel"></progress>
      <p id="load-text" class="muted" aria-live="polite"></p>
    </div>
    <dl id="model-info" class="info-grid"></dl>
    ${CACHE_MARKUP}
  </section>

  <section class="panel prompt-panel" aria-labelledby="prompt-title">
    <div class="panel-head">
      <h2 id="prompt-title" data-i18n="prompt.title"></h2>
      <span id="prompt-tokens" class="muted"></span>
    </div>
    <textarea id="prompt" rows="7" spellcheck="false" data-i18n-aria-label="prompt.label"></textarea>
    <details class="options" open>
      <summary data-i18n="options.title"></summary>
      <div class="options-grid">
        <label><span data-i18n="options.maxNewTokens"></span>
          <input id="opt-maxNewTokens" type="number" min="1" step="1" value="200"></label>
        <label><span data-i18n="options.maxLength"></span>
          <input id="opt-maxLength" type="number" min="1" step="1" data-i18n-placeholder="options.noLimit"></label>
        <label><span data-i18n="options.numReturnSequences"></span>
          <input id="opt-numReturnSequences" type="number" min="1" max="8" step="1" value="3"></label>
        <label><span data-i18n="options.seed"></span>
          <input id="opt-seed" type="number" min="0" step="1" value="42"></label>
        <label><span data-i18n="options.temperature"></span>
          <input id="opt-temperature" type="number" min="0" step="0.05" value="0.7"></label>
        <label><span data-i18n="options.topK"></span>
          <input id="opt-topK" type="number" min="0" step="1" value="50"></label>
        <label><span data-i18n="options.topP"></span>
          <input id="opt-topP" type="number" min="0" max="1" step="0.05" value="0.9"></label>
        <label><span data-i18n="options.minP"></span>
          <input id="opt-minP" type="number" min="0" max="1" step="0.01" value="0"></label>
        <label><span data-i18n="options.repetitionPenalty"></span>
          <input id="opt-repetitionPenalty" type="number" min="0" step="0.05" value="1.0"></label>
        <label><span data-i18n="options.noRepeatNgramSize"></span>
          <input id="opt-noRepeatNgramSize" type="number" min="0" step="1" value="5"></label>
        <label class="check"><input id="opt-penalizePrompt" type="checkbox">
          <span data-i18n="options.penalizePrompt"></span></label>
        <label class="check"><input id="opt-noRepeatBlocks" type="checkbox" checked>
          <span data-i18n="options.noRepeatBlocks"></span></label>
        <label class="wide"><span data-i18n="options.stop"></span>
          <input id="opt-stop" type="text" spellcheck="false" value="\\n###"></label>
        <label class="wide"><span data-i18n="options.mention"></span>
          <input id="opt-mention" type="text" spellcheck="false"></label>
        <label><span data-i18n="options.mentionBoost"></span>
          <input id="opt-mentionBoost" type="number" min="0" max="100" step="0.5" value="8"></label>
      </div>
    </details>
    <div class="actions">
      <button type="button" id="generate" class="primary" data-i18n="action.generate" disabled></button>
      <button type="button" id="stop" class="secondary" data-i18n="action.stop" disabled></button>
      <span id="stats" class="stats" aria-live="polite"></span>
    </div>
  </section>

  <section class="panel output-panel" aria-labelledby="output-title">
    <h2 id="output-title" data-i18n="output.title"></h2>
    <p id="output-empty" class="muted" data-i18n="output.empty"></p>
    <div id="outputs" class="outputs"></div>
  </section>
  ${ATTENTION_MARKUP}
</div>`;

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

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only; everything from data goes in as text
  const { t, engine, banner } = ctx;
  const $ = sel => container.querySelector(sel);
  const attention = initAttention(container, ctx);
  const cache = initModelCache(container, ctx);
  const free = initFreeGeneration(container, ctx, {
    onResult: (prompt, sequences) => attention.setResult(prompt, sequences)
      .catch(e => banner.error('attn.failed', e)),
  });

  async function load(model) {
    banner.clear();
    try {
      await engine.load(model);
    } catch (e) {
      banner.error('error.load', e);
      return;
    }
    // The user's own files are kept (hashed) for the next visit; a URL is fetched again anyway.
    cache.remember(model, model instanceof Blob ? model.name : (engine.info?.name || 'GPT-2'));
  }

  function loadFiles(files) {
    if (!files?.length) return;
    const model = modelFromFiles(files);
    if (!model) {
      banner.error('error.load', new Error(t('model.badSelection', { names: [...files].map(f => f.name).join(', ') })));
      return;
    }
    load(model);
  }

  function renderLoad() {
    const bar = $('#load-progress');
    const p = engine.progress;
    let status = engine.loadStatus;
    if (engine.loading && p?.total) {
      bar.max = p.total;
      bar.value = p.loaded;
      status = { key: 'model.downloading', params: { loaded: formatBytes(p.loaded), total: formatBytes(p.total) } };
    } else {
      bar.removeAttribute('value');   // indeterminate
      if (engine.loading && p?.loaded) status = { key: 'model.downloadingUnknown', params: { loaded: formatBytes(p.loaded) } };
    }
    bar.hidden = !engine.loading;
    $('#load-text').textContent = t(status.key, status.params);
  }

  function renderInfo() {
    const dl = $('#model-info');
    dl.replaceChildren();
    const info = engine.info;
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

  function update() {
    const blocked = engine.loading || engine.busy('finetune');
    $('#model-default').disabled = blocked;
    $('#model-file').disabled = blocked;
    $('#dropzone').classList.toggle('disabled', blocked);
  }

  let lastInfo = null;
  engine.onChange(() => {
    renderLoad();
    if (engine.info !== lastInfo) { lastInfo = engine.info; renderInfo(); free.modelChanged(); attention.clear(); }
    update();
    cache.render();
    free.update();
  });

  $('#model-default').addEventListener('click', () => load(ctx.defaultModelUrl()));
  $('#model-file').addEventListener('change', e => {
    loadFiles(e.target.files);
    e.target.value = '';   // choosing the same file again must fire `change` again
  });
  const zone = $('#dropzone');
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    if (!engine.loading) loadFiles(e.dataTransfer?.files);
  });

  return {
    render() { renderLoad(); renderInfo(); free.render(); attention.render(); cache.render(); },
  };
}

export default {
  id: 'model',
  title: { en: 'Model', zh: '模型' },
  strings: MODEL_MORE_STRINGS,
  mount,
};
