/**
 * Exact expected tokens per target call for a Markov-chain language (spec §5.3), by the recursion over the
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
 * const r = expectedTokensPerStep(chain, fullTree(2, 4), 'spechub', { start: 0 });
 * r.value.toString(); // e.g. '2173/1000' in rationals
 * ```
 */
import { validateInField } from '../core/distribution.ts';
import { InvalidDistributionError, SpechubError } from '../core/errors.ts';
import type { Vec } from '../core/field.ts';
import { acceptedProfileUnchecked, type ProfileSource } from '../analysis/acceptedProfile.ts';
import type { MarkovChain } from './language.ts';
import type { TokenTree } from './tokenTree.ts';
import { type MethodLike, nodeMethod, resolveTreeMethods, type TreeMethod } from './nodeMethod.ts';

export interface TokensPerStepOptions<T> {
  /** Start token x_0 (default 0), or a start distribution π_0 (value = Σ_x π_0(x) N(root, x)). */
  start?: number | ArrayLike<T>;
  /** Cap on enumerated outcomes per row for methods without a closed form. */
  maxOutcomes?: number;
  /**
   * Profiles computed by an earlier call on the same chain, reused (e.g. one object per chain across trees):
   * pass `new Map()` and keep passing it.
   */
  profileCache?: ProfileCache<T>;
}

/** Per-row profiles of a chain, by method and number of children (opaque; see `profileCache`). */
export type ProfileCache<T> = Map<MethodLike, Map<number, { rows: RowProfile<T>[]; exact: boolean; sources: ProfileSource[] }>>;

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
  const methodIds = new Map<MethodLike, number>();
  const profilesFor = (m: MethodLike, children: number): RowProfile<T>[] => {
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
        const profile = acceptedProfileUnchecked(F, chosen.method, p, q, chosen.k, { maxOutcomes: options.maxOutcomes });
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

  // Bottom-up over nodes (children have larger ids), sharing the values of identical subtrees.
  const signature: string[] = new Array(tree.parents.length);
  const values = new Map<string, Vec<T>>();
  const ones = F.zeros(n);
  for (let x = 0; x < n; x++) ones[x] = F.one;
  values.set('L', ones);
  for (let v = tree.parents.length - 1; v >= 0; v--) {
    const kids = tree.children[v]!;
    if (kids.length === 0) {
      signature[v] = 'L';
      continue;
    }
    const m = perNode[v]!;
    if (!methodIds.has(m)) methodIds.set(m, methodIds.size);
    const sig = `${methodIds.get(m)}(${kids.map((c) => signature[c]).join(',')})`;
    signature[v] = sig;
    if (values.has(sig)) continue;
    const table = profilesFor(m, kids.length);
    const childValues = kids.map((c) => values.get(signature[c]!)!);
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
    values.set(sig, out);
  }
  const byStart = values.get(signature[0]!)!;
  let value: T;
  if (startLaw === null) value = byStart[start as number]!;
  else {
    value = F.zero;
    for (let x = 0; x < n; x++) if (F.isPositive(startLaw[x]!)) value = F.add(value, F.mul(startLaw[x]!, byStart[x]!));
  }
  return { byStart, value, exact, sources: [...sources] };
}
