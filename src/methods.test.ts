import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './core/errors.ts';
import { floatField } from './core/field.ts';
import { getDraftScheme, getMethod, methodIds, nodeMethod } from './methods.ts';

test('registry: every core and optimal-transport method, unknown ids are errors', () => {
  for (const id of ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti']) {
    assert.ok(methodIds().includes(id as never), id);
    assert.is(getMethod(id).id, id);
  }
  assert.throws(() => getMethod('rss'), (e: unknown) => e instanceof SpechubError && e.code === 'UNKNOWN_METHOD');
  assert.throws(() => getDraftScheme('hubs'), (e: unknown) => e instanceof SpechubError && e.code === 'UNKNOWN_METHOD');
});

test('nodeMethod: SD at one-child SpecHub nodes, fewer drafts when the draft support is short, errors otherwise', () => {
  const q = [0.5, 0.5, 0, 0];
  assert.is(nodeMethod(floatField, getMethod('spechub'), q, 1).method.id, 'sd');
  assert.equal(nodeMethod(floatField, getMethod('spechub'), q, 2).k, 2);
  const rrsw = nodeMethod(floatField, getMethod('rrsw'), q, 3);
  assert.equal([rrsw.method.id, rrsw.k], ['rrsw', 2]);
  assert.equal(nodeMethod(floatField, getMethod('rrs'), q, 3).k, 3); // i.i.d. drafts may repeat
  assert.throws(() => nodeMethod(floatField, getMethod('spechub'), [0.25, 0.25, 0.25, 0.25], 3), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
});

test.run();
