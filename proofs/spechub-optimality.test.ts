// Machine check of proofs/spechub-optimality.md: hub set law = G-r set law (k = 2); SpecHub's closed form =
// exhaustive subset dual = exact max-flow (both independent of the toolkit's optimum code); value ≤ 1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftSetLaw } from '../src/analysis/jointLaw.ts';
import { argmax } from '../src/core/distribution.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { getMethod } from '../src/methods.ts';
import { optimalAcceptance } from '../src/optimum/optimalAcceptance.ts';
import { dualValue, maskOf, setEntries, subsetMinimum } from './_internals/dual.ts';
import { exactMaxFlow } from './_internals/exactMaxFlow.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;

function checkInstance(p: Rational[], q: Rational[]): boolean {
  const a = argmax(F, q);
  if (q[a]!.equals(Rational.ONE)) return false; // no pair exists (single-draft fallback)
  const tilde = (y: number) => q[y]!.div(Rational.ONE.sub(q[a]!));
  const hub = draftSetLaw(F, 'hub', q, 2);
  const greedy = draftSetLaw(F, 'greedy', q, 2);
  // Item 1.
  assert.is(hub.size, greedy.size);
  for (const [key, probability] of hub) {
    const members = key.split(',').map(Number);
    assert.ok(members.includes(a) && members.length === 2, `set {${key}} contains the hub`);
    const i = members.find((y) => y !== a)!;
    assert.ok(probability.equals(tilde(i)), `Q_S({${key}}) = q̃(${i})`);
    assert.ok(greedy.get(key)?.equals(probability), `G-r has the same Q_S({${key}})`);
  }
  // Item 2.
  const alpha = getMethod('spechub').verifier.acceptance(F, p, q, 2).value;
  const sets = setEntries(hub);
  assert.ok(subsetMinimum(p, sets).value.equals(alpha), 'closed form = min over all A of the subset dual');
  assert.ok(exactMaxFlow(p, sets).value.equals(alpha), 'closed form = exact max-flow');
  const cut = [a, ...p.map((_, y) => y).filter((y) => y !== a && p[y]!.compare(tilde(y)) < 0)];
  assert.ok(dualValue(p, sets, maskOf(cut)).equals(alpha), 'the cut of the proof attains it');
  // Item 3.
  assert.ok(F.le(alpha, Rational.ONE));
  return true;
}

test('H2: hub set law = G-r set law; α_hub = subset-dual minimum = exact max-flow ≤ 1 — grids and random', () => {
  const random = randomDistributions('proofs/spechub-optimality');
  let grid3 = 0;
  let grid4 = 0;
  let rand = 0;
  let fallback = 0;
  for (const { p, q } of gridPairs(3, 4)) checkInstance(p, q) ? grid3++ : fallback++;
  for (const { p, q } of gridPairs(4, 4)) checkInstance(p, q) ? grid4++ : fallback++;
  for (let t = 0; t < 300; t++) {
    const n = random.integer(2, 7);
    checkInstance(random.vector(n), random.vector(n)) ? rand++ : fallback++;
  }
  report('spechub-optimality', { 'grid pairs n = 3 (d ≤ 4)': grid3, 'grid pairs n = 4 (d ≤ 4)': grid4, 'random instances (n ≤ 7)': rand, 'skipped with q(a) = 1 (no pair)': fallback });
});

test("cross-check with the toolkit's own optimum (exact max-flow route) for the hub law", async () => {
  let n = 0;
  for (const { p, q } of gridPairs(3, 3)) {
    const a = argmax(F, q);
    if (q[a]!.equals(Rational.ONE)) continue;
    const r = await optimalAcceptance(p, q, 2, 'hub', { via: 'maxflow' });
    assert.is(r.exact, getMethod('spechub').verifier.acceptance(F, p, q, 2).value.toString());
    n++;
  }
  report('spechub-optimality (toolkit cross-check)', { 'grid pairs n = 3 (d ≤ 3)': n });
});

test.run();
