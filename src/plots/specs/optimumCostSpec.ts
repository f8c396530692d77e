/**
 * Vega-Lite spec of figure 5 (cost of the exact optimum vs n, log–log) from its data ({@link optimumCost}):
 * one line per route, one panel per k.
 *
 * @example
 * ```ts
 * const spec = optimumCostSpec(await optimumCost({ ks: [2], sizes: [8, 16], capSeconds: 0.5, minSampleSeconds: 0 }));
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { CONFIG, SCHEMA } from '../_internals/theme.ts';
import { COST_ROUTES } from '../../experiments/figures/optimumCost.ts';

const COLORS = ['#d62728', '#ff7f0e', '#1f77b4', '#2ca02c'];

export function optimumCostSpec(data: FigureData): TopLevelSpec {
  const host = String(data.parameters.host ?? 'unknown machine');
  const cap = data.parameters.capSeconds;
  const color = {
    field: 'route',
    type: 'nominal',
    title: 'route',
    scale: { domain: COST_ROUTES, range: COLORS },
    legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 400 },
  };
  const x = { field: 'n', type: 'quantitative', title: 'vocabulary size n (tokens, log scale)', scale: { type: 'log', nice: false }, axis: { tickCount: 8, format: '~s' } };
  const y = { field: 'seconds', type: 'quantitative', title: 'seconds per solve (log scale)', scale: { type: 'log' }, axis: { format: '~g' } };
  return {
    $schema: SCHEMA,
    title: {
      text: data.title,
      subtitle: [
        'i.i.d. drafts on the synthetic family (T = 1); wall clock per solve, every route exact and agreeing to 1e-9.',
        `Median time per solve; a route stops past ${String(cap)} s. Machine: ${host}; timings vary 20–30 % between runs.`,
        'The prefix dual orders the tokens by a comparator sort below 16,384 tokens and a radix sort above.',
      ],
    },
    data: { values: data.rows },
    transform: [{ calculate: "'k = ' + datum.k + ' drafts'", as: 'panel' }],
    facet: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 13 } },
    spec: {
      width: 420,
      height: 300,
      layer: [
        {
          mark: { type: 'line', point: { filled: true, size: 36 } },
          params: [{ name: 'highlight', select: { type: 'point', fields: ['route'] }, bind: 'legend' }],
          encoding: {
            x,
            y,
            color,
            opacity: { condition: { param: 'highlight', empty: true, value: 1 }, value: 0.15 },
            tooltip: [
              { field: 'route', type: 'nominal', title: 'route' },
              { field: 'k', type: 'quantitative', title: 'k' },
              { field: 'n', type: 'quantitative', title: 'n' },
              { field: 'seconds', type: 'quantitative', title: 'seconds', format: '.3~g' },
              { field: 'repetitions', type: 'quantitative', title: 'repetitions' },
              { field: 'optimum', type: 'quantitative', title: 'α*', format: '.6f' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
