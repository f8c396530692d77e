// The bounded readers: devices, pipes and folders are refused before reading; limits hold even when the size
// reported is wrong (/proc); a byte-order mark is dropped; every failure is typed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './errors.ts';
import { readFileBounded, readJsonFileBounded, readTextFileBounded } from './readFileBounded.ts';

const dir = mkdtempSync(join(tmpdir(), 'spechub-read-'));
const refused = (f: () => unknown, code: string, pattern?: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof SpechubError && e.code === code && (pattern === undefined || pattern.test(e.message)), code);

test('a JSON file with a byte-order mark is read', () => {
  const path = join(dir, 'bom.json');
  writeFileSync(path, '\ufeff{"a": [1, 2]}');
  assert.equal(readJsonFileBounded(path), { a: [1, 2] });
  assert.is(readTextFileBounded(path), '{"a": [1, 2]}');
});

test('devices, symbolic links to devices, folders, pipes and missing files are refused at once', () => {
  refused(() => readFileBounded('/dev/zero'), 'NOT_A_REGULAR_FILE');
  const link = join(dir, 'zero-link');
  symlinkSync('/dev/zero', link);
  refused(() => readFileBounded(link, { what: 'weights file' }), 'NOT_A_REGULAR_FILE', /weights file/);
  refused(() => readFileBounded(dir), 'IS_A_DIRECTORY');
  refused(() => readFileBounded(join(dir, 'missing')), 'FILE_NOT_FOUND');
  refused(() => readFileBounded(''), 'FILE_NOT_FOUND');
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  refused(() => readFileBounded(fifo), 'NOT_A_REGULAR_FILE'); // would block forever without O_NONBLOCK + fstat
});

test('size limits: maxBytes (also for /proc files that report size 0), exactBytes', () => {
  const path = join(dir, 'ten');
  writeFileSync(path, '0123456789');
  assert.is(readFileBounded(path, { maxBytes: 10 }).length, 10);
  refused(() => readFileBounded(path, { maxBytes: 9 }), 'TOO_LARGE');
  refused(() => readFileBounded(path, { exactBytes: 11 }), 'PARSE_ERROR', /truncated/);
  refused(() => readFileBounded(path, { exactBytes: 9 }), 'PARSE_ERROR', /trailing data/);
  assert.ok(readTextFileBounded('/proc/self/status').includes('Name:'));
  refused(() => readFileBounded('/proc/self/status', { maxBytes: 16 }), 'TOO_LARGE');
});

test('invalid JSON names the file', () => {
  const path = join(dir, 'bad.json');
  writeFileSync(path, '{oops');
  refused(() => readJsonFileBounded(path, { what: 'chains file' }), 'PARSE_ERROR', /chains file '.*bad\.json' is not valid JSON/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
