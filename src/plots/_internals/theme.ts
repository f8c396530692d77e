/**
 * The look shared by every spechub figure: one colour and label per method (the same in every figure), the
 * fonts resvg can find (DejaVu Sans), sizes readable at the committed PNG scale.
 */
import type { TopLevelSpec } from 'vega-lite';
import { seriesLabel } from '../../experiments/seriesLabel.ts';

/** A series drawn in the figures: a verifier id, an optimum, or a reference line. */
export interface SeriesStyle {
  label: string;
  color: string;
  /** Dash pattern for optimum and reference lines; solid when absent. */
  dash?: number[];
}

/** Display label and colour of each series id, in legend order. */
export const SERIES: Readonly<Record<string, SeriesStyle>> = {
  'optimum-wor': { label: seriesLabel('optimum-wor'), color: '#7b3294', dash: [6, 3] },
  'optimum-iid': { label: seriesLabel('optimum-iid'), color: '#222222', dash: [6, 3] },
  spechub: { label: seriesLabel('spechub'), color: '#17becf' },
  greedy: { label: seriesLabel('greedy'), color: '#2ca02c' },
  'greedy-q': { label: seriesLabel('greedy-q'), color: '#bcbd22' },
  rrsw: { label: seriesLabel('rrsw'), color: '#ff7f0e' },
  kseq: { label: seriesLabel('kseq'), color: '#d62728' },
  rrs: { label: seriesLabel('rrs'), color: '#1f77b4' },
  sd: { label: seriesLabel('sd'), color: '#8c8c8c', dash: [2, 2] },
  otm: { label: seriesLabel('otm'), color: '#222222', dash: [6, 3] },
  'otm-wor': { label: seriesLabel('otm-wor'), color: '#7b3294', dash: [6, 3] },
  block: { label: seriesLabel('block'), color: '#525252' },
  traversal: { label: seriesLabel('traversal'), color: '#08306b' },
  'traversal-wor': { label: seriesLabel('traversal-wor'), color: '#a63603' },
  'traversal-hub': { label: seriesLabel('traversal-hub'), color: '#00565e' },
  'lp-a:iid': { label: seriesLabel('lp-a:iid'), color: '#08306b', dash: [2, 3] },
  'lp-a:wor': { label: seriesLabel('lp-a:wor'), color: '#a63603', dash: [2, 3] },
  'lp-a:hub': { label: seriesLabel('lp-a:hub'), color: '#00565e', dash: [2, 3] },
};

export { seriesLabel };

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
