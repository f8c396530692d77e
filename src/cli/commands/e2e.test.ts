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
  // Defaults for the flags the test does not give (a flag given twice is an error).
  const defaults = [['--target-model', join(root, 'target')], ['--draft-model', join(root, 'draft')], ['--tokenizer', join(root, 'tokenizer.json')]].filter(([flag]) => !args.includes(flag!)).flat();
  const code = await runCli(['e2e', ...defaults, ...args], {
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
  await bad(['--draft-sampler', 'vose'], /--draft-sampler must be scan or alias, got 'vose'/);
});

test('e2e --tree <file>: tree files work (same result as the named shape); --no-timing JSON is byte-identical', async () => {
  const treeFile = join(root, 'tree.json');
  writeFileSync(treeFile, '\ufeff{"parents": [-1, 0, 0, 1, 1, 2, 2]}'); // 2^3, with a byte-order mark
  const args = ['--method', 'rrs,spechub', '--prompts', '2', '--max-new-tokens', '6', '--prompt-tokens', '8', '--seed', 'e2e seed', '--no-timing', '--json'];
  const named = await run(['--tree', '2^3', ...args]);
  const again = await run(['--tree', '2^3', ...args]);
  const fromFile = await run(['--tree', treeFile, ...args]);
  assert.is(named.code, 0, named.stderr);
  assert.is(fromFile.code, 0, fromFile.stderr);
  assert.is(named.stdout, again.stdout, 'same seed, byte-identical JSON');
  const a = JSON.parse(named.stdout);
  const b = JSON.parse(fromFile.stdout);
  assert.is(a.seed, 'e2e seed');
  assert.is(b.tree, treeFile);
  for (const id of ['rrs', 'spechub']) {
    assert.is(b.methods[id].tokensPerStep, a.methods[id].tokensPerStep, id);
    assert.not.ok('tokensPerSecond' in a.methods[id] || 'speedupVsAutoregressive' in a.methods[id], 'no timing');
  }
  assert.not.ok('tokensPerSecond' in a.autoregressive);
  // The draft sampler is reported; alias drafting is its own seeded run (SpecHub's drafts are the same either way).
  assert.is(a.draftSampler, 'scan');
  const alias = await run(['--tree', '2^3', ...args, '--draft-sampler', 'alias']);
  assert.is(alias.code, 0, alias.stderr);
  const c = JSON.parse(alias.stdout);
  assert.is(c.draftSampler, 'alias');
  assert.is(c.methods.spechub.tokensPerStep, a.methods.spechub.tokensPerStep);
});

test('e2e --tree 2^12 and 2^16 with the shipped models: refused before any model runs, naming the largest tree that fits', async () => {
  for (const tree of ['2^12', '2^16']) {
    let stderr = '';
    const started = performance.now();
    const code = await runCli(['e2e', '--tree', tree, '--method', 'rrs'], { stdout: () => {}, stderr: (t) => void (stderr += t) });
    assert.is(code, 2, stderr);
    const line = stderr.trim().split('\n').filter((l) => l.startsWith('spechub e2e'));
    assert.is(line.length, 1, stderr);
    assert.match(line[0]!, /error: tree 2\^1[26] \(\d+ nodes\).* needs about [\d.]+ GiB of tensors, above the 2\.0 GiB budget.*largest full binary tree that fits these models is 2\^11.*spechub simulate/);
    assert.not.match(stderr, /internal error/);
    assert.ok(performance.now() - started < 60_000);
  }
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
