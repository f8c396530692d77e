// spechub record → spechub replay on tiny checkpoints: the JSON contract, determinism, --out, errors (exit 2).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { saveCheckpoint } from '../../lm/checkpoint.ts';
import { documentText, readBrownCorpus } from '../../lm/data/brownCorpus.ts';
import { randomModel, testBackend } from '../../lm/_testing/tinyModels.ts';
import { trainByteLevelBpe } from '../../lm/tokenizer/trainByteLevelBpe.ts';
import { safetensorsBytes, scratchFolder } from '../../traces/_testing/traceFiles.ts';
import { runCaptured } from '../_testing/runCaptured.ts';

const tf = await testBackend();
const scratch = scratchFolder('spechub-replay-cli-');
const root = scratch.dir;
const tokenizer = trainByteLevelBpe(readBrownCorpus().slice(0, 3).map(documentText).join('\n'), { vocabSize: 300 });
writeFileSync(join(root, 'tokenizer.json'), JSON.stringify(tokenizer.toJSON()));
const config = { vocabSize: 300, contextLength: 40, layers: 1, heads: 2, embeddingSize: 8, mlpMultiplier: 2 };
const target = randomModel(tf, config, 1, 0.3);
const draft = randomModel(tf, { ...config, embeddingSize: 4, heads: 1 }, 2, 0.3);
await saveCheckpoint(join(root, 'target'), target);
await saveCheckpoint(join(root, 'draft'), draft);
target.dispose();
draft.dispose();

const run = runCaptured;
const models = ['--target-model', join(root, 'target'), '--draft-model', join(root, 'draft'), '--tokenizer', join(root, 'tokenizer.json'), '--no-progress'];

test('record (dense, top-K, logits) → replay --json: the documented contract', async () => {
  const dense = join(root, 'dense.safetensors');
  const rec = await run('record', '--out', dense, '--prompts', '3', '--prompt-tokens', '8', '--tokens', '10', '--seed', '4', '--json', ...models);
  assert.is(rec.code, 0, rec.stderr);
  assert.equal(JSON.parse(rec.stdout).positions, 30);
  const r = await run('replay', '--trace', dense, '--k', '2', '--json', '--resamples', '200', '--seed', '5', '--no-progress');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const key of ['positions', 'vocab', 'k', 'methods', 'differences', 'optimum', 'hubMass']) assert.ok(key in out, key);
  assert.is(out.positions, 30);
  assert.is(out.vocab, 300);
  assert.is(out.k, 2);
  for (const id of ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'otm', 'otm-wor']) {
    assert.equal(Object.keys(out.methods[id]).sort(), ['ci95', 'mean'], id);
    assert.is(out.methods[id].ci95.length, 2);
  }
  for (const d of ['spechub-rrs', 'spechub-rrsw']) for (const key of ['mean', 'ci95']) assert.ok(key in out.differences[d], `${d}.${key}`);
  for (const s of ['iid', 'wor']) for (const key of ['mean', 'ci95']) assert.ok(key in out.optimum[s], `${s}.${key}`);
  assert.ok('mean' in out.hubMass && Array.isArray(out.hubMass.quantiles));
  assert.is(out.bootstrap.unit, 'context');
  assert.is(out.bootstrap.clusters, 3);
  // Same seed: byte-identical; --out writes the same JSON.
  const outFile = join(root, 'replay.json');
  const again = await run('replay', '--trace', dense, '--k', '2', '--json', '--resamples', '200', '--seed', '5', '--out', outFile);
  assert.is(again.stdout, r.stdout);
  assert.is(readFileSync(outFile, 'utf8'), r.stdout);

  const topk = join(root, 'topk.safetensors');
  assert.is((await run('record', '--out', topk, '--prompts', '3', '--prompt-tokens', '8', '--tokens', '10', '--seed', '4', '--top-k', '20', ...models)).code, 0);
  const t = JSON.parse((await run('replay', '--trace', topk, '--k', '2', '--json', '--resamples', '200', '--seed', '5')).stdout);
  for (const id of Object.keys(t.methods)) {
    const [lo, hi] = t.methods[id].bounds;
    assert.ok(lo <= out.methods[id].mean + 1e-9 && out.methods[id].mean <= hi + 1e-9, `${id}: dense ${out.methods[id].mean} in top-20 bounds [${lo}, ${hi}]`);
  }
  const logits = join(root, 'logits.safetensors');
  assert.is((await run('record', '--out', logits, '--prompts', '3', '--prompt-tokens', '8', '--tokens', '10', '--seed', '4', '--logits', '--dtype', 'F64', ...models)).code, 0);
  const l = JSON.parse((await run('replay', '--trace', logits, '--k', '2', '--json', '--resamples', '200', '--seed', '5')).stdout);
  assert.ok(Math.abs(l.methods.rrs.mean - out.methods.rrs.mean) < 1e-5, 'logits softmaxed at the recorded temperature give the recorded laws (F32 rounding apart)');
  const hot = JSON.parse((await run('replay', '--trace', logits, '--k', '2', '--json', '--temperature', '2', '--resamples', '50')).stdout);
  assert.ok(Math.abs(hot.methods.rrs.mean - l.methods.rrs.mean) > 1e-3, 're-tempering changes the laws');
  const text = await run('replay', '--trace', dense, '--k', '1', '--methods', 'sd,rrs', '--resamples', '50');
  assert.match(text.stdout, /sd\s+0\.\d{4}/);
  assert.match(text.stdout, /hub mass q\(a\)/);
});

test('replay errors: one line on stderr, exit 2', async () => {
  const notTrace = scratch.write('vector.safetensors', safetensorsBytes({ p: { dtype: 'F32', shape: [2], values: [0.5, 0.5] } }));
  const negative = scratch.write('neg.safetensors', safetensorsBytes({ target: { dtype: 'F32', shape: [1, 2], values: [1.5, -0.5] }, draft: { dtype: 'F32', shape: [1, 2], values: [0.5, 0.5] } }));
  const cases: Array<[string[], RegExp]> = [
    [['replay', '--k', '2'], /missing required option --trace/],
    [['replay', '--trace', join(root, 'none.safetensors')], /cannot open trace/],
    [['replay', '--trace', notTrace], /not a trace: no target distribution/],
    [['replay', '--trace', negative], /tensor 'target' row 0: entry 1 = -0.5 is negative/],
    [['replay', '--trace', join(root, 'dense.safetensors'), '--temperature', '0.5'], /re-tempering needs logits/],
    [['replay', '--trace', join(root, 'dense.safetensors'), '--methods', 'nope'], /unknown method 'nope'/],
    [['replay', '--trace', join(root, 'dense.safetensors'), '--k', '3', '--methods', 'spechub'], /not defined for k = 3/],
    [['record', '--out', join(root, 'x.safetensors'), '--top-k', '3', '--logits', ...models], /exclude each other/],
    [['record', '--out', join(root, 'x.safetensors'), '--prompt-tokens', '30', '--tokens', '20', ...models], /exceed the models' context/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await run(...argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split('\n').filter((l) => !l.startsWith('spechub: tfjs backend')).length, 1, r.stderr);
  }
  assert.not.ok(existsSync(join(root, 'x.safetensors')), 'a failed recording leaves no file');
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
