/**
 * Exact law of one step of traversal verification on a language with computable laws (§S3.5, §S5): the
 * law of the emitted block E (accepted path · one more token) from a state, and the exact tokens per step
 * E|E|, by a recursion independent of the sampled program (`traversalVerify`), which the tests compare with it.
 *
 * TVLAW(s, α, v) is the law of the tokens emitted after node v (state s, entered with weight α, fresh
 * P = p(·|s)), averaged over v's subtree drafts and the uniforms; its total mass is α (§S3.3 lemma). It runs over
 * v's children in order with states (mass, α, P, D): for each next token x with R(x) > 0, R = NEXT(κ, q(·|s), D),
 * the child contributes R(x)·TVLAW(next(s, x), min(1, αP(x)/R(x)), child) and is rejected with probability
 * R(x)(1 − α_x); a rejection moves to (α', P') by lines 11–13 of §S3.2 and appends x to D (i.i.d. siblings
 * need no D, so their rejections merge). After the last child the node emits y with mass α·P(y). Memoised on
 * (subtree shape, state, α). Block verification on `chain:γ` is the same recursion (§S3.4).
 *
 * Cost grows like (k·n)^depth: small vocabularies and trees only (a `TOO_LARGE` error past `maxCalls`).
 *
 * @example
 * ```ts
 * const r = traversalStepLaw(V1, fullTree(2, 3), 'iid', 0);
 * r.expectedTokens.toString(); // '199/81' (V1, §S6.2)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { Language } from '../tree/language.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { nextSiblingLaw, type SiblingLaw } from './siblingLaw.ts';
import { clampUnit, nextWeight, scaledResidual } from './_internals/weights.ts';

export interface SequenceStepLaw<T> {
  /** Law of the emitted block E (comma-joined tokens → probability); absent when only the mean was asked. */
  law: Map<string, T> | null;
  /** E|E| = tokens per step from this state. */
  expectedTokens: T;
}

export interface TraversalLawOptions<T = unknown> {
  /** `law` (default): the whole law of E; `mean`: only E|E| (much less memory). */
  output?: 'law' | 'mean';
  /**
   * Weight α the root is entered with (default 1, the verifier itself). With α < 1 the result is TVLAW(x_0, α, T) of
   * the §S3.3 lemma: total mass α, the law of what a subtree entered with weight α emits (the proofs check it).
   */
  entryWeight?: T;
  /** Most recursive calls before `TOO_LARGE` (default 2,000,000). */
  maxCalls?: number;
  /**
   * Refuse up front (`TOO_LARGE`) when the worst-case work n·Σ_d f^d (d = 0..depth; f = k·n for i.i.d. siblings,
   * k·n^k for w/o-replacement and hub siblings, k = largest branching) exceeds this (default 2·10^8): full
   * vocabularies of synthetic languages are for Monte Carlo.
   */
  maxWork?: number;
}

interface Algebra<T, A> {
  empty(): A;
  /** out += w · (token · sub) */
  addPrefixed(out: A, token: number, sub: A, w: T): void;
  /** out += w · [token] */
  addFinal(out: A, token: number, w: T): void;
}

function lawAlgebra<T>(F: Field<T>): Algebra<T, Map<string, T>> {
  const add = (out: Map<string, T>, key: string, w: T) => out.set(key, F.add(out.get(key) ?? F.zero, w));
  return {
    empty: () => new Map(),
    addPrefixed: (out, token, sub, w) => {
      for (const [e, m] of sub) add(out, `${token},${e}`, F.mul(w, m));
    },
    addFinal: (out, token, w) => add(out, String(token), w),
  };
}

interface Moments<T> {
  mass: T;
  length: T;
}

function meanAlgebra<T>(F: Field<T>): Algebra<T, Moments<T>> {
  return {
    empty: () => ({ mass: F.zero, length: F.zero }),
    addPrefixed: (out, _token, sub, w) => {
      out.mass = F.add(out.mass, F.mul(w, sub.mass));
      out.length = F.add(out.length, F.mul(w, F.add(sub.length, sub.mass)));
    },
    addFinal: (out, _token, w) => {
      out.mass = F.add(out.mass, w);
      out.length = F.add(out.length, w);
    },
  };
}

/** Exact law of E (and E|E|) for traversal verification with sibling law κ, from `state`. */
export function traversalStepLaw<T>(language: Language<T>, tree: TokenTree, kappa: SiblingLaw, state: number, options: TraversalLawOptions<T> = {}): SequenceStepLaw<T> {
  const F = language.field;
  if (!Number.isInteger(state) || state < 0 || state >= language.stateCount) throw new SpechubError('INVALID_ARGUMENT', `state ${state} is not in 0..${language.stateCount - 1}`);
  if (kappa === 'hub' && tree.maxBranching > 2) throw new SpechubError('UNSUPPORTED_K', `hub-pair siblings are defined for at most 2 children per node; the tree has a node with ${tree.maxBranching}`);
  const signature = subtreeSignatures(tree);
  const maxCalls = options.maxCalls ?? 2_000_000;
  const n = language.vocabularySize;
  // Entries per level: i.i.d. rejections merge (k·n per node); w/o-replacement and hub states keep the rejected
  // tokens D, up to n^k of them per node.
  const k = Math.max(1, tree.maxBranching);
  const factor = kappa === 'iid' ? k * n : k * n ** k;
  let work = 0;
  for (let d = 0, level = n; d <= tree.depth; d++, level *= factor) work += level;
  const maxWork = options.maxWork ?? 2e8;
  if (work > maxWork) {
    throw new SpechubError('TOO_LARGE', `the exact traversal law would need up to ${work.toExponential(1)} operations (vocabulary ${n}, depth ${tree.depth}, branching ${tree.maxBranching}), above ${maxWork.toExponential(1)}; use Monte Carlo`);
  }
  if (options.output === 'mean') {
    const m = recurse(language, tree, kappa, state, meanAlgebra(F), signature, maxCalls, options.entryWeight ?? F.one);
    return { law: null, expectedTokens: m.length };
  }
  const law = recurse(language, tree, kappa, state, lawAlgebra(F), signature, maxCalls, options.entryWeight ?? F.one);
  let expected = F.zero;
  for (const [e, m] of law) expected = F.add(expected, F.mul(m, F.fromInt(e.split(',').length)));
  return { law, expectedTokens: expected };
}

function subtreeSignatures(tree: TokenTree): string[] {
  const sig = new Array<string>(tree.parents.length);
  for (let v = tree.parents.length - 1; v >= 0; v--) sig[v] = `(${tree.children[v]!.map((c) => sig[c]).join('')})`;
  return sig;
}

function recurse<T, A>(language: Language<T>, tree: TokenTree, kappa: SiblingLaw, start: number, alg: Algebra<T, A>, signature: string[], maxCalls: number, entryWeight: T): A {
  const F = language.field;
  const n = language.vocabularySize;
  const memo = new Map<string, A>();
  let calls = 0;
  const law = (s: number, alpha: T, v: number): A => {
    const key = `${signature[v]}|${s}|${F.toString(alpha)}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (++calls > maxCalls) {
      throw new SpechubError('TOO_LARGE', `the exact traversal law needs more than ${maxCalls.toLocaleString('en-US')} recursive calls (vocabulary ${n}, tree of ${tree.draftTokens} drafts); use Monte Carlo or a smaller instance`);
    }
    const out = alg.empty();
    const P0 = language.target(s);
    const q = language.draft(s);
    const kids = tree.children[v]!;
    type State = { mass: T; alpha: T; P: ArrayLike<T>; D: number[] };
    let states: State[] = [{ mass: F.one, alpha, P: P0, D: [] }];
    const finished: State[] = [];
    for (let j = 0; j < kids.length && states.length > 0; j++) {
      const next: State[] = [];
      for (const st of states) {
        const R = nextSiblingLaw(F, kappa, q, st.D);
        if (R === null) {
          finished.push(st);
          continue;
        }
        const residual = scaledResidual(F, st.alpha, st.P, R);
        let S = F.zero;
        for (let y = 0; y < n; y++) S = F.add(S, residual[y]!);
        let P1 = st.P;
        if (F.isPositive(S)) {
          const normalised = F.zeros(n);
          for (let y = 0; y < n; y++) normalised[y] = F.div(residual[y]!, S);
          P1 = normalised;
        }
        const den = F.add(S, F.sub(F.one, st.alpha));
        const alpha1 = F.isPositive(den) ? clampUnit(F, F.div(S, den)) : st.alpha;
        let rejected = F.zero;
        for (let x = 0; x < n; x++) {
          const r = R[x]!;
          if (!F.isPositive(r)) continue;
          const ax = nextWeight(F, st.alpha, st.P[x]!, r);
          const w = F.mul(st.mass, r);
          if (F.isPositive(ax)) alg.addPrefixed(out, x, law(language.next(s, x), ax, kids[j]!), w);
          const rej = F.mul(w, F.sub(F.one, ax));
          if (!F.isPositive(rej)) continue;
          if (kappa === 'iid') rejected = F.add(rejected, rej);
          else next.push({ mass: rej, alpha: alpha1, P: P1, D: [...st.D, x] });
        }
        if (kappa === 'iid' && F.isPositive(rejected)) next.push({ mass: rejected, alpha: alpha1, P: P1, D: [] });
      }
      states = next;
    }
    for (const st of states) finished.push(st);
    for (const st of finished) {
      const w = F.mul(st.mass, st.alpha);
      if (!F.isPositive(w)) continue;
      for (let y = 0; y < n; y++) if (F.isPositive(st.P[y]!)) alg.addFinal(out, y, F.mul(w, st.P[y]!));
    }
    memo.set(key, out);
    return out;
  };
  return law(start, entryWeight, 0);
}
