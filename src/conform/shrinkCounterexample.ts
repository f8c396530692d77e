/**
 * Shrinks a failing exact-mode case to a small counterexample with fast-check's shrinkers, replaying the
 * program exactly at every step (§3.2 over the protocol):
 * 1. tokens with p = q = 0 are dropped (when the failure persists);
 * 2. the laws are restricted to their m most probable tokens (by p + q) and renormalised, m = 2, 3, 4, 6, …, 32,
 *    the smallest m that keeps the failure (cheap replays first, for large vocabularies);
 * 3. the laws are coarsened to small integer weights (rounded to a common scale of 2, 3, 4, … 1000; positive
 *    masses stay positive), coarsest first, when the failure persists;
 * 4. (p, q) as integer weight pairs, one pair per token, shrunk by `fc.array(fc.tuple(fc.bigInt(), fc.bigInt()))`:
 *    tokens are removed and weights move towards 0 while the same kind of failure persists (output law ≠ p, or
 *    acceptance ≠ the reference method's value); candidates the draft scheme rejects are skipped;
 * 5. with a reference method, the draft tuple where the program's conditional output law differs most from the
 *    reference's (weight Q(x̄)·TV) is shrunk by `fc.tuple(fc.nat(), …)` towards small tokens among the tuples
 *    that still differ: a concrete place where the program departs from the method.
 * Greedy: the first failing shrink candidate is taken, until none fails or the budget (evaluations, seconds)
 * is spent. Every accepted step is an exact replay, so the result is a certified counterexample.
 *
 * @example
 * ```ts
 * const endpoint = inProcessEndpoint(rrs, { scheme: withoutReplacementDraws }); // a verifier given the wrong drafts
 * const c = await shrinkCounterexample(endpoint, iidDraws, { p, q, k: 2 }, { failure: 'law', reference: rrs });
 * c.p.map(String); // e.g. ['1/2', '1/2']
 * ```
 */
import fc from 'fast-check';
import { Rational } from '../core/rational.ts';
import { rationalField } from '../core/field.ts';
import type { DraftScheme } from '../draws/draftScheme.ts';
import type { Verifier } from '../verifiers/verifier.ts';
import { type ExactCaseDone, type ExactLimits, exactCaseConformance } from './exactCaseConformance.ts';
import { DeclinedError, type VerifierEndpoint } from './verifierEndpoint.ts';
import { referenceConditionalLaw, totalVariation } from './_internals/exactLaws.ts';

export interface ShrinkOptions {
  failure: 'law' | 'acceptance';
  reference?: Verifier | null;
  /** Most exact evaluations (default 200). */
  maxEvaluations?: number;
  /** Wall-clock budget in seconds (default 30). */
  maxSeconds?: number;
  limits?: ExactLimits;
}

export interface Counterexample {
  p: Rational[];
  q: Rational[];
  k: number;
  /** TV between the program's output law and p. */
  tv: Rational;
  acceptance: Rational;
  expectedAcceptance: Rational | null;
  /** A tuple where the program's conditional law differs from the reference's (null without reference). */
  drafts: number[] | null;
  /** The program's and the reference's conditional laws on `drafts`. */
  conditional: { program: Rational[]; reference: Rational[] } | null;
  evaluations: number;
}

function lcm(a: bigint, b: bigint): bigint {
  const gcd = (x: bigint, y: bigint): bigint => (y === 0n ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}

function toWeights(v: readonly Rational[]): bigint[] {
  let d = 1n;
  for (const x of v) d = lcm(d, x.den);
  return v.map((x) => (x.num * d) / x.den);
}

function normalised(v: readonly Rational[]): Rational[] | null {
  const total = v.reduce((s, x) => s.add(x), Rational.ZERO);
  return total.sign() > 0 ? v.map((x) => x.div(total)) : null;
}

function fromWeights(w: readonly bigint[]): Rational[] | null {
  const total = w.reduce((s, x) => s + x, 0n);
  if (total === 0n) return null;
  return w.map((x) => Rational.of(x, total));
}

export async function shrinkCounterexample(
  endpoint: VerifierEndpoint,
  scheme: DraftScheme,
  start: { p: readonly Rational[]; q: readonly Rational[]; k: number },
  options: ShrinkOptions,
): Promise<Counterexample> {
  const deadline = performance.now() + (options.maxSeconds ?? 30) * 1000;
  const maxEvaluations = options.maxEvaluations ?? 200;
  const reference = options.reference ?? null;
  const k = start.k;
  let evaluations = 0;
  const outOfBudget = () => evaluations >= maxEvaluations || performance.now() > deadline;

  const evaluate = async (p: Rational[], q: Rational[], keepConditional = false): Promise<ExactCaseDone | null> => {
    try {
      scheme.check(rationalField, q, k);
      if (reference !== null && !reference.supportsK(k)) return null;
    } catch {
      return null;
    }
    evaluations++;
    try {
      const r = await exactCaseConformance(endpoint, scheme, p, q, k, { caseName: 'shrinking', reference, limits: options.limits, keepConditional });
      if (r.status !== 'done') return null;
      const failing = options.failure === 'law' ? !r.lawEqual : r.acceptanceEqual === false;
      return failing ? r : null;
    } catch (e) {
      if (e instanceof DeclinedError) return null;
      throw e;
    }
  };

  let p = [...start.p];
  let q = [...start.q];
  // 1. Drop tokens that neither law uses.
  const used = p.map((x, i) => x.sign() > 0 || q[i]!.sign() > 0);
  if (used.some((u) => !u)) {
    const p1 = p.filter((_, i) => used[i]);
    const q1 = q.filter((_, i) => used[i]);
    if ((await evaluate(p1, q1)) !== null) {
      p = p1;
      q = q1;
    }
  }
  // 2. Restrict to the m most probable tokens (by p + q), renormalised, for m = 2, 3, 4, …: cheap evaluations
  //    that usually keep the failure and make the rest of the shrinking fast on large vocabularies.
  if (p.length > 2) {
    const order = p.map((x, i) => i).sort((a, b) => p[b]!.add(q[b]!).compare(p[a]!.add(q[a]!)) || a - b);
    for (const m of [2, 3, 4, 6, 8, 12, 16, 24, 32]) {
      if (m >= p.length || outOfBudget()) break;
      const keep = order.slice(0, m).sort((a, b) => a - b);
      const cp = normalised(keep.map((i) => p[i]!));
      const cq = normalised(keep.map((i) => q[i]!));
      if (cp !== null && cq !== null && (await evaluate(cp, cq)) !== null) {
        p = cp;
        q = cq;
        break;
      }
    }
  }
  // 3. Coarsen: the same laws rounded to small integer weights (positive masses stay positive), coarsest first.
  let wp = toWeights(p);
  let wq = toWeights(q);
  const largest = [...wp, ...wq].reduce((m, x) => (x > m ? x : m), 1n);
  for (const scale of [2n, 3n, 4n, 6n, 10n, 20n, 50n, 100n, 1000n]) {
    if (scale >= largest || outOfBudget()) break;
    const round = (w: bigint[]) => w.map((x) => (x === 0n ? 0n : (x * scale * 2n + largest) / (2n * largest) || 1n));
    const cwp = round(wp);
    const cwq = round(wq);
    const cp = fromWeights(cwp);
    const cq = fromWeights(cwq);
    if (cp !== null && cq !== null && (await evaluate(cp, cq)) !== null) {
      [wp, wq, p, q] = [cwp, cwq, cp, cq];
      break;
    }
  }
  // 4. Shrink the weight pairs with fast-check.
  const max = [...wp, ...wq].reduce((m, x) => (x > m ? x : m), 1n);
  const weight = fc.bigInt({ min: 0n, max });
  const arbitrary = fc.array(fc.tuple(weight, weight), { minLength: 1, maxLength: p.length });
  let current: [bigint, bigint][] = wp.map((x, i) => [x, wq[i]!]);
  let context: unknown = undefined;
  let improved = true;
  while (improved && !outOfBudget()) {
    improved = false;
    for (const candidate of arbitrary.shrink(current, context)) {
      if (outOfBudget()) break;
      const cp = fromWeights(candidate.value.map((x) => x[0]));
      const cq = fromWeights(candidate.value.map((x) => x[1]));
      if (cp === null || cq === null) continue;
      if ((await evaluate(cp, cq)) !== null) {
        current = candidate.value;
        context = candidate.context;
        p = cp;
        q = cq;
        improved = true;
        break;
      }
    }
  }
  // The final case, with conditional laws for stage 5 (always a failing case: the start or an accepted step).
  const final = (await evaluate(p, q, reference !== null)) ?? (await exactCaseConformance(endpoint, scheme, p, q, k, { caseName: 'shrinking', reference, limits: options.limits, keepConditional: true }));
  if (final.status !== 'done') throw new Error('the counterexample could not be replayed');
  let drafts: number[] | null = null;
  let conditional: Counterexample['conditional'] = null;
  if (reference !== null && final.conditional !== null) {
    const differing = new Map<string, { drafts: number[]; weight: number; program: Rational[]; reference: Rational[] }>();
    for (const [key, entry] of final.conditional) {
      const program = p.map((_, y) => entry.law.get(y) ?? Rational.ZERO);
      const expected = referenceConditionalLaw(reference, p, q, k, entry.drafts);
      const tv = totalVariation(program, expected);
      if (tv.sign() > 0) differing.set(key, { drafts: entry.drafts, weight: entry.probability.mul(tv).toNumber(), program, reference: expected });
    }
    if (differing.size > 0) {
      let best = [...differing.values()].sort((a, b) => b.weight - a.weight)[0]!;
      const tupleArbitrary = fc.tuple(...best.drafts.map(() => fc.nat({ max: Math.max(0, p.length - 1) })));
      let tuple = best.drafts;
      let tupleContext: unknown = undefined;
      let shrunk = true;
      while (shrunk) {
        shrunk = false;
        for (const candidate of tupleArbitrary.shrink(tuple, tupleContext)) {
          const hit = differing.get(candidate.value.join(','));
          if (hit !== undefined) {
            tuple = candidate.value;
            tupleContext = candidate.context;
            best = hit;
            shrunk = true;
            break;
          }
        }
      }
      drafts = best.drafts;
      conditional = { program: best.program, reference: best.reference };
    }
  }
  return { p, q, k, tv: final.tv, acceptance: final.acceptance, expectedAcceptance: final.expectedAcceptance, drafts, conditional, evaluations };
}
