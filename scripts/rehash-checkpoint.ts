#!/usr/bin/env -S node --import tsx
// Adds `contentSha256` (the SHA-256 of a checkpoint's format, config, weight names and weights; see
// src/lm/checkpoint.ts) to checkpoints written before it existed, without retraining: the weights are first
// checked against the legacy `weightsSha256`, then model.json is rewritten atomically with the same fields in
// the same order plus `contentSha256`.
//
// Usage: node --import tsx scripts/rehash-checkpoint.ts <checkpoint folder>…   (e.g. models/target models/draft)
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readFileBounded, readJsonFileBounded } from '../src/core/readFileBounded.ts';
import { stringifyJson } from '../src/core/stringifyJson.ts';
import { writeFileAtomic } from '../src/core/writeFileAtomic.ts';
import { type CheckpointJson, checkpointContentSha256 } from '../src/lm/checkpoint.ts';

const folders = process.argv.slice(2);
if (folders.length === 0) {
  process.stderr.write('usage: node --import tsx scripts/rehash-checkpoint.ts <checkpoint folder>…\n');
  process.exit(2);
}
for (const dir of folders) {
  const json = readJsonFileBounded(join(dir, 'model.json'), { what: 'checkpoint' }) as CheckpointJson;
  const shard = json.weightsManifest?.[0]?.paths?.[0];
  if (shard !== 'weights.bin') throw new Error(`${dir}: expected one shard named weights.bin`);
  const bytes = readFileBounded(join(dir, shard), { what: 'weights file' });
  const weightsSha256 = createHash('sha256').update(bytes).digest('hex');
  if (json.weightsSha256 !== undefined && json.weightsSha256 !== weightsSha256) throw new Error(`${dir}: weights.bin does not match its recorded weightsSha256; refusing to bless it`);
  const contentSha256 = checkpointContentSha256(json.config, json.weightsManifest, bytes);
  const { format, version, config, contentSha256: _old, weightsSha256: _legacy, ...rest } = json;
  const updated = { format, version, config, contentSha256, weightsSha256, ...rest };
  writeFileAtomic(join(dir, 'model.json'), stringifyJson(updated, { indent: 1 }) + '\n');
  process.stdout.write(`${dir}: contentSha256 ${contentSha256}\n`);
}
