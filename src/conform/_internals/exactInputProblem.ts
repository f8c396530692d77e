/** Why a case cannot run in exact mode (its laws do not sum to exactly 1), or null. */
import { rationalField } from '../../core/field.ts';
import type { Rational } from '../../core/rational.ts';
import type { ConformanceCase } from '../conformanceSuite.ts';

export function exactInputProblem(c: ConformanceCase): string | null {
  const sum = (v: readonly Rational[]) => v.reduce((s, x) => rationalField.add(s, x), rationalField.zero);
  if (!sum(c.p).equals(rationalField.one)) return 'the target does not sum to exactly 1';
  if (!sum(c.q).equals(rationalField.one)) return 'the draft does not sum to exactly 1';
  return null;
}
