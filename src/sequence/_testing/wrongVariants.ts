/**
 * The wrong variants of §S6.5 (each one change to §S2.2 or §S3.2), built for tests only: every exactness
 * check of the sequence-level verifiers must reject them, exactly and by Monte Carlo.
 */
import { Categorical } from '../../core/categorical.ts';
import type { Chooser } from '../../core/chooser.ts';
import type { Field } from '../../core/field.ts';
import { getMethod } from '../../methods.ts';
import type { DraftedTree, SequenceVerifier } from '../../tree/sequenceVerifier.ts';
import type { TokenTree } from '../../tree/tokenTree.ts';
import { blockQuantities } from '../blockVerify.ts';
import { getSequenceVerifier } from '../sequenceVerifiers.ts';
import type { SiblingLaw } from '../siblingLaw.ts';
import { CORRECT_RULES, runTraversal, type TraversalRules } from '../_internals/traversal.ts';
import { scaledResidual } from '../_internals/weights.ts';

const DRAFTING: Record<SiblingLaw, string> = { iid: 'rrs', wor: 'rrsw', hub: 'spechub' };

/** Traversal verification with one rule changed; the tree is drafted with `drafted`. */
export function wrongTraversal(id: string, drafted: SiblingLaw, change: Partial<TraversalRules>): SequenceVerifier {
  const rules: TraversalRules = { ...CORRECT_RULES, ...change };
  const base = getSequenceVerifier(drafted === 'iid' ? 'traversal' : `traversal-${drafted}`);
  return {
    id,
    title: `biased traversal verification (${id})`,
    section: 'test',
    drafting: getMethod(DRAFTING[drafted]),
    checkTree: (tree: TokenTree) => base.checkTree(tree),
    verify: <T>(tree: DraftedTree<T>, chooser: Chooser<T>) => runTraversal(tree, drafted, chooser, rules),
  };
}

/** Block verification with ONE uniform η shared by all tests: τ = max{i : η ≤ h_i} (§S7 item 1). */
export function sharedUniformBlock(): SequenceVerifier {
  const block = getSequenceVerifier('block');
  return {
    id: 'block-shared-uniform',
    title: 'biased block verification (one shared uniform)',
    section: 'test',
    drafting: getMethod('sd'),
    checkTree: (tree) => block.checkTree(tree),
    verify<T>(tree: DraftedTree<T>, chooser: Chooser<T>) {
      const F = tree.field;
      const nodes = [0];
      while (tree.children(nodes[nodes.length - 1]!).length > 0) nodes.push(tree.children(nodes[nodes.length - 1]!)[0]!);
      const X = nodes.slice(1).map((v) => tree.token(v));
      const p = nodes.map((v) => tree.target(v));
      const q = nodes.slice(0, -1).map((v) => tree.draft(v));
      const gamma = X.length;
      const { a, h } = blockQuantities(F, X, p, q);
      const tau = sharedThresholdDraw(F, h.slice(1), chooser);
      if (tau === gamma) return { path: nodes.slice(1), token: chooser.categorical(Categorical.create(F, p[gamma]!)) };
      const law = Categorical.tryCreate(F, scaledResidual(F, a[tau]!, p[tau]!, q[tau]!)) ?? Categorical.create(F, p[tau]!);
      return { path: nodes.slice(1, 1 + tau), token: chooser.categorical(law) };
    },
  };
}

/** max{i ∈ 1..m : η ≤ h_i} for one η ~ U(0, 1) (0 if none), drawn as a categorical over the threshold gaps. */
function sharedThresholdDraw<T>(F: Field<T>, h: readonly T[], chooser: Chooser<T>): number {
  const levels = [...new Set(h.map((x) => F.toString(x)))].map((s) => h.find((x) => F.toString(x) === s)!).filter((x) => F.isPositive(x));
  levels.sort((x, y) => F.compare(x, y));
  const weights: T[] = [];
  const outcome: number[] = [];
  let previous = F.zero;
  for (const t of levels) {
    weights.push(F.sub(t, previous));
    let best = 0;
    h.forEach((x, i) => {
      if (F.le(t, x)) best = i + 1;
    });
    outcome.push(best);
    previous = t;
  }
  weights.push(F.sub(F.one, previous));
  outcome.push(0);
  const law = Categorical.create(F, weights);
  return outcome[chooser.categorical(law)]!;
}
