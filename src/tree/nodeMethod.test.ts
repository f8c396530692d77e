import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { getMethod } from '../methods.ts';
import { nodeMethod, resolveTreeMethods } from './nodeMethod.ts';
import { fullTree } from './tokenTree.ts';

test('nodeMethod: SD at one-child SpecHub nodes, fewer drafts when the draft support is short, errors otherwise', () => {
  const q = [0.5, 0.5, 0, 0];
  assert.is(nodeMethod(floatField, getMethod('spechub'), q, 1).method.id, 'sd');
  assert.equal(nodeMethod(floatField, getMethod('spechub'), q, 2).k, 2);
  const rrsw = nodeMethod(floatField, getMethod('rrsw'), q, 3);
  assert.equal([rrsw.method.id, rrsw.k], ['rrsw', 2]);
  assert.equal(nodeMethod(floatField, getMethod('rrs'), q, 3).k, 3); // i.i.d. drafts may repeat
  assert.throws(() => nodeMethod(floatField, getMethod('spechub'), [0.25, 0.25, 0.25, 0.25], 3), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
});

test('resolveTreeMethods: one method for all nodes or one per node, checked against the branching once', () => {
  const tree = fullTree(2, 3);
  assert.is(resolveTreeMethods(tree, 'rrs').length, 7);
  assert.is(resolveTreeMethods(tree, ['rrs', 'spechub', 'rrsw', 'sd', 'sd', 'sd', 'sd'])[1]!.id, 'spechub');
  assert.throws(() => resolveTreeMethods(tree, ['rrs']), (e: unknown) => e instanceof SpechubError && e.code === 'LENGTH_MISMATCH');
  assert.throws(() => resolveTreeMethods(fullTree(3, 2), 'spechub'), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
});

test.run();
