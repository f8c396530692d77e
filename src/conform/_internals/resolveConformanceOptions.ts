/**
 * Checks and completes the options of runConformance (defaults, k list, level, trials, reference method and its
 * draft scheme), throwing a SpechubError for bad usage: called before a program is started, so that a usage
 * error never waits for a program.
 */
import { SpechubError } from '../../core/errors.ts';
import type { DraftScheme } from '../../draws/draftScheme.ts';
import { getDraftScheme, getMethod } from '../../methods.ts';
import type { Verifier } from '../../verifiers/verifier.ts';
import { type ConformanceSuite, conformanceSuite } from '../conformanceSuite.ts';
import type { ConformanceMode, ConformanceOptions } from '../runConformance.ts';

export interface ResolvedConformanceOptions {
  mode: ConformanceMode;
  suite: ConformanceSuite;
  ks: number[];
  level: number;
  trials: number;
  seed: string;
  reference: { verifier: Verifier; id: string | null } | null;
  external: boolean;
  scheme: DraftScheme | null;
  /** The scheme the drafts must follow: the named one, or the reference's with own drafts. */
  claimed: DraftScheme | null;
}

function resolveReference(method: ConformanceOptions['method']): ResolvedConformanceOptions['reference'] {
  if (method === undefined || method === null) return null;
  if (typeof method === 'string') return { verifier: getMethod(method).verifier, id: method };
  let registered: string | null = null;
  try {
    registered = getMethod(method.id).verifier === method ? method.id : null;
  } catch {
    registered = null;
  }
  return { verifier: method, id: registered };
}

export function resolveConformanceOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  const mode = options.mode ?? 'both';
  if (!['monte-carlo', 'exact', 'both'].includes(mode)) throw new SpechubError('INVALID_ARGUMENT', `mode must be monte-carlo, exact or both, got '${mode}'`);
  const suite = typeof options.suite === 'object' ? options.suite : conformanceSuite(options.suite ?? 'standard');
  const ks = options.k === undefined ? [1, 2, 3, 4] : typeof options.k === 'number' ? [options.k] : [...options.k];
  for (const k of ks) if (!Number.isInteger(k) || k < 1 || k > 64) throw new SpechubError('INVALID_K', `k must be an integer in [1, 64], got ${k}`);
  const level = options.level ?? 0.001;
  if (!(level > 0 && level < 1)) throw new SpechubError('INVALID_ARGUMENT', `level must lie in (0, 1), got ${level}`);
  const trials = options.trials ?? suite.trials;
  if (!Number.isInteger(trials) || trials < 1) throw new SpechubError('INVALID_ARGUMENT', `trials must be a positive integer, got ${trials}`);
  const seed = String(options.seed ?? 0);
  const reference = resolveReference(options.method);
  const external = options.draws === 'external';
  const scheme: DraftScheme | null = external ? null : getDraftScheme(options.draws);
  if (reference !== null && scheme !== null && reference.verifier.draftScheme !== scheme.id) {
    throw new SpechubError(
      'INVALID_ARGUMENT',
      `method '${reference.verifier.id}' is exact for ${reference.verifier.draftScheme} drafts, not ${scheme.id} drafts (use --draws ${reference.verifier.draftScheme})`,
    );
  }
  if (external && mode !== 'monte-carlo') {
    throw new SpechubError('INVALID_ARGUMENT', 'exact mode needs drafts that spechub enumerates: name a draft scheme (--draws iid|wor|hub|greedy|greedy-q), or use --mode monte-carlo with --draws external');
  }
  if (options.drafts !== undefined && (mode !== 'exact' || reference === null || suite.cases.length !== 1 || ks.length !== 1)) {
    throw new SpechubError('INVALID_ARGUMENT', 'a single draft tuple (--drafts) needs --mode exact, --method and one custom case at one k');
  }
  const claimed: DraftScheme | null = scheme ?? (reference !== null ? getDraftScheme(reference.verifier.draftScheme) : null);
  return { mode, suite, ks, level, trials, seed, reference, external, scheme, claimed };
}
