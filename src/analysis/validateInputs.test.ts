// Bad-input tests for the library's public entry points.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { createRng } from '../random/createRng.ts';
import { verifyDrafts } from '../sampling/verifyDrafts.ts';
import { sampleDrafts } from '../sampling/sampleDrafts.ts';
import { monteCarlo } from '../montecarlo/monteCarlo.ts';
import { acceptanceRate } from './acceptanceRate.ts';
import { exactOutputLaw } from './outputLaw.ts';
import { validateInputs } from './validateInputs.ts';

const code = (c: string) => (e: unknown) => e instanceof SpechubError && e.code === c;
const p = [0.1, 0.2, 0.3, 0.4];
const q = [0.4, 0.3, 0.2, 0.1];

test('mismatched sizes, bad vectors, unknown methods, bad k', () => {
  assert.throws(() => validateInputs(floatField, 'rrs', p, [0.5, 0.5], 2), code('LENGTH_MISMATCH'));
  assert.throws(() => validateInputs(floatField, 'rrs', [0.5, 0.6, -0.1, 0], q, 2), code('NEGATIVE_ENTRY'));
  assert.throws(() => validateInputs(floatField, 'rrs', p, [0, 0, 0, 0], 2), code('ZERO_DRAFT_MASS'));
  assert.throws(() => validateInputs(floatField, 'nope', p, q, 2), code('UNKNOWN_METHOD'));
  assert.throws(() => validateInputs(floatField, 'rrs', p, q, 0), code('INVALID_K'));
  assert.throws(() => validateInputs(floatField, 'rrs', p, q, 1.5), code('INVALID_K'));
  assert.throws(() => validateInputs(floatField, 'spechub', p, q, 3), code('UNSUPPORTED_K'));
  assert.throws(() => validateInputs(floatField, 'sd', p, q, 2), code('UNSUPPORTED_K'));
});

test('k larger than the draft support', () => {
  const narrow = [0.5, 0.5, 0, 0];
  assert.throws(() => validateInputs(floatField, 'rrsw', p, narrow, 3), code('K_TOO_LARGE'));
  assert.throws(() => validateInputs(floatField, 'greedy', p, narrow, 3), code('K_TOO_LARGE'));
  assert.not.throws(() => validateInputs(floatField, 'rrs', p, narrow, 3)); // i.i.d. drafts may repeat
  assert.throws(() => exactOutputLaw(floatField, 'rrsw', p, narrow, 3), code('K_TOO_LARGE'));
  assert.throws(() => sampleDrafts('wor', narrow, 3, createRng(1)), code('K_TOO_LARGE'));
});

test('verifyDrafts checks that the drafts could have come from the scheme', () => {
  const rng = createRng(1);
  assert.throws(() => verifyDrafts('rrs', p, q, [], rng), code('INVALID_ARGUMENT'));
  assert.throws(() => verifyDrafts('rrs', p, q, [0, 7], rng), /not a token/);
  assert.throws(() => verifyDrafts('rrs', p, [0.5, 0.5, 0, 0], [0, 3], rng), /draft probability 0/);
  assert.throws(() => verifyDrafts('rrsw', p, q, [1, 1], rng), /distinct/);
  assert.throws(() => verifyDrafts('spechub', p, q, [1, 2], rng), /hub 0 exactly once/);
  assert.throws(() => verifyDrafts('greedy', p, q, [1, 2], rng), /top 1 draft tokens 0/);
  const v = verifyDrafts('spechub', p, q, [2, 0], rng);
  assert.ok(v.token >= 0 && v.token < 4);
  assert.ok(v.acceptedIndex === null || v.acceptedIndex === 0 || v.acceptedIndex === 1);
});

test('SpecHub with q(a) = 1 falls back to one draft; never NaN', () => {
  const point = [0, 1, 0, 0];
  const v = verifyDrafts('spechub', p, point, [1], createRng(3));
  assert.ok(Number.isInteger(v.token));
  assert.is(acceptanceRate('spechub', p, point, 2), 0.2);
  const mc = monteCarlo('spechub', p, point, 2, { trials: 1000, seed: 4 });
  assert.ok(Number.isFinite(mc.acceptance.estimate));
});

test('monteCarlo refuses a bad trial count', () => {
  assert.throws(() => monteCarlo('rrs', p, q, 2, { trials: 0, seed: 1 }), code('INVALID_ARGUMENT'));
});

test('K-SEQ refuses a divisor below ρ* (it would break exactness)', () => {
  assert.throws(() => exactOutputLaw(floatField, 'kseq', p, q, 2, { rho: 1 }), /below ρ\*/);
});

test.run();
