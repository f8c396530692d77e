/**
 * Replay of a trace (docs/traces.md): for every position, the exact acceptance of every verifier (an interval
 * when a side is top-K; docs/theory.md §10), then aggregates with 95 % percentile-bootstrap intervals over
 * context ids when the trace has them (positions otherwise), the paired differences SpecHub − RRS and
 * SpecHub − RRSw, the optima for i.i.d. and without-replacement drafts with every method's gap to them, and the
 * distribution of the draft's hub mass q(a) (spec §4.5 H3–H4: q(a) ≥ ½ guarantees SpecHub ≥ the i.i.d. optimum).
 *
 * Intervals: for exact traces `ci95` is the bootstrap interval of the mean. For top-K traces each position
 * gives [lo, hi]; `bounds` = [mean lo, mean hi] provably contains the mean over the trace's positions, `mean` is
 * its midpoint, and `ci95` = [2.5 % bootstrap quantile of mean lo, 97.5 % of mean hi].
 * Bootstrap units: contexts (or positions) in order of first appearance, merged into at most `maxUnits`
 * consecutive groups (default 10,000) so that the cost stays resamples × units × statistics.
 * Same seed, same JSON, byte for byte.
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
import { deriveSeed } from '../random/createRng.ts';
import type { TracePosition } from '../traces/decodeTraceRow.ts';
import { replayPosition } from '../traces/replayPosition.ts';
import { clusterBootstrap, sortedQuantile } from './clusterBootstrap.ts';

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

export const HUB_MASS_LEVELS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * Per-cluster sums of every statistic's lo and hi, in growable storage (memory: 16 bytes × statistics ×
 * clusters, plus 8 bytes per position for the hub mass).
 */
class ClusterSums {
  data = new Float64Array(0);
  clusters = 0;
  constructor(readonly width: number) {}
  add(cluster: number, column: number, value: number) {
    if (cluster >= this.clusters) {
      const needed = (cluster + 1) * this.width;
      if (needed > this.data.length) {
        const grown = new Float64Array(Math.max(needed, this.data.length * 2, 1024));
        grown.set(this.data);
        this.data = grown;
      }
      this.clusters = cluster + 1;
    }
    this.data[cluster * this.width + column]! += value;
  }
}

export function replayTrace(positions: Iterable<TracePosition>, vocab: number, options: ReplayOptions): ReplayReport {
  const k = options.k;
  if (!Number.isInteger(k) || k < 1 || k > 64) throw new SpechubError('INVALID_K', `k must be an integer in [1, 64], got ${k}`);
  const requested = options.methods === undefined || options.methods === 'all' ? methodIds().filter((id) => getMethod(id).verifier.supportsK(k)) : [...options.methods];
  for (const id of requested) {
    const v = getMethod(id).verifier;
    if (!v.supportsK(k)) throw new SpechubError('UNSUPPORTED_K', `method '${id}' is not defined for k = ${k}`);
  }
  const seed = String(options.seed ?? 0);
  const resamples = options.resamples ?? 1000;
  const maxUnits = options.maxUnits ?? 10_000;

  // Statistics, fixed at the first position: a key missing at any later position is not reported.
  let keys: string[] | null = null;
  let column = new Map<string, number>();
  let occurrences: Float64Array = new Float64Array(0);
  let sums: ClusterSums | null = null;
  const totalsLo: number[] = [];
  const totalsHi: number[] = [];
  const hubSplit = new Map<string, { atLeastHalf: { positions: number; sum: number }; belowHalf: { positions: number; sum: number } }>();
  const skipped = new Map<string, { reason: string; count: number }>();
  const hub: number[] = [];
  const clusterIndex = new Map<number, number>();
  let clusters = 0;
  let withContext = 0;
  let exactPositions = 0;
  let count = 0;
  const total = options.expectedPositions ?? NaN;
  for (const position of positions) {
    const r = replayPosition(position.target, position.draft, vocab, k, requested);
    if (r.exact) exactPositions++;
    for (const [id, why] of r.skipped) {
      const s = skipped.get(id);
      if (s) s.count++;
      else skipped.set(id, { reason: why, count: 1 });
    }
    const stats: Array<[string, [number, number]]> = [];
    for (const [id, v] of r.values) stats.push([`m:${id}`, v]);
    for (const scheme of ['iid', 'wor'] as const) {
      const opt = r.optimum[scheme];
      if (opt === null) continue;
      stats.push([`o:${scheme}`, opt]);
      for (const [id, v] of r.values) stats.push([`g:${scheme}:${id}`, [opt[0] - v[1], opt[1] - v[0]]]);
    }
    const spechub = r.values.get('spechub');
    for (const other of ['rrs', 'rrsw']) {
      const o = r.values.get(other);
      if (spechub && o) {
        const d: [number, number] = [spechub[0] - o[1], spechub[1] - o[0]];
        stats.push([`d:${other}`, d]);
        let split = hubSplit.get(other);
        if (split === undefined) hubSplit.set(other, (split = { atLeastHalf: { positions: 0, sum: 0 }, belowHalf: { positions: 0, sum: 0 } }));
        const side = r.hubMass >= 0.5 ? split.atLeastHalf : split.belowHalf;
        side.positions++;
        side.sum += (d[0] + d[1]) / 2;
      }
    }
    if (keys === null) {
      keys = stats.map(([key]) => key).sort();
      column = new Map(keys.map((key, j) => [key, j]));
      occurrences = new Float64Array(keys.length);
      sums = new ClusterSums(2 * keys.length + 1); // last column: positions in the cluster
      for (let j = 0; j < keys.length; j++) {
        totalsLo.push(0);
        totalsHi.push(0);
      }
    }
    let cluster: number;
    if (position.contextId !== null) {
      withContext++;
      let c = clusterIndex.get(position.contextId);
      if (c === undefined) clusterIndex.set(position.contextId, (c = clusters++));
      cluster = c;
    } else cluster = clusters++;
    for (const [key, v] of stats) {
      const j = column.get(key);
      if (j === undefined) continue;
      occurrences[j]! += 1;
      totalsLo[j]! += v[0];
      totalsHi[j]! += v[1];
      sums!.add(cluster, 2 * j, v[0]);
      sums!.add(cluster, 2 * j + 1, v[1]);
    }
    sums!.add(cluster, sums!.width - 1, 1);
    hub.push(r.hubMass);
    count++;
    options.progress?.(count, total);
  }
  if (count === 0 || keys === null || sums === null) throw new SpechubError('EMPTY', 'the trace has no positions to replay');
  if (withContext !== 0 && withContext !== count) throw new SpechubError('INVALID_ARGUMENT', 'context ids are given for some positions only');

  // Clusters (in order of first appearance) merged into at most maxUnits consecutive units.
  const units = Math.min(clusters, maxUnits);
  const unitOf = (c: number) => Math.floor((c * units) / clusters);
  const unitCounts = new Float64Array(units);
  const reported = keys.filter((_, j) => occurrences[j] === count);
  const width = sums.width;
  const unitSums: Float64Array[] = [];
  for (const key of reported) {
    const j = column.get(key)!;
    for (const side of [0, 1]) {
      const u = new Float64Array(units);
      for (let c = 0; c < clusters; c++) u[unitOf(c)]! += sums.data[c * width + 2 * j + side]!;
      unitSums.push(u);
    }
  }
  for (let c = 0; c < clusters; c++) unitCounts[unitOf(c)]! += sums.data[c * width + width - 1]!;
  const boot = clusterBootstrap(unitCounts, unitSums, resamples, deriveSeed(seed, 'replay-bootstrap'));
  const exactTrace = exactPositions === count;
  const estimate = (key: string): Estimate | null => {
    const b = reported.indexOf(key);
    if (b < 0) return null;
    const j = column.get(key)!;
    const lo = totalsLo[j]! / count;
    const hi = totalsHi[j]! / count;
    const ci95: [number, number] = [sortedQuantile(boot[2 * b]!, 0.025), sortedQuantile(boot[2 * b + 1]!, 0.975)];
    if (exactTrace) return { mean: lo, ci95 };
    return { mean: (lo + hi) / 2, ci95, bounds: [lo, hi] };
  };

  const methods: Record<string, Estimate> = {};
  const skippedOut: Record<string, string> = {};
  for (const id of requested) {
    const e = estimate(`m:${id}`);
    if (e !== null) methods[id] = e;
    else {
      const s = skipped.get(id);
      skippedOut[id] = s ? `${s.reason}${s.count < count ? ` (at ${s.count} of ${count} positions)` : ''}` : 'not computed';
    }
  }
  const byHub = (other: string) => {
    const split = hubSplit.get(other)!;
    const out = (x: { positions: number; sum: number }) => ({ positions: x.positions, mean: x.positions > 0 ? x.sum / x.positions : null });
    return { atLeastHalf: out(split.atLeastHalf), belowHalf: out(split.belowHalf) };
  };
  const difference = (other: string): DifferenceEstimate | null => {
    const e = estimate(`d:${other}`);
    return e === null ? null : { ...e, byHubMass: byHub(other) };
  };
  const optimum = (scheme: 'iid' | 'wor'): OptimumEstimate | null => {
    const e = estimate(`o:${scheme}`);
    if (e === null) return null;
    const gaps: Record<string, Estimate> = {};
    for (const id of Object.keys(methods)) {
      const g = estimate(`g:${scheme}:${id}`);
      if (g !== null) gaps[id] = g;
    }
    return { ...e, gaps };
  };

  const sortedHub = Float64Array.from(hub).sort();
  const edges = Array.from({ length: 21 }, (_, i) => i / 20);
  const counts = new Array<number>(20).fill(0);
  for (const h of hub) counts[Math.min(19, Math.floor(h * 20))]! += 1;
  return {
    positions: count,
    vocab,
    k,
    methods,
    differences: { 'spechub-rrs': difference('rrs'), 'spechub-rrsw': difference('rrsw') },
    optimum: { iid: optimum('iid'), wor: optimum('wor') },
    hubMass: {
      mean: hub.reduce((a, b) => a + b, 0) / count,
      levels: HUB_MASS_LEVELS,
      quantiles: HUB_MASS_LEVELS.map((l) => sortedQuantile(sortedHub, l)),
      histogram: { edges, counts },
      atLeastHalf: hub.filter((h) => h >= 0.5).length / count,
    },
    exactPositions,
    bootstrap: { resamples, seed, unit: withContext > 0 ? 'context' : 'position', clusters, units },
    skipped: skippedOut,
  };
}
