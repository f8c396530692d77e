// Float-path regressions found while bounding replay values: a probability must lie in [0, 1], and the float
// closed forms of RRSw (k = 3) and SpecHub once returned 1 + 2^-52 on inputs that sum to exactly 1 in float64.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField } from '../core/field.ts';
import { rrsw } from '../verifiers/rrsw.ts';
import { spechub } from '../verifiers/spechub.ts';

// Regression (was rrsw.acceptance(floatField, δ_1, q, 3) = 1.0000000000000002.; fixed by the float clamps of theory §11).
test('RRSw k = 3 float acceptance stays ≤ 1 for a one-hot target (both inputs sum to exactly 1)', () => {
  const p = [0, 1, 0];
  const q = [0.4240501937812792, 0.31656665208809776, 0.2593831541306231];
  assert.is(q.reduce((a, b) => a + b, 0), 1);
  const alpha = rrsw.acceptance(floatField, p, q, 3).value;
  assert.ok(alpha <= 1, `α = ${alpha}`);
});


// Regression (was spechub.acceptance(floatField, p, q, 2) = 1.0000000000000002.; fixed by the float clamps of theory §11).
test('SpecHub float acceptance stays ≤ 1 (both inputs sum to exactly 1 in float64)', () => {
  const p = [0.40059328970743335, 0.14400186580624993, 0.3951475510609003, 0, 0.06025729342541643];
  const q = [0.2853889586000068, 0.2534474903137038, 0.3211935935429111, 0.021135305738486657, 0.11883465180489168];
  assert.is(p.reduce((a, b) => a + b, 0), 1);
  assert.is(q.reduce((a, b) => a + b, 0), 1);
  const alpha = spechub.acceptance(floatField, p, q, 2).value;
  assert.ok(alpha <= 1, `α = ${alpha}`);
});

test.run();
