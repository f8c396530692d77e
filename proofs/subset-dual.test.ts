// Machine check of proofs/subset-dual.md: max-flow = min over all A of D(A) = the H form; the min cut is a
// minimiser; the completed coupling has marginals Q and p and value = the flow. Exact rationals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftJointLaw, draftSetLaw } from '../src/analysis/jointLaw.ts';
import { SpechubError } from '../src/core/errors.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { membershipMaxFlow } from '../src/optimum/membershipMaxFlow.ts';
import { subsetDualExhaustive } from '../src/optimum/subsetDualExhaustive.ts';
import { dualValue, maskOf, setEntries, subsetMinimum } from './_internals/dual.ts';
import { exactMaxFlow } from './_internals/exactMaxFlow.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;
const ZERO = Rational.ZERO;
const ONE = Rational.ONE;

/** Returns false when the scheme does not admit (q, k). */
function checkInstance(scheme: string, k: number, p: Rational[], q: Rational[]): boolean {
  let joint: Map<string, Rational>;
  try {
    joint = draftJointLaw(F, scheme, q, k);
  } catch (e) {
    if (e instanceof SpechubError && ['K_TOO_LARGE', 'UNSUPPORTED_K'].includes(e.code)) return false;
    throw e;
  }
  const setLaw = draftSetLaw(F, scheme, q, k);
  const sets = setEntries(setLaw);
  const flow = exactMaxFlow(p, sets);
  const min = subsetMinimum(p, sets);
  const where = `${scheme} k=${k} p=(${p.join(',')}) q=(${q.join(',')})`;
  assert.ok(flow.value.equals(min.value), `${where}: max-flow ${flow.value} ≠ min D ${min.value}`);
  assert.ok(dualValue(p, sets, maskOf(flow.sourceSideTokens)).equals(min.value), `${where}: the min cut is a minimiser`);
  // The H form.
  const n = p.length;
  let best: Rational | null = null;
  for (let h = 0; h < 1 << n; h++) {
    let ph = ZERO;
    p.forEach((x, y) => (ph = h & (1 << y) ? ph.add(x) : ph));
    let hit = ZERO;
    for (const s of sets) if (s.mask & h) hit = hit.add(s.probability);
    const v = ph.sub(hit);
    if (best === null || v.compare(best) > 0) best = v;
  }
  assert.ok(ONE.sub(best!).equals(min.value), `${where}: H form`);
  // Completion of the flow into a coupling.
  const fy = p.map(() => ZERO);
  const leftover = sets.map((s, i) => {
    let out = ZERO;
    for (const y of s.members) {
      const f = flow.flow.get(`${i}:${y}`)!;
      out = out.add(f);
      fy[y] = fy[y]!.add(f);
    }
    return s.probability.sub(out);
  });
  const total = fy.reduce((a, b) => a.add(b), ZERO);
  const r = total.equals(ONE) ? p.map(() => ZERO) : p.map((x, y) => x.sub(fy[y]!).div(ONE.sub(total)));
  const index = new Map(sets.map((s, i) => [s.members.join(','), i]));
  const yMarginal = p.map(() => ZERO);
  let value = ZERO;
  for (const [key, probability] of joint) {
    const tuple = key.split(',').map(Number);
    const members = [...new Set(tuple)].sort((a, b) => a - b);
    const i = index.get(members.join(','))!;
    const scale = probability.div(sets[i]!.probability);
    let rowSum = ZERO;
    p.forEach((_, y) => {
      let mass = leftover[i]!.mul(r[y]!);
      if (members.includes(y)) mass = mass.add(flow.flow.get(`${i}:${y}`)!);
      mass = scale.mul(mass);
      rowSum = rowSum.add(mass);
      yMarginal[y] = yMarginal[y]!.add(mass);
      if (members.includes(y)) value = value.add(mass);
    });
    assert.ok(rowSum.equals(probability), `${where}: x̄-marginal of π at (${key})`);
  }
  yMarginal.forEach((x, y) => assert.ok(x.equals(p[y]!), `${where}: y-marginal of π at ${y}`));
  assert.ok(value.equals(flow.value), `${where}: value of π = ${value} ≠ flow ${flow.value}`);
  return true;
}

const SCHEMES: Array<[string, number]> = [['iid', 2], ['iid', 3], ['wor', 2], ['wor', 3], ['hub', 2], ['greedy', 2], ['greedy', 3], ['greedy-q', 2]];

test('full LP = membership LP = max-flow = min_A D(A) = H form, with a certified coupling — grids and random', () => {
  const random = randomDistributions('proofs/subset-dual');
  const counts: Record<string, number> = {};
  for (const [scheme, k] of SCHEMES) {
    let c = 0;
    for (const { p, q } of gridPairs(3, 4)) if (checkInstance(scheme, k, p, q)) c++;
    if (k === 2) for (const { p, q } of gridPairs(4, 3)) if (checkInstance(scheme, k, p, q)) c++;
    for (let t = 0; t < 25; t++) {
      const n = random.integer(3, 5);
      if (checkInstance(scheme, k, random.vector(n), random.vector(n))) c++;
    }
    counts[`${scheme} k = ${k}`] = c;
  }
  report('subset-dual', counts);
});

test("agreement with the toolkit's subsetDualExhaustive and membershipMaxFlow", () => {
  let n = 0;
  for (const { p, q } of gridPairs(3, 3)) {
    for (const [scheme, k] of SCHEMES) {
      let setLaw: Map<string, Rational>;
      try {
        setLaw = draftSetLaw(F, scheme, q, k);
      } catch {
        continue;
      }
      const sets = setEntries(setLaw);
      const ours = subsetMinimum(p, sets).value;
      assert.ok(subsetDualExhaustive(F, p, setLaw).optimum.equals(ours));
      assert.ok(membershipMaxFlow(F, p, sets.map((s) => ({ members: s.members, key: s.members.join(','), probability: s.probability }))).optimum.equals(ours));
      n++;
    }
  }
  report('subset-dual (toolkit cross-check)', { 'instances (n = 3, d ≤ 3, every scheme)': n });
});

test('the look-alike formula is wrong: p = q = (1/2, 1/2), two i.i.d. drafts', () => {
  const p = [Rational.of(1, 2), Rational.of(1, 2)];
  const sets = setEntries(draftSetLaw(F, 'iid', p, 2));
  assert.is(subsetMinimum(p, sets).value.toString(), '1');
  const allInOne = draftJointLaw(F, 'iid', p, 2).get('1,1')!;
  assert.is(p[0]!.add(allInOne).toString(), '3/4');
});

test.run();
