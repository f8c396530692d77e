/**
 * `spechub plot <figure>`: computes (or reads) a figure's data and renders it to SVG, PNG and/or HTML.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['plot', '--help'], io); // 0
 * out.join('').startsWith('spechub plot'); // true: the usage and options
 * ```
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutputPath } from '../../core/checkOutputPath.ts';
import { ParseError } from '../../core/errors.ts';
import { readJsonFileBounded } from '../../core/readFileBounded.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { validateFigureData } from '../../experiments/figureData.ts';
import { runGridShard } from '../../experiments/runGrid.ts';
import { type FigureDefinition, figureDefinitions, getFigure } from '../../plots/figures.ts';
import type { HtmlRuntime } from '../../plots/renderHtml.ts';
import { replayFigure, replayFigureData } from '../../plots/replayFigure.ts';
import { parseFormats, writeFigure } from '../../plots/writeFigure.ts';
import type { Command } from '../command.ts';
import { GRID_OPTIONS, GRID_USAGE, shardOption, workersOption } from '../gridOptions.ts';
import { progressBar, progressMode } from '../progressBar.ts';

/** Parsed JSON files of `dir` whose names start with one of the prefixes (sorted by name). */
export function readFigureInputs(dir: string, prefixes: readonly string[]): Array<{ path: string; content: unknown }> {
  if (prefixes.length === 0 || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && prefixes.some((p) => name.startsWith(p)))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { path, content: readJsonFileBounded(path, { what: 'figure input' }) };
    });
}

function htmlRuntime(value: unknown): HtmlRuntime {
  if (value === undefined || value === 'inline') return 'inline';
  if (value === 'cdn') return 'cdn';
  if (typeof value === 'string' && value.trim() !== '') return { src: value };
  throw new ParseError('--html-runtime must be inline, cdn or a path/URL of vega.min.js');
}

export const plotCommand: Command = {
  name: 'plot',
  summary: 'render a canonical figure (acceptance, optimum, trees, SpecHub dominance) to SVG, PNG or HTML',
  positionals: '<figure>',
  usage: `spechub plot <figure|all|list> [--data <file>] [--out <dir>] [--format svg|png|html[,…]] [--quick]
                   [--inputs <dir>] [--save-data] [--html-runtime inline|cdn|<src>] [--json]
                   [--workers N] [--shard i/N]

  <figure>          a figure id or number (spechub plot list shows them), or all
  --data <file>     re-plot a saved data file (plots/data/<figure>.json) instead of computing;
                    for 'replay', the JSON of spechub replay --json (or --out)
  --out <dir>       output folder (default .); files are named <figure>.<format>
  --format          svg (default), png, html, or a comma-separated list
  --quick           small instance counts (seconds instead of minutes; not the committed figures)
  --inputs <dir>    where figures that plot other tools' results look for them (default plots/data):
                    tokens-per-step reads tree-*.json and e2e-*.json there
  --save-data       also write <out>/data/<figure>.json and the Vega-Lite spec <out>/<figure>.vl.json
  --html-runtime    inline (default: vega.min.js inlined, works offline), cdn, or a src for a vendored copy
  --json            print the figure's data (the JSON of <out>/data/<figure>.json) instead of rendering it

Parallel and distributed data (docs/scaling.md): figures 1, 2, 3, 4 and 7 compute their data as a grid of
independent cells (temperatures, (k, series) points, random instances, simulated tree points, chains);
figure 5 measures time and runs alone, figure 6 takes milliseconds.
${GRID_USAGE}
  --shard needs one grid figure; render the merged data with spechub plot <figure> --data merged.json.

Canonical figures: npm run figures (writes plots/ with specs and data).`,
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    quick: { type: 'boolean' },
    inputs: { type: 'string' },
    'save-data': { type: 'boolean' },
    'html-runtime': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    ...GRID_OPTIONS,
  },
  async run(values, io) {
    const positionals = (values._ as string[] | undefined) ?? [];
    if (positionals.length !== 1) throw new ParseError('plot: give exactly one figure (an id, a number, all or list)');
    const which = positionals[0]!;
    if (which === 'list') {
      for (const f of [...figureDefinitions(), replayFigure]) io.stdout(`${String(f.number).padEnd(2)} ${f.id.padEnd(26)} ${f.title}\n`);
      return 0;
    }
    const figures: FigureDefinition[] = which === 'all' ? figureDefinitions() : which === 'replay' || which === '7' ? [replayFigure] : [getFigure(which)];
    const dataFile = values.data as string | undefined;
    if (dataFile !== undefined && figures.length !== 1) throw new ParseError('--data re-plots one figure, not all');
    const workers = workersOption(values);
    const shard = shardOption(values);
    if (values.json === true && figures.length !== 1) throw new ParseError('--json prints the data of one figure, not all');
    if (shard !== null) {
      const figure = figures[0]!;
      if (figures.length !== 1 || dataFile !== undefined) throw new ParseError('--shard computes a part of one figure\'s data (no --data, not all)');
      if (figure.grid === undefined) throw new ParseError(`figure '${figure.id}' is not computed as a grid of cells, so it cannot be sharded (grid figures: ${figureDefinitions().filter((f) => f.grid !== undefined).map((f) => f.id).join(', ')})`);
      const grid = figure.grid({ quick: values.quick === true, inputs: readFigureInputs((values.inputs as string | undefined) ?? join('plots', 'data'), figure.inputPrefixes ?? []) });
      const partial = await runGridShard(grid, shard, { workers, progress: progressBar(io, progressMode(values)) });
      io.stdout(stringifyJson(partial, { what: `${figure.id} partial result` }) + '\n');
      return 0;
    }
    const formats = parseFormats((values.format as string | undefined) ?? 'svg');
    const outDir = (values.out as string | undefined) ?? '.';
    checkOutputPath(outDir, 'folder', '--out folder');
    const inputsDir = (values.inputs as string | undefined) ?? join('plots', 'data');
    for (const figure of figures) {
      let data;
      if (dataFile !== undefined) {
        const parsed = readJsonFileBounded(dataFile, { what: 'data file' });
        data = figure.id === 'replay' ? replayFigureData(parsed, dataFile) : validateFigureData(parsed, figure.id, figure.requiredFields);
      } else {
        const started = performance.now();
        data = await figure.compute({
          quick: values.quick === true,
          inputs: readFigureInputs(inputsDir, figure.inputPrefixes ?? []),
          progress: (m) => {
            if (values['no-progress'] !== true) io.stderr(`  ${figure.id}: ${m}\n`);
          },
          workers,
        });
        if (values['no-progress'] !== true) io.stderr(`${figure.id}: data computed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      }
      if (values.json === true) {
        io.stdout(stringifyJson(data, { indent: 1, what: `${figure.id} data` }) + '\n');
        continue;
      }
      const written = await writeFigure(figure, data, {
        outDir,
        formats,
        saveSpecAndData: values['save-data'] === true,
        htmlRuntime: htmlRuntime(values['html-runtime']),
      });
      for (const path of written) io.stdout(`${path}\n`);
    }
    return 0;
  },
};
