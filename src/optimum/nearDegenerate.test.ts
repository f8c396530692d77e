// Issue 9 reproductions at library level: the optimum routes and the optimal verifiers on near-one-hot float
// laws (docs/theory.md §12). Expected values come from exact rational arithmetic on the exactly
// renormalised decimal inputs (the rational max-flow over the exact set law), not from the float code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateOutcomes } from '../core/chooser.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { getMethod } from '../methods.ts';
import { checkSampler } from '../montecarlo/checkSampler.ts';
import { jointLawOf, setLawOf } from '../draws/draftLaws.ts';
import { membershipMaxFlow } from './membershipMaxFlow.ts';
import { OPTIMUM_ROUTES, optimalAcceptance } from './optimalAcceptance.ts';
import { subsetDual } from './subsetDual.ts';

const TARGET = ['0.1', '0.2', '0.3', '0.4'];
const DRAFTS = [
  ['0.99', '0.01', '1e-300', '1e-300'],
  ['1', '1e-17', '1e-17', '1e-17'],
];

/** The decimals read exactly and divided by their exact sum. */
function exactRenormalised(decimals: readonly string[]): Rational[] {
  const v = decimals.map((d) => Rational.parse(d));
  const total = v.reduce((s, x) => s.add(x), Rational.ZERO);
  return v.map((x) => x.div(total));
}

/** α* of the exactly renormalised pair, by the exact max-flow (§4.3) over the exact set law. */
function exactOptimum(p: readonly string[], q: readonly string[], k: number, draws: DraftSchemeId): Rational {
  return membershipMaxFlow(rationalField, exactRenormalised(p), setLawOf(rationalField, draws, exactRenormalised(q), k)).optimum;
}

for (const draft of DRAFTS) {
  test(`optimum --draws wor --k 3, draft (${draft.join(', ')}): every route is finite and equals the exact α*`, async () => {
    const exact = exactOptimum(TARGET, draft, 3, 'wor');
    const report = await optimalAcceptance(TARGET.map(Number), draft.map(Number), 3, 'wor', { via: 'all' });
    assert.equal(report.skipped, {});
    for (const route of OPTIMUM_ROUTES) {
      const v = report.via[route];
      assert.ok(v !== null && Number.isFinite(v), `${route}: ${v}`);
      const tolerance = route === 'lp' || route === 'membership-lp' ? 1e-9 : 1e-12;
      assert.ok(Math.abs(v! - exact.toNumber()) <= tolerance, `${route}: ${v} vs exact ${exact}`);
    }
    assert.ok(report.maxDisagreement <= 1e-9, `disagreement ${report.maxDisagreement}`);
  });

  test(`every draft scheme and k on draft (${draft.join(', ')}): float dual and max-flow = exact α*`, () => {
    const q = draft.map(Number);
    const p = TARGET.map(Number);
    for (const draws of ['iid', 'wor', 'hub', 'greedy', 'greedy-q'] as const) {
      for (const k of draws === 'hub' ? [2] : [1, 2, 3, 4]) {
        const exact = exactOptimum(TARGET, draft, k, draws).toNumber();
        const dual = subsetDual(floatField, draws, p, q, k).optimum;
        const flow = membershipMaxFlow(floatField, p, setLawOf(floatField, draws, q, k)).optimum;
        assert.ok(Math.abs(dual - exact) <= 1e-12, `${draws} k = ${k}: dual ${dual} vs exact ${exact}`);
        assert.ok(Math.abs(flow - exact) <= 1e-12, `${draws} k = ${k}: max-flow ${flow} vs exact ${exact}`);
      }
    }
  });
}

test('the draft laws of a near-one-hot float q are finite and sum to 1 (never 1 − q(a) = 0 in a denominator)', () => {
  for (const draft of DRAFTS) {
    const q = draft.map(Number);
    for (const draws of ['iid', 'wor', 'hub', 'greedy', 'greedy-q'] as const) {
      for (const k of draws === 'hub' ? [2] : [1, 2, 3]) {
        const exactSets = setLawOf(rationalField, draws, exactRenormalised(draft), k);
        const sets = setLawOf(floatField, draws, q, k);
        let total = 0;
        for (const s of sets) {
          assert.ok(Number.isFinite(s.probability) && s.probability >= 0, `${draws} k = ${k}: Q_S({${s.key}}) = ${s.probability}`);
          const expected = exactSets.find((e) => e.key === s.key)?.probability.toNumber() ?? 0;
          assert.ok(Math.abs(s.probability - expected) <= 1e-15 + 1e-13 * expected, `${draws} k = ${k}: Q_S({${s.key}}) = ${s.probability} vs ${expected}`);
          total += s.probability;
        }
        assert.ok(Math.abs(total - 1) <= 1e-15, `${draws} k = ${k}: Σ Q_S = ${total}`);
        let tupleTotal = 0;
        for (const t of jointLawOf(floatField, draws, q, k)) tupleTotal += t.probability;
        assert.ok(Math.abs(tupleTotal - 1) <= 1e-15, `${draws} k = ${k}: Σ Q = ${tupleTotal}`);
      }
    }
  }
});

test('acceptance of otm-wor (k = 3) on draft (0.99, 0.01, 1e-300, 1e-300) is the exact α* (it was −∞)', () => {
  const p = TARGET.map(Number);
  for (const draft of DRAFTS) {
    const exact = exactOptimum(TARGET, draft, 3, 'wor').toNumber();
    const a = getMethod('otm-wor').verifier.acceptance(floatField, p, draft.map(Number), 3).value;
    assert.ok(Math.abs(a - exact) <= 1e-12, `${draft}: ${a} vs ${exact}`);
  }
});

test('the race-integral dual (wor, k ≥ 3, large-n method) on near-one-hot and subnormal laws equals the exact optimum', () => {
  const cases: Array<[string[], string[]]> = [
    [TARGET, DRAFTS[0]!],
    [TARGET, DRAFTS[1]!],
    [['0.25', '0.25', '0.25', '0.25', '0'], ['1', '5e-324', '5e-324', '1e-300', '0']],
    [['0', '0', '0.5', '0.5'], ['0.5', '0.5', '5e-324', '5e-324']],
  ];
  for (const [target, draft] of cases) {
    for (const k of [3, 4]) {
      if (draft.filter((x) => Number(x) > 0).length < k) continue;
      const exact = exactOptimum(target, draft, k, 'wor').toNumber();
      const r = subsetDual(floatField, 'wor', target.map(Number), draft.map(Number), k, { exhaustiveMaxN: 0 });
      assert.is(r.method, 'prefix-wor-race-integral');
      assert.ok(Number.isFinite(r.optimum) && Math.abs(r.optimum - exact) <= 1e-11, `k = ${k} q = (${draft}): ${r.optimum} vs ${exact}`);
    }
  }
});

test('check --method khisti/otm/otm-wor --target 0,1 --draft 1e-300,1 --k 2: prepared without ZERO_DRAFT_MASS; law = p', () => {
  const p = [0, 1];
  const q = [1e-300, 1];
  for (const id of ['khisti', 'otm', 'otm-wor']) {
    const method = getMethod(id);
    const prepared = method.verifier.prepare(floatField, p, q, 2);
    // Every tuple of the float draft law, including the set {0} whose probability (1e-600) underflows to 0.
    const law = [0, 0];
    for (const { tuple, probability } of jointLawOf(floatField, method.scheme.id, q, 2)) {
      for (const o of enumerateOutcomes(floatField, (c) => prepared.verify(tuple, c))) law[o.value.token]! += probability * o.probability;
    }
    if (method.scheme.id === 'iid') {
      // Drafts (0, 0): their set {0} has float probability 0, yet a sampler may draw it.
      for (const o of enumerateOutcomes(floatField, (c) => prepared.verify([0, 0], c))) {
        if (o.probability > 0) assert.is(o.value.token, 1, `${id}: drafts (0, 0) must not emit p = 0`);
      }
    }
    assert.equal(law, [0, 1], id);
    const r = checkSampler(id, p, q, 2, { trials: 2000, seed: 9 });
    assert.not.ok(r.rejected, id);
    assert.is(r.monteCarlo.tokenCounts[0], 0, `${id}: token 0 (p = 0) was emitted`);
  }
});

test('p = 0 is never emitted by the optimal verifiers on one-hot-plus-dust laws (float enumeration)', () => {
  const p = [0, 0.5, 0.5, 0];
  const q = [1, 1e-17, 1e-300, 5e-324];
  for (const id of ['khisti', 'otm', 'otm-wor']) {
    const method = getMethod(id);
    for (const k of [1, 2, 3]) {
      const prepared = method.verifier.prepare(floatField, p, q, k);
      const law = [0, 0, 0, 0];
      for (const { tuple, probability } of jointLawOf(floatField, method.scheme.id, q, k)) {
        for (const o of enumerateOutcomes(floatField, (c) => prepared.verify(tuple, c))) law[o.value.token]! += probability * o.probability;
      }
      assert.is(law[0], 0, `${id} k = ${k}: mass on token 0`);
      assert.is(law[3], 0, `${id} k = ${k}: mass on token 3`);
      assert.ok(Math.abs(law[1]! - 0.5) <= 1e-12 && Math.abs(law[2]! - 0.5) <= 1e-12, `${id} k = ${k}: ${law}`);
    }
  }
});


test('membership LP on a target with masses 2^-1022 (k = 3, iid): a certified value in well under a second, not a GLPK cycle', async () => {
  // Found by the long optimum fuzz (seed 305, batch 0, instance 255): GLPK's simplex cycled for ever on the rows
  // p(y) = 2^-1022. The tokens of tiny target mass are left out of the LP (value lower by at most their mass).
  const tiny = '2.2250738585072014e-308';
  const p = ['0.5', '0.5', tiny, tiny, tiny, tiny];
  const q = ['0.2571428450338944', '1e-300', '0.19999999058191786', '0.28571427225988266', '0.2571428450338944', '4.7090410560677497e-8'];
  const exact = exactOptimum(p, q, 3, 'iid').toNumber();
  const started = performance.now();
  const report = await optimalAcceptance(p.map(Number), q.map(Number), 3, 'iid', { via: 'all' });
  assert.ok((performance.now() - started) / 1000 < 20, 'every route answers promptly');
  assert.equal(report.skipped, {});
  for (const route of OPTIMUM_ROUTES) {
    const v = report.via[route];
    assert.ok(v !== null && Math.abs(v - exact) <= 1e-9, `${route}: ${v} vs exact ${exact}`);
  }
});

test('a GLPK solve that reaches its time limit is a SolverError naming the limit, not a hang', async () => {
  const { SolverError } = await import('../core/errors.ts');
  const { solveLinearProgram } = await import('./solveLinearProgram.ts');
  // A dense LP large enough not to finish in a millisecond: max Σx s.t. random ≤ rows.
  const n = 400;
  const rows = Array.from({ length: 400 }, (_, r) => ({ indices: Array.from({ length: n }, (_, j) => j), coefficients: Array.from({ length: n }, (_, j) => 1 + ((r * 7919 + j * 104729) % 997) / 997), kind: 'le' as const, bound: 1 + (r % 13) }));
  try {
    await solveLinearProgram({ name: 'dense test LP', direction: 'max', variableCount: n, objective: new Float64Array(n).fill(1), rows }, { timeLimitSeconds: 0.001 });
    assert.unreachable('the 1 ms limit should stop GLPK');
  } catch (e) {
    assert.ok(e instanceof SolverError, String(e));
    assert.match((e as Error).message, /time limit of 0.001 s/);
  }
});


test('the full OTM LP that GLPK cannot finish (equality rows, dust masses) refuses at its time limit; --via all still answers', async () => {
  // Long optimum fuzz, seed 305, batch 11: the full LP cycles; its default limit is 5 s + 0.2 ms per variable.
  const p = ['0.6616873840349848', '0', '1e-300', '0.3308436920174924', '1e-200', '5e-324', '0.007468923947522747', '1e-100'];
  const q = ['0', '0', '0.4999999545454587', '1e-17', '4.545454132231446e-8', '0.4999999545454587', '4.545454132231459e-8', '0'];
  const exact = exactOptimum(p, q, 4, 'iid').toNumber();
  const started = performance.now();
  const report = await optimalAcceptance(p.map(Number), q.map(Number), 4, 'iid', { via: 'all' });
  assert.ok((performance.now() - started) / 1000 < 30, 'bounded by the time limit');
  for (const route of OPTIMUM_ROUTES) {
    const v = report.via[route];
    if (v === null) assert.match(report.skipped[route] ?? '', route === 'lp' ? /time limit/ : /^$/, `${route} skipped: ${report.skipped[route]}`);
    else assert.ok(Math.abs(v - exact) <= 1e-9, `${route}: ${v} vs exact ${exact}`);
  }
  assert.ok(report.via.maxflow !== null && report.via.dual !== null && report.via['membership-lp'] !== null);
});


test('prefix dual (iid, k = 4) with a target mass 1e-300 on a subnormal draft mass: ratio keys do not underflow (long optimum fuzz, seed 305 batch 3)', async () => {
  // p·2^-100 underflowed to 0 for p = 1.01e-300, so token 3 (ratio 2e23) sorted among the ratio-0 tokens and the
  // prefix {5, 6} (value 4·2^-1074) was never scanned; the float dual returned 1.01e-300.
  const p = ['0', '1.0101010101010102e-17', '1', '1.01010101010101e-300', '5e-324', '0', '0'];
  const q = ['0', '0', '0', '5e-324', '0', '0.999999999999', '1e-17'];
  const exact = exactOptimum(p, q, 4, 'iid').toNumber();
  const report = await optimalAcceptance(p.map(Number), q.map(Number), 4, 'iid', { via: 'dual' });
  const v = report.via.dual!;
  assert.ok(Math.abs(v - exact) <= 1e-12 * exact, `dual ${v} vs exact ${exact}`);
});

test.run();
