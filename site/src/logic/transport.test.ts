import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rationalField as F } from '../../../src/core/field.ts';
import { Rational } from '../../../src/core/rational.ts';
import { spechub } from '../../../src/verifiers/spechub.ts';
import { subsetDual } from '../../../src/optimum/subsetDual.ts';
import { PRESETS } from './presets.ts';
import { applyPreset, defaultState, pairOf } from './state.ts';
import { optimalPlan, specHubPlan } from './transport.ts';

const sum = (v: Rational[]) => v.reduce((s, x) => s.add(x), Rational.ZERO);

test('optimal plan: a feasible membership flow whose value is α* (subset dual), for i.i.d., w/o replacement and hub laws', () => {
  for (const preset of PRESETS.filter((p) => p.kind === 'probabilities')) {
    const { p, q } = pairOf(applyPreset(defaultState(), preset)).exact!;
    for (const [scheme, k] of [['iid', 2], ['wor', 2], ['hub', 2], ['iid', 3]] as const) {
      let plan;
      try {
        plan = optimalPlan(F, scheme, p, q, k);
      } catch {
        continue; // k above the draft support
      }
      const label = `${preset.id} ${scheme} k=${k}`;
      assert.ok(plan.value.equals(subsetDual(F, scheme, p, q, k).optimum), `${label}: value`);
      for (const row of plan.rows) {
        assert.ok(sum(row.cells).add(row.leftover).equals(row.probability), `${label}: row mass`);
        row.cells.forEach((c, y) => assert.ok(row.member[y] || c.isZero(), `${label}: flow only to members`));
      }
      plan.profile.forEach((a, y) => assert.ok(a.compare(p[y]!) <= 0, `${label}: A ≤ p`));
      assert.ok(sum(plan.profile).equals(plan.value));
    }
  }
});

test('SpecHub’s plan: a coupling of the hub law and p whose member mass is SpecHub’s acceptance (= its compact-LP optimum)', () => {
  for (const preset of PRESETS.filter((p) => p.kind === 'probabilities')) {
    const { p, q } = pairOf(applyPreset(defaultState(), preset)).exact!;
    const plan = specHubPlan(F, p, q);
    const label = preset.id;
    for (const row of plan.rows) assert.ok(sum(row.cells).equals(row.probability), `${label}: row sums are Q(x̄)`);
    const columns = p.map((_, y) => sum(plan.rows.map((r) => r.cells[y]!)));
    assert.equal(columns.map(String), p.map(String), `${label}: column sums are p`);
    assert.ok(plan.value.equals(spechub.acceptance(F, p, q, 2).value), `${label}: value`);
    assert.ok(plan.value.equals(subsetDual(F, 'hub', p, q, 2).optimum), `${label}: H2`);
  }
});

test.run();
