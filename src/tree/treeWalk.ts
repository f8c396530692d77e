/**
 * The tree walk of §5.1, written once as a probabilistic program over a {@link Chooser}: sampled with a
 * seeded generator (Monte Carlo, {@link simulateTreeWalk}) or enumerated exactly (`exactStepLaw`), like every
 * verifier in spechub.
 *
 * One call of `step` is one target call: the children of every node are drafts for the next token, drawn with
 * the node method's draft scheme from q(·|context); the walk verifies them with the node's verifier against
 * p(·|context), emits the verifier's token, and descends into the accepted child (the child whose index the
 * verifier returns — with greedy drafts a residual draw on a drafted token returns that child, §2.8; with i.i.d.
 * duplicates the child whose draft was accepted). A residual token (index ⊥) ends the step; at a leaf one bonus
 * token y ~ p(·|context) is emitted and the step ends. Tokens per step = number of emitted tokens.
 *
 * Drafting is `lazy` by default (a node's children are drawn when the walk reaches it) or `eager` (the whole
 * tree is drafted first, as a real system does). The two have the same law: subtrees are drafted independently
 * given their contexts (§5.1, "Exactness"); the tests check this exactly.
 *
 * Nodes with one child run single-draft SD when the method is not defined for k = 1 (SpecHub); nodes whose
 * draft law has fewer tokens than the scheme needs draft fewer children (see `nodeMethod`). The walk itself is
 * {@link walkTokenTree}, shared with the end-to-end decoder.
 *
 * The method may also be a sequence-level verifier ({@link SequenceVerifier}: block or traversal verification,
 * §S2–§S3): the whole tree is then drafted first (each node's children with the verifier's sibling law) and
 * the verifier decides the accepted path and the token after it.
 *
 * @example
 * ```ts
 * const walk = createTreeWalk(V8Float, fullTree(2, 3), 'spechub'); // V8 (§S6.1) in floats
 * walk.step(3, new SamplingChooser(createRng(1))); // {emitted: [...], state: the last emitted token}
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import type { PreparedDraws } from '../draws/draftScheme.ts';
import type { PreparedVerifier } from '../verifiers/verifier.ts';
import type { Language } from './language.ts';
import type { TokenTree } from './tokenTree.ts';
import { type Method, nodeMethod, resolveTreeMethods, type TreeMethod } from './nodeMethod.ts';
import { type DraftedTree, isSequenceVerifier, type SequenceVerifier } from './sequenceVerifier.ts';
import { walkTokenTree, type WalkableTree } from './walkTokenTree.ts';

export interface TreeWalkOptions {
  /** `lazy` (default): draft a node's children when the walk reaches it; `eager`: draft the whole tree first. */
  drafting?: 'lazy' | 'eager';
  /** Most prepared (state, node-method) entries kept (default: about 4·10^6 / n, at least 64). */
  cacheEntries?: number;
}

export interface StepResult {
  /** Tokens emitted in this step (accepted drafts, then the residual or bonus token). */
  emitted: number[];
  /** State of the language after the emitted tokens. */
  state: number;
}

export interface TreeWalk<T> {
  readonly language: Language<T>;
  readonly tree: TokenTree;
  /** One target call from `state`. */
  step(state: number, chooser: Chooser<T>): StepResult;
}

interface PreparedNode<T> {
  draws: PreparedDraws<T>;
  verifier: PreparedVerifier<T> | null;
  methodId: string;
}

/** A token-level method (id, method, or one per node) or a sequence-level verifier. */
export type WalkMethod = TreeMethod | SequenceVerifier;

export function createTreeWalk<T>(language: Language<T>, tree: TokenTree, method: WalkMethod, options: TreeWalkOptions = {}): TreeWalk<T> {
  const F = language.field;
  const sequence = isSequenceVerifier(method) ? method : null;
  if (sequence !== null) sequence.checkTree(tree);
  const perNode = sequence !== null ? resolveTreeMethods(tree, sequence.drafting) : resolveTreeMethods(tree, method as TreeMethod);
  const methodIndex = new Map<Method, number>();
  const nodeKey = perNode.map((m) => {
    if (!methodIndex.has(m)) methodIndex.set(m, methodIndex.size);
    return methodIndex.get(m)!;
  });
  const limit = Math.max(64, options.cacheEntries ?? Math.floor(4e6 / language.vocabularySize));
  const prepared = new Map<string, PreparedNode<T>>();
  const bonus = new Map<number, Categorical<T>>();

  const prepare = (v: number, state: number): PreparedNode<T> => {
    const children = tree.children[v]!.length;
    const key = `${nodeKey[v]}|${children}|${language.lawKey(state)}`;
    let node = prepared.get(key);
    if (node === undefined) {
      const p = language.target(state);
      const q = language.draft(state);
      const chosen = nodeMethod(F, perNode[v]!, q, children);
      node = {
        draws: chosen.method.scheme.prepare(F, q, chosen.k),
        verifier: sequence === null ? chosen.method.verifier.prepare(F, p, q, chosen.k) : null,
        methodId: perNode[v]!.id,
      };
      if (prepared.size >= limit) prepared.clear();
      prepared.set(key, node);
    }
    return node;
  };
  const bonusLaw = (state: number): Categorical<T> => {
    const key = language.lawKey(state);
    let law = bonus.get(key);
    if (law === undefined) {
      law = Categorical.create(F, language.target(state));
      if (bonus.size >= limit) bonus.clear();
      bonus.set(key, law);
    }
    return law;
  };
  const nodes = tree.parents.length;
  const eager = sequence !== null || options.drafting === 'eager';

  return {
    language,
    tree,
    step(start, chooser) {
      const stateOf = new Array<number>(nodes);
      const tokenOf = new Array<number>(nodes);
      const drafted: Array<readonly number[] | undefined> = new Array(nodes);
      stateOf[0] = start;
      const draftChildren = (v: number): readonly number[] => {
        const kids = tree.children[v]!;
        if (kids.length === 0) return (drafted[v] = kids);
        const drafts = prepare(v, stateOf[v]!).draws.draw(chooser);
        const out = kids.slice(0, drafts.length);
        drafts.forEach((x, j) => {
          tokenOf[kids[j]!] = x;
          stateOf[kids[j]!] = language.next(stateOf[v]!, x);
        });
        return (drafted[v] = out);
      };
      const draftSubtree = (v: number): void => {
        for (const c of draftChildren(v)) draftSubtree(c);
      };
      if (eager) draftSubtree(0);

      if (sequence !== null) {
        const view: DraftedTree<T> = {
          field: F,
          children: (v) => drafted[v] ?? [],
          token: (v) => tokenOf[v]!,
          target: (v) => language.target(stateOf[v]!),
          draft: (v) => language.draft(stateOf[v]!),
        };
        const { path, token } = sequence.verify(view, chooser);
        const last = path.length === 0 ? 0 : path[path.length - 1]!;
        return { emitted: [...path.map((v) => tokenOf[v]!), token], state: language.next(stateOf[last]!, token) };
      }
      const view: WalkableTree<T> = {
        draftedChildren: (v) => drafted[v] ?? draftChildren(v),
        token: (v) => tokenOf[v]!,
        verifier: (v) => {
          const node = prepare(v, stateOf[v]!);
          return { verifier: node.verifier!, methodId: node.methodId };
        },
        bonusLaw: (v) => bonusLaw(stateOf[v]!),
      };
      const { emitted, path } = walkTokenTree(view, chooser);
      const last = path.length === 0 ? 0 : path[path.length - 1]!;
      return { emitted, state: language.next(stateOf[last]!, emitted[emitted.length - 1]!) };
    },
  };
}
