/** Every CLI command, in the order `spechub --help` lists them. */
import type { Command } from '../command.ts';
import { acceptanceCommand } from './acceptance.ts';
import { checkCommand } from './check.ts';
import { conformCommand } from './conform.ts';
import { e2eCommand } from './e2e.ts';
import { mainCommand } from './main.ts';
import { optimumCommand } from './optimum.ts';
import { plotCommand } from './plot.ts';
import { serveVerifierCommand } from './serveVerifier.ts';
import { simulateCommand } from './simulate.ts';
import { sweepCommand } from './sweep.ts';
import { trainCommand } from './train.ts';

export const commands: Command[] = [mainCommand, acceptanceCommand, checkCommand, optimumCommand, plotCommand, simulateCommand, sweepCommand, trainCommand, e2eCommand, conformCommand, serveVerifierCommand];
