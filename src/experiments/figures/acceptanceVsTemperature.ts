/**
 * Data of figure 1: acceptance α against temperature T for every verifier and the optimum, k = 2 drafts,
 * averaged over the contexts of the synthetic Zipf family ({@link syntheticLogitPairs}); temperature applied
 * to target and draft alike (§8 item 9). Every value is a closed form (§3.1) or the prefix dual
 * (§4.4, proved for i.i.d. drafts and for w/o-replacement drafts at k = 2), so the figure is exact up to float64.
 *
 * @example
 * ```ts
 * const data = acceptanceVsTemperature({ n: 300, contexts: 24, seed: 17 });
 * ```
 */
import { softmax } from '../../core/softmax.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { cellTask } from '../cellTask.ts';
import type { FigureData } from '../figureData.ts';
import type { CellGrid, GridKind } from '../runGrid.ts';
import { seriesLabel } from '../seriesLabel.ts';
import { seriesAcceptance } from './_internals/seriesAcceptance.ts';
import { SYNTHETIC_DEFAULTS, type SyntheticFamilyOptions, syntheticLogitPairs } from './syntheticLogitPairs.ts';

export interface AcceptanceVsTemperatureOptions extends SyntheticFamilyOptions {
  temperatures?: number[];
}

export interface AcceptanceVsTemperatureRow {
  [field: string]: string | number | boolean | null;
  temperature: number;
  series: string;
  label: string;
  /** Mean over contexts. */
  acceptance: number;
  /** Smallest and largest value over contexts. */
  min: number;
  max: number;
}

/** Series of figure 1, in legend order. G-r equals SpecHub at k = 2 (same set law, §1.4) and shares its line. */
export const TEMPERATURE_SERIES = ['optimum-wor', 'optimum-iid', 'spechub', 'rrsw', 'kseq', 'rrs', 'greedy-q', 'sd'] as const;

export const TEMPERATURE_DEFAULTS = {
  n: 300,
  contexts: 24,
  seed: 17,
  temperatures: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
} as const;

/** Figure 1's data from its options and every temperature's rows (in temperature order). */
export const ACCEPTANCE_VS_TEMPERATURE_KIND: GridKind<AcceptanceVsTemperatureRow[], FigureData<AcceptanceVsTemperatureRow>> = {
  name: 'figure:acceptance-vs-temperature',
  finish(grid, results) {
    const { k, family, temperatures } = grid as { k: number; family: SyntheticFamilyOptions; temperatures: number[] };
    return {
      figure: 'acceptance-vs-temperature',
      title: 'Acceptance vs temperature, k = 2 drafts',
      description:
        `Mean acceptance α over ${family.contexts} synthetic contexts (Zipf-like target logits, damped noisy draft, ` +
        `n = ${family.n} tokens), temperature applied to both models. Exact closed forms and prefix-dual optima.`,
      parameters: { k, family, temperatures },
      notes: [
        'Single-draft SD is shown for reference (k = 1).',
        'Greedy G-r has the same set law as SpecHub at k = 2, hence the same acceptance (§1.4).',
        'Optima: prefix dual (§4.4); proved for i.i.d. drafts and for w/o-replacement drafts at k = 2.',
      ],
      rows: results.flat(),
    };
  },
  text: (data) => stringifyJson(data, { indent: 1, what: 'acceptance-vs-temperature data' }) + '\n',
};

export interface AcceptanceVsTemperatureCell {
  temperature: number;
  family: SyntheticFamilyOptions;
}

/** One cell per temperature, for `spechub plot --workers / --shard`. */
export function acceptanceVsTemperatureGrid(
  options: Partial<AcceptanceVsTemperatureOptions> = {},
): CellGrid<AcceptanceVsTemperatureCell, AcceptanceVsTemperatureRow[], FigureData<AcceptanceVsTemperatureRow>> {
  const family: SyntheticFamilyOptions = { ...SYNTHETIC_DEFAULTS, n: TEMPERATURE_DEFAULTS.n, contexts: TEMPERATURE_DEFAULTS.contexts, seed: TEMPERATURE_DEFAULTS.seed, ...options };
  const temperatures = options.temperatures ?? [...TEMPERATURE_DEFAULTS.temperatures];
  return {
    kind: ACCEPTANCE_VS_TEMPERATURE_KIND,
    grid: { k: 2, family, temperatures },
    cells: temperatures.map((temperature) => ({ temperature, family })),
    task: cellTask(import.meta.url, './acceptanceVsTemperature', 'acceptanceVsTemperatureCell'),
    label: (c) => `T = ${c.temperature}`,
  };
}

/** Every series at one temperature (a cell function: runs in a worker). */
export function acceptanceVsTemperatureCell(cell: AcceptanceVsTemperatureCell): AcceptanceVsTemperatureRow[] {
  const { temperature } = cell;
  const pairs = syntheticLogitPairs(cell.family);
  const k = 2;
  const values = new Map<string, number[]>();
  for (const pair of pairs) {
    const p = softmax(pair.target, temperature);
    const q = softmax(pair.draft, temperature);
    for (const series of TEMPERATURE_SERIES) {
      const list = values.get(series) ?? [];
      list.push(seriesAcceptance(series, p, q, k).value);
      values.set(series, list);
    }
  }
  return TEMPERATURE_SERIES.map((series) => {
    const v = values.get(series)!;
    return {
      temperature,
      series,
      label: series === 'spechub' ? 'SpecHub = greedy G-r (k = 2)' : seriesLabel(series),
      acceptance: v.reduce((a, b) => a + b, 0) / v.length,
      min: Math.min(...v),
      max: Math.max(...v),
    };
  });
}

export function acceptanceVsTemperature(options: Partial<AcceptanceVsTemperatureOptions> = {}): FigureData<AcceptanceVsTemperatureRow> {
  const grid = acceptanceVsTemperatureGrid(options);
  return ACCEPTANCE_VS_TEMPERATURE_KIND.finish(grid.grid, grid.cells.map(acceptanceVsTemperatureCell));
}
