// The Model view's free prompt: the prompt box (with its token count), the sampling options, and
// candidates streaming in side by side through PlumeEngine.generate(). Model text only ever goes
// into the page through text nodes.

// The seed's example (§4): a Chinese product prompt for a fitness band. The seed calls it with
// max_length=200, which counts the prompt; but this prompt is 220 GPT-2 tokens (byte-level BPE
// spends 1–3 tokens per Chinese character), so that call would generate nothing. The page keeps
// the seed's 200 as the number of *new* tokens instead; "max length" stays available.
const SEED_PROMPT = '任务: 根据以下产品信息,生成一段吸引人的产品特性描述\n' +
  '产品信息: 一款智能可穿戴健身手环,具有心率监测、睡眠跟踪、运动记录等功能,采用了人体工程学设计,' +
  '佩戴舒适。电池续航长达7天,支持快速充电。\n产品特性描述:\n';
// The seed prompt's features, for phrase guidance (the Mention field; the user edits both).
const SEED_MENTION = '心率监测|睡眠跟踪|运动记录|人体工程学设计|佩戴舒适|续航长达7天|快速充电';

// The numeric generation options, each read from the input #opt-<name>.
const OPTION_FIELDS = ['maxNewTokens', 'maxLength', 'numReturnSequences', 'seed', 'temperature',
  'topK', 'topP', 'minP', 'repetitionPenalty', 'noRepeatNgramSize', 'mentionBoost'];

const speed = x => (Number.isFinite(x) ? x.toFixed(1) : '—');

export function initFreeGeneration(container, ctx, { onResult } = {}) {
  const { t, engine, banner } = ctx;
  const $ = sel => container.querySelector(sel);
  let cards = [];
  let stats = null;              // {key, params}
  let tokenTimer = null;
  let promptTokenCount = null;

  function updatePromptTokens() {
    clearTimeout(tokenTimer);
    tokenTimer = setTimeout(async () => {
      const e = engine.engine;
      // The engine queues this behind a running generation or load: the count just comes later.
      if (!e || e.dead) return;
      try {
        promptTokenCount = (await e.tokenize($('#prompt').value)).length;
      } catch {
        promptTokenCount = null;
      }
      renderPromptTokens();
    }, 250);
    renderPromptTokens();
  }

  function renderPromptTokens() {
    const el = $('#prompt-tokens');
    if (promptTokenCount === null || !engine.engine) {
      el.textContent = '';
      return;
    }
    // Say before generating when the limits leave no room for new text.
    const maxLength = Number($('#opt-maxLength').value);
    const context = engine.info?.contextLength ?? Infinity;
    let key = 'prompt.tokens';
    if (promptTokenCount >= context) key = 'prompt.overContext';
    else if ($('#opt-maxLength').value !== '' && promptTokenCount >= maxLength) key = 'prompt.overMaxLength';
    el.textContent = t(key, { n: promptTokenCount, max: maxLength, context });
    el.classList.toggle('warning', key !== 'prompt.tokens');
  }

  /** Reads the option fields. Empty fields are left out (the engine's default applies). */
  function readOptions() {
    const options = {};
    for (const key of OPTION_FIELDS) {
      const input = $(`#opt-${key}`);
      const raw = input.value.trim();
      const label = input.previousElementSibling.textContent;
      if (raw === '') {
        // A number input reports '' for text it cannot parse: say so rather than ignore it.
        if (input.validity.badInput) throw new Error(t('options.badNumber', { label, value: '?' }));
        continue;
      }
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new Error(t('options.badNumber', { label, value: raw }));
      options[key] = value;   // plume.js says precisely what is wrong (e.g. not an integer)
    }
    // Off by default: the penalties then look at the output only, so copying the prompt's
    // product features is not penalised (docs/evaluation.md).
    options.penalizePrompt = $('#opt-penalizePrompt').checked;
    options.noRepeatBlocks = $('#opt-noRepeatBlocks').checked;
    const stop = $('#opt-stop').value.split('|').map(s => s.replace(/\\n/g, '\n')).filter(s => s.trim() !== '');
    if (stop.length) options.stop = stop;
    const mention = $('#opt-mention').value.split('|').map(s => s.trim()).filter(s => s !== '');
    if (mention.length) options.mention = mention;
    return options;
  }

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
    const entry = { index, card, title, badge, textNode, count, copy, tokens: 0, finish: null, copied: false };
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(entry.textNode.data);
        entry.copied = true;
        renderCard(entry);
        setTimeout(() => { entry.copied = false; renderCard(entry); }, 1500);
      } catch (e) {
        banner.error('error.unexpected', e);
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
    for (const c of cards) renderCard(c);
    $('#output-empty').hidden = cards.length > 0;
  }

  function renderStats() {
    $('#stats').textContent = stats ? t(stats.key, stats.params) : '';
  }

  async function generate() {
    const e = engine.ready;
    if (!e || engine.busy('generate')) return;
    banner.clear();
    let options;
    try {
      options = readOptions();
    } catch (err) {
      banner.error('error.generate', err);
      return;
    }
    const n = options.numReturnSequences ?? 1;
    cards = Array.from({ length: n }, (_, i) => makeCard(i));
    const outputs = $('#outputs');
    outputs.replaceChildren(...cards.map(c => c.card));
    outputs.dataset.count = String(Math.min(n, 4));
    renderCards();
    const controller = engine.begin('generate');
    stats = null;
    renderStats();

    let generated = 0;
    let firstTokenAt = null;
    let lastRender = 0;
    try {
      const prompt = $('#prompt').value;
      const result = await e.generate(prompt, {
        ...options,
        signal: controller.signal,
        onToken: ({ seq, text }) => {
          const card = cards[seq];
          if (!card) return;
          card.textNode.appendData(text);
          card.tokens += 1;
          generated += 1;
          const now = performance.now();
          firstTokenAt ??= now;
          if (now - lastRender > 100) {     // a few updates a second are enough for counters
            lastRender = now;
            for (const c of cards) renderCard(c);
            const seconds = (now - firstTokenAt) / 1000;
            stats = { key: 'stats.live', params: { speed: speed(seconds > 0 ? generated / seconds : NaN), n: generated } };
            renderStats();
          }
        },
      });
      result.sequences.forEach((s, i) => {
        const card = cards[i];
        if (!card) return;
        card.textNode.data = s.text;        // the final text is cut before a stop string
        card.tokens = s.tokens.length;
        card.finish = s.finishReason;
      });
      onResult?.(prompt, result.sequences);
      const st = result.stats;
      stats = { key: 'stats.final', params: { speed: speed(st.tokensPerSecond), n: st.generatedTokens,
        prompt: st.promptTokens, promptSpeed: speed(st.promptTokensPerSecond) } };
    } catch (err) {
      // Nothing generated (e.g. the prompt was too long): empty cards would only distract.
      if (generated === 0) {
        cards = [];
        $('#outputs').replaceChildren();
      }
      for (const c of cards) c.finish ??= 'cancelled';
      if (err?.fatal) {
        engine.forget();
        banner.error('error.crashed', err);
      } else {
        banner.error('error.generate', err);
      }
    } finally {
      engine.end('generate');
      renderCards();
      renderStats();
    }
  }

  function update() {
    $('#generate').disabled = !engine.ready || engine.busy('generate');
    $('#stop').disabled = !engine.busy('generate');
  }

  $('#prompt').value = SEED_PROMPT;
  $('#opt-mention').value = SEED_MENTION;
  $('#generate').addEventListener('click', generate);
  $('#stop').addEventListener('click', () => engine.abort('generate'));
  $('#prompt').addEventListener('input', updatePromptTokens);
  $('#opt-maxLength').addEventListener('input', renderPromptTokens);
  $('#prompt').addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) generate();
  });

  return {
    update,
    modelChanged: updatePromptTokens,
    render() { renderCards(); renderStats(); renderPromptTokens(); },
  };
}
