import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactOutputLawUnchecked } from '../../../src/analysis/outputLaw.ts';
import { rationalField as F } from '../../../src/core/field.ts';
import { parseVector } from '../../../src/core/distribution.ts';
import { biasedRrsMethod } from './duplicateSkippingRrs.ts';

test('the biased verifier has the spec’s biased E4 law (§7.2), and no bias without duplicates (k = 1)', () => {
  const p = parseVector('1/10,1/5,3/10,2/5', F);
  const q = parseVector('2/5,3/10,1/5,1/10', F);
  assert.equal(exactOutputLawUnchecked(F, biasedRrsMethod, p, q, 2).law.map(String), ['1/10', '1/5', '183/560', '209/560']);
  assert.equal(exactOutputLawUnchecked(F, biasedRrsMethod, p, q, 1).law.map(String), p.map(String));
});

test.run();
