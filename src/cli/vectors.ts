/**
 * Reading --target/--draft vectors on the command line: comma-separated decimals or fractions, parsed exactly.
 * A pair that sums to exactly 1 is analysed in rationals as well; a pair that sums to 1 only within 1e-9
 * (e.g. printed floats) is analysed in float64 alone and its `exact` fields are null.
 *
 * `--target-file` / `--draft-file` (or `-` for standard input) read the vector from a file instead
 * (`readVectorFile`: JSON array, one number per line, .npy, file.safetensors#tensor); see {@link readPairOptions}.
 */
import { assertSameLength, parseVector, validateDistribution, validateExactDistribution } from '../core/distribution.ts';
import { ParseError } from '../core/errors.ts';
import { rationalField } from '../core/field.ts';
import { renormalise } from '../core/renormalise.ts';
import type { Rational } from '../core/rational.ts';
import { readVectorFile } from '../traces/readVectorFile.ts';

export interface CliPair {
  /** Exact vectors when both sum to exactly 1, else null. */
  exact: { p: Rational[]; q: Rational[] } | null;
  p: Float64Array;
  q: Float64Array;
}

export function readPair(targetText: string, draftText: string): CliPair {
  const pr = parseVector(targetText, rationalField, 'target');
  const qr = parseVector(draftText, rationalField, 'draft');
  const p = renormalise(validateDistribution(pr.map((x) => x.toNumber()), 'target')); // exactly, then rounded (§11.2)
  const q = renormalise(validateDistribution(qr.map((x) => x.toNumber()), 'draft'));
  assertSameLength(p, q);
  let exact: CliPair['exact'] = null;
  try {
    validateExactDistribution(pr, 'target');
    validateExactDistribution(qr, 'draft');
    exact = { p: pr, q: qr };
  } catch {
    exact = null;
  }
  return { exact, p, q };
}

/** The option specs of the two vectors, given as text or as files (shared by acceptance, check, optimum). */
export const VECTOR_OPTIONS = {
  target: { type: 'string' },
  draft: { type: 'string' },
  'target-file': { type: 'string' },
  'draft-file': { type: 'string' },
} as const;

/** Usage lines for the vector options. */
export const VECTOR_USAGE = `  --target, --draft   probability vectors: comma-separated decimals or fractions, e.g. 1/6,1/3,1/2
  --target-file, --draft-file
                      the vector from a file instead (- = standard input): a JSON array (.json), one
                      number per line (.txt or any other name), a 1-D .npy array, or a tensor of a
                      safetensors file (file.safetensors#name). Text that sums to exactly 1 (at most
                      2,048 entries) is analysed exactly too; binary floats in float64 after checking
                      |sum - 1| <= 1e-9 (F64), 1e-5 (F32), 2e-3 (F16), 1.6e-2 (BF16), 1e-6 for decimal
                      text, then dividing by the sum`;

/**
 * The (p, q) pair from `--target`/`--draft` text or `--target-file`/`--draft-file` (either form for each);
 * exact rationals only when both vectors are exact. `stdin` is read at most once (only one of the two may be `-`).
 */
export function readPairOptions(values: Record<string, unknown>, stdin?: () => Uint8Array): CliPair {
  const side = (name: 'target' | 'draft'): { p: Float64Array; exact: Rational[] | null } => {
    const text = values[name];
    const file = values[`${name}-file`];
    if (typeof text === 'string' && typeof file === 'string') throw new ParseError(`give --${name} or --${name}-file, not both`);
    if (typeof file === 'string') {
      if (file.trim() === '') throw new ParseError(`--${name}-file: empty path`);
      const v = readVectorFile(file, name, stdin);
      return { p: v.values, exact: v.exact };
    }
    if (typeof text !== 'string' || text.trim() === '') throw new ParseError(`missing required option --${name} (or --${name}-file)`);
    const r = parseVector(text, rationalField, name);
    const p = validateDistribution(r.map((x) => x.toNumber()), name);
    let exact: Rational[] | null = null;
    try {
      validateExactDistribution(r, name);
      exact = r;
    } catch {
      exact = null;
    }
    return { p, exact };
  };
  if (values['target-file'] === '-' && values['draft-file'] === '-') throw new ParseError('only one of --target-file and --draft-file can read standard input');
  const t = side('target');
  const d = side('draft');
  assertSameLength(t.p, d.p);
  return { exact: t.exact !== null && d.exact !== null ? { p: t.exact, q: d.exact } : null, p: t.p, q: d.p };
}
