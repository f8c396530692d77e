// Regression tests for the float64 paths on near-one-hot and near-degenerate inputs (issue 9 "Critical",
// docs/theory.md §11). Every expected value is computed independently of the float closed forms: by exact
// branch enumeration (§3.2) in rationals, on the *exactly renormalised* inputs (renormalise.ts), i.e. the
// law the float code rounds once at the boundary.
//
// Statistical checks: each Monte Carlo check runs checkSampler at level 1e-4 (G-test and acceptance z-test at
// 5e-5 each, Bonferroni); with the 12 checks below the family-wise false-alarm rate is ≤ 1.2e-3. Teeth: the
// pre-fix greedy verifier (q'_T = q/(1 − q(T)), the bug) is rejected by the same check on the same input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptanceRate } from '../analysis/acceptanceRate.ts';
import { exactOutputLaw } from '../analysis/outputLaw.ts';
import { rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { exactlyRenormalised, renormalise } from '../core/renormalise.ts';
import { checkSampler, checkSamplerUnchecked } from '../montecarlo/checkSampler.ts';
import { subtractingGreedyMethod } from '../../property-tests/helpers.ts';
import { floatField } from '../core/field.ts';

const LEVEL = 1e-4;
const RELATIVE_TOLERANCE = 1e-12;
/** A decimal vector read exactly, then rounded to doubles (as the CLI reads --target/--draft). */
const decimals = (text: string): number[] => text.split(',').map((x) => Rational.parse(x).toNumber());

/** The exact acceptance of the exactly renormalised inputs, by branch enumeration (not a closed form). */
function exactByEnumeration(method: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  return exactOutputLaw(rationalField, method, exactlyRenormalised(p), exactlyRenormalised(q), k).acceptance.toNumber();
}

function assertAcceptance(method: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  const float = acceptanceRate(method, p, q, k);
  const exact = exactByEnumeration(method, p, q, k);
  assert.ok(float >= 0 && float <= 1, `${method}: acceptance ${float} outside [0, 1]`);
  assert.ok(Math.abs(float - exact) <= RELATIVE_TOLERANCE * exact, `${method}: float ${float} vs exact ${exact}`);
  return exact;
}

function assertSampler(method: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number, seed: string): void {
  const r = checkSampler(method, p, q, k, { trials: 60_000, seed, significance: LEVEL });
  const target = renormalise(p);
  r.monteCarlo.tokenCounts.forEach((c, y) => assert.ok(target[y]! > 0 || c === 0, `${method} emitted token ${y} with p = 0 (${c} times)`));
  assert.not.ok(r.rejected, `${method}: output-law p = ${r.outputLaw.pValue}, acceptance p = ${r.acceptance.pValue}`);
}

const E4_TARGET = decimals('0.1,0.2,0.3,0.4');

test('greedy G-r, draft 1,1e-17,1e-17,1e-17, k = 2: α = 14/15 and the output law is p (token 0 was never emitted)', () => {
  const q = decimals('1,1e-17,1e-17,1e-17');
  const exact = assertAcceptance('greedy', E4_TARGET, q, 2);
  assert.ok(Math.abs(exact - 14 / 15) < 1e-15, `exact ${exact}`); // p(0) + 0.2 + 0.3 + 1/3
  assertSampler('greedy', E4_TARGET, q, 2, 'greedy-one-hot');
});

test('greedy G-r, draft 0.999999999999,1e-12,1e-17,1e-17, k = 3 (the law was [0, 0, .5, .5])', () => {
  const q = decimals('0.999999999999,1e-12,1e-17,1e-17');
  assertAcceptance('greedy', E4_TARGET, q, 3);
  assertSampler('greedy', E4_TARGET, q, 3, 'greedy-near-one-hot');
});

test('greedy G-r, draft 1e-12,5e-324,1e-17,1, k = 3: the closed form is 0.8, not −3.8e-8', () => {
  const q = [1e-12, 5e-324, 1e-17, 1];
  const exact = assertAcceptance('greedy', E4_TARGET, q, 3);
  assert.ok(Math.abs(exact - 0.8) < 1e-15);
  assertSampler('greedy', E4_TARGET, q, 3, 'greedy-subnormal');
});

test('rrsw, draft 0.999999999999,1e-12,1e-17,1e-17, k = 3: acceptance in [0, 1] (was −0.333)', () => {
  const q = decimals('0.999999999999,1e-12,1e-17,1e-17');
  assertAcceptance('rrsw', E4_TARGET, q, 3);
  assertAcceptance('rrsw', E4_TARGET, q, 2);
  assertSampler('rrsw', E4_TARGET, q, 3, 'rrsw-near-one-hot');
});

test('rrsw, target 0.5,0.5,0, draft 1,1e-17,1e-17, k = 2: law (1/2, 1/2, 0) (was (3/4, 1/4, 0))', () => {
  const p = [0.5, 0.5, 0];
  const q = decimals('1,1e-17,1e-17');
  const exact = assertAcceptance('rrsw', p, q, 2);
  assert.ok(Math.abs(exact - 0.75) < 1e-15);
  assertSampler('rrsw', p, q, 2, 'rrsw-one-hot');
});

test('rrsw, 27 tokens, p one-hot plus 1e-17, q from 1e-300 to 1, k = 3: never a token with p = 0 (was 46.6 %)', () => {
  const n = 27;
  const p = Array.from({ length: n }, (_, y) => (y === 5 ? 1 : y % 2 === 0 ? 1e-17 : 0));
  const q = Array.from({ length: n }, (_, y) => (y === n - 1 ? 1 : Math.pow(10, -300 + (300 * y) / (n - 1))));
  const float = acceptanceRate('rrsw', p, q, 3);
  assert.ok(float >= 0 && float <= 1);
  assertSampler('rrsw', p, q, 3, 'rrsw-27');
  assertSampler('rrsw', p, q, 2, 'rrsw-27-k2');
});

test('spechub, target summing to 1 + 8.3e-10, draft with q(a) = 1 − 3.9e-9: α = 0.99467 ≤ 1 (was 1.0000000008)', () => {
  const p = decimals('0,1.000000000831219,0');
  const q = decimals('2.47e-11,4.61e-9,0.9999999961493901');
  const exact = assertAcceptance('spechub', p, q, 2);
  assert.ok(exact < 0.995 && exact > 0.994, `exact ${exact}`);
  assertAcceptance('greedy', p, q, 2);
  assertSampler('spechub', p, q, 2, 'spechub-near-one-hot');
});

test('spechub and the hub pair with q(a) rounded to 1 but mass elsewhere still draft a pair', () => {
  const q = decimals('1,1e-17,1e-17,1e-17');
  const exact = assertAcceptance('spechub', E4_TARGET, q, 2);
  assert.ok(Math.abs(exact - 14 / 15) < 1e-15);
  assertSampler('spechub', E4_TARGET, q, 2, 'spechub-one-hot');
});

test('rrs, kseq, greedy-q, sd on the same near-one-hot drafts agree with enumeration', () => {
  for (const draft of ['1,1e-17,1e-17,1e-17', '0.999999999999,1e-12,1e-17,1e-17']) {
    const q = decimals(draft);
    for (const k of [1, 2, 3]) {
      assertAcceptance('rrs', E4_TARGET, q, k);
      assertAcceptance('greedy-q', E4_TARGET, q, k);
      const float = acceptanceRate('kseq', E4_TARGET, q, k);
      const exact = exactByEnumeration('kseq', E4_TARGET, q, k); // the rational ρ̂ ≥ ρ*, within 1e-15 of it
      assert.ok(Math.abs(float - exact) <= 1e-9 * exact, `kseq k = ${k}: ${float} vs ${exact}`);
    }
    assertAcceptance('sd', E4_TARGET, q, 1);
  }
});

test('teeth: the same check rejects the pre-fix greedy verifier (1 − q(T)) on the near-one-hot draft', () => {
  const p = renormalise(E4_TARGET);
  const q = renormalise(decimals('1,1e-17,1e-17,1e-17'));
  const r = checkSamplerUnchecked(subtractingGreedyMethod, p, q, 2, {
    trials: 60_000,
    seed: 'teeth-greedy',
    significance: LEVEL,
    exactAcceptance: 14 / 15,
  });
  assert.ok(r.outputLaw.rejected, `the biased greedy must be rejected, p = ${r.outputLaw.pValue}`);
});

test.run();
