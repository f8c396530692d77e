// Property tests over arbitrary exact distributions (sizes 2–6, zeros, ties, one-hots, near-degenerate) and
// k ∈ {1, 2, 3}: exact output laws, closed forms vs enumeration, bounds and dominance relations (§3, §4.5).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftSetLaw } from '../src/analysis/jointLaw.ts';
import { exactOutputLaw } from '../src/analysis/outputLaw.ts';
import { argmax } from '../src/core/distribution.ts';
import { rationalField as F } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { SpechubError } from '../src/core/errors.ts';
import { CORE_METHOD_IDS, getMethod } from '../src/methods.ts';
import { membershipBound } from '../src/optimum/membershipBound.ts';
import { subsetDualExhaustive } from '../src/optimum/subsetDualExhaustive.ts';
import { assertRationalEqual, assertVectorEqual, rationalPair } from './helpers.ts';

const SEED = 20241105;

/** Whether the method is defined for k and the draft law admits k drafts (else a documented SpechubError). */
function applicable(id: string, q: Rational[], k: number): boolean {
  const m = getMethod(id);
  if (!m.verifier.supportsK(k)) return false;
  try {
    m.scheme.check(F, q, k);
    return true;
  } catch (e) {
    if (e instanceof SpechubError && e.code === 'K_TOO_LARGE') return false;
    throw e;
  }
}

function inclusionProbabilities(setLaw: Map<string, Rational>, n: number): Rational[] {
  const inc = Array.from({ length: n }, () => F.zero);
  for (const [key, pr] of setLaw) for (const t of key.split(',')) inc[Number(t)] = inc[Number(t)]!.add(pr);
  return inc;
}

for (const k of [1, 2, 3]) {
  test(`k = ${k}: every verifier's exact output law is p; closed form = enumeration; α ≤ membership bound ≤ …; α ≤ α* of its draft law`, () => {
    const maxN = k === 3 ? 5 : 6;
    fc.assert(
      fc.property(rationalPair(2, maxN), ({ p, q }) => {
        for (const id of CORE_METHOD_IDS) {
          if (!applicable(id, q, k)) continue;
          const { verifier, scheme } = getMethod(id);
          const r = exactOutputLaw(F, id, p, q, k);
          assertVectorEqual(r.law, p, `${id} law`);
          const closed = verifier.acceptance(F, p, q, k);
          // K-SEQ with an irrational ρ* runs with a rational ρ̂ ≥ ρ*: its closed form is the accept-test rate.
          if (id === 'kseq') assertRationalEqual(closed.value, r.acceptanceTest, 'kseq closed form = α_test');
          if (closed.exact) assertRationalEqual(closed.value, r.acceptance, `${id} closed form = enumeration`);
          const profileSum = r.profile.reduce((s, x) => s.add(x), F.zero);
          assertRationalEqual(profileSum, r.acceptance, `${id} Σ A = α`);
          assert.ok(r.profile.every((a, y) => a.compare(p[y]!) <= 0), `${id} A ≤ p`);
          const setLaw = draftSetLaw(F, scheme.id, q, k);
          const bound = membershipBound(F, p, inclusionProbabilities(setLaw, p.length));
          assert.ok(r.acceptance.compare(bound) <= 0, `${id}: α = ${r.acceptance} exceeds the membership bound ${bound}`);
          const optimum = subsetDualExhaustive(F, p, setLaw).optimum;
          assert.ok(r.acceptance.compare(optimum) <= 0, `${id}: α = ${r.acceptance} exceeds α* = ${optimum}`);
        }
      }),
      { numRuns: k === 3 ? 80 : 150, seed: SEED + k },
    );
  });
}

test('k = 2: SpecHub = greedy G-r (acceptance and profile) and equals the optimum of its own draft law (H2)', () => {
  fc.assert(
    fc.property(rationalPair(2, 6), ({ p, q }) => {
      if (!applicable('greedy', q, 2) || !applicable('spechub', q, 2)) return;
      const hub = exactOutputLaw(F, 'spechub', p, q, 2);
      const greedy = exactOutputLaw(F, 'greedy', p, q, 2);
      assertRationalEqual(hub.acceptance, greedy.acceptance, 'SpecHub vs G-r');
      assertVectorEqual(hub.profile, greedy.profile, 'SpecHub vs G-r profile');
      assertRationalEqual(hub.acceptance, subsetDualExhaustive(F, p, draftSetLaw(F, 'hub', q, 2)).optimum, 'H2');
      // Greedy G-q never beats G-r.
      assert.ok(exactOutputLaw(F, 'greedy-q', p, q, 2).acceptance.compare(greedy.acceptance) <= 0, 'G-q ≤ G-r');
    }),
    { numRuns: 80, seed: SEED },
  );
});

test('H3: q(a) ≥ 1/2 implies SpecHub ≥ RRS and SpecHub ≥ K-SEQ', () => {
  const half = Rational.of(1, 2);
  let checked = 0;
  fc.assert(
    fc.property(rationalPair(2, 6), ({ p, q }) => {
      const a = argmax(F, q);
      if (q[a]!.compare(half) < 0 || !applicable('spechub', q, 2)) return;
      checked++;
      const hub = getMethod('spechub').verifier.acceptance(F, p, q, 2).value;
      assert.ok(hub.compare(getMethod('rrs').verifier.acceptance(F, p, q, 2).value) >= 0, 'SpecHub ≥ RRS');
      const kseq = getMethod('kseq').verifier.acceptance(F, p, q, 2);
      assert.ok(hub.toNumber() >= kseq.value.toNumber() - 1e-12, 'SpecHub ≥ K-SEQ');
    }),
    { numRuns: 300, seed: SEED + 7 },
  );
  assert.ok(checked >= 30, `too few instances with q(a) ≥ 1/2 were generated (${checked})`);
});

test('H4 witness search: SpecHub is not always ≥ RRS (n = 3 counterexamples exist)', () => {
  // Not a hard-coded vector: search a small grid of exact n = 3 pairs for a counterexample.
  const grid: Rational[][] = [];
  const d = 6;
  for (let a = 0; a <= d; a++) for (let b = 0; a + b <= d; b++) grid.push([Rational.of(a, d), Rational.of(b, d), Rational.of(d - a - b, d)]);
  let found = 0;
  for (const p of grid) for (const q of grid) {
    if (!applicable('spechub', q, 2)) continue;
    const hub = getMethod('spechub').verifier.acceptance(F, p, q, 2).value;
    if (hub.compare(getMethod('rrs').verifier.acceptance(F, p, q, 2).value) < 0) found++;
  }
  assert.ok(found > 0, 'expected at least one n = 3 pair where SpecHub < RRS');
});

test.run();
