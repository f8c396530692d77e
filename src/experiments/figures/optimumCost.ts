/**
 * Data of figure 5: the cost of computing the exact optimum α* (§4) by the four routes, as the vocabulary
 * n grows, for k = 2 and k = 3 i.i.d. drafts on the synthetic family (T = 1):
 * - **full OTM LP** (§4.1, GLPK; n^(k+1) variables),
 * - **membership LP** (§4.2, GLPK; about C(n+k−1, k)·k variables),
 * - **max-flow** on the membership network (§4.3, the toolkit's Dinic, float64),
 * - **prefix dual** (§4.4, one sort and one pass).
 * Each route runs on n = 4, 6, 8, 12, … until one solve takes longer than `capSeconds` (then larger n are not
 * tried); fast routes are repeated until `minSampleSeconds` have elapsed and the mean time per solve is kept.
 * Every row records the value the route found; all routes agree to 1e-9 wherever several ran (checked here).
 * Wall-clock timings on the machine that ran it (recorded in `parameters.host`); they vary 20–30 % between runs.
 *
 * @example
 * ```ts
 * const data = await optimumCost({ ks: [2], sizes: [8, 16], capSeconds: 0.5, minSampleSeconds: 0 });
 * ```
 */
import { cpus } from 'node:os';
import { SolverError, SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import { softmax } from '../../core/softmax.ts';
import { solveMembershipLinearProgram } from '../../optimum/membershipLinearProgram.ts';
import { optimalMembershipFlow } from '../../optimum/optimalMembershipFlow.ts';
import { solveOtmLinearProgram } from '../../optimum/otmLinearProgram.ts';
import { subsetDual } from '../../optimum/subsetDual.ts';
import type { FigureData } from '../figureData.ts';
import { syntheticLogitPairs } from './syntheticLogitPairs.ts';

export type CostRoute = 'full LP' | 'membership LP' | 'max-flow' | 'prefix dual';
export const COST_ROUTES: readonly CostRoute[] = ['full LP', 'membership LP', 'max-flow', 'prefix dual'];

export interface OptimumCostOptions {
  ks: number[];
  /** Vocabulary sizes to try, ascending. */
  sizes: number[];
  /** Stop a route after a solve slower than this. */
  capSeconds: number;
  /** Repeat a solve until this much time has elapsed (accuracy for the fast routes). */
  minSampleSeconds: number;
  seed: string | number;
  progress?: (message: string) => void;
}

export interface OptimumCostRow {
  [field: string]: string | number | boolean | null;
  k: number;
  n: number;
  route: CostRoute;
  seconds: number;
  repetitions: number;
  optimum: number;
}

/** 4, 6, 8, 12, 16, 24, … up to 131,072. */
export const DEFAULT_COST_SIZES: number[] = (() => {
  const out: number[] = [];
  for (let n = 4; n <= 131072; n *= 2) out.push(n, (3 * n) / 2);
  return out.filter((n) => n <= 131072);
})();

export const COST_DEFAULTS = { ks: [2, 3], sizes: DEFAULT_COST_SIZES, capSeconds: 3, minSampleSeconds: 0.1, seed: 17 } as const;

/**
 * One solve: the value as an interval. GLPK works to 1e-7 and its value is certified to 1e-9 or refused with the
 * certified interval (theory §12.8); the solve still took its time, so the interval is kept (the routes must
 * agree to 1e-9 up to it).
 */
async function solve(route: CostRoute, p: Float64Array, q: Float64Array, k: number): Promise<{ lower: number; upper: number }> {
  const unlimited = { maxVariables: Number.MAX_SAFE_INTEGER, timeLimitSeconds: 120 };
  const point = (x: number) => ({ lower: x, upper: x });
  const certified = async (run: () => Promise<number>) => {
    try {
      return point(await run());
    } catch (e) {
      if (e instanceof SolverError && e.interval !== undefined) return e.interval;
      throw e;
    }
  };
  switch (route) {
    case 'full LP':
      return certified(async () => (await solveOtmLinearProgram(p, q, k, 'iid', unlimited)).optimum);
    case 'membership LP':
      return certified(async () => (await solveMembershipLinearProgram(p, q, k, 'iid', unlimited)).optimum);
    case 'max-flow':
      return point(optimalMembershipFlow(floatField, 'iid', p, q, k, { maxSets: Number.MAX_SAFE_INTEGER }).optimum);
    case 'prefix dual':
      return point(subsetDual(floatField, 'iid', p, q, k).optimum);
  }
}

export async function optimumCost(options: Partial<OptimumCostOptions> = {}): Promise<FigureData<OptimumCostRow>> {
  const o = { ...COST_DEFAULTS, ...options };
  const pairAt = (n: number) => {
    const [pair] = syntheticLogitPairs({ n, contexts: 1, seed: `${o.seed}/optimum-cost/${n}` });
    return { p: softmax(pair!.target, 1), q: softmax(pair!.draft, 1) };
  };
  // Warm-up: the first call of each route pays for module set-up and JIT compilation.
  for (const k of o.ks) for (const route of COST_ROUTES) await solve(route, pairAt(8).p, pairAt(8).q, k);
  const rows: OptimumCostRow[] = [];
  for (const k of o.ks) {
    const active = new Set<CostRoute>(COST_ROUTES);
    const last = new Map<CostRoute, number>();
    for (const n of o.sizes) {
      if (active.size === 0) break;
      const { p, q } = pairAt(n);
      const values: Array<{ lower: number; upper: number }> = [];
      for (const route of COST_ROUTES) {
        if (!active.has(route)) continue;
        // Median of individually timed solves, repeated until minSampleSeconds (robust to GC pauses).
        const times: number[] = [];
        let value = { lower: NaN, upper: NaN };
        const started = performance.now();
        do {
          const t0 = performance.now();
          value = await solve(route, p, q, k);
          times.push((performance.now() - t0) / 1000);
        } while ((performance.now() - started) / 1000 < o.minSampleSeconds);
        times.sort((a, b) => a - b);
        const seconds = times[Math.floor(times.length / 2)]!;
        const optimum = value.lower === value.upper ? value.lower : (value.lower + value.upper) / 2;
        rows.push({ k, n, route, seconds, repetitions: times.length, optimum });
        values.push(value);
        o.progress?.(`k = ${k}, n = ${n}: ${route} ${seconds < 0.01 ? (seconds * 1e3).toFixed(3) + ' ms' : seconds.toFixed(2) + ' s'}`);
        // Stop a route past the cap, or when its growth predicts the next solve far past it.
        const previous = last.get(route);
        const predicted = previous !== undefined && previous > 0 ? seconds * (seconds / previous) : seconds;
        if (seconds > o.capSeconds || predicted > 2 * o.capSeconds) active.delete(route);
        last.set(route, seconds);
      }
      // The routes' intervals (points for the exact ones) must meet, to 1e-9.
      const spread = Math.max(...values.map((v) => v.lower)) - Math.min(...values.map((v) => v.upper));
      if (spread > 1e-9) throw new SpechubError('SOLVER_FAILURE', `optimum routes disagree by ${spread} at k = ${k}, n = ${n}`);
    }
  }
  const host = cpus()[0]?.model ?? 'unknown CPU';
  return {
    figure: 'optimum-cost',
    title: 'Cost of the exact optimum α* as the vocabulary grows',
    description:
      'Wall-clock seconds per solve of the four exact routes (full OTM LP, membership LP, max-flow, prefix dual) for i.i.d. drafts, ' +
      `k = ${o.ks.join(' and ')}, on the synthetic family at T = 1. All routes agree to 1e-9 where several ran (a GLPK value not ` +
      'certified to 1e-9 counts as its certified interval, plotted at its midpoint).',
    parameters: { ks: o.ks, sizes: o.sizes, capSeconds: o.capSeconds, minSampleSeconds: o.minSampleSeconds, seed: o.seed, host: `${host} (${cpus().length} logical cores, shared)` },
    notes: [
      `A route stops after a solve slower than ${o.capSeconds} s, or when its growth predicts the next beyond ${2 * o.capSeconds} s.`,
      'Each point: median of individually timed solves repeated for at least ' + `${o.minSampleSeconds} s (after one warm-up solve per route).`,
      'GLPK (glpk.js, WebAssembly) for the two LPs; own Dinic max-flow in float64; the prefix dual sorts once.',
      'Timings are from one run on a shared machine and vary 20–30 % between runs.',
      'The prefix dual orders tokens with a comparator sort below 16,384 tokens and a 16-bit radix sort above.',
    ],
    rows,
  };
}
