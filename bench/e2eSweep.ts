/**
 * End-to-end sweep on the shipped tfjs models (issue 5 results): trees 2^2 … 2^5 × temperature 0.6 and 1.0,
 * methods sd (chain of the same depth), RRS, RRSw, K-SEQ, SpecHub, greedy; autoregressive baseline measured in
 * the same run for every configuration. Writes `plots/data/e2e-sweep.json` and `docs/e2e-results.md`
 * (tables beside the SpecHub authors' Sequoia logs, spec §6.2.1), and renders the training loss curves
 * (`plots/data/training-*.json`) to `models/loss-curves.svg`.
 *
 * Usage: node --import tsx bench/e2eSweep.ts [--prompts 30] [--max-new-tokens 64] [--seed 17] [--trees 2^2,2^3,2^4,2^5]
 *        [--temperatures 0.6,1] [--target-model dir] [--draft-model dir] [--out-json path] [--out-markdown path]
 * Wall-clock figures depend on the machine's load (the development machine is shared); tokens per step do not.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { stringifyJson } from '../src/core/stringifyJson.ts';
import { writeFileAtomic } from '../src/core/writeFileAtomic.ts';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/selectBackend.ts';
import { loadCheckpoint } from '../src/lm/checkpoint.ts';
import { testPrompts } from '../src/lm/data/testPrompts.ts';
import { endToEndSweep } from '../src/experiments/endToEndSweep.ts';
import { endToEndSweepMarkdown } from '../src/experiments/endToEndSweepMarkdown.ts';
import { forwardFlopsPerToken, parameterCount } from '../src/lm/model.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH, REPOSITORY_ROOT } from '../src/lm/presets.ts';
import { loadTokenizer } from '../src/lm/tokenizer/loadTokenizer.ts';
import { renderSvg } from '../src/plots/renderSvg.ts';

const { values } = parseArgs({
  options: {
    prompts: { type: 'string', default: '30' },
    'max-new-tokens': { type: 'string', default: '64' },
    'prompt-tokens': { type: 'string', default: '32' },
    seed: { type: 'string', default: '17' },
    trees: { type: 'string', default: '2^2,2^3,2^4,2^5' },
    temperatures: { type: 'string', default: '0.6,1' },
    'target-model': { type: 'string', default: DEFAULT_TARGET_DIRECTORY },
    'draft-model': { type: 'string', default: DEFAULT_DRAFT_DIRECTORY },
    'out-json': { type: 'string', default: 'plots/data/e2e-sweep.json' },
    'out-markdown': { type: 'string', default: 'docs/e2e-results.md' },
  },
});

const { tf, backend } = await selectBackend();
const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
const target = loadCheckpoint(tf, values['target-model']!, { expectVocabSize: tokenizer.vocabSize });
const draft = loadCheckpoint(tf, values['draft-model']!, { expectVocabSize: tokenizer.vocabSize });
const prompts = testPrompts(tokenizer, Number(values.prompts), Number(values['prompt-tokens']), values.seed!);
const trees = values.trees!.split(',');
const temperatures = values.temperatures!.split(',').map(Number);
const started = performance.now();
const loadBefore = loadavg()[0]!;
const runs = endToEndSweep({ target: target.model, draft: draft.model }, prompts, {
  trees,
  temperatures,
  maxNewTokens: Number(values['max-new-tokens']),
  seed: values.seed!,
  onRun: (report, cellSeconds) => {
    const line = Object.entries(report.methods).map(([id, m]) => `${id} ${m.tokensPerStep.toFixed(3)} (${m.speedupVsAutoregressive.toFixed(2)}×)`).join(', ');
    process.stderr.write(`T=${report.temperature} ${report.tree}: AR ${report.autoregressive.tokensPerSecond.toFixed(1)} tok/s; ${line}  [${cellSeconds.toFixed(0)} s]\n`);
  },
});
const seconds = (performance.now() - started) / 1000;
const meta = {
  backend,
  cpus: cpus().length,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg()[0]!,
  seconds: Math.round(seconds),
  prompts: prompts.length,
  promptTokens: Number(values['prompt-tokens']),
  maxNewTokens: Number(values['max-new-tokens']),
  seed: values.seed,
  command: `node --import tsx bench/e2eSweep.ts ${process.argv.slice(2).join(' ')}`.trim(),
  target: { parameters: parameterCount(target.model.config), forwardFlopsPerToken: forwardFlopsPerToken(target.model.config, 64), config: target.model.config, perplexity: target.json.metadata },
  draft: { parameters: parameterCount(draft.model.config), forwardFlopsPerToken: forwardFlopsPerToken(draft.model.config, 64), config: draft.model.config },
};
mkdirSync(`${REPOSITORY_ROOT}plots/data`, { recursive: true });
writeFileAtomic(resolve(REPOSITORY_ROOT, values["out-json"]!), stringifyJson({ meta, runs }, { indent: 1 }) + '\n');

// ---- Markdown report ----
const markdown = endToEndSweepMarkdown(runs, {
  backend,
  command: meta.command,
  date: new Date().toISOString().slice(0, 10),
  minutes: Math.round(seconds / 60),
  cpus: meta.cpus,
  loadBefore,
  loadAfter: meta.loadAverageAfter,
  dataPath: values['out-json']!,
  models: `Models: target ${(meta.target.parameters / 1e6).toFixed(2)}M parameters, ${(meta.target.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token; draft ${(meta.draft.parameters / 1e6).toFixed(2)}M parameters, ${(meta.draft.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token (${(meta.target.forwardFlopsPerToken / meta.draft.forwardFlopsPerToken).toFixed(1)}× cheaper).`,
  prompts: prompts.length,
  promptTokens: meta.promptTokens,
  maxNewTokens: meta.maxNewTokens,
  seed: values.seed!,
  trees,
  temperatures,
});
writeFileAtomic(resolve(REPOSITORY_ROOT, values['out-markdown']!), markdown);

// ---- Loss curves ----
const curves: Array<{ model: string; tokens: number; loss: number; kind: string }> = [];
for (const model of ['target', 'draft']) {
  const path = `${REPOSITORY_ROOT}plots/data/training-${model}.json`;
  if (!existsSync(path)) continue;
  const t = JSON.parse(readFileSync(path, 'utf8')) as { curve: Array<{ tokens: number; trainLoss: number; validationLoss?: number }> };
  for (const p of t.curve) {
    curves.push({ model, tokens: p.tokens, loss: p.trainLoss, kind: 'train' });
    if (p.validationLoss !== undefined) curves.push({ model, tokens: p.tokens, loss: p.validationLoss, kind: 'validation' });
  }
}
if (curves.length > 0) {
  const svg = await renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Training loss (cross-entropy, nats/token)',
    data: { values: curves },
    width: 480,
    height: 260,
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'tokens', type: 'quantitative', title: 'training tokens' },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'model', type: 'nominal' },
      strokeDash: { field: 'kind', type: 'nominal' },
    },
  } as never);
  writeFileAtomic(`${REPOSITORY_ROOT}models/loss-curves.svg`, svg);
}
target.model.dispose();
draft.model.dispose();
process.stderr.write(`done in ${seconds.toFixed(0)} s → ${values['out-markdown']}, ${values['out-json']}\n`);
