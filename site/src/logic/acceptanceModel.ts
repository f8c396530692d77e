/**
 * What the acceptance panel shows for one (p, q, k), all computed by the library (§3.1, §4):
 * - every registered method's acceptance, exactly as `spechub acceptance --json` computes it (the same methods in
 *   the same order, the same `exact` rule: the reduced fraction when the inputs are rational and the value is,
 *   K-SEQ with an irrational ρ* gives null);
 * - the optimum α* for i.i.d. and for without-replacement drafts by the subset dual (§4.3–4.4), with its
 *   minimising set A;
 * - the gap α*(own draft law) − α of each heuristic verifier (as `gapReport`, §4), the single-draft overlap and
 *   the i.i.d. membership bound (§4.3).
 *
 * One value is expensive in rationals: α* for drafts without replacement with k ≥ 3 is an exhaustive search over
 * 2^n subsets of the exact set law (0.1–0.5 s at n = 12). The panel then shows the float64 value of the same
 * search at once and asks a worker for the fraction ({@link exactWorOptimum}); pass the worker's answer back in
 * `exactWor` and the fraction replaces the float.
 */
import { overlap } from '../../../src/core/divergence.ts';
import { SpechubError } from '../../../src/core/errors.ts';
import { type Field, floatField, rationalField } from '../../../src/core/field.ts';
import { Rational } from '../../../src/core/rational.ts';
import type { DraftSchemeId } from '../../../src/draws/draftScheme.ts';
import { CORE_METHOD_IDS, getMethod, methodIds } from '../../../src/methods.ts';
import { validateInputs } from '../../../src/analysis/validateInputs.ts';
import { iidMembershipBound } from '../../../src/optimum/membershipBound.ts';
import { subsetDual, subsetDualUnchecked } from '../../../src/optimum/subsetDual.ts';
import { show, type Shown } from './format.ts';
import type { Pair } from './pair.ts';

export interface OptimumView {
  scheme: DraftSchemeId;
  value: Shown;
  argminSet: number[];
  method: string;
  /** True while the exact value is being computed by the worker (the float value is shown meanwhile). */
  pending: boolean;
  /** Why the exact value was refused (the library's size guard, as `spechub acceptance` says); float shown. */
  refused?: string;
}

export interface AcceptanceRowView {
  id: string;
  title: string;
  section: string;
  scheme: DraftSchemeId;
  /** As the CLI prints it: `acceptance` (a double) and `exact` (the reduced fraction or null). */
  acceptance: number;
  exact: string | null;
  shown: Shown;
  /** α* of the method's own draft law. */
  optimum: Shown;
  gap: Shown;
  /** True for the optimal-transport verifiers (their acceptance is α* by construction). */
  optimal: boolean;
  pending: boolean;
}

export interface AcceptanceView {
  n: number;
  k: number;
  exactInputs: boolean;
  rows: AcceptanceRowView[];
  skipped: Record<string, string>;
  iid: OptimumView | null;
  wor: OptimumView | null;
  overlap: Shown;
  membershipBound: Shown;
  /** Set when α* (w/o replacement) in rationals is still to be computed: the worker's job. */
  exactWorRequest: { key: string; p: string[]; q: string[]; k: number } | null;
}

/** The worker's answer for {@link AcceptanceView.exactWorRequest}. */
export interface ExactWorAnswer {
  key: string;
  optimum: string;
  argminSet: number[];
  method: string;
}

/** What the worker answers: the exact optimum, or why the library refused it (the float64 value then stays). */
export type ExactWorResult = ExactWorAnswer | { key: string; error: string };

const SKIPPABLE = ['K_TOO_LARGE', 'UNSUPPORTED_K', 'TOO_LARGE'];

/** The key of a worker request (same pair and k ⇒ same answer). */
export function exactWorKey(p: readonly Rational[], q: readonly Rational[], k: number): string {
  return `${p.join(',')}|${q.join(',')}|${k}`;
}

/** α* for drafts without replacement in rationals (the worker's job; also used directly in tests). */
export function exactWorOptimum(p: readonly string[], q: readonly string[], k: number): ExactWorAnswer {
  const pr = p.map((x) => Rational.parse(x));
  const qr = q.map((x) => Rational.parse(x));
  const r = subsetDual(rationalField, 'wor', pr, qr, k);
  return { key: exactWorKey(pr, qr, k), optimum: r.optimum.toString(), argminSet: r.argminSet, method: r.method };
}

/** True when α*_wor in rationals goes to the worker (exhaustive search, k ≥ 3). */
export function exactWorIsSlow(k: number): boolean {
  return k >= 3;
}

export function computeAcceptance(pair: Pair, k: number, exactWor: ExactWorResult | null = null): AcceptanceView {
  return pair.exact !== null ? compute(rationalField, pair.exact.p, pair.exact.q, pair, k, exactWor) : compute(floatField, pair.p, pair.q, pair, k, null);
}

function compute<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, pair: Pair, k: number, exactWor: ExactWorResult | null): AcceptanceView {
  const exactInputs = F.name === 'rational';
  const rows: AcceptanceRowView[] = [];
  const skipped: Record<string, string> = {};
  const optima = new Map<DraftSchemeId, OptimumView | null>();
  let exactWorRequest: AcceptanceView['exactWorRequest'] = null;

  const optimumOf = (scheme: DraftSchemeId): OptimumView | null => {
    if (optima.has(scheme)) return optima.get(scheme)!;
    let view: OptimumView | null;
    try {
      getMethodForScheme(scheme).scheme.check(F, q, k);
      if (scheme === 'wor' && exactInputs && exactWorIsSlow(k)) {
        const pr = p as unknown as Rational[];
        const qr = q as unknown as Rational[];
        const key = exactWorKey(pr, qr, k);
        if (exactWor !== null && exactWor.key === key && 'error' in exactWor) {
          const r = subsetDualUnchecked(floatField, 'wor', pair.p, pair.q, k);
          view = { scheme, value: show(floatField, r.optimum), argminSet: r.argminSet, method: `${r.method} (float64; exact: ${exactWor.error})`, pending: false, refused: exactWor.error };
        } else if (exactWor !== null && exactWor.key === key && !('error' in exactWor)) {
          const value = Rational.parse(exactWor.optimum);
          view = { scheme, value: show(rationalField, value), argminSet: exactWor.argminSet, method: exactWor.method, pending: false };
        } else {
          const r = subsetDualUnchecked(floatField, 'wor', pair.p, pair.q, k);
          view = { scheme, value: show(floatField, r.optimum), argminSet: r.argminSet, method: r.method, pending: true };
          exactWorRequest = { key, p: pr.map(String), q: qr.map(String), k };
        }
      } else {
        const r = subsetDualUnchecked(F, scheme, p, q, k);
        view = { scheme, value: show(F, r.optimum, r.exact), argminSet: r.argminSet, method: r.method, pending: false };
      }
    } catch (e) {
      if (!(e instanceof SpechubError) || !SKIPPABLE.includes(e.code)) throw e;
      view = null;
    }
    optima.set(scheme, view);
    return view;
  };

  for (const id of methodIds()) {
    const method = getMethod(id);
    const { verifier } = method;
    if (!verifier.supportsK(k)) continue;
    try {
      // The CLI validates in float64 first; so do we (same errors, same skips).
      validateInputs(floatField, id, pair.p, pair.q, k);
      const scheme = method.scheme.id;
      const optimal = id === 'otm' || id === 'otm-wor' || id === 'khisti';
      let shown: Shown;
      let acceptance: number;
      let exact: string | null;
      let pending = false;
      let value: T | null = null;
      if (optimal) {
        // Their acceptance is the subset dual of their draft law (verifiers/otm.ts, khisti.ts): the same call.
        const o = optimumOf(scheme)!;
        // As the CLI: a verifier whose exact acceptance the library refuses is skipped with the library's reason.
        if (o.refused !== undefined) throw new SpechubError('TOO_LARGE', o.refused);
        shown = o.value;
        pending = o.pending;
      } else {
        const r = verifier.acceptance(F, p, q, k);
        value = r.value;
        shown = show(F, r.value, r.exact);
        if (exactInputs && !r.exact) {
          // As the CLI: the float64 closed form, no fraction.
          shown = show(floatField, verifier.acceptance(floatField, pair.p, pair.q, k).value);
        }
      }
      acceptance = shown.number;
      exact = shown.exact;
      const own = optimumOf(scheme);
      let optimum = own?.value ?? shown;
      let gap: Shown;
      if (optimal) gap = show(F, F.zero);
      else if (own !== null && own.value.exact !== null && shown.exact !== null && value !== null) {
        gap = show(rationalField, Rational.parse(own.value.exact).sub(Rational.parse(shown.exact)));
      } else gap = show(floatField, optimum.number - acceptance);
      if (own?.pending) pending = true;
      optimum = own?.value ?? optimum;
      rows.push({ id, title: verifier.title, section: verifier.section, scheme, acceptance, exact, shown, optimum, gap, optimal, pending });
    } catch (e) {
      if (!(e instanceof SpechubError) || !SKIPPABLE.includes(e.code)) throw e;
      skipped[id] = e.message;
    }
  }
  return {
    n: pair.n,
    k,
    exactInputs,
    rows,
    skipped,
    iid: optimumOf('iid'),
    wor: optimumOf('wor'),
    overlap: show(F, overlap(F, p, q)),
    membershipBound: show(F, iidMembershipBound(F, p, q, k)),
    exactWorRequest,
  };
}

function getMethodForScheme(scheme: DraftSchemeId) {
  // A method whose draft scheme is `scheme` (its `check` is the scheme's own).
  for (const id of methodIds()) {
    const m = getMethod(id);
    if (m.scheme.id === scheme) return m;
  }
  throw new SpechubError('UNKNOWN_METHOD', `no method drafts with '${scheme}'`);
}

/** The ids of the heuristic verifiers whose gap the panel reports (as `gapReport`). */
export const HEURISTIC_IDS: readonly string[] = CORE_METHOD_IDS;
