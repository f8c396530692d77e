// Machine check of proofs/kseq-exactness.md: K-SEQ's law, acceptance and profile at ρ*, and items 2–4 on a
// ladder of divisors (including the degenerate exact divisors below ρ*).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExactAnalysis } from '../src/analysis/outputLaw.ts';
import { Categorical } from '../src/core/categorical.ts';
import { enumerateOutcomes } from '../src/core/chooser.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { kseqBeta, kseqGap, kseqRho } from '../src/verifiers/kseq.ts';
import { checkExactness } from './_internals/exactness.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;
const ONE = Rational.ONE;

function power(x: Rational, k: number): Rational {
  let r = ONE;
  for (let i = 0; i < k; i++) r = r.mul(x);
  return r;
}

const b = (p: Rational[], q: Rational[], rho: Rational) => p.map((py, y) => F.min(q[y]!, py.div(rho)));
const alphaOf = (beta: Rational, k: number) => ONE.sub(power(ONE.sub(beta), k));

/** w_ρ = p − (α/β) b_ρ (= p when β = 0). */
function residualWeights(p: Rational[], q: Rational[], k: number, rho: Rational): Rational[] {
  const beta = kseqBeta(F, p, q, rho);
  if (beta.isZero()) return p;
  const scale = alphaOf(beta, k).div(beta);
  return b(p, q, rho).map((x, y) => p[y]!.sub(scale.mul(x)));
}

let irrational = 0;

/** Item 1 at the divisor the toolkit uses (ρ* itself, or the rational ρ̂ ≥ ρ* when ρ* is irrational). */
function atToolkitRho(r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]): void {
  const { rho, exact } = kseqRho(F, p, q, r.k);
  const beta = kseqBeta(F, p, q, rho);
  const alpha = alphaOf(beta, r.k);
  assert.ok(r.acceptanceTest.equals(alpha), `α_test = ${r.acceptanceTest} vs 1 − (1 − β)^k = ${alpha}`);
  if (exact && !beta.isZero()) b(p, q, rho).forEach((x, y) => assert.ok(r.profile[y]!.equals(alpha.div(beta).mul(x)), `A(${y})`));
  if (!exact) irrational++;
}

/** An independent enumeration of K-SEQ with an arbitrary divisor (the toolkit refuses h(ρ) < 0). */
function kseqLaw(p: Rational[], q: Rational[], k: number, rho: Rational): Rational[] {
  const w = residualWeights(p, q, k, rho);
  const draft = Categorical.create(F, q);
  const residual = Categorical.tryCreate(F, w);
  const law = p.map(() => Rational.ZERO);
  for (const { probability, value } of enumerateOutcomes(F, (c) => {
    for (let i = 0; i < k; i++) {
      const x = c.categorical(draft);
      if (c.bernoulli(p[x]!.div(rho.mul(q[x]!)))) return x;
    }
    return c.categorical(residual!);
  })) law[value] = law[value]!.add(probability);
  return law;
}

test('K-SEQ item 1 and 5: exact law p, α = α_test = 1 − (1 − β)^k, A = (α/β) b at the toolkit ρ — grids and random', () => {
  const random = randomDistributions('proofs/kseq');
  const counts: Record<string, number> = {};
  counts['grid pairs n = 3 (d ≤ 4), k = 2'] = checkExactness('kseq', 2, gridPairs(3, 4), atToolkitRho).checked;
  counts['grid pairs n = 4 (d ≤ 3), k = 2'] = checkExactness('kseq', 2, gridPairs(4, 3), atToolkitRho).checked;
  counts['grid pairs n = 3 (d ≤ 3), k = 3'] = checkExactness('kseq', 3, gridPairs(3, 3), atToolkitRho).checked;
  let randomCount = 0;
  for (let t = 0; t < 60; t++) {
    const n = random.integer(2, 5);
    randomCount += checkExactness('kseq', random.integer(1, 3), [{ p: random.vector(n), q: random.vector(n) }], atToolkitRho).checked;
  }
  counts['random instances (n ≤ 5, k ≤ 3)'] = randomCount;
  counts['of them with an irrational ρ* (run at ρ̂, α − α_test < 1e-12)'] = irrational;
  report('kseq-exactness (items 1, 5)', counts);
});

test('K-SEQ items 2–4 on a ladder of divisors; degenerate exact divisors below ρ* keep α(ρ*)', () => {
  let instances = 0;
  let divisors = 0;
  let degenerate = 0;
  let example: { p: Rational[]; q: Rational[]; k: number; rho: Rational } | null = null;
  for (const k of [2, 3]) {
    const K = Rational.of(k);
    const ladder = [1, 9, 8, 7, 6, 5, 4].flatMap((den) => Array.from({ length: (k - 1) * den + 1 }, (_, j) => Rational.of(den + j, den)));
    const rhos = [...new Map(ladder.map((r) => [r.toString(), r])).values()].sort((a, c) => a.compare(c));
    for (const { p, q } of gridPairs(3, 4)) {
      instances++;
      const h = (rho: Rational) => kseqGap(F, p, q, k, rho);
      assert.ok(h(ONE).sign() <= 0 && h(K).sign() >= 0, 'h(1) ≤ 0 ≤ h(k)');
      let previous: Rational | null = null;
      // ρ_1 = min over supp p with q > 0 of p/q (∞ when there is none).
      let rho1: Rational | null = null;
      p.forEach((py, y) => {
        if (py.sign() > 0 && q[y]!.sign() > 0) {
          const r = py.div(q[y]!);
          if (rho1 === null || r.compare(rho1) < 0) rho1 = r;
        }
      });
      for (const rho of rhos) {
        divisors++;
        const hr = h(rho);
        if (previous !== null) assert.ok(previous.compare(hr) <= 0, 'h nondecreasing');
        previous = hr;
        const exact = residualWeights(p, q, k, rho).every((x) => x.sign() >= 0);
        if (hr.sign() >= 0) assert.ok(exact, `h(${rho}) ≥ 0 but w has a negative entry`);
        else if (exact) {
          degenerate++;
          const r1 = rho1 as Rational | null;
          assert.ok(r1 !== null && rho.compare(r1) < 0, 'degenerate: ρ < ρ_1');
          assert.ok(h(r1!).sign() >= 0, 'degenerate: h(ρ_1) ≥ 0');
          assert.ok(kseqBeta(F, p, q, rho).equals(kseqBeta(F, p, q, r1!)), 'degenerate: β constant up to ρ_1');
          example ??= { p, q, k, rho };
        }
      }
    }
  }
  assert.ok(example !== null, 'the degenerate case occurs on the grid');
  const law = kseqLaw(example!.p, example!.q, example!.k, example!.rho);
  law.forEach((x, y) => assert.ok(x.equals(example!.p[y]!), 'degenerate divisor is exact'));
  report('kseq-exactness (items 2–4)', {
    'grid instances (n = 3, d ≤ 4, k = 2, 3)': instances,
    'divisors': divisors,
    'exact divisors with h(ρ) < 0 (the degenerate case)': degenerate,
  });
  console.log(`  [proof kseq-exactness] degenerate example: p = (${example!.p.join(', ')}), q = (${example!.q.join(', ')}), k = ${example!.k}, ρ = ${example!.rho} < ρ*: exact law by enumeration`);
});

test('the hand example of the correction: p = (1/2, 1/2, 0), q = (1/4, 1/4, 1/2), k = 2, ρ = 1', () => {
  const p = [Rational.of(1, 2), Rational.of(1, 2), Rational.ZERO];
  const q = [Rational.of(1, 4), Rational.of(1, 4), Rational.of(1, 2)];
  assert.ok(kseqGap(F, p, q, 2, ONE).sign() < 0);
  assert.equal(residualWeights(p, q, 2, ONE).map(String), ['1/8', '1/8', '0']);
  assert.equal(kseqLaw(p, q, 2, ONE).map(String), ['1/2', '1/2', '0']);
  assert.is(kseqRho(F, p, q, 2).rho.toString(), '3/2');
  assert.ok(alphaOf(kseqBeta(F, p, q, ONE), 2).equals(alphaOf(kseqBeta(F, p, q, Rational.of(3, 2)), 2)));
});

test.run();
