/**
 * Data of figure 6: where SpecHub wins and where it loses (§4.5 H3–H4). Random small instances
 * (n = 3..6 tokens) spread over the hub probability q(a) = max q; for each, SpecHub's acceptance (k = 2,
 * closed form) against the best any verifier can do with two i.i.d. drafts (α*_iid, prefix dual), RRS,
 * K-SEQ and RRSw, and the membership bound Σ min(p, 1 − (1 − q)²).
 *
 * H3 (proved, `proofs/spechub-dominance.md`): q(a) ≥ ½ ⇒ α_hub ≥ bound ≥ α*_iid ≥ max(α_RRS, α_K-SEQ).
 * H4: no such dominance without the hypothesis, and none over RRSw even with it.
 *
 * Instances: q = softmax(g/τ_q) with g ~ N(0, I) and τ_q log-uniform on [0.15, 3] (so q(a) covers (1/n, 1));
 * p independent (p = softmax(h/τ_p)) for half of them and correlated (p = softmax((g + 0.7h)/τ_q)) for the rest.
 *
 * @example
 * ```ts
 * const data = spechubDominance({ instances: 800, seed: 17 });
 * ```
 */
import { acceptanceRate } from '../../analysis/acceptanceRate.ts';
import { argmax } from '../../core/distribution.ts';
import { floatField } from '../../core/field.ts';
import { softmax } from '../../core/softmax.ts';
import { iidMembershipBound } from '../../optimum/membershipBound.ts';
import { subsetDualPrefix } from '../../optimum/subsetDualPrefix.ts';
import { createRng } from '../../random/createRng.ts';
import type { FigureData } from '../figureData.ts';
import { standardNormal } from '../../random/standardNormal.ts';

export interface SpechubDominanceOptions {
  instances: number;
  seed: string | number;
  /** Vocabulary sizes drawn uniformly (default 3..6). */
  sizes: number[];
}

export interface SpechubDominanceRow {
  [field: string]: string | number | boolean | null;
  instance: number;
  n: number;
  /** 'independent' or 'correlated' target. */
  target: string;
  hubProbability: number;
  spechub: number;
  optimumIid: number;
  bound: number;
  rrs: number;
  kseq: number;
  rrsw: number;
}

export const DOMINANCE_DEFAULTS = { instances: 800, seed: 17, sizes: [3, 4, 5, 6] } as const;

export function spechubDominance(options: Partial<SpechubDominanceOptions> = {}): FigureData<SpechubDominanceRow> {
  const o = { ...DOMINANCE_DEFAULTS, ...options };
  const rng = createRng(`${o.seed}/spechub-dominance`);
  const gaussian = () => standardNormal(rng);
  const rows: SpechubDominanceRow[] = [];
  for (let instance = 0; instance < o.instances; instance++) {
    const n = o.sizes[Math.floor(rng() * o.sizes.length)]!;
    const g = Array.from({ length: n }, gaussian);
    const h = Array.from({ length: n }, gaussian);
    const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));
    const tauQ = logUniform(0.15, 3);
    const q = softmax(g, tauQ);
    const independent = rng() < 0.5;
    const p = independent ? softmax(h, logUniform(0.15, 3)) : softmax(g.map((x, i) => x + 0.7 * h[i]!), tauQ);
    rows.push({
      instance,
      n,
      target: independent ? 'independent' : 'correlated',
      hubProbability: q[argmax(floatField, q)]!,
      spechub: acceptanceRate('spechub', p, q, 2),
      optimumIid: subsetDualPrefix(floatField, 'iid', p, q, 2).optimum,
      bound: iidMembershipBound(floatField, p, q, 2),
      rrs: acceptanceRate('rrs', p, q, 2),
      kseq: acceptanceRate('kseq', p, q, 2),
      rrsw: acceptanceRate('rrsw', p, q, 2),
    });
  }
  return {
    figure: 'spechub-dominance',
    title: "SpecHub's region of dominance (k = 2)",
    description:
      `SpecHub's acceptance minus that of the i.i.d. optimum, RRS, K-SEQ and RRSw on ${o.instances} random instances ` +
      `(n = ${o.sizes.join(', ')}), against the hub probability q(a). All values exact closed forms or prefix duals.`,
    parameters: { instances: o.instances, seed: o.seed, sizes: o.sizes, k: 2 },
    notes: [
      'H3 (proved): q(a) ≥ 1/2 implies SpecHub ≥ membership bound ≥ optimum with i.i.d. drafts ≥ RRS, K-SEQ.',
      'H4: below q(a) = 1/2 SpecHub can lose to all of them; RRSw can beat it on either side.',
    ],
    rows,
  };
}
