/**
 * The shape of a CLI command, and the I/O it writes to (so tests run commands in-process).
 *
 * @example
 * ```ts
 * import { commands } from './commands/index.ts';
 * const check = commands.find((c) => c.name === 'check')!;
 * const values = parseCommandArgs(check, ['--k', '2', '--trials', '5000']);
 * integerOption(values, 'k', undefined, 1, 64); // 2
 * integerOption(values, 'trials', 100_000, 1);   // 5000
 * integerOption(values, 'seed', 0);              // 0 (absent: the fallback)
 * ```
 */
import { parseArgs } from 'node:util';
import { ParseError } from '../core/errors.ts';
import { stringifyJson } from '../core/stringifyJson.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface Command {
  name: string;
  summary: string;
  /** Full usage text for `spechub <name> --help`. */
  usage: string;
  options: OptionSpec;
  /** Set when the command takes positional arguments (e.g. `'<figure>'`); they arrive as `values._`. */
  positionals?: string;
  /** Returns the exit code: 0 success, 1 a check failed, 2 bad input. */
  run(values: Record<string, string | boolean | string[] | undefined>, io: CliIo): Promise<number> | number;
}

/** A token that is a value even though it starts with a dash: a negative number (`-1`, `-.5`, `-1e3`, `-Infinity`). */
const NEGATIVE_VALUE = /^-(\d|\.\d|inf|nan)/i;

/**
 * Parses argv against a command's options. Unknown flags and positionals are errors, and so is a flag given
 * twice (unless declared `multiple`): the second value would silently win otherwise. A value that starts with
 * a dash but is a number (`--temperature -1`) is taken as the option's value, so that it reaches the range
 * check and gets its message.
 */
export function parseCommandArgs(command: Command, argv: string[]): Record<string, string | boolean | string[] | undefined> {
  const options: OptionSpec = { ...command.options, help: { type: 'boolean', short: 'h' } };
  const shortNames = new Map(Object.entries(options).filter(([, o]) => o.short !== undefined).map(([name, o]) => [`-${o.short}`, name]));
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') ? a.slice(2) : shortNames.get(a);
    const next = argv[i + 1];
    if (name !== undefined && !a.includes('=') && options[name]?.type === 'string' && next !== undefined && NEGATIVE_VALUE.test(next)) {
      args.push(`--${name}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed;
  try {
    const allowPositionals = command.positionals !== undefined;
    parsed = parseArgs({ args, options, strict: true, allowPositionals, tokens: true });
  } catch (e) {
    throw new ParseError(`${command.name}: ${(e as Error).message.split('\n')[0]}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name) && options[token.name]?.multiple !== true) throw new ParseError(`${command.name}: --${token.name} is given more than once`);
    seen.add(token.name);
  }
  const { values, positionals } = parsed;
  return (command.positionals !== undefined ? { ...values, _: positionals } : values) as Record<string, string | boolean | string[] | undefined>;
}

/** Prints one JSON value as a line on stdout (non-finite numbers are refused, see `stringifyJson`). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(stringifyJson(value) + '\n');
}

/** A seed option: any non-empty string (default `fallback`); seeds are strings everywhere. */
export function seedOption(values: Record<string, unknown>, fallback: string): string {
  const v = values.seed;
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || v === '') throw new ParseError('--seed must be a non-empty string');
  return v;
}

/** True unless `--no-timing` was given (timing fields are then left out, so that the JSON is byte-identical). */
export function timingEnabled(values: Record<string, unknown>): boolean {
  return values['no-timing'] !== true;
}

/** A required string option. */
export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new ParseError(`missing required option --${name}`);
  return v;
}

/** An integer option within [min, max], with a default. */
export function integerOption(values: Record<string, unknown>, name: string, fallback: number | undefined, min = -Infinity, max = Infinity): number {
  const v = values[name];
  if (v === undefined) {
    if (fallback === undefined) throw new ParseError(`missing required option --${name}`);
    return fallback;
  }
  const text = String(v).replace(/_/g, '');
  if (!/^[+-]?\d+(e\d+)?$/i.test(text.trim())) throw new ParseError(`--${name} must be an integer, got '${v}'`);
  const x = Number(text);
  if (!Number.isSafeInteger(x) || x < min || x > max) throw new ParseError(`--${name} must be an integer in [${min}, ${max}], got '${v}'`);
  return x;
}

/** A finite number option within [min, max], with a default. */
export function numberOption(values: Record<string, unknown>, name: string, fallback: number | undefined, min = -Infinity, max = Infinity): number {
  const v = values[name];
  if (v === undefined) {
    if (fallback === undefined) throw new ParseError(`missing required option --${name}`);
    return fallback;
  }
  const x = Number(v);
  if (String(v).trim() === '' || !Number.isFinite(x) || x < min || x > max) throw new ParseError(`--${name} must be a number in [${min}, ${max}], got '${v}'`);
  return x;
}
