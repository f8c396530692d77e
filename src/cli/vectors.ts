/**
 * Reading --target/--draft vectors on the command line: comma-separated decimals or fractions, parsed exactly.
 * A pair that sums to exactly 1 is analysed in rationals as well; a pair that sums to 1 only within 1e-9
 * (e.g. printed floats) is analysed in float64 alone and its `exact` fields are null.
 */
import { assertSameLength, parseVector, validateDistribution, validateExactDistribution } from '../core/distribution.ts';
import { rationalField } from '../core/field.ts';
import { renormalise } from '../core/renormalise.ts';
import type { Rational } from '../core/rational.ts';

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
