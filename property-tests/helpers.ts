/**
 * Shared oracles, test vectors and generators for spechub's tests.
 *
 * - The worked test vectors of §7.1 (E1–E4, E6) as exact rationals.
 * - fast-check arbitraries for exact probability vectors with zeros, ties, one-hots and near-degenerate mass.
 * - The deliberately biased verifier of §7.2 / §8 item 1 (RRS that skips duplicate drafts without the
 *   residual update), the *teeth* every exactness check must catch.
 */
import fc from 'fast-check';
import * as assert from 'uvu/assert';
import type { Chooser } from '../src/core/chooser.ts';
import { parseVector } from '../src/core/distribution.ts';
import { type Field, rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { topIndices } from '../src/draws/_internals/checks.ts';
import { greedyDraws } from '../src/draws/greedyDraws.ts';
import { iidDraws } from '../src/draws/iidDraws.ts';
import type { Method } from '../src/methods.ts';
import type { PreparedVerifier, Verifier } from '../src/verifiers/verifier.ts';
import { normaliseOrNull, positivePart, ratioTest, residualLaw } from '../src/verifiers/_internals/residual.ts';

export const R = (text: string): Rational => Rational.parse(text);
export const vec = (text: string): Rational[] => parseVector(text, rationalField);

export interface TestVector {
  id: string;
  p: Rational[];
  q: Rational[];
}

/** Spec §7.1. */
export const E1: TestVector = { id: 'E1', p: vec('1/6,1/3,1/2'), q: vec('1/2,1/3,1/6') };
export const E2: TestVector = { id: 'E2', p: vec('1/3,1/3,1/3'), q: vec('1/3,1/2,1/6') };
export const E3: TestVector = { id: 'E3', p: vec('1/3,1/3,1/3'), q: vec('1/6,1/2,1/3') };
export const E4: TestVector = { id: 'E4', p: vec('1/10,1/5,3/10,2/5'), q: vec('2/5,3/10,1/5,1/10') };
export const E6: TestVector = { id: 'E6', p: vec('1/2,1/4,1/8,1/8'), q: vec('1/4,1/4,1/4,1/4') };
export const TEST_VECTORS = [E1, E2, E3, E4, E6];

/** Exact equality of two rational vectors, with a readable message. */
export function assertVectorEqual(actual: readonly Rational[], expected: readonly Rational[], message = 'vectors differ'): void {
  assert.is(actual.length, expected.length, `${message}: lengths`);
  const a = actual.map(String).join(', ');
  const e = expected.map(String).join(', ');
  assert.ok(actual.every((x, i) => x.equals(expected[i]!)), `${message}: got (${a}), expected (${e})`);
}

export function assertRationalEqual(actual: Rational, expected: Rational | string, message = 'values differ'): void {
  const e = typeof expected === 'string' ? R(expected) : expected;
  assert.ok(actual.equals(e), `${message}: got ${actual}, expected ${e}`);
}

/**
 * Exact probability vectors of length n from small integer weights. `zeroRate` controls how often an entry is 0;
 * ties and one-hot vectors arise naturally (and are forced by the `shape` variants).
 */
export function rationalDistribution(n: number): fc.Arbitrary<Rational[]> {
  const weights = fc.oneof(
    { weight: 5, arbitrary: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) }), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (j === i ? 1 : 0))) }, // one-hot
    { weight: 1, arbitrary: fc.constant(Array.from({ length: n }, () => 1)) }, // all ties
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (j === i ? 997 : 1)))}, // near-degenerate
  );
  return weights
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const total = w.reduce((s, x) => s + x, 0);
      return w.map((x) => Rational.of(x, total));
    });
}

/** A pair (p, q) over a common random size in [minN, maxN]. */
export function rationalPair(minN = 2, maxN = 6): fc.Arbitrary<{ p: Rational[]; q: Rational[] }> {
  return fc.integer({ min: minN, max: maxN }).chain((n) => fc.record({ p: rationalDistribution(n), q: rationalDistribution(n) }));
}

/** Float copy of a rational vector. */
export const toFloat = (v: readonly Rational[]): Float64Array => Float64Array.from(v, (x) => x.toNumber());

/** Number of entries with positive mass. */
export const support = (v: readonly Rational[]): number => v.filter((x) => x.sign() > 0).length;

/**
 * TEETH: RRS that skips a draft already examined *without* applying the residual update (the EAGLE-repo
 * pitfall, §8 item 1). Its output law is biased whenever duplicates occur (E4: (1/10, 1/5, 183/560, 209/560)).
 */
export const duplicateSkippingRrs: Verifier = {
  id: 'rrs',
  title: 'BIASED: RRS skipping duplicate drafts',
  section: '§8.1',
  draftScheme: 'iid',
  supportsK: (k) => k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
    return {
      verify(drafts: readonly number[], chooser: Chooser<T>) {
        let P: ArrayLike<T> = p;
        const seen: number[] = [];
        for (let i = 0; i < drafts.length; i++) {
          const x = drafts[i]!;
          if (seen.includes(x)) continue; // the bug: no residual update for a duplicate
          seen.push(x);
          if (ratioTest(F, chooser, P[x]!, q[x]!)) return { token: x, acceptedIndex: i };
          P = normaliseOrNull(F, positivePart(F, P, q)) ?? p;
        }
        return { token: chooser.categorical(residualLaw(F, P, p)), acceptedIndex: null };
      },
    };
  },
  acceptance: () => {
    throw new Error('no closed form for the biased variant');
  },
};

export const biasedMethod: Method = { id: 'rrs', verifier: duplicateSkippingRrs, scheme: iidDraws };

/**
 * TEETH for the float paths (docs/theory.md §11.3): the pre-fix G-r verifier, whose last-draft law
 * q'_T = q / (1 − q(T)) takes the complement by subtraction. Exact in rationals, wrong in float whenever
 * q(T) ≈ 1 (with q(T) rounded to 1 it accepts every last draft and never emits a token of T).
 */
export const subtractingGreedy: Verifier = {
  id: 'greedy',
  title: 'BIASED: G-r with 1 − q(T)',
  section: '§2.8',
  draftScheme: 'greedy',
  supportsK: (k) => k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    const top = topIndices(F, q, k - 1);
    let qTop = F.zero;
    for (const t of top) qTop = F.add(qTop, q[t]!);
    const scale = F.sub(F.one, qTop); // the bug
    const last = (y: number) => (top.includes(y) || F.isZero(scale) ? F.zero : F.div(q[y]!, scale));
    return {
      verify(drafts: readonly number[], chooser: Chooser<T>) {
        const x = drafts[drafts.length - 1]!;
        if (ratioTest(F, chooser, p[x]!, last(x))) return { token: x, acceptedIndex: drafts.length - 1 };
        const w = F.zeros(p.length);
        for (let y = 0; y < p.length; y++) w[y] = top.includes(y) ? p[y]! : F.positiveDifference(p[y]!, last(y));
        const y = chooser.categorical(residualLaw(F, w, p));
        return { token: y, acceptedIndex: top.includes(y) ? top.indexOf(y) : null };
      },
    };
  },
  acceptance: () => {
    throw new Error('no closed form for the biased variant');
  },
};

export const subtractingGreedyMethod: Method = { id: 'greedy', verifier: subtractingGreedy, scheme: greedyDraws };
