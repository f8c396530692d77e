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
import { E2E_METHODS, type EndToEndReport, measureEndToEnd } from '../src/lm/engine/measureEndToEnd.ts';
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

/** SpecHub authors' Sequoia logs, CNN/DailyMail, target Llama-2-7b-chat (spec §6.2.1): RRS, RRSw, SpecHub. */
const PAPER: Record<string, Record<string, [number, number, number]>> = {
  '68m→7b T=0.6': { '2^2': [1.554, 1.6, 1.616], '2^3': [1.848, 1.969, 1.986], '2^4': [2.051, 2.169, 2.246], '2^5': [2.139, 2.315, 2.403] },
  '68m→7b T=1': { '2^2': [1.543, 1.552, 1.6], '2^3': [1.838, 1.879, 1.983], '2^4': [1.976, 2.044, 2.211], '2^5': [2.069, 2.138, 2.31] },
  '160m→7b T=0.6': { '2^2': [1.634, 1.668, 1.686], '2^3': [2.016, 2.143, 2.176], '2^4': [2.283, 2.37, 2.484], '2^5': [2.378, 2.604, 2.724] },
  '160m→7b T=1': { '2^2': [1.609, 1.633, 1.675], '2^3': [1.96, 2.054, 2.136], '2^4': [2.204, 2.286, 2.42], '2^5': [2.315, 2.418, 2.662] },
};

const { tf, backend } = await selectBackend();
const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
const target = loadCheckpoint(tf, values['target-model']!, { expectVocabSize: tokenizer.vocabSize });
const draft = loadCheckpoint(tf, values['draft-model']!, { expectVocabSize: tokenizer.vocabSize });
const prompts = testPrompts(tokenizer, Number(values.prompts), Number(values['prompt-tokens']), values.seed!);
const trees = values.trees!.split(',');
const temperatures = values.temperatures!.split(',').map(Number);
const started = performance.now();
const loadBefore = loadavg()[0]!;
const runs: EndToEndReport[] = [];
for (const temperature of temperatures) {
  for (const tree of trees) {
    const t0 = performance.now();
    const report = measureEndToEnd({ target: target.model, draft: draft.model }, prompts, {
      tree,
      methods: E2E_METHODS,
      temperature,
      maxNewTokens: Number(values['max-new-tokens']),
      seed: values.seed!,
    });
    runs.push(report);
    const line = Object.entries(report.methods).map(([id, m]) => `${id} ${m.tokensPerStep.toFixed(3)} (${m.speedupVsAutoregressive.toFixed(2)}×)`).join(', ');
    process.stderr.write(`T=${temperature} ${tree}: AR ${report.autoregressive.tokensPerSecond.toFixed(1)} tok/s; ${line}  [${((performance.now() - t0) / 1000).toFixed(0)} s]\n`);
  }
}
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
const f3 = (x: number) => x.toFixed(3);
const lines: string[] = [];
lines.push('# End-to-end results: tree speculative decoding on the shipped tfjs models');
lines.push('');
lines.push(`Generated by \`${meta.command}\` (${new Date().toISOString().slice(0, 10)}; ${Math.round(seconds / 60)} min). Backend **${backend}**, ${meta.cpus} CPU cores shared with other jobs (load average ${loadBefore.toFixed(1)} before, ${meta.loadAverageAfter.toFixed(1)} after). Data: \`${values['out-json']}\`.`);
lines.push('');
lines.push(`Models: target ${(meta.target.parameters / 1e6).toFixed(2)}M parameters, ${(meta.target.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token; draft ${(meta.draft.parameters / 1e6).toFixed(2)}M parameters, ${(meta.draft.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token (${(meta.target.forwardFlopsPerToken / meta.draft.forwardFlopsPerToken).toFixed(1)}× cheaper). ${prompts.length} prompts (first ${meta.promptTokens} tokens of Brown test-split paragraphs), ${meta.maxNewTokens} new tokens each, seed ${meta.seed}, top-p 1, temperature applied to both models.`);
lines.push('');
lines.push('**Tokens per step** = tokens emitted per target forward pass (accepted drafts + 1), spec §5.2; ± is the half-width of the 95 % interval (prompts as clusters). `sd` is single-draft SD on a chain of the same depth. Paper columns: the SpecHub authors\' Sequoia logs on CNN/DailyMail with Llama-2-7b-chat as target (spec §6.2.1), JackFram 68m or 160m drafts.');
lines.push('');
for (const temperature of temperatures) {
  const overlap = runs.find((r) => r.temperature === temperature)!.singleDraftOverlap;
  lines.push(`## Temperature ${temperature}`);
  lines.push('');
  lines.push(`Mean single-draft acceptance ov(p, q) on the prompt positions: **${overlap.toFixed(3)}**.`);
  lines.push('');
  lines.push('| tree | SD chain | RRS | RRSw | K-SEQ | SpecHub | greedy | paper 68m→7b RRS / RRSw / SpecHub | paper 160m→7b RRS / RRSw / SpecHub |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  const key = temperature === 1 ? 'T=1' : `T=${temperature}`;
  for (const tree of trees) {
    const r = runs.find((x) => x.temperature === temperature && x.tree === tree)!;
    const cell = (id: string) => {
      const m = r.methods[id];
      return m === undefined ? '–' : `${f3(m.tokensPerStep)} ± ${((m.ci95[1] - m.ci95[0]) / 2).toFixed(3)}`;
    };
    const paper = (pair: string) => {
      const v = PAPER[`${pair} ${key}`]?.[tree];
      return v === undefined ? '–' : v.map(f3).join(' / ');
    };
    lines.push(`| ${tree} | ${cell('sd')} | ${cell('rrs')} | ${cell('rrsw')} | ${cell('kseq')} | ${cell('spechub')} | ${cell('greedy')} | ${paper('68m→7b')} | ${paper('160m→7b')} |`);
  }
  lines.push('');
  lines.push('Wall clock (tokens per second; speed-up over autoregressive target sampling measured in the same configuration):');
  lines.push('');
  lines.push('| tree | autoregressive tok/s | SD chain | RRS | RRSw | K-SEQ | SpecHub | greedy |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const tree of trees) {
    const r = runs.find((x) => x.temperature === temperature && x.tree === tree)!;
    const cell = (id: string) => {
      const m = r.methods[id];
      return m === undefined ? '–' : `${m.tokensPerSecond.toFixed(1)} (${m.speedupVsAutoregressive.toFixed(2)}×)`;
    };
    lines.push(`| ${tree} | ${r.autoregressive.tokensPerSecond.toFixed(1)} | ${cell('sd')} | ${cell('rrs')} | ${cell('rrsw')} | ${cell('kseq')} | ${cell('spechub')} | ${cell('greedy')} |`);
  }
  lines.push('');
  lines.push(`Acceptance by depth (share of steps that accepted at least d drafts, d = 1 … depth), tree ${trees[trees.length - 1]}:`);
  lines.push('');
  const deepest = runs.find((x) => x.temperature === temperature && x.tree === trees[trees.length - 1]);
  if (deepest !== undefined) {
    lines.push('| method | ' + deepest.methods.rrs!.acceptedPerDepth.map((_, d) => `d ≥ ${d + 1}`).join(' | ') + ' |');
    lines.push('|---|' + deepest.methods.rrs!.acceptedPerDepth.map(() => '---').join('|') + '|');
    for (const [id, m] of Object.entries(deepest.methods)) lines.push(`| ${id} | ${m.acceptedPerDepth.map(f3).join(' | ')} |`);
  }
  lines.push('');
}
let best = { id: '', tree: '', temperature: 0, speedup: 0 };
for (const r of runs) for (const [id, m] of Object.entries(r.methods)) if (m.speedupVsAutoregressive > best.speedup) best = { id, tree: r.tree, temperature: r.temperature, speedup: m.speedupVsAutoregressive };
lines.push('## Best wall-clock speed-up');
lines.push('');
lines.push(`On ${backend}: **${best.speedup.toFixed(2)}×** (${best.id}, tree ${best.tree}, temperature ${best.temperature}) over autoregressive sampling of the target with its KV cache. Wall-clock numbers move by 20–30 % with the load of the shared machine; the autoregressive baseline is re-measured in every configuration to keep each ratio internally consistent.`);
lines.push('');
writeFileAtomic(resolve(REPOSITORY_ROOT, values["out-markdown"]!), lines.join('\n'));

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
process.stderr.write(`done in ${seconds.toFixed(0)} s → docs/e2e-results.md, plots/data/e2e-sweep.json\n`);
