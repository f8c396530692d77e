/**
 * The traversal-verification loop of §S3.2 with its rules spelled out, so that the test suite can build
 * each wrong variant of §S6.5 by changing exactly one rule. The exported verifier (`traversalVerify`) always uses
 * {@link CORRECT_RULES}; nothing outside `src/sequence/` (and its tests) can reach the others.
 */
import { Categorical } from '../../core/categorical.ts';
import type { Chooser } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import type { DraftedTree, SequenceVerdict } from '../../tree/sequenceVerifier.ts';
import { nextSiblingLaw, type SiblingLaw } from '../siblingLaw.ts';
import { clampUnit, nextWeight, scaledResidual } from './weights.ts';

export interface TraversalRules {
  /** Law used for R (line 5); null = the sibling law the tree was drafted with (correct). */
  updateLaw: SiblingLaw | null;
  /** Final token from the accepted node's current law P[v] (correct) or from the original p(·|c(v)). */
  finalToken: 'current' | 'original';
  /** Weights set once on entry (correct) or recomputed from the parent at every descent from the root. */
  weights: 'once' | 'recompute';
  /** Post-order (correct) or the globally deepest remaining leaf first. */
  order: 'post-order' | 'deepest-leaf';
  /**
   * Weight of a child whose token has R(x) = 0 (impossible when R is the drafting law, §S7 item 10): its limit
   * (1 if α·P(x) > 0, else 0; correct) or 1 always, as the reference script's wrong-update variant of §S6.5 reads it.
   */
  undraftedWeight: 'limit' | 'one';
  /** A child entered with weight 0: rejected with the update of lines 10–14 (correct) or skipped without it. */
  zeroWeightChildren: 'update' | 'skip';
}

export const CORRECT_RULES: TraversalRules = { updateLaw: null, finalToken: 'current', weights: 'once', order: 'post-order', undraftedWeight: 'limit', zeroWeightChildren: 'update' };

/** Observes the loop (worked examples, §S6.4): each test with the node's weight at that time. */
export interface TraversalObserver<T> {
  test?(node: number, weight: T): void;
  /** After a rejected child: the parent, its new weight α', its new law P' and the residual mass S (lines 11–13). */
  update?(node: number, weight: T, law: ArrayLike<T>, residualMass: T): void;
}

/** TRAVERSAL-VERIFY(tree, κ) of §S3.2 under the given rules. */
export function runTraversal<T>(tree: DraftedTree<T>, kappa: SiblingLaw, chooser: Chooser<T>, rules: TraversalRules, observer?: TraversalObserver<T>): SequenceVerdict {
  const F = tree.field;
  const updateLaw = rules.updateLaw ?? kappa;
  const alpha = new Map<number, T>([[0, F.one]]);
  const law = new Map<number, ArrayLike<T>>([[0, tree.target(0)]]);
  const drawnFrom = new Map<number, ArrayLike<T> | null>();
  const nextChild = new Map<number, number>([[0, 0]]);
  const rejectedTokens = new Map<number, number[]>([[0, []]]);
  const parent = new Map<number, number>();

  // Sets c's weight from its parent w's current state (line 6) and, on first entry, its own state (line 7).
  const enter = (c: number, w: number): void => {
    const x = tree.token(c);
    const R = nextSiblingLaw(F, updateLaw, tree.draft(w), rejectedTokens.get(w)!);
    drawnFrom.set(c, R);
    const Rx = R === null ? F.zero : R[x]!;
    alpha.set(c, rules.undraftedWeight === 'one' && !F.isPositive(Rx) ? F.one : nextWeight(F, alpha.get(w)!, law.get(w)![x]!, Rx));
    if (!parent.has(c)) {
      parent.set(c, w);
      law.set(c, tree.target(c));
      nextChild.set(c, 0);
      rejectedTokens.set(c, []);
    }
  };
  // Lines 10–14: v was rejected; its parent w absorbs the rejection.
  const reject = (v: number): number => {
    const w0 = parent.get(v)!;
    const result = rejectInto(v);
    observer?.update?.(w0, alpha.get(w0)!, law.get(w0)!, lastResidualMass);
    return result;
  };
  let lastResidualMass = F.zero;
  const rejectInto = (v: number): number => {
    const w = parent.get(v)!;
    const a = alpha.get(w)!;
    const R = drawnFrom.get(v) ?? F.zeros(tree.target(w).length);
    const residual = scaledResidual(F, a, law.get(w)!, R);
    let S = F.zero;
    for (let y = 0; y < residual.length; y++) S = F.add(S, residual[y]!);
    lastResidualMass = S;
    if (F.isPositive(S)) {
      const normalised = F.zeros(residual.length);
      for (let y = 0; y < residual.length; y++) normalised[y] = F.div(residual[y]!, S);
      law.set(w, normalised);
    }
    if (w !== 0) {
      const den = F.add(S, F.sub(F.one, a));
      if (F.isPositive(den)) alpha.set(w, clampUnit(F, F.div(S, den)));
      else if (F.name === 'rational' && rules === CORRECT_RULES) {
        // Only a bug can get here in exact arithmetic: the rejection had probability 1 − α + S = 0 (§S7 item 8).
        throw new SpechubError('INVALID_ARGUMENT', 'traversal verification reached a branch of probability 0 (S + 1 − α = 0)');
      } else alpha.set(w, F.zero);
    }
    rejectedTokens.get(w)!.push(tree.token(v));
    nextChild.set(w, nextChild.get(w)! + 1);
    return w;
  };
  const accept = (v: number): SequenceVerdict => {
    const path: number[] = [];
    for (let u = v; u !== 0; u = parent.get(u)!) path.push(u);
    path.reverse();
    const final = rules.finalToken === 'current' ? law.get(v)! : tree.target(v);
    return { path, token: chooser.categorical(Categorical.create(F, final)) };
  };
  const test = (v: number): boolean => {
    observer?.test?.(v, alpha.get(v)!);
    return chooser.bernoulli(alpha.get(v)!);
  };

  if (rules.order === 'deepest-leaf') return deepestLeafFirst(tree, enter, reject, accept, test, parent);

  let v = 0;
  for (;;) {
    for (;;) {
      const kids = tree.children(v);
      const j = nextChild.get(v)!;
      if (j >= kids.length) break;
      const c = kids[j]!;
      if (!parent.has(c) || rules.weights === 'recompute') enter(c, v);
      if (rules.zeroWeightChildren === 'skip' && !F.isPositive(alpha.get(c)!)) {
        nextChild.set(v, j + 1); // the biased shortcut of §S7 item 7: no update for the skipped subtree
        continue;
      }
      v = c;
    }
    if (test(v)) return accept(v);
    const w = reject(v);
    v = rules.weights === 'recompute' ? 0 : w; // restarting at the root is equivalent when weights are set once
  }
}

/** The biased order of one re-implementation (§S6.5): always test the globally deepest remaining leaf. */
function deepestLeafFirst<T>(
  tree: DraftedTree<T>,
  enter: (c: number, w: number) => void,
  reject: (v: number) => number,
  accept: (v: number) => SequenceVerdict,
  test: (v: number) => boolean,
  parent: Map<number, number>,
): SequenceVerdict {
  const order: Array<{ node: number; depth: number; up: number }> = [];
  const visit = (v: number, depth: number, up: number) => {
    order.push({ node: v, depth, up });
    for (const c of tree.children(v)) visit(c, depth + 1, v);
  };
  visit(0, 0, -1);
  const rejected = new Set<number>();
  for (;;) {
    let best: { node: number; depth: number; up: number } | null = null;
    for (const entry of order) {
      if (rejected.has(entry.node)) continue;
      if (!tree.children(entry.node).every((c) => rejected.has(c))) continue;
      if (best === null || entry.depth > best.depth) best = entry;
    }
    const t = best!.node;
    const chain: number[] = [];
    for (let u = t; u !== 0; u = order.find((e) => e.node === u)!.up) chain.push(u);
    for (const u of chain.reverse()) if (!parent.has(u)) enter(u, order.find((e) => e.node === u)!.up);
    if (test(t)) return accept(t);
    rejected.add(t);
    reject(t);
  }
}
