// Float-path observations made while bounding replay values (reported to the lead; another helper owns the
// float verifier numerics near one-hot laws, so these are recorded here, not fixed). A probability must lie in
// [0, 1]; the float closed form of RRSw below returns 1 + 2^-52 although both inputs sum to exactly 1 in
// float64; so does SpecHub's closed form on another pair. Replay and the top-K tests clamp acceptances to [0, 1] before comparing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField } from '../core/field.ts';
import { rrsw } from '../verifiers/rrsw.ts';
import { spechub } from '../verifiers/spechub.ts';

// SKIPPED on purpose (known float issue, reported): rrsw.acceptance(floatField, δ_1, q, 3) = 1.0000000000000002.
test.skip('RRSw k = 3 float acceptance stays ≤ 1 for a one-hot target (both inputs sum to exactly 1)', () => {
  const p = [0, 1, 0];
  const q = [0.4240501937812792, 0.31656665208809776, 0.2593831541306231];
  assert.is(q.reduce((a, b) => a + b, 0), 1);
  const alpha = rrsw.acceptance(floatField, p, q, 3).value;
  assert.ok(alpha <= 1, `α = ${alpha}`);
});


// SKIPPED on purpose (known float issue, reported): spechub.acceptance(floatField, p, q, 2) = 1.0000000000000002.
test.skip('SpecHub float acceptance stays ≤ 1 (both inputs sum to exactly 1 in float64)', () => {
  const p = [0.40059328970743335, 0.14400186580624993, 0.3951475510609003, 0, 0.06025729342541643];
  const q = [0.2853889586000068, 0.2534474903137038, 0.3211935935429111, 0.021135305738486657, 0.11883465180489168];
  assert.is(p.reduce((a, b) => a + b, 0), 1);
  assert.is(q.reduce((a, b) => a + b, 0), 1);
  const alpha = spechub.acceptance(floatField, p, q, 2).value;
  assert.ok(alpha <= 1, `α = ${alpha}`);
});

test.run();
