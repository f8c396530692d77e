/**
 * The instances every machine check runs on:
 * - **exhaustive grids**: every probability vector on n tokens whose entries are multiples of 1/d for some
 *   d ≤ maxDenominator (zeros, ties and one-hot vectors included), and every (p, q) pair of them;
 * - **seeded random** exact vectors: integer weights in 0..maxWeight (zero with probability 1/4) divided by
 *   their sum, from a fixed seed, so every run checks the same instances.
 */
import { rationalField } from '../../src/core/field.ts';
import { Rational } from '../../src/core/rational.ts';
import { createRng } from '../../src/random/createRng.ts';
import type { MarkovChain } from '../../src/tree/language.ts';
import { markovChainFromRows } from '../../src/tree/markovChain.ts';

/** Every distribution on n tokens with entries in {0, 1/d, …, 1} for some d ≤ maxDenominator, deduplicated. */
export function gridDistributions(n: number, maxDenominator: number): Rational[][] {
  const seen = new Map<string, Rational[]>();
  for (let d = 1; d <= maxDenominator; d++) {
    const compose = (left: number, prefix: number[]) => {
      if (prefix.length === n - 1) {
        const v = [...prefix, left].map((x) => Rational.of(x, d));
        seen.set(v.join(','), v);
        return;
      }
      for (let x = 0; x <= left; x++) compose(left - x, [...prefix, x]);
    };
    compose(d, []);
  }
  return [...seen.values()];
}

/** Every ordered pair (p, q) of grid distributions. */
export function gridPairs(n: number, maxDenominator: number): Array<{ p: Rational[]; q: Rational[] }> {
  const grid = gridDistributions(n, maxDenominator);
  return grid.flatMap((p) => grid.map((q) => ({ p, q })));
}

/** A seeded generator of random exact distributions. */
export function randomDistributions(seed: string) {
  const rng = createRng(seed);
  const vector = (n: number, maxWeight = 12): Rational[] => {
    for (;;) {
      const w = Array.from({ length: n }, () => (rng() < 0.25 ? 0 : 1 + Math.floor(rng() * maxWeight)));
      const total = w.reduce((a, b) => a + b, 0);
      if (total > 0) return w.map((x) => Rational.of(x, total));
    }
  };
  return { vector, integer: (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1)) };
}

/** Every Markov chain on 2 tokens whose target and draft rows are all grid distributions (d ≤ maxDenominator). */
export function* gridChains(maxDenominator: number): Generator<MarkovChain<Rational>> {
  const grid = gridDistributions(2, maxDenominator);
  for (const t0 of grid) for (const t1 of grid) for (const d0 of grid) for (const d1 of grid) {
    yield markovChainFromRows(rationalField, [t0, t1], [d0, d1]);
  }
}

/** `count` seeded random Markov chains on 3 tokens (integer weights ≤ 6): target rows first, then draft rows. */
export function* randomChains(seed: string, count: number): Generator<MarkovChain<Rational>> {
  const random = randomDistributions(seed);
  for (let t = 0; t < count; t++) {
    yield markovChainFromRows(rationalField, [0, 1, 2].map(() => random.vector(3, 6)), [0, 1, 2].map(() => random.vector(3, 6)));
  }
}

/** Number of entries with positive mass. */
export function support(v: readonly Rational[]): number {
  return v.filter((x) => x.sign() > 0).length;
}

/** One line in the test log: what was checked, how many instances. */
export function report(proof: string, counts: Record<string, number>): void {
  const parts = Object.entries(counts).map(([what, n]) => `${n} ${what}`);
  console.log(`  [proof ${proof}] checked ${parts.join(', ')}`);
}
