/**
 * One-shot samplers for drafts without replacement (§1.2), with exactly the law of sequential
 * renormalisation:
 * - **exponential race** (Sequoia `sampling_without_replacement`): u_y ~ U(0,1), key log(u_y)/q(y), the k
 *   largest keys in decreasing order;
 * - **Gumbel-top-k**: key log q(y) + G_y with G_y standard Gumbel; same ordering law.
 * Also the Sequoia hub-pair sampler (`sampling_a_and_i`, §1.3 sampler 1) built on the same race.
 * Float only (they consume uniforms directly), O(n) per draw. Inputs are assumed validated.
 *
 * @example
 * ```ts
 * exponentialRaceDraws([0.5, 0.3, 0.2], 2, createRng(5)); // e.g. [0, 2]
 * ```
 */
import { argmax } from '../core/distribution.ts';
import { floatField } from '../core/field.ts';
import type { Rng } from '../core/rng.ts';

function topKeys(keys: Float64Array, k: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === -Infinity) continue;
    if (order.length < k) {
      order.push(i);
      order.sort((a, b) => keys[b]! - keys[a]!);
    } else if (keys[i]! > keys[order[k - 1]!]!) {
      order[k - 1] = i;
      order.sort((a, b) => keys[b]! - keys[a]!);
    }
  }
  return order;
}

/**
 * The race keys, in log space: log(u)/q(y) = −E/q(y) with E = −log u ~ Exp(1) is ranked exactly like
 * log q(y) − log E (a strictly increasing transform), which stays finite for every q(y) > 0 — the direct
 * quotient overflows to −∞ for a subnormal q(y) and would drop that token from the race (§11.3).
 */
function raceKeys(q: ArrayLike<number>, rng: Rng): Float64Array {
  const keys = new Float64Array(q.length);
  for (let y = 0; y < q.length; y++) {
    const u = rng();
    const exponential = -Math.log(u > 0 ? u : Number.MIN_VALUE); // > 0 since u < 1
    keys[y] = q[y]! > 0 ? Math.log(q[y]!) - Math.log(exponential) : -Infinity;
  }
  return keys;
}

/** Exponential race: the k largest keys log(u)/q in decreasing order. */
export function exponentialRaceDraws(q: ArrayLike<number>, k: number, rng: Rng): number[] {
  return topKeys(raceKeys(q, rng), k);
}

/** Gumbel-top-k: the k largest keys log q + Gumbel in decreasing order. */
export function gumbelTopKDraws(q: ArrayLike<number>, k: number, rng: Rng): number[] {
  const keys = new Float64Array(q.length);
  for (let y = 0; y < q.length; y++) {
    const u = rng();
    keys[y] = q[y]! > 0 ? Math.log(q[y]!) - Math.log(-Math.log(u > 0 ? u : Number.MIN_VALUE)) : -Infinity;
  }
  return topKeys(keys, k);
}

/**
 * Sequoia's hub-pair sampler: the top two of one exponential race (y1, y2); output (a, y2) if y1 = a, else
 * (y1, a). Falls back to [a] when q(a) = 1.
 */
export function hubPairDrawsByRace(q: ArrayLike<number>, rng: Rng): number[] {
  const hub = argmax(floatField, q);
  if (!(floatField.sumExcept(q, [hub]) > 0)) return [hub];
  const [first, second] = topKeys(raceKeys(q, rng), 2) as [number, number];
  return first === hub ? [hub, second] : [first, hub];
}
