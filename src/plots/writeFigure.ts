/**
 * Adapter: writes one figure's files — `<id>.svg`, `<id>.png`, `<id>.html` (any subset), and optionally the
 * Vega-Lite spec `<id>.vl.json` and the data `data/<id>.json` — into a folder.
 *
 * @example
 * ```ts
 * import { existsSync } from 'node:fs';
 * const figure = getFigure('acceptance-vs-k');
 * await writeFigure(figure, await figure.compute({ quick: true, workers: 1 }), { outDir: 'plots', formats: ['svg', 'png'] });
 * existsSync('plots/acceptance-vs-k.svg') && existsSync('plots/acceptance-vs-k.png'); // true
 * ```
 */
import { join } from 'node:path';
import { checkOutputPath } from '../core/checkOutputPath.ts';
import { SpechubError } from '../core/errors.ts';
import { stringifyJson } from '../core/stringifyJson.ts';
import { writeFileAtomic } from '../core/writeFileAtomic.ts';
import type { FigureData } from '../experiments/figureData.ts';
import type { FigureDefinition } from './figures.ts';
import type { HtmlRuntime } from './renderHtml.ts';

export type FigureFormat = 'svg' | 'png' | 'html';
export const FIGURE_FORMATS: readonly FigureFormat[] = ['svg', 'png', 'html'];

export interface WriteFigureOptions {
  outDir: string;
  formats: readonly FigureFormat[];
  /** Also write `<id>.vl.json` (the spec, data inline) and `data/<id>.json`. */
  saveSpecAndData?: boolean;
  htmlRuntime?: HtmlRuntime;
  /** PNG scale factor (default 2). */
  pngScale?: number;
}

/** Parses a comma-separated format list (`svg,png`); throws `INVALID_ARGUMENT` on an unknown one. */
export function parseFormats(text: string): FigureFormat[] {
  const formats = text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (formats.length === 0) throw new SpechubError('INVALID_ARGUMENT', 'no format given (svg, png or html)');
  for (const f of formats) {
    if (!(FIGURE_FORMATS as readonly string[]).includes(f)) throw new SpechubError('INVALID_ARGUMENT', `unknown format '${f}' (svg, png or html)`);
  }
  return [...new Set(formats)] as FigureFormat[];
}

/**
 * Writes the files (each atomically: temporary file + rename; JSON refusing non-finite numbers) and returns
 * their paths. Every file is rendered before the first is written, so a rendering error leaves no file.
 */
export async function writeFigure(figure: FigureDefinition, data: FigureData, options: WriteFigureOptions): Promise<string[]> {
  checkOutputPath(options.outDir, 'folder', 'figure folder');
  // The renderers load vega, vega-lite and resvg (seconds): imported here so that the CLI starts fast.
  const [{ renderHtml }, { renderPng }, { renderSvg }] = await Promise.all([import('./renderHtml.ts'), import('./renderPng.ts'), import('./renderSvg.ts')]);
  const spec = figure.spec(data);
  const files: Array<{ name: string; content: string | Uint8Array }> = [];
  const write = (name: string, content: string | Uint8Array) => void files.push({ name, content });
  if (options.saveSpecAndData) {
    write(join('data', `${figure.id}.json`), stringifyJson(data, { indent: 1, what: `${figure.id} data` }) + '\n');
    write(`${figure.id}.vl.json`, stringifyJson(spec, { indent: 1, what: `${figure.id} spec` }) + '\n');
  }
  let svg: string | null = null;
  if (options.formats.includes('svg') || options.formats.includes('png')) svg = await renderSvg(spec);
  if (options.formats.includes('svg')) write(`${figure.id}.svg`, svg!);
  if (options.formats.includes('png')) write(`${figure.id}.png`, renderPng(svg!, options.pngScale ?? 2));
  if (options.formats.includes('html')) write(`${figure.id}.html`, renderHtml(spec, { title: data.title, runtime: options.htmlRuntime ?? 'inline' }));
  return files.map(({ name, content }) => writeFileAtomic(join(options.outDir, name), content));
}
