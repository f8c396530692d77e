/**
 * Notebook helpers: render a Vega-Lite spec to SVG and hand it to Jupyter as `image/svg+xml` (Deno's kernel
 * displays any value with a `Symbol.for('Jupyter.display')` method), and a compact bar/line chart builder so
 * the notebooks stay short. Uses the toolkit's headless renderer (src/plots/renderSvg.ts) and theme.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../src/plots/renderSvg.ts';
import { CONFIG, SCHEMA } from '../../src/plots/_internals/theme.ts';

/** A value the Deno Jupyter kernel displays as an SVG image. */
export interface SvgDisplay {
  svg: string;
  [key: symbol]: () => Record<string, string>;
}

/** Renders a Vega-Lite spec and returns it as a displayable SVG (the last expression of a cell is shown). */
export async function show(spec: object): Promise<SvgDisplay> {
  const svg = await renderSvg({ $schema: SCHEMA, config: CONFIG, ...spec } as TopLevelSpec);
  return { svg, [Symbol.for('Jupyter.display')]: () => ({ 'image/svg+xml': svg }) };
}

/** Rows `{ token, series, value }` from named vectors over the same tokens. */
export function longRows(tokens: readonly string[], series: Record<string, ArrayLike<number>>): Array<{ token: string; series: string; value: number }> {
  return Object.entries(series).flatMap(([name, v]) => tokens.map((token, i) => ({ token, series: name, value: Number(v[i]) })));
}

/** Grouped bars: one group per token, one bar per series. */
export function groupedBars(rows: object[], options: { title: string; y: string; x?: string; width?: number }): object {
  return {
    title: options.title,
    width: options.width ?? 360,
    height: 220,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'token', type: 'nominal', title: options.x ?? 'token', sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: null },
      y: { field: 'value', type: 'quantitative', title: options.y },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
      tooltip: [{ field: 'token' }, { field: 'series' }, { field: 'value', format: '.4f' }],
    },
  };
}

/** Lines with points: x, y, one line per series. */
export function lines(rows: object[], options: { title: string; x: string; y: string; xField?: string; yField?: string; width?: number; integerX?: boolean }): object {
  const x = { field: options.xField ?? 'x', type: 'quantitative', title: options.x, ...(options.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}) };
  const y = { field: options.yField ?? 'y', type: 'quantitative', title: options.y, scale: { zero: false } };
  return {
    title: options.title,
    width: options.width ?? 420,
    height: 260,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: { x, y, color: { field: 'series', type: 'nominal', title: null, sort: null }, tooltip: [{ field: 'series' }, x, { ...y, format: '.4f' }] },
  };
}

/** A value displayed as plain text (the cell's last expression; more reliable than console.log in nbconvert runs). */
export function text(...lines: string[]): { [key: symbol]: () => Record<string, string> } {
  const body = lines.join('\n');
  return { [Symbol.for('Jupyter.display')]: () => ({ 'text/plain': body }) };
}

function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(+value.toFixed(4));
  return String(value);
}

/** A table of records, shown as a Markdown table (plain-text fallback). */
export function table(rows: ReadonlyArray<Record<string, unknown>>): { [key: symbol]: () => Record<string, string> } {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const markdown = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c]).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const plain = [columns.map((c, i) => c.padEnd(widths[i]!)).join('  '), ...rows.map((r) => columns.map((c, i) => cell(r[c]).padEnd(widths[i]!)).join('  '))].join('\n');
  return { [Symbol.for('Jupyter.display')]: () => ({ 'text/markdown': markdown, 'text/plain': plain }) };
}
