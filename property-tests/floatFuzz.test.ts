// Float fuzz suite (issue 9; docs/theory.md §11.6): every verifier and draft scheme of the core, on
// near-degenerate laws (masses 1e-300, subnormals, 1 − 1e-16, one-hots, exact ties, disjoint supports, sums
// off by up to 1e-9; n ≤ 50, k = 1..4; property-tests/arbitraries/degenerateLaws.ts).
//
// (a) Closed forms: the float value (validated and renormalised at the boundary) against the exact value that
//     rationalField gives on the *exactly renormalised* inputs: |α̂ − α| ≤ τ·α + σ, τ = 1e-11 (K-SEQ 1e-9),
//     σ = 1e-300 (floatChecks.ts). Never NaN, never outside [0, 1].
// (b) Samplers: N = 20,000 float verifications per (instance, method); the output law against p by the G-test
//     (cells of expected count < 5 pooled) and the acceptance count against the float closed form by a
//     two-sided z-test, each at half the per-check level (checkSampler). Family-wise level 1e-3 over all the
//     statistical checks of this file, Bonferroni: per-check level 1e-3 / CHECKS. Power: at that level and N,
//     the G-test rejects with probability ≥ 0.99 any output law whose (pooled) χ²-distance from p is ≥ 0.01
//     (so any total-variation error ≥ 0.05), for every number of cells up to 50 (asserted below with
//     Patnaik's approximation of the noncentral χ²). A token with p = 0 in the output fails outright.
//     Teeth: the pre-fix G-r verifier (q'_T = q/(1 − q(T))) and the duplicate-skipping RRS (§8 item 1) must be
//     rejected by the same check; for the draft schemes, an exponential race with keys log(u)/q (which drops
//     subnormal tokens) must be rejected.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SamplingChooser } from '../src/core/chooser.ts';
import { floatField } from '../src/core/field.ts';
import type { Rng } from '../src/core/rng.ts';
import { exponentialRaceDraws, gumbelTopKDraws, hubPairDrawsByRace } from '../src/draws/exponentialRaceDraws.ts';
import { getDraftScheme } from '../src/methods.ts';
import { chiSquareSurvival } from '../src/montecarlo/_internals/specialFunctions.ts';
import { degenerateLaw, degeneratePair, spikedDraftPair } from './arbitraries/degenerateLaws.ts';
import { replayPosition } from '../src/traces/replayPosition.ts';
import { exactAcceptance } from '../src/analysis/acceptanceRate.ts';
import { exactlyRenormalised } from '../src/core/renormalise.ts';
import { closedFormCheck, draftSchemeCheck, methodsFor, samplerCheck, type CheckStatus } from './floatChecks.ts';
import { biasedMethod, subtractingGreedyMethod } from './helpers.ts';

const SEED = 20250911;
const FAMILY_LEVEL = 1e-3;
const TRIALS = 20_000;
const SAMPLER_INSTANCES = 24;
const SCHEME_INSTANCES = 16;
/** Statistical checks in this file (upper bound): samplers (≤ 6 methods per k), schemes (≤ 8 samplers), teeth. */
const CHECKS = SAMPLER_INSTANCES * 6 + SCHEME_INSTANCES * 8 + 4;
const LEVEL = FAMILY_LEVEL / CHECKS;

function tally(counts: Record<string, number>, status: CheckStatus) {
  counts[status] = (counts[status] ?? 0) + 1;
}

// (a′) A draft spiked at one token whose other masses are a few subnormal ulps (1 − q(a) a handful of ulps): the
//      closed forms and the replay's fused values (src/traces/replayPosition.ts, k = 2) against the exact value,
//      same tolerances. Found by a randomised comparison: RRSw's k = 2 float form and the replay's RRSw classes
//      tested ρ ≤ c as P₂·(1 − q(x)) ≤ q, a product that rounds on the subnormal grid (RRSw 0.420 for 0.377), and
//      the replay's hub sums tested p·r < q (SpecHub 0.881 for 0.786); docs/theory.md §11.7, §11.8.
test('(a′) spiked drafts with subnormal leftovers: closed forms and the fused replay values = exact values (k = 2, 3)', () => {
  const counts: Record<string, number> = {};
  let replayed = 0;
  fc.assert(
    fc.property(spikedDraftPair({ maxN: 8 }), fc.integer({ min: 2, max: 3 }), ({ p, q }, k) => {
      for (const method of methodsFor(k)) {
        const r = closedFormCheck(method, p, q, k);
        tally(counts, r.status);
        assert.ok(r.status !== 'failed', `${method}, k = ${k}: ${r.detail} (p = [${p}], q = [${q}])`);
      }
      if (k !== 2) return;
      const ids: string[] = [...methodsFor(2), 'otm', 'otm-wor'];
      const fused = replayPosition({ kind: 'dense', probs: Float64Array.from(p) }, { kind: 'dense', probs: Float64Array.from(q) }, p.length, 2, ids);
      for (const id of ids) {
        const value = fused.values.get(id);
        if (value === undefined) continue;
        const exact = exactAcceptance(id, exactlyRenormalised(p), exactlyRenormalised(q), 2).value.toNumber();
        const tolerance = id === 'kseq' ? 1e-9 : 1e-11;
        assert.ok(Math.abs(value[0] - exact) <= tolerance * exact + 1e-300, `replay ${id}: ${value[0]} vs exact ${exact} (p = [${p}], q = [${q}])`);
        replayed++;
      }
    }),
    { numRuns: 300, seed: SEED },
  );
  assert.ok((counts.ok ?? 0) >= 1000 && replayed >= 1000, `only ${counts.ok} closed forms and ${replayed} replay values compared (${JSON.stringify(counts)})`);
});

test('(a) closed forms = exact rational values of the renormalised inputs, every method, n ≤ 50, k = 1..4', () => {
  const counts: Record<string, number> = {};
  let worst = 0;
  fc.assert(
    fc.property(degeneratePair({ maxN: 50 }), fc.integer({ min: 1, max: 4 }), ({ p, q }, k) => {
      for (const method of methodsFor(k)) {
        const r = closedFormCheck(method, p, q, k);
        tally(counts, r.status);
        assert.ok(r.status !== 'failed', `${method}, k = ${k}: ${r.detail}`);
        if (r.status === 'ok' && method !== 'kseq') worst = Math.max(worst, r.relativeError!);
      }
    }),
    { numRuns: 150, seed: SEED },
  );
  assert.ok((counts.ok ?? 0) >= 400, `only ${counts.ok} closed forms compared (${JSON.stringify(counts)})`);
  assert.ok(worst <= 1e-11, `worst relative error ${worst}`);
});

test('(a) small n, every k: closed forms including RRSw with k ≥ 3 (prefix sums)', () => {
  fc.assert(
    fc.property(degeneratePair({ minN: 2, maxN: 7 }), fc.integer({ min: 1, max: 4 }), ({ p, q }, k) => {
      for (const method of methodsFor(k)) {
        const r = closedFormCheck(method, p, q, k);
        assert.ok(r.status !== 'failed' && r.status !== 'too-costly', `${method}, k = ${k}: ${r.status} ${r.detail ?? ''}`);
      }
    }),
    { numRuns: 100, seed: SEED + 1 },
  );
});

/** Power of the G-test with `df` degrees of freedom at `level` against noncentrality λ (Patnaik's approximation). */
function gTestPower(df: number, lambda: number, level: number): number {
  let lo = 0;
  let hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSurvival(mid, df) > level) lo = mid;
    else hi = mid;
  }
  const scale = (df + 2 * lambda) / (df + lambda);
  const nu = (df + lambda) ** 2 / (df + 2 * lambda);
  return chiSquareSurvival(hi / scale, nu);
}

test('(b) power: at the per-check level and N trials, χ²-distance 0.01 is detected with probability ≥ 0.99 (df ≤ 49)', () => {
  for (const df of [1, 2, 5, 10, 20, 35, 49]) {
    const power = gTestPower(df, TRIALS * 0.01, LEVEL / 2);
    assert.ok(power >= 0.99, `df ${df}: power ${power}`);
  }
});

test('(b) samplers: output law = p (G-test), acceptance = closed form (z-test), no p = 0 token; every method', () => {
  const instances = fc.sample(fc.tuple(degeneratePair({ maxN: 50 }), fc.integer({ min: 1, max: 4 })), { seed: SEED + 2, numRuns: SAMPLER_INSTANCES });
  const counts: Record<string, number> = {};
  instances.forEach(([{ p, q }, k], i) => {
    for (const method of methodsFor(k)) {
      if (method === 'rrsw' && k >= 3 && p.length > 20) continue; // float prefix sums O(n^(k−1)·n): cost guard
      const r = samplerCheck(method, p, q, k, { trials: TRIALS, seed: `fuzz-${i}-${method}`, significance: LEVEL });
      tally(counts, r.status);
      assert.ok(r.status !== 'failed', `instance ${i} ${method} k = ${k} n = ${p.length}: ${r.detail}\np = ${JSON.stringify(p)}\nq = ${JSON.stringify(q)}`);
    }
  });
  assert.ok((counts.ok ?? 0) >= 70, JSON.stringify(counts));
});

test('(b) teeth: the same check rejects the pre-fix greedy verifier and duplicate-skipping RRS', () => {
  const p = [0.1, 0.2, 0.3, 0.4];
  const greedyTeeth = samplerCheck(subtractingGreedyMethod, p, [1, 1e-17, 1e-17, 1e-17], 2, { trials: TRIALS, seed: 'teeth-greedy', significance: LEVEL, exactAcceptance: 14 / 15 });
  assert.is(greedyTeeth.status, 'failed', 'biased greedy not rejected');
  // On degenerate instances drawn by the generator: the biased greedy must be caught on at least one.
  const instances = fc.sample(fc.tuple(degeneratePair({ maxN: 12 }), fc.integer({ min: 2, max: 4 })), { seed: SEED + 3, numRuns: 40 });
  let caught = 0;
  for (const [i, [{ p: pi, q: qi }, k]] of instances.entries()) {
    if (caught > 0) break;
    const r = samplerCheck(subtractingGreedyMethod, pi, qi, k, { trials: TRIALS, seed: `teeth-${i}`, significance: LEVEL });
    if (r.status === 'failed') caught++;
  }
  assert.ok(caught > 0, 'the biased greedy passed every generated instance');
  const rrsTeeth = samplerCheck(biasedMethod, [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2, { trials: TRIALS, seed: 'teeth-rrs', significance: LEVEL });
  assert.is(rrsTeeth.status, 'failed', 'duplicate-skipping RRS not rejected');
});

/** The draft samplers under test: every scheme through its Chooser program, and the one-shot race samplers. */
const SCHEME_SAMPLERS: Array<{ name: string; scheme: string; sampler: (q: Float64Array, k: number) => (qf: Float64Array, rng: Rng) => number[] }> = [
  ...(['iid', 'wor', 'hub', 'greedy', 'greedy-q'] as const).map((scheme) => ({
    name: scheme,
    scheme,
    sampler: (q: Float64Array, k: number) => {
      const prepared = getDraftScheme(scheme).prepare(floatField, q, k);
      return (_qf: Float64Array, rng: Rng) => prepared.draw(new SamplingChooser(rng));
    },
  })),
  { name: 'exponential race', scheme: 'wor', sampler: (_q, k) => (qf, rng) => exponentialRaceDraws(qf, k, rng) },
  { name: 'Gumbel top-k', scheme: 'wor', sampler: (_q, k) => (qf, rng) => gumbelTopKDraws(qf, k, rng) },
  { name: 'hub race', scheme: 'hub', sampler: () => (qf, rng) => hubPairDrawsByRace(qf, rng) },
];

test('(b) draft schemes: sampled tuples follow the exact joint law of the renormalised draft law (n ≤ 6, k ≤ 3)', () => {
  const instances = fc.sample(fc.tuple(fc.integer({ min: 2, max: 6 }).chain((n) => degenerateLaw(n)), fc.integer({ min: 1, max: 3 })), { seed: SEED + 4, numRuns: SCHEME_INSTANCES });
  let compared = 0;
  instances.forEach(([q, k], i) => {
    for (const { name, scheme, sampler } of SCHEME_SAMPLERS) {
      const kk = scheme === 'hub' ? 2 : k;
      let draw: (qf: Float64Array, rng: Rng) => number[];
      try {
        draw = sampler(Float64Array.from(q), kk);
        getDraftScheme(scheme).check(floatField, q, kk);
      } catch {
        continue; // not applicable (support smaller than k); the exact law check below says the same
      }
      const r = draftSchemeCheck(scheme, q, kk, draw, { draws: TRIALS, seed: `scheme-${i}-${name}`, significance: LEVEL });
      if (r.status === 'not-applicable') continue;
      compared++;
      assert.ok(r.status !== 'failed', `${name}, k = ${kk}, q = ${JSON.stringify(q)}: ${r.detail}`);
    }
  });
  assert.ok(compared >= 50, `${compared} scheme checks`);
});

test('(b) teeth: a race with keys log(u)/q (−∞ for subnormal q) is rejected', () => {
  const q = [0.5, 0.5 - 1e-300, 5e-324 * 3];
  const naive = (qf: Float64Array, rng: Rng) => {
    const keys = Array.from(qf, (w) => (w > 0 ? Math.log(rng()) / w : -Infinity));
    return [...keys.keys()].filter((y) => keys[y] !== -Infinity).sort((a, b) => keys[b]! - keys[a]!).slice(0, 3);
  };
  const r = draftSchemeCheck('wor', q, 3, naive, { draws: TRIALS, seed: 'teeth-race', significance: LEVEL });
  assert.is(r.status, 'failed');
  const fixed = draftSchemeCheck('wor', q, 3, (qf, rng) => exponentialRaceDraws(qf, 3, rng), { draws: TRIALS, seed: 'race', significance: LEVEL });
  assert.is(fixed.status, 'ok', fixed.detail);
});

test.run();
