/**
 * Vega-Lite spec of figure 2 (acceptance vs number of drafts k) from its data ({@link acceptanceVsK}):
 * Monte Carlo points hollow with 95% intervals.
 *
 * @example
 * ```ts
 * const spec = acceptanceVsKSpec(acceptanceVsK({ n: 60, contexts: 4, ks: [1, 2] }));
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureData } from '../../experiments/figureData.ts';
import { K_SERIES } from '../../experiments/figures/acceptanceVsK.ts';
import { seriesLines } from './_internals/seriesLines.ts';

export function acceptanceVsKSpec(data: FigureData): TopLevelSpec {
  const family = (data.parameters.family ?? {}) as { n?: number; contexts?: number };
  const trials = data.parameters.trialsPerContext as number | undefined;
  return seriesLines({
    rows: data.rows,
    order: K_SERIES,
    x: { field: 'k', title: 'number of drafts k', axis: { tickMinStep: 1, format: 'd' } },
    y: { field: 'acceptance', title: 'acceptance probability α', scale: { zero: false } },
    title: data.title,
    subtitle: [
      `Synthetic Zipf-like family, n = ${family.n ?? '?'} tokens, mean over ${family.contexts ?? '?'} contexts.`,
      `Hollow points: RRSw by Monte Carlo (${trials ?? '?'} trials per context, 95% interval); the rest exact closed forms or prefix-dual optima.`,
      'SpecHub (diamond) exists for k = 2 only and equals greedy G-r there.',
      'w/o-replacement optimum at k ≥ 3 via the race integral (prefix optimality numerical, §4.4).',
    ],
    interval: { low: 'low', high: 'high' },
    kindField: 'kind',
    emphasise: ['spechub'],
    tooltip: [
      { field: 'label', title: 'method', type: 'nominal' },
      { field: 'k', title: 'k' },
      { field: 'acceptance', title: 'mean α', format: '.4f' },
      { field: 'low', title: '95% low', format: '.4f' },
      { field: 'high', title: '95% high', format: '.4f' },
      { field: 'kind', title: 'computed by', type: 'nominal' },
    ],
  });
}
