/**
 * The replay figure's definition (not one of the canonical computed figures: it plots a `spechub replay`
 * report, so `spechub plot replay --data <replay.json>` is how it is drawn).
 *
 * @example
 * ```ts
 * import { replayFigureData } from '../experiments/figures/replayFigureData.ts';
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'probs', draft: 'probs' });
 * writer.write({ target: [0.6, 0.3, 0.1], draft: [0.5, 0.3, 0.2] });
 * writer.write({ target: [0.1, 0.2, 0.7], draft: [0.2, 0.3, 0.5] });
 * writer.close();
 * const trace = openTrace('trace.safetensors');
 * const report = replayTrace(trace.positions(), trace.layout.vocab, { k: 2, seed: 17 }); // what `spechub replay` saves
 * trace.close();
 * await writeFigure(replayFigure, replayFigureData(JSON.parse(JSON.stringify(report)), 'replay.json'), { outDir: '.', formats: ['svg'] });
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { replayFigureData } from '../experiments/figures/replayFigureData.ts';
import type { FigureDefinition } from './figures.ts';
import { replaySpec } from './specs/replaySpec.ts';

export const replayFigure: FigureDefinition = {
  id: 'replay',
  number: 8,
  title: 'Replay of a trace: acceptance per verifier with intervals, and the hub-mass histogram',
  requiredFields: ['kind'],
  compute: () => {
    throw new SpechubError('INVALID_ARGUMENT', 'the replay figure plots a replay report: spechub plot replay --data <replay.json> (from spechub replay --json or --out)');
  },
  spec: replaySpec,
};

export { replayFigureData };
