/**
 * The law Π of a draft tree's path set (§S4.1): paths(T) = the set of root paths of the drafted tree,
 * a prefix-closed set of token sequences. Only Π matters for the tree-level optimum (sibling order, duplicates
 * and node identities do not). Computed exactly by a recursion over the tree shape on a Markov chain: a node's
 * path set is the union over its drafted children x of {x} ∪ x·(the child's path set); children are drafted
 * sequentially with NEXT(κ, q, D) (§S0.2) and their subtrees independently given their tokens, with the
 * toolkit's drafting rule (`nodeMethod`: a node drafts as many children as its draft support allows).
 *
 * Returns the union U of the supports (all paths that can be drafted; sorted by length, then
 * lexicographically) and the distinct path sets with their probabilities. A `TOO_LARGE` error says how many
 * path sets were reached when the count passes `maxPathSets`.
 *
 * @example
 * ```ts
 * const law = pathSetLaw(V8, fullTree(2, 3), 'hub', 3); // V8: §S6.1
 * law.sets.length; // 27
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { nextSiblingLaw, type SiblingLaw } from './siblingLaw.ts';

export interface PathSetLaw<T> {
  /** U: every path that occurs in some path set, shortest first (token arrays). */
  paths: number[][];
  /** Distinct path sets: indices into `paths`, ascending, and probabilities (summing to 1). */
  sets: Array<{ members: number[]; probability: T }>;
  /** Tree depth D. */
  depth: number;
}

export interface PathSetLawOptions {
  /** Most distinct (partial) path sets held at any node before `TOO_LARGE` (default 200,000). */
  maxPathSets?: number;
}

type SetLaw<T> = Map<string, { paths: string[]; probability: T }>;

export function pathSetLaw<T>(chain: MarkovChain<T>, tree: TokenTree, kappa: SiblingLaw, start: number, options: PathSetLawOptions = {}): PathSetLaw<T> {
  const F = chain.field;
  const n = chain.vocabularySize;
  if (!Number.isInteger(start) || start < 0 || start >= n) throw new SpechubError('INVALID_ARGUMENT', `start token ${start} is not in 0..${n - 1}`);
  if (kappa === 'hub' && tree.maxBranching > 2) throw new SpechubError('UNSUPPORTED_K', `hub-pair siblings are defined for at most 2 children per node; the tree has a node with ${tree.maxBranching}`);
  const limit = options.maxPathSets ?? 200_000;
  const signature = new Array<string>(tree.parents.length);
  for (let v = tree.parents.length - 1; v >= 0; v--) signature[v] = `(${tree.children[v]!.map((c) => signature[c]).join('')})`;
  const memo = new Map<string, SetLaw<T>>();
  const tooLarge = (count: number): never => {
    throw new SpechubError('TOO_LARGE', `the path-set law of this tree has more than ${limit.toLocaleString('en-US')} distinct (partial) path sets (reached ${count.toLocaleString('en-US')} with n = ${n}, ${tree.draftTokens} drafts, ${kappa} siblings); use a smaller tree or vocabulary`);
  };

  const lawAt = (x: number, v: number): SetLaw<T> => {
    const key = `${signature[v]}|${x}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const q = chain.draft(x);
    const kids = tree.children[v]!;
    // State: tokens drafted so far (for NEXT) and the accumulated path set.
    type State = { drafted: number[]; paths: string[]; probability: T };
    let states = new Map<string, State>([['|', { drafted: [], paths: [], probability: F.one }]]);
    const done: State[] = [];
    for (let j = 0; j < kids.length && states.size > 0; j++) {
      const next = new Map<string, State>();
      for (const st of states.values()) {
        const R = nextSiblingLaw(F, kappa, q, st.drafted);
        if (R === null) {
          done.push(st);
          continue;
        }
        for (let y = 0; y < n; y++) {
          if (!F.isPositive(R[y]!)) continue;
          const sub = lawAt(y, kids[j]!);
          for (const child of sub.values()) {
            const merged = new Set(st.paths);
            merged.add(String(y));
            for (const e of child.paths) merged.add(`${y},${e}`);
            const paths = [...merged].sort();
            const drafted = [...st.drafted, y];
            const dKey = kappa === 'iid' ? '' : kappa === 'wor' ? [...drafted].sort((a, b) => a - b).join(',') : drafted.join(',');
            const k = `${dKey}|${paths.join(' ')}`;
            const w = F.mul(st.probability, F.mul(R[y]!, child.probability));
            const seen = next.get(k);
            if (seen === undefined) next.set(k, { drafted, paths, probability: w });
            else seen.probability = F.add(seen.probability, w);
          }
        }
        if (next.size > limit) tooLarge(next.size);
      }
      states = next;
    }
    done.push(...states.values());
    const out: SetLaw<T> = new Map();
    for (const st of done) {
      const k = st.paths.join(' ');
      const seen = out.get(k);
      if (seen === undefined) out.set(k, { paths: st.paths, probability: st.probability });
      else seen.probability = F.add(seen.probability, st.probability);
    }
    memo.set(key, out);
    return out;
  };

  const root = lawAt(start, 0);
  const all = new Set<string>();
  for (const s of root.values()) for (const p of s.paths) all.add(p);
  const paths = [...all].map((p) => p.split(',').map(Number)).sort((a, b) => a.length - b.length || compareLex(a, b));
  const index = new Map(paths.map((p, i) => [p.join(','), i]));
  const sets = [...root.values()].map((s) => ({ members: s.paths.map((p) => index.get(p)!).sort((a, b) => a - b), probability: s.probability }));
  return { paths, sets, depth: tree.depth };
}

function compareLex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
