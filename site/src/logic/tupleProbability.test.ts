import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftJointLaw } from '../../../src/analysis/jointLaw.ts';
import { rationalField as F } from '../../../src/core/field.ts';
import { Rational } from '../../../src/core/rational.ts';
import type { DraftSchemeId } from '../../../src/draws/draftScheme.ts';
import { getDraftScheme } from '../../../src/methods.ts';
import { PRESETS } from './presets.ts';
import { tupleProbability } from './tupleProbability.ts';
import { applyPreset, defaultState } from './state.ts';

const tuples = (n: number, k: number): number[][] => (k === 0 ? [[]] : tuples(n, k - 1).flatMap((t) => Array.from({ length: n }, (_, x) => [...t, x])));

test('Q(x̄) from the forced program equals the enumerated joint law for every tuple (presets, all schemes, k ≤ 3)', () => {
  let checked = 0;
  for (const preset of PRESETS.filter((p) => p.kind === 'probabilities')) {
    const { q } = applyPreset(defaultState(), preset);
    for (const scheme of ['iid', 'wor', 'hub', 'greedy', 'greedy-q'] as DraftSchemeId[]) {
      for (const k of scheme === 'hub' ? [2] : [1, 2, 3]) {
        try {
          getDraftScheme(scheme).check(F, q, k);
        } catch {
          continue;
        }
        const law = draftJointLaw(F, scheme, q, k);
        let total = Rational.ZERO;
        const lengths = new Set([...law.keys()].map((key) => key.split(',').length));
        for (const length of lengths) {
          for (const t of tuples(q.length, length)) {
            const expected = law.get(t.join(',')) ?? Rational.ZERO;
            const got = tupleProbability(F, scheme, q, k, t);
            assert.ok(got.equals(expected), `${preset.id} ${scheme} k=${k} (${t}): ${got} vs ${expected}`);
            total = total.add(got);
            checked++;
          }
        }
        assert.ok(total.equals(Rational.ONE), `${preset.id} ${scheme} k=${k} sums to ${total}`);
      }
    }
  }
  assert.ok(checked > 500, `checked ${checked}`);
});

test.run();
