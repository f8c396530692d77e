import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../../lm/checkpoint.ts';
import { documentText, readBrownCorpus } from '../../lm/data/brownCorpus.ts';
import { randomModel, testBackend } from '../../lm/_testing/tinyModels.ts';
import { trainByteLevelBpe } from '../../lm/tokenizer/trainByteLevelBpe.ts';
import { runCli } from '../main.ts';

// Tiny checkpoints in a temp dir (the shipped models are not needed): a 300-id tokenizer and random models.
const tf = await testBackend();
const root = mkdtempSync(join(tmpdir(), 'spechub-e2e-'));
const tokenizer = trainByteLevelBpe(readBrownCorpus().slice(0, 3).map(documentText).join('\n'), { vocabSize: 300 });
writeFileSync(join(root, 'tokenizer.json'), JSON.stringify(tokenizer.toJSON()));
const config = { vocabSize: 300, contextLength: 40, layers: 1, heads: 2, embeddingSize: 8, mlpMultiplier: 2 };
const target = randomModel(tf, config, 1, 0.3);
const draft = randomModel(tf, { ...config, embeddingSize: 4, heads: 1 }, 2, 0.3);
await saveCheckpoint(join(root, 'target'), target);
await saveCheckpoint(join(root, 'draft'), draft);
const wrongVocab = randomModel(tf, { ...config, vocabSize: 301 }, 3);
await saveCheckpoint(join(root, 'wrong'), wrongVocab);
for (const m of [target, draft, wrongVocab]) m.dispose();

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['e2e', '--target-model', join(root, 'target'), '--draft-model', join(root, 'draft'), '--tokenizer', join(root, 'tokenizer.json'), ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

test('e2e --json: the documented contract for every method, consistent statistics', async () => {
  const r = await run(['--tree', '2^3', '--method', 'all', '--temperature', '0.6', '--prompts', '2', '--max-new-tokens', '6', '--prompt-tokens', '8', '--seed', '3', '--json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'].includes(out.backend), out.backend);
  assert.is(out.tree, '2^3');
  assert.is(out.temperature, 0.6);
  assert.ok(out.autoregressive.tokensPerSecond > 0);
  assert.equal(Object.keys(out.methods), ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy']);
  for (const [id, m] of Object.entries<any>(out.methods)) {
    assert.ok(m.tokensPerStep >= 1 && m.tokensPerStep <= 3, id);
    assert.ok(m.ci95[0] <= m.tokensPerStep && m.tokensPerStep <= m.ci95[1], id);
    assert.is(m.acceptedPerDepth.length, 2);
    assert.ok(Math.abs(1 + m.acceptedPerDepth[0] + m.acceptedPerDepth[1] - m.tokensPerStep) < 1e-9, `${id}: tokens per step = 1 + Σ accepted-at-depth`);
    assert.ok(m.tokensPerSecond > 0 && m.speedupVsAutoregressive > 0, id);
  }
  assert.is(out.methods.sd.tree, 'chain:2');
  assert.ok(out.singleDraftOverlap > 0 && out.singleDraftOverlap < 1);
});

test('e2e --method sequence: block (on chain:D) and traversal verification with each sibling law, same contract', async () => {
  const r = await run(['--tree', '2^3', '--method', 'sequence,rrs', '--prompts', '2', '--max-new-tokens', '6', '--prompt-tokens', '8', '--seed', '3', '--json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(Object.keys(out.methods), ['block', 'traversal', 'traversal-wor', 'traversal-hub', 'rrs']);
  assert.is(out.methods.block.tree, 'chain:2');
  for (const [id, m] of Object.entries<any>(out.methods)) {
    assert.ok(m.tokensPerStep >= 1 && m.tokensPerStep <= 3 && m.ci95[0] <= m.tokensPerStep && m.tokensPerStep <= m.ci95[1], id);
    assert.ok(Math.abs(1 + m.acceptedPerDepth[0] + m.acceptedPerDepth[1] - m.tokensPerStep) < 1e-9, id);
  }
  const bad = await run(['--tree', '3^2', '--method', 'traversal-hub', '--prompts', '1', '--max-new-tokens', '4', '--prompt-tokens', '8']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /cannot verify the 3 children/);
});

test('e2e text output, and clear one-line errors (exit 2): wrong vocabulary, missing checkpoint, bad tree/method, too long', async () => {
  const ok = await run(['--tree', '2^2', '--method', 'spechub,rrs', '--prompts', '1', '--max-new-tokens', '4', '--prompt-tokens', '8']);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /spechub\s+2\^2/);
  const bad = async (args: string[], pattern: RegExp) => {
    const r = await run(args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split('\n').filter((l) => l.startsWith('spechub e2e')).length, 1);
  };
  await bad(['--draft-model', join(root, 'wrong')], /vocabulary of 301 tokens but the tokenizer has 300/);
  await bad(['--target-model', join(root, 'nowhere')], /model\.json not found/);
  await bad(['--tree', '2^x'], /tree/);
  await bad(['--method', 'magic'], /unknown method 'magic'/);
  await bad(['--tree', '3^2', '--method', 'spechub', '--prompts', '1', '--max-new-tokens', '4', '--prompt-tokens', '8'], /cannot verify the 3 children/);
  await bad(['--prompt-tokens', '30', '--max-new-tokens', '20'], /exceed the models' context of 40/);
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
