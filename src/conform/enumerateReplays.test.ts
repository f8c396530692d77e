// The replay enumeration against the core enumerator (independent code path, same semantics), its branching
// rules (clamped Bernoulli, zero weights, single options), and its detection of nondeterministic programs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { type Chooser, enumerateOutcomes } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import { rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { getMethod } from '../methods.ts';
import { rationalPair } from '../../property-tests/helpers.ts';
import { enumerateReplays } from './enumerateReplays.ts';
import { type ChoiceAnswerer, ProtocolError } from './verifierEndpoint.ts';

const R = (a: number, b = 1) => Rational.of(a, b);

/** A Chooser<Rational> that forwards to a replay answerer (as the in-process endpoint does). */
const forward = (choose: ChoiceAnswerer): Chooser<Rational> => ({
  bernoulli: (probability) => choose({ choice: 'bernoulli', probability }) === true,
  categorical: (law, exclude) => choose({ choice: 'categorical', weights: Array.from(law.weights as ArrayLike<Rational>, (w, i) => (exclude?.includes(i) ? Rational.ZERO : w)) }) as number,
});

/** Law of the program's values as a map value → probability string. */
const lawOf = <V>(outcomes: Array<{ probability: Rational; value: V }>, key: (v: V) => string) => {
  const m = new Map<string, Rational>();
  for (const o of outcomes) m.set(key(o.value), (m.get(key(o.value)) ?? Rational.ZERO).add(o.probability));
  return new Map([...m].map(([k, v]) => [k, v.toString()]));
};

test('a coin, a die with a zero face, and clamped Bernoulli choices', async () => {
  const coin = await enumerateReplays(async (choose) => choose({ choice: 'bernoulli', probability: R(1, 3) }));
  assert.equal(coin.map((o) => [o.value, o.probability.toString()]), [[true, '1/3'], [false, '2/3']]);
  const die = await enumerateReplays(async (choose) => choose({ choice: 'categorical', weights: [R(1), R(0), R(2)] }));
  assert.equal(die.map((o) => [o.value, o.probability.toString()]), [[0, '1/3'], [2, '2/3']]);
  for (const [p, answer] of [[R(0), false], [R(-1, 2), false], [R(1), true], [R(3, 2), true]] as const) {
    const r = await enumerateReplays(async (choose) => choose({ choice: 'bernoulli', probability: p }));
    assert.equal(r.map((o) => [o.value, o.probability.toString()]), [[answer, '1']], `bernoulli(${p})`);
  }
  const single = await enumerateReplays(async (choose) => choose({ choice: 'categorical', weights: [R(0), R(5)] }));
  assert.equal(single.map((o) => [o.value, o.probability.toString(), o.choices]), [[1, '1', 1]]);
});

test('property: replaying a verifier gives the same law as the core enumerator', async () => {
  await fc.assert(
    fc.asyncProperty(rationalPair(2, 4), fc.constantFrom('rrs', 'rrsw', 'spechub', 'greedy', 'kseq'), async ({ p, q }, id) => {
      const method = getMethod(id);
      const k = 2;
      try {
        method.scheme.check(F, q, k);
      } catch {
        return;
      }
      const draws = method.scheme.prepare(F, q, k);
      const verifier = method.verifier.prepare(F, p, q, k);
      const program = (c: Chooser<Rational>) => {
        const drafts = draws.draw(c);
        return { drafts, verdict: verifier.verify(drafts, c) };
      };
      const key = (v: ReturnType<typeof program>) => `${v.drafts.join(',')}→${v.verdict.token}/${v.verdict.acceptedIndex}`;
      const expected = lawOf(enumerateOutcomes(F, program), key);
      const replayed = lawOf(await enumerateReplays(async (choose) => program(forward(choose))), key);
      assert.equal(replayed, expected);
    }),
    { numRuns: 60, seed: 12 },
  );
});

test('nondeterminism: a different choice on replay, or a run that ends early, is a ProtocolError', async () => {
  let calls = 0;
  const drifting = enumerateReplays(async (choose) => {
    calls++;
    const first = choose({ choice: 'bernoulli', probability: R(1, calls + 1) }); // a different probability on replay
    return first;
  });
  await drifting.then(
    () => assert.unreachable('nondeterminism not detected'),
    (e) => assert.ok(e instanceof ProtocolError && /nondeterministic replay: choice 1 was bernoulli\(1\/2\) .* bernoulli\(1\/3\)/.test(e.message), String(e)),
  );
  let runs = 0;
  const shortening = enumerateReplays(async (choose) => {
    runs++;
    if (runs > 1) return 'done';
    choose({ choice: 'bernoulli', probability: R(1, 2) });
    return choose({ choice: 'bernoulli', probability: R(1, 2) });
  });
  await shortening.then(
    () => assert.unreachable('an early end not detected'),
    (e) => assert.ok(e instanceof ProtocolError && /ended after 0 random choices/.test(e.message), String(e)),
  );
  // Same law written with differently scaled weights is the same request.
  let scale = 1;
  const rescaled = await enumerateReplays(async (choose) => choose({ choice: 'categorical', weights: [R(scale), R(2 * scale++)] }));
  assert.is(rescaled.length, 2);
});

test('limits: too many runs is TOO_LARGE (between runs), too many choices in one run a ProtocolError', async () => {
  const deep = (choose: ChoiceAnswerer) => {
    for (let i = 0; i < 20; i++) choose({ choice: 'bernoulli', probability: R(1, 2) });
    return Promise.resolve(0);
  };
  await enumerateReplays(deep, { maxOutcomes: 100 }).then(
    () => assert.unreachable(),
    (e) => assert.ok(e instanceof SpechubError && e.code === 'TOO_LARGE', String(e)),
  );
  await enumerateReplays(deep, { maxChoicesPerRun: 10 }).then(
    () => assert.unreachable(),
    (e) => assert.ok(e instanceof ProtocolError && /more than 10 random choices/.test(e.message), String(e)),
  );
});

test.run();
