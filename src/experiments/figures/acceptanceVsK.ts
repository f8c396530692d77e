/**
 * Data of figure 2: acceptance α against the number of drafts k = 1..6 for RRS, RRSw, K-SEQ, greedy G-r and
 * G-q, SpecHub (k = 2 only) and the optimum for i.i.d. and for without-replacement drafts, averaged over the
 * contexts of the synthetic Zipf family at one temperature.
 *
 * How each value is obtained (recorded per row in `kind`):
 * - closed forms (§3.1) for RRS, K-SEQ, greedy, SpecHub, and RRSw at k ≤ 2;
 * - RRSw at k ≥ 3 by **Monte Carlo** (its exact acceptance is a sum over O(n^(k−1)) rejected prefixes), with a
 *   95% interval for the mean over contexts (normal approximation; `trialsPerContext` trials per context);
 * - optima by the prefix dual (§4.4): proved for i.i.d. drafts (any k) and w/o-replacement drafts at k = 2;
 *   for w/o-replacement drafts at k ≥ 3 the containment probabilities come from the race integral and the
 *   prefix restriction is numerical evidence only (§4.4 [NUM]).
 *
 * @example
 * ```ts
 * const data = acceptanceVsK({ n: 60, contexts: 4, ks: [1, 2], seed: 17, temperature: 0.7 });
 * ```
 */
import { softmax } from '../../core/softmax.ts';
import { deriveSeed } from '../../random/createRng.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { cellTask } from '../cellTask.ts';
import type { FigureData } from '../figureData.ts';
import type { CellGrid, GridKind } from '../runGrid.ts';
import { seriesLabel } from '../seriesLabel.ts';
import { seriesAcceptance, type ValueKind } from './_internals/seriesAcceptance.ts';
import { SYNTHETIC_DEFAULTS, type SyntheticFamilyOptions, syntheticLogitPairs } from './syntheticLogitPairs.ts';

export interface AcceptanceVsKOptions extends SyntheticFamilyOptions {
  temperature: number;
  ks: number[];
  /** Monte Carlo trials per context for RRSw at k ≥ 3. */
  trialsPerContext: number;
}

export interface AcceptanceVsKRow {
  [field: string]: string | number | boolean | null;
  k: number;
  series: string;
  label: string;
  acceptance: number;
  /** 95% interval of the mean (Monte Carlo rows only). */
  low: number | null;
  high: number | null;
  kind: ValueKind;
}

export const K_SERIES = ['optimum-wor', 'optimum-iid', 'spechub', 'greedy', 'rrsw', 'kseq', 'rrs', 'greedy-q'] as const;

export const K_DEFAULTS = { n: 300, contexts: 24, seed: 17, temperature: 0.7, ks: [1, 2, 3, 4, 5, 6], trialsPerContext: 4000 } as const;

type AcceptanceVsKGridRecord = Omit<AcceptanceVsKOptions, never> & { family: SyntheticFamilyOptions };

/** Figure 2's data from its options and every (k, series) cell's row (in cell order). */
export const ACCEPTANCE_VS_K_KIND: GridKind<AcceptanceVsKRow, FigureData<AcceptanceVsKRow>> = {
  name: 'figure:acceptance-vs-k',
  finish(grid, rows) {
    const o = grid as AcceptanceVsKGridRecord;
    return {
      figure: 'acceptance-vs-k',
      title: `Acceptance vs number of drafts k, temperature ${o.temperature}`,
      description:
        `Mean acceptance α over ${o.contexts} synthetic contexts (n = ${o.n}) for k = ${o.ks[0]}..${o.ks[o.ks.length - 1]} drafts. ` +
        'Closed forms and prefix-dual optima; RRSw at k ≥ 3 by Monte Carlo.',
      parameters: { family: o.family, temperature: o.temperature, ks: o.ks, trialsPerContext: o.trialsPerContext },
      notes: [
        `RRSw at k ≥ 3: Monte Carlo, ${o.trialsPerContext} trials per context (hollow points, 95% interval of the mean); exact acceptance is exponential in k.`,
        'w/o-replacement optimum at k ≥ 3: prefix search with the race integral; optimality of a prefix is numerical evidence only (§4.4).',
        'At k = 1 every method is single-draft SD.',
      ],
      rows,
    };
  },
  text: (data) => stringifyJson(data, { indent: 1, what: 'acceptance-vs-k data' }) + '\n',
};

export interface AcceptanceVsKCell {
  k: number;
  series: string;
  family: SyntheticFamilyOptions;
  temperature: number;
  trialsPerContext: number;
  seed: string | number;
}

/** One cell per (k, series), each averaging over the contexts with its own seeds: for `spechub plot --workers / --shard`. */
export function acceptanceVsKGrid(options: Partial<AcceptanceVsKOptions> = {}): CellGrid<AcceptanceVsKCell, AcceptanceVsKRow, FigureData<AcceptanceVsKRow>> {
  const o = { ...SYNTHETIC_DEFAULTS, ...K_DEFAULTS, ...options };
  const family: SyntheticFamilyOptions = {
    n: o.n, contexts: o.contexts, seed: o.seed, zipfExponent: o.zipfExponent, targetNoise: o.targetNoise, draftDamping: o.draftDamping, draftNoise: o.draftNoise,
  };
  const cells: AcceptanceVsKCell[] = [];
  for (const k of o.ks) {
    for (const series of K_SERIES) {
      if (series === 'spechub' && k !== 2) continue;
      cells.push({ k, series, family, temperature: o.temperature, trialsPerContext: o.trialsPerContext, seed: o.seed });
    }
  }
  const record: AcceptanceVsKGridRecord = { ...o, ks: [...o.ks], family };
  return { kind: ACCEPTANCE_VS_K_KIND, grid: record, cells, task: cellTask(import.meta.url, './acceptanceVsK', 'acceptanceVsKCell'), label: (c) => `k = ${c.k} ${c.series}` };
}

/** Per-thread cache of the last family's tempered pairs (every cell of a grid shares them). */
let lastPairs: { key: string; pairs: Array<{ p: Float64Array; q: Float64Array }> } | null = null;

/** One (k, series) point (a cell function: runs in a worker). */
export function acceptanceVsKCell(cell: AcceptanceVsKCell): AcceptanceVsKRow {
  const key = JSON.stringify([cell.family, cell.temperature]);
  if (lastPairs?.key !== key) lastPairs = { key, pairs: syntheticLogitPairs(cell.family).map((pair) => ({ p: softmax(pair.target, cell.temperature), q: softmax(pair.draft, cell.temperature) })) };
  const pairs = lastPairs.pairs;
  const { k, series } = cell;
  let sum = 0;
  let variance = 0;
  let kind: ValueKind = 'closed form';
  for (const [c, { p, q }] of pairs.entries()) {
    const v = seriesAcceptance(series, p, q, k, { trials: cell.trialsPerContext, seed: deriveSeed(cell.seed, 'acceptance-vs-k', series, k, c) });
    sum += v.value;
    kind = v.kind;
    if (v.trials !== undefined) variance += (v.value * (1 - v.value)) / v.trials;
  }
  const mean = sum / pairs.length;
  const halfWidth = kind === 'Monte Carlo' ? (1.959964 * Math.sqrt(variance)) / pairs.length : null;
  return {
    k,
    series,
    label: series === 'spechub' ? 'SpecHub (k = 2 only)' : series === 'rrsw' ? 'RRSw (Monte Carlo for k ≥ 3)' : seriesLabel(series),
    acceptance: mean,
    low: halfWidth === null ? null : mean - halfWidth,
    high: halfWidth === null ? null : mean + halfWidth,
    kind,
  };
}

export function acceptanceVsK(options: Partial<AcceptanceVsKOptions> = {}): FigureData<AcceptanceVsKRow> {
  const grid = acceptanceVsKGrid(options);
  return ACCEPTANCE_VS_K_KIND.finish(grid.grid, grid.cells.map(acceptanceVsKCell));
}
