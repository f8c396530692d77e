/**
 * End-to-end run of the sequence-level verifiers on the shipped tfjs models (issue 14 findings): block
 * verification (chain of the tree's depth) beside single-draft SD, and traversal verification with i.i.d.,
 * without-replacement and hub-pair siblings beside the token-level walks of the same draft law (RRS, RRSw,
 * SpecHub), on full binary trees at temperatures 0.6 and 1. Same prompts and seed convention as
 * `bench/e2eSweep.ts` (first --prompt-tokens tokens of Brown test-split paragraphs; child seeds per method and
 * prompt), so the token-level columns are comparable with `docs/e2e-results.md`. Writes
 * `plots/data/e2e-sequence.json` ({ meta, runs }, the format figure 4 reads) and prints a markdown table.
 *
 * Usage: node --import tsx bench/e2eSequence.ts [--prompts 30] [--max-new-tokens 64] [--trees 2^3,2^4] [--temperatures 0.6,1]
 *        [--seed 17] [--out-json plots/data/e2e-sequence.json]
 * Tokens per step do not depend on the machine's load; the wall-clock columns do (provisional on a shared machine).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/selectBackend.ts';
import { loadCheckpoint } from '../src/lm/checkpoint.ts';
import { testPrompts } from '../src/lm/data/testPrompts.ts';
import { type EndToEndReport, measureEndToEnd } from '../src/lm/engine/measureEndToEnd.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH, REPOSITORY_ROOT } from '../src/lm/presets.ts';
import { loadTokenizer } from '../src/lm/tokenizer/loadTokenizer.ts';

const METHODS = ['sd', 'block', 'rrs', 'traversal', 'rrsw', 'traversal-wor', 'spechub', 'traversal-hub'];

const { values } = parseArgs({
  options: {
    prompts: { type: 'string', default: '30' },
    'max-new-tokens': { type: 'string', default: '64' },
    'prompt-tokens': { type: 'string', default: '32' },
    seed: { type: 'string', default: '17' },
    trees: { type: 'string', default: '2^3,2^4' },
    temperatures: { type: 'string', default: '0.6,1' },
    'out-json': { type: 'string', default: 'plots/data/e2e-sequence.json' },
  },
});

const { tf, backend } = await selectBackend();
const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
const target = loadCheckpoint(tf, DEFAULT_TARGET_DIRECTORY, { expectVocabSize: tokenizer.vocabSize });
const draft = loadCheckpoint(tf, DEFAULT_DRAFT_DIRECTORY, { expectVocabSize: tokenizer.vocabSize });
const prompts = testPrompts(tokenizer, Number(values.prompts), Number(values['prompt-tokens']), values.seed!);
const started = performance.now();
const loadBefore = loadavg()[0]!;
const runs: EndToEndReport[] = [];
for (const temperature of values.temperatures!.split(',').map(Number)) {
  for (const tree of values.trees!.split(',')) {
    const t0 = performance.now();
    const report = measureEndToEnd({ target: target.model, draft: draft.model }, prompts, { tree, methods: METHODS, temperature, maxNewTokens: Number(values['max-new-tokens']), seed: values.seed! });
    runs.push(report);
    process.stderr.write(`T=${temperature} ${tree}: ${Object.entries(report.methods).map(([id, m]) => `${id} ${m.tokensPerStep.toFixed(3)}`).join(', ')}  [${((performance.now() - t0) / 1000).toFixed(0)} s]\n`);
  }
}
const meta = {
  backend,
  cpus: cpus().length,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg()[0]!,
  seconds: Math.round((performance.now() - started) / 1000),
  prompts: prompts.length,
  promptTokens: Number(values['prompt-tokens']),
  maxNewTokens: Number(values['max-new-tokens']),
  seed: values.seed,
  command: `node --import tsx bench/e2eSequence.ts ${process.argv.slice(2).join(' ')}`.trim(),
};
const out = resolve(REPOSITORY_ROOT, values['out-json']!);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, JSON.stringify({ meta, runs }, null, 1) + '\n');
(await import('node:fs')).renameSync(`${out}.tmp`, out);

const cell = (m: { tokensPerStep: number; ci95: [number, number] } | undefined) => (m === undefined ? '–' : `${m.tokensPerStep.toFixed(3)} ± ${((m.ci95[1] - m.ci95[0]) / 2).toFixed(3)}`);
const lines = [`| T | tree | ${METHODS.join(' | ')} |`, `|---|---|${METHODS.map(() => '---|').join('')}`];
for (const r of runs) lines.push(`| ${r.temperature} | ${r.tree} | ${METHODS.map((id) => cell(r.methods[id])).join(' | ')} |`);
process.stdout.write(`${lines.join('\n')}\n\n${meta.seconds} s, backend ${backend}, load ${loadBefore.toFixed(1)} → ${meta.loadAverageAfter.toFixed(1)}\n`);
