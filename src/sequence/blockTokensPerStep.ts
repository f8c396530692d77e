/**
 * Exact tokens per step of block verification on a Markov chain by the closed form (2.4) of §S2.4:
 *
 *   E τ = Σ_{1 ≤ |s| ≤ γ} A_BV(s),   A_BV(∅) = 1,   A_BV(s·y) = min(Q(s·y), p(y|s)·A_BV(s)),
 *
 * tokens per step = 1 + E τ. A_BV(s) = Q(s)·a(s) is the probability that the accepted path begins with s. This
 * route enumerates the n^γ blocks once and shares nothing with the sampled program (`blockVerify`) or with
 * the traversal recursion (`traversalStepLaw`), which the tests compare with it. It is also LP-A on chains
 * (§S2.4: BV is optimal among all exact verifiers of the chain's draft law).
 *
 * @example
 * ```ts
 * blockTokensPerStep(V1, 2, 0).toString(); // '20/9' (§S6.2, V1 chain:2)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { MarkovChain } from '../tree/language.ts';

/** 1 + Σ A_BV(s) over the non-empty sequences of length ≤ γ, from start token x_0. */
export function blockTokensPerStep<T>(chain: MarkovChain<T>, gamma: number, start: number): T {
  const F = chain.field;
  const n = chain.vocabularySize;
  if (!Number.isInteger(gamma) || gamma < 0) throw new SpechubError('INVALID_ARGUMENT', `γ must be an integer ≥ 0, got ${gamma}`);
  if (!Number.isInteger(start) || start < 0 || start >= n) throw new SpechubError('INVALID_ARGUMENT', `start token ${start} is not in 0..${n - 1}`);
  if (n ** gamma > 5e6) throw new SpechubError('TOO_LARGE', `the closed form enumerates n^γ = ${n}^${gamma} blocks, above 5,000,000`);
  let total = F.one;
  const visit = (last: number, depth: number, Q: T, A: T): void => {
    if (depth === gamma) return;
    const p = chain.target(last);
    const q = chain.draft(last);
    for (let y = 0; y < n; y++) {
      const Qy = F.mul(Q, q[y]!);
      if (!F.isPositive(Qy)) continue;
      const Ay = F.min(Qy, F.mul(p[y]!, A));
      if (!F.isPositive(Ay)) continue; // every extension of s·y then has A = 0 too
      total = F.add(total, Ay);
      visit(y, depth + 1, Qy, Ay);
    }
  };
  visit(start, 0, F.one, F.one);
  return total;
}
