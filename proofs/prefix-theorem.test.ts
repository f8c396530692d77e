// Machine check of proofs/prefix-theorem.md: (RE) and "the minimum of g is on a prefix" for i.i.d. drafts
// (k = 1..4) and w/o-replacement drafts (k = 2), exact rationals, f from the enumerated set law.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftSetLaw } from '../src/analysis/jointLaw.ts';
import { SpechubError } from '../src/core/errors.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { subsetDualPrefix } from '../src/optimum/subsetDualPrefix.ts';
import { containment, dualValue, setEntries, subsetMinimum, type SetEntry } from './_internals/dual.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;

/** Tokens in nondecreasing p/q order, q = 0 last, ties by lowest index (own implementation). */
function ratioOrder(p: Rational[], q: Rational[]): number[] {
  return p.map((_, y) => y).sort((a, b) => {
    const qa = q[a]!.sign() > 0;
    const qb = q[b]!.sign() > 0;
    if (!qa || !qb) return qa === qb ? a - b : qa ? -1 : 1;
    return p[a]!.mul(q[b]!).compare(p[b]!.mul(q[a]!)) || a - b;
  });
}

function prefixMinimum(p: Rational[], q: Rational[], sets: SetEntry[]): Rational {
  const order = ratioOrder(p, q);
  let mask = 0;
  let best = dualValue(p, sets, 0);
  for (const y of order) {
    mask |= 1 << y;
    const v = dualValue(p, sets, mask);
    if (v.compare(best) < 0) best = v;
  }
  return best;
}

/** Number of (A, x, y) triples checked; throws on a violation of (RE). */
function checkRatioExchange(q: Rational[], sets: SetEntry[], where: string): number {
  const n = q.length;
  const f = new Map<number, Rational>();
  const fOf = (mask: number) => {
    if (!f.has(mask)) f.set(mask, containment(sets, mask));
    return f.get(mask)!;
  };
  let triples = 0;
  for (let A = 0; A < 1 << n; A++) {
    for (let x = 0; x < n; x++) {
      if (!(A & (1 << x)) || q[x]!.sign() <= 0) continue;
      const left = fOf(A).sub(fOf(A & ~(1 << x))).div(q[x]!);
      for (let y = 0; y < n; y++) {
        if (A & (1 << y) || q[y]!.sign() <= 0) continue;
        const right = fOf(A | (1 << y)).sub(fOf(A)).div(q[y]!);
        assert.ok(left.compare(right) <= 0, `${where}: (RE) fails at A = ${A.toString(2)}, x = ${x}, y = ${y}`);
        triples++;
      }
    }
  }
  return triples;
}

function setsOrNull(scheme: string, q: Rational[], k: number): SetEntry[] | null {
  try {
    return setEntries(draftSetLaw(F, scheme, q, k));
  } catch (e) {
    if (e instanceof SpechubError && e.code === 'K_TOO_LARGE') return null;
    throw e;
  }
}

test('(RE) and the prefix theorem: i.i.d. drafts k = 1..4, w/o-replacement drafts k = 2 — grids and random', () => {
  const random = randomDistributions('proofs/prefix');
  const instances = [...gridPairs(3, 4), ...gridPairs(4, 3)];
  for (let t = 0; t < 150; t++) {
    const n = random.integer(3, 6);
    instances.push({ p: random.vector(n), q: random.vector(n) });
  }
  const counts: Record<string, number> = {};
  let triples = 0;
  for (const [scheme, k] of [['iid', 1], ['iid', 2], ['iid', 3], ['iid', 4], ['wor', 2]] as const) {
    let c = 0;
    for (const { p, q } of instances) {
      if (scheme === 'iid' && k >= 3 && p.length > 5) continue; // keep the enumerated law small
      const sets = setsOrNull(scheme, q, k);
      if (sets === null) continue;
      const where = `${scheme} k=${k} p=(${p.join(',')}) q=(${q.join(',')})`;
      triples += checkRatioExchange(q, sets, where);
      const all = subsetMinimum(p, sets).value;
      assert.ok(prefixMinimum(p, q, sets).equals(all), `${where}: prefix minimum ≠ minimum over all subsets ${all}`);
      assert.ok(subsetDualPrefix(F, scheme, p, q, k).optimum.equals(all), `${where}: toolkit subsetDualPrefix`);
      c++;
    }
    counts[`${scheme} k = ${k} instances`] = c;
  }
  counts['(RE) triples (A, x, y)'] = triples;
  report('prefix-theorem', counts);
});

test('observation, no proof: w/o-replacement drafts with k = 3 (§4.4 [NUM])', () => {
  const random = randomDistributions('proofs/prefix-wor3');
  let instances = 0;
  let agree = 0;
  let triples = 0;
  let violations = 0;
  const pairs = [...gridPairs(4, 3)];
  for (let t = 0; t < 120; t++) {
    const n = random.integer(4, 6);
    pairs.push({ p: random.vector(n), q: random.vector(n) });
  }
  for (const { p, q } of pairs) {
    const sets = setsOrNull('wor', q, 3);
    if (sets === null) continue;
    instances++;
    if (prefixMinimum(p, q, sets).equals(subsetMinimum(p, sets).value)) agree++;
    try {
      triples += checkRatioExchange(q, sets, 'wor k=3');
    } catch {
      violations++;
    }
  }
  // Recorded, and asserted so that a counterexample would be noticed (it would refute the [NUM] claim).
  assert.is(agree, instances, 'the prefix minimum equals the exhaustive minimum on every instance');
  report('prefix-theorem (observation, wor k = 3)', { instances, 'prefix = exhaustive': agree, '(RE) triples': triples, 'instances with an (RE) violation': violations });
});

test.run();
