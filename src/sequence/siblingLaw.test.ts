// NEXT(κ, q, D) (§S0.2) against the draft schemes themselves: the conditional law of child j given the children
// before it, read off the enumerated joint law of the scheme's sampling program — independent of nextSiblingLaw.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateOutcomes } from '../core/chooser.ts';
import { parseVector } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { getMethod } from '../methods.ts';
import { nodeMethod } from '../tree/nodeMethod.ts';
import { nextSiblingLaw, type SiblingLaw } from './siblingLaw.ts';

const DRAFTING: Record<SiblingLaw, string> = { iid: 'rrs', wor: 'rrsw', hub: 'spechub' };

/** Checks every conditional of the scheme's joint law for `children` children against NEXT. */
function checkConditionals(kappa: SiblingLaw, q: Rational[], children: number): number {
  const chosen = nodeMethod(F, getMethod(DRAFTING[kappa]), q, children);
  const draws = chosen.method.scheme.prepare(F, q, chosen.k);
  const joint = enumerateOutcomes(F, (c) => draws.draw(c));
  let checked = 0;
  const prefixes = new Map<string, Rational>();
  for (const { value, probability } of joint) {
    for (let j = 0; j <= value.length; j++) {
      const key = value.slice(0, j).join(',');
      prefixes.set(key, (prefixes.get(key) ?? Rational.ZERO).add(probability));
    }
  }
  for (const [key, mass] of prefixes) {
    const D = key === '' ? [] : key.split(',').map(Number);
    const next = nextSiblingLaw(F, kappa, q, D);
    const drafted = D.length < draws.drafts;
    if (!drafted) {
      if (D.length < children) assert.is(next, null, `${kappa} q=${q.join(' ')}: after ${key} no child is drafted, NEXT must be null`);
      continue;
    }
    assert.ok(next !== null, `${kappa}: NEXT null after '${key}' but the scheme drafts another child`);
    for (let x = 0; x < q.length; x++) {
      const cond = (prefixes.get(key === '' ? String(x) : `${key},${x}`) ?? Rational.ZERO).div(mass);
      assert.ok(cond.equals(next![x]!), `${kappa} q=${q.join(' ')} D=(${key}): P(x=${x}) = ${cond}, NEXT gives ${next![x]}`);
      checked++;
    }
  }
  return checked;
}

const distribution = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }).filter((w) => w.some((x) => x > 0)).map((w) => {
    const total = w.reduce((s, x) => s + x, 0);
    return w.map((x) => Rational.of(x, total));
  });

test('NEXT = the conditional law of the drafting scheme, every sibling law, random q with zeros and ties (n ≤ 4, k ≤ 3)', () => {
  let checked = 0;
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(distribution(n), fc.integer({ min: 1, max: 3 }))), ([q, k]) => {
      for (const kappa of ['iid', 'wor', 'hub'] as const) {
        if (kappa === 'hub' && k > 2) continue;
        checked += checkConditionals(kappa, q, k);
      }
    }),
    { seed: 14, numRuns: 120 },
  );
  assert.ok(checked > 1000, `only ${checked} conditionals checked`);
});

test('worked cases: wor renormalises by the remaining mass; hub gives δ_a, then q̃; q(a) = 1 drafts one child', () => {
  const q = parseVector('1/2,1/4,1/4,0', F);
  assert.equal(Array.from(nextSiblingLaw(F, 'wor', q, [0])!, String), ['0', '1/2', '1/2', '0']);
  assert.equal(nextSiblingLaw(F, 'wor', q, [0, 1, 2]), null);
  assert.equal(Array.from(nextSiblingLaw(F, 'hub', q, [2])!, String), ['1', '0', '0', '0']);
  assert.equal(Array.from(nextSiblingLaw(F, 'hub', q, [0])!, String), ['0', '1/2', '1/2', '0']);
  assert.equal(nextSiblingLaw(F, 'hub', q, [0, 1]), null);
  assert.equal(nextSiblingLaw(F, 'hub', parseVector('0,1,0', F), [1]), null);
  // ties: the hub is the lowest index (§0.2)
  assert.equal(Array.from(nextSiblingLaw(F, 'hub', parseVector('1/3,1/3,1/3', F), [2])!, String), ['1', '0', '0']);
  assert.is(nextSiblingLaw(F, 'iid', q, [0, 0, 1]), q);
  assert.throws(() => nextSiblingLaw(F, 'bogus' as SiblingLaw, q, []), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
});

test.run();
