/**
 * Read-only SVG charts of the playground: grouped bars (vectors over the vocabulary), a line chart (Monte Carlo
 * convergence) and a heat map (transport plans). Each chart is an `img` with a text alternative that lists the
 * values it draws.
 */
import { COLORS } from './colors.ts';
import { s } from './dom.ts';

export interface BarSeries {
  name: string;
  color: string;
  values: readonly number[];
  /** Extra text per value for tooltips / the text alternative (e.g. the exact fraction). */
  texts?: readonly string[];
  /** 'outline' draws an unfilled bar (e.g. the target to compare against), 'hatch' a striped one. */
  style?: 'solid' | 'outline' | 'hatch';
}

export interface BarChartOptions {
  labels: readonly string[];
  series: readonly BarSeries[];
  /** Tokens to mark with a triangle under the axis. */
  marks?: readonly number[];
  /** Top of the y axis (default: the largest value rounded up to a tenth, at least 0.1). */
  yMax?: number;
  width?: number;
  height?: number;
  title: string;
}

let hatchCount = 0;

export function barChart(o: BarChartOptions): SVGSVGElement {
  const width = o.width ?? 560;
  const height = o.height ?? 180;
  const left = 40;
  const right = 8;
  const top = 22;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = o.labels.length;
  const max = Math.max(0, ...o.series.flatMap((x) => x.values.map((v) => (Number.isFinite(v) ? v : 0))));
  const yMax = o.yMax ?? Math.max(0.1, Math.ceil(max * 10 - 1e-9) / 10);
  const y = (v: number) => top + plotH - (Math.max(0, Math.min(v, yMax)) / yMax) * plotH;
  const group = plotW / n;
  const barW = Math.min(26, (group * 0.8) / Math.max(1, o.series.length));
  const alt = o.series.map((x) => `${x.name}: ${x.values.map((v, i) => `${o.labels[i]} ${x.texts?.[i] ?? v.toFixed(4)}`).join(', ')}`).join('; ');
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `${o.title}. ${alt}`, class: 'chart' });
  // One hatch pattern per hatched series, in the series' own colour.
  const chart = ++hatchCount;
  const hatchOf = new Map<string, string>();
  const defs = s('defs');
  o.series.forEach((series, j) => {
    if (series.style !== 'hatch') return;
    const id = `hatch-${chart}-${j}`;
    hatchOf.set(series.name, id);
    defs.append(s('pattern', { id, patternUnits: 'userSpaceOnUse', width: 5, height: 5, patternTransform: 'rotate(45)' }, s('rect', { width: 5, height: 5, fill: 'white' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 5, stroke: series.color, 'stroke-width': 2.5 })));
  });
  svg.append(defs);
  const fillOf = (series: BarSeries) => (series.style === 'hatch' ? `url(#${hatchOf.get(series.name)})` : series.style === 'outline' ? 'none' : series.color);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const v = t * yMax;
    svg.append(s('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: COLORS.grid }));
    svg.append(s('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, Number(v.toFixed(3)).toString()));
  }
  svg.append(s('line', { x1: left, x2: width - right, y1: y(0), y2: y(0), stroke: COLORS.axis }));
  for (let i = 0; i < n; i++) {
    const gx = left + i * group + (group - barW * o.series.length) / 2;
    o.series.forEach((series, j) => {
      const v = series.values[i] ?? 0;
      const x = gx + j * barW;
      const h = Math.max(0, y(0) - y(v));
      const style = series.style ?? 'solid';
      const rect = s('rect', {
        x: x + 1,
        y: y(v),
        width: Math.max(1, barW - 2),
        height: h,
        fill: fillOf(series),
        stroke: series.color,
        'stroke-width': style === 'outline' ? 2 : 1,
      });
      rect.append(s('title', {}, `${series.name}(${o.labels[i]}) = ${series.texts?.[i] ?? v.toFixed(6)}`));
      svg.append(rect);
    });
    svg.append(s('text', { x: left + i * group + group / 2, y: height - bottom + 14, 'text-anchor': 'middle', class: 'tick' }, o.labels[i] ?? String(i)));
    if (o.marks?.includes(i)) {
      const cx = left + i * group + group / 2;
      svg.append(s('path', { d: `M${cx - 5},${height - bottom + 27} L${cx + 5},${height - bottom + 27} L${cx},${height - bottom + 19} Z`, fill: '#222222' }, s('title', {}, `marked: ${o.labels[i]}`)));
    }
  }
  // Legend.
  let lx = left;
  for (const series of o.series) {
    const style = series.style ?? 'solid';
    svg.append(s('rect', { x: lx, y: 6, width: 10, height: 10, fill: fillOf(series), stroke: series.color, 'stroke-width': style === 'outline' ? 2 : 1 }));
    const label = s('text', { x: lx + 14, y: 15, class: 'legend' }, series.name);
    svg.append(label);
    lx += 22 + series.name.length * 6.6;
  }
  return svg;
}

export interface LinePoint {
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

export interface LineChartOptions {
  points: readonly LinePoint[];
  /** A horizontal reference line (the exact value). */
  reference?: { y: number; label: string; color: string };
  xMax: number;
  yRange: [number, number];
  color: string;
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

export function lineChart(o: LineChartOptions): SVGSVGElement {
  const width = o.width ?? 560;
  const height = o.height ?? 190;
  const left = 56;
  const right = 28;
  const top = 14;
  const bottom = 36;
  const [y0, y1] = o.yRange;
  const X = (x: number) => left + (x / o.xMax) * (width - left - right);
  const Y = (v: number) => top + (1 - (Math.max(y0, Math.min(y1, v)) - y0) / (y1 - y0)) * (height - top - bottom);
  const last = o.points[o.points.length - 1];
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    class: 'chart',
    'aria-label': `${o.title}. ${last ? `After ${last.x} trials: ${last.y.toFixed(4)}` : 'No trials yet'}${o.reference ? `; ${o.reference.label} ${o.reference.y.toFixed(6)}` : ''}.`,
  });
  for (let t = 0; t <= 4; t++) {
    const v = y0 + ((y1 - y0) * t) / 4;
    svg.append(s('line', { x1: left, x2: width - right, y1: Y(v), y2: Y(v), stroke: COLORS.grid }));
    svg.append(s('text', { x: left - 4, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick' }, v.toFixed(3)));
  }
  for (let t = 0; t <= 4; t++) {
    const x = (o.xMax * t) / 4;
    svg.append(s('text', { x: X(x), y: height - bottom + 14, 'text-anchor': t === 4 ? 'end' : t === 0 ? 'start' : 'middle', class: 'tick' }, Math.round(x).toLocaleString('en-US')));
  }
  svg.append(s('text', { x: left + (width - left - right) / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis-title' }, o.xLabel));
  svg.append(s('text', { x: 12, y: top + (height - top - bottom) / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 12 ${top + (height - top - bottom) / 2})` }, o.yLabel));
  const band = o.points.filter((p) => p.lo !== undefined && p.hi !== undefined);
  if (band.length > 1) {
    const d = band.map((p, i) => `${i ? 'L' : 'M'}${X(p.x)},${Y(p.hi!)}`).join(' ') + ' ' + [...band].reverse().map((p) => `L${X(p.x)},${Y(p.lo!)}`).join(' ') + ' Z';
    svg.append(s('path', { d, fill: o.color, 'fill-opacity': 0.18, stroke: 'none' }));
  }
  if (o.reference) {
    svg.append(s('line', { x1: left, x2: width - right, y1: Y(o.reference.y), y2: Y(o.reference.y), stroke: o.reference.color, 'stroke-dasharray': '6 3', 'stroke-width': 2 }));
    svg.append(s('text', { x: width - right - 4, y: Y(o.reference.y) - 5, 'text-anchor': 'end', class: 'legend' }, `${o.reference.label} ${o.reference.y.toFixed(4)}`));
  }
  if (o.points.length > 0) {
    svg.append(s('path', { d: o.points.map((p, i) => `${i ? 'L' : 'M'}${X(p.x)},${Y(p.y)}`).join(' '), fill: 'none', stroke: o.color, 'stroke-width': 2.2 }));
  }
  return svg;
}

export interface HeatMapOptions {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** values[r][c] ≥ 0 */
  values: ReadonlyArray<readonly number[]>;
  /** Cells to outline (members y ∈ S). */
  outline: ReadonlyArray<readonly boolean[]>;
  /** Text per cell for the tooltip / alternative (exact fractions). */
  texts: ReadonlyArray<readonly string[]>;
  /** Optional last column (e.g. the leftover ℓ_S) drawn in grey. */
  extra?: { label: string; values: readonly number[]; texts: readonly string[] };
  columnMarks?: readonly number[];
  title: string;
  cell?: number;
}

export function heatMap(o: HeatMapOptions): SVGSVGElement {
  const cell = o.cell ?? 26;
  const rowLabelW = 70;
  const top = 30;
  const columns = o.columnLabels.length + (o.extra ? 1 : 0);
  const width = rowLabelW + columns * cell + 8;
  const height = top + o.rowLabels.length * cell + 8;
  const max = Math.max(1e-300, ...o.values.flat(), ...(o.extra?.values ?? []));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart heat', 'aria-label': `${o.title}: ${o.rowLabels.length} rows by ${o.columnLabels.length} target tokens; each cell is the mass sent from the row to the token.` });
  o.columnLabels.forEach((label, c) => {
    const x = rowLabelW + c * cell + cell / 2;
    svg.append(s('text', { x, y: top - 8, 'text-anchor': 'middle', class: o.columnMarks?.includes(c) ? 'tick strong' : 'tick' }, label));
  });
  if (o.extra) svg.append(s('text', { x: rowLabelW + o.columnLabels.length * cell + cell / 2, y: top - 8, 'text-anchor': 'middle', class: 'tick' }, o.extra.label));
  o.rowLabels.forEach((label, r) => {
    const y = top + r * cell;
    svg.append(s('text', { x: rowLabelW - 6, y: y + cell / 2 + 4, 'text-anchor': 'end', class: 'tick' }, label));
    const row = o.values[r]!;
    row.forEach((v, c) => {
      const x = rowLabelW + c * cell;
      const t = v / max;
      const rect = s('rect', { x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, fill: COLORS.heat, 'fill-opacity': v > 0 ? 0.08 + 0.92 * t : 0, stroke: o.outline[r]?.[c] ? '#222222' : '#dddddd', 'stroke-width': o.outline[r]?.[c] ? 1.5 : 1 });
      rect.append(s('title', {}, `${label} → ${o.columnLabels[c]}: ${o.texts[r]?.[c] ?? v}`));
      svg.append(rect);
    });
    if (o.extra) {
      const v = o.extra.values[r] ?? 0;
      const x = rowLabelW + o.columnLabels.length * cell;
      const rect = s('rect', { x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, fill: '#555555', 'fill-opacity': v > 0 ? 0.08 + 0.8 * (v / max) : 0, stroke: '#dddddd' });
      rect.append(s('title', {}, `${label} → ${o.extra.label}: ${o.extra.texts[r] ?? v}`));
      svg.append(rect);
    }
  });
  return svg;
}
