/**
 * The two-sided p-value of a standard normal statistic, P(|Z| ≥ |z|) = erfc(|z|/√2): the z-tests of the Monte
 * Carlo checks (theory §3.2) and of the experiments' exact-vs-simulated comparisons.
 *
 * @example
 * ```ts
 * twoSidedNormalPValue(1.959963984540054).toFixed(4); // '0.0500'
 * ```
 */
export { twoSidedNormalPValue } from './_internals/specialFunctions.ts';
