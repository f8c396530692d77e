/**
 * The float closed forms of every method at one fully known position (§3.1, §4.4), sharing passes
 * between methods (docs/theory.md §11.7, §11.8): one first pass for the hub a = argmax q, the support size,
 * ov = Σ min(p, q), S = Σ (p − q)^+, Σq, Σp and the ratio keys; one bucket pass, one visit pass over the bucket map
 * and a few small sorts (`ratioOrderedForms`, no full order) for both prefix duals, RRSw's k = 2 form, SpecHub / G-r
 * (Σ_{y≠a} min(p, q/(1 − q(a)))), G-q (Σ_{y≠a} min(p, q)), RRS's second overlap (Σ min((p − q)^+/S, q)) and
 * K-SEQ's ρ̂ (selected by the same buckets, then one certifying pass that also gives β(ρ̂) and γ(ρ̂)); a separate
 * pass for the hub sums only when a token has p < 2⁻⁹²² (imprecise ratio keys). Every sum of many terms is
 * compensated (plain within a bucket of at most 4,096 tokens or a block of 8); 1 − q(a) is Σq − q(a)
 * only when q(a) ≤ ½Σq (no cancellation), a summed complement otherwise (§11.3). Each value agrees with the
 * method's `acceptance(floatField, …)` to 1e-12 relative (tested); methods or k without a fused form use it directly.
 */
import { kseqRhoIllinois } from '../../verifiers/kseq.ts';
import { compensatedSumExcept, kernelOut } from '../../verifiers/floatKernels.ts';
import { kseqCertify, kseqRhoSearch, kseqRhoSearchFromBuckets } from '../../verifiers/kseqRhoSearch.ts';
import { FIRST, firstOut, firstPass, firstPassWithBuckets, hubOut, kseqBuckets, ratioOrderedForms } from './ratioBuckets.ts';

const pick = new Float64Array(2);

/**
 * With a the hub and rest = 1 − q(a) > 0 (or 0: that sum is skipped), S = Σ (p − q)^+ (or 0): kernelOut =
 * [Σ_{y≠a} min(p, q/rest), Σ_{y≠a} min(p, q), Σ min((p − q)^+/S, q)], each compensated, exact mins.
 */
function hubSums(p: ArrayLike<number>, q: ArrayLike<number>, a: number, rest: number, S: number): void {
  const n = p.length;
  const table = pick;
  const r = rest > 0 ? rest : 1;
  const s2 = S > 0 ? S : 1;
  let sh = 0;
  let ch = 0;
  let sg = 0;
  let cg = 0;
  let sr = 0;
  let cr = 0;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    const skip = y === a ? 0 : 1;
    const tilde = qy / r;
    table[0] = tilde;
    table[1] = py;
    const mh = table[+(py < tilde)]! * skip;
    table[0] = qy;
    const mg = table[+(py < qy)]! * skip;
    const d = py - qy;
    const P2 = (0.5 * (d + Math.abs(d))) / s2;
    table[0] = qy;
    table[1] = P2;
    const mr = table[+(P2 < qy)]!;
    let t = sh + mh;
    ch += Math.abs(sh) >= Math.abs(mh) ? sh - t + mh : mh - t + sh;
    sh = t;
    t = sg + mg;
    cg += Math.abs(sg) >= Math.abs(mg) ? sg - t + mg : mg - t + sg;
    sg = t;
    t = sr + mr;
    cr += Math.abs(sr) >= Math.abs(mr) ? sr - t + mr : mr - t + sr;
    sr = t;
  }
  kernelOut[0] = sh + ch;
  kernelOut[1] = sg + cg;
  kernelOut[2] = sr + cr;
}

const clampUnit = (x: number) => (x > 0 ? (x < 1 ? x : 1) : 0);

/**
 * Values of the methods in `ids` that have a fused form for these (p, q, k) (dense, fully known, validated by
 * the reader); the others are left out of the map (the caller computes them the general way). Methods are
 * fused only when q has at least k tokens of positive mass (then every scheme drafts k tokens, §5.1).
 */
export function denseAcceptances(p: ArrayLike<number>, q: ArrayLike<number>, k: number, ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const want = new Set(ids);
  const wantHub = k === 2 && (want.has('spechub') || want.has('greedy') || want.has('greedy-q') || want.has('rrs'));
  const wantBuckets = want.has('otm') || want.has('khisti') || want.has('otm-wor') || want.has('rrsw');
  // The replay's method set (k = 2, hub sums and bucket forms): the bucket pass inside the first pass.
  if (wantHub && wantBuckets) firstPassWithBuckets(p, q, k);
  else firstPass(p, q);
  const ov = firstOut[FIRST.ov]!;
  const S = firstOut[FIRST.residual]!;
  const total = firstOut[FIRST.sumQ]!;
  const a = firstOut[FIRST.hub]!;
  if (firstOut[FIRST.support]! < k) return out;
  const qa = q[a]!;
  const pa = p[a]!;
  // 1 − q(a) = Σ_{y≠a} q(y): a difference only when it cannot cancel.
  const rest = qa <= 0.5 * total ? total - qa : compensatedSumExcept(q, a);
  // The ratio-ordered forms: bucket bounds and a few small sorts instead of one full order (docs/theory.md §11.8).
  // K-SEQ's ρ̂ by the same buckets (its bucket gathered in the same visit as the others), with its fallback search.
  const fallback = () => kseqRhoIllinois(p, q, k);
  const forms = ratioOrderedForms(p, q, k, { iid: want.has('otm') || want.has('khisti'), wor: want.has('otm-wor'), rrsw: want.has('rrsw'), hubSums: wantHub, kseq: want.has('kseq') ? fallback : undefined }, rest);
  if (forms.iid !== null && want.has('otm')) out.set('otm', forms.iid);
  if (forms.iid !== null && want.has('khisti')) out.set('khisti', forms.iid);
  if (forms.wor !== null && want.has('otm-wor')) out.set('otm-wor', forms.wor);
  if (forms.rrsw !== null && want.has('rrsw')) out.set('rrsw', forms.rrsw);
  if (wantHub) {
    // From RRSw's pass when it ran (the same sums), else one pass here.
    if (!forms.hubSums) hubSums(p, q, a, rest, S);
    const sums = forms.hubSums ? hubOut : kernelOut;
    const hub = sums[0]!;
    const gq = sums[1]!;
    const second = sums[2]!;
    if (want.has('spechub')) out.set('spechub', rest > 0 ? clampUnit(pa + hub) : clampUnit(ov));
    if (want.has('greedy')) out.set('greedy', clampUnit(pa + (rest > 0 ? hub : 0)));
    if (want.has('greedy-q')) out.set('greedy-q', clampUnit(pa + gq));
    // RRS, k = 2: α = ov + S·ov(P₂, q) (§2.2, §11.3 rule 7: 1 − r₁ = S summed).
    if (want.has('rrs')) out.set('rrs', clampUnit(S > 0 ? ov + S * second : ov));
  }
  if (want.has('kseq')) {
    // ρ̂ certified as `kseqRho(floatField, …)`'s (same segment search and certification, same fallback; selected by
    // the ratio buckets above when they ran, else by its own selection pass): the same root to about 1e-12.
    const buckets = forms.kseq === null ? kseqBuckets(k) : null;
    const found = forms.kseq ?? (buckets === null ? kseqRhoSearch(p, q, k, fallback, { values: true }) : kseqRhoSearchFromBuckets(p, q, k, fallback, buckets, { values: true }));
    const rho = found.rho;
    // β(ρ̂), γ(ρ̂) from the certifying pass at ρ̂ when one ran; else one pass for both (bit for bit `kseqBetaFloat`,
    // `kseqRejectionFloat`).
    const both = found.beta === null || found.gamma === null || found.gamma === undefined ? kseqCertify(p, q, k, rho) : null;
    const b = both === null ? found.beta! : both.beta;
    const gamma = both === null ? found.gamma! : both.gamma;
    let scale = 0;
    let term = 1;
    for (let i = 0; i < k; i++) {
      scale += term;
      term *= gamma;
    }
    out.set('kseq', clampUnit(b * scale));
  }
  return out;
}

/**
 * Runs every fused form on small laws when the module loads (16 times; `warmKernels` in
 * src/verifiers/floatKernels.ts explains why): without it, the long loops of the first pass, the bucket pass and
 * RRSw's sum are compiled on the fly during their first calls, before the code after them (or a branch such as
 * RRSw's search over the active tokens and its loop over imprecise tokens) has type feedback, and the compiled code
 * deoptimises there, call after call (measured on a 32,000-token trace: one deoptimisation every few positions).
 * The laws have an active RRSw token, a token with p < 2⁻⁹²² and q = 0, and ties. Nothing observable changes.
 */
function warmDense(): void {
  const p = Float64Array.of(0.05, 0.05, 0.35, 0.3, 0.25, 1e-300);
  const q = Float64Array.of(0.4, 0.1, 0.2, 0.2, 0.1, 0);
  const n = 64;
  const pl = Float64Array.from({ length: n }, (_, i) => ((i % 7) + 1) / 256);
  const ql = Float64Array.from({ length: n }, (_, i) => ((i % 5) + 1) / 192);
  const ids = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti'];
  for (let round = 0; round < 16; round++) {
    denseAcceptances(p, q, 2, ids);
    denseAcceptances(q, p, 2, ids);
    denseAcceptances(pl, ql, 2, ids);
    denseAcceptances(pl, ql, 3, ids);
  }
}
warmDense();
