/**
 * End-to-end sweep on the shipped tfjs models (issue 5 results): trees 2^2 … 2^5 × temperature 0.6 and 1.0,
 * methods sd (chain of the same depth), RRS, RRSw, K-SEQ, SpecHub, greedy; autoregressive baseline measured in
 * the same run for every configuration. Writes `plots/data/e2e-sweep.json` and `docs/e2e-results.md`
 * (tables beside the SpecHub authors' Sequoia logs, §6.2.1), and renders the training loss curves
 * (`plots/data/training-*.json`) to `models/loss-curves.svg`.
 *
 * Usage: node --import tsx bench/e2eSweep.ts [--prompts 30] [--max-new-tokens 64] [--seed 17] [--trees 2^2,2^3,2^4,2^5]
 *        [--temperatures 0.6,1] [--target-model dir] [--draft-model dir] [--out-json path] [--out-markdown path]
 *        [--workers N] [--shard i/N] [--from-json merged.json]
 * Wall-clock figures depend on the machine's load (the development machine is shared); tokens per step do not.
 *
 * Parallel and distributed (docs/scaling.md): the (temperature, tree) configurations are the cells of a grid
 * (src/experiments/endToEndSweepGrid.ts). `--workers N` (default: the number of cores; 1 on the native
 * tensorflow backends, which use every core themselves) measures N configurations at once, each worker loading
 * the models; tokens per step are identical for any N, but the cells then share the cores, so wall-clock
 * figures (tokens/s, speed-ups) are only timing-grade with --workers 1. `--shard i/N` measures one shard and
 * writes its partial result to --out-json (default plots/data/e2e-sweep.shard-i-of-N.json; no markdown);
 * `spechub merge <parts…> --out merged.json` combines them ({ meta, runs }, meta without this run's timings),
 * and `--from-json merged.json` writes the markdown report and loss curves from it without measuring.
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
import { END_TO_END_SWEEP_KIND, type EndToEndSweepResult, endToEndSweepGrid } from '../src/experiments/endToEndSweepGrid.ts';
import { endToEndSweepMarkdown } from '../src/experiments/endToEndSweepMarkdown.ts';
import { parseShard } from '../src/experiments/parseShard.ts';
import { defaultWorkers } from '../src/experiments/runCells.ts';
import { runGrid, runGridShard } from '../src/experiments/runGrid.ts';
import type { EndToEndReport } from '../src/lm/engine/measureEndToEnd.ts';
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
    'out-json': { type: 'string' },
    'out-markdown': { type: 'string', default: 'docs/e2e-results.md' },
    workers: { type: 'string' },
    shard: { type: 'string' },
    'from-json': { type: 'string' },
  },
});
const shard = values.shard === undefined ? null : parseShard(values.shard);
values['out-json'] ??= shard === null ? 'plots/data/e2e-sweep.json' : `plots/data/e2e-sweep.shard-${shard.index}-of-${shard.count}.json`;

type Meta = Record<string, unknown> & { backend: string; cpus?: number; loadAverageBefore?: number; loadAverageAfter?: number; seconds?: number; prompts: number; promptTokens: number; maxNewTokens: number; seed: string; command?: string; target: { parameters: number; forwardFlopsPerToken: number }; draft: { parameters: number; forwardFlopsPerToken: number } };
let meta: Meta;
let runs: EndToEndReport[];
let seconds: number;
let loadBefore: number;
const trees = values.trees!.split(',');
const temperatures = values.temperatures!.split(',').map(Number);
if (values['from-json'] !== undefined) {
  // Markdown and loss curves from a merged (or earlier) result, without measuring.
  const merged = JSON.parse(readFileSync(values['from-json'], 'utf8')) as { meta: Meta; runs: EndToEndReport[] };
  ({ meta, runs } = merged);
  seconds = meta.seconds ?? 0;
  loadBefore = meta.loadAverageBefore ?? NaN;
  trees.splice(0, trees.length, ...new Set(runs.map((r) => r.tree)));
  temperatures.splice(0, temperatures.length, ...new Set(runs.map((r) => r.temperature)));
} else {
  const { tf, backend } = await selectBackend();
  const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
  const targetModel = resolve(REPOSITORY_ROOT, values['target-model']!);
  const draftModel = resolve(REPOSITORY_ROOT, values['draft-model']!);
  const target = loadCheckpoint(tf, targetModel, { expectVocabSize: tokenizer.vocabSize });
  const draft = loadCheckpoint(tf, draftModel, { expectVocabSize: tokenizer.vocabSize });
  const prompts = testPrompts(tokenizer, Number(values.prompts), Number(values['prompt-tokens']), values.seed!);
  const shared = {
    backend,
    prompts: prompts.length,
    promptTokens: Number(values['prompt-tokens']),
    maxNewTokens: Number(values['max-new-tokens']),
    seed: values.seed!,
    target: { parameters: parameterCount(target.model.config), forwardFlopsPerToken: forwardFlopsPerToken(target.model.config, 64), config: target.model.config, perplexity: target.json.metadata, contentSha256: target.json.contentSha256 },
    draft: { parameters: parameterCount(draft.model.config), forwardFlopsPerToken: forwardFlopsPerToken(draft.model.config, 64), config: draft.model.config, contentSha256: draft.json.contentSha256 },
  };
  target.model.dispose();
  draft.model.dispose();
  // Native backends use every core themselves: one configuration at a time unless asked otherwise.
  const workers = values.workers !== undefined ? Number(values.workers) : backend === 'tensorflow' || backend === 'tensorflow-gpu' ? 1 : defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, got ${values.workers}`);
  const grid = endToEndSweepGrid({ trees, temperatures, maxNewTokens: shared.maxNewTokens, seed: shared.seed, prompts, targetModel, draftModel, backend, meta: shared });
  const started = performance.now();
  loadBefore = loadavg()[0]!;
  const onResult = (_: number, result: unknown) => {
    const { report, seconds: cellSeconds } = result as EndToEndSweepResult;
    const line = Object.entries(report.methods).map(([id, m]) => `${id} ${m.tokensPerStep.toFixed(3)} (${m.speedupVsAutoregressive.toFixed(2)}×)`).join(', ');
    process.stderr.write(`T=${report.temperature} ${report.tree}: AR ${report.autoregressive.tokensPerSecond.toFixed(1)} tok/s; ${line}  [${cellSeconds.toFixed(0)} s]\n`);
  };
  if (shard !== null) {
    const partial = await runGridShard(grid, shard, { workers, onResult });
    mkdirSync(`${REPOSITORY_ROOT}plots/data`, { recursive: true });
    writeFileAtomic(resolve(REPOSITORY_ROOT, values['out-json']!), stringifyJson(partial) + '\n');
    process.stderr.write(`shard ${shard.index}/${shard.count}: ${partial.indices.length} of ${partial.cells} configurations in ${((performance.now() - started) / 1000).toFixed(0)} s → ${values['out-json']} (merge the parts with spechub merge, then --from-json)\n`);
    process.exit(0);
  }
  const output = await runGrid(grid, { workers, onResult });
  seconds = (performance.now() - started) / 1000;
  runs = output.runs;
  meta = {
    backend,
    cpus: cpus().length,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg()[0]!,
    seconds: Math.round(seconds),
    workers,
    prompts: shared.prompts,
    promptTokens: shared.promptTokens,
    maxNewTokens: shared.maxNewTokens,
    seed: shared.seed,
    command: `node --import tsx bench/e2eSweep.ts ${process.argv.slice(2).join(' ')}`.trim(),
    target: shared.target,
    draft: shared.draft,
  };
  mkdirSync(`${REPOSITORY_ROOT}plots/data`, { recursive: true });
  writeFileAtomic(resolve(REPOSITORY_ROOT, values['out-json']!), END_TO_END_SWEEP_KIND.text({ meta, runs }));
}

// ---- Markdown report ----
const markdown = endToEndSweepMarkdown(runs, {
  backend: meta.backend,
  command: meta.command ?? `spechub merge of --shard runs of bench/e2eSweep.ts, then --from-json ${values['from-json']}`,
  date: new Date().toISOString().slice(0, 10),
  minutes: Math.round(seconds / 60),
  cpus: meta.cpus ?? cpus().length,
  loadBefore,
  loadAfter: meta.loadAverageAfter ?? NaN,
  dataPath: values['from-json'] ?? values['out-json']!,
  models: `Models: target ${(meta.target.parameters / 1e6).toFixed(2)}M parameters, ${(meta.target.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token; draft ${(meta.draft.parameters / 1e6).toFixed(2)}M parameters, ${(meta.draft.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token (${(meta.target.forwardFlopsPerToken / meta.draft.forwardFlopsPerToken).toFixed(1)}× cheaper).`,
  prompts: meta.prompts,
  promptTokens: meta.promptTokens,
  maxNewTokens: meta.maxNewTokens,
  seed: meta.seed,
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
process.stderr.write(values['from-json'] !== undefined ? `report from ${values['from-json']} → ${values['out-markdown']}\n` : `done in ${seconds.toFixed(0)} s → ${values['out-markdown']}, ${values['out-json']}\n`);
