/** Every CLI command, in the order `spechub --help` lists them. */
import type { Command } from '../command.ts';
import { acceptanceCommand } from './acceptance.ts';
import { checkCommand } from './check.ts';

export const commands: Command[] = [acceptanceCommand, checkCommand];
