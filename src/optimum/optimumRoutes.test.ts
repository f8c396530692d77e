// The four optimum routes (§4) on the §7.1 test vectors, the draft laws they read, the closed-form cuts,
// SpecHub's compact LP, and every error path (bad input, size guards, solver failure).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { E4, OPTIMUM_VECTORS, R, dualValue, toFloat, vec } from '../../property-tests/optimum.fixtures.ts';
import { draftJointLaw, draftSetLaw } from '../analysis/jointLaw.ts';
import { SolverError, SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { getMethod } from '../methods.ts';
import { jointLawOf, setLawOf } from '../draws/draftLaws.ts';
import { solveLinearProgram } from './solveLinearProgram.ts';
import { withoutReplacementPrefixContainment } from './_internals/raceIntegral.ts';
import { solveMembershipLinearProgram } from './membershipLinearProgram.ts';
import { membershipMaxFlow } from './membershipMaxFlow.ts';
import { optimalMembershipFlow } from './optimalMembershipFlow.ts';
import { solveOtmLinearProgram, solveOtmLinearProgramForLaw } from './otmLinearProgram.ts';
import { solveSpecHubLinearProgram } from './specHubLinearProgram.ts';
import { subsetDual } from './subsetDual.ts';
import { subsetDualExhaustive } from './subsetDualExhaustive.ts';
import { subsetDualPrefix } from './subsetDualPrefix.ts';

const TOLERANCE = 1e-9;
const close = (actual: number, expected: number, message: string) =>
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${message}: ${actual} vs ${expected}`);
const same = (actual: Rational, expected: string, message: string) => assert.is(actual.toString(), R(expected).toString(), message);

async function expectCode(promiseOrFn: (() => unknown) | Promise<unknown>, code: string, pattern?: RegExp): Promise<void> {
  try {
    if (typeof promiseOrFn === 'function') await promiseOrFn();
    else await promiseOrFn;
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.is((e as SpechubError).code, code, (e as Error).message);
    if (pattern) assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a ${code} error`);
}

for (const v of OPTIMUM_VECTORS) {
  test(`${v.id}: all four routes give α*_iid = ${v.iid[0]} and α*_wor = ${v.wor[0]} with the §7.1 minimising sets`, async () => {
    for (const [scheme, [expected, argmin]] of [['iid', v.iid], ['wor', v.wor]] as const) {
      const sets = setLawOf(rationalField, scheme, v.q, 2);
      const flow = membershipMaxFlow(rationalField, v.p, sets);
      same(flow.optimum, expected, `${scheme} max-flow`);
      same(dualValue(v.p, sets, flow.argminSet), expected, `${scheme} min cut attains α*`);
      const dual = subsetDual(rationalField, scheme, v.p, v.q, 2);
      same(dual.optimum, expected, `${scheme} prefix dual`);
      assert.equal(dual.argminSet, argmin, `${scheme} minimising prefix`);
      assert.is(dual.method, scheme === 'iid' ? 'prefix-iid' : 'prefix-wor-k2');
      same(subsetDualExhaustive(rationalField, v.p, sets).optimum, expected, `${scheme} exhaustive dual`);
      close((await solveOtmLinearProgram(toFloat(v.p), toFloat(v.q), 2, scheme)).optimum, R(expected).toNumber(), `${scheme} full LP`);
      close((await solveMembershipLinearProgram(toFloat(v.p), toFloat(v.q), 2, scheme)).optimum, R(expected).toNumber(), `${scheme} membership LP`);
    }
  });

  test(`${v.id}: hub, greedy G-r and G-q laws have the optimum of §7.1 (${v.hub}, ${v.hub}, ${v.greedyQ}), attained by their verifiers`, () => {
    for (const [scheme, expected, method] of [['hub', v.hub, 'spechub'], ['greedy', v.hub, 'greedy'], ['greedy-q', v.greedyQ, 'greedy-q']] as const) {
      const flow = membershipMaxFlow(rationalField, v.p, setLawOf(rationalField, scheme, v.q, 2));
      same(flow.optimum, expected, `${scheme} max-flow`);
      const cut = subsetDual(rationalField, scheme, v.p, v.q, 2);
      assert.is(cut.method, 'top-set-cut');
      same(cut.optimum, expected, `${scheme} closed-form cut`);
      same(getMethod(method).verifier.acceptance(rationalField, v.p, v.q, 2).value as Rational, expected, `${method} acceptance`);
    }
  });

  test(`${v.id}: SpecHub's compact LP equals SpecHub's closed form (H2) and the G-r optimum (k = 2)`, async () => {
    const lp = await solveSpecHubLinearProgram(toFloat(v.p), toFloat(v.q));
    assert.is(lp.variables, 4 * (v.p.length - 1));
    close(lp.optimum, R(v.hub).toNumber(), 'compact LP vs §7.1');
    close(lp.optimum, getMethod('spechub').verifier.acceptance(floatField, toFloat(v.p), toFloat(v.q), 2).value, 'compact LP vs closed form');
    close(lp.optimum, membershipMaxFlow(floatField, toFloat(v.p), setLawOf(floatField, 'greedy', toFloat(v.q), 2)).optimum, 'compact LP vs G-r max-flow');
  });
}

test('E4: the OTM profiles of §7.1 (determined here: A = p on the minimising set, the rest is α* − p(A))', async () => {
  const iid = optimalMembershipFlow(rationalField, 'iid', E4.p, E4.q, 2);
  assert.equal(iid.tokenInflow.map(String), ['1/10', '1/5', '3/10', '19/100']);
  const wor = optimalMembershipFlow(rationalField, 'wor', E4.p, E4.q, 2);
  assert.equal(wor.tokenInflow.map(String), ['1/10', '1/5', '3/10', '197/840']);
  const lp = await solveOtmLinearProgram(toFloat(E4.p), toFloat(E4.q), 2, 'iid');
  [0.1, 0.2, 0.3, 0.19].forEach((a, y) => close(lp.profile[y]!, a, `full LP profile ${y}`));
  const membership = await solveMembershipLinearProgram(toFloat(E4.p), toFloat(E4.q), 2, 'wor');
  [0.1, 0.2, 0.3, 197 / 840].forEach((a, y) => close(membership.profile[y]!, a, `membership LP profile ${y}`));
});

test('E4, k = 1 and k = 3: every route agrees; k = 1 is single-draft SD (ov = 3/5)', async () => {
  for (const scheme of ['iid', 'wor', 'greedy', 'greedy-q'] as const) {
    for (const k of [1, 3]) {
      const flow = membershipMaxFlow(rationalField, E4.p, setLawOf(rationalField, scheme, E4.q, k));
      const dual = subsetDual(rationalField, scheme, E4.p, E4.q, k);
      assert.is(flow.optimum.toString(), dual.optimum.toString(), `${scheme} k = ${k}: max-flow vs dual (${dual.method})`);
      if (k === 1) same(flow.optimum, '3/5', `${scheme} k = 1`);
      close((await solveOtmLinearProgram(toFloat(E4.p), toFloat(E4.q), k, scheme)).optimum, flow.optimum.toNumber(), `${scheme} k = ${k} full LP`);
      close((await solveMembershipLinearProgram(toFloat(E4.p), toFloat(E4.q), k, scheme)).optimum, flow.optimum.toNumber(), `${scheme} k = ${k} membership LP`);
    }
  }
  assert.is(subsetDual(rationalField, 'wor', E4.p, E4.q, 3).method, 'exhaustive');
  same(subsetDual(rationalField, 'iid', E4.p, E4.q, 3).optimum, '871/1000', 'α*_iid, k = 3');
});

test('the fast draft laws equal the enumerated laws of src/analysis/jointLaw.ts exactly', () => {
  const q = vec('1/2,0,1/3,1/12,1/12');
  for (const scheme of ['iid', 'wor', 'hub', 'greedy', 'greedy-q'] as DraftSchemeId[]) {
    for (const k of scheme === 'hub' ? [2] : [1, 2, 3]) {
      const expectedSets = draftSetLaw(rationalField, scheme, q, k);
      const sets = setLawOf(rationalField, scheme, q, k);
      assert.is(sets.length, expectedSets.size, `${scheme} k = ${k}: number of sets`);
      for (const s of sets) assert.is(s.probability.toString(), expectedSets.get(s.key)?.toString(), `${scheme} k = ${k}: Q_S({${s.key}})`);
      const expectedTuples = draftJointLaw(rationalField, scheme, q, k);
      const tuples = jointLawOf(rationalField, scheme, q, k);
      assert.is(tuples.length, expectedTuples.size, `${scheme} k = ${k}: number of tuples`);
      for (const t of tuples) assert.is(t.probability.toString(), expectedTuples.get(t.tuple.join(','))?.toString(), `${scheme} k = ${k}: Q(${t.tuple})`);
    }
  }
});

test('the exponential-race integral matches the exact containment law Q(S ⊆ A_j) without replacement (k = 2..4)', () => {
  const q = vec('1/3,1/5,1/7,1/11,1/13,0,1/2');
  const total = q.reduce((s, x) => s.add(x));
  const normalised = q.map((x) => x.div(total));
  for (const k of [2, 3, 4]) {
    const sets = setLawOf(rationalField, 'wor', normalised, k);
    const f = withoutReplacementPrefixContainment(toFloat(normalised), k);
    for (let j = 0; j <= q.length; j++) {
      let exact = 0;
      for (const s of sets) if (s.members.every((y) => y < j)) exact += s.probability.toNumber();
      assert.ok(Math.abs(f[j]! - exact) < 1e-12, `k = ${k}, prefix ${j}: ${f[j]} vs ${exact}`);
    }
  }
  // Very skewed draft law: probabilities spanning 10 decades.
  const skewed = [0.5, 0.3, 0.15, 0.0499, 1e-4, 1e-6, 1e-8, 1e-10];
  const s = skewed.reduce((a, b) => a + b, 0);
  const qs = skewed.map((x) => x / s);
  const sets = setLawOf(floatField, 'wor', qs, 3);
  const f = withoutReplacementPrefixContainment(qs, 3);
  for (let j = 0; j <= qs.length; j++) {
    let exact = 0;
    for (const set of sets) if (set.members.every((y) => y < j)) exact += set.probability;
    assert.ok(Math.abs(f[j]! - exact) < 1e-12, `skewed prefix ${j}: ${f[j]} vs ${exact}`);
  }
});

test('the race-integral dual (wor, k ≥ 3, large n) agrees with the exhaustive dual and says which method it used', () => {
  const p = vec('1/10,1/5,3/10,2/5,0,0');
  const q = vec('2/5,3/10,1/5,1/20,1/40,1/40');
  for (const k of [3, 4]) {
    const exhaustive = subsetDual(rationalField, 'wor', p, q, k);
    const integral = subsetDual(floatField, 'wor', toFloat(p), toFloat(q), k, { exhaustiveMaxN: 0 });
    assert.is(exhaustive.method, 'exhaustive');
    assert.is(integral.method, 'prefix-wor-race-integral');
    assert.is(integral.exact, false);
    close(integral.optimum, exhaustive.optimum.toNumber(), `k = ${k}`);
  }
});

test('float and rational max-flow agree; the float prefix dual at n = 2000 agrees with the float max-flow', () => {
  const n = 2000;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = ((i * 7919) % 97) + 1;
    q[i] = ((i * 104729) % 89) + 1;
  }
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    p[i]! /= sp;
    q[i]! /= sq;
  }
  for (const scheme of ['hub', 'greedy'] as const) {
    const dual = subsetDual(floatField, scheme, p, q, 2);
    const flow = membershipMaxFlow(floatField, p, setLawOf(floatField, scheme, q, 2));
    close(flow.optimum, dual.optimum, `${scheme}: dual vs max-flow`);
  }
  const small = vec('1/7,2/7,0,4/7');
  const smallQ = vec('1/2,1/4,1/8,1/8');
  for (const scheme of ['iid', 'wor'] as const) {
    const exact = membershipMaxFlow(rationalField, small, setLawOf(rationalField, scheme, smallQ, 3)).optimum.toNumber();
    const float = membershipMaxFlow(floatField, toFloat(small), setLawOf(floatField, scheme, toFloat(smallQ), 3)).optimum;
    close(float, exact, `${scheme} float vs exact`);
  }
});

test('the i.i.d. prefix dual (k = 2, exact) is the closed form min_A [p(A) + 1 − q(A)²] of §2.7', () => {
  const { p, q } = E4;
  let best = R('1');
  for (let mask = 0; mask < 1 << p.length; mask++) {
    let pa = R('0');
    let qa = R('0');
    for (let y = 0; y < p.length; y++) if (mask & (1 << y)) {
      pa = pa.add(p[y]!);
      qa = qa.add(q[y]!);
    }
    const value = pa.add(R('1')).sub(qa.mul(qa));
    if (value.compare(best) < 0) best = value;
  }
  assert.is(subsetDualPrefix(rationalField, 'iid', p, q, 2).optimum.toString(), best.toString());
});

test('the hub pair with q(a) = 1 drafts the hub alone: α* = p(a) by every route', async () => {
  const p = vec('1/4,3/4');
  const q = vec('1,0');
  same(subsetDual(rationalField, 'hub', p, q, 2).optimum, '1/4', 'closed-form cut');
  same(membershipMaxFlow(rationalField, p, setLawOf(rationalField, 'hub', q, 2)).optimum, '1/4', 'max-flow');
  close((await solveSpecHubLinearProgram([0.25, 0.75], [1, 0])).optimum, 0.25, 'compact LP');
  close((await solveOtmLinearProgram([0.25, 0.75], [1, 0], 2, 'hub')).optimum, 0.25, 'full LP');
});

test('bad inputs are SpechubErrors with a code', async () => {
  await expectCode(() => subsetDual(floatField, 'iid', [0.5, 0.6], [0.5, 0.5], 2), 'NOT_NORMALISED');
  await expectCode(() => subsetDual(floatField, 'iid', [0.5, 0.5], [0.5, 0.25, 0.25], 2), 'LENGTH_MISMATCH');
  await expectCode(() => subsetDual(floatField, 'wor', [0.5, 0.5], [1, 0], 2), 'K_TOO_LARGE');
  await expectCode(() => subsetDual(floatField, 'hub', [0.5, 0.5], [0.5, 0.5], 3), 'UNSUPPORTED_K');
  await expectCode(() => subsetDual(floatField, 'iid', [0.5, 0.5], [0.5, 0.5], 0), 'INVALID_K');
  await expectCode(() => subsetDual(floatField, 'nope' as DraftSchemeId, [0.5, 0.5], [0.5, 0.5], 1), 'UNKNOWN_METHOD');
  await expectCode(() => subsetDual(floatField, 'iid', [NaN, 1], [0.5, 0.5], 1), 'NOT_FINITE');
  await expectCode(solveOtmLinearProgram([0.5, -0.5, 1], [0.5, 0.25, 0.25], 2, 'iid'), 'NEGATIVE_ENTRY');
  await expectCode(solveMembershipLinearProgram([0.5, 0.5], [0, 0], 2, 'iid'), 'ZERO_DRAFT_MASS');
  await expectCode(solveSpecHubLinearProgram([0.5, 0.5], [1]), 'LENGTH_MISMATCH');
  await expectCode(() => membershipMaxFlow(rationalField, E4.p, [{ members: [0, 7], key: '0,7', probability: R('1') }]), 'INVALID_ARGUMENT');
  await expectCode(() => membershipMaxFlow(rationalField, E4.p, [{ members: [0], key: '0', probability: R('-1') }]), 'INVALID_ARGUMENT');
});

test('size guards refuse with TOO_LARGE and a clear message', async () => {
  const n = 30;
  const u = new Array(n).fill(1 / n);
  await expectCode(solveOtmLinearProgram(u, u, 3, 'iid'), 'TOO_LARGE', /full OTM LP .* 810,000 variables, above the limit of 400,000/);
  await expectCode(solveOtmLinearProgram(toFloat(E4.p), toFloat(E4.q), 2, 'iid', { maxVariables: 63 }), 'TOO_LARGE', /64 variables/);
  await expectCode(solveMembershipLinearProgram(toFloat(E4.p), toFloat(E4.q), 2, 'iid', { maxVariables: 10 }), 'TOO_LARGE', /membership LP/);
  await expectCode(solveSpecHubLinearProgram(toFloat(E4.p), toFloat(E4.q), { maxVariables: 11 }), 'TOO_LARGE', /compact LP/);
  await expectCode(() => optimalMembershipFlow(floatField, 'iid', u, u, 3, { maxSets: 1000 }), 'TOO_LARGE', /draft sets/);
  await expectCode(() => subsetDualExhaustive(floatField, new Array(21).fill(1 / 21), new Map()), 'TOO_LARGE', /n ≤ 20/);
});

test('regression: a draft set of probability ~1e-9 keeps its flow in both GLPK LPs (GLPK presolve dropped it)', async () => {
  const p = [0, 1];
  const q = [997 / 998, 1 / 998];
  const exact = membershipMaxFlow(rationalField, vec('0,1'), setLawOf(rationalField, 'iid', vec('997/998,1/998'), 3)).optimum;
  same(exact, '2985019/994011992', 'exact max-flow');
  close((await solveOtmLinearProgram(p, q, 3, 'iid')).optimum, exact.toNumber(), 'full LP');
  close((await solveMembershipLinearProgram(p, q, 3, 'iid')).optimum, exact.toNumber(), 'membership LP');
});

test('solver failures are SolverErrors naming the GLPK status, never a number', async () => {
  const infeasible = solveLinearProgram({
    name: 'infeasible test LP',
    direction: 'max',
    variableCount: 2,
    objective: [1, 1],
    rows: [{ indices: [0, 1], kind: 'eq', bound: 1 }, { indices: [0], kind: 'eq', bound: 2 }],
  });
  await expectCode(infeasible, 'SOLVER_FAILURE', /no feasible solution/);
  const unbounded = solveLinearProgram({ name: 'unbounded test LP', direction: 'max', variableCount: 2, objective: [1, 1], rows: [{ indices: [0], kind: 'le', bound: 1 }] });
  await expectCode(unbounded, 'SOLVER_FAILURE', /unbounded/);
  // A joint law that does not sum to 1 makes the full LP's equality rows inconsistent.
  const broken = jointLawOf(floatField, 'iid', toFloat(E4.q), 2).map((t) => ({ ...t, probability: t.probability / 2 }));
  try {
    await solveOtmLinearProgramForLaw(toFloat(E4.p), broken);
    assert.unreachable('an infeasible OTM LP must not return a value');
  } catch (e) {
    assert.instance(e, SolverError);
  }
});

test.run();
