import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './core/errors.ts';
import { getDraftScheme, getMethod, methodIds } from './methods.ts';

test('registry: every core and optimal-transport method, unknown ids are errors', () => {
  for (const id of ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti']) {
    assert.ok(methodIds().includes(id as never), id);
    assert.is(getMethod(id).id, id);
  }
  assert.throws(() => getMethod('rss'), (e: unknown) => e instanceof SpechubError && e.code === 'UNKNOWN_METHOD');
  assert.throws(() => getDraftScheme('hubs'), (e: unknown) => e instanceof SpechubError && e.code === 'UNKNOWN_METHOD');
});

test.run();
