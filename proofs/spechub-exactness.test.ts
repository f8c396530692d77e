// Machine check of proofs/spechub-exactness.md: SpecHub's exact law (H1), closed form, profile, child split.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExactAnalysis } from '../src/analysis/outputLaw.ts';
import { argmax } from '../src/core/distribution.ts';
import { overlap } from '../src/core/divergence.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { checkExactness } from './_internals/exactness.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;
let fallbacks = 0;
let ties = 0;

function profileAndSplit(r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]): void {
  const a = argmax(F, q);
  if (q.filter((x) => x.equals(q[a]!)).length > 1) ties++;
  if (q[a]!.equals(Rational.ONE)) {
    fallbacks++;
    assert.ok(r.acceptance.equals(overlap(F, p, q)), 'q(a) = 1: single-draft SD');
    return;
  }
  const rest = Rational.ONE.sub(q[a]!);
  const tilde = (y: number) => q[y]!.div(rest);
  let expected = p[a]!;
  p.forEach((py, y) => {
    if (y === a) return assert.ok(r.profile[a]!.equals(p[a]!), 'A(a) = p(a)');
    assert.ok(r.profile[y]!.equals(F.min(py, tilde(y))), `A(${y}) = min(p, q̃)`);
    expected = expected.add(F.min(py, tilde(y)));
  });
  assert.ok(r.acceptance.equals(expected));
  // Item 4: S_ai = Σ_{y≠a} (Q_ai(y) − (p − q)^+(y))^+.
  let Sai = Rational.ZERO;
  let childZero = Rational.ZERO;
  p.forEach((py, y) => {
    if (y === a) return;
    Sai = Sai.add(F.positiveDifference(q[a]!.mul(tilde(y)), F.positiveDifference(py, q[y]!)));
    childZero = childZero.add(F.min(py, q[y]!));
  });
  childZero = childZero.add(F.min(p[a]!, Sai));
  assert.ok(r.perPosition[0]!.equals(childZero), `child 0: ${r.perPosition[0]} vs ${childZero}`);
  assert.ok(r.perPosition[1]!.equals(expected.sub(childZero)), 'child 1');
  assert.ok(F.le(childZero, overlap(F, p, q)), 'child 0 ≤ ov(p, q)');
}

test('SpecHub: exact law p (H1), α = α_test = p(a) + Σ min(p, q̃), profile, child split — grids and random', () => {
  const random = randomDistributions('proofs/spechub');
  const counts: Record<string, number> = {};
  counts['grid pairs n = 3 (d ≤ 4)'] = checkExactness('spechub', 2, gridPairs(3, 4), profileAndSplit).checked;
  counts['grid pairs n = 4 (d ≤ 4)'] = checkExactness('spechub', 2, gridPairs(4, 4), profileAndSplit).checked;
  const randomPairs = Array.from({ length: 300 }, () => {
    const n = random.integer(2, 7);
    return { p: random.vector(n), q: random.vector(n) };
  });
  counts['random instances (n ≤ 7)'] = checkExactness('spechub', 2, randomPairs, profileAndSplit).checked;
  counts['of them with tied hub candidates'] = ties;
  counts['with q(a) = 1 (single-draft fallback)'] = fallbacks;
  report('spechub-exactness', counts);
});

test.run();
