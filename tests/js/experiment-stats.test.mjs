// web/experiment-stats.js end to end in Node: the real WASM engine; results equal to the native
// CLI's and to scipy's reference values (build/experiment_stats_reference.json, when present).
//   node --test tests/js/experiment-stats.test.mjs
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { analyze, power, banditWeights, simulateBandit, adjustPValues } from '../../web/experiment-stats.js';
import { PlumeError } from '../../web/plume.js';
import { ARTIFACTS, ROOT, plumeCli, requireBuild } from './plume-fixture.mjs';

const REFERENCE = join(ROOT, 'build/experiment_stats_reference.json');

const AB = {
  metric: 'binomial',
  variations: [
    { name: 'control', users: 10000, conversions: 500 },
    { name: 'B', users: 10000, conversions: 560 },
    { name: 'C', users: 9900, conversions: 480 },
  ],
};

function close(actual, expected, tol, what) {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`);
}

/** Same structure and strings; numbers equal to ~1e-12 (glibc and musl libm may differ in the last bits). */
function deepClose(actual, expected, path = '') {
  if (typeof expected === 'number') return close(actual, expected, 1e-12, path);
  if (expected === null || typeof expected !== 'object') return assert.equal(actual, expected, path);
  assert.equal(typeof actual, 'object', path);
  assert.deepEqual(Object.keys(actual), Object.keys(expected), path);
  for (const k of Object.keys(expected)) deepClose(actual[k], expected[k], `${path}.${k}`);
}

async function rejects(promise, pattern) {
  await assert.rejects(promise, err => {
    assert.ok(err instanceof PlumeError, `a PlumeError, got ${err}`);
    assert.match(err.message, pattern);
    return true;
  });
}

/** Runs the native CLI on a JSON file and parses its --json output. */
async function cli(args, data) {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (data) {
    const file = join(ARTIFACTS, `stats-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(data));
    args = [...args, '--data', file];
  }
  return JSON.parse(await plumeCli([...args, '--json']));
}

before(() => requireBuild());

describe('experiment-stats', () => {
  test('analyze: SRM first, every field, identical to the native CLI', async () => {
    const r = await analyze(AB);
    assert.equal(Object.keys(r)[0], 'srm_p_value');
    assert.equal(r.warning, null);
    assert.equal(r.variations.length, 2);
    const b = r.variations[0];
    for (const k of ['absolute_lift', 'relative_lift', 'ci_low', 'ci_high', 'p_value', 'chance_to_win', 'expected_loss'])
      assert.equal(typeof b[k], 'number', k);
    assert.ok(b.ci_low < b.absolute_lift && b.absolute_lift < b.ci_high);
    assert.match(r.methods.frequentist, /Wald z/);
    const native = await cli(['ab', 'analyze'], AB);
    deepClose(r, native);
  });

  test('analyze: matches scipy on the reference cases', async t => {
    if (!existsSync(REFERENCE)) {
      t.skip('build/experiment_stats_reference.json missing (tests/reference/experiment_stats_reference.py)');
      return;
    }
    const ref = JSON.parse(await readFile(REFERENCE, 'utf8'));
    for (const c of ref.z_tests) {
      const r = await analyze({ alpha: c.alpha, variations: [c.control, c.variation] });
      const v = r.variations[0];
      close(v.p_value, c.p_value, 1e-8, 'z p-value');
      close(v.ci_low, c.ci_low, 1e-9, 'z ci_low');
      close(v.relative_ci_high, c.relative_ci_high, 1e-9, 'relative ci_high');
      close(v.chance_to_win, c.chance_to_win, 1e-9, 'chance to win');
    }
    for (const c of ref.welch_tests) {
      const r = await analyze({ metric: 'continuous', alpha: c.alpha, variations: [c.control, c.variation] });
      const v = r.variations[0];
      close(v.p_value, c.p_value, 1e-7, 'welch p-value');
      close(v.degrees_of_freedom, c.degrees_of_freedom, 1e-8, 'welch df');
    }
  });

  test('analyze: sequential names its method; corrections; segments', async () => {
    const r = await analyze({ ...AB, sequential: true, correction: 'bh' });
    assert.match(r.methods.sequential, /confidence sequence/);
    assert.equal(r.methods.sequential_tuning_parameter, 5000);
    assert.equal(r.methods.correction, 'Benjamini-Hochberg');
    for (const v of r.variations) assert.ok(v.p_value_adjusted >= v.p_value);
    const s = await analyze({ ...AB, segments: [{ segment: 'email', variations: AB.variations }] });
    assert.equal(s.segments[0].segment, 'email');
    assert.deepEqual(s.segments[0].variations, s.variations);
  });

  test('analyze: bad input rejects with the reason; undefined numbers are null', async () => {
    await rejects(analyze({ variations: [{ name: 'A', users: 10, conversions: 1 }] }), /at least one variation/);
    await rejects(analyze({ variations: [{ users: 0, conversions: 0 }, { users: 10, conversions: 1 }] }), /0 users/);
    await rejects(analyze({ variations: [{ users: 10, conversions: 11 }, { users: 10, conversions: 1 }] }), /11 conversions/);
    await rejects(analyze({ ...AB, weights: [0.5, 0.3, 0.1] }), /sum to 0\.9/);
    await rejects(analyze({ ...AB, alpha: 0 }), /alpha/);
    await rejects(analyze({ metric: 'continuous', variations: [{ users: 10, sum: 10, sum_squares: 1 }, { users: 10, sum: 10, sum_squares: 20 }] }),
      /negative variance/);
    await rejects(analyze([1, 2]), /must be an object/);
    const r = await analyze({ variations: [{ users: 100, conversions: 0 }, { users: 100, conversions: 0 }] });
    assert.equal(r.variations[0].p_value, null);
    assert.ok(r.variations[0].warnings.length > 0);
  });

  test('power: sample size and MDE, same as the CLI', async () => {
    const r = await power({ baseline: 0.2, mde: 0.05 });
    assert.equal(r.users_per_variation, 1091);
    const rel = await power({ baseline: 0.05, mde: 0.1, relative: true });
    close(rel.mde_absolute, 0.005, 1e-12, 'relative mde');
    deepClose(rel, await cli(['ab', 'power', '--baseline', '0.05', '--mde', '0.1', '--relative']));
    const mde = await power({ baseline: 0.05, users: 10000 });
    assert.ok(mde.mde_absolute > 0.008 && mde.mde_absolute < 0.01);
    await rejects(power({ baseline: 1.5, mde: 0.1 }), /baseline/);
    await rejects(power({ baseline: 0.05 }), /either "mde"/);
  });

  test('bandits: weights, segments, and a seeded simulation identical to the CLI', async () => {
    const w = await banditWeights({ arms: [{ users: 1000, conversions: 50 }, { users: 1000, conversions: 70 }], min_weight: 0.1 });
    assert.ok(Math.abs(w.weights[0] + w.weights[1] - 1) < 1e-12);
    assert.ok(w.weights[0] >= 0.1);
    const seg = await banditWeights({ algorithm: 'ucb1', segments: [{ segment: 'sms', arms: [{ users: 5, conversions: 1 }, { users: 0, conversions: 0 }] }] });
    assert.deepEqual(seg.segments[0].weights, [0, 1]);
    const sim = await simulateBandit({ rates: [0.05, 0.06, 0.04], steps: 5000, algorithm: 'thompson', seed: 3 });
    assert.equal(sim.points.length, 20);
    assert.ok(sim.bandit.regret < sim.ab_split.regret);
    const native = await cli(['bandit', 'simulate', '--rates', '0.05,0.06,0.04', '--steps', '5000', '--algo', 'thompson', '--seed', '3']);
    deepClose(sim, native);  // same draws, same arms, same counts
    await rejects(simulateBandit({ rates: [0.05] }), /at least 2 arms/);
    await rejects(simulateBandit({ rates: [0.05, 0.1], algorithm: 'greedy' }), /not one of/);
  });

  test('adjustPValues: Holm and Benjamini-Hochberg', async () => {
    assert.deepEqual(await adjustPValues([0.01, 0.02, 0.03], 'holm'), [0.03, 0.04, 0.04]);
    const bh = await adjustPValues([0.01, 0.02, 0.03], 'bh');
    for (const p of bh) close(p, 0.03, 1e-15, 'bh');
    await rejects(adjustPValues([0.5, 2]), /not between 0 and 1/);
  });
});
