/**
 * The rare-token test used when pooling leaves a single cell (goodnessOfFit, goodnessOfFitPower): the tokens of
 * positive probability other than the most probable one (lowest index on ties), and the Poisson upper tail of
 * their total count.
 */
import { lowerRegularizedGamma } from './specialFunctions.ts';

/** Positive-probability tokens except the most probable, with their total mass; null when fewer than two. */
export function rareTokens(probabilities: ArrayLike<number>): { tokens: number[]; mass: number } | null {
  let top = -1;
  let positive = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const x = probabilities[i]!;
    if (x > 0) {
      positive++;
      if (top < 0 || x > probabilities[top]!) top = i;
    }
  }
  if (positive < 2) return null;
  const tokens: number[] = [];
  let mass = 0;
  for (let i = 0; i < probabilities.length; i++) {
    if (i !== top && probabilities[i]! > 0) {
      tokens.push(i);
      mass += probabilities[i]!;
    }
  }
  return { tokens, mass };
}

/** P(Poisson(mean) ≥ count) (= P(count, mean), the lower regularised gamma function; 1 for count ≤ 0). */
export function poissonUpperTail(count: number, mean: number): number {
  if (count <= 0) return 1;
  return Math.min(1, Math.max(0, lowerRegularizedGamma(count, mean)));
}
