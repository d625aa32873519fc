// What the studio's Recommendations and Experiments views read from the engine, in WASM under
// Node: eco.findProducts() (display fields, ids in the asked order), the Beta posteriors against
// closed forms, and the bandit simulator's allocation against its own regret identity.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Ecosystem } from '../../web/ecosystem.js';
import { posteriors, simulateBandit } from '../../web/experiment-stats.js';
import { ROOT, requireBuild } from './plume-fixture.mjs';

before(() => requireBuild());

test('eco.findProducts: the asked ids in order with display fields, unknown ids skipped', async () => {
  const eco = await Ecosystem.create(readFileSync(join(ROOT, 'data/ecosystem/manifest.json'), 'utf8'));
  await eco.import('catalog', readFileSync(join(ROOT, 'data/ecosystem/catalog.csv')));
  const { total, products } = await eco.findProducts({ ids: ['P0001', 'nope', 'P0000'] });
  // One product per line of the file after the header (the sample has no multi-line fields).
  const rows = readFileSync(join(ROOT, 'data/ecosystem/catalog.csv'), 'utf8').trim().split('\n').length - 1;
  assert.equal(total, rows);
  assert.deepEqual(products.map(p => p.id), ['P0001', 'P0000']);
  // The first catalog row: "P0000,Aurora Fit Band 7,...,399.00 CNY,wearables,Aurora,...,in_stock,aurora-devices".
  assert.deepEqual(products[1], { id: 'P0000', title: 'Aurora Fit Band 7', category: 'wearables', brand: 'Aurora',
    price: 399, currency: 'CNY', availability: 'in_stock', partner: 'aurora-devices' });
  assert.equal((await eco.findProducts({ limit: 3 })).products.length, 3);
  await assert.rejects(eco.findProducts({ colour: 'red' }), /unknown products option 'colour'/);
  eco.free();
});

test('posteriors: Beta(1, 2) for 0 of 1, with its closed-form interval and density', async () => {
  const r = await posteriors({ variations: [{ name: 'A', users: 1, conversions: 0 }], points: 11 });
  const a = r.variations[0];
  assert.equal(a.posterior_a, 1);
  assert.equal(a.posterior_b, 2);
  // cdf 1 - (1 - x)^2, so the q-quantile is 1 - sqrt(1 - q); pdf 2 (1 - x).
  assert.ok(Math.abs(a.ci_low - (1 - Math.sqrt(0.975))) < 1e-9);
  assert.ok(Math.abs(a.ci_high - (1 - Math.sqrt(0.025))) < 1e-9);
  r.grid.forEach((x, i) => assert.ok(Math.abs(a.density[i] - 2 * (1 - x)) < 1e-9));
  await assert.rejects(posteriors({ variations: [{ users: 3, conversions: 4 }] }), /conversions \(4\) must be between 0 and users \(3\)/);
});

test('simulateBandit: each point\'s allocation adds up and explains the regret', async () => {
  const rates = [0.05, 0.08, 0.04];
  const r = await simulateBandit({ rates, steps: 5000, seed: 9, checkpoints: 10 });
  for (const p of r.points) {
    assert.equal(p.arm_users.reduce((a, b) => a + b, 0), p.step);
    assert.ok(Math.abs(p.weights.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    const regret = p.arm_users.reduce((sum, n, i) => sum + n * (0.08 - rates[i]), 0);
    assert.ok(Math.abs(p.regret - regret) < 1e-6, `${p.regret} vs ${regret}`);
  }
});
