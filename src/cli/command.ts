/**
 * The shape of a CLI command, and the I/O it writes to (so tests run commands in-process).
 */
import { parseArgs } from 'node:util';
import { ParseError } from '../core/errors.ts';

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

/** Parses argv against a command's options; unknown flags and positionals are errors. */
export function parseCommandArgs(command: Command, argv: string[]): Record<string, string | boolean | string[] | undefined> {
  try {
    const allowPositionals = command.positionals !== undefined;
    const { values, positionals } = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    return (allowPositionals ? { ...values, _: positionals } : values) as Record<string, string | boolean | string[] | undefined>;
  } catch (e) {
    throw new ParseError(`${command.name}: ${(e as Error).message.split('\n')[0]}`);
  }
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
