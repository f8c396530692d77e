/**
 * G(R) = 1 − (1 − R)^k, the probability that k i.i.d. drafts reach a set of draft mass R (§4.4), as
 * R·Σ_{i<k} (1 − R)^i: positive terms, no cancellation (1 − R is exact for R ≥ ½ and within u of itself otherwise),
 * so within (k + 2)u of G relative — as accurate as `prefixDualsFloat`'s −expm1(k·log1p(−R)), at a few
 * multiplications instead of two transcendental calls; 0 for R ≤ 0. Shared by the replay's bucketed duals
 * (ratioBuckets.ts) and the top-K optimum bounds (optimumBounds.ts).
 *
 * @example
 * ```ts
 * escapeProbability(0.5, 2); // 0.75 = 1 − 0.5²
 * ```
 */
export function escapeProbability(R: number, k: number): number {
  if (!(R > 0)) return 0;
  const c = 1 - R;
  let sum = 1;
  let power = 1;
  for (let i = 1; i < k; i++) {
    power *= c;
    sum += power;
  }
  return R * sum;
}
