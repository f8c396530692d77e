import type { TopLevelSpec } from 'vega-lite';
import type { FigureRow } from '../../../experiments/figureData.ts';
import { CONFIG, PANEL, SCHEMA, SERIES } from '../../_internals/theme.ts';

export interface SeriesEntry {
  id: string;
  label: string;
}

/** Ordered (series id, label) pairs present in the rows, following `order` (ids not listed come last). */
export function seriesInRows(rows: readonly FigureRow[], order: readonly string[]): SeriesEntry[] {
  const seen = new Map<string, string>();
  for (const r of rows) if (!seen.has(String(r.series))) seen.set(String(r.series), String(r.label ?? r.series));
  const ids = [...seen.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  return ids.map((id) => ({ id, label: seen.get(id)! }));
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}

/** Colour scale (label → theme colour of the series id). */
export function colorScale(series: readonly SeriesEntry[]): { domain: string[]; range: string[] } {
  return { domain: series.map((s) => s.label), range: series.map((s) => SERIES[s.id]?.color ?? '#999999') };
}

/** Dash scale (label → theme dash of the series id; solid when none). */
export function dashScale(series: readonly SeriesEntry[]): { domain: string[]; range: number[][] } {
  return { domain: series.map((s) => s.label), range: series.map((s) => SERIES[s.id]?.dash ?? [1, 0]) };
}

export interface AxisOptions {
  field: string;
  title: string;
  scale?: Record<string, unknown>;
  axis?: Record<string, unknown>;
}

export interface TooltipField {
  field: string;
  title: string;
  format?: string;
  type?: 'quantitative' | 'nominal' | 'ordinal';
}

export interface SeriesLinesOptions {
  rows: readonly FigureRow[];
  order: readonly string[];
  x: AxisOptions;
  y: AxisOptions;
  title: string;
  subtitle: string[];
  /** Fields of an interval drawn as error bars where both are non-null. */
  interval?: { low: string; high: string };
  /** Field whose value 'Monte Carlo' draws a hollow point. */
  kindField?: string;
  tooltip: TooltipField[];
  /** Extra layers drawn under the series. */
  underlay?: object[];
  /** Series drawn again on top as large diamonds (e.g. a series that has a single point). */
  emphasise?: string[];
  width?: number;
  height?: number;
}

/** Encoding of a quantitative axis. */
export function quantitative(a: AxisOptions): Record<string, unknown> {
  return { field: a.field, type: 'quantitative', title: a.title, ...(a.scale ? { scale: a.scale } : {}), ...(a.axis ? { axis: a.axis } : {}) };
}

/** A horizontal axis whose end points are not clipped (a little padding, no rounding of the domain). */
export function paddedX(a: AxisOptions): AxisOptions {
  return { ...a, scale: { zero: false, nice: false, padding: 10, ...(a.scale ?? {}) } };
}

/** Tooltip encoding. */
export function tooltipEncoding(fields: readonly TooltipField[]): object[] {
  return fields.map((t) => ({ field: t.field, title: t.title, type: t.type ?? 'quantitative', ...(t.format ? { format: t.format } : {}) }));
}

/**
 * One line per series (colour and dash by series, from the shared theme), points with tooltips, optional error
 * bars; interactive in HTML (click a legend entry to highlight a series, zoom and pan on the scales).
 */
export function seriesLines(o: SeriesLinesOptions): TopLevelSpec {
  const series = seriesInRows(o.rows, o.order);
  const color = { field: 'label', type: 'nominal', title: null, scale: colorScale(series), sort: series.map((s) => s.label), legend: { symbolType: 'stroke', symbolSize: 500, symbolStrokeWidth: 2.5 } };
  const opacity = { condition: { param: 'highlight', empty: true, value: 1 }, value: 0.15 };
  const x = quantitative(paddedX(o.x));
  const y = quantitative(o.y);
  const layers: object[] = [...(o.underlay ?? [])];
  layers.push({
    mark: { type: 'line', clip: true },
    params: [
      { name: 'highlight', select: { type: 'point', fields: ['label'] }, bind: 'legend' },
      { name: 'zoom', select: 'interval', bind: 'scales' },
    ],
    encoding: { x, y, color, strokeDash: { field: 'label', type: 'nominal', title: null, scale: dashScale(series), sort: series.map((s) => s.label) }, opacity },
  });
  if (o.interval !== undefined) {
    layers.push({
      transform: [{ filter: `isValid(datum.${o.interval.low}) && isValid(datum.${o.interval.high})` }],
      mark: { type: 'rule', strokeWidth: 1.5, clip: true },
      encoding: { x, y: { field: o.interval.low, type: 'quantitative' }, y2: { field: o.interval.high }, color, opacity },
    });
  }
  const fill = o.kindField
    ? { fill: { condition: { test: `datum.${o.kindField} == 'Monte Carlo'`, value: 'white' }, field: 'label', type: 'nominal', scale: colorScale(series), title: null, sort: series.map((s) => s.label) } }
    : {};
  layers.push({
    mark: { type: 'point', filled: o.kindField === undefined, size: 40, strokeWidth: 1.8, clip: true },
    encoding: { x, y, color, opacity, ...fill, tooltip: tooltipEncoding(o.tooltip) },
  });
  if (o.emphasise !== undefined && o.emphasise.length > 0) {
    layers.push({
      transform: [{ filter: { field: 'series', oneOf: o.emphasise } }],
      mark: { type: 'point', shape: 'diamond', filled: true, size: 160, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: { x, y, color, opacity, tooltip: tooltipEncoding(o.tooltip) },
    });
  }
  return {
    $schema: SCHEMA,
    title: { text: o.title, subtitle: o.subtitle },
    width: o.width ?? PANEL.width,
    height: o.height ?? PANEL.height,
    data: { values: o.rows as FigureRow[] },
    layer: layers,
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
