/**
 * Data of figure 3: how far each heuristic verifier is from the optimum, as a distribution over many random
 * instances of the synthetic family (random vocabulary size, temperature, Zipf exponent and draft noise), for
 * k = 2 and k = 3 drafts. One row per instance with every acceptance; the spec derives two gaps per method:
 * - **own**: α* of the method's own draft law − α (RRS, K-SEQ → i.i.d. optimum; RRSw → w/o-replacement
 *   optimum; SpecHub and greedy G-r / G-q are optimal for their own laws, §4.5 H2 and §2.8, so their own
 *   gap is 0 and they are left out of that panel);
 * - **best**: the best optimum over the draft laws compared, max(α*_wor, α*_greedy G-r) (α*_wor ≥ α*_iid,
 *   §4.4; α*_G-q ≤ α*_G-r, §2.8), minus α — for every method and for the i.i.d. optimum itself.
 *
 * Exact closed forms everywhere (RRSw at k = 3 by its exact prefix sum, affordable for n ≤ 40); the optima
 * by the prefix dual (proved for i.i.d. drafts and w/o-replacement drafts at k = 2; at k = 3 the
 * w/o-replacement prefix optimum comes from the race integral and is numerical evidence, §4.4).
 *
 * @example
 * ```ts
 * const data = optimalityGap({ instances: 400, seed: 17 });
 * ```
 */
import { acceptanceRate } from '../../analysis/acceptanceRate.ts';
import { floatField } from '../../core/field.ts';
import { softmax } from '../../core/softmax.ts';
import { subsetDualPrefix } from '../../optimum/subsetDualPrefix.ts';
import { createRng, deriveSeed } from '../../random/createRng.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { cellTask } from '../cellTask.ts';
import type { FigureData } from '../figureData.ts';
import type { CellGrid, GridKind } from '../runGrid.ts';
import { syntheticLogitPairs } from './syntheticLogitPairs.ts';

export interface OptimalityGapOptions {
  /** Instances per k. */
  instances: number;
  seed: string | number;
  ks: number[];
  /** Vocabulary size range (inclusive). */
  nMin: number;
  nMax: number;
}

export interface OptimalityGapRow {
  [field: string]: string | number | boolean | null;
  k: number;
  instance: number;
  n: number;
  temperature: number;
  rrs: number;
  kseq: number;
  rrsw: number;
  greedy: number;
  greedyQ: number;
  optimumIid: number;
  optimumWor: number;
}

export const GAP_DEFAULTS = { instances: 400, seed: 17, ks: [2, 3], nMin: 5, nMax: 40 } as const;

/** Figure 3's data from its options and every instance's row (in cell order: k, then instance). */
export const OPTIMALITY_GAP_KIND: GridKind<OptimalityGapRow, FigureData<OptimalityGapRow>> = {
  name: 'figure:optimality-gap',
  finish(grid, rows) {
    const o = grid as OptimalityGapOptions;
    return {
      figure: 'optimality-gap',
      title: 'Gap to the optimum over random instances',
      description:
        `${o.instances} random synthetic instances per k (n = ${o.nMin}..${o.nMax}, temperature 0.3–1.5, random Zipf exponent ` +
        'and draft noise); exact acceptances and prefix-dual optima.',
      parameters: { instances: o.instances, seed: o.seed, ks: o.ks, nMin: o.nMin, nMax: o.nMax },
      notes: [
        'Own draft law: RRS and K-SEQ against the i.i.d. optimum, RRSw against the w/o-replacement optimum; SpecHub, G-r and G-q are optimal for their own laws (gap 0).',
        'Best law: max(w/o-replacement optimum, greedy G-r) minus each method.',
        'k = 3 w/o-replacement optimum: race-integral prefix search (numerical evidence that a prefix is optimal).',
      ],
      rows,
    };
  },
  text: (data) => stringifyJson(data, { indent: 1, what: 'optimality-gap data' }) + '\n',
};

/** One random instance: its parameters (drawn in order from the k's stream when the grid is laid out). */
export interface OptimalityGapCell {
  k: number;
  instance: number;
  n: number;
  temperature: number;
  seed: string;
  zipfExponent: number;
  targetNoise: number;
  draftDamping: number;
  draftNoise: number;
}

/**
 * One cell per instance, for `spechub plot --workers / --shard`. The instances' parameters come from one seeded
 * stream per k, drawn here in instance order (cheap); each cell then computes its instance's acceptances.
 */
export function optimalityGapGrid(options: Partial<OptimalityGapOptions> = {}): CellGrid<OptimalityGapCell, OptimalityGapRow, FigureData<OptimalityGapRow>> {
  const o = { ...GAP_DEFAULTS, ...options };
  const cells: OptimalityGapCell[] = [];
  for (const k of o.ks) {
    const rng = createRng(deriveSeed(o.seed, 'optimality-gap', k));
    const uniform = (lo: number, hi: number) => lo + rng() * (hi - lo);
    for (let instance = 0; instance < o.instances; instance++) {
      const n = o.nMin + Math.floor(rng() * (o.nMax - o.nMin + 1));
      const temperature = Math.exp(uniform(Math.log(0.3), Math.log(1.5)));
      const zipfExponent = uniform(0.7, 1.5);
      const targetNoise = uniform(0.2, 0.8);
      const draftDamping = uniform(0.6, 1.0);
      const draftNoise = uniform(0.3, 1.5);
      cells.push({ k, instance, n, temperature, seed: deriveSeed(o.seed, 'optimality-gap', k, instance), zipfExponent, targetNoise, draftDamping, draftNoise });
    }
  }
  return {
    kind: OPTIMALITY_GAP_KIND,
    grid: { instances: o.instances, seed: o.seed, ks: [...o.ks], nMin: o.nMin, nMax: o.nMax },
    cells,
    task: cellTask(import.meta.url, './optimalityGap', 'optimalityGapCell'),
    label: (c) => `k = ${c.k}, instance ${c.instance + 1}/${o.instances}`,
  };
}

/** One instance's acceptances and optima (a cell function: runs in a worker). */
export function optimalityGapCell(cell: OptimalityGapCell): OptimalityGapRow {
  const { k, instance, n, temperature } = cell;
  const [pair] = syntheticLogitPairs({
    n,
    contexts: 1,
    seed: cell.seed,
    zipfExponent: cell.zipfExponent,
    targetNoise: cell.targetNoise,
    draftDamping: cell.draftDamping,
    draftNoise: cell.draftNoise,
  });
  const p = softmax(pair!.target, temperature);
  const q = softmax(pair!.draft, temperature);
  return {
    k,
    instance,
    n,
    temperature,
    rrs: acceptanceRate('rrs', p, q, k),
    kseq: acceptanceRate('kseq', p, q, k),
    rrsw: acceptanceRate('rrsw', p, q, k),
    greedy: acceptanceRate('greedy', p, q, k),
    greedyQ: acceptanceRate('greedy-q', p, q, k),
    optimumIid: subsetDualPrefix(floatField, 'iid', p, q, k).optimum,
    optimumWor: subsetDualPrefix(floatField, 'wor', p, q, k).optimum,
  };
}

export function optimalityGap(options: Partial<OptimalityGapOptions> = {}): FigureData<OptimalityGapRow> {
  const grid = optimalityGapGrid(options);
  return OPTIMALITY_GAP_KIND.finish(grid.grid, grid.cells.map(optimalityGapCell));
}
