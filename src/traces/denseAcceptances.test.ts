// The fused closed forms of replay (src/traces/_internals/denseAcceptances.ts, docs/theory.md §11.7):
// (a) at n = 32,000 and 128,256 they agree with each method's own float closed form (the previous
//     implementation: `verifier.acceptance(floatField, …)`) to 1e-12 relative, and replayPosition reports them;
// (b) on the near-degenerate laws of the float fuzz suite (n ≤ 50, exactly renormalised) the verifiers' values
//     satisfy the same check as their closed forms: |α̂ − α| ≤ τ·α + σ against the exact rational value
//     (τ = 1e-11, K-SEQ 1e-9, raised for subnormal inputs as in property-tests/floatChecks.ts); the optima equal
//     the previous float prefix scans to 1e-12 relative (they sum in another order); nothing lies outside [0, 1].
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactAcceptance } from '../analysis/acceptanceRate.ts';
import { argmax } from '../core/distribution.ts';
import { floatField, rationalField } from '../core/field.ts';
import { exactlyRenormalised, renormalise } from '../core/renormalise.ts';
import { softmax } from '../core/softmax.ts';
import { getMethod } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import { degeneratePair } from '../../property-tests/arbitraries/degenerateLaws.ts';
import { KSEQ_TOLERANCE, subnormalPerturbation, SUBNORMAL_FACTOR, TOLERANCE } from '../../property-tests/floatChecks.ts';
import { denseAcceptances } from './_internals/denseAcceptances.ts';
import { replayPosition } from './replayPosition.ts';

const METHODS = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti'];

function previous(id: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  const v = getMethod(id).verifier.acceptance(floatField, p, q, k).value;
  return Math.min(1, Math.max(0, v));
}

test('(a) fused closed forms = each method’s float closed form to 1e-12 at n = 32,000 and 128,256 (k = 2, 3)', () => {
  for (const n of [32_000, 128_256]) {
    for (const noise of [0.2, 0.9, 2.5]) {
      const rng = createRng(`dense-${n}-${noise}`);
      const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
      const p = softmax(logits);
      const q = softmax(logits.map((x) => x + noise * gauss()));
      for (const k of [2, 3]) {
        const ids = METHODS.filter((id) => getMethod(id).verifier.supportsK(k) && !(k === 3 && id === 'rrsw'));
        const fused = denseAcceptances(p, q, k, ids);
        if (k === 2) assert.equal([...fused.keys()].sort(), [...ids].sort(), 'every method fused at k = 2');
        for (const [id, value] of fused) {
          const expected = previous(id, p, q, k);
          assert.ok(Math.abs(value - expected) <= 1e-12 * expected, `n = ${n}, noise ${noise}, k = ${k}, ${id}: ${value} vs ${expected}`);
        }
        const position = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, n, k, ids);
        for (const [id, value] of fused) assert.equal(position.values.get(id), [value, value], `replayPosition reports the fused ${id}`);
        assert.is(position.hubMass, q.reduce((m, x) => Math.max(m, x), 0), 'hub mass = max q (from the fused first pass)');
      }
    }
  }
});

test('(b) fused closed forms vs exact rational values on near-degenerate laws (n ≤ 50, k = 2, 3)', () => {
  let compared = 0;
  fc.assert(
    fc.property(degeneratePair({ maxN: 50 }), fc.integer({ min: 2, max: 3 }), ({ p, q }, k) => {
      const pf = renormalise(p);
      const qf = renormalise(q);
      const fused = denseAcceptances(pf, qf, k, METHODS.filter((id) => getMethod(id).verifier.supportsK(k)));
      const P = exactlyRenormalised(p);
      const Q = exactlyRenormalised(q);
      for (const [id, value] of fused) {
        assert.ok(value >= 0 && value <= 1, `${id}: ${value} outside [0, 1]`);
        if (id === 'otm' || id === 'otm-wor' || id === 'khisti') {
          // The optima by bucket bounds (§11.8) sum in bucket order, not token order: the previous full-order scan's
          // value up to rounding (1e-12 relative; 2⁻¹⁰⁷⁴·n absolute for sums of subnormal masses).
          const before = previous(id, pf, qf, k);
          assert.ok(Math.abs(value - before) <= 1e-12 * before + 64 * Number.MIN_VALUE, `${id}, k = ${k}: ${value} vs ${before}`);
          continue;
        }
        if ((id === 'spechub' || id === 'greedy' || id === 'greedy-q') && argmax(rationalField, Q) !== argmax(floatField, qf)) continue; // rounding tie
        const exact = exactAcceptance(id, P, Q, k).value.toNumber();
        const tolerance = id === 'kseq' ? KSEQ_TOLERANCE : TOLERANCE;
        const relative = Math.max(tolerance.relative, SUBNORMAL_FACTOR * subnormalPerturbation(p, P), SUBNORMAL_FACTOR * subnormalPerturbation(q, Q));
        assert.ok(Math.abs(value - exact) <= relative * exact + tolerance.absolute, `${id}, k = ${k}: ${value} vs exact ${exact}, p = ${JSON.stringify(p)}, q = ${JSON.stringify(q)}`);
        compared++;
      }
    }),
    { numRuns: 150, seed: 20260116 },
  );
  assert.ok(compared >= 300, `only ${compared} comparisons`);
});

test.run();
