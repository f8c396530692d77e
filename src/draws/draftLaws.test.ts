// The draft-law module (§1, §4.1–4.2) and the scheme registry: the closed-form laws equal the enumeration of
// each scheme's own program exactly (rationals, generated instances with zeros, ties, one-hots); in float64 the
// closed forms of near-degenerate laws match the exact laws of the renormalised inputs entry by entry.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactDistribution } from '../../property-tests/optimum.fixtures.ts';
import { degenerateVector, exactRenormalised } from '../../property-tests/arbitraries/optimumLaws.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { draftSchemes as registryViaMethods, getDraftScheme as lookupViaMethods } from '../methods.ts';
import type { DraftSchemeId } from './draftScheme.ts';
import { enumerateJointLaw, jointLawOf, setKeyOf, setLawFromTuples, setLawOf } from './draftLaws.ts';
import { draftSchemes, getDraftScheme } from './draftSchemes.ts';
import { topIndices } from './topIndices.ts';

const SCHEMES: readonly DraftSchemeId[] = ['iid', 'wor', 'hub', 'greedy', 'greedy-q'];

function admits(scheme: DraftSchemeId, q: ArrayLike<unknown>, k: number, F: typeof rationalField | typeof floatField): boolean {
  try {
    getDraftScheme(scheme).check(F as never, q as never, k);
    return true;
  } catch {
    return false;
  }
}

test('closed-form joint and set laws = enumeration of the scheme programs, exactly (rationals, 200 instances)', () => {
  fc.assert(
    fc.property(
      fc.record({ n: fc.integer({ min: 2, max: 5 }), k: fc.integer({ min: 1, max: 3 }), scheme: fc.constantFrom(...SCHEMES) }).chain(({ n, k, scheme }) =>
        fc.record({ q: exactDistribution(n), k: fc.constant(scheme === 'hub' ? 2 : k), scheme: fc.constant(scheme) }),
      ),
      ({ q, k, scheme }) => {
        fc.pre(admits(scheme, q, k, rationalField));
        const oracle = enumerateJointLaw(rationalField, scheme, q, k);
        const tuples = jointLawOf(rationalField, scheme, q, k);
        const label = `${scheme} k = ${k} q = (${q.join(', ')})`;
        assert.equal(tuples.map((t) => t.tuple.join(',')), oracle.map((t) => t.tuple.join(',')), `${label}: tuples and their order`);
        tuples.forEach((t, i) => assert.ok(t.probability.equals(oracle[i]!.probability), `${label}: Q(${t.tuple})`));
        const sets = setLawOf(rationalField, scheme, q, k);
        const oracleSets = new Map(setLawFromTuples(rationalField, oracle).map((s) => [s.key, s.probability]));
        assert.is(sets.length, oracleSets.size, label);
        for (const s of sets) assert.ok(s.probability.equals(oracleSets.get(s.key)!), `${label}: Q_S({${s.key}})`);
      },
    ),
    { numRuns: 200, seed: 77 },
  );
});

test('float64 laws of near-degenerate q (1e-300, subnormals, 1 − 1e-16, sums off by 1e-9) = the exact renormalised laws', () => {
  fc.assert(
    fc.property(
      fc.record({ n: fc.integer({ min: 2, max: 6 }), k: fc.integer({ min: 1, max: 3 }), scheme: fc.constantFrom(...SCHEMES) }).chain(({ n, k, scheme }) =>
        fc.record({ q: degenerateVector(n), k: fc.constant(scheme === 'hub' ? 2 : k), scheme: fc.constant(scheme) }),
      ),
      ({ q, k, scheme }) => {
        fc.pre(admits(scheme, q, k, floatField));
        const exact = new Map(setLawOf(rationalField, scheme, exactRenormalised(q), k).map((s) => [s.key, s.probability.toNumber()]));
        let total = 0;
        for (const s of setLawOf(floatField, scheme, q, k)) {
          const e = exact.get(s.key) ?? 0;
          assert.ok(Number.isFinite(s.probability) && Math.abs(s.probability - e) <= 1e-13 * e + 1e-300, `${scheme} k = ${k} q = (${q}): Q_S({${s.key}}) = ${s.probability} vs ${e}`);
          total += s.probability;
        }
        assert.ok(Math.abs(total - 1) <= 1e-14, `${scheme} k = ${k} q = (${q}): Σ = ${total}`);
      },
    ),
    { numRuns: 300, seed: 78 },
  );
});

test('setKeyOf: the ascending distinct tokens of a tuple', () => {
  assert.is(setKeyOf([3]), '3');
  assert.is(setKeyOf([2, 2]), '2');
  assert.is(setKeyOf([5, 1]), '1,5');
  assert.is(setKeyOf([4, 0, 4, 2]), '0,2,4');
});

test('one scheme registry: methods.ts re-exports the draws registry; unknown ids (even Object.prototype names) throw', () => {
  assert.is(registryViaMethods, draftSchemes);
  assert.is(lookupViaMethods, getDraftScheme);
  for (const id of SCHEMES) assert.is(getDraftScheme(id).id, id);
  for (const id of ['hubs', 'toString', '__proto__']) {
    assert.throws(() => getDraftScheme(id), (e: unknown) => e instanceof SpechubError && e.code === 'UNKNOWN_METHOD' && /known: iid, wor, hub, greedy, greedy-q/.test((e as Error).message));
  }
});

test('topIndices: decreasing values, ties by lowest index, at most the length', () => {
  assert.equal(topIndices(floatField, [0.2, 0.5, 0.2, 0.1], 2), [1, 0]);
  assert.equal(topIndices(floatField, [0.25, 0.25, 0.25, 0.25], 3), [0, 1, 2]);
  assert.equal(topIndices(floatField, [1], 3), [0]);
});

test.run();
