/**
 * The data file behind every figure (`plots/data/<figure>.json`): what was computed, with which parameters,
 * and the rows the spec plots. Spec builders read only this; `spechub plot <figure> --data <file>` re-plots a
 * saved file without recomputing.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(acceptanceVsK({ n: 60, contexts: 4, ks: [1, 2] })); // e.g. a plots/data/*.json file
 * const data = validateFigureData(JSON.parse(text), 'acceptance-vs-k', ['k', 'series', 'acceptance']);
 * ```
 */
import { ParseError } from '../core/errors.ts';

export type FigureId =
  | 'acceptance-vs-temperature'
  | 'acceptance-vs-k'
  | 'optimality-gap'
  | 'tokens-per-step'
  | 'optimum-cost'
  | 'spechub-dominance'
  | 'tree-verifier-gap'
  | 'replay';

export type FigureRow = Record<string, string | number | boolean | null>;

export interface FigureData<R extends FigureRow = FigureRow> {
  figure: FigureId;
  title: string;
  /** One or two sentences on what is plotted and how it was computed. */
  description: string;
  /** Every parameter needed to recompute the rows (seeds included). */
  parameters: Record<string, unknown>;
  /** Caveats shown under the figure (e.g. which points are Monte Carlo). */
  notes: string[];
  rows: R[];
}

/** Strings that spell a non-finite number (a hand-edited or foreign file might hold them in a number's place). */
const NON_FINITE_TEXT = /^\s*[+-]?(nan|inf|infinity)\s*$/i;

/**
 * Checks a parsed data file: the figure id matches, rows is an array of flat objects, and every row has the
 * required fields with a number, string, boolean or null value. Non-finite numbers are refused anywhere in the
 * file (JSON cannot spell NaN, but `1e999` parses as Infinity), and so are strings that spell one ("NaN",
 * "Infinity") and strings in a column whose other rows hold numbers. Throws `PARSE_ERROR` naming the first
 * problem.
 */
export function validateFigureData<R extends FigureRow = FigureRow>(value: unknown, figure: FigureId, required: readonly string[]): FigureData<R> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ParseError(`${figure} data: expected a JSON object`);
  refuseNonFinite(value, `${figure} data`, '$');
  const v = value as Partial<FigureData>;
  if (v.figure !== figure) throw new ParseError(`${figure} data: the file is for figure '${String(v.figure)}'`);
  if (!Array.isArray(v.rows)) throw new ParseError(`${figure} data: 'rows' must be an array`);
  if (v.rows.length === 0) throw new ParseError(`${figure} data: 'rows' is empty`);
  v.rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new ParseError(`${figure} data: rows[${i}] is not an object`);
    for (const field of required) {
      if (!(field in row)) throw new ParseError(`${figure} data: rows[${i}] has no '${field}'`);
    }
    for (const [key, x] of Object.entries(row)) {
      if (x !== null && !['string', 'number', 'boolean'].includes(typeof x)) throw new ParseError(`${figure} data: rows[${i}].${key} is not a scalar`);
      if (typeof x === 'number' && !Number.isFinite(x)) throw new ParseError(`${figure} data: rows[${i}].${key} is not finite`);
      if (typeof x === 'string' && NON_FINITE_TEXT.test(x)) throw new ParseError(`${figure} data: rows[${i}].${key} is '${x}', not a finite number`);
    }
  });
  // A column that holds numbers holds only numbers (or null).
  const numeric = new Set<string>();
  for (const row of v.rows as FigureRow[]) for (const [key, x] of Object.entries(row)) if (typeof x === 'number') numeric.add(key);
  (v.rows as FigureRow[]).forEach((row, i) => {
    for (const key of numeric) {
      const x = row[key];
      if (x !== undefined && x !== null && typeof x !== 'number') throw new ParseError(`${figure} data: rows[${i}].${key} is ${JSON.stringify(x)}, but the column holds numbers`);
    }
  });
  return {
    figure,
    title: typeof v.title === 'string' ? v.title : figure,
    description: typeof v.description === 'string' ? v.description : '',
    parameters: v.parameters !== null && typeof v.parameters === 'object' ? (v.parameters as Record<string, unknown>) : {},
    notes: Array.isArray(v.notes) ? v.notes.map(String) : [],
    rows: v.rows as R[],
  };
}

function refuseNonFinite(value: unknown, what: string, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ParseError(`${what}: ${path} is not finite (${value})`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) value.forEach((x, i) => refuseNonFinite(x, what, `${path}[${i}]`));
  else for (const [key, x] of Object.entries(value)) refuseNonFinite(x, what, `${path}.${key}`);
}
