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
import { floatField } from '../../core/field.ts';
import { RATIO_KEY_SCALE } from '../../optimum/floatRatioOrder.ts';
import { escapeProbability } from './escapeProbability.ts';
import { draftMassOff, type PartialPair } from './partialPair.ts';

type Scheme = 'iid' | 'wor';

/**
 * Tokens (indices into the union, hence in id order, each with q > 0) sorted by increasing ratio num/q, ties by
 * token id. The keys are (num·2⁻¹⁰⁰)/q, `ratioOrder`'s float keys: num/q itself overflows to +∞ for a subnormal q
 * (0.087/3.3e-310), and tokens of different ratios then tied at +∞ fell into id order, so the prefixes missed the
 * minimising cut (a lower bound of 0.578 for an optimum of 0.161, found by `npm run fuzz:replay -- --seed 5`).
 */
function ratioSorted(indices: number[], num: (i: number) => number, q: Float64Array): number[] {
  const key = new Float64Array(q.length);
  for (const i of indices) key[i] = (num(i) * RATIO_KEY_SCALE) / q[i]!;
  return indices.sort((a, b) => (key[a]! < key[b]! ? -1 : key[a]! > key[b]! ? 1 : a - b));
}

/** suffix[j] = Σ_{t ≥ j} q[order[t]] (summed from the end, compensated); suffix[order.length] = 0. */
function suffixMasses(order: readonly number[], q: Float64Array): Float64Array {
  const out = new Float64Array(order.length + 1);
  let s = 0;
  let c = 0;
  for (let j = order.length - 1; j >= 0; j--) {
    const x = q[order[j]!]!;
    const t = s + x;
    c += s >= x ? s - t + x : x - t + s;
    s = t;
    out[j] = s + c;
  }
  return out;
}

/**
 * [lower, upper] bounds on α*; `scheme` 'wor' requires k ≤ 2. A cut A's value P(A) + 1 − Q(S ⊆ A) is formed from
 * R = the draft mass outside A, summed from known pieces, never 1 − q(A): P + 1 − (1 − R)^k (i.i.d.) and
 * P + R·(1 + G) (without replacement, 1 − Q = (1 − s) + (1 − s)·G with s = 1 − R), the weight q/(1 − q) of a token
 * holding more than half the draft mass kept apart as q·(R/(1 − q)) with 1 − q summed (R ≤ 1 − q when that token
 * is in A): a draft spiked at 1 beside masses of 1e-18 gave 0·∞ = NaN as differences.
 */
export function optimumBounds(pair: PartialPair, scheme: Scheme, k: number): [number, number] {
  const s: Scheme = scheme === 'wor' && k === 1 ? 'iid' : scheme;
  const { p, q, mp, cp, mq, cq } = pair;
  const n = p.length;
  const known = (x: number) => x === x;
  // The known token holding more than half the draft mass, if any (an unstored one cannot: it is at most the
  // smallest stored one), and its complement, summed.
  let hub = -1;
  const knownMasses: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!known(q[i]!)) continue;
    knownMasses.push(q[i]!);
    if (q[i]! > 0.5 && (hub < 0 || q[i]! > q[hub]!)) hub = i;
  }
  const knownMass = floatField.sum(knownMasses); // 1 − m_q, summed
  const hubRest = hub >= 0 ? draftMassOff(pair, [hub]) : 0;
  const g = (i: number) => q[i]! / (1 - q[i]!); // tokens with q ≤ ½ (the hub's weight is kept apart)
  // A tail piece of mass x treated as one token: x/(1 − x), with 1 − x = (1 − m_q) + (m_q − x) summed.
  const gTail = (x: number) => x / (knownMass + (mq - x));
  const value = (P: number, R: number, G: number, hubIn: boolean): number => {
    const r = R > 0 ? R : 0;
    if (s === 'iid') return P + escapeProbability(Math.min(1, r), k);
    return P + r * (1 + G) + (hubIn && hubRest > 0 ? q[hub]! * Math.min(1, r / hubRest) : 0);
  };

  // Lower bound: stored draft tokens with q > 0, target known or 0; the unknown-q tail is always in the cut.
  const drafted: number[] = [];
  for (let i = 0; i < n; i++) if (known(q[i]!) && q[i]! > 0) drafted.push(i);
  const pLo = (i: number) => (known(p[i]!) ? p[i]! : 0);
  ratioSorted(drafted, pLo, q);
  const outsideDrafted = suffixMasses(drafted, q);
  let mass = 0;
  let G = mq; // a diffuse tail contributes its mass to G (Σ q/(1−q) → m as the pieces shrink)
  let hubIn = false;
  let lower = value(mass, outsideDrafted[0]!, G, hubIn);
  for (let j = 0; j < drafted.length; j++) {
    const i = drafted[j]!;
    mass += pLo(i);
    if (i === hub) hubIn = true;
    else G += g(i);
    lower = Math.min(lower, value(mass, outsideDrafted[j + 1]!, G, hubIn));
  }

  // Upper bound: prefixes of J (known on both sides, q > 0) with four base sets.
  const both: number[] = [];
  let pAp = 0; // Σ p over target-known, draft-unknown tokens
  let countAp = 0;
  const aq: number[] = []; // q over draft-known, target-unknown tokens (A_q)
  let GAq = 0;
  let countAq = 0;
  let hubInAq = false;
  for (let i = 0; i < n; i++) {
    const pk = known(p[i]!);
    const qk = known(q[i]!);
    if (pk && qk) {
      if (q[i]! > 0) both.push(i);
    } else if (pk) {
      pAp += p[i]!;
      countAp++;
    } else if (qk) {
      aq.push(q[i]!);
      if (i === hub) hubInAq = true;
      else GAq += g(i);
      countAq++;
    }
  }
  const qAq = floatField.sum(aq);
  ratioSorted(both, (i) => p[i]!, q);
  const outsideJ = suffixMasses(both, q);
  const forcedInside = Math.max(0, mq - countAp * cq); // unknown draft mass that must lie on fresh tokens
  // Each base: its target mass, the draft mass it leaves outside besides J's (summed pieces), its weights.
  const bases = [
    { pExtra: 0, outside: qAq + mq, gExtra: 0, hubIn: false }, // (a) A = B
    { pExtra: Math.min(mp, countAq * cp), outside: mq, gExtra: GAq, hubIn: hubInAq }, // (c) A = B ∪ A_q
    { pExtra: mp, outside: Math.min(mq, countAp * cq), gExtra: GAq + (forcedInside > 0 ? gTail(forcedInside) : 0), hubIn: hubInAq }, // (b1) A = B ∪ (V \ I_p)
    { pExtra: pAp + mp, outside: 0, gExtra: GAq + (mq > 0 ? gTail(mq) : 0), hubIn: hubInAq }, // (b2) A = B ∪ (V \ I_p) ∪ A_p
  ];
  let upper = 1;
  for (const base of bases) {
    let pm = base.pExtra;
    let Gm = base.gExtra;
    let inside = base.hubIn;
    upper = Math.min(upper, value(pm, outsideJ[0]! + base.outside, Gm, inside));
    for (let j = 0; j < both.length; j++) {
      const i = both[j]!;
      pm += p[i]!;
      if (i === hub) inside = true;
      else Gm += g(i);
      upper = Math.min(upper, value(pm, outsideJ[j + 1]! + base.outside, Gm, inside));
    }
  }
  return [Math.max(0, lower), Math.min(1, upper)];
}
