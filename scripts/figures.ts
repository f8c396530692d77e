#!/usr/bin/env -S node --import tsx
// `npm run figures`: regenerates the canonical figures under plots/ — for each figure its data
// (plots/data/<id>.json), Vega-Lite spec (<id>.vl.json, data inline), SVG, PNG and HTML. The HTML pages load
// the Vega runtime from plots/vendor/vega.min.js (copied here from node_modules, with its licence), so they
// work offline from a checkout without inlining 0.5 MB into each page.
//
// Usage: npm run figures [-- --only <id|number>[,…]] [-- --from-data] [-- --out <dir>] [-- --quick]
//   --from-data  re-render from the committed data files without recomputing (e.g. after a style change)
//   --quick      small instance counts (a smoke test; do not commit its output)
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFigureInputs } from '../src/cli/commands/plot.ts';
import { validateFigureData } from '../src/plots/figureData.ts';
import { figureDefinitions, getFigure } from '../src/plots/figures.ts';
import { vegaRuntimePath } from '../src/plots/renderHtml.ts';
import { writeFigure } from '../src/plots/writeFigure.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { only: { type: 'string' }, 'from-data': { type: 'boolean' }, out: { type: 'string' }, quick: { type: 'boolean' } },
});
const outDir = resolve(values.out ?? join(root, 'plots'));
const figures = values.only === undefined ? figureDefinitions() : values.only.split(',').map((id) => getFigure(id.trim()));

mkdirSync(join(outDir, 'vendor'), { recursive: true });
copyFileSync(vegaRuntimePath(), join(outDir, 'vendor', 'vega.min.js'));
copyFileSync(join(dirname(vegaRuntimePath()), '..', 'LICENSE'), join(outDir, 'vendor', 'vega-LICENSE'));

const started = performance.now();
for (const figure of figures) {
  const t0 = performance.now();
  process.stdout.write(`figure ${figure.number} ${figure.id}: `);
  let data;
  const dataPath = join(outDir, 'data', `${figure.id}.json`);
  if (values['from-data']) {
    if (!existsSync(dataPath)) throw new Error(`${dataPath} does not exist; run without --from-data first`);
    data = validateFigureData(JSON.parse(readFileSync(dataPath, 'utf8')), figure.id, figure.requiredFields);
  } else {
    data = await figure.compute({
      quick: values.quick === true,
      inputs: readFigureInputs(join(root, 'plots', 'data'), figure.inputPrefixes ?? []).map((f) => ({ ...f, path: relative(root, f.path) })),
      progress: (m) => process.stdout.write(`\n  ${m}`),
    });
  }
  const t1 = performance.now();
  const written = await writeFigure(figure, data, {
    outDir,
    formats: ['svg', 'png', 'html'],
    saveSpecAndData: true,
    htmlRuntime: { src: 'vendor/vega.min.js' },
  });
  process.stdout.write(`data ${((t1 - t0) / 1000).toFixed(1)} s, render ${((performance.now() - t1) / 1000).toFixed(1)} s, ${written.length} files\n`);
}
process.stdout.write(`${figures.length} figures in ${((performance.now() - started) / 1000).toFixed(1)} s → ${outDir}\n`);
