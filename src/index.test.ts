// The package entry point loads and exposes the documented API (README "Library" example).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as spechub from './index.ts';

test('README library example runs', () => {
  const { rationalField, parseVector, exactOutputLaw, acceptanceRate, createRng, sampleDrafts, verifyDrafts, checkSampler } = spechub;
  const p = parseVector('1/10,1/5,3/10,2/5', rationalField);
  const q = parseVector('2/5,3/10,1/5,1/10', rationalField);
  const r = exactOutputLaw(rationalField, 'spechub', p, q, 2);
  assert.equal(r.law.map(String), ['1/10', '1/5', '3/10', '2/5']);
  assert.is(r.acceptance.toString(), '23/30');
  assert.equal(r.perPosition.map(String), ['3/5', '1/6']);
  assert.equal(r.profile.map(String), ['1/10', '1/5', '3/10', '1/6']);
  assert.ok(Math.abs(acceptanceRate('rrsw', [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2) - 107 / 140) < 1e-12);
  const rng = createRng(17);
  const drafts = sampleDrafts('hub', [0.4, 0.3, 0.2, 0.1], 2, rng);
  assert.ok(drafts.includes(0) && drafts.length === 2);
  const v = verifyDrafts('spechub', [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], drafts, rng);
  assert.ok(v.token >= 0 && v.token < 4);
  assert.not.ok(checkSampler('kseq', [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2, { trials: 50_000, seed: 3 }).rejected);
});

test.run();
