/**
 * The two halves of a trace replay (src/experiments/replayTrace.ts): `replayPositionRecord` computes what one
 * position contributes (every statistic's [lo, hi], the hub mass, the context id, skipped methods), and the
 * accumulator folds records in position order into the report (cluster sums, bootstrap, quantiles). Records are
 * independent of one another, so they can be computed on worker threads or in shards; folding them in position
 * order gives the report of a sequential replay, byte for byte.
 */
import { SpechubError } from '../../core/errors.ts';
import { deriveSeed } from '../../random/createRng.ts';
import type { TracePosition } from '../../traces/decodeTraceRow.ts';
import { replayPosition } from '../../traces/replayPosition.ts';
import { clusterBootstrap, sortedQuantile } from '../clusterBootstrap.ts';
import type { DifferenceEstimate, Estimate, OptimumEstimate, ReplayReport } from '../replayTrace.ts';

/** What one position contributes to a replay. */
export interface ReplayPositionRecord {
  exact: boolean;
  hubMass: number;
  contextId: number | null;
  /** Methods not computable here, with the reason. */
  skipped: Array<[string, string]>;
  /** Statistics in computation order: `m:<id>`, `o:<scheme>`, `g:<scheme>:<id>`, `d:<other>`, with [lo, hi]. */
  stats: Array<[string, number, number]>;
}

/** The record of one position: every method's acceptance, the optima and gaps, and SpecHub's differences. */
export function replayPositionRecord(position: TracePosition, vocab: number, k: number, requested: readonly string[]): ReplayPositionRecord {
  const r = replayPosition(position.target, position.draft, vocab, k, requested);
  const stats: Array<[string, number, number]> = [];
  for (const [id, v] of r.values) stats.push([`m:${id}`, v[0], v[1]]);
  for (const scheme of ['iid', 'wor'] as const) {
    const opt = r.optimum[scheme];
    if (opt === null) continue;
    stats.push([`o:${scheme}`, opt[0], opt[1]]);
    for (const [id, v] of r.values) stats.push([`g:${scheme}:${id}`, opt[0] - v[1], opt[1] - v[0]]);
  }
  const spechub = r.values.get('spechub');
  for (const other of ['rrs', 'rrsw']) {
    const o = r.values.get(other);
    if (spechub && o) stats.push([`d:${other}`, spechub[0] - o[1], spechub[1] - o[0]]);
  }
  return { exact: r.exact, hubMass: r.hubMass, contextId: position.contextId, skipped: [...r.skipped], stats };
}

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

/** Levels of the hub-mass quantiles in the report (0, 0.05, …, 1). */
export const HUB_MASS_LEVELS = Array.from({ length: 21 }, (_, i) => i / 20);

export interface ReplayAccumulatorOptions {
  vocab: number;
  k: number;
  requested: readonly string[];
  seed: string;
  resamples: number;
  maxUnits: number;
}

export interface ReplayAccumulator {
  add(record: ReplayPositionRecord): void;
  finish(): ReplayReport;
}

export function createReplayAccumulator(options: ReplayAccumulatorOptions): ReplayAccumulator {
  const { vocab, k, requested, seed, resamples, maxUnits } = options;
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

  function add(record: ReplayPositionRecord): void {
    if (record.exact) exactPositions++;
    for (const [id, why] of record.skipped) {
      const s = skipped.get(id);
      if (s) s.count++;
      else skipped.set(id, { reason: why, count: 1 });
    }
    for (const [key, lo, hi] of record.stats) {
      if (!key.startsWith('d:')) continue;
      const other = key.slice(2);
      let split = hubSplit.get(other);
      if (split === undefined) hubSplit.set(other, (split = { atLeastHalf: { positions: 0, sum: 0 }, belowHalf: { positions: 0, sum: 0 } }));
      const side = record.hubMass >= 0.5 ? split.atLeastHalf : split.belowHalf;
      side.positions++;
      side.sum += (lo + hi) / 2;
    }
    if (keys === null) {
      keys = record.stats.map(([key]) => key).sort();
      column = new Map(keys.map((key, j) => [key, j]));
      occurrences = new Float64Array(keys.length);
      sums = new ClusterSums(2 * keys.length + 1); // last column: positions in the cluster
      for (let j = 0; j < keys.length; j++) {
        totalsLo.push(0);
        totalsHi.push(0);
      }
    }
    let cluster: number;
    if (record.contextId !== null) {
      withContext++;
      let c = clusterIndex.get(record.contextId);
      if (c === undefined) clusterIndex.set(record.contextId, (c = clusters++));
      cluster = c;
    } else cluster = clusters++;
    for (const [key, lo, hi] of record.stats) {
      const j = column.get(key);
      if (j === undefined) continue;
      occurrences[j]! += 1;
      totalsLo[j]! += lo;
      totalsHi[j]! += hi;
      sums!.add(cluster, 2 * j, lo);
      sums!.add(cluster, 2 * j + 1, hi);
    }
    sums!.add(cluster, sums!.width - 1, 1);
    hub.push(record.hubMass);
    count++;
  }

  function finish(): ReplayReport {
    if (count === 0 || keys === null || sums === null) throw new SpechubError('EMPTY', 'the trace has no positions to replay');
    if (withContext !== 0 && withContext !== count) throw new SpechubError('INVALID_ARGUMENT', 'context ids are given for some positions only');
    const s: ClusterSums = sums;

    // Clusters (in order of first appearance) merged into at most maxUnits consecutive units.
    const units = Math.min(clusters, maxUnits);
    const unitOf = (c: number) => Math.floor((c * units) / clusters);
    const unitCounts = new Float64Array(units);
    const reported = keys.filter((_, j) => occurrences[j] === count);
    const width = s.width;
    const unitSums: Float64Array[] = [];
    for (const key of reported) {
      const j = column.get(key)!;
      for (const side of [0, 1]) {
        const u = new Float64Array(units);
        for (let c = 0; c < clusters; c++) u[unitOf(c)]! += s.data[c * width + 2 * j + side]!;
        unitSums.push(u);
      }
    }
    for (let c = 0; c < clusters; c++) unitCounts[unitOf(c)]! += s.data[c * width + width - 1]!;
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
        const sk = skipped.get(id);
        skippedOut[id] = sk ? `${sk.reason}${sk.count < count ? ` (at ${sk.count} of ${count} positions)` : ''}` : 'not computed';
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

  return { add, finish };
}
