import type { Rng } from '../core/rng.ts';

/**
 * A standard normal variate from a seeded uniform generator (Box–Muller, one value of the pair; u1 is kept away
 * from 0): the project's one Gaussian sampler (synthetic logit noise, the figures' random instances).
 *
 * @example
 * ```ts
 * Number.isFinite(standardNormal(createRng('doc'))); // true
 * ```
 */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng(); // (0, 1]
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
