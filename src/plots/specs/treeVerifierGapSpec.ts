/**
 * Vega-Lite spec of figure 7 ("how far from the best tree verifier") from its data ({@link treeVerifierGap}):
 * per tree shape and sibling law, box plots (whiskers min–max) with the instances as points, of each method's
 * tokens per step as a fraction of 1 + LP-A.
 *
 * @example
 * ```ts
 * const spec = treeVerifierGapSpec(treeVerifierGap({ instances: 6 }));
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../figureData.ts';
import { CONFIG, SCHEMA, SERIES } from '../_internals/theme.ts';

const ORDER = ['sd', 'block', 'rrs', 'traversal', 'rrsw', 'traversal-wor', 'spechub', 'traversal-hub'];

export function treeVerifierGapSpec(data: FigureData): TopLevelSpec {
  const present = ORDER.filter((id) => data.rows.some((r) => r.series === id));
  const labels = present.map((id) => String(data.rows.find((r) => r.series === id)!.label));
  const colors = present.map((id) => SERIES[id]?.color ?? '#999999');
  const lawName = "datum.law == 'iid' ? 'i.i.d. siblings' : datum.law == 'wor' ? 'w/o-replacement siblings' : 'hub-pair siblings'";
  const p = data.parameters as { instances?: number; vocabularies?: number[] };
  return {
    $schema: SCHEMA,
    title: {
      text: data.title,
      subtitle: [
        `${p.instances ?? '?'} random Markov chains (n = ${(p.vocabularies ?? []).join(', ')}), exact rationals. 1 + LP-A = the best exact verifier for the same draft-tree law (§S4.1).`,
        'Box: quartiles, whiskers min–max, points: instances. Chains: SD vs block verification (= LP-A); trees: the token-level walk vs traversal verification.',
      ],
    },
    data: { values: data.rows },
    transform: [{ calculate: `datum.tree + '|' + (${lawName})`, as: 'panel' }],
    facet: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 12, labelFontWeight: 'normal', labelLimit: 0, labelExpr: "split(datum.value, '|')" } },
    columns: 4,
    spacing: { row: 22, column: 26 },
    spec: {
      width: 230,
      height: 90,
      layer: [
        {
          mark: { type: 'boxplot', extent: 'min-max', size: 14, median: { color: 'white', strokeWidth: 2 }, opacity: 0.55 },
          encoding: {
            y: { field: 'label', type: 'nominal', title: null, sort: labels, axis: { labelLimit: 300 } },
            x: { field: 'fraction', type: 'quantitative', title: 'fraction of 1 + LP-A', scale: { domain: [0.6, 1.0] } },
            color: { field: 'label', type: 'nominal', scale: { domain: labels, range: colors }, legend: null },
          },
        },
        {
          mark: { type: 'tick', thickness: 1, size: 10, opacity: 0.8 },
          encoding: {
            y: { field: 'label', type: 'nominal', sort: labels },
            x: { field: 'fraction', type: 'quantitative' },
            color: { field: 'label', type: 'nominal', scale: { domain: labels, range: colors }, legend: null },
            tooltip: [
              { field: 'label', title: 'method' },
              { field: 'instance', title: 'instance' },
              { field: 'n', title: 'n' },
              { field: 'tokensPerStep', title: 'tokens per step', format: '.4f' },
              { field: 'optimum', title: '1 + LP-A', format: '.4f' },
              { field: 'exactFraction', title: 'fraction (exact)' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
