/**
 * Vega-Lite spec of figure 3 (gap to the optimum, distribution over random instances) from its data
 * ({@link optimalityGap}): box plots (whiskers min–max, box quartiles, tick at the median) of the gap per
 * method, one panel per (comparison, k).
 *
 * @example
 * ```ts
 * const spec = optimalityGapSpec(optimalityGap());
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { CONFIG, SCHEMA, SERIES } from '../_internals/theme.ts';

const METHODS = [
  { field: 'rrs', id: 'rrs', label: 'RRS', own: 'optimumIid' },
  { field: 'kseq', id: 'kseq', label: 'K-SEQ', own: 'optimumIid' },
  { field: 'rrsw', id: 'rrsw', label: 'RRSw', own: 'optimumWor' },
  { field: 'greedy', id: 'greedy', label: 'greedy G-r = SpecHub (k=2)', own: null },
  { field: 'greedyQ', id: 'greedy-q', label: 'greedy G-q', own: null },
  { field: 'optimumIid', id: 'optimum-iid', label: 'optimum, i.i.d. drafts', own: null },
] as const;

const OWN = 'gap to the optimum of its own draft law';
const BEST = 'gap to the best optimum (w/o replacement or greedy)';

export function optimalityGapSpec(data: FigureData): TopLevelSpec {
  const gapOwn = METHODS.filter((m) => m.own !== null)
    .map((m) => `datum.method == '${m.field}' ? datum.${m.own} - datum.${m.field}`)
    .join(' : ') + ' : null';
  const labelExpr = METHODS.map((m) => `datum.method == '${m.field}' ? '${m.label}'`).join(' : ') + " : ''";
  const labels = METHODS.map((m) => m.label);
  const instances = data.parameters.instances as number | undefined;
  return {
    $schema: SCHEMA,
    title: {
      text: data.title,
      subtitle: [
        `${instances ?? '?'} random synthetic instances per k (n = ${String(data.parameters.nMin)}–${String(data.parameters.nMax)}, temperature 0.3–1.5); box = quartiles, whiskers = min–max.`,
        'Left: each method against the optimum for its own draft law (SpecHub, G-r and G-q are optimal for theirs: gap 0, not drawn).',
        'Right: against the best of the optima (w/o-replacement drafts, greedy drafts). k = 3 w/o-replacement optimum: race integral.',
      ],
    },
    data: { values: data.rows },
    transform: [
      { calculate: 'max(datum.optimumWor, datum.greedy)', as: 'best' },
      { fold: METHODS.map((m) => m.field), as: ['method', 'acceptance'] },
      { calculate: labelExpr, as: 'label' },
      { calculate: gapOwn, as: 'gapOwn' },
      { calculate: 'datum.best - datum.acceptance', as: 'gapBest' },
      { fold: ['gapOwn', 'gapBest'], as: ['comparison', 'gap'] },
      { filter: 'isValid(datum.gap)' },
      { calculate: `(datum.comparison == 'gapOwn' ? '${OWN}' : '${BEST}') + '|k = ' + datum.k + ' drafts'`, as: 'panel' },
    ],
    facet: {
      field: 'panel',
      type: 'nominal',
      title: null,
      sort: { field: 'comparison', order: 'descending' },
      header: { labelFontSize: 12, labelFontWeight: 'normal', labelLimit: 0, labelExpr: "split(datum.value, '|')" },
    },
    columns: 2,
    spacing: { row: 28, column: 40 },
    spec: {
      width: 360,
      height: 190,
      mark: { type: 'boxplot', extent: 'min-max', size: 16, median: { color: 'white', strokeWidth: 2 } },
      encoding: {
        y: { field: 'label', type: 'nominal', title: null, sort: labels, axis: { labelLimit: 400 } },
        x: { field: 'gap', type: 'quantitative', title: 'acceptance gap (probability)', scale: { domainMin: 0, nice: true } },
        color: {
          field: 'label',
          type: 'nominal',
          scale: { domain: labels, range: METHODS.map((m) => SERIES[m.id]?.color ?? '#999999') },
          legend: null,
        },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
