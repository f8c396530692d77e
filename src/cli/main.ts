/**
 * `spechub` command line: dispatches to the commands in ./commands. Every malformed input ends with a
 * one-line message on stderr and exit code 2, never a stack trace (set SPECHUB_DEBUG=1 to see one).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['acceptance', '--target', '1/2,1/2', '--draft', '1/4,3/4', '--k', '1'], io); // 0
 * await runCli(['acceptance', '--target', '1/2,1/3', '--draft', '1/4,3/4', '--k', '1'], io); // 2: one line on stderr (p sums to 5/6)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { type CliIo, parseCommandArgs } from './command.ts';
import { commands } from './commands/index.ts';

const processIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'spechub: multi-draft speculative decoding toolkit',
    '',
    'usage: spechub <command> [options]     (spechub <command> --help for its options)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/** Runs the CLI on argv (without `node` and the script); returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`spechub: unknown command '${name}' (try spechub --help)\n`);
    return 2;
  }
  try {
    const values = parseCommandArgs(command, rest);
    if (values.help) {
      io.stdout(command.usage + '\n');
      return 0;
    }
    return await command.run(values, io);
  } catch (e) {
    if (process.env.SPECHUB_DEBUG) io.stderr(String((e as Error).stack) + '\n');
    const message = (e as Error)?.message ?? String(e);
    const prefix = e instanceof SpechubError ? 'error' : 'internal error';
    io.stderr(`spechub ${name}: ${prefix}: ${message.split('\n')[0]}\n`);
    return 2;
  }
}
