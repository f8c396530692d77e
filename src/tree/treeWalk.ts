/**
 * The tree walk of spec §5.1, written once as a probabilistic program over a {@link Chooser}: sampled with a
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
 * draft law has fewer tokens than the scheme needs draft fewer children (see `nodeMethod`).
 *
 * @example
 * ```ts
 * const walk = createTreeWalk(chain, fullTree(2, 3), 'spechub');
 * walk.step(0, new SamplingChooser(createRng(1))); // {emitted: [2, 0, 1], state: 1}
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import type { PreparedDraws } from '../draws/draftScheme.ts';
import type { PreparedVerifier } from '../verifiers/verifier.ts';
import type { Language } from './language.ts';
import type { TokenTree } from './tokenTree.ts';
import { type MethodLike, nodeMethod } from '../methods.ts';
import { resolveTreeMethods, type TreeMethod } from './_internals/nodeMethods.ts';

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
  verifier: PreparedVerifier<T>;
}

export function createTreeWalk<T>(language: Language<T>, tree: TokenTree, method: TreeMethod, options: TreeWalkOptions = {}): TreeWalk<T> {
  const F = language.field;
  const perNode = resolveTreeMethods(tree, method);
  const methodIndex = new Map<MethodLike, number>();
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
      node = { draws: chosen.method.scheme.prepare(F, q, chosen.k), verifier: chosen.method.verifier.prepare(F, p, q, chosen.k) };
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
  const draftSubtree = (v: number, state: number, chooser: Chooser<T>, drafted: Array<number[] | undefined>): void => {
    const kids = tree.children[v]!;
    if (kids.length === 0) return;
    const drafts = prepare(v, state).draws.draw(chooser);
    drafted[v] = drafts;
    for (let j = 0; j < drafts.length; j++) draftSubtree(kids[j]!, language.next(state, drafts[j]!), chooser, drafted);
  };
  const eager = options.drafting === 'eager';

  return {
    language,
    tree,
    step(start, chooser) {
      const emitted: number[] = [];
      let drafted: Array<number[] | undefined> | null = null;
      if (eager) {
        drafted = new Array(tree.parents.length);
        draftSubtree(0, start, chooser, drafted);
      }
      let v = 0;
      let state = start;
      for (;;) {
        const kids = tree.children[v]!;
        if (kids.length === 0) {
          const y = chooser.categorical(bonusLaw(state));
          emitted.push(y);
          return { emitted, state: language.next(state, y) };
        }
        const node = prepare(v, state);
        const drafts = drafted !== null ? drafted[v]! : node.draws.draw(chooser);
        const { token, acceptedIndex } = node.verifier.verify(drafts, chooser);
        emitted.push(token);
        state = language.next(state, token);
        if (acceptedIndex === null) return { emitted, state };
        if (drafts[acceptedIndex] !== token) {
          throw new SpechubError('INVALID_ARGUMENT', `verifier '${perNode[v]!.id}' accepted index ${acceptedIndex} with token ${token}, but that draft is ${drafts[acceptedIndex]}`);
        }
        v = kids[acceptedIndex]!;
      }
    },
  };
}
