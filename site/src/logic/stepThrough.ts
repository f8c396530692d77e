/**
 * Step-through of one verifier on one draft tuple (§2): the algorithm's lines in order, with the vectors
 * after each line (residuals, leftovers), the accept probability of each test and the probability of reaching
 * it, along the branch on which every test that can reject does reject; the walk ends in the output law of the
 * tuple, P(Y = y | x̄), which includes the accept branches.
 *
 * Where the numbers come from:
 * - the intermediate vectors are the spec's formulas (§2.1–§2.8) evaluated with the library's `Field` (exact
 *   fractions in `rationalField`);
 * - the accept probabilities and the final residual law are checked against the library's **own verifier**:
 *   it is run on the same drafts with a recording {@link Chooser} that takes the reject branch of every test, and
 *   every probability it passed to `bernoulli` and the law it drew from must equal the ones shown
 *   (`libraryCheck`);
 * - the output law of the tuple is the branch enumeration of the library's verifier (`enumerateOutcomes`, §3.2),
 *   and Q(x̄) comes from the draft scheme's own program ({@link tupleProbability}).
 */
import type { Categorical } from '../../../src/core/categorical.ts';
import { type Chooser, enumerateOutcomes } from '../../../src/core/chooser.ts';
import { argmax } from '../../../src/core/distribution.ts';
import { SpechubError } from '../../../src/core/errors.ts';
import type { Field } from '../../../src/core/field.ts';
import type { DraftSchemeId } from '../../../src/draws/draftScheme.ts';
import { getMethod } from '../../../src/methods.ts';
import { kseqBeta, kseqRho } from '../../../src/verifiers/kseq.ts';
import type { Verifier } from '../../../src/verifiers/verifier.ts';
import { tupleProbability } from './tupleProbability.ts';

export type VectorKind = 'target' | 'draft' | 'residual' | 'leftover' | 'law';

export interface VectorView<T> {
  name: string;
  values: T[];
  kind: VectorKind;
}

export interface TestView<T> {
  /** 0-based position of the tested draft. */
  position: number;
  token: number;
  numerator: T;
  denominator: T;
  /** min(1, numerator/denominator); with a zero denominator, 1 if the numerator is positive else 0. */
  probability: T;
  /** Probability of reaching this test given the drafts. */
  reach: T;
  /** The ratio as the spec writes it, e.g. `P(x₂)/q(x₂)`. */
  formula: string;
}

export interface Frame<T> {
  /** Index of the highlighted pseudo-code line. */
  line: number;
  /** What the line does on this branch. */
  text: string;
  vectors: VectorView<T>[];
  /** Tokens to mark in the bars (the draft being tested, the hub). */
  marks: number[];
  scalars: Array<{ name: string; value: T }>;
  test: TestView<T> | null;
  /** false when the line is not executed on this branch (e.g. SpecHub's tests for the other pair type). */
  taken: boolean;
  end: null | { kind: 'accepted'; token: number; position: number } | { kind: 'residual'; law: T[] };
}

export interface BranchLaw<T> {
  /** P(Y = y, accepted as a draft | x̄). */
  accepted: T[];
  /** P(Y = y, emitted by the residual draw | x̄). */
  residual: T[];
  /** P(Y = y | x̄). */
  total: T[];
}

export interface Walkthrough<T> {
  method: string;
  k: number;
  drafts: number[];
  /** Q(x̄) under the method's draft scheme. */
  draftProbability: T;
  scheme: DraftSchemeId;
  code: string[];
  frames: Frame<T>[];
  branchLaw: BranchLaw<T>;
  libraryCheck: { ok: boolean; detail: string };
}

// ---------------------------------------------------------------------------------------------------------
// Small vector helpers in a field.

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function normOrNull<T>(F: Field<T>, v: readonly T[]): T[] | null {
  let s = F.zero;
  for (const x of v) s = F.add(s, x);
  if (!F.isPositive(s)) return null;
  return v.map((x) => F.div(x, s));
}

function posDiff<T>(F: Field<T>, a: readonly T[], b: readonly T[]): T[] {
  return a.map((x, i) => F.positiveDifference(x, b[i]!));
}

const SUB = ['₁', '₂', '₃', '₄', '₅'];

// ---------------------------------------------------------------------------------------------------------
// Frame builder: keeps the reach probability and the recorded tests.

class Builder<T> {
  readonly frames: Frame<T>[] = [];
  reach: T;
  ended = false;
  constructor(readonly F: Field<T>) {
    this.reach = F.one;
  }
  add(frame: Partial<Frame<T>> & { line: number; text: string }): void {
    this.frames.push({ vectors: [], marks: [], scalars: [], test: null, taken: true, end: null, ...frame });
  }
  /** A test frame; returns true when the test accepts surely (the branch ends there). */
  test(line: number, text: string, position: number, token: number, numerator: T, denominator: T, formula: string, vectors: VectorView<T>[], marks: number[] = [token], scalars: Array<{ name: string; value: T }> = []): boolean {
    const F = this.F;
    const probability = F.isZero(denominator)
      ? F.isPositive(numerator) ? F.one : F.zero
      : F.min(F.one, F.max(F.zero, F.div(numerator, denominator)));
    const sure = F.le(F.one, probability);
    this.add({
      line,
      text,
      vectors,
      marks,
      scalars,
      test: { position, token, numerator, denominator, probability, reach: this.reach, formula },
      end: sure ? { kind: 'accepted', token, position } : null,
    });
    this.reach = F.mul(this.reach, F.sub(F.one, probability));
    if (sure) this.ended = true;
    return sure;
  }
  skip(line: number, text: string): void {
    this.add({ line, text, taken: false });
  }
  residual(line: number, text: string, weights: readonly T[], vectors: VectorView<T>[], fallback: readonly T[]): void {
    const law = normOrNull(this.F, weights) ?? [...fallback];
    this.add({ line, text, vectors: [...vectors, { name: 'output law of the residual draw', values: law, kind: 'law' }], end: { kind: 'residual', law } });
    this.ended = true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The algorithms, line by line (spec pseudo-code).

const CODE: Record<string, string[]> = {
  sd: ['draft x ~ q', 'if u < p(x)/q(x): return (x, 1)', 'return y ~ norm((p − q)⁺)'],
  rrs: ['P ← p', 'for i = 1..k:', '    if uᵢ < P(xᵢ)/q(xᵢ): return (xᵢ, i)', '    P ← norm((P − q)⁺)   # q itself is never modified', 'return y ~ P'],
  rrsw: ['P ← p ; R ← q', 'for i = 1..k:', '    if uᵢ < P(xᵢ)/R(xᵢ): return (xᵢ, i)', '    P ← norm((P − R)⁺)   # R = qᵢ before removing xᵢ', '    R(xᵢ) ← 0 ; R ← norm(R)   # qᵢ₊₁', 'return y ~ P'],
  kseq: ['ρ ← ρ* ; β ← Σ min(q, p/ρ) ; α ← 1 − (1 − β)ᵏ', 'for i = 1..k:', '    if uᵢ < p(xᵢ)/(ρ·q(xᵢ)): return (xᵢ, i)', 'return y ~ norm(p − (α/β)·min(q, p/ρ))'],
  spechub: [
    'Qai(j) ← q(a)·q(j)/(1 − q(a))',
    'if t1 = a: if p(i) > r0·q(i): return (i, child 0)   # pair (i, a), i = t0',
    'P1(j) ← (p(j) − q(j))⁺ ; Cia(j) ← (q(j) − p(j))⁺',
    'if t0 = a: if P1(i) > r1·Qai(i): return (i, child 1)   # pair (a, i), i = t1',
    'P2(j) ← (P1(j) − Qai(j))⁺ ; Cai(j) ← (Qai(j) − P1(j))⁺ ; S_ai ← Σ Cai ; S_ia ← Σ Cia',
    'if t0 = a: if p(a) > r0·S_ai: return (a, child 0)',
    'P1(a) ← (p(a) − S_ai)⁺',
    'if t1 = a: if P1(a) > r1·S_ia: return (a, child 1)',
    'P2(a) ← (P1(a) − S_ia)⁺',
    'return y ~ norm(P2)   # ⊥',
  ],
  greedy: ["T ← the k−1 most probable draft tokens ; q'_T ← q off T, renormalised", "drafts: T in order, then X ~ q'_T", "if u < p(X)/q'_T(X): return (X, k)", "w ← p on T, (p − q'_T)⁺ off T", 'y ~ norm(w): an accepted draft if y ∈ T, else ⊥'],
  'greedy-q': ['T ← the k−1 most probable draft tokens', 'drafts: T in order, then X ~ q', 'if X ∉ T and u < p(X)/q(X): return (X, k)', 'w ← p on T, (p − q)⁺ off T', 'y ~ norm(w): an accepted draft if y ∈ T, else ⊥'],
};

/** The pseudo-code of a method (§2). */
export function codeOf(methodId: string): string[] {
  const code = CODE[methodId];
  if (code === undefined) throw new SpechubError('UNKNOWN_METHOD', `no step-through for '${methodId}'`);
  return code;
}

/** Methods with a step-through. */
export const STEPPABLE: readonly string[] = Object.keys(CODE);

/** The number of drafts a method uses in the playground for a requested k (SD 1, SpecHub 2). */
export function stepK(methodId: string, k: number): number {
  if (methodId === 'sd') return 1;
  if (methodId === 'spechub') return 2;
  return k;
}

/** Top m tokens of q by decreasing value, ties by lowest index (§0.2, T). */
function topTokens<T>(F: Field<T>, q: readonly T[], m: number): number[] {
  return range(q.length)
    .sort((a, b) => -F.compare(q[a]!, q[b]!) || a - b)
    .slice(0, Math.max(0, m));
}

function framesSd<T>(F: Field<T>, b: Builder<T>, p: T[], q: T[], drafts: number[]): void {
  const x = drafts[0]!;
  b.add({ line: 0, text: `The draft is x = token ${x}.`, vectors: [vec('p', p, 'target'), vec('q', q, 'draft')], marks: [x] });
  if (b.test(1, 'Accept the draft with probability min(1, p(x)/q(x)).', 0, x, p[x]!, q[x]!, 'p(x)/q(x)', [vec('p', p, 'target'), vec('q', q, 'draft')])) return;
  const r = posDiff(F, p, q);
  b.residual(2, 'Rejected: draw from the normalised residual (p − q)⁺.', r, [vec('(p − q)⁺', r, 'residual')], p);
}

function vec<T>(name: string, values: readonly T[], kind: VectorKind): VectorView<T> {
  return { name, values: [...values], kind };
}

function framesRrs<T>(F: Field<T>, b: Builder<T>, p: T[], q: T[], drafts: number[]): void {
  let P: T[] = p;
  b.add({ line: 0, text: 'Start with the residual P = p.', vectors: [vec('P₁ = p', P, 'target'), vec('q', q, 'draft')] });
  for (let i = 0; i < drafts.length; i++) {
    const x = drafts[i]!;
    const s = SUB[i]!;
    b.add({ line: 1, text: `Draft ${i + 1}: x${s} = token ${x}.`, marks: [x], vectors: [vec(`P${s}`, P, 'residual'), vec('q', q, 'draft')] });
    if (b.test(2, `Accept x${s} with probability min(1, P${s}(x${s})/q(x${s})).`, i, x, P[x]!, q[x]!, `P${s}(x${s})/q(x${s})`, [vec(`P${s}`, P, 'residual'), vec('q', q, 'draft')])) return;
    const next = normOrNull(F, posDiff(F, P, q));
    if (next === null) {
      b.residual(3, 'The residual has no mass left (a probability-0 branch): the library falls back to p.', p, [], p);
      return;
    }
    P = next;
    b.add({ line: 3, text: `Rejected: P${SUB[i + 1]} = norm((P${s} − q)⁺). A rejected token now has P = 0, so a duplicate of it is rejected surely.`, vectors: [vec(`P${SUB[i + 1]}`, P, 'residual'), vec('q', q, 'draft')] });
  }
  b.residual(4, 'Every draft was rejected: draw y from the last residual.', P, [vec('P', P, 'residual')], p);
}

function framesRrsw<T>(F: Field<T>, b: Builder<T>, p: T[], q: T[], drafts: number[]): void {
  let P: T[] = p;
  let R: T[] = q;
  b.add({ line: 0, text: 'Start with P = p and R = q.', vectors: [vec('P₁ = p', P, 'target'), vec('R₁ = q', R, 'draft')] });
  for (let i = 0; i < drafts.length; i++) {
    const x = drafts[i]!;
    const s = SUB[i]!;
    b.add({ line: 1, text: `Draft ${i + 1}: x${s} = token ${x} (drawn from R${s}, without the earlier drafts).`, marks: [x], vectors: [vec(`P${s}`, P, 'residual'), vec(`R${s}`, R, 'draft')] });
    if (b.test(2, `Accept x${s} with probability min(1, P${s}(x${s})/R${s}(x${s})).`, i, x, P[x]!, R[x]!, `P${s}(x${s})/R${s}(x${s})`, [vec(`P${s}`, P, 'residual'), vec(`R${s}`, R, 'draft')])) return;
    const next = normOrNull(F, posDiff(F, P, R));
    if (next === null) {
      b.residual(3, 'The residual has no mass left (a probability-0 branch): the library falls back to p.', p, [], p);
      return;
    }
    P = next;
    b.add({ line: 3, text: `Rejected: P${SUB[i + 1]} = norm((P${s} − R${s})⁺), with R${s} taken before x${s} is removed.`, vectors: [vec(`P${SUB[i + 1]}`, P, 'residual'), vec(`R${s}`, R, 'draft')] });
    const removed = R.map((r, y) => (y === x ? F.zero : r));
    R = normOrNull(F, removed) ?? removed;
    b.add({ line: 4, text: `Remove x${s} from the draft law: R${SUB[i + 1]} = q${SUB[i + 1]}.`, marks: [x], vectors: [vec(`P${SUB[i + 1]}`, P, 'residual'), vec(`R${SUB[i + 1]}`, R, 'draft')] });
  }
  b.residual(5, 'Every draft was rejected: draw y from the last residual.', P, [vec('P', P, 'residual')], p);
}

function framesKseq<T>(F: Field<T>, b: Builder<T>, p: T[], q: T[], drafts: number[], k: number): void {
  const { rho, exact } = kseqRho(F, p, q, k);
  const beta = kseqBeta(F, p, q, rho);
  let miss = F.one;
  for (let i = 0; i < k; i++) miss = F.mul(miss, F.sub(F.one, beta));
  const alpha = F.sub(F.one, miss);
  const capped = p.map((x, y) => F.min(q[y]!, F.div(x, rho)));
  b.add({
    line: 0,
    text: exact ? 'ρ* is the root of ρβ(ρ) = 1 − (1 − β(ρ))ᵏ on [1, k] (§2.4).' : 'ρ* is irrational here: the verifier uses a rational ρ̂ ≥ ρ* within 1e-15 (still exact as a verifier).',
    vectors: [vec('p', p, 'target'), vec('q', q, 'draft'), vec('min(q, p/ρ)', capped, 'leftover')],
    scalars: [{ name: exact ? 'ρ*' : 'ρ̂', value: rho }, { name: 'β', value: beta }, { name: 'α', value: alpha }],
  });
  for (let i = 0; i < drafts.length; i++) {
    const x = drafts[i]!;
    const s = SUB[i]!;
    b.add({ line: 1, text: `Draft ${i + 1}: x${s} = token ${x}. The test does not change between drafts.`, marks: [x], vectors: [vec('p', p, 'target'), vec('q', q, 'draft')] });
    if (b.test(2, `Accept x${s} with probability min(1, p(x${s})/(ρ·q(x${s}))).`, i, x, p[x]!, F.mul(rho, q[x]!), `p(x${s})/(ρ·q(x${s}))`, [vec('p', p, 'target'), vec('ρ·q', q.map((v) => F.mul(rho, v)), 'draft')])) return;
  }
  const scale = F.isPositive(beta) ? F.div(alpha, beta) : F.zero;
  const w = p.map((x, y) => F.positiveDifference(x, F.mul(scale, capped[y]!)));
  b.residual(3, 'Every draft was rejected: draw y from norm(p − (α/β)·min(q, p/ρ)).', w, [vec('p − (α/β)·min(q, p/ρ)', w, 'residual')], p);
}

function framesSpecHub<T>(F: Field<T>, b: Builder<T>, p: T[], q: T[], drafts: number[]): void {
  const n = p.length;
  const a = argmax(F, q);
  const [t0, t1] = drafts as [number, number];
  const hubScale = F.div(q[a]!, F.sub(F.one, q[a]!));
  const Qai = range(n).map((j) => (j === a ? F.zero : F.mul(hubScale, q[j]!)));
  const off = (f: (j: number) => T) => range(n).map((j) => (j === a ? F.zero : f(j)));
  b.add({ line: 0, text: `The hub is a = token ${a} (argmax q, lowest index on ties). Qai is the mass of the pairs (a, i).`, marks: [a], vectors: [vec('p', p, 'target'), vec('q', q, 'draft'), vec('Qai', Qai, 'draft')] });
  if (t1 === a) {
    if (b.test(1, `Pair (i, a) with i = t0 = token ${t0}: accept i with probability min(1, p(i)/q(i)).`, 0, t0, p[t0]!, q[t0]!, 'p(i)/q(i)', [vec('p', p, 'target'), vec('q', q, 'draft')], [t0, a])) return;
  } else b.skip(1, 't1 ≠ a: this is a pair (a, i); the test of line 1 is not run.');
  const P1 = off((j) => F.positiveDifference(p[j]!, q[j]!));
  const Cia = off((j) => F.positiveDifference(q[j]!, p[j]!));
  b.add({ line: 2, text: 'What p still needs after the pairs (i, a) took min(p, q) off the hub, and what those pairs have left over.', vectors: [vec('P1 = (p − q)⁺', P1, 'residual'), vec('Cia = (q − p)⁺', Cia, 'leftover')], marks: [a] });
  if (t0 === a) {
    if (b.test(3, `Pair (a, i) with i = t1 = token ${t1}: accept i with probability min(1, P1(i)/Qai(i)).`, 1, t1, P1[t1]!, Qai[t1]!, 'P1(i)/Qai(i)', [vec('P1', P1, 'residual'), vec('Qai', Qai, 'draft')], [t1, a])) return;
  } else b.skip(3, 't0 ≠ a: this is a pair (i, a); the test of line 3 is not run.');
  const P2 = off((j) => F.positiveDifference(P1[j]!, Qai[j]!));
  const Cai = off((j) => F.positiveDifference(Qai[j]!, P1[j]!));
  let Sai = F.zero;
  let Sia = F.zero;
  for (let j = 0; j < n; j++) {
    Sai = F.add(Sai, Cai[j]!);
    Sia = F.add(Sia, Cia[j]!);
  }
  b.add({ line: 4, text: 'Leftovers of the (a, i) pairs; S_ai and S_ia are the masses the hub can still take from each pair type.', vectors: [vec('P2 = (P1 − Qai)⁺', P2, 'residual'), vec('Cai = (Qai − P1)⁺', Cai, 'leftover')], scalars: [{ name: 'S_ai', value: Sai }, { name: 'S_ia', value: Sia }], marks: [a] });
  if (t0 === a) {
    if (b.test(5, `Accept the hub (child 0) with probability min(1, p(a)/S_ai).`, 0, a, p[a]!, Sai, 'p(a)/S_ai', [vec('p', p, 'target')], [a], [{ name: 'S_ai', value: Sai }])) return;
  } else b.skip(5, 't0 ≠ a: line 5 is not run.');
  const P1a = F.positiveDifference(p[a]!, Sai);
  b.add({ line: 6, text: 'What the hub still needs after the (a, i) pairs.', scalars: [{ name: 'P1(a)', value: P1a }], marks: [a] });
  if (t1 === a) {
    if (b.test(7, `Accept the hub (child 1) with probability min(1, P1(a)/S_ia).`, 1, a, P1a, Sia, 'P1(a)/S_ia', [], [a], [{ name: 'P1(a)', value: P1a }, { name: 'S_ia', value: Sia }])) return;
  } else b.skip(7, 't1 ≠ a: line 7 is not run.');
  const P2a = F.positiveDifference(P1a, Sia);
  const finalP2 = P2.map((x, j) => (j === a ? P2a : x));
  b.add({ line: 8, text: 'What the hub still needs after both pair types (0 in exact arithmetic: the hub is always covered, §2.6).', scalars: [{ name: 'P2(a)', value: P2a }], vectors: [vec('P2', finalP2, 'residual')], marks: [a] });
  b.residual(9, 'Both drafts rejected: draw y from norm(P2).', finalP2, [vec('P2', finalP2, 'residual')], p);
}

function framesGreedy<T>(F: Field<T>, b: Builder<T>, p: T[], q: T[], drafts: number[], k: number, renormalise: boolean): void {
  const n = p.length;
  const T_ = topTokens(F, q, k - 1);
  const inT = (y: number) => T_.includes(y);
  let qT = F.zero;
  for (const t of T_) qT = F.add(qT, q[t]!);
  const scale = renormalise ? F.sub(F.one, qT) : F.one;
  const r = range(n).map((y) => (inT(y) ? (renormalise ? F.zero : q[y]!) : F.isZero(scale) ? F.zero : F.div(q[y]!, scale)));
  const rName = renormalise ? "q'_T" : 'q';
  b.add({ line: 0, text: `T = {${T_.join(', ')}}: the ${k - 1} most probable draft token${k === 2 ? '' : 's'} (drafted deterministically).`, marks: T_, vectors: [vec('p', p, 'target'), vec(rName, r, 'draft')] });
  const x = drafts[drafts.length - 1]!;
  b.add({ line: 1, text: `The drafts are T, then the random last draft X = token ${x}.`, marks: [x], vectors: [vec('p', p, 'target'), vec(rName, r, 'draft')] });
  if (!renormalise && inT(x)) b.skip(2, 'X ∈ T: no test for the last draft (its token is already drafted).');
  else if (b.test(2, `Accept X with probability min(1, p(X)/${rName}(X)).`, drafts.length - 1, x, p[x]!, r[x]!, `p(X)/${rName}(X)`, [vec('p', p, 'target'), vec(rName, r, 'draft')])) return;
  const w = range(n).map((y) => (inT(y) ? p[y]! : F.positiveDifference(p[y]!, r[y]!)));
  b.add({ line: 3, text: `Residual weights: all of p on T, what ${rName} leaves of p elsewhere. Their total is the rejection mass, so each token of T comes out with probability exactly p.`, marks: T_, vectors: [vec('w', w, 'residual')] });
  b.residual(4, 'Draw y ~ norm(w): a draw in T is an accepted draft (the walk descends into it).', w, [vec('w', w, 'residual')], p);
}

// ---------------------------------------------------------------------------------------------------------
// The library's own verifier on the reject branch, recorded.

interface Recorded<T> {
  tests: T[];
  draw: T[] | null;
  verdict: { token: number; acceptedIndex: number | null };
}

function recordRejectBranch<T>(F: Field<T>, verifier: Verifier, p: T[], q: T[], k: number, drafts: number[]): Recorded<T> {
  const tests: T[] = [];
  let draw: T[] | null = null;
  const chooser: Chooser<T> = {
    bernoulli(probability: T): boolean {
      tests.push(probability);
      if (!F.isPositive(probability)) return false;
      return F.le(F.one, probability);
    },
    categorical(law: Categorical<T>, exclude?: readonly number[]): number {
      const weights = Array.from({ length: law.weights.length }, (_, y) => (exclude?.includes(y) ? F.zero : law.weights[y]!));
      draw = normOrNull(F, weights.map((w) => (F.isPositive(w) ? w : F.zero)));
      for (const y of law.support) if (!exclude?.includes(y)) return y;
      return law.support[0]!;
    },
  };
  const verdict = verifier.prepare(F, p, q, k).verify(drafts, chooser);
  return { tests, draw, verdict };
}

function close<T>(F: Field<T>, a: T, b: T): boolean {
  if (F.name === 'rational') return F.compare(a, b) === 0;
  const x = F.toNumber(a);
  const y = F.toNumber(b);
  return Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));
}

function checkAgainstLibrary<T>(F: Field<T>, frames: Frame<T>[], recorded: Recorded<T>): { ok: boolean; detail: string } {
  // Tests with a zero denominator are decided without a random draw (ratioTest), so the library records none.
  const shown = frames.filter((f) => f.taken && f.test !== null && !F.isZero(f.test.denominator)).map((f) => f.test!);
  if (shown.length !== recorded.tests.length) {
    return { ok: false, detail: `the page shows ${shown.length} random accept tests, the library's verifier ran ${recorded.tests.length}` };
  }
  for (let i = 0; i < shown.length; i++) {
    const t = shown[i]!;
    const ratio = F.div(t.numerator, t.denominator);
    if (!close(F, ratio, recorded.tests[i]!)) {
      return { ok: false, detail: `test ${i + 1}: the page shows ${F.toString(ratio)}, the library used ${F.toString(recorded.tests[i]!)}` };
    }
  }
  const last = frames[frames.length - 1]!;
  if (last.end?.kind === 'residual') {
    if (recorded.draw === null) return { ok: false, detail: 'the page ends in a residual draw, the library accepted' };
    const law = last.end.law;
    if (!law.every((x, y) => close(F, x, recorded.draw![y]!))) return { ok: false, detail: 'the residual law differs from the one the library drew from' };
  } else if (last.end?.kind === 'accepted') {
    if (recorded.verdict.token !== last.end.token || recorded.verdict.acceptedIndex !== last.end.position) {
      return { ok: false, detail: `the page accepts token ${last.end.token} at position ${last.end.position}, the library returned token ${recorded.verdict.token} at ${recorded.verdict.acceptedIndex}` };
    }
  }
  return { ok: true, detail: `${shown.length} accept probabilit${shown.length === 1 ? 'y' : 'ies'} and the final ${last.end?.kind === 'residual' ? 'residual law' : 'acceptance'} equal the library verifier's own` };
}

/** P(Y = y | x̄) by branch enumeration of the library's verifier, split into accepted and residual mass. */
export function branchLaw<T>(F: Field<T>, methodId: string, p: ArrayLike<T>, q: ArrayLike<T>, k: number, drafts: readonly number[]): BranchLaw<T> {
  const n = p.length;
  const prepared = getMethod(methodId).verifier.prepare(F, p, q, k);
  const accepted = range(n).map(() => F.zero);
  const residual = range(n).map(() => F.zero);
  for (const { probability, value } of enumerateOutcomes(F, (c) => prepared.verify(drafts, c))) {
    const row = value.acceptedIndex === null ? residual : accepted;
    row[value.token] = F.add(row[value.token]!, probability);
  }
  return { accepted, residual, total: accepted.map((x, y) => F.add(x, residual[y]!)) };
}

export interface WalkthroughOptions {
  /** The verifier the frames are checked against (default: the method's own; tests pass a wrong one). */
  checkAgainst?: Verifier;
}

/**
 * The walkthrough of `methodId` with k drafts on the ordered tuple `drafts` (inputs assumed validated: p, q
 * probability vectors of the field, k accepted by the method and its scheme).
 */
export function walkthrough<T>(F: Field<T>, methodId: string, pIn: ArrayLike<T>, qIn: ArrayLike<T>, k: number, drafts: readonly number[], options: WalkthroughOptions = {}): Walkthrough<T> {
  const p = Array.from(pIn);
  const q = Array.from(qIn);
  const method = getMethod(methodId);
  const scheme = method.scheme.id;
  const tuple = [...drafts];
  const draftProbability = tupleProbability(F, scheme, q, k, tuple);
  if (!F.isPositive(draftProbability)) {
    throw new SpechubError('INVALID_ARGUMENT', `the drafts (${tuple.join(', ')}) have probability 0 under the ${method.scheme.title} law`);
  }
  const b = new Builder(F);
  let code = codeOf(methodId);
  if (methodId === 'sd') framesSd(F, b, p, q, tuple);
  else if (methodId === 'rrs') framesRrs(F, b, p, q, tuple);
  else if (methodId === 'rrsw') framesRrsw(F, b, p, q, tuple);
  else if (methodId === 'kseq') framesKseq(F, b, p, q, tuple, k);
  else if (methodId === 'spechub') {
    if (tuple.length === 1) {
      // q(a) = 1: the hub pair degenerates to one draft and SpecHub to single-draft SD (§1.3, §2.6).
      code = codeOf('sd');
      framesSd(F, b, p, q, tuple);
    } else framesSpecHub(F, b, p, q, tuple);
  } else if (methodId === 'greedy') framesGreedy(F, b, p, q, tuple, k, true);
  else if (methodId === 'greedy-q') framesGreedy(F, b, p, q, tuple, k, false);
  else throw new SpechubError('UNKNOWN_METHOD', `no step-through for '${methodId}'`);
  const recorded = recordRejectBranch(F, options.checkAgainst ?? method.verifier, p, q, k, tuple);
  return {
    method: methodId,
    k,
    drafts: tuple,
    draftProbability,
    scheme,
    code,
    frames: b.frames,
    branchLaw: branchLaw(F, methodId, p, q, k, tuple),
    libraryCheck: checkAgainstLibrary(F, b.frames, recorded),
  };
}
