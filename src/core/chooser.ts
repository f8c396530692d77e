/**
 * Random choices as an interface, so that every draft scheme and verifier is written once as a probabilistic
 * program and then either **sampled** (float, seeded generator) or **enumerated** exactly (every branch with
 * its probability, in rationals or floats; §3.2 "branch expansion").
 *
 * The enumerator re-runs the program once per outcome, replaying a recorded prefix of choices and branching
 * at the first new one. The certified code path is therefore the very code that the Monte Carlo sampler runs.
 *
 * @example
 * ```ts
 * const coin = (c: Chooser<Rational>) => c.bernoulli(Rational.of(1, 3)) ? 'heads' : 'tails';
 * enumerateOutcomes(rationalField, coin); // [{probability: 1/3, value: 'heads'}, {probability: 2/3, value: 'tails'}]
 * ```
 */
import { Categorical, SMALL_TOTAL, SMALL_TOTAL_SCALE } from './categorical.ts';
import { SpechubError } from './errors.ts';
import type { Field } from './field.ts';
import type { Rng } from './rng.ts';

export interface Chooser<T> {
  /** true with probability clamp(probability, 0, 1): the accept test `u < probability` of §2. */
  bernoulli(probability: T): boolean;
  /** An index i with probability weights[i] / total, restricted to indices not in `exclude` (renormalised). */
  categorical(law: Categorical<T>, exclude?: readonly number[]): number;
}

/** The float interpreter: draws with the given seeded generator. */
export class SamplingChooser implements Chooser<number> {
  readonly rng: Rng;
  constructor(rng: Rng) {
    this.rng = rng;
  }
  bernoulli(probability: number): boolean {
    return this.rng() < probability;
  }
  categorical(law: Categorical<number>, exclude?: readonly number[]): number {
    if (exclude === undefined || exclude.length === 0) return law.sampleWith(this.rng());
    // A law drawn by scans only ({ draws: 'few' }): one scan of the renormalised rest, one uniform.
    if (law.scansOnly) return scanExcluding(law, exclude, this.rng());
    // Rejection from the full law has exactly the renormalised law; fall back to an explicit scan when the
    // excluded tokens carry most of the mass.
    for (let attempt = 0; attempt < 32; attempt++) {
      const x = law.sampleWith(this.rng());
      if (!exclude.includes(x)) return x;
    }
    return scanExcluding(law, exclude, this.rng());
  }
}

/**
 * Inverse-CDF draw from the law restricted to the tokens outside `exclude`, renormalised: their mass is summed
 * (never total − excluded, docs/theory.md §11.3), then scanned. Reads the weights in index order, skipping the
 * zeros (the support's order, without building the support); one uniform.
 */
function scanExcluding(law: Categorical<number>, exclude: readonly number[], u: number): number {
  const w = law.weights;
  const n = w.length;
  const excluded = (i: number) => exclude.length === 1 ? exclude[0] === i : exclude.includes(i);
  let remaining = 0;
  for (let i = 0; i < n; i++) {
    const x = w[i]!;
    if (x > 0 && !excluded(i)) remaining += x;
  }
  if (!(remaining > 0)) throw new SpechubError('ZERO_DRAFT_MASS', 'no mass left outside the excluded tokens');
  // Scaled by 2¹⁰⁰⁰ when the remaining mass is tiny, as in Categorical.scan (docs/theory.md §11.9).
  const scale = remaining < SMALL_TOTAL ? SMALL_TOTAL_SCALE : 1;
  let target = u * (remaining * scale);
  let last = -1;
  for (let i = 0; i < n; i++) {
    const x = w[i]!;
    if (!(x > 0) || excluded(i)) continue;
    last = i;
    target -= x * scale;
    if (target < 0) return i;
  }
  return last;
}

/** One outcome of an enumerated program. */
export interface Outcome<T, R> {
  probability: T;
  value: R;
}

/**
 * Every outcome of `program` with its exact probability (zero-probability branches are never taken).
 * Throws `TOO_LARGE` past `maxOutcomes`.
 */
export function enumerateOutcomes<T, R>(
  F: Field<T>,
  program: (chooser: Chooser<T>) => R,
  maxOutcomes = 2_000_000,
): Outcome<T, R>[] {
  const outcomes: Outcome<T, R>[] = [];
  const pending: number[][] = [[]];
  while (pending.length > 0) {
    const forced = pending.pop()!;
    const path: number[] = [];
    let probability = F.one;
    const choose = (weights: T[]): number => {
      const depth = path.length;
      let choice = 0;
      if (depth < forced.length) choice = forced[depth]!;
      else for (let j = weights.length - 1; j >= 1; j--) pending.push([...path, j]);
      path.push(choice);
      probability = F.mul(probability, weights[choice]!);
      return choice;
    };
    const chooser: Chooser<T> = {
      bernoulli(p: T): boolean {
        if (!F.isPositive(p)) return false;
        if (F.le(F.one, p)) return true;
        return choose([p, F.sub(F.one, p)]) === 0;
      },
      categorical(law: Categorical<T>, exclude?: readonly number[]): number {
        const tokens: number[] = [];
        const weights: T[] = [];
        let total = law.total;
        if (exclude !== undefined && exclude.length > 0) {
          // The mass left outside the excluded tokens, summed (never total − w(excluded), §11.3).
          const kept: T[] = [];
          for (const i of law.support) if (!exclude.includes(i)) kept.push(law.weights[i]!);
          total = F.sum(kept);
        }
        if (!F.isPositive(total)) throw new SpechubError('ZERO_DRAFT_MASS', 'no mass left outside the excluded tokens');
        for (const i of law.support) {
          if (exclude !== undefined && exclude.includes(i)) continue;
          tokens.push(i);
          weights.push(F.div(law.weights[i]!, total));
        }
        if (tokens.length === 1) return tokens[0]!;
        return tokens[choose(weights)]!;
      },
    };
    const value = program(chooser);
    outcomes.push({ probability, value });
    if (outcomes.length > maxOutcomes) {
      throw new SpechubError('TOO_LARGE', `more than ${maxOutcomes} outcomes to enumerate; use Monte Carlo instead`);
    }
  }
  return outcomes;
}
