// Machine check of proofs/greedy-exactness.md: G-r and G-q exact laws, closed forms, optimality for their laws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExactAnalysis } from '../src/analysis/outputLaw.ts';
import { draftSetLaw } from '../src/analysis/jointLaw.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { getMethod } from '../src/methods.ts';
import { checkExactness } from './_internals/exactness.ts';
import { dualValue, maskOf, setEntries, subsetMinimum } from './_internals/dual.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;

/** The k − 1 largest q, ties by lowest index. */
function top(q: Rational[], m: number): number[] {
  return q.map((x, y) => ({ x, y })).sort((a, b) => b.x.compare(a.x) || a.y - b.y).slice(0, m).map((e) => e.y);
}

function itemsTwoAndThree(renormalised: boolean) {
  return (r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]): void => {
    const T = top(q, r.k - 1);
    const rest = Rational.ONE.sub(T.reduce((s, y) => s.add(q[y]!), Rational.ZERO));
    const last = (y: number) => (renormalised ? q[y]!.div(rest) : q[y]!);
    let alpha = Rational.ZERO;
    const bestA: number[] = [...T];
    p.forEach((py, y) => {
      const a = T.includes(y) ? py : F.min(py, last(y));
      assert.ok(r.profile[y]!.equals(a), `A(${y})`);
      alpha = alpha.add(a);
      if (!T.includes(y) && py.compare(last(y)) < 0) bestA.push(y);
    });
    assert.ok(r.acceptance.equals(alpha));
    // Item 3: the exhaustive subset dual of the enumerated set law equals α and the proof's A attains it.
    const sets = setEntries(draftSetLaw(F, renormalised ? 'greedy' : 'greedy-q', q, r.k));
    const min = subsetMinimum(p, sets);
    assert.ok(min.value.equals(alpha), `dual minimum ${min.value} vs α ${alpha}`);
    assert.ok(dualValue(p, sets, maskOf(bestA)).equals(alpha), 'the explicit A attains the minimum');
  };
}

test('greedy G-r and G-q: exact law, closed forms, optimal for their own draft laws — k = 1..3, grids and random', () => {
  const random = randomDistributions('proofs/greedy');
  const counts: Record<string, number> = {};
  for (const [id, renormalised] of [['greedy', true], ['greedy-q', false]] as const) {
    for (const k of [1, 2, 3]) {
      let c = 0;
      for (const [n, d] of [[3, 4], [4, 3]] as const) c += checkExactness(id, k, gridPairs(n, d), itemsTwoAndThree(renormalised)).checked;
      counts[`${id} k = ${k} grid pairs`] = c;
    }
    let r = 0;
    for (let t = 0; t < 80; t++) {
      const n = random.integer(2, 6);
      r += checkExactness(id, random.integer(1, 3), [{ p: random.vector(n), q: random.vector(n) }], itemsTwoAndThree(renormalised)).checked;
    }
    counts[`${id} random instances (n ≤ 6)`] = r;
  }
  report('greedy-exactness', counts);
});

test('item 4: α(G-q) ≤ α(G-r), and both equal SD at k = 1 — every grid pair', () => {
  let n = 0;
  for (const { p, q } of gridPairs(4, 3)) {
    const sd = getMethod('sd').verifier.acceptance(F, p, q, 1).value;
    assert.ok(getMethod('greedy').verifier.acceptance(F, p, q, 1).value.equals(sd));
    assert.ok(getMethod('greedy-q').verifier.acceptance(F, p, q, 1).value.equals(sd));
    for (const k of [2, 3]) {
      if (q.filter((x) => x.sign() > 0).length < k) continue;
      assert.ok(F.le(getMethod('greedy-q').verifier.acceptance(F, p, q, k).value, getMethod('greedy').verifier.acceptance(F, p, q, k).value));
      n++;
    }
  }
  report('greedy-exactness (item 4)', { 'grid comparisons (n = 4, d ≤ 3, k = 2, 3)': n });
});

test.run();
