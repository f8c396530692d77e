/**
 * Vega-Lite spec of figure 7 ("how far from the best tree verifier") from its data ({@link treeVerifierGap}):
 * per tree shape and sibling law, box plots (whiskers min–max) with the instances as points, of each method's
 * tokens per step as a fraction of 1 + LP-A.
 *
 * @example
 * ```ts
 * import { treeVerifierGap } from '../../experiments/figures/treeVerifierGap.ts';
 * const spec = treeVerifierGapSpec(treeVerifierGap({ instances: 2 }));
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { CONFIG, SCHEMA, SERIES } from '../_internals/theme.ts';

const ORDER = ['sd', 'block', 'rrs', 'traversal', 'rrsw', 'traversal-wor', 'spechub', 'traversal-hub'];

export function treeVerifierGapSpec(data: FigureData): TopLevelSpec {
  const present = ORDER.filter((id) => data.rows.some((r) => r.series === id));
  const labels = present.map((id) => String(data.rows.find((r) => r.series === id)!.label));
  const colors = present.map((id) => SERIES[id]?.color ?? '#999999');
  const trees = [...new Set(data.rows.map((r) => String(r.tree)))];
  // One row of the plot per (tree, method), grouped in panels by draft law.
  const rowOrder = ['chain', 'iid', 'wor', 'hub'].flatMap((g) => trees.flatMap((t) => present.map((id) => `${g}|${t}|${id}`)));
  const minFraction = Math.min(...data.rows.map((r) => Number(r.fraction)));
  const low = Math.max(0, Math.floor(minFraction * 20) / 20);
  const group = "indexof(datum.tree, 'chain') == 0 ? 'chain' : datum.law";
  const groupName = "datum.group == 'chain' ? 'draft chains (one child per node): SD vs block verification' : datum.group == 'iid' ? 'i.i.d. siblings: RRS vs traversal verification' : datum.group == 'wor' ? 'w/o-replacement siblings: RRSw vs traversal verification' : 'hub-pair siblings: SpecHub vs traversal verification'";
  const p = data.parameters as { instances?: number; vocabularies?: number[] };
  const tooltip = [
    { field: 'label', title: 'method' },
    { field: 'tree', title: 'tree' },
    { field: 'instance', title: 'instance' },
    { field: 'n', title: 'n' },
    { field: 'tokensPerStep', title: 'tokens per step', format: '.4f' },
    { field: 'optimum', title: '1 + LP-A', format: '.4f' },
    { field: 'exactFraction', title: 'fraction (exact)' },
  ];
  const y = { field: 'row', type: 'nominal', title: null, sort: rowOrder, axis: { labelExpr: "split(datum.value, '|')[1]", labelLimit: 200 } };
  const x = { field: 'fraction', type: 'quantitative', title: 'tokens per step / (1 + LP-A)', scale: { domain: [low, 1.0] } };
  const color = { field: 'label', type: 'nominal', title: null, scale: { domain: labels, range: colors }, legend: { orient: 'bottom', columns: 2, labelLimit: 0 } };
  return {
    $schema: SCHEMA,
    title: {
      text: data.title,
      subtitle: [
        `${p.instances ?? '?'} random Markov chains (n = ${(p.vocabularies ?? []).join(', ')}), start token 0, exact rationals. 1 + LP-A = the best exact verifier for the same draft-tree law (§S4.1).`,
        'Box: quartiles, whiskers min–max; ticks: the instances. 1 = optimal. Block verification equals LP-A on chains (proved, §S2.4).',
      ],
    },
    data: { values: data.rows },
    transform: [
      { calculate: group, as: 'group' },
      { calculate: "datum.group + '|' + datum.tree + '|' + datum.series", as: 'row' },
      { calculate: groupName, as: 'panel' },
    ],
    facet: { row: { field: 'panel', type: 'nominal', title: null, sort: ['draft chains (one child per node): SD vs block verification', 'i.i.d. siblings: RRS vs traversal verification', 'w/o-replacement siblings: RRSw vs traversal verification', 'hub-pair siblings: SpecHub vs traversal verification'], header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12, labelLimit: 0 } } },
    spacing: { row: 14 },
    spec: {
      width: 520,
      height: { step: 14 },
      layer: [
        { mark: { type: 'boxplot', extent: 'min-max', size: 10, median: { color: 'white', strokeWidth: 2 }, opacity: 0.5 }, encoding: { y, x, color } },
        { mark: { type: 'tick', thickness: 1, size: 9, opacity: 0.9 }, encoding: { y, x, color, tooltip } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
