/**
 * Vega-Lite spec of figure 6 (SpecHub's region of dominance) from its data ({@link spechubDominance}): one
 * panel per competitor, difference α_SpecHub − α_other against q(a), a rule at q(a) = ½ (H3's hypothesis),
 * points coloured by win / tie / loss, with the loss counts on each side of ½ in the panel title.
 *
 * @example
 * ```ts
 * const spec = spechubDominanceSpec(spechubDominance());
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { CONFIG, SCHEMA } from '../_internals/theme.ts';

/** Differences within this tolerance count as ties (float64 rounding of equal closed forms). */
export const TIE_TOLERANCE = 1e-12;

const COMPETITORS = [
  { field: 'optimumIid', label: 'optimum with two i.i.d. drafts' },
  { field: 'kseq', label: 'K-SEQ' },
  { field: 'rrs', label: 'RRS' },
  { field: 'rrsw', label: 'RRSw (w/o replacement)' },
] as const;

export function spechubDominanceSpec(data: FigureData): TopLevelSpec {
  const rows = data.rows;
  const panels = COMPETITORS.map((c) => {
    let lowLoss = 0;
    let low = 0;
    let highLoss = 0;
    let high = 0;
    for (const r of rows) {
      const d = Number(r.spechub) - Number(r[c.field]);
      if (Number(r.hubProbability) >= 0.5) {
        high++;
        if (d < -TIE_TOLERANCE) highLoss++;
      } else {
        low++;
        if (d < -TIE_TOLERANCE) lowLoss++;
      }
    }
    return { ...c, title: `SpecHub vs ${c.label}|loses on ${lowLoss} of ${low} with q(a) < ½ and on ${highLoss} of ${high} with q(a) ≥ ½` };
  });
  const panelExpr = panels.map((p) => `datum.competitor == '${p.field}' ? '${p.title}'`).join(' : ') + " : ''";
  const outcome = {
    field: 'outcome',
    type: 'nominal',
    title: 'SpecHub',
    scale: { domain: ['wins', 'ties', 'loses'], range: ['#2ca02c', '#9e9e9e', '#d62728'] },
    legend: { orient: 'bottom', direction: 'horizontal', symbolSize: 80 },
  };
  return {
    $schema: SCHEMA,
    title: {
      text: data.title,
      subtitle: [
        `${rows.length} random instances (n = ${(data.parameters.sizes as number[] | undefined)?.join(', ') ?? '?'} tokens); each point is one (p, q). Exact closed forms / prefix dual.`,
        'H3 (proved): right of the dashed line, q(a) ≥ ½, SpecHub never loses to the i.i.d. optimum, hence to RRS and K-SEQ.',
        'H4: left of it SpecHub can lose to all of them, and RRSw (w/o-replacement drafts) can beat it on both sides.',
      ],
    },
    data: { values: rows },
    transform: [
      { fold: COMPETITORS.map((c) => c.field), as: ['competitor', 'other'] },
      { calculate: 'datum.spechub - datum.other', as: 'difference' },
      { calculate: `datum.difference > ${TIE_TOLERANCE} ? 'wins' : datum.difference < -${TIE_TOLERANCE} ? 'loses' : 'ties'`, as: 'outcome' },
      { calculate: panelExpr, as: 'panel' },
    ],
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels.map((p) => p.title), header: { labelFontSize: 12, labelFontWeight: 'normal', labelLimit: 0, labelExpr: "split(datum.value, '|')" } },
    columns: 2,
    spacing: { row: 24, column: 36 },
    spec: {
      width: 380,
      height: 230,
      layer: [
        {
          transform: [{ aggregate: [{ op: 'count', as: 'instances' }], groupby: ['panel'] }],
          mark: { type: 'rule', strokeDash: [5, 4], color: '#555' },
          encoding: { x: { datum: 0.5, type: 'quantitative', scale: { domain: [0.15, 1] } } },
        },
        { transform: [{ aggregate: [{ op: 'count', as: 'instances' }], groupby: ['panel'] }], mark: { type: 'rule', color: '#888' }, encoding: { y: { datum: 0 } } },
        {
          mark: { type: 'point', filled: true, size: 14, opacity: 0.6, aria: false },
          params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
          encoding: {
            x: { field: 'hubProbability', type: 'quantitative', title: 'hub probability q(a) = max_y q(y)', scale: { domain: [0.15, 1] } },
            y: { field: 'difference', type: 'quantitative', title: 'α(SpecHub) − α(other)' },
            color: outcome,
            tooltip: [
              { field: 'instance', type: 'quantitative', title: 'instance' },
              { field: 'n', type: 'quantitative', title: 'n' },
              { field: 'target', type: 'nominal', title: 'target' },
              { field: 'hubProbability', type: 'quantitative', title: 'q(a)', format: '.4f' },
              { field: 'spechub', type: 'quantitative', title: 'α SpecHub', format: '.4f' },
              { field: 'other', type: 'quantitative', title: 'α other', format: '.4f' },
              { field: 'difference', type: 'quantitative', title: 'difference', format: '.5f' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
