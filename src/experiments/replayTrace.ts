/**
 * Replay of a trace (docs/traces.md): for every position, the exact acceptance of every verifier (an interval
 * when a side is top-K; docs/theory.md §10), then aggregates with 95 % percentile-bootstrap intervals over
 * context ids when the trace has them (positions otherwise), the paired differences SpecHub − RRS and
 * SpecHub − RRSw, the optima for i.i.d. and without-replacement drafts with every method's gap to them, and the
 * distribution of the draft's hub mass q(a) (§4.5 H3–H4: q(a) ≥ ½ guarantees SpecHub ≥ the i.i.d. optimum).
 *
 * Intervals: for exact traces `ci95` is the bootstrap interval of the mean. For top-K traces each position
 * gives [lo, hi]; `bounds` = [mean lo, mean hi] provably contains the mean over the trace's positions, `mean` is
 * its midpoint, and `ci95` = [2.5 % bootstrap quantile of mean lo, 97.5 % of mean hi].
 * Bootstrap units: contexts (or positions) in order of first appearance, merged into at most `maxUnits`
 * consecutive groups (default 10,000) so that the cost stays resamples × units × statistics.
 * Same seed, same JSON, byte for byte. Positions contribute independently and are folded in order, so
 * `spechub replay` computes them on worker threads or in shards ({@link replayGrid}) with the same report.
 *
 * @example
 * ```ts
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'logits', draft: 'probs' });
 * writer.write({ target: [2, 1, 0], draft: [0.5, 0.3, 0.2] });
 * writer.write({ target: [0, 0, 1], draft: [0.2, 0.3, 0.5] });
 * writer.close();
 * const trace = openTrace('trace.safetensors');
 * const report = replayTrace(trace.positions(), trace.layout.vocab, { k: 2, seed: 17 });
 * report.methods.spechub.mean; // mean SpecHub acceptance over the positions
 * trace.close();
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { getMethod, methodIds } from '../methods.ts';
import type { TracePosition } from '../traces/decodeTraceRow.ts';
import { createReplayAccumulator, replayPositionRecord } from './_internals/replayAccumulator.ts';

export { HUB_MASS_LEVELS } from './_internals/replayAccumulator.ts';

export interface ReplayOptions {
  k: number;
  /** Method ids, or 'all' (default): every registered method defined for k. */
  methods?: 'all' | readonly string[];
  seed?: string | number;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Most bootstrap units (default 10,000). */
  maxUnits?: number;
  /** Called after each position with (done, total); total is `expectedPositions` or NaN. */
  progress?: (done: number, total: number) => void;
  expectedPositions?: number;
}

export interface Estimate {
  mean: number;
  ci95: [number, number];
  bounds?: [number, number];
}

export interface DifferenceEstimate extends Estimate {
  /** Means split by the draft's hub mass (no intervals). */
  byHubMass: { atLeastHalf: { positions: number; mean: number | null }; belowHalf: { positions: number; mean: number | null } };
}

export interface OptimumEstimate extends Estimate {
  /** Optimum − method, per method (paired). */
  gaps: Record<string, Estimate>;
}

export interface ReplayReport {
  positions: number;
  vocab: number;
  k: number;
  methods: Record<string, Estimate>;
  differences: { 'spechub-rrs': DifferenceEstimate | null; 'spechub-rrsw': DifferenceEstimate | null };
  optimum: { iid: OptimumEstimate | null; wor: OptimumEstimate | null };
  hubMass: { mean: number; levels: number[]; quantiles: number[]; histogram: { edges: number[]; counts: number[] }; atLeastHalf: number };
  /** Positions whose laws were both fully known (exact values rather than intervals). */
  exactPositions: number;
  bootstrap: { resamples: number; seed: string; unit: 'context' | 'position'; clusters: number; units: number };
  skipped: Record<string, string>;
}

export function replayTrace(positions: Iterable<TracePosition>, vocab: number, options: ReplayOptions): ReplayReport {
  const k = options.k;
  const requested = replayMethods(k, options.methods);
  const accumulator = createReplayAccumulator({ vocab, k, requested, seed: String(options.seed ?? 0), resamples: options.resamples ?? 1000, maxUnits: options.maxUnits ?? 10_000 });
  const total = options.expectedPositions ?? NaN;
  let count = 0;
  for (const position of positions) {
    accumulator.add(replayPositionRecord(position, vocab, k, requested));
    count++;
    options.progress?.(count, total);
  }
  return accumulator.finish();
}

/** The method ids a replay computes: every registered method defined for k ('all'), or the given ones (checked). */
export function replayMethods(k: number, methods: ReplayOptions['methods']): string[] {
  if (!Number.isInteger(k) || k < 1 || k > 64) throw new SpechubError('INVALID_K', `k must be an integer in [1, 64], got ${k}`);
  const requested = methods === undefined || methods === 'all' ? methodIds().filter((id) => getMethod(id).verifier.supportsK(k)) : [...methods];
  for (const id of requested) {
    const v = getMethod(id).verifier;
    if (!v.supportsK(k)) throw new SpechubError('UNSUPPORTED_K', `method '${id}' is not defined for k = ${k}`);
  }
  return requested;
}
