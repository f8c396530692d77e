// stringifyJson: identical to JSON.stringify on finite data; NaN / ±Infinity anywhere are refused with their path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './errors.ts';
import { stringifyJson } from './stringifyJson.ts';

const refusedAt = (value: unknown, path: string) =>
  assert.throws(
    () => stringifyJson(value),
    (e: unknown) => e instanceof SpechubError && e.code === 'NOT_FINITE' && e.message.includes(`${path} is`),
    path,
  );

test('finite data: the same text as JSON.stringify (with and without indentation)', () => {
  const value = { a: [1, 0.5, -2e-300, { b: null, c: 'x', d: [true] }], e: { '': 3 }, f: 5e-324 };
  assert.is(stringifyJson(value), JSON.stringify(value));
  assert.is(stringifyJson(value, { indent: 1 }), JSON.stringify(value, null, 1));
});

test('NaN and ±Infinity are refused with the path of the first one, never written as null', () => {
  refusedAt(NaN, '$');
  refusedAt({ a: 1, b: Infinity }, '$.b');
  refusedAt([0, [1, -Infinity]], '$[1][1]');
  refusedAt({ rows: [{ exact: 1 }, { exact: NaN }] }, '$.rows[1].exact');
});

test('values with no JSON form are refused; toJSON is honoured', () => {
  assert.throws(() => stringifyJson(undefined), (e: unknown) => e instanceof SpechubError);
  assert.is(stringifyJson({ toJSON: () => [1, 2] }), '[1,2]');
  refusedAt({ x: { toJSON: () => NaN } }, '$.x');
});

test.run();
