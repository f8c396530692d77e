// nextTokenLaw against values computed by hand (not with softmax/topPFilter): temperature and top-p both
// change the law. Kills the mutant "nextTokenLaw ignores top-p" (issue 10, item 10), which the end-to-end
// exactness test cannot see because it computes its expected law with nextTokenLaw itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextTokenLaw } from './nextTokenLaw.ts';

const close = (actual: Float64Array, expected: number[], what: string) => {
  assert.is(actual.length, expected.length, what);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) < 1e-15, `${what}: [${i}] = ${actual[i]}, expected ${e}`));
};
const ln = Math.log;

test('temperature 1, no nucleus: logits ln 4, ln 3, ln 2, ln 1 give 0.4, 0.3, 0.2, 0.1', () => {
  close(nextTokenLaw([ln(4), ln(3), ln(2), ln(1)], { temperature: 1, topP: 1 }), [0.4, 0.3, 0.2, 0.1], 'T = 1');
});

test('top-p keeps the smallest most-probable set reaching p, renormalised', () => {
  const logits = [ln(4), ln(3), ln(2), ln(1)];
  // 0.4 < 0.6 ≤ 0.4 + 0.3: tokens 0, 1.
  close(nextTokenLaw(logits, { temperature: 1, topP: 0.6 }), [4 / 7, 3 / 7, 0, 0], 'top-p 0.6');
  // 0.7 < 0.75 ≤ 0.9: tokens 0, 1, 2.
  close(nextTokenLaw(logits, { temperature: 1, topP: 0.75 }), [4 / 9, 3 / 9, 2 / 9, 0], 'top-p 0.75');
  // 0.4 ≥ 0.3: token 0 alone.
  close(nextTokenLaw(logits, { temperature: 1, topP: 0.3 }), [1, 0, 0, 0], 'top-p 0.3');
  // Order by probability, not by index.
  close(nextTokenLaw([ln(1), ln(3), ln(4), ln(2)], { temperature: 1, topP: 0.6 }), [0, 3 / 7, 4 / 7, 0], 'permuted');
  // Ties: lowest index first.
  close(nextTokenLaw([0, 0, 0, 0], { temperature: 1, topP: 0.5 }), [0.5, 0.5, 0, 0], 'ties');
});

test('temperature then top-p: T = 2 takes square roots of the odds before the nucleus', () => {
  const logits = [ln(4), ln(3), ln(2), ln(1)];
  const w = [2, Math.sqrt(3), Math.sqrt(2), 1];
  const s = w.reduce((a, b) => a + b, 0);
  close(nextTokenLaw(logits, { temperature: 2, topP: 1 }), w.map((x) => x / s), 'T = 2');
  // Masses 0.325, 0.282, …: 0.325 < 0.5 ≤ 0.607, tokens 0 and 1.
  close(nextTokenLaw(logits, { temperature: 2, topP: 0.5 }), [2 / (2 + Math.sqrt(3)), Math.sqrt(3) / (2 + Math.sqrt(3)), 0, 0], 'T = 2, top-p 0.5');
  // At T = 0.5 the odds are squared: 16, 9, 4, 1 (sum 30); top-p 0.8 needs 16 + 9 = 25 ≥ 24.
  close(nextTokenLaw(logits, { temperature: 0.5, topP: 0.8 }), [16 / 25, 9 / 25, 0, 0], 'T = 0.5, top-p 0.8');
});

test.run();
