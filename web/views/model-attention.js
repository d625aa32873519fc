// The Model view's attention panel (seed §4.1): after a generation, pick a candidate and one of
// its output tokens; the worker re-runs the context and returns the attention of the position that
// produced that token (web/attention-trace.js). The prompt's words are drawn as a heat strip for a
// chosen layer and head (or their average), with the strongest listed. Model text goes in as text.

import { attentionForOutput, averageWeights, readablePieces } from '../attention-trace.js';

export const ATTENTION_MARKUP = `
<section class="panel attention-panel" aria-labelledby="attn-title">
  <h2 id="attn-title" data-i18n="attn.title"></h2>
  <p class="muted" data-i18n="attn.help"></p>
  <p id="attn-empty" class="empty-state" data-i18n="attn.empty"></p>
  <div id="attn-body" hidden>
    <div class="form-grid attn-controls">
      <label><span data-i18n="attn.candidate"></span><select id="attn-seq"></select></label>
      <label><span data-i18n="attn.layer"></span><select id="attn-layer"></select></label>
      <label><span data-i18n="attn.head"></span><select id="attn-head"></select></label>
    </div>
    <p class="muted small" id="attn-pick-label" data-i18n="attn.pick"></p>
    <div id="attn-outputs" class="token-row" role="toolbar" aria-labelledby="attn-pick-label"></div>
    <p id="attn-status" class="muted" aria-live="polite"></p>
    <div id="attn-strip" class="heat-strip" role="list" data-i18n-aria-label="attn.stripLabel"></div>
    <ol id="attn-top" class="attn-top"></ol>
  </div>
</section>`;

const LEVELS = 10;
const pct = w => `${(w * 100).toFixed(1)}%`;
// Whitespace and newlines would vanish inside a chip: show them.
const visible = s => s.replace(/\n/g, '⏎').replace(/ /g, '·') || '∅';

export function initAttention(container, ctx) {
  const { t, engine, banner } = ctx;
  const $ = sel => container.querySelector(sel);
  let run = null;          // {prompt, promptTokens, sequences: [{tokens}]}
  let outPieces = [];      // readable pieces of the chosen sequence's output
  let picked = null;       // output token index
  let trace = null;        // {layers, tokens, exact, pieces, promptLength}
  let status = null;       // {key, params}

  function fillSelect(select, options, keep) {
    const value = keep ? select.value : null;
    select.replaceChildren(...options.map(([v, label]) => new Option(label, v)));
    if (value !== null && options.some(([v]) => v === value)) select.value = value;
  }

  function renderControls() {
    $('#attn-empty').hidden = !!run;
    $('#attn-body').hidden = !run;
    if (!run) return;
    fillSelect($('#attn-seq'), run.sequences.map((_, i) => [String(i), t('output.candidate', { n: i + 1 })]), true);
    const info = engine.info;
    const layers = trace?.layers.length ?? info?.blockCount ?? 0;
    const heads = trace?.layers[0]?.length ?? info?.headCount ?? 0;
    fillSelect($('#attn-layer'), [['-1', t('attn.allLayers')],
      ...Array.from({ length: layers }, (_, i) => [String(i), t('attn.layerN', { n: i + 1 })])], true);
    fillSelect($('#attn-head'), [['-1', t('attn.allHeads')],
      ...Array.from({ length: heads }, (_, i) => [String(i), t('attn.headN', { n: i + 1 })])], true);
  }

  function renderOutputs() {
    const row = $('#attn-outputs');
    const buttons = outPieces.map(piece => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'token-chip';
      b.textContent = visible(piece.text);
      b.dataset.index = String(piece.positions[0]);
      const on = picked !== null && piece.positions.includes(picked);
      b.setAttribute('aria-pressed', String(on));
      b.tabIndex = on || (picked === null && piece === outPieces[0]) ? 0 : -1;
      return b;
    });
    row.replaceChildren(...buttons);
  }

  function renderStrip() {
    const strip = $('#attn-strip');
    const top = $('#attn-top');
    $('#attn-status').textContent = status ? t(status.key, status.params) : '';
    if (!trace) { strip.replaceChildren(); top.replaceChildren(); return; }
    const weights = averageWeights(trace.layers, Number($('#attn-layer').value), Number($('#attn-head').value));
    const scored = trace.pieces.map(piece => ({
      piece, weight: piece.positions.reduce((s, p) => s + weights[p], 0),
      fromOutput: piece.positions[0] >= trace.promptLength,
    }));
    const max = Math.max(...scored.map(s => s.weight), 1e-9);
    strip.replaceChildren(...scored.map(({ piece, weight, fromOutput }) => {
      const span = document.createElement('span');
      span.setAttribute('role', 'listitem');
      const level = Math.min(LEVELS - 1, Math.floor((weight / max) * LEVELS));
      span.className = `heat heat-${level}${fromOutput ? ' from-output' : ''}`;
      span.textContent = visible(piece.text);
      span.title = pct(weight);
      span.setAttribute('aria-label', `${piece.text} ${pct(weight)}`);
      span.dataset.weight = weight.toFixed(6);
      return span;
    }));
    const best = [...scored].sort((a, b) => b.weight - a.weight).slice(0, 5);
    top.replaceChildren(...best.map(({ piece, weight }) => {
      const li = document.createElement('li');
      li.textContent = t('attn.topItem', { token: visible(piece.text), weight: pct(weight) });
      return li;
    }));
  }

  function render() { renderControls(); renderOutputs(); renderStrip(); }

  async function chooseSequence() {
    const seq = run?.sequences[Number($('#attn-seq').value)];
    picked = null;
    trace = null;
    status = null;
    outPieces = [];
    const e = engine.engine;
    if (seq && e && !e.dead) {
      try {
        outPieces = await readablePieces(seq.tokens, ids => e.detokenize(ids));
      } catch (err) {
        banner.error('attn.failed', err);
      }
    }
    render();
  }

  async function pick(index) {
    const e = engine.ready;
    const seq = run?.sequences[Number($('#attn-seq').value)];
    if (!e || !seq || engine.busy('attention')) return;
    picked = index;
    status = { key: 'attn.computing' };
    renderOutputs();
    renderStrip();
    engine.begin('attention');
    try {
      const r = await attentionForOutput(e, run.promptTokens, seq.tokens, index);
      const pieces = await readablePieces(r.tokens, ids => e.detokenize(ids));
      const promptLength = r.exact ? run.promptTokens.length : r.tokens.length;
      trace = { ...r, pieces, promptLength };
      const token = outPieces.find(p => p.positions.includes(index))?.text ?? '';
      status = { key: r.exact ? 'attn.for' : 'attn.forReread', params: { token: visible(token), n: r.tokens.length } };
    } catch (err) {
      trace = null;
      status = null;
      if (err?.fatal) engine.forget();
      banner.error('attn.failed', err);
    } finally {
      engine.end('attention');
    }
    renderControls();
    renderOutputs();
    renderStrip();
    container.querySelector(`.token-chip[aria-pressed="true"]`)?.focus();
  }

  $('#attn-seq').addEventListener('change', chooseSequence);
  $('#attn-layer').addEventListener('change', renderStrip);
  $('#attn-head').addEventListener('change', renderStrip);
  const row = $('#attn-outputs');
  row.addEventListener('click', e => {
    const b = e.target.closest('.token-chip');
    if (b) pick(Number(b.dataset.index));
  });
  // A toolbar: one tab stop, arrow keys move along the tokens.
  row.addEventListener('keydown', e => {
    const chips = [...row.querySelectorAll('.token-chip')];
    const i = chips.indexOf(document.activeElement);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: chips.length - 1 }[e.key];
    if (i < 0 || to === undefined || !chips[to]) return;
    e.preventDefault();
    for (const c of chips) c.tabIndex = -1;
    chips[to].tabIndex = 0;
    chips[to].focus();
  });

  return {
    render,
    /** A generation finished: its prompt and sequences become pickable. */
    async setResult(prompt, sequences) {
      const e = engine.engine;
      if (!e || e.dead || !sequences.some(s => s.tokens.length)) return;
      run = { prompt, promptTokens: await e.tokenize(prompt), sequences: sequences.map(s => ({ tokens: s.tokens })) };
      renderControls();
      $('#attn-seq').value = '0';
      await chooseSequence();
    },
    /** The model changed: old token ids mean nothing to the new one. */
    clear() { run = null; trace = null; outPieces = []; picked = null; status = null; render(); },
  };
}
