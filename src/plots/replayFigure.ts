/**
 * The replay figure's definition (not one of the canonical computed figures: it plots a `spechub replay`
 * report, so `spechub plot replay --data <replay.json>` is how it is drawn).
 *
 * @example
 * ```ts
 * await writeFigure(replayFigure, replayFigureData(report), { outDir: '.', formats: ['svg'] });
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
