// RRSw's float fast path sums 1 − q(x_1) from the segment tree's nodes without building the tree
// (docs/theory.md §11.7): the value must be `complementSums(floatField, q)([x])` bit for bit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complementSums } from '../../core/complementSums.ts';
import { floatField } from '../../core/field.ts';
import { createRng } from '../../random/createRng.ts';
import { complementByTreeNodes } from './rrswFloat.ts';

test('complementByTreeNodes = complementSums(floatField, q)([x]) bit for bit (n = 1..5,000; zeros, −0, subnormals, ties)', () => {
  const rng = createRng('rrsw-tree-nodes');
  let checked = 0;
  for (let c = 0; c < 300; c++) {
    const n = 1 + Math.floor(rng() ** 2 * 5000);
    const q = new Float64Array(n);
    for (let y = 0; y < n; y++) {
      const u = rng();
      q[y] = c % 4 === 0 ? (u < 0.5 ? 0 : u < 0.6 ? -0 : u < 0.7 ? 5e-324 : u) : c % 4 === 1 ? Math.floor(u * 4) / 16 : c % 4 === 2 ? Math.exp(60 * (u - 0.5)) : u;
    }
    let m = 1;
    while (m < n) m *= 2;
    const reference = complementSums(floatField, q);
    const xs = [-1, 0, n - 1, n, Math.floor(rng() * n), Math.floor(rng() * n)];
    for (const x of xs) {
      const want = reference([x]);
      const got = complementByTreeNodes(q, m, x);
      assert.ok(Object.is(got, want), `n = ${n}, x = ${x}: ${got} vs ${want}`);
      checked++;
    }
  }
  assert.is(checked, 1800);
});

test('teeth: the tree association, not left to right (1 and seven 2⁻⁵³: 1 + 3·2⁻⁵² versus 1)', () => {
  const e = 2 ** -53;
  const q = Float64Array.of(1, e, e, e, e, e, e, e);
  let plain = 0;
  for (let y = 0; y < q.length; y++) plain += q[y]!;
  assert.is(plain, 1);
  assert.is(complementByTreeNodes(q, 8, -1), 1 + 3 * 2 ** -52);
  assert.is(complementSums(floatField, q)([]), 1 + 3 * 2 ** -52);
});

test.run();
