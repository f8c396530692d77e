// writeFileAtomic and checkOutputPath: whole files or nothing, typed errors for every file-system obstacle,
// no temporary file left behind.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOutputPath } from './checkOutputPath.ts';
import { SpechubError } from './errors.ts';
import { fileSystemError } from './fileSystemError.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const dir = mkdtempSync(join(tmpdir(), 'spechub-write-'));
const refused = (f: () => unknown, code: string) =>
  assert.throws(f, (e: unknown) => e instanceof SpechubError && e.code === code && !e.message.includes('\n'), code);

test('writes text and bytes, creates folders, replaces an existing file, leaves no temporary file', () => {
  const path = join(dir, 'a', 'b', 'out.txt');
  writeFileAtomic(path, 'first');
  writeFileAtomic(path, 'second');
  assert.is(readFileSync(path, 'utf8'), 'second');
  writeFileAtomic(join(dir, 'bytes.bin'), Uint8Array.from([1, 2, 3]));
  assert.equal([...readFileSync(join(dir, 'bytes.bin'))], [1, 2, 3]);
  assert.equal(readdirSync(join(dir, 'a', 'b')), ['out.txt']);
});

test('a symbolic link is followed: its target is replaced, the link stays', () => {
  const target = join(dir, 'real.txt');
  writeFileSync(target, 'old');
  const link = join(dir, 'link.txt');
  symlinkSync(target, link);
  writeFileAtomic(link, 'new');
  assert.is(readFileSync(target, 'utf8'), 'new');
  assert.is(readFileSync(link, 'utf8'), 'new');
});

test('typed refusals: empty path, trailing slash, a folder, a device, a file in the way (ENOTDIR / EEXIST)', () => {
  refused(() => writeFileAtomic('', 'x'), 'FILE_NOT_FOUND');
  refused(() => writeFileAtomic(join(dir, 'sub') + '/', 'x'), 'IS_A_DIRECTORY');
  mkdirSync(join(dir, 'folder'));
  refused(() => writeFileAtomic(join(dir, 'folder'), 'x'), 'IS_A_DIRECTORY');
  refused(() => writeFileAtomic('/dev/null', 'x'), 'NOT_A_REGULAR_FILE');
  writeFileSync(join(dir, 'plain'), 'x');
  refused(() => writeFileAtomic(join(dir, 'plain', 'child.txt'), 'x'), 'NOT_A_DIRECTORY');
  refused(() => writeFileAtomic(join(dir, 'plain', 'deeper', 'child.txt'), 'x'), 'NOT_A_DIRECTORY');
  assert.is(readFileSync(join(dir, 'plain'), 'utf8'), 'x');
});

test('checkOutputPath: the same obstacles are found before any work, nothing is created', () => {
  checkOutputPath(join(dir, 'new', 'deeper', 'file.json'), 'file');
  checkOutputPath(join(dir, 'new-folder'), 'folder');
  assert.not.ok(existsSync(join(dir, 'new')));
  refused(() => checkOutputPath('', 'folder'), 'FILE_NOT_FOUND');
  refused(() => checkOutputPath('  ', 'file'), 'FILE_NOT_FOUND');
  refused(() => checkOutputPath(join(dir, 'x') + '/', 'file'), 'IS_A_DIRECTORY');
  refused(() => checkOutputPath(join(dir, 'folder'), 'file'), 'IS_A_DIRECTORY');
  refused(() => checkOutputPath(join(dir, 'plain'), 'folder'), 'NOT_A_DIRECTORY');
  refused(() => checkOutputPath(join(dir, 'plain', 'x.json'), 'file'), 'NOT_A_DIRECTORY');
  refused(() => checkOutputPath('/dev/null', 'file'), 'NOT_A_REGULAR_FILE');
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    refused(() => checkOutputPath(join(locked, 'x.json'), 'file'), 'PERMISSION_DENIED');
  }
});

test('fileSystemError maps errno codes', () => {
  const code = (errno: string) => fileSystemError(Object.assign(new Error('x'), { code: errno }), '/p', 'write').code;
  assert.equal(['ENOENT', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EACCES', 'ENOSPC'].map(code), ['FILE_NOT_FOUND', 'FILE_EXISTS', 'NOT_A_DIRECTORY', 'IS_A_DIRECTORY', 'PERMISSION_DENIED', 'FILE_SYSTEM']);
  assert.match(fileSystemError(Object.assign(new Error('x'), { code: 'EEXIST' }), '/p', 'write').message, /^cannot write '\/p': .*\(EEXIST\)$/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
