/**
 * The look shared by every spechub figure: one colour and label per method (the same in every figure), the
 * fonts resvg can find (DejaVu Sans), sizes readable at the committed PNG scale.
 */
import type { TopLevelSpec } from 'vega-lite';

/** A series drawn in the figures: a verifier id, an optimum, or a reference line. */
export interface SeriesStyle {
  label: string;
  color: string;
  /** Dash pattern for optimum and reference lines; solid when absent. */
  dash?: number[];
}

/** Display label and colour of each series id, in legend order. */
export const SERIES: Readonly<Record<string, SeriesStyle>> = {
  'optimum-wor': { label: 'optimum, w/o-replacement drafts', color: '#7b3294', dash: [6, 3] },
  'optimum-iid': { label: 'optimum, i.i.d. drafts', color: '#222222', dash: [6, 3] },
  spechub: { label: 'SpecHub (hub pair)', color: '#17becf' },
  greedy: { label: 'greedy G-r (Hu et al.)', color: '#2ca02c' },
  'greedy-q': { label: 'greedy G-q', color: '#bcbd22' },
  rrsw: { label: 'RRSw (w/o replacement)', color: '#ff7f0e' },
  kseq: { label: 'K-SEQ (SpecTr)', color: '#d62728' },
  rrs: { label: 'RRS (i.i.d.)', color: '#1f77b4' },
  sd: { label: 'single-draft SD (k = 1)', color: '#8c8c8c', dash: [2, 2] },
  otm: { label: 'per-node OTM, i.i.d. drafts', color: '#222222', dash: [6, 3] },
  'otm-wor': { label: 'per-node OTM, w/o-replacement drafts', color: '#7b3294', dash: [6, 3] },
  block: { label: 'block verification (chain)', color: '#525252' },
  traversal: { label: 'traversal verification, i.i.d.', color: '#08306b' },
  'traversal-wor': { label: 'traversal verification, w/o replacement', color: '#a63603' },
  'traversal-hub': { label: 'traversal verification, hub pair', color: '#00565e' },
  'lp-a:iid': { label: '1 + LP-A, i.i.d. drafts (bound)', color: '#08306b', dash: [2, 3] },
  'lp-a:wor': { label: '1 + LP-A, w/o-replacement drafts (bound)', color: '#a63603', dash: [2, 3] },
  'lp-a:hub': { label: '1 + LP-A, hub-pair drafts (bound)', color: '#00565e', dash: [2, 3] },
};

/** The label of a series id (the id itself when unknown). */
export function seriesLabel(id: string): string {
  return SERIES[id]?.label ?? id;
}

/** A colour scale over the given series ids, in their order (unknown ids get grey). */
export function seriesColorScale(ids: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: ids.map(seriesLabel), range: ids.map((id) => SERIES[id]?.color ?? '#999999') };
}

/** A strokeDash scale over the given series ids. */
export function seriesDashScale(ids: readonly string[]): { domain: string[]; range: number[][] } {
  return { domain: ids.map(seriesLabel), range: ids.map((id) => SERIES[id]?.dash ?? [1, 0]) };
}

/** Fonts: DejaVu Sans is what resvg finds here; browsers fall back to their sans-serif. */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const CONFIG: NonNullable<TopLevelSpec['config']> = {
  font: FONT,
  background: 'white',
  padding: 12,
  view: { stroke: '#cccccc' },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    titlePadding: 6,
    gridColor: '#ececec',
    domainColor: '#888888',
    tickColor: '#888888',
  },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'bold', labelLimit: 320, symbolStrokeWidth: 2.5 },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start', offset: 10 },
  header: { labelFontSize: 13, titleFontSize: 13, labelFontWeight: 'bold' },
  line: { strokeWidth: 2.2 },
  point: { size: 45, filled: true },
};

/** Default plot area of one panel, in pixels (the PNG is rendered at twice this scale). */
export const PANEL = { width: 560, height: 340 } as const;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
