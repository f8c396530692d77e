/**
 * Exact expected tokens per target call for a Markov-chain language (§5.3), by the recursion over the
 * tree with **per-position** profiles A_{x,j}(y) = P(Y = y, accepted as child j | last token x):
 *
 *   N(leaf, x) = 1,    N(v, x) = 1 + Σ_j Σ_y A_{x,j}(y) · N(child_j(v), y),    tokens per step = N(root, x_0).
 *
 * Per-position profiles make it right for any shape (non-full trees, Sequoia budgets, per-node methods) and for
 * SpecHub's asymmetric children. The profiles come from `acceptedProfile` (closed forms, O(n)–O(n log n) per
 * row; exact prefix sums or enumeration where no closed form exists), so the cost is O(n · profile) + O(s · n²)
 * with s the number of distinct subtrees (a full tree has one per level). Rationals give the exact value;
 * float64 handles n in the thousands.
 *
 * @example
 * ```ts
 * const r = expectedTokensPerStep(V1, fullTree(2, 3), 'rrs', { start: 0 }); // V1: the spec's chain (§S6.1)
 * r.value.toString(); // '193/81' (§S6.2)
 * ```
 */
import { validateInField } from '../core/distribution.ts';
import { InvalidDistributionError, SpechubError } from '../core/errors.ts';
import type { Vec } from '../core/field.ts';
import { acceptedProfileUnchecked, type ProfileSource } from '../analysis/acceptedProfile.ts';
import type { MarkovChain } from './language.ts';
import type { TokenTree } from './tokenTree.ts';
import { type Method, nodeMethod, resolveTreeMethods, type TreeMethod } from './nodeMethod.ts';

export interface TokensPerStepOptions<T> {
  /** Start token x_0 (default 0), or a start distribution π_0 (value = Σ_x π_0(x) N(root, x)). */
  start?: number | ArrayLike<T>;
  /**
   * Cap on enumerated outcomes per row for methods without a closed form (default
   * {@link MAX_ENUMERATED_OUTCOMES} / number of rows); beyond it `TOO_LARGE` names Monte Carlo.
   */
  maxOutcomes?: number;
  /**
   * Profiles computed by an earlier call on the same chain, reused (e.g. one object per chain across trees):
   * pass `new Map()` and keep passing it.
   */
  profileCache?: ProfileCache<T>;
  /**
   * Size guard: most field operations allowed (default {@link MAX_EXACT_TREE_OPERATIONS} in float64,
   * {@link MAX_EXACT_TREE_OPERATIONS_RATIONAL} in rationals). Beyond it the call throws `TOO_LARGE` before
   * computing anything, naming the routes that work (float64, Monte Carlo).
   */
  maxOperations?: number;
}

/** Default size guard in float64: about a minute of work on a slow machine. */
export const MAX_EXACT_TREE_OPERATIONS = 3e9;
/** Default size guard in rationals (each operation costs far more, and fractions grow with the depth). */
export const MAX_EXACT_TREE_OPERATIONS_RATIONAL = 2e7;
/**
 * Default budget of enumerated outcomes over all rows of a chain, for methods without a closed-form profile
 * (e.g. otm, khisti): each row may enumerate at most this divided by the number of rows.
 */
export const MAX_ENUMERATED_OUTCOMES = 2e6;
/** Deepest tree analysed in rationals by default: the exact fractions grow by a few digits per level. */
export const MAX_EXACT_TREE_DEPTH_RATIONAL = 1024;

/** Per-row profiles of a chain, by method and number of children (opaque; see `profileCache`). */
export type ProfileCache<T> = Map<Method, Map<number, { rows: RowProfile<T>[]; exact: boolean; sources: ProfileSource[] }>>;

export interface TokensPerStep<T> {
  /** N(root, x) for every start token x. */
  byStart: Vec<T>;
  /** Tokens per step at the requested start. */
  value: T;
  /** False when a profile could not be held exactly in the field (K-SEQ with irrational ρ* in rationals). */
  exact: boolean;
  /** How the profiles were obtained. */
  sources: ProfileSource[];
}

interface RowProfile<T> {
  k: number;
  byPosition: Vec<T>[];
}

export function expectedTokensPerStep<T>(chain: MarkovChain<T>, tree: TokenTree, method: TreeMethod, options: TokensPerStepOptions<T> = {}): TokensPerStep<T> {
  const F = chain.field;
  const n = chain.vocabularySize;
  const perNode = resolveTreeMethods(tree, method);
  const start = options.start ?? 0;
  let startLaw: ArrayLike<T> | null = null;
  if (typeof start === 'number') {
    if (!Number.isInteger(start) || start < 0 || start >= n) throw new SpechubError('INVALID_ARGUMENT', `start token ${start} is not in 0..${n - 1}`);
  } else {
    if (start.length !== n) throw new InvalidDistributionError('LENGTH_MISMATCH', `the start distribution has ${start.length} entries, the chain ${n}`);
    startLaw = validateInField(F, start, 'start distribution');
  }

  let exact = true;
  const sources = new Set<ProfileSource>();
  const cache: ProfileCache<T> = options.profileCache ?? new Map();
  const methodIds = new Map<Method, number>();
  const profilesFor = (m: Method, children: number): RowProfile<T>[] => {
    let byChildren = cache.get(m);
    if (byChildren === undefined) {
      byChildren = new Map();
      cache.set(m, byChildren);
    }
    let entry = byChildren.get(children);
    if (entry === undefined) {
      const rows = new Array<RowProfile<T>>(n);
      let allExact = true;
      const used = new Set<ProfileSource>();
      for (let x = 0; x < n; x++) {
        const p = chain.target(x);
        const q = chain.draft(x);
        const chosen = nodeMethod(F, m, q, children);
        let profile;
        try {
          profile = acceptedProfileUnchecked(F, chosen.method, p, q, chosen.k, { maxOutcomes: options.maxOutcomes ?? Math.max(1, Math.floor(MAX_ENUMERATED_OUTCOMES / n)) });
        } catch (e) {
          if (!(e instanceof SpechubError) || e.code !== 'TOO_LARGE') throw e;
          throw new SpechubError('TOO_LARGE', `exact tokens per step with '${chosen.method.id}' at nodes with ${children} children enumerates the branches of every one of the ${n} rows (no closed form), above the budget of ${options.maxOutcomes ?? Math.max(1, Math.floor(MAX_ENUMERATED_OUTCOMES / n))} outcomes per row; estimate it by Monte Carlo (simulate --steps N) or use fewer tokens`);
        }
        allExact &&= profile.exact;
        used.add(profile.source);
        rows[x] = { k: chosen.k, byPosition: profile.byPosition };
      }
      entry = { rows, exact: allExact, sources: [...used] };
      byChildren.set(children, entry);
    }
    exact &&= entry.exact;
    for (const s of entry.sources) sources.add(s);
    return entry.rows;
  };

  // Plan: intern every subtree's signature (method id and the children's ids) to a small integer, bottom-up
  // (children have larger ids), so that identical subtrees are computed once and deep trees cost O(nodes).
  const signature = new Int32Array(tree.parents.length);
  const ids = new Map<string, number>([['L', 0]]);
  const distinct: number[] = []; // one representative node per distinct internal subtree, bottom-up
  for (let v = tree.parents.length - 1; v >= 0; v--) {
    const kids = tree.children[v]!;
    if (kids.length === 0) continue; // signature 0: a leaf
    const m = perNode[v]!;
    if (!methodIds.has(m)) methodIds.set(m, methodIds.size);
    const key = `${methodIds.get(m)}(${kids.map((c) => signature[c]).join(',')})`;
    const known = ids.get(key);
    if (known !== undefined) {
      signature[v] = known;
      continue;
    }
    signature[v] = ids.size;
    ids.set(key, ids.size);
    distinct.push(v);
  }

  // Size guard, before any work: the recursion costs Σ (children · n²) over distinct subtrees, the profiles
  // about n² per (method, children) pair.
  const rational = F.name !== 'float64';
  const pairs = new Set(distinct.map((v) => `${methodIds.get(perNode[v]!)}/${tree.children[v]!.length}`));
  const operations = distinct.reduce((sum, v) => sum + tree.children[v]!.length * n * n, 0) + pairs.size * n * n;
  const limit = options.maxOperations ?? (rational ? MAX_EXACT_TREE_OPERATIONS_RATIONAL : MAX_EXACT_TREE_OPERATIONS);
  const routes = rational ? 'analyse it in float64 (simulate --float) or by Monte Carlo (simulate --steps N)' : 'estimate it by Monte Carlo (simulate --steps N, sweep --no-exact) or use a smaller tree or vocabulary';
  if (operations > limit) {
    throw new SpechubError('TOO_LARGE', `the exact tokens per step of a tree with ${distinct.length} distinct subtrees over ${n} tokens needs about ${operations.toExponential(1)} ${rational ? 'rational' : 'float64'} operations, above the limit ${limit.toExponential(1)}; ${routes}`);
  }
  if (rational && options.maxOperations === undefined && tree.depth > MAX_EXACT_TREE_DEPTH_RATIONAL) {
    throw new SpechubError('TOO_LARGE', `exact rationals on a tree of depth ${tree.depth} (limit ${MAX_EXACT_TREE_DEPTH_RATIONAL}) carry fractions that grow with every level; ${routes}`);
  }

  // Bottom-up over the distinct subtrees.
  const values: Vec<T>[] = [];
  const ones = F.zeros(n);
  for (let x = 0; x < n; x++) ones[x] = F.one;
  values.push(ones);
  for (const v of distinct) {
    const kids = tree.children[v]!;
    const m = perNode[v]!;
    const table = profilesFor(m, kids.length);
    const childValues = kids.map((c) => values[signature[c]!]!);
    const out = F.zeros(n);
    for (let x = 0; x < n; x++) {
      const { k, byPosition } = table[x]!;
      let total = F.one;
      for (let j = 0; j < k; j++) {
        const row = byPosition[j]!;
        const below = childValues[j]!;
        for (let y = 0; y < n; y++) {
          const a = row[y]!;
          if (F.isPositive(a)) total = F.add(total, F.mul(a, below[y]!));
        }
      }
      out[x] = total;
    }
    values.push(out);
  }
  const byStart = values[signature[0]!]!;
  let value: T;
  if (startLaw === null) value = byStart[start as number]!;
  else {
    value = F.zero;
    for (let x = 0; x < n; x++) if (F.isPositive(startLaw[x]!)) value = F.add(value, F.mul(startLaw[x]!, byStart[x]!));
  }
  return { byStart, value, exact, sources: [...sources] };
}
