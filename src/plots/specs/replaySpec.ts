/**
 * Vega-Lite spec of the replay figure ({@link replayFigureData}): left, each verifier's mean acceptance with its
 * 95 % interval (and, for top-K traces, the bounds as a light bar), optima dashed at the bottom; right, the
 * histogram of the draft's hub mass q(a) with a rule at ½ (§4.5 H3).
 *
 * @example
 * ```ts
 * import { replayFigureData } from '../../experiments/figures/replayFigureData.ts';
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'probs', draft: 'probs' });
 * writer.write({ target: [0.6, 0.3, 0.1], draft: [0.5, 0.3, 0.2] });
 * writer.write({ target: [0.1, 0.2, 0.7], draft: [0.2, 0.3, 0.5] });
 * writer.close();
 * const trace = openTrace('trace.safetensors');
 * const report = replayTrace(trace.positions(), trace.layout.vocab, { k: 2, seed: 17 }); // what `spechub replay` saves
 * trace.close();
 * const spec = replaySpec(replayFigureData(JSON.parse(JSON.stringify(report)), 'replay.json'));
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { CONFIG, SCHEMA, SERIES } from '../_internals/theme.ts';

export function replaySpec(data: FigureData): TopLevelSpec {
  const acceptance = data.rows.filter((r) => r.kind === 'acceptance');
  const hub = data.rows.filter((r) => r.kind === 'hub');
  const order = acceptance.map((r) => String(r.label));
  const colors = { domain: order, range: acceptance.map((r) => SERIES[String(r.series)]?.color ?? '#999999') };
  const hasBounds = acceptance.some((r) => r.boundsLo !== null && r.boundsLo !== undefined);
  const y = { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } };
  const minimum = Math.min(...acceptance.map((r) => Number(hasBounds && r.boundsLo !== null ? Math.min(Number(r.boundsLo), Number(r.lo)) : r.lo)));
  const xScale = { domain: [Math.max(0, Math.floor((minimum - 0.01) * 20) / 20), 1], nice: false, zero: false };
  const xTitle = hasBounds ? 'acceptance α (mean, 95 % interval; light bar: top-K bounds)' : 'acceptance α (mean, 95 % interval)';
  const layers: unknown[] = [];
  if (hasBounds) {
    layers.push({
      mark: { type: 'bar', height: 14, opacity: 0.25 },
      encoding: { y, x: { field: 'boundsLo', type: 'quantitative', scale: xScale, title: xTitle }, x2: { field: 'boundsHi' }, color: { field: 'label', type: 'nominal', scale: colors, legend: null } },
    });
  }
  layers.push(
    {
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: { y, x: { field: 'lo', type: 'quantitative', scale: xScale, title: xTitle }, x2: { field: 'hi' }, color: { field: 'label', type: 'nominal', scale: colors, legend: null } },
    },
    {
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        y,
        x: { field: 'mean', type: 'quantitative', scale: xScale },
        color: { field: 'label', type: 'nominal', scale: colors, legend: null },
        shape: { field: 'group', type: 'nominal', scale: { domain: ['method', 'optimum'], range: ['circle', 'diamond'] }, legend: null },
        tooltip: [
          { field: 'label', type: 'nominal', title: 'method' },
          { field: 'mean', type: 'quantitative', format: '.4f' },
          { field: 'lo', type: 'quantitative', title: '95 % low', format: '.4f' },
          { field: 'hi', type: 'quantitative', title: '95 % high', format: '.4f' },
          ...(hasBounds ? [{ field: 'boundsLo', type: 'quantitative', title: 'bound low', format: '.4f' }, { field: 'boundsHi', type: 'quantitative', title: 'bound high', format: '.4f' }] : []),
        ],
      },
    },
  );
  return {
    $schema: SCHEMA,
    title: { text: data.title, subtitle: [data.description, ...data.notes] },
    hconcat: [
      { width: 420, height: Math.max(160, 28 * acceptance.length), data: { values: acceptance }, layer: layers },
      {
        width: 320,
        height: Math.max(160, 28 * acceptance.length),
        data: { values: hub },
        layer: [
          {
            mark: { type: 'bar', color: SERIES.spechub!.color, opacity: 0.85 },
            encoding: {
              x: { field: 'binStart', type: 'quantitative', bin: { binned: true, step: 0.05 }, scale: { domain: [0, 1] }, title: 'hub mass q(a) = max_y q(y)' },
              x2: { field: 'binEnd' },
              y: { field: 'share', type: 'quantitative', title: 'share of positions', axis: { format: '%' } },
              tooltip: [
                { field: 'binStart', type: 'quantitative', title: 'from', format: '.2f' },
                { field: 'binEnd', type: 'quantitative', title: 'to', format: '.2f' },
                { field: 'count', type: 'quantitative', title: 'positions' },
              ],
            },
          },
          { mark: { type: 'rule', strokeDash: [5, 4], color: '#555' }, encoding: { x: { datum: 0.5, type: 'quantitative' } } },
        ],
      },
    ],
    config: CONFIG,
  } as unknown as TopLevelSpec;
}
