import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseVector } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { type Field, floatField, rationalField, type Vec } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { getMethod } from '../methods.ts';
import { acceptedProfile, acceptedProfileUnchecked, enumeratedAcceptedProfile } from './acceptedProfile.ts';
import { exactOutputLaw } from './outputLaw.ts';

const vec = (text: string): Rational[] => parseVector(text, rationalField);
const E4 = { p: vec('1/10,1/5,3/10,2/5'), q: vec('2/5,3/10,1/5,1/10') };
const E1 = { p: vec('1/6,1/3,1/2'), q: vec('1/2,1/3,1/6') };
const E6 = { p: vec('1/2,1/4,1/8,1/8'), q: vec('1/4,1/4,1/4,1/4') };

const strings = (row: Vec<Rational>): string[] => Array.from({ length: row.length }, (_, i) => row[i]!.toString());
const rowSum = (row: Vec<Rational>): Rational => Array.from({ length: row.length }, (_, i) => row[i]!).reduce((s, x) => s.add(x), Rational.ZERO);

function assertSameProfile(actual: Vec<Rational>[], expected: Vec<Rational>[], label: string): void {
  assert.is(actual.length, expected.length, `${label}: number of positions`);
  actual.forEach((row, j) => assert.equal(strings(row), strings(expected[j]!), `${label}: position ${j}`));
}

/** (method, k) pairs with a closed form, plus RRSw k = 3 (prefix sum). */
const CASES: Array<[string, number]> = [
  ['sd', 1],
  ['rrs', 1], ['rrs', 2], ['rrs', 3],
  ['rrsw', 1], ['rrsw', 2], ['rrsw', 3],
  ['kseq', 1], ['kseq', 2],
  ['spechub', 2],
  ['greedy', 1], ['greedy', 2], ['greedy', 3],
  ['greedy-q', 1], ['greedy-q', 2], ['greedy-q', 3],
];

test('§7.1 split by draft position (E1, E4, E6) and E4 profiles', () => {
  const split = (id: string, v: { p: Rational[]; q: Rational[] }) => acceptedProfile(rationalField, id, v.p, v.q, 2).byPosition.map((r) => rowSum(r).toString());
  assert.equal(split('rrs', E4), ['3/5', '3/25']);
  assert.equal(split('rrsw', E4), ['3/5', '23/140']);
  assert.equal(split('spechub', E4), ['3/5', '1/6']);
  assert.equal(split('rrs', E1), ['2/3', '1/18']);
  assert.equal(split('rrsw', E1), ['2/3', '1/9']);
  assert.equal(split('spechub', E1), ['2/3', '1/6']);
  assert.equal(split('spechub', E6), ['3/4', '1/4']);
  const total = (id: string) => {
    const rows = acceptedProfile(rationalField, id, E4.p, E4.q, 2).byPosition;
    return E4.p.map((_, y) => rows.reduce((s, r) => s.add(r[y]!), Rational.ZERO).toString());
  };
  assert.equal(total('rrs'), ['1/10', '1/5', '7/25', '7/50']);
  assert.equal(total('rrsw'), ['1/10', '1/5', '3/10', '23/140']);
  assert.equal(total('spechub'), ['1/10', '1/5', '3/10', '1/6']);
  assert.equal(total('greedy'), ['1/10', '1/5', '3/10', '1/6']);
});

test('closed forms equal branch enumeration exactly, and agree with exactOutputLaw (E1, E4, E6)', () => {
  for (const v of [E1, E4, E6]) {
    for (const [id, k] of CASES) {
      const label = `${id} k=${k} p=${v.p.join(',')}`;
      const closed = acceptedProfile(rationalField, id, v.p, v.q, k);
      assert.is(closed.source, id === 'rrsw' && k >= 3 ? 'prefix-sum' : 'closed-form', label);
      const enumerated = enumeratedAcceptedProfile(rationalField, getMethod(id), v.p, v.q, k);
      assertSameProfile(closed.byPosition, enumerated.byPosition, label);
      const law = exactOutputLaw(rationalField, id, v.p, v.q, k);
      closed.byPosition.forEach((row, j) => assert.ok(rowSum(row).equals(law.perPosition[j]!), `${label}: perPosition ${j}`));
      if (closed.exact && law.acceptance.equals(law.acceptanceTest)) {
        const summed = v.p.map((_, y) => closed.byPosition.reduce((s, r) => s.add(r[y]!), Rational.ZERO));
        assert.equal(summed.map(String), law.profile.map(String), `${label}: Σ_j A_j = A`);
      }
    }
  }
});

/** Exact probability vectors with zeros, ties, one-hots and near-degenerate mass. */
function distribution(n: number): fc.Arbitrary<Rational[]> {
  const weights = fc.oneof(
    { weight: 5, arbitrary: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (j === i ? 1 : 0))) },
    { weight: 1, arbitrary: fc.constant(Array.from({ length: n }, () => 1)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (j === i ? 97 : 1))) },
  );
  return weights.filter((w) => w.some((x) => x > 0)).map((w) => {
    const total = w.reduce((s, x) => s + x, 0);
    return w.map((x) => Rational.of(x, total));
  });
}

test('property: closed forms equal enumeration on arbitrary small pairs (zeros, ties, one-hot)', () => {
  const pair = fc.integer({ min: 2, max: 4 }).chain((n) => fc.record({ p: distribution(n), q: distribution(n) }));
  fc.assert(
    fc.property(pair, fc.constantFrom(...CASES.filter(([id]) => id !== 'kseq')), ({ p, q }, [id, k]) => {
      const method = getMethod(id);
      try {
        method.scheme.check(rationalField, q, k);
      } catch (e) {
        if (e instanceof SpechubError && e.code === 'K_TOO_LARGE') return; // k above the draft support
        throw e;
      }
      const closed = acceptedProfileUnchecked(rationalField, method, p, q, k);
      const enumerated = enumeratedAcceptedProfile(rationalField, method, p, q, k);
      assertSameProfile(closed.byPosition, enumerated.byPosition, `${id} k=${k} p=${p.join(',')} q=${q.join(',')}`);
    }),
    { numRuns: 150, seed: 4 },
  );
});

test('K-SEQ closed form equals enumeration with the verifier’s own ρ (rational ρ* and irrational ρ*)', () => {
  // E1 has ρ* = 3/2 (exact); E6 has an irrational ρ* (the rational ρ̂ ≥ ρ* is used by both sides).
  const e1 = acceptedProfile(rationalField, 'kseq', E1.p, E1.q, 2);
  assert.ok(e1.exact);
  assertSameProfile(e1.byPosition, enumeratedAcceptedProfile(rationalField, getMethod('kseq'), E1.p, E1.q, 2).byPosition, 'E1');
  const e6 = acceptedProfile(rationalField, 'kseq', E6.p, E6.q, 2);
  assert.is(e6.exact, false);
  const sum = e6.byPosition.reduce((s, r) => s.add(rowSum(r)), Rational.ZERO);
  assert.ok(Math.abs(sum.toNumber() - 0.847597050801) < 1e-11, `K-SEQ E6 acceptance ${sum.toNumber()}`);
});

test('float64 closed forms agree with rationals on a random n = 40 pair (RRSw k = 2 sorted form)', () => {
  const toFloat = (v: Rational[]) => Float64Array.from(v, (x) => x.toNumber());
  const n = 40;
  const w = (seed: number) => Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 97) + (i % 5 === 0 ? 0 : 1));
  const norm = (a: number[]) => a.map((x) => Rational.of(x, a.reduce((s, y) => s + y, 0)));
  const p = norm(w(1));
  const q = norm(w(2).map((x, i) => (i < 3 ? x * 20 : x)));
  for (const [id, k] of [['rrsw', 2], ['spechub', 2], ['rrs', 3], ['greedy', 3]] as Array<[string, number]>) {
    const exact = acceptedProfile(rationalField, id, p, q, k).byPosition;
    const float = acceptedProfile(floatField as Field<number>, id, toFloat(p), toFloat(q), k).byPosition;
    exact.forEach((row, j) => {
      for (let y = 0; y < n; y++) assert.ok(Math.abs(row[y]!.toNumber() - float[j]![y]!) < 1e-14, `${id} position ${j} token ${y}`);
    });
  }
});

test('bad input: validation errors and TOO_LARGE for the RRSw prefix sum', () => {
  assert.throws(() => acceptedProfile(floatField, 'rrs', [0.5, 0.6], [0.5, 0.5], 2), (e: unknown) => e instanceof SpechubError && e.code === 'NOT_NORMALISED');
  assert.throws(() => acceptedProfile(floatField, 'spechub', [0.5, 0.5], [0.5, 0.5], 3), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
  assert.throws(() => acceptedProfile(floatField, 'rrsw', [0.5, 0.5], [1, 0], 2), (e: unknown) => e instanceof SpechubError && e.code === 'K_TOO_LARGE');
  const n = 600;
  const u = new Float64Array(n).fill(1 / n);
  assert.throws(() => acceptedProfile(floatField, 'rrsw', u, u, 3), (e: unknown) => e instanceof SpechubError && e.code === 'TOO_LARGE');
});

test.run();
