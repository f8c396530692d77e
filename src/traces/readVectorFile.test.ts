import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { encodeNpy } from './parseNpy.ts';
import { readVectorFile, splitTensorName } from './readVectorFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'spechub-vectors-'));

test('splitTensorName: # only for .safetensors paths and stdin', () => {
  assert.equal(splitTensorName('a.safetensors#target'), { path: 'a.safetensors', tensor: 'target' });
  assert.equal(splitTensorName('-#draft'), { path: '-', tensor: 'draft' });
  assert.equal(splitTensorName('notes#1.txt'), { path: 'notes#1.txt', tensor: undefined });
});

test('files by extension, stdin by content; missing files are INVALID_ARGUMENT', () => {
  writeFileSync(join(dir, 'p.json'), '["1/4", "3/4"]');
  writeFileSync(join(dir, 'q.npy'), encodeNpy([0.5, 0.5], 'F32'));
  assert.equal(readVectorFile(join(dir, 'p.json'), 'target').exact!.map(String), ['1/4', '3/4']);
  assert.equal(Array.from(readVectorFile(join(dir, 'q.npy'), 'draft').values), [0.5, 0.5]);
  const fromStdin = readVectorFile('-', 'draft', () => encodeNpy([0.125, 0.875]));
  assert.equal(Array.from(fromStdin.values), [0.125, 0.875]);
  assert.throws(() => readVectorFile(join(dir, 'nope.json'), 'target'), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT' && /target: no such file/.test((e as Error).message));
  assert.throws(() => readVectorFile('-', 'draft', () => new TextEncoder().encode('0.5\n0.6\n')), /draft \(stdin\) sums to 1.1/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
