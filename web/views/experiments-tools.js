/**
 * The Experiments view's two tools: the power calculator (users per variation for a minimum
 * detectable effect) and the bandit simulation (traffic share per arm over time against a fixed
 * equal split). Numbers from web/experiment-stats.js; this file reads the form and draws.
 * @module views/experiments-tools
 */

import { power, simulateBandit } from '../experiment-stats.js';
import { el, field, reportError, percent, count, uid, languageOf } from './kit.js';

function numberInput(name, value, props = {}) {
  return el('input', { type: 'number', name, value: String(value), step: 'any', ...props });
}

/** The power calculator: {node, redraw()}. */
export function powerSection(ctx, { t, T }) {
  let last = null;
  const baseline = numberInput('baseline', 5, { min: '0', max: '100' });
  const mde = numberInput('mde', 10, { min: '0' });
  const relative = el('input', { type: 'checkbox', name: 'relative', checked: true, id: uid('relative') });
  const powerLevel = numberInput('power', 80, { min: '1', max: '99.9' });
  const alpha = numberInput('alpha', 5, { min: '0.01', max: '50' });
  const out = el('p', { className: 'power-result', attrs: { 'aria-live': 'polite' }, dataset: { testid: 'power-result' } });
  const compute = async () => {
    try {
      const r = await power({
        baseline: Number(baseline.value) / 100, mde: Number(mde.value) / 100,
        relative: relative.checked, power: Number(powerLevel.value) / 100, alpha: Number(alpha.value) / 100,
      });
      last = r;
      redraw();
    } catch (e) {
      out.textContent = '';
      reportError(ctx, out, e);
    }
  };
  function redraw() {
    if (!last) return;
    const lang = languageOf(ctx);
    out.textContent = t('powerResult', {
      users: count(last.users_per_variation, lang), total: count(last.total_users_two_variations, lang),
      from: percent(last.baseline), to: percent(last.treatment),
    });
  }
  const relField = el('div', { className: 'field checkbox' }, [relative, el('label', { htmlFor: relative.id }, [T('relative')])]);
  const node = el('section', { className: 'tool power' }, [
    el('h3', {}, [T('power')]),
    el('p', {}, [T('powerIntro')]),
    el('form', { on: { submit: e => { e.preventDefault(); compute(); } } }, [
      field(T('baseline'), baseline), field(T('mde'), mde), relField,
      field(T('powerLevel'), powerLevel), field(T('alpha'), alpha),
      el('button', { type: 'submit' }, [T('compute')]),
    ]),
    out,
  ]);
  return { node, redraw };
}

/** Parses "5, 6.5, 4" (percent) into fractions, or throws the message. */
function parseRates(text, t) {
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  const rates = parts.map(Number);
  if (rates.length < 2 || rates.some(r => !Number.isFinite(r) || r < 0 || r > 100)) throw new Error(t('badRates', { value: text }));
  return rates.map(r => r / 100);
}

/**
 * The bandit simulation: {node, redraw()}. `observedRates()` gives the variations' observed
 * rates to start from.
 */
export function banditSection(ctx, { t, T }, observedRates) {
  let last = null;
  const rates = el('input', { type: 'text', name: 'rates', value: '5, 6, 4.5' });
  const steps = numberInput('steps', 20000, { min: '100', max: '1000000', step: '100' });
  const seed = numberInput('seed', 42, { min: '0', step: '1' });
  const algorithm = el('select', { name: 'algorithm' }, [
    el('option', { value: 'thompson', text: 'Thompson sampling' }),
    el('option', { value: 'ucb1', text: 'UCB1' }),
    el('option', { value: 'egreedy', text: 'ε-greedy' }),
  ]);
  const chartBox = el('div', { className: 'chart-box', dataset: { testid: 'bandit-chart' } });
  const out = el('p', { className: 'bandit-result', attrs: { 'aria-live': 'polite' } });
  const simulate = async () => {
    try {
      const seen = observedRates();
      // Until the user types their own, start from the rates observed in the experiment above.
      if (rates.dataset.touched !== '1' && seen.length >= 2 && seen.every(Number.isFinite)) {
        rates.value = seen.map(r => (100 * r).toPrecision(3)).join(', ');
      }
      out.textContent = t('working');
      const r = await simulateBandit({
        rates: parseRates(rates.value, t), steps: Number(steps.value), seed: Number(seed.value),
        algorithm: algorithm.value, checkpoints: 40,
      });
      last = r;
      await redraw();
    } catch (e) {
      out.textContent = '';
      reportError(ctx, out, e);
    }
  };
  async function redraw() {
    if (!last) return;
    const r = last, lang = languageOf(ctx);
    const { lineChart } = await import('../charts.js');   // on first use (see experiments.js)
    const arms = r.rates.map((_, i) => i);
    lineChart(chartBox, {
      title: t('allocationChart'), x: r.points.map(p => p.step), xLabel: t('visitors'), yLabel: t('share'),
      yRange: [0, 1], xFormat: v => count(v, lang), yFormat: v => percent(v, 0),
      summary: arms.map(i => `${t('arm', { i })} ${percent(r.rates[i], 1)}: ${percent(r.points.at(-1).weights[i], 1)}`).join('; '),
      series: arms.map(i => ({ label: `${t('arm', { i })} (${percent(r.rates[i], 1)})`, values: r.points.map(p => p.weights[i]) })),
    });
    out.textContent = t('banditResult', {
      conv: count(r.bandit.conversions, lang), regret: r.bandit.regret.toFixed(1),
      abConv: count(r.ab_split.conversions, lang), abRegret: r.ab_split.regret.toFixed(1),
      pBest: percent(r.bandit.p_best, 1), abPBest: percent(r.ab_split.p_best, 1),
    });
  }
  rates.addEventListener('input', () => { rates.dataset.touched = '1'; });
  const node = el('section', { className: 'tool bandit' }, [
    el('h3', {}, [T('bandit')]),
    el('p', {}, [T('banditIntro')]),
    el('form', { on: { submit: e => { e.preventDefault(); simulate(); } } }, [
      field(T('rates'), rates), field(T('steps'), steps), field(T('algorithm'), algorithm), field(T('seed'), seed),
      el('button', { type: 'submit' }, [T('simulate')]),
    ]),
    out,
    chartBox,
  ]);
  return { node, redraw };
}
