import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactOutputLaw } from '../../../src/analysis/outputLaw.ts';
import { draftJointLaw } from '../../../src/analysis/jointLaw.ts';
import { rationalField as F, floatField } from '../../../src/core/field.ts';
import { Rational } from '../../../src/core/rational.ts';
import { getMethod } from '../../../src/methods.ts';
import { rrs } from '../../../src/verifiers/rrs.ts';
import { duplicateSkippingRrs } from './duplicateSkippingRrs.ts';
import { PRESETS } from './presets.ts';
import { applyPreset, defaultState, pairOf } from './state.ts';
import { STEPPABLE, stepK, walkthrough } from './stepThrough.ts';

const pairs = PRESETS.filter((p) => p.kind === 'probabilities').map((preset) => ({ id: preset.id, ...pairOf(applyPreset(defaultState(), preset)).exact! }));

test('every method, preset, k ≤ 3 and draft tuple: the shown probabilities are the library verifier’s own, and Σ Q(x̄)·P(Y|x̄) = p', () => {
  let walks = 0;
  for (const { id, p, q } of pairs) {
    for (const method of STEPPABLE) {
      for (const requested of [1, 2, 3]) {
        const k = stepK(method, requested);
        const m = getMethod(method);
        if (!m.verifier.supportsK(k)) continue;
        try {
          m.scheme.check(F, q, k);
        } catch {
          continue;
        }
        const law = p.map(() => Rational.ZERO);
        for (const [key, probability] of draftJointLaw(F, m.scheme.id, q, k)) {
          const drafts = key.split(',').map(Number);
          const w = walkthrough(F, method, p, q, k, drafts);
          walks++;
          const label = `${id} ${method} k=${k} (${key})`;
          assert.ok(w.libraryCheck.ok, `${label}: ${w.libraryCheck.detail}`);
          assert.ok(w.draftProbability.equals(probability), `${label}: Q(x̄)`);
          w.branchLaw.total.forEach((x, y) => (law[y] = law[y]!.add(probability.mul(x))));
          // The reject branch: the probability of reaching the final residual draw is Π(1 − accept probability).
          const last = w.frames[w.frames.length - 1]!;
          const tests = w.frames.filter((f) => f.test !== null);
          if (last.end?.kind === 'residual') {
            const reach = tests.reduce((r, f) => r.mul(Rational.ONE.sub(f.test!.probability)), Rational.ONE);
            const residualMass = w.branchLaw.residual.reduce((s, x) => s.add(x), Rational.ZERO);
            if (method !== 'greedy' && method !== 'greedy-q') assert.ok(reach.equals(residualMass), `${label}: reach ${reach} vs residual mass ${residualMass}`);
          }
        }
        assert.equal(law.map(String), p.map(String), `${id} ${method} k=${k}: output law`);
        // And the library's own certificate agrees.
        assert.equal(exactOutputLaw(F, method, p, q, k).law.map(String), p.map(String));
      }
    }
  }
  assert.ok(walks > 300, `${walks} walks`);
});

test('E1 SpecHub (§2.6): the pair (i, a) = (1, 0) runs lines 1 and 7, accepts i with 1, and its law', () => {
  const { p, q } = pairs.find((x) => x.id === 'E1')!;
  const w = walkthrough(F, 'spechub', p, q, 2, [1, 0]);
  const taken = w.frames.filter((f) => f.test !== null).map((f) => [f.line, f.test!.probability.toString()]);
  // p(1)/q(1) = 1: the first test accepts surely and the walk ends there.
  assert.equal(taken, [[1, '1']]);
  const w2 = walkthrough(F, 'spechub', p, q, 2, [2, 0]);
  assert.equal(w2.frames.filter((f) => f.test !== null).map((f) => [f.line, f.test!.probability.toString()]), [[1, '1']]);
  const w3 = walkthrough(F, 'spechub', p, q, 2, [0, 1]);
  const tests3 = w3.frames.filter((f) => f.test !== null);
  assert.equal(tests3.map((f) => f.line), [3, 5]);
  // (a, i) = (0, 1): P1(1) = 0 → reject; then p(a)/S_ai.
  assert.is(tests3[0]!.test!.probability.toString(), '0');
  assert.ok(w3.libraryCheck.ok, w3.libraryCheck.detail);
  assert.equal(w3.code.length, 10);
});

test('teeth: frames checked against a different verifier (duplicate-skipping RRS) are flagged', () => {
  const { p, q } = pairs.find((x) => x.id === 'E4')!;
  const good = walkthrough(F, 'rrs', p, q, 2, [0, 0]);
  assert.ok(good.libraryCheck.ok, good.libraryCheck.detail);
  const bad = walkthrough(F, 'rrs', p, q, 2, [0, 0], { checkAgainst: duplicateSkippingRrs });
  assert.not.ok(bad.libraryCheck.ok);
  assert.ok(walkthrough(F, 'rrs', p, q, 2, [0, 1], { checkAgainst: rrs }).libraryCheck.ok);
});

test('float64 inputs (logits mode) pass the same check with a tolerance; zero-probability tuples are refused', () => {
  const p = [0.5, 0.3, 0.2];
  const q = [0.2, 0.3, 0.5];
  for (const method of STEPPABLE) {
    const k = stepK(method, 2);
    const drafts = method === 'greedy' || method === 'greedy-q' ? [2, 0] : method === 'spechub' ? [2, 1] : method === 'sd' ? [0] : [2, 0];
    const w = walkthrough(floatField, method, p, q, k, drafts);
    assert.ok(w.libraryCheck.ok, `${method}: ${w.libraryCheck.detail}`);
  }
  const { p: p1, q: q1 } = pairs.find((x) => x.id === 'E1')!;
  assert.throws(() => walkthrough(F, 'spechub', p1, q1, 2, [1, 2]), /probability 0/);
  assert.throws(() => walkthrough(F, 'rrsw', p1, q1, 2, [1, 1]), /probability 0/);
});

test.run();
