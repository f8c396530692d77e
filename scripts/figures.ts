#!/usr/bin/env -S node --import tsx
// `npm run figures`: regenerates the canonical figures under plots/ — for each figure its data
// (plots/data/<id>.json), Vega-Lite spec (<id>.vl.json, data inline), SVG, PNG and HTML. The HTML pages load
// the Vega runtime from plots/vendor/vega.min.js (copied here from node_modules, with its licence), so they
// work offline from a checkout without inlining 0.5 MB into each page.
//
// Usage: npm run figures [-- --only <id|number>[,…]] [-- --from-data] [-- --out <dir>] [-- --quick] [-- --workers N]
//   --from-data  re-render from the committed data files without recomputing (e.g. after a style change)
//   --quick      small instance counts (a smoke test; do not commit its output)
//   --workers N  worker threads for the figures computed as grids of cells (default: the number of cores;
//                1 = this thread); the data are the same for any N (docs/scaling.md)
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFigureInputs } from '../src/cli/commands/plot.ts';
import { readJsonFileBounded } from '../src/core/readFileBounded.ts';
import { writeFileAtomic } from '../src/core/writeFileAtomic.ts';
import { validateFigureData } from '../src/experiments/figureData.ts';
import { figureDefinitions, getFigure } from '../src/plots/figures.ts';
import { defaultWorkers } from '../src/experiments/runCells.ts';
import { vegaRuntimePath } from '../src/plots/renderHtml.ts';
import { writeFigure } from '../src/plots/writeFigure.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { only: { type: 'string' }, 'from-data': { type: 'boolean' }, out: { type: 'string' }, quick: { type: 'boolean' }, workers: { type: 'string' } },
});
const outDir = resolve(values.out ?? join(root, 'plots'));
const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, got ${values.workers}`);
const figures = values.only === undefined ? figureDefinitions() : values.only.split(',').map((id) => getFigure(id.trim()));

writeFileAtomic(join(outDir, 'vendor', 'vega.min.js'), readFileSync(vegaRuntimePath()));
writeFileAtomic(join(outDir, 'vendor', 'vega-LICENSE'), readFileSync(join(dirname(vegaRuntimePath()), '..', 'LICENSE')));

// One complete line per message (progress lines never share a line with the figure's summary).
const started = performance.now();
for (const figure of figures) {
  const t0 = performance.now();
  const name = `figure ${figure.number} ${figure.id}`;
  process.stdout.write(`${name}: started\n`);
  let data;
  const dataPath = join(outDir, 'data', `${figure.id}.json`);
  if (values['from-data']) {
    data = validateFigureData(readJsonFileBounded(dataPath, { what: 'figure data (run without --from-data first)' }), figure.id, figure.requiredFields);
  } else {
    data = await figure.compute({
      quick: values.quick === true,
      inputs: readFigureInputs(join(root, 'plots', 'data'), figure.inputPrefixes ?? []).map((f) => ({ ...f, path: relative(root, f.path) })),
      progress: (m) => process.stdout.write(`  ${figure.id}: ${m}\n`),
      workers,
    });
  }
  const t1 = performance.now();
  const written = await writeFigure(figure, data, {
    outDir,
    formats: ['svg', 'png', 'html'],
    saveSpecAndData: true,
    htmlRuntime: { src: 'vendor/vega.min.js' },
  });
  process.stdout.write(`${name}: data ${((t1 - t0) / 1000).toFixed(1)} s, render ${((performance.now() - t1) / 1000).toFixed(1)} s, ${written.length} files\n`);
}
process.stdout.write(`${figures.length} figures in ${((performance.now() - started) / 1000).toFixed(1)} s → ${outDir}\n`);
