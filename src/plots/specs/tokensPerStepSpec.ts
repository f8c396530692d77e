/**
 * Vega-Lite spec of figure 4 (tokens per step vs tree depth) from its data ({@link tokensPerStep}): one panel
 * per (source, temperature); lines through the exact values (simulation) or the measured means (end to end),
 * points with 95 % intervals for the Monte Carlo / measured values.
 *
 * @example
 * ```ts
 * const spec = tokensPerStepSpec(tokensPerStep({ vocabularySize: 50, depths: [1, 2], temperatures: [1], steps: 0 }));
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { CONFIG, SCHEMA } from '../_internals/theme.ts';
import { BOUND_SERIES, END_TO_END, EXACT_PANEL, SEQUENCE_METHODS, SWEEP_EXTRA_METHODS, TREE_METHODS } from '../../experiments/figures/tokensPerStep.ts';
import { colorScale, dashScale, seriesInRows, tooltipEncoding } from './_internals/seriesLines.ts';

export function tokensPerStepSpec(data: FigureData): TopLevelSpec {
  const series = seriesInRows(data.rows, [...SWEEP_EXTRA_METHODS, ...TREE_METHODS, ...SEQUENCE_METHODS, ...BOUND_SERIES]);
  const p = data.parameters as { vocabularySize?: number; targetOverlap?: number; steps?: number; sweepFiles?: string[] };
  const fromSweeps = (p.sweepFiles ?? []).length > 0;
  const hasEndToEnd = data.rows.some((r) => r.source === END_TO_END);
  // Simulation panels first, then the exact small-chain panel, then end to end; temperatures ascending.
  const rank = (s: string) => (s === END_TO_END ? 2 : s === EXACT_PANEL ? 1 : 0);
  const sources = [...new Set(data.rows.map((r) => String(r.source)))].sort((a, b) => rank(a) - rank(b));
  const hasExactPanel = data.rows.some((r) => r.source === EXACT_PANEL);
  const hasSequence = data.rows.some((r) => (SEQUENCE_METHODS as readonly string[]).includes(String(r.series)));
  const panels = sources.flatMap((source) =>
    [...new Set(data.rows.filter((r) => r.source === source).map((r) => Number(r.temperature)))].sort((a, b) => a - b).map((t) => `${source}|T = ${t}`),
  );
  const color = { field: 'label', type: 'nominal', title: null, scale: colorScale(series), sort: series.map((s) => s.label), legend: { orient: 'bottom', columns: 3, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 400 } };
  const depths = [...new Set(data.rows.map((r) => Number(r.depth)))].sort((a, b) => a - b);
  const x = {
    field: 'depth',
    type: 'quantitative',
    title: 'tree depth d (full binary tree 2^(d+1))',
    scale: { domain: [depths[0]! - 0.3, depths[depths.length - 1]! + 0.3], nice: false },
    axis: { values: depths, format: 'd' },
  };
  const opacity = { condition: { param: 'highlight', empty: true, value: 1 }, value: 0.15 };
  const tooltip = tooltipEncoding([
    { field: 'label', title: 'method', type: 'nominal' },
    { field: 'source', title: 'source', type: 'nominal' },
    { field: 'temperature', title: 'T' },
    { field: 'tree', title: 'tree', type: 'nominal' },
    { field: 'exact', title: 'exact', format: '.4f' },
    { field: 'estimate', title: 'simulated / measured', format: '.4f' },
    { field: 'low', title: '95% low', format: '.4f' },
    { field: 'high', title: '95% high', format: '.4f' },
  ]);
  return {
    $schema: SCHEMA,
    title: {
      text: data.title,
      subtitle: [
        ...(fromSweeps
          ? [
              "Simulation: the tree simulator's reproduction runs (plots/data/tree-reproduction-*.json, spechub sweep): synthetic",
              "languages, draft noise calibrated to the paper's single-draft acceptance ov(p, q) (panel titles).",
              'Lines: exact §5.3 recursion where it exists (the contextual family has none: lines join the Monte Carlo means);',
              `points: Monte Carlo of the tree walk, 95% intervals. SpecHub = greedy G-r here${data.rows.some((r) => String(r.series).startsWith('otm')) ? '; OTM = the per-node optimal verifier' : ''}.`,
            ]
          : [
              `Simulation: synthetic Markov chain, n = ${p.vocabularySize ?? '?'}, draft noise calibrated to ov(p, q) ≈ ${p.targetOverlap ?? '?'}.`,
              `Lines: exact §5.3 recursion; points: ${p.steps ?? '?'}-step Monte Carlo of the tree walk, 95% intervals.`,
              'SpecHub = greedy G-r on full binary trees; SD drafts a chain of depth d.',
            ]),
        ...(hasSequence ? ['Block verification (chains, at depth d = chain length) and traversal verification (same drafts as RRS / RRSw / SpecHub): §S2–§S3.'] : []),
        ...(hasExactPanel ? ["Exact panel: the spec's chain V8 (n = 4); dotted: 1 + LP-A, the best exact verifier for each draft law (§S4.1), where computable."] : []),
        hasEndToEnd ? 'Bottom: end-to-end runs on the shipped tfjs models (mean, 95% interval).' : 'End-to-end panels appear once plots/data/e2e-*.json exists.',
      ],
    },
    data: { values: data.rows },
    transform: [
      { calculate: 'isValid(datum.exact) ? datum.exact : datum.estimate', as: 'line' },
      { calculate: `datum.source + '|T = ' + datum.temperature`, as: 'panel' },
    ],
    facet: {
      field: 'panel',
      type: 'nominal',
      title: null,
      sort: panels,
      header: { labelFontSize: 12, labelFontWeight: 'normal', labelLimit: 0, labelExpr: "split(datum.value, '|')" },
    },
    columns: 2,
    spacing: { row: 24, column: 30 },
    spec: {
      width: 380,
      height: 260,
      layer: [
        {
          mark: { type: 'line' },
          params: [{ name: 'highlight', select: { type: 'point', fields: ['label'] }, bind: 'legend' }],
          encoding: { x, y: { field: 'line', type: 'quantitative', title: 'tokens per target call', scale: { zero: false } }, color, strokeDash: { field: 'label', type: 'nominal', title: null, scale: dashScale(series), sort: series.map((s) => s.label) }, opacity },
        },
        {
          transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color, opacity },
        },
        {
          transform: [{ filter: 'isValid(datum.estimate)' }],
          mark: { type: 'point', filled: true, size: 30 },
          encoding: { x, y: { field: 'estimate', type: 'quantitative' }, color, opacity, tooltip },
        },
      ],
    },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
