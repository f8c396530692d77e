/**
 * The method registry: each method id pairs a verifier with the draft scheme it is exact for (§2, §3.1).
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

/**
 * A method: a verifier with the draft scheme it is exact for. Registry entries (ids of {@link VerifierId}) and
 * user-built ones (a new rule under test, a deliberately biased test-only verifier) have this one type.
 */
export interface Method {
  readonly id: string;
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
// Optimal-transport verifiers (§2.5, §2.7): acceptance = α* of their own draft law.
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

