// The Generate view's candidate cards: while the model writes, raw text streams into one card
// per sequence; when the core has filtered and ranked them, each card shows its rank, its score
// breakdown, its rule checks, and the review actions (approve, edit, reject with a reason: the
// reason codes of src/prompt/review.cpp). Every text goes in as text, never as HTML.

export const REASON_CODES = ['off_brand', 'factual_error', 'missing_feature', 'too_long', 'too_short',
  'wording', 'repetitive', 'wrong_language', 'compliance', 'other'];
const SCORE_PARTS = ['total', 'model', 'coverage', 'length', 'format', 'language', 'repetitionPenalty'];

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(label, className, onClick) {
  const b = el('button', className, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** A card that receives streamed text for one sequence. */
export function streamingCard(t, index) {
  const card = el('article', 'card running');
  const head = el('header');
  head.append(el('h3', '', t('output.candidate', { n: index + 1 })), el('span', 'badge', t('finish.running')));
  const body = el('div', 'card-text');
  const node = document.createTextNode('');
  body.append(node);
  card.append(head, body);
  return { card, append: text => node.appendData(text) };
}

/**
 * A ranked candidate with its review actions.
 * @param {object} c the candidate from write(): {rank, accepted, text, rules, score, missingFeatures}
 * @param {{t: Function, lang: string, decision: object|null, onDecide: (d: object) => Promise<void>,
 *   onCopy: (text: string) => void}} opts
 */
export function rankedCard(c, { t, lang, decision, onDecide, onCopy }) {
  const card = el('article', `card ranked${c.accepted ? '' : ' rejected-by-rules'}`);
  card.dataset.rank = String(c.rank);
  const head = el('header');
  const badge = el('span', 'badge', c.accepted ? t('gen.accepted') : t('gen.failedRules'));
  badge.dataset.finish = c.accepted ? 'eos' : 'cancelled';
  head.append(el('h3', '', t('gen.rank', { n: c.rank, score: c.score.total.toFixed(2) })), badge);
  const body = el('div', 'card-text', c.text);

  // Score breakdown: the components the core weighed (docs/templates.md).
  const scores = el('dl', 'score-grid');
  for (const k of SCORE_PARTS) {
    if (typeof c.score[k] !== 'number') continue;
    const dd = el('dd', '', c.score[k].toFixed(2));
    dd.dataset.score = k;
    scores.append(el('dt', '', t(`gen.score.${k}`)), dd);
  }
  // Rule checks: pass or fail, with the core's reasons in the interface language.
  const rules = el('ul', 'rule-list');
  for (const r of c.rules) {
    const li = el('li', r.pass ? 'pass' : 'fail');
    li.append(el('span', 'mark', r.pass ? '✓' : '✗'), el('span', '', ` ${r.rule}`));
    for (const why of r.reasons ?? []) li.append(el('span', 'reason', ` — ${why[lang] ?? why.en ?? why.code}`));
    rules.append(li);
  }
  if (c.missingFeatures?.length) {
    rules.append(el('li', 'note', t('gen.missing', { features: c.missingFeatures.join(lang === 'zh' ? '、' : ', ') })));
  }
  const details = el('details', 'card-details');
  details.append(el('summary', '', t('gen.details', { passed: c.score.rulesPassed, total: c.score.rulesTotal })), scores, rules);

  // Review: approve; edit (text + reason); reject (reason + note).
  const foot = el('footer', 'review-bar');
  const status = el('span', 'review-status', decision ? t(`gen.decided.${decision.action}`) : '');
  status.setAttribute('role', 'status');
  const form = el('div', 'review-form');
  form.hidden = true;
  const editor = el('textarea', 'review-edit');
  editor.value = c.text;
  editor.setAttribute('aria-label', t('gen.editLabel'));
  const reasonLabel = el('label', '', t('gen.reason'));
  const reason = el('select', 'review-reason');
  for (const code of REASON_CODES) reason.append(new Option(t(`gen.reason.${code}`), code));
  reasonLabel.append(reason);
  const noteLabel = el('label', '', t('gen.note'));
  const note = el('input', 'review-note');
  note.type = 'text';
  noteLabel.append(note);
  let mode = null;
  const confirm = button(t('gen.confirm'), 'primary small', async () => {
    const d = { action: mode, candidate: c.text, score: c.score, reason: { code: reason.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) } };
    if (mode === 'edit') {
      if (editor.value === c.text) { editor.focus(); status.textContent = t('gen.editUnchanged'); return; }
      d.edited = editor.value;
    }
    await onDecide(d);
  });
  const open = m => () => {
    mode = m;
    form.hidden = false;
    editor.hidden = m !== 'edit';
    (m === 'edit' ? editor : reason).focus();
  };
  form.append(editor, reasonLabel, noteLabel, confirm, button(t('gen.cancelReview'), 'ghost small', () => { form.hidden = true; }));
  const actions = el('div', 'review-actions');
  actions.append(
    button(t('gen.approve'), 'secondary small approve', () => onDecide({ action: 'approve', candidate: c.text, score: c.score })),
    button(t('gen.edit'), 'secondary small edit', open('edit')),
    button(t('gen.reject'), 'secondary small reject', open('reject')),
    button(t('action.copy'), 'ghost small copy', () => onCopy(decision?.edited ?? c.text)),
  );
  foot.append(actions, status);
  card.append(head, body, details, form, foot);
  if (decision) card.dataset.decision = decision.action;
  return card;
}
