// Issue 9, hangs and memory (tree layer): tree specs are sized before anything is built; the exact recursion
// interns subtrees (deep chains cost O(nodes)) and refuses, naming the route that works, beyond its budget.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { expectedTokensPerStep } from './expectedTokensPerStep.ts';
import { markovChainFromRows } from './markovChain.ts';
import { parseTreeSpec } from './parseTreeSpec.ts';
import { fullTreeNodes, MAX_TREE_NODES } from './tokenTree.ts';

const refused = (f: () => unknown, code: string, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof SpechubError && e.code === code && pattern.test(e.message), String(pattern));

test('k^D is sized without building: 2^100000000000 and 1^999999999999 are refused at once', () => {
  const started = performance.now();
  refused(() => parseTreeSpec('2^100000000000'), 'TOO_LARGE', /more than 65536 nodes/);
  refused(() => parseTreeSpec('1^999999999999'), 'TOO_LARGE', /more than 65536 nodes/);
  refused(() => parseTreeSpec('64^64'), 'TOO_LARGE', /more than 65536 nodes/);
  refused(() => parseTreeSpec('chain:65536'), 'TOO_LARGE', /above the limit/);
  assert.ok(performance.now() - started < 100, 'answered at once');
  assert.is(fullTreeNodes(2, 16), 65535);
  assert.is(fullTreeNodes(1, 5), 5);
  assert.ok(fullTreeNodes(2, 1e11) > MAX_TREE_NODES);
  assert.is(parseTreeSpec('2^16').parents.length, 65535);
  assert.is(parseTreeSpec('chain:65535').parents.length, MAX_TREE_NODES);
});

test('malformed shapes are a bad tree (PARSE_ERROR), not a file name or a JSON error', () => {
  for (const text of ['2^-3', '-2^3', '2^x', '2^', '^3', '0^3', '65^2', '2^0', '2.5^3', 'chain:-1', 'chain:x', 'chain:']) {
    refused(() => parseTreeSpec(text), 'PARSE_ERROR', /^bad tree/);
  }
});

// A 2-state chain; SD on chain:L: N_L(x) = 1 + Σ_y min(p_x(y), q_x(y)) · N_{L−1}(y), computed here by hand.
const P = [[0.5, 0.5], [1 / 3, 2 / 3]];
const Q = [[0.75, 0.25], [0.5, 0.5]];
function handRecursion(L: number, start: number): number {
  let n = [1, 1];
  for (let level = 0; level < L; level++) n = [0, 1].map((x) => 1 + [0, 1].reduce((s, y) => s + Math.min(P[x]![y]!, Q[x]![y]!) * n[y]!, 0));
  return n[start]!;
}

test('chain:65535 in float64: O(nodes) (interned subtrees), equal to the recursion computed by hand', () => {
  const chain = markovChainFromRows(floatField, P.map((r) => Float64Array.from(r)), Q.map((r) => Float64Array.from(r)));
  const started = performance.now();
  const r = expectedTokensPerStep(chain, parseTreeSpec('chain:65535'), 'sd');
  assert.ok(performance.now() - started < 20_000, 'deep chain in seconds');
  assert.ok(Math.abs(r.value - handRecursion(65535, 0)) < 1e-12, `${r.value} vs ${handRecursion(65535, 0)}`);
  assert.ok(Math.abs(expectedTokensPerStep(chain, parseTreeSpec('chain:7'), 'sd', { start: 1 }).value - handRecursion(7, 1)) < 1e-15);
});

test('rationals: deep trees and large operation counts are refused naming float64 and Monte Carlo; small ones are exact', () => {
  const r = (t: string) => Rational.parse(t);
  const chain = markovChainFromRows(rationalField, [[r('1/2'), r('1/2')], [r('1/3'), r('2/3')]], [[r('3/4'), r('1/4')], [r('1/2'), r('1/2')]]);
  refused(() => expectedTokensPerStep(chain, parseTreeSpec('chain:65535'), 'sd'), 'TOO_LARGE', /depth 65535 .*float64 \(simulate --float\).*Monte Carlo \(simulate --steps N\)/);
  refused(() => expectedTokensPerStep(chain, parseTreeSpec('2^4'), 'rrs', { maxOperations: 10 }), 'TOO_LARGE', /above the limit 1\.0e\+1/);
  const exact = expectedTokensPerStep(chain, parseTreeSpec('chain:3'), 'sd').value;
  assert.ok(Math.abs(exact.toNumber() - handRecursion(3, 0)) < 1e-15);
});

test('float64: a large vocabulary on a deep tree is refused naming Monte Carlo, before any work', () => {
  const n = 300;
  const row = Float64Array.from({ length: n }, () => 1 / n);
  const chain = markovChainFromRows(floatField, Array.from({ length: n }, () => row), Array.from({ length: n }, () => row));
  const started = performance.now();
  refused(() => expectedTokensPerStep(chain, parseTreeSpec('chain:40000'), 'sd'), 'TOO_LARGE', /Monte Carlo \(simulate --steps N, sweep --no-exact\)/);
  assert.ok(performance.now() - started < 2000);
});

test('methods without a closed-form profile (otm): the enumeration budget is shared by the rows, beyond it Monte Carlo is named', () => {
  const n = 40;
  const rows = Array.from({ length: n }, (_, x) => {
    const w = Array.from({ length: n }, (_, y) => 1 / (((x + y) % n) + 1));
    const s = w.reduce((a, b) => a + b, 0);
    return Float64Array.from(w, (v) => v / s);
  });
  const chain = markovChainFromRows(floatField, rows, rows.map((r) => Float64Array.from(r).reverse()));
  const started = performance.now();
  refused(() => expectedTokensPerStep(chain, parseTreeSpec('3^2'), 'otm'), 'TOO_LARGE', /'otm' .* every one of the 40 rows .*Monte Carlo \(simulate --steps N\)/);
  assert.ok(performance.now() - started < 60_000, `${((performance.now() - started) / 1000).toFixed(1)} s`);
});

test.run();
