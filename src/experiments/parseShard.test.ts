// Shards: the i/N syntax, and shards 1..N cover every cell exactly once (property).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ParseError } from '../core/errors.ts';
import { formatShard, parseShard, shardCells } from './parseShard.ts';

test('parses i/N, 1-based, with spaces; refuses everything else with one line', () => {
  assert.equal(parseShard('1/4'), { index: 1, count: 4 });
  assert.equal(parseShard(' 4 / 4 '), { index: 4, count: 4 });
  assert.is(formatShard(parseShard('3/7')), '3/7');
  for (const bad of ['0/4', '5/4', '1/0', '-1/2', '1.5/2', '1/2/3', 'a/b', '', '2', '1/1000001']) {
    assert.throws(() => parseShard(bad), (e: unknown) => e instanceof ParseError && !e.message.includes('\n') && e.message.includes(`'${bad}'`), bad);
  }
});

test('shard i of N holds the cells c with c mod N = i − 1; together they cover each cell exactly once', () => {
  assert.equal(shardCells(7, { index: 2, count: 3 }), [1, 4]);
  assert.equal(shardCells(3, null), [0, 1, 2]);
  assert.equal(shardCells(2, { index: 3, count: 3 }), []);
  fc.assert(
    fc.property(fc.nat(200), fc.integer({ min: 1, max: 40 }), (total, count) => {
      const seen = new Array<number>(total).fill(0);
      for (let i = 1; i <= count; i++) {
        const cells = shardCells(total, { index: i, count });
        for (let j = 1; j < cells.length; j++) assert.ok(cells[j - 1]! < cells[j]!, 'ascending');
        for (const c of cells) {
          assert.is(c % count, i - 1);
          seen[c]!++;
        }
      }
      assert.ok(seen.every((n) => n === 1));
    }),
  );
});

test.run();
