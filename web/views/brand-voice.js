// The Brand voice view: fine-tune the loaded model on the marketer's own texts (the panel's
// logic is web/brand-voice.js; this module gives it its markup and the shared engine).

import { initBrandVoice } from '../brand-voice.js';

const MARKUP = `
<section class="panel brand-panel" aria-labelledby="ft-title">
  <div class="panel-head">
    <h2 id="ft-title" data-i18n="ft.title"></h2>
    <span class="muted" data-i18n="ft.bounds"></span>
  </div>
  <p class="muted" data-i18n="ft.intro"></p>
  <textarea id="ft-texts" rows="8" spellcheck="false" data-i18n-placeholder="ft.placeholder" data-i18n-aria-label="ft.textsLabel"></textarea>
  <div class="actions">
    <label class="button secondary file-button">
      <input type="file" id="ft-file" accept=".txt,.jsonl,text/plain">
      <span data-i18n="ft.upload"></span>
    </label>
    <span id="ft-file-name" class="muted"></span>
    <button type="button" id="ft-file-clear" class="ghost small" data-i18n="ft.clearFile" hidden></button>
    <label class="ft-field"><span data-i18n="ft.steps"></span>
      <input id="ft-steps" type="number" min="1" max="2000" step="1" value="100"></label>
    <label class="ft-field"><span data-i18n="ft.lr"></span>
      <input id="ft-lr" type="number" min="0" step="0.0001" value="0.0001"></label>
  </div>
  <div class="actions">
    <button type="button" id="ft-start" class="primary" data-i18n="ft.start" disabled></button>
    <button type="button" id="ft-cancel" class="secondary" data-i18n="ft.cancel" disabled></button>
    <span id="ft-status" class="stats" aria-live="polite"></span>
  </div>
  <progress id="ft-progress" max="1" value="0" data-i18n-aria-label="ft.progressLabel" hidden></progress>
  <canvas id="ft-curve" width="640" height="150" role="img" data-i18n-aria-label="ft.curveLabel" hidden></canvas>
  <dl id="ft-result" class="info-grid"></dl>
  <div class="actions">
    <button type="button" id="ft-use" class="secondary" data-i18n="ft.use" disabled></button>
    <button type="button" id="ft-download" class="secondary" data-i18n="ft.download" disabled></button>
  </div>
</section>`;

function mount(container, ctx) {
  container.innerHTML = MARKUP;   // static markup only
  const { engine, banner } = ctx;
  let panel = null;

  const failed = e => {
    if (e?.fatal) {
      engine.forget();
      banner.error('error.crashed', e);
    } else {
      banner.error('error.finetune', e);
    }
  };

  panel = initBrandVoice({
    t: ctx.t,
    // Fine-tuning needs the worker to itself: not while a generation or a write runs.
    engine: () => (engine.busy('generate') || engine.busy('write') ? null : engine.ready ?? (engine.busy('finetune') ? engine.engine : null)),
    modelName: () => engine.info?.name ?? '',
    useModel: async bytes => {
      try {
        await engine.load(bytes);
        return true;
      } catch (e) {
        banner.error('error.load', e);
        return false;
      }
    },
    onBusy: () => {
      if (!panel) return;
      if (panel.busy && !engine.busy('finetune')) engine.begin('finetune');
      else if (!panel.busy && engine.busy('finetune')) engine.end('finetune');
    },
    onError: failed,
  });
  engine.onChange(() => panel.update());
  return { render: () => panel.render() };
}

export default {
  id: 'brand-voice',
  title: { en: 'Brand voice', zh: '品牌语调' },
  mount,
};
