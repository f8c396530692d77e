// The gap report (§4): exact gaps on the §7.1 vector E4, and the size guard of its exact (rational) form,
// which refuses costly sizes up front naming the float64 report (issue 9 "Hangs and memory").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { gapReport } from './gapReport.ts';

function expectTooLarge(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.is((e as SpechubError).code, 'TOO_LARGE', (e as Error).message);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('expected TOO_LARGE');
}

/** n exact weights over a common denominator (the entries sum to exactly 1). */
function decimals(n: number, seed: number): Rational[] {
  const w = Array.from({ length: n }, (_, i) => ((i * seed) % 997) + 1);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Rational.of(x, total));
}

test('E4, k = 2: the exact gaps of §7.1 (SpecHub, G-r and G-q are optimal for their own drafts)', () => {
  const p = ['1/10', '1/5', '3/10', '2/5'].map((x) => Rational.parse(x));
  const q = ['2/5', '3/10', '1/5', '1/10'].map((x) => Rational.parse(x));
  const gaps = Object.fromEntries(gapReport(rationalField, p, q, 2).rows.map((r) => [r.method, r.gap.toString()]));
  assert.equal(gaps, { rrs: '7/100', rrsw: '59/840', kseq: '1/25', spechub: '0', greedy: '0', 'greedy-q': '0' });
  const float = gapReport(floatField, p.map((x) => x.toNumber()), q.map((x) => x.toNumber()), 2).rows;
  for (const r of float) assert.ok(Math.abs(r.gap - Number(Rational.parse(gaps[r.method]!).toNumber())) <= 1e-9, r.method);
});

test('the exact gap report refuses costly sizes (n = 2000, 6-digit-style weights) naming the float64 report', () => {
  const p = decimals(2000, 7919);
  const q = decimals(2000, 104729);
  expectTooLarge(() => gapReport(rationalField, p, q, 2), /exact gap report \(n = 2000, k = 2\).*float64 gap report/);
  expectTooLarge(() => gapReport(rationalField, decimals(300, 7919), decimals(300, 104729), 3), /exact gap report/);
  // Small simple fractions stay exact.
  assert.ok(gapReport(rationalField, decimals(20, 7), decimals(20, 11), 2).rows.every((r) => r.exact || r.method === 'kseq'));
});

test.run();
