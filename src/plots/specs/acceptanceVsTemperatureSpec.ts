/**
 * Vega-Lite spec of figure 1 (acceptance vs temperature, k = 2) from its data
 * ({@link acceptanceVsTemperature}).
 *
 * @example
 * ```ts
 * const spec = acceptanceVsTemperatureSpec(acceptanceVsTemperature());
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { TEMPERATURE_SERIES } from '../../experiments/figures/acceptanceVsTemperature.ts';
import { seriesLines } from './_internals/seriesLines.ts';

export function acceptanceVsTemperatureSpec(data: FigureData): TopLevelSpec {
  const family = (data.parameters.family ?? {}) as { n?: number; contexts?: number };
  return seriesLines({
    rows: data.rows,
    order: TEMPERATURE_SERIES,
    x: { field: 'temperature', title: 'temperature T (both models: softmax(logits / T))' },
    y: { field: 'acceptance', title: 'acceptance probability α', scale: { zero: false } },
    title: data.title,
    subtitle: [
      `Synthetic Zipf-like family, n = ${family.n ?? '?'} tokens, mean over ${family.contexts ?? '?'} contexts; exact closed forms and prefix-dual optima.`,
      'Greedy G-r equals SpecHub at k = 2; single-draft SD (k = 1) for reference.',
    ],
    tooltip: [
      { field: 'label', title: 'method', type: 'nominal' },
      { field: 'temperature', title: 'T' },
      { field: 'acceptance', title: 'mean α', format: '.4f' },
      { field: 'min', title: 'min over contexts', format: '.4f' },
      { field: 'max', title: 'max over contexts', format: '.4f' },
    ],
  });
}
