/**
 * The common part of every verifier-exactness check: enumerate the verifier's program exactly (every draft
 * tuple of its scheme, every accept test and residual draw, in rationals; `exactOutputLaw`, §3.2) and
 * check the statement of the theorem on that instance:
 *   - the output law equals p exactly;
 *   - the acceptance α = P(Y ∈ S(x̄)) equals the closed form the proof derives (`verifier.acceptance`);
 *   - α equals α_test (no residual draw ever re-emits a rejected drafted token);
 *   - the accepted-token profile satisfies A ≤ p and Σ A = α.
 * Instances whose draft law does not admit k drafts (e.g. k above the support for w/o-replacement drafts) are
 * skipped and counted apart.
 */
import * as assert from 'uvu/assert';
import { exactOutputLaw, type ExactAnalysis } from '../../src/analysis/outputLaw.ts';
import { SpechubError } from '../../src/core/errors.ts';
import { rationalField } from '../../src/core/field.ts';
import type { Rational } from '../../src/core/rational.ts';
import { getMethod } from '../../src/methods.ts';

const F = rationalField;

export interface ExactnessCounts {
  checked: number;
  skipped: number;
}

/** Checks one instance; returns the analysis, or null when the scheme does not admit (q, k). */
export function checkExactInstance(methodId: string, p: readonly Rational[], q: readonly Rational[], k: number, options?: { rho?: Rational }): ExactAnalysis<Rational> | null {
  let r: ExactAnalysis<Rational>;
  try {
    r = exactOutputLaw(F, methodId, p, q, k, options);
  } catch (e) {
    if (e instanceof SpechubError && ['K_TOO_LARGE', 'UNSUPPORTED_K'].includes(e.code)) return null;
    throw e;
  }
  const where = `${methodId} k=${k} p=(${p.join(',')}) q=(${q.join(',')})`;
  r.law.forEach((x, y) => assert.ok(x.equals(p[y]!), `${where}: P(Y=${y}) = ${x} ≠ p = ${p[y]}`));
  let exactClosedForm = true;
  if (options?.rho === undefined) {
    const closed = getMethod(methodId).verifier.acceptance(F, p, q, k);
    exactClosedForm = closed.exact;
    if (closed.exact) assert.ok(r.acceptance.equals(closed.value), `${where}: α = ${r.acceptance} ≠ closed form ${closed.value}`);
  }
  if (exactClosedForm) assert.ok(r.acceptance.equals(r.acceptanceTest), `${where}: α = ${r.acceptance} ≠ α_test = ${r.acceptanceTest}`);
  else {
    // K-SEQ with an irrational ρ*: the toolkit runs a rational ρ̂ just above ρ*, where h(ρ̂) > 0 and the
    // residual may re-emit a rejected draft with probability O(ρ̂ − ρ*) (kseq-exactness.md, item 5).
    const gap = r.acceptance.sub(r.acceptanceTest);
    assert.ok(gap.sign() >= 0 && gap.toNumber() < 1e-12, `${where}: α − α_test = ${gap.toNumber()}`);
  }
  let total = F.zero;
  r.profile.forEach((a, y) => {
    assert.ok(F.le(a, p[y]!), `${where}: A(${y}) = ${a} > p = ${p[y]}`);
    total = F.add(total, a);
  });
  assert.ok(total.equals(r.acceptance), `${where}: Σ A = ${total} ≠ α`);
  return r;
}

/** Runs {@link checkExactInstance} over instances, with an optional extra check per analysed instance. */
export function checkExactness(
  methodId: string,
  k: number,
  instances: Iterable<{ p: Rational[]; q: Rational[] }>,
  extra?: (r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]) => void,
): ExactnessCounts {
  const counts = { checked: 0, skipped: 0 };
  for (const { p, q } of instances) {
    const r = checkExactInstance(methodId, p, q, k);
    if (r === null) counts.skipped++;
    else {
      counts.checked++;
      extra?.(r, p, q);
    }
  }
  return counts;
}
