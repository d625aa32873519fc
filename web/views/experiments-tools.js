/**
 * The Experiments view's two tools: the power calculator (users per variation for a minimum
 * detectable effect) and the bandit simulation (traffic share per arm over time against a fixed
 * equal split). Numbers from web/experiment-stats.js; this file reads the form and draws.
 * @module views/experiments-tools
 */

import { power, simulateBandit } from '../experiment-stats.js';
import { lineChart } from '../charts.js';
import { el, field, reportError, percent, count, uid } from './kit.js';

function numberInput(name, value, props = {}) {
  return el('input', { type: 'number', name, value: String(value), step: 'any', ...props });
}

/** The power calculator. */
export function powerSection(ctx, t, lang) {
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
      out.textContent = t('powerResult', {
        users: count(r.users_per_variation, lang), total: count(r.total_users_two_variations, lang),
        from: percent(r.baseline), to: percent(r.treatment),
      });
      out.dataset.users = String(r.users_per_variation);
    } catch (e) {
      out.textContent = '';
      reportError(ctx, out, e);
    }
  };
  const relField = el('div', { className: 'field checkbox' }, [relative, el('label', { htmlFor: relative.id, text: t('relative') })]);
  return el('section', { className: 'tool power' }, [
    el('h3', { text: t('power') }),
    el('p', { text: t('powerIntro') }),
    el('form', { on: { submit: e => { e.preventDefault(); compute(); } } }, [
      field(t('baseline'), baseline), field(t('mde'), mde), relField,
      field(t('powerLevel'), powerLevel), field(t('alpha'), alpha),
      el('button', { type: 'submit', text: t('compute') }),
    ]),
    out,
  ]);
}

/** Parses "5, 6.5, 4" (percent) into fractions, or throws the message. */
function parseRates(text, t) {
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  const rates = parts.map(Number);
  if (rates.length < 2 || rates.some(r => !Number.isFinite(r) || r < 0 || r > 100)) throw new Error(t('badRates', { value: text }));
  return rates.map(r => r / 100);
}

/**
 * The bandit simulation. `observedRates()` gives the variations' observed rates to start from.
 */
export function banditSection(ctx, t, lang, observedRates) {
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
    } catch (e) {
      out.textContent = '';
      reportError(ctx, out, e);
    }
  };
  rates.addEventListener('input', () => { rates.dataset.touched = '1'; });
  return el('section', { className: 'tool bandit' }, [
    el('h3', { text: t('bandit') }),
    el('p', { text: t('banditIntro') }),
    el('form', { on: { submit: e => { e.preventDefault(); simulate(); } } }, [
      field(t('rates'), rates), field(t('steps'), steps), field(t('algorithm'), algorithm), field(t('seed'), seed),
      el('button', { type: 'submit', text: t('simulate') }),
    ]),
    out,
    chartBox,
  ]);
}
