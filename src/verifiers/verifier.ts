/**
 * Verifiers (§2): rules that take the target law p, the draft law q and the drafted tokens, and output
 * one token whose law, averaged over the drafts, is exactly p.
 *
 * Glossary
 * - **draft**: a token proposed by the draft model; the tuple x̄ = (x_1..x_k) keeps its sampling order.
 * - **residual**: the law the verifier falls back to after rejecting drafts, e.g. norm((p − q)^+).
 * - **hub**: a = argmax q (lowest index on ties), always among SpecHub's two drafts.
 * - **acceptance** α = P(Y ∈ S(x̄)): probability that the output is one of the drafted tokens.
 * - **profile** A(y) = P(Y = y, Y ∈ S(x̄)): acceptance split by output token; Σ A = α, A ≤ p (§0.2).
 *
 * Each verifier is a probabilistic program over a {@link Chooser}; `prepare` computes lazily, once per
 * (p, q, k), what does not depend on the drafts (residuals, the hub, ρ*), so that one prepared verifier is
 * cheap to call many times (Monte Carlo) and a single call costs O(n) at most (trees, end to end).
 */
import type { Chooser } from '../core/chooser.ts';
import type { Field, Vec } from '../core/field.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';

export type VerifierId = 'sd' | 'rrs' | 'rrsw' | 'kseq' | 'spechub' | 'greedy' | 'greedy-q' | 'otm' | 'otm-wor' | 'khisti';

/** Outcome of one verification: the emitted token and the 0-based index of the accepted draft (null = ⊥). */
export interface Verdict {
  token: number;
  acceptedIndex: number | null;
}

export interface PreparedVerifier<T> {
  /** Verifies one ordered draft tuple. */
  verify(drafts: readonly number[], chooser: Chooser<T>): Verdict;
}

/** A closed-form acceptance; `exact` is false only where the field cannot hold the true value (K-SEQ's ρ*). */
export interface AcceptanceValue<T> {
  value: T;
  exact: boolean;
}

/**
 * A per-position accepted-token profile computed without enumeration (§0.2, §5.3):
 * byPosition[j][y] = P(Y = y, accepted index = j).
 */
export interface ClosedFormProfile<T> {
  byPosition: Vec<T>[];
  /** False only where the field cannot hold the verifier's true value (K-SEQ with an irrational ρ*). */
  exact: boolean;
  /** 'closed-form', or 'prefix-sum' for an exact but slower sum over rejected prefixes (RRSw, k ≥ 3). */
  source: 'closed-form' | 'prefix-sum';
}

export interface VerifierOptions<T> {
  /** K-SEQ's divisor ρ (default ρ*, §2.4). */
  rho?: T;
}

export interface Verifier {
  readonly id: VerifierId;
  readonly title: string;
  /** Spec section. */
  readonly section: string;
  /** The draft scheme this verifier is exact for. */
  readonly draftScheme: DraftSchemeId;
  /** Whether the verifier is defined for k drafts. */
  supportsK(k: number): boolean;
  /**
   * Prepares p, q (validated, same length) for repeated verification of k-draft tuples. With `floatField`
   * the core verifiers run a fused float fast path (docs/theory.md §11.7; `Float32Array` inputs are read in
   * place) that consumes the chooser exactly as {@link prepareGeneric} does and returns the same verdicts.
   */
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options?: VerifierOptions<T>): PreparedVerifier<T>;
  /**
   * Optional: the generic program over any field, the certified reference (enumerated exactly in rationals,
   * §3.2). Present where `prepare` dispatches floats to a fast path; the fast path is tested against it with
   * the same uniform stream (src/verifiers/floatFastPaths.test.ts).
   */
  prepareGeneric?<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options?: VerifierOptions<T>): PreparedVerifier<T>;
  /** Closed-form acceptance (§3.1). */
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T>;
  /**
   * Optional: the per-position profile without enumeration, for this verifier run with its own draft scheme
   * (`draftScheme`); null where no closed form is known for these (p, q, k). Branch enumeration of the
   * programs (`enumeratedAcceptedProfile`) is the default and the test oracle (analysis/acceptedProfile.ts).
   */
  profile?<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> | null;
}
