/**
 * The method registry: each method id pairs a verifier with the draft scheme it is exact for (spec §2, §3.1).
 *
 * | id | drafts | verifier | k |
 * |---|---|---|---|
 * | `sd` | q | single-draft SD §2.1 | 1 |
 * | `rrs` | i.i.d. | RRS §2.2 | ≥ 1 |
 * | `rrsw` | without replacement | RRSw §2.3 | ≥ 1 |
 * | `kseq` | i.i.d. | K-SEQ §2.4 | ≥ 1 |
 * | `spechub` | hub pair | SpecHub §2.6 | 2 |
 * | `greedy` | greedy G-r | §2.8 | ≥ 1 |
 * | `greedy-q` | greedy G-q | §2.8 | ≥ 1 |
 * | `otm` | i.i.d. | OTM §2.5 (optimal) | ≥ 1 |
 * | `otm-wor` | without replacement | OTM §2.5 (optimal) | ≥ 1 |
 * | `khisti` | i.i.d. | Khisti two-step §2.7 (optimal) | ≥ 1 |
 *
 * Further methods (the optimal-transport verifiers) register themselves with {@link registerMethod}.
 *
 * @example
 * ```ts
 * getMethod('spechub').verifier.acceptance(rationalField, p, q, 2);
 * ```
 */
import { SpechubError } from './core/errors.ts';
import type { Field } from './core/field.ts';
import type { DraftScheme } from './draws/draftScheme.ts';
import { draftSchemes } from './draws/draftSchemes.ts';
import { greedy } from './verifiers/greedy.ts';
import { greedyQ } from './verifiers/greedyQ.ts';
import { khisti } from './verifiers/khisti.ts';
import { kseq } from './verifiers/kseq.ts';
import { otm, otmWor } from './verifiers/otm.ts';
import { rrs } from './verifiers/rrs.ts';
import { rrsw } from './verifiers/rrsw.ts';
import { sd } from './verifiers/sd.ts';
import { spechub } from './verifiers/spechub.ts';
import type { Verifier, VerifierId } from './verifiers/verifier.ts';

export interface Method {
  readonly id: VerifierId;
  readonly verifier: Verifier;
  readonly scheme: DraftScheme;
}

// The draft-scheme registry lives in src/draws/draftSchemes.ts (the only one); re-exported for callers.
export { draftSchemes, getDraftScheme } from './draws/draftSchemes.ts';

const registry = new Map<string, Method>();

/** Adds a method (verifier + its draft scheme) to the registry. */
export function registerMethod(verifier: Verifier, scheme: DraftScheme = draftSchemes[verifier.draftScheme]): Method {
  const method: Method = { id: verifier.id, verifier, scheme };
  registry.set(verifier.id, method);
  return method;
}

for (const v of [sd, rrs, rrsw, kseq, spechub, greedy, greedyQ]) registerMethod(v);
// Optimal-transport verifiers (spec §2.5, §2.7): acceptance = α* of their own draft law.
for (const v of [otm, otmWor, khisti]) registerMethod(v);

/** The core verifier ids, in display order. */
export const CORE_METHOD_IDS: readonly VerifierId[] = ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q'];

/** Looks a method up; throws `UNKNOWN_METHOD` with the list of known ids. */
export function getMethod(id: string): Method {
  const m = registry.get(id);
  if (m === undefined) {
    throw new SpechubError('UNKNOWN_METHOD', `unknown method '${id}' (known: ${[...registry.keys()].join(', ')})`);
  }
  return m;
}

/** Every registered method id. */
export function methodIds(): VerifierId[] {
  return [...registry.keys()] as VerifierId[];
}

/** A verifier with its draft scheme: a registry entry or a test-only one (e.g. a deliberately biased verifier). */
export interface MethodLike {
  readonly id: string;
  readonly verifier: Method['verifier'];
  readonly scheme: Method['scheme'];
}

/**
 * The method and number of drafts actually used at a tree node with `children` children and draft law q
 * (spec §5.1; shared by the synthetic tree walk and the end-to-end decoder):
 * - a method that is not defined for one draft (SpecHub) runs single-draft SD (§2.1) at nodes with one child,
 *   as the authors' code does (§2.6, last line);
 * - when q has fewer tokens of positive mass than the scheme needs (without-replacement and greedy drafts need
 *   |supp q| ≥ k; top-p can cut the support), the node drafts as many as the support allows and the remaining
 *   children stay empty (never reached); SD again when the method is not defined for the smaller k.
 *
 * @example
 * ```ts
 * nodeMethod(floatField, getMethod('rrsw'), [0.5, 0.5, 0], 3); // {method: rrsw, k: 2}
 * ```
 */
export function nodeMethod<T>(F: Field<T>, method: MethodLike, q: ArrayLike<T>, children: number): { method: MethodLike; k: number } {
  let k = children;
  for (;;) {
    if (!method.verifier.supportsK(k)) {
      if (k === 1) return { method: getMethod('sd'), k: 1 };
      throw new SpechubError('UNSUPPORTED_K', `method '${method.id}' is not defined for k = ${k}`);
    }
    try {
      method.scheme.check(F, q, k);
      return { method, k };
    } catch (e) {
      if (e instanceof SpechubError && e.code === 'K_TOO_LARGE' && k > 1) {
        k--;
        continue;
      }
      throw e;
    }
  }
}
