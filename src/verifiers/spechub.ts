/**
 * SpecHub verification for k = 2 (Sun et al., EMNLP 2024), §2.6, in the exact order of the authors'
 * code (Sequoia `MyTree`).
 *
 * Glossary: **hub** a = argmax q (lowest index on ties); **drafts** the hub pair (t0, t1) in tree order, one of
 * them a (§1.3); **residual** P2 = leftovers after both pair types are served; **acceptance**
 * α = p(a) + Σ_{y≠a} min(p(y), q(y)/(1 − q(a))) (the optimum of its compact LP, §4.5 H2); **profile**
 * A(a) = p(a), A(y) = min(p(y), q̃(y)).
 *
 * ```
 * Qai(j) ← q(a)q(j)/(1−q(a))
 * 1 if t1 = a: if p(i) > r0·q(i): return (i, child 0)                 (pair (i,a), i = t0)
 * 2 P1 ← (p − q)^+, Cia ← (q − p)^+                  (off a)
 * 3 if t0 = a: if P1(i) > r1·Qai(i): return (i, child 1)              (pair (a,i), i = t1)
 * 4 P2 ← (P1 − Qai)^+, Cai ← (Qai − P1)^+; S_ai ← Σ Cai, S_ia ← Σ Cia
 * 5 if t0 = a: if p(a) > r0·S_ai: return (a, child 0)
 * 6 P1(a) ← (p(a) − S_ai)^+
 * 7 if t1 = a: if P1(a) > r1·S_ia: return (a, child 1)
 * 8 P2(a) ← (P1(a) − S_ia)^+
 * 9 return y ~ norm(P2)
 * ```
 * With one draft (q(a) = 1, the hub-pair fallback) it is single-draft SD (§2.1). The EAGLE shortcut that
 * accepts the hub outright when p(a) > 0.999 is deliberately absent (§8 item 2).
 *
 * @example
 * ```ts
 * spechub.acceptance(rationalField, E1.p, E1.q, 2).value.toString(); // '5/6'
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import { argmax } from '../core/distribution.ts';
import type { Field, Vec } from '../core/field.ts';
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier } from './verifier.ts';
import { profileRows } from './_internals/profileRows.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';
import { sd } from './sd.ts';
import { prepareSpecHubFloat } from './_internals/spechubFloat.ts';

export const spechub: Verifier = {
  id: 'spechub',
  title: 'SpecHub (hub pair, k = 2)',
  section: '§2.6',
  draftScheme: 'hub',
  supportsK: (k) => k === 2,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    // Floats: the fused fast path (same uniforms, same verdicts as the generic program, docs/theory.md §11.7).
    if (F.name === 'float64') return prepareSpecHubFloat(p as ArrayLike<number>, q as ArrayLike<number>, k) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    return spechub.prepareGeneric!(F, p, q, k);
  },
  prepareGeneric<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
    const a = argmax(F, q);
    const qa = q[a]!;
    const single = sd.prepareGeneric!(F, p, q, 1);
    // 1 − q(a), summed over the other tokens (never computed as 1 − q(a): docs/theory.md §11.3). Zero exactly
    // when q is a point mass: then no pair exists and the scheme drafts the hub alone.
    const rest = F.sumExcept(q, [a]);
    if (!F.isPositive(rest)) return single;
    const n = p.length;
    // Qai(j) = q(a)·q̃(j) with q̃(j) = q(j)/(1 − q(a)) ≤ 1: never q(a)/(1 − q(a)) first, which overflows for a
    // subnormal 1 − q(a).
    const Qai = (j: number) => (j === a ? F.zero : F.mul(qa, F.div(q[j]!, rest)));
    const P1 = (j: number) => (j === a ? F.zero : F.positiveDifference(p[j]!, q[j]!));
    let sums: { Sai: T; Sia: T } | null = null;
    let finalLaw: Categorical<T> | null = null;
    const leftovers = () => {
      if (sums !== null) return sums;
      const Cia = F.zeros(n);
      const Cai = F.zeros(n);
      for (let j = 0; j < n; j++) {
        if (j === a) continue;
        Cia[j] = F.positiveDifference(q[j]!, p[j]!);
        Cai[j] = F.positiveDifference(Qai(j), P1(j));
      }
      sums = { Sai: F.sum(Cai), Sia: F.sum(Cia) };
      return sums;
    };
    const residual = (): Categorical<T> => {
      const { Sai, Sia } = leftovers();
      const P2: Vec<T> = F.zeros(n);
      for (let j = 0; j < n; j++) P2[j] = F.positiveDifference(P1(j), Qai(j));
      P2[a] = F.positiveDifference(F.positiveDifference(p[a]!, Sai), Sia);
      return residualLaw(F, P2, p);
    };
    return {
      verify(drafts, chooser) {
        if (drafts.length === 1) return single.verify(drafts, chooser);
        const [t0, t1] = drafts as [number, number];
        if (t1 === a && ratioTest(F, chooser, p[t0]!, q[t0]!)) return { token: t0, acceptedIndex: 0 };
        if (t0 === a && ratioTest(F, chooser, P1(t1), Qai(t1))) return { token: t1, acceptedIndex: 1 };
        const { Sai, Sia } = leftovers();
        if (t0 === a && ratioTest(F, chooser, p[a]!, Sai)) return { token: a, acceptedIndex: 0 };
        if (t1 === a && ratioTest(F, chooser, F.positiveDifference(p[a]!, Sai), Sia)) return { token: a, acceptedIndex: 1 };
        finalLaw ??= residual();
        return { token: chooser.categorical(finalLaw), acceptedIndex: null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): AcceptanceValue<T> {
    const a = argmax(F, q);
    const rest = F.sumExcept(q, [a]); // 1 − q(a), summed (§11.3)
    if (!F.isPositive(rest)) return sd.acceptance(F, p, q, 1);
    const tilde = F.zeros(p.length); // q̃ = q / (1 − q(a)) off a, 0 at a
    for (let y = 0; y < p.length; y++) if (y !== a) tilde[y] = F.div(q[y]!, rest);
    return { value: F.clampUnit(F.add(p[a]!, F.sumMin(p, tilde))), exact: true };
  },
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> | null {
    return k === 2 ? { byPosition: spechubProfile(F, p, q), exact: true, source: 'closed-form' } : null;
  },
};

/**
 * SpecHub (§2.6), hub a = argmax q. Child 0 holds i ≠ a for the pair (i, a) (probability q(i)) and a for the
 * pair (a, i); child 1 the other way round. Off a: child 0 accepts i with mass q(i)·min(1, p(i)/q(i)) =
 * min(p(i), q(i)) (step 1) and child 1 with Q_ai(i)·min(1, P1(i)/Q_ai(i)) = min(Q_ai(i), (p(i) − q(i))^+) (step 3).
 * The hub: the (a, i) pairs rejected at step 3 carry S_ai, accepted at step 5 with min(1, p(a)/S_ai), so child 0
 * gets min(p(a), S_ai); the (i, a) pairs rejected at step 1 carry S_ia, accepted at step 7 with
 * min(1, (p(a) − S_ai)^+/S_ia), so child 1 gets min(S_ia, (p(a) − S_ai)^+). With q(a) = 1 the pair degenerates
 * to one draft and the verifier to SD.
 */
function spechubProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T>[] {
  const n = p.length;
  const a = argmax(F, q);
  const qa = q[a]!;
  const [child0, child1] = profileRows(F, 2, n) as [Vec<T>, Vec<T>];
  const rest = F.sumExcept(q, [a]); // 1 − q(a), summed (§11.3)
  if (!F.isPositive(rest)) {
    child0[a] = F.min(p[a]!, qa);
    return [child0, child1];
  }
  const Cia = F.zeros(n);
  const Cai = F.zeros(n);
  for (let j = 0; j < n; j++) {
    if (j === a) continue;
    const Qai = F.mul(qa, F.div(q[j]!, rest));
    const P1 = F.positiveDifference(p[j]!, q[j]!);
    child0[j] = F.min(p[j]!, q[j]!);
    child1[j] = F.min(Qai, P1);
    Cia[j] = F.positiveDifference(q[j]!, p[j]!);
    Cai[j] = F.positiveDifference(Qai, P1);
  }
  const Sai = F.sum(Cai);
  const Sia = F.sum(Cia);
  child0[a] = F.min(p[a]!, Sai);
  child1[a] = F.min(Sia, F.positiveDifference(p[a]!, Sai));
  return [child0, child1];
}


