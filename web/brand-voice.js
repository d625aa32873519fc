// The "Brand voice / 品牌语调" panel: fine-tune the loaded model on the marketer's own texts in
// this tab (PlumeEngine.finetune(): the work runs in the engine's worker, so the page never
// freezes), watch the loss, cancel, compare held-out perplexity, then generate with the tuned
// model or download it as GGUF. User text only ever enters the page through textContent.

const $ = id => document.getElementById(id);

/**
 * @param {{t: (key: string, params?: object) => string,
 *   engine: () => import('./plume.js').PlumeEngine|null,   // null while none is usable
 *   modelName: () => string,
 *   useModel: (bytes: Uint8Array) => Promise<boolean>,     // loads bytes as the page's model
 *   onBusy: () => void,                                    // the page re-checks its buttons
 *   onError: (e: Error) => void}} host
 */
export function initBrandVoice(host) {
  const s = {
    running: null,      // AbortController of the running fine-tune
    file: null,         // an uploaded File (used instead of the text box)
    status: null,       // {key, params}
    losses: [],
    steps: 0,
    result: null,       // the last finished (not cancelled) result
    report: null,
  };
  const t = host.t;

  function setStatus(key, params = {}) { s.status = { key, params }; render(); }

  /** The texts: the uploaded file as it is (the engine checks its encoding), or the box's text. */
  function readTexts() {
    if (s.file) return s.file;
    return $('ft-texts').value;
  }

  function readNumber(id, label) {
    const raw = $(id).value.trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) throw new Error(t('options.badNumber', { label: t(label), value: raw }));
    return v;
  }

  async function start() {
    const engine = host.engine();
    if (!engine || s.running) return;
    let options;
    try {
      options = { steps: readNumber('ft-steps', 'ft.steps'), lr: readNumber('ft-lr', 'ft.lr') };
    } catch (e) {
      host.onError(e);
      return;
    }
    const controller = new AbortController();
    s.running = controller;
    s.losses = [];
    s.steps = options.steps;
    s.result = null;
    s.report = null;
    s.before = null;
    setStatus('ft.preparing');
    host.onBusy();
    const bar = $('ft-progress');
    bar.max = options.steps;
    bar.value = 0;
    try {
      const r = await engine.finetune(readTexts(), {
        ...options,
        signal: controller.signal,
        onProgress: p => {
          if (p.phase === 'prepared') {
            s.report = p.report;
            setStatus('ft.evaluating');
          } else if (p.phase === 'evaluated') {
            s.before = p.perplexityBefore;
            setStatus('ft.training', { step: 0, steps: s.steps, loss: '—', speed: '—', time: '0', eta: '—' });
          } else if (p.phase === 'step') {
            s.losses.push(...p.losses);
            bar.value = p.step;
            // Remaining time from the pace so far (steps all cost the same: fixed batch shape).
            const perStep = p.step > 0 ? p.elapsedMs / p.step : NaN;
            setStatus('ft.training', { step: p.step, steps: p.steps, loss: p.loss.toFixed(3),
              speed: p.tokensPerSecond.toFixed(0), time: (p.elapsedMs / 1000).toFixed(0),
              eta: Number.isFinite(perStep) ? ((p.steps - p.step) * perStep / 1000).toFixed(0) : '—' });
          } else if (p.phase === 'exporting') {
            setStatus('ft.exporting');
          }
        },
      });
      if (r.cancelled) {
        setStatus('ft.cancelled', { step: r.step });
      } else {
        s.result = r;
        setStatus('ft.done', { seconds: (r.elapsedMs / 1000).toFixed(1) });
      }
    } catch (e) {
      s.status = null;
      host.onError(e);
    } finally {
      s.running = null;
      render();
      host.onBusy();
    }
  }

  async function useTuned() {
    if (!s.result?.ggufBytes || s.running) return;
    if (await host.useModel(s.result.ggufBytes)) setStatus('ft.inUse');
  }

  function download() {
    if (!s.result?.ggufBytes) return;
    const url = URL.createObjectURL(new Blob([s.result.ggufBytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${(host.modelName() || 'plume').replace(/[^\w.-]+/g, '-')}-brand-voice.gguf`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function drawCurve() {
    const canvas = $('ft-curve');
    canvas.hidden = s.losses.length === 0;
    if (canvas.hidden) return;
    const ctx = canvas.getContext('2d');
    const { width: w, height: h } = canvas;
    ctx.clearRect(0, 0, w, h);
    const pad = 28;
    const lo = Math.min(...s.losses), hi = Math.max(...s.losses);
    const span = hi - lo || 1;
    const n = Math.max(s.steps, s.losses.length);
    ctx.strokeStyle = '#d0d5dd';
    ctx.beginPath();
    ctx.moveTo(pad, 4);
    ctx.lineTo(pad, h - pad + 4);
    ctx.lineTo(w - 4, h - pad + 4);
    ctx.stroke();
    ctx.fillStyle = '#667085';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(hi.toFixed(2), 2, 12);
    ctx.fillText(lo.toFixed(2), 2, h - pad);
    ctx.fillText(`${t('ft.lossAxis')} · ${s.losses.length}/${n}`, pad + 6, h - 6);
    ctx.strokeStyle = '#4f46e5';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    s.losses.forEach((v, i) => {
      const x = pad + ((w - pad - 8) * i) / Math.max(1, n - 1);
      const y = 6 + (h - pad - 6) * (1 - (v - lo) / span);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }

  function renderResult() {
    const dl = $('ft-result');
    dl.replaceChildren();
    const rows = [];
    const rep = s.report;
    if (rep) {
      const removed = Object.entries(rep.removed).filter(([, n]) => n > 0)
        .map(([why, n]) => `${n} ${t(`ft.removed.${why}`)}`).join(t('ft.listSep'));
      rows.push(['ft.data', t('ft.dataValue', { kept: rep.texts, given: rep.textsIn, removed: removed || t('ft.none'),
        held: rep.heldOutTexts })]);
      rows.push(['ft.shape', t('ft.shapeValue', { batch: rep.batch, seq: rep.seq, mb: (rep.memoryBytes / 2 ** 20).toFixed(0) })]);
    }
    const r = s.result;
    const before = r?.perplexityBefore ?? s.before;
    const ppl = x => (x >= 1e6 ? x.toExponential(2) : x.toFixed(2));  // a random model's is astronomical
    if (before != null) rows.push(['ft.before', ppl(before)]);
    if (r) {
      rows.push(['ft.after', ppl(r.perplexityAfter)]);
      rows.push(['ft.speed', t('ft.speedValue', { speed: r.tokensPerSecond.toFixed(0),
        mb: (r.heapBytes / 2 ** 20).toFixed(0), size: (r.ggufBytes.byteLength / 2 ** 20).toFixed(1) })]);
    }
    for (const [key, value] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = t(key);
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.key = key;
      dl.append(dt, dd);
    }
  }

  function render() {
    $('ft-status').textContent = s.status ? t(s.status.key, s.status.params) : '';
    $('ft-progress').hidden = !s.running;
    $('ft-file-name').textContent = s.file ? s.file.name : '';
    $('ft-file-clear').hidden = !s.file;
    renderResult();
    drawCurve();
    update();
  }

  function update() {
    const ready = !!host.engine();
    $('ft-start').disabled = !ready || !!s.running;
    $('ft-cancel').disabled = !s.running;
    $('ft-use').disabled = !ready || !!s.running || !s.result;
    $('ft-download').disabled = !s.result;
  }

  $('ft-start').addEventListener('click', start);
  $('ft-cancel').addEventListener('click', () => s.running?.abort());
  $('ft-use').addEventListener('click', () => useTuned().catch(host.onError));
  $('ft-download').addEventListener('click', download);
  $('ft-file').addEventListener('change', e => {
    s.file = e.target.files?.[0] ?? null;
    e.target.value = '';
    render();
  });
  $('ft-file-clear').addEventListener('click', () => { s.file = null; render(); });
  $('ft-texts').addEventListener('input', () => { if (s.file) { s.file = null; render(); } });

  return {
    render,
    update,
    get busy() { return !!s.running; },
  };
}
