// Machine check of proofs/sd-exactness.md: exact output law, acceptance and profile of single-draft SD.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExactAnalysis } from '../src/analysis/outputLaw.ts';
import { overlap } from '../src/core/divergence.ts';
import { rationalField } from '../src/core/field.ts';
import type { Rational } from '../src/core/rational.ts';
import { checkExactness } from './_internals/exactness.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;

test('single-draft SD: P(Y = ·) = p, α = α_test = ov(p, q), A = min(p, q) — exhaustive grids and random instances', () => {
  const random = randomDistributions('proofs/sd');
  const randomPairs = Array.from({ length: 300 }, () => {
    const n = random.integer(2, 6);
    return { p: random.vector(n), q: random.vector(n) };
  });
  const extra = (r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]) => {
    assert.ok(r.acceptance.equals(overlap(F, p, q)));
    r.profile.forEach((a, y) => assert.ok(a.equals(F.min(p[y]!, q[y]!))));
  };
  const grid3 = checkExactness('sd', 1, gridPairs(3, 4), extra);
  const grid4 = checkExactness('sd', 1, gridPairs(4, 3), extra);
  const rand = checkExactness('sd', 1, randomPairs, extra);
  assert.is(grid3.checked + grid4.checked + rand.checked, 484 + 676 + 300);
  report('sd-exactness', { 'grid pairs (n = 3, d ≤ 4)': grid3.checked, 'grid pairs (n = 4, d ≤ 3)': grid4.checked, 'random instances (n ≤ 6)': rand.checked });
});

test.run();
