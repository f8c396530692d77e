/**
 * Theorem 10.4 (docs/theory.md): bounds on the optimal acceptance α* of i.i.d. drafts (any k) and of
 * drafts without replacement (k = 2) over every completion of a partially known pair.
 *
 * Lower bound: min over prefixes B of the stored draft tokens in increasing p_lo/q order of
 *   p_lo(B) + 1 − f̄(B),   f̄ = (q(B) + m_q)^k (i.i.d.) or s − (1 − s)(G(B) + m_q), s = q(B) + m_q (w/o repl., k = 2),
 * with p_lo = stored target probability (0 where unknown) and G(B) = Σ_{x∈B} q_x/(1 − q_x).
 *
 * Upper bound: min over four families of cuts A (prefixes B of the tokens known on both sides, plus a fixed
 * base set) of sup p(A) + 1 − inf Q(S ⊆ A).
 */
import type { PartialPair } from './partialPair.ts';

type Scheme = 'iid' | 'wor';

/** Q(S ⊆ A) from q(A) = s and G(A) (w/o replacement uses G; k = 2 only for 'wor'). */
function containment(scheme: Scheme, k: number, s: number, G: number): number {
  if (scheme === 'iid') return Math.pow(Math.min(1, s), k);
  return s - (1 - s) * G;
}

const g = (x: number) => x / (1 - x);

/** Tokens (indices into the union, hence in id order) sorted by increasing ratio num/q, ties by token id. */
function ratioSorted(indices: number[], num: (i: number) => number, q: Float64Array): number[] {
  const key = new Float64Array(q.length);
  for (const i of indices) key[i] = num(i) / q[i]!;
  return indices.sort((a, b) => key[a]! - key[b]! || a - b);
}

/** [lower, upper] bounds on α*; `scheme` 'wor' requires k ≤ 2. */
export function optimumBounds(pair: PartialPair, scheme: Scheme, k: number): [number, number] {
  const s: Scheme = scheme === 'wor' && k === 1 ? 'iid' : scheme;
  const { p, q, mp, cp, mq, cq } = pair;
  const n = p.length;
  const known = (x: number) => x === x;

  // Lower bound: stored draft tokens with q > 0, target known or 0; the unknown-q tail is always in the cut.
  const drafted: number[] = [];
  for (let i = 0; i < n; i++) if (known(q[i]!) && q[i]! > 0) drafted.push(i);
  const pLo = (i: number) => (known(p[i]!) ? p[i]! : 0);
  ratioSorted(drafted, pLo, q);
  let mass = 0;
  let qMass = mq;
  let G = mq; // a diffuse tail contributes its mass to G (Σ q/(1−q) → m as the pieces shrink)
  let lower = mass + 1 - containment(s, k, qMass, G);
  for (const i of drafted) {
    mass += pLo(i);
    qMass += q[i]!;
    G += g(q[i]!);
    lower = Math.min(lower, mass + 1 - containment(s, k, qMass, G));
  }

  // Upper bound: prefixes of J (known on both sides, q > 0) with four base sets.
  const both: number[] = [];
  let pAp = 0; // Σ p over target-known, draft-unknown tokens
  let countAp = 0;
  let qAq = 0; // Σ q over draft-known, target-unknown tokens
  let GAq = 0;
  let countAq = 0;
  for (let i = 0; i < n; i++) {
    const pk = known(p[i]!);
    const qk = known(q[i]!);
    if (pk && qk) {
      if (q[i]! > 0) both.push(i);
    } else if (pk) {
      pAp += p[i]!;
      countAp++;
    } else if (qk) {
      qAq += q[i]!;
      GAq += g(q[i]!);
      countAq++;
    }
  }
  ratioSorted(both, (i) => p[i]!, q);
  const forcedInside = Math.max(0, mq - countAp * cq); // unknown draft mass that must lie on fresh tokens
  const bases = [
    { pExtra: 0, qExtra: 0, gExtra: 0 }, // (a) A = B
    { pExtra: Math.min(mp, countAq * cp), qExtra: qAq, gExtra: GAq }, // (c) A = B ∪ A_q
    { pExtra: mp, qExtra: qAq + forcedInside, gExtra: GAq + (forcedInside > 0 ? g(forcedInside) : 0) }, // (b1) A = B ∪ (V \ I_p)
    { pExtra: pAp + mp, qExtra: qAq + mq, gExtra: GAq + (mq > 0 ? g(Math.min(mq, 1 - 1e-300)) : 0) }, // (b2) A = B ∪ (V \ I_p) ∪ A_p
  ];
  let upper = 1;
  for (const base of bases) {
    let pm = base.pExtra;
    let qm = base.qExtra;
    let Gm = base.gExtra;
    upper = Math.min(upper, pm + 1 - containment(s, k, qm, Gm));
    for (const i of both) {
      pm += p[i]!;
      qm += q[i]!;
      Gm += g(q[i]!);
      upper = Math.min(upper, pm + 1 - containment(s, k, qm, Gm));
    }
  }
  return [Math.max(0, lower), Math.min(1, upper)];
}
