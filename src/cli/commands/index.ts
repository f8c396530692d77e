/**
 * Every CLI command, in the order `spechub --help` lists them.
 *
 * @example
 * ```ts
 * commands.length; // 16
 * commands.find((c) => c.name === 'acceptance')!.usage.startsWith('spechub acceptance'); // true
 * ```
 */
import type { Command } from '../command.ts';
import { acceptanceCommand } from './acceptance.ts';
import { checkCommand } from './check.ts';
import { conformCommand } from './conform.ts';
import { e2eCommand } from './e2e.ts';
import { mainCommand } from './main.ts';
import { mergeCommand } from './merge.ts';
import { optimumCommand } from './optimum.ts';
import { playgroundCommand } from './playground.ts';
import { plotCommand } from './plot.ts';
import { recordCommand } from './record.ts';
import { replayCommand } from './replay.ts';
import { serveVerifierCommand } from './serveVerifier.ts';
import { simulateCommand } from './simulate.ts';
import { sweepCommand } from './sweep.ts';
import { trainCommand } from './train.ts';
import { treeOptimumCommand } from './treeOptimum.ts';

export const commands: Command[] = [mainCommand, acceptanceCommand, checkCommand, optimumCommand, plotCommand, simulateCommand, treeOptimumCommand, sweepCommand, trainCommand, e2eCommand, recordCommand, replayCommand, mergeCommand, playgroundCommand, conformCommand, serveVerifierCommand];
