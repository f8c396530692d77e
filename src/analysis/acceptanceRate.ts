/**
 * Closed-form acceptance of a method (§3.1), validated: float64 ({@link acceptanceRate}) or exact
 * rationals ({@link exactAcceptance}; K-SEQ returns `exact: false` when ρ* is irrational).
 *
 * @example
 * ```ts
 * acceptanceRate('spechub', [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2); // 0.7666…
 * const p = parseVector('1/10,1/5,3/10,2/5', rationalField);
 * const q = parseVector('2/5,3/10,1/5,1/10', rationalField);
 * exactAcceptance('rrs', p, q, 2).value.toString(); // '18/25'
 * ```
 */
import { floatField, rationalField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import type { AcceptanceValue } from '../verifiers/verifier.ts';
import { validateInputs } from './validateInputs.ts';

export function acceptanceRate(methodId: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  const v = validateInputs(floatField, methodId, p, q, k);
  return v.method.verifier.acceptance(floatField, v.p, v.q, k).value;
}

export function exactAcceptance(methodId: string, p: readonly Rational[], q: readonly Rational[], k: number): AcceptanceValue<Rational> {
  const v = validateInputs(rationalField, methodId, p, q, k);
  return v.method.verifier.acceptance(rationalField, v.p, v.q, k);
}
