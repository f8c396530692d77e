// Machine check of proofs/rrsw-exactness.md: RRSw output law and acceptance, exactly; the k = 2 closed form.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExactAnalysis } from '../src/analysis/outputLaw.ts';
import { overlap } from '../src/core/divergence.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { rrswAcceptanceTwoDrafts } from '../src/verifiers/rrsw.ts';
import { checkExactness } from './_internals/exactness.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;

/** Item 3, in rationals, straight from the formula. */
function twoDraftFormula(p: Rational[], q: Rational[]): Rational {
  const residual = p.map((x, y) => F.positiveDifference(x, q[y]!));
  const mass = residual.reduce((a, b) => a.add(b), Rational.ZERO);
  let alpha = overlap(F, p, q);
  if (mass.isZero()) return alpha;
  const P2 = residual.map((x) => x.div(mass));
  p.forEach((px, x) => {
    if (px.compare(q[x]!) >= 0 || q[x]!.equals(Rational.ONE)) return;
    const c = Rational.ONE.div(Rational.ONE.sub(q[x]!));
    const g = P2.reduce((s, P, y) => s.add(F.min(P, c.mul(q[y]!))), Rational.ZERO);
    alpha = alpha.add(q[x]!.sub(px).mul(g));
  });
  return alpha;
}

function itemThree(r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]): void {
  if (r.k !== 2) return;
  assert.ok(r.acceptance.equals(twoDraftFormula(p, q)), `k = 2 formula: ${r.acceptance} vs ${twoDraftFormula(p, q)}`);
  const float = rrswAcceptanceTwoDrafts(p.map((x) => x.toNumber()), q.map((x) => x.toNumber()));
  assert.ok(Math.abs(float - r.acceptance.toNumber()) < 1e-12, `float closed form ${float} vs ${r.acceptance}`);
}

test('RRSw: exact law p, α = α_test = exact prefix sum; k = 2 closed form (rational and float) — grids and random', () => {
  const random = randomDistributions('proofs/rrsw');
  const counts: Record<string, number> = {};
  let skipped = 0;
  for (const k of [2, 3]) {
    for (const [n, d] of [[3, 4], [4, 3]] as const) {
      const c = checkExactness('rrsw', k, gridPairs(n, d), itemThree);
      counts[`grid pairs n = ${n} (d ≤ ${d}), k = ${k}`] = c.checked;
      skipped += c.skipped;
    }
  }
  let randomCount = 0;
  for (let t = 0; t < 150; t++) {
    const n = random.integer(2, 5);
    const k = random.integer(1, Math.min(n, 3));
    randomCount += checkExactness('rrsw', k, [{ p: random.vector(n), q: random.vector(n) }], itemThree).checked;
  }
  counts['random instances (n ≤ 5, k ≤ 3)'] = randomCount;
  counts['grid pairs skipped (|supp q| < k)'] = skipped;
  report('rrsw-exactness', counts);
});

test.run();
