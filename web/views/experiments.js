/**
 * The studio's Experiments view: set up an A/B test (variations, intended split, metric), type
 * in users and conversions or take them from the workspace's events, and read the result — the
 * sample-ratio check first, then each variation against the control, the conversion rates with
 * their credible intervals and the posterior distributions. The power calculator and the bandit
 * simulation are in experiments-tools.js. The engine (web/experiment.js) computes every number;
 * this file only reads the form and draws.
 * @module views/experiments
 */

import { analyze, posteriors, aggregate } from '../experiment.js';
import { STRINGS } from './experiments-strings.js';
import { el, field, i18n, reportError, percent, signedPercent, pValue, count, table, languageOf, ensureStyles, SHARED_STRINGS } from './kit.js';
import { powerSection, banditSection } from './experiments-tools.js';
import { workspaceEvents } from './workspace-data.js';

const DEFAULT_ROWS = [
  { name: 'control', weight: 50, users: '', conversions: '' },
  { name: 'B', weight: 50, users: '', conversions: '' },
];

/** Reads the variations table; throws a message naming the cell that is wrong. */
function readRows(rows, t) {
  return rows.map((r, i) => {
    const num = (input, label, integer) => {
      const text = input.value.trim();
      const v = Number(text);
      if (text === '' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
        throw new Error(t('badNumber', { label, row: i + 1, value: text || '""' }));
      }
      return v;
    };
    return {
      name: r.name.value.trim() || (i === 0 ? 'control' : `variation ${i}`),
      weight: num(r.weight, t('weight'), false),
      users: num(r.users, t('users'), true),
      conversions: num(r.conversions, t('conversions'), true),
    };
  });
}

function srmBox(result, t, lang) {
  const srm = result.srm;
  if (!srm.mismatch) return el('p', { className: 'srm-ok', text: t('srmOk', { p: pValue(srm.p_value) }) });
  const total = srm.observed_users.reduce((a, b) => a + b, 0);
  return el('div', { className: 'srm-warning', attrs: { role: 'alert' }, dataset: { testid: 'srm-warning' } }, [
    el('strong', { text: t('srmTitle') }),
    el('p', {
      text: t('srmText', {
        observed: srm.observed_users.map(n => count(n, lang)).join(' / '),
        expected: srm.expected_weights.map(w => count(w * total, lang)).join(' / '),
        chi: srm.chi_square.toFixed(2),
        p: pValue(srm.p_value),
      }),
    }),
  ]);
}

function comparisonTable(result, post, t, lang) {
  const level = Math.round(100 * (1 - result.alpha));
  const rows = [[
    `${result.control.name} (${t('control')})`, count(result.control.users, lang),
    count(post.variations[0].conversions, lang), percent(result.control.mean), '—', '—', '—', '—', '—', '—',
  ]];
  result.variations.forEach((v, i) => {
    rows.push([
      v.name, count(v.users, lang), count(post.variations[i + 1].conversions, lang), percent(v.mean),
      signedPercent(v.absolute_lift), signedPercent(v.relative_lift),
      `${signedPercent(v.ci_low)} … ${signedPercent(v.ci_high)}`,
      `${pValue(v.p_value)} (${v.significant ? t('significant') : t('notSignificant')})`,
      percent(v.chance_to_win, 1), percent(v.expected_loss, 3),
    ]);
  });
  return table(t('tableCaption', { method: result.methods.frequentist }),
    [t('variation'), t('users'), t('conversions'), t('rate'), t('absLift'), t('lift'), t('ci', { level }),
      t('pValue'), t('chanceToWin'), t('expectedLoss')], rows);
}

async function drawResult(box, result, post, t, lang) {
  const level = Math.round(100 * (1 - post.alpha));
  const names = post.variations.map(v => v.name);
  const rateBox = el('div', { className: 'chart-box', dataset: { testid: 'rate-chart' } });
  const postBox = el('div', { className: 'chart-box', dataset: { testid: 'posterior-chart' } });
  // The sample-ratio check comes first: a failed one makes everything after it untrustworthy.
  box.replaceChildren(srmBox(result, t, lang), comparisonTable(result, post, t, lang), rateBox, postBox);
  const summary = post.variations.map(v => t('summaryRates', {
    name: v.name, rate: percent(v.mean), low: percent(v.ci_low), high: percent(v.ci_high),
  })).join('; ');
  // Charts load on first use: the studio's other tabs never wait for (or depend on) uPlot.
  const { intervalChart, lineChart } = await import('../charts.js');
  intervalChart(rateBox, {
    title: t('rateChart', { level }), summary, labels: names,
    means: post.variations.map(v => v.mean), lows: post.variations.map(v => v.ci_low),
    highs: post.variations.map(v => v.ci_high), yLabel: t('rateAxis'), yFormat: v => percent(v, 1),
  });
  lineChart(postBox, {
    title: t('posteriorChart'), summary, x: post.grid, xLabel: t('rateAxis'), yLabel: t('density'),
    xFormat: v => percent(v, 2), yFormat: v => v.toPrecision(3),
    series: post.variations.map(v => ({ label: v.name, values: v.density })),
  });
}

export default {
  id: 'experiments',
  title: { en: STRINGS.en.title, zh: STRINGS.zh.title },
  strings: SHARED_STRINGS,

  /**
   * @param {HTMLElement} container
   * @param {object} ctx the studio's context (language, workspace, error banner)
   */
  mount(container, ctx = {}) {
    ensureStyles();
    const { t, T, attr, render } = i18n(STRINGS, ctx);
    const rows = [];
    let redraw = null;   // draws the last result again (after a language switch)
    const tbody = el('tbody');
    const message = el('p', { className: 'view-message', attrs: { 'aria-live': 'polite' }, hidden: true });
    const results = el('div', { className: 'results', attrs: { 'aria-live': 'polite' }, dataset: { testid: 'results' } },
      [el('p', { className: 'empty' }, [T('empty')])]);
    const keyInput = el('input', { type: 'text', value: 'spring-email', name: 'experiment-key' });
    const metricInput = el('input', { type: 'text', value: 'purchase', name: 'metric' });
    const confidence = el('input', { type: 'number', value: '95', min: '50', max: '99.9', step: '0.1', name: 'confidence' });

    const addRow = (init = {}) => {
      const cell = (props, key) => attr(el('input', props), 'aria-label', key);
      const r = {
        name: cell({ type: 'text', value: init.name ?? `V${rows.length}` }, 'name'),
        weight: cell({ type: 'number', min: '0', step: 'any', value: String(init.weight ?? 50) }, 'weight'),
        users: cell({ type: 'number', min: '0', step: '1', value: String(init.users ?? ''), inputMode: 'numeric' }, 'users'),
        conversions: cell({ type: 'number', min: '0', step: '1', value: String(init.conversions ?? ''), inputMode: 'numeric' }, 'conversions'),
      };
      const remove = el('button', { type: 'button' }, [T('remove')]);
      const tr = el('tr', {}, [r.name, r.weight, r.users, r.conversions].map(c => el('td', {}, [c])).concat(el('td', {}, [remove])));
      attr(remove, 'aria-label', 'removeRow', () => ({ name: r.name.value }));
      r.name.addEventListener('input', () => remove.setAttribute('aria-label', t('removeRow', { name: r.name.value })));
      remove.addEventListener('click', () => {
        if (rows.length <= 2) return;  // an experiment needs a control and one variation
        rows.splice(rows.indexOf(r), 1);
        tr.remove();
      });
      r.tr = tr;
      rows.push(r);
      tbody.append(tr);
    };
    // The last analysed setup comes back from the workspace (it survives a reload).
    const saved = ctx.workspace?.settings?.experiment;
    if (saved && Array.isArray(saved.rows) && saved.rows.length >= 2) {
      keyInput.value = String(saved.key ?? keyInput.value);
      metricInput.value = String(saved.metric ?? metricInput.value);
      confidence.value = String(saved.confidence ?? confidence.value);
      saved.rows.forEach(addRow);
    } else {
      DEFAULT_ROWS.forEach(addRow);
    }

    const run = async () => {
      message.hidden = true;
      let data;
      try {
        data = readRows(rows, t);
      } catch (e) {
        reportError(ctx, message, e);
        return;
      }
      const weightSum = data.reduce((a, r) => a + r.weight, 0);
      const level = Number(confidence.value);
      const alpha = Number.isFinite(level) && level > 0 && level < 100 ? 1 - level / 100 : 0.05;
      const variations = data.map(({ name, users, conversions }) => ({ name, users, conversions }));
      results.setAttribute('aria-busy', 'true');
      try {
        const [result, post] = await Promise.all([
          analyze({ metric: 'binomial', variations, alpha,
            ...(weightSum > 0 ? { weights: data.map(r => r.weight / weightSum) } : {}) }),
          posteriors({ variations, alpha }),
        ]);
        // The setup is saved while the charts draw, so that a reload right after the numbers
        // appear still finds it; the results stay aria-busy until both are done.
        const saved = ctx.workspace?.setSettings?.({ experiment: {
          key: keyInput.value.trim(), metric: metricInput.value.trim(), confidence: confidence.value, rows: data,
        } });
        redraw = () => drawResult(results, result, post, t, languageOf(ctx)).catch(e => reportError(ctx, message, e));
        await Promise.all([redraw(), saved]);
      } catch (e) {
        reportError(ctx, message, e);
      } finally {
        results.removeAttribute('aria-busy');
      }
    };

    const fromEvents = async () => {
      message.hidden = true;
      try {
        const events = await workspaceEvents(ctx);
        if (!events.length) throw new Error(t('noEvents'));
        const agg = await aggregate(events, { experiment: keyInput.value.trim(), metric: metricInput.value.trim() || 'conversion' });
        if (!agg.variations.length) throw new Error(t('noExposures', { key: keyInput.value.trim() }));
        while (rows.length > agg.variations.length) rows.pop().tr.remove();
        while (rows.length < agg.variations.length) addRow();
        agg.variations.forEach((v, i) => {
          rows[i].name.value = v.name;
          rows[i].users.value = String(v.users);
          rows[i].conversions.value = String(v.conversions);
        });
        message.hidden = false;
        message.textContent = t('fromEventsDone', { n: count(events.length, languageOf(ctx)) });
      } catch (e) {
        reportError(ctx, message, e);
      }
    };

    const form = el('form', { className: 'experiment-setup', on: { submit: e => { e.preventDefault(); run(); } } }, [
      el('h3', {}, [T('setup')]),
      field(T('key'), keyInput),
      field(T('metric'), metricInput),
      el('table', { className: 'variations' }, [
        el('caption', {}, [T('variations')]),
        el('thead', {}, [el('tr', {}, ['name', 'weight', 'users', 'conversions', null].map(h =>
          el('th', { attrs: { scope: 'col' } }, [h && T(h)])))]),
        tbody,
      ]),
      el('div', { className: 'actions' }, [
        el('button', { type: 'button', on: { click: () => addRow({ weight: 50 }) } }, [T('add')]),
        el('button', { type: 'button', on: { click: fromEvents } }, [T('fromEvents')]),
      ]),
      field(T('confidence'), confidence),
      el('button', { type: 'submit', className: 'primary' }, [T('analyze')]),
    ]);
    const tools = { T, attr, t };
    const power = powerSection(ctx, tools);
    const bandit = banditSection(ctx, tools, () => {
      try {
        return readRows(rows, t).filter(r => r.users > 0).map(r => r.conversions / r.users);
      } catch {
        return [];
      }
    });

    container.classList.add('view-experiments');
    container.replaceChildren(el('div', { className: 'view-body' }, [
      el('h2', {}, [T('title')]),
      el('p', { className: 'intro' }, [T('intro')]),
      form,
      message,
      el('h3', {}, [T('results')]),
      results,
      power.node,
      bandit.node,
    ]));
    return {
      render() {
        render();
        redraw?.();
        power.redraw();
        bandit.redraw().catch(e => reportError(ctx, null, e));
      },
    };
  },
};
