/**
 * Block verification (BV; Sun, Mendlovic, Leviathan et al., ICLR 2025), §S2.2: one draft chain
 * X_1..X_γ drafted from q, verified jointly. With the target laws p_1..p_{γ+1} along the chain (one target pass)
 * and the draft laws q_1..q_γ:
 *
 *   a_0 = 1,  a_i = min(1, a_{i−1} p_i(X_i)/q_i(X_i))                          (weights, §S2.1)
 *   ρ_i = Σ_y (a_i p_{i+1}(y) − q_{i+1}(y))^+,   h_i = ρ_i / (ρ_i + 1 − a_i)   (1 ≤ i < γ; 1 if 0/0)
 *   h_γ = a_γ
 *   τ = the largest i with η_i ≤ h_i (independent uniforms; 0 if none), scanned backward: i = γ … 1, stop at the
 *       first success;
 *   Y ~ p_{γ+1} if τ = γ (bonus), else Y ~ r_τ = norm((a_τ p_{τ+1} − q_{τ+1})^+)   (τ = 0: the SD residual).
 *
 * Exact for every p, q, γ (§S2.3) and optimal among all exact verifiers of the chain's draft law (§S2.4).
 * One probabilistic program over the {@link Chooser}: sampled, or enumerated exactly (the tests certify the
 * law of the stream in rationals). Index shift (§S7 item 2): a_i uses position i's ratio; ρ_i, h_i, r_i use
 * the laws of position i + 1. Float guards (§S7 item 8): weights clamped to [0, 1], a residual mass ≤ n·ε is
 * zero, and a zero residual (a probability-0 branch) draws from p_{τ+1}; never NaN.
 *
 * @example
 * ```ts
 * // V1 (§S6.1): p = (1/3, 2/3), q = (2/3, 1/3) at every position, γ = 2, block X = (0, 1)
 * const p = [1 / 3, 2 / 3], q = [2 / 3, 1 / 3];
 * const chooser = new SamplingChooser(createRng(1));
 * blockVerify(floatField, [0, 1], [p, p, p], [q, q], chooser); // {accepted: …, token: …}: a_2 = 1, h_2 = 1
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { clampUnit, nextWeight, residualMass, scaledResidual } from './_internals/weights.ts';

/** The quantities of §S2.1 for one block (arrays indexed as in the spec; unused slots are null). */
export interface BlockQuantities<T> {
  /** a[0..γ]: a[0] = 1. */
  a: T[];
  /** rho[0..γ−1]: residual masses after an accepted prefix of length i. */
  rho: T[];
  /** h[1..γ] (h[0] unused, set to 1): acceptance probability of the sub-block X_1..X_i. */
  h: T[];
}

/** a_i, ρ_i, h_i of §S2.1 for the block X with laws p_1..p_{γ+1} (p[0..γ]) and q_1..q_γ (q[0..γ−1]). */
export function blockQuantities<T>(F: Field<T>, X: readonly number[], p: ReadonlyArray<ArrayLike<T>>, q: ReadonlyArray<ArrayLike<T>>): BlockQuantities<T> {
  const gamma = X.length;
  if (p.length !== gamma + 1 || q.length !== gamma) {
    throw new SpechubError('LENGTH_MISMATCH', `a block of ${gamma} drafts needs ${gamma + 1} target laws and ${gamma} draft laws, got ${p.length} and ${q.length}`);
  }
  const a: T[] = [F.one];
  for (let i = 1; i <= gamma; i++) a.push(nextWeight(F, a[i - 1]!, p[i - 1]![X[i - 1]!]!, q[i - 1]![X[i - 1]!]!));
  const rho: T[] = [];
  const h: T[] = [F.one];
  for (let i = 0; i < gamma; i++) rho.push(residualMass(F, a[i]!, p[i]!, q[i]!));
  for (let i = 1; i < gamma; i++) {
    const den = F.add(rho[i]!, F.sub(F.one, a[i]!));
    h.push(F.isPositive(den) ? clampUnit(F, F.div(rho[i]!, den)) : F.one);
  }
  if (gamma > 0) h.push(a[gamma]!);
  return { a, rho, h };
}

/** One block verification: τ accepted drafts and the token Y emitted after them. */
export function blockVerify<T>(
  F: Field<T>,
  X: readonly number[],
  p: ReadonlyArray<ArrayLike<T>>,
  q: ReadonlyArray<ArrayLike<T>>,
  chooser: Chooser<T>,
): { accepted: number; token: number } {
  const gamma = X.length;
  const { a, h } = blockQuantities(F, X, p, q);
  let tau = 0;
  for (let i = gamma; i >= 1; i--) {
    if (chooser.bernoulli(h[i]!)) {
      tau = i;
      break;
    }
  }
  if (tau === gamma) return { accepted: tau, token: chooser.categorical(Categorical.create(F, p[gamma]!)) };
  const law = Categorical.tryCreate(F, scaledResidual(F, a[tau]!, p[tau]!, q[tau]!)) ?? Categorical.create(F, p[tau]!);
  return { accepted: tau, token: chooser.categorical(law) };
}
