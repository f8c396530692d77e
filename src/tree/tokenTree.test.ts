import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ParseError, SpechubError } from '../core/errors.ts';
import { parseTreeSpec } from './parseTreeSpec.ts';
import { chainTree, fullTree, treeFromParents, treeFromPaths } from './tokenTree.ts';

const code = (c: string) => (e: unknown) => e instanceof SpechubError && e.code === c;

test('k^D naming of §5.2: 2^D has 2^D − 2 drafts and depth D − 1; 3^D has (3^D − 1)/2 − 1', () => {
  for (let D = 1; D <= 6; D++) {
    const t = parseTreeSpec(`2^${D}`);
    assert.is(t.draftTokens, 2 ** D - 2, `2^${D} drafts`);
    assert.is(t.depth, D - 1, `2^${D} depth`);
  }
  for (let D = 1; D <= 5; D++) assert.is(parseTreeSpec(`3^${D}`).draftTokens, (3 ** D - 1) / 2 - 1, `3^${D}`);
  assert.equal(fullTree(2, 3).parents, [-1, 0, 0, 1, 1, 2, 2]);
  assert.equal(fullTree(2, 3).children, [[1, 2], [3, 4], [5, 6], [], [], [], []]);
  assert.is(parseTreeSpec('2^4').maxBranching, 2);
});

test('chains and parent lists', () => {
  const c = parseTreeSpec('chain:5');
  assert.is(c.draftTokens, 5);
  assert.is(c.depth, 5);
  assert.equal(chainTree(2).children, [[1], [2], []]);
  const t = parseTreeSpec('[-1, 0, 0, 1, 1, 1, 3]');
  assert.equal(t.children, [[1, 2], [3, 4, 5], [], [6], [], [], []]);
  assert.is(t.depth, 3);
  assert.is(t.maxBranching, 3);
  assert.equal(parseTreeSpec('{"parents": [-1, 0]}').children, [[1], []]);
});

test('EAGLE-style paths build the same tree as the parent list', () => {
  const t = treeFromPaths([[0], [1], [0, 0], [0, 1], [1, 0]]);
  assert.equal(t.parents, [-1, 0, 0, 1, 1, 2]);
  assert.equal(parseTreeSpec('{"paths": [[1], [0], [0, 0]]}').parents, [-1, 0, 0, 1]);
});

test('malformed trees are rejected with a clear error', () => {
  assert.throws(() => treeFromParents([]), code('INVALID_ARGUMENT'));
  assert.throws(() => treeFromParents([0, 0]), code('INVALID_ARGUMENT'));
  assert.throws(() => treeFromParents([-1, 2, 0]), code('INVALID_ARGUMENT'));
  assert.throws(() => treeFromParents([-1, -1]), code('INVALID_ARGUMENT'));
  assert.throws(() => treeFromParents([-1, 0.5]), code('INVALID_ARGUMENT'));
  assert.throws(() => treeFromPaths([[0, 0]]), code('INVALID_ARGUMENT'));
  assert.throws(() => treeFromPaths([[1]]), code('INVALID_ARGUMENT'));
  assert.throws(() => fullTree(2, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => fullTree(2, 40), code('TOO_LARGE'));
  assert.throws(() => parseTreeSpec('binary'), (e: unknown) => e instanceof ParseError);
  assert.throws(() => parseTreeSpec('{"parents": [-1, 5]}'), (e: unknown) => e instanceof ParseError && /parent/.test((e as Error).message));
  assert.throws(() => parseTreeSpec('{"nodes": 3}'), (e: unknown) => e instanceof ParseError);
});

test.run();
