/**
 * `spechub e2e`: tree speculative decoding with the shipped (or the user's) tfjs target and draft language
 * models on Brown test-split prompts; tokens per step, acceptance by depth, wall-clock speed-up over plain
 * autoregressive sampling. The JSON output is a contract (see the usage text).
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['e2e', '--help'], io); // 0
 * out.join('').startsWith('spechub e2e'); // true: the usage and options
 * ```
 */
import { ParseError } from '../../core/errors.ts';
import { QUICK_END_TO_END, runEndToEnd } from '../../experiments/runEndToEnd.ts';
import { E2E_METHODS, E2E_SEQUENCE_METHODS } from '../../lm/engine/measureEndToEnd.ts';
import { type Command, integerOption, numberOption, printJson, seedOption, timingEnabled } from '../command.ts';
import { progressBar, progressMode } from '../progressBar.ts';
import { readTreeOption } from '../readTreeOption.ts';

export const e2eCommand: Command = {
  name: 'e2e',
  summary: 'tree speculative decoding with the tfjs target/draft LMs: tokens per step and speed-up vs autoregressive',
  usage: `spechub e2e [--tree 2^4] [--method <id|all>] [--temperature 1] [--top-p 1] [--prompts 20]
            [--max-new-tokens 64] [--prompt-tokens 32] [--seed 17] [--draft-sampler scan|alias]
            [--target-model dir] [--draft-model dir] [--tokenizer file] [--backend name] [--quick]
            [--no-progress] [--no-timing] [--json]

  --tree            k^D (full k-ary tree of depth D−1, e.g. 2^2 … 2^5), chain:L, a parent list, or a JSON
                    tree file (as in simulate); method sd always runs a single-draft chain of the tree's depth.
                    Size guard: one target pass scores every node, so a tree whose pass would not fit the
                    memory budget (2 GiB of tensors; 2^12 and larger with the shipped models) is refused
                    before any model runs, naming the largest tree that fits
  --method          comma-separated ids: ${E2E_METHODS.join(' | ')} | all (default all; spechub needs binary
                    trees); sequence-level: ${E2E_SEQUENCE_METHODS.join(' | ')} | sequence (all four; block
                    runs a chain like sd; traversal-hub needs binary trees)
  --temperature     applied to both models, as is --top-p (§8 item 9)
  --prompts         number of prompts: the first --prompt-tokens tokens of test-split paragraphs
  --draft-sampler   how each node draws its drafts: scan (default; an inverse-CDF scan per token) or alias
                    (a Vose alias table from a law's second draw, the tokens of earlier versions for a seed);
                    the same law either way, other tokens for RRS, RRSw, K-SEQ and traversal
  --target-model    tfjs checkpoint folder (default models/target); --draft-model likewise (models/draft);
                    any checkpoint of this architecture (model.json + weights.bin, see docs/e2e.md)
  --quick           2^3 tree, 8 prompts, 32 new tokens (well under 2 minutes; part of npm start)
  --json            one JSON object on stdout:
                    {"backend", "tree", "temperature", "draftSampler", "autoregressive": {"tokensPerSecond"},
                     "methods": {"<id>": {"tokensPerStep", "ci95": [lo, hi], "acceptedPerDepth": [...],
                                          "tokensPerSecond", "speedupVsAutoregressive"}}, …}
  --no-timing       leave out every wall-clock figure (tokensPerSecond, speedupVsAutoregressive), so that
                    the same seed gives byte-identical JSON
Progress on stderr: a bar on a terminal, plain lines when redirected, nothing with --no-progress.`,
  options: {
    tree: { type: 'string' },
    method: { type: 'string' },
    temperature: { type: 'string' },
    'top-p': { type: 'string' },
    prompts: { type: 'string' },
    'max-new-tokens': { type: 'string' },
    'prompt-tokens': { type: 'string' },
    seed: { type: 'string' },
    'draft-sampler': { type: 'string' },
    'target-model': { type: 'string' },
    'draft-model': { type: 'string' },
    tokenizer: { type: 'string' },
    backend: { type: 'string' },
    quick: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    'no-timing': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const quick = values.quick === true;
    const timing = timingEnabled(values);
    const treeText = typeof values.tree === 'string' ? values.tree : quick ? QUICK_END_TO_END.tree : '2^4';
    const tree = readTreeOption(treeText);
    const methodText = typeof values.method === 'string' ? values.method : 'all';
    const binary = (m: string) => (m !== 'spechub' && m !== 'traversal-hub') || tree.maxBranching <= 2;
    const methods = methodText
      .split(',')
      .map((m) => m.trim())
      .flatMap((m) => (m === 'all' ? E2E_METHODS.filter(binary) : m === 'sequence' ? E2E_SEQUENCE_METHODS.filter(binary) : [m]));
    const known = [...E2E_METHODS, ...E2E_SEQUENCE_METHODS] as readonly string[];
    for (const m of methods) if (!known.includes(m)) throw new ParseError(`--method: unknown method '${m}' (choose ${known.join(', ')}, all or sequence)`);
    const temperature = numberOption(values, 'temperature', 1, 1e-3, 100);
    const topP = numberOption(values, 'top-p', 1, 1e-6, 1);
    const promptCount = integerOption(values, 'prompts', quick ? QUICK_END_TO_END.prompts : 20, 1, 10_000);
    const maxNewTokens = integerOption(values, 'max-new-tokens', quick ? QUICK_END_TO_END.maxNewTokens : 64, 1, 100_000);
    const promptTokens = integerOption(values, 'prompt-tokens', quick ? QUICK_END_TO_END.promptTokens : 32, 1, 100_000);
    const seed = seedOption(values, '17');
    const draftSampler = values['draft-sampler'] ?? 'scan';
    if (draftSampler !== 'scan' && draftSampler !== 'alias') throw new ParseError(`--draft-sampler must be scan or alias, got '${String(draftSampler)}'`);
    const output = await runEndToEnd({
      tree: treeText,
      shape: tree,
      methods,
      temperature,
      topP,
      prompts: promptCount,
      maxNewTokens,
      promptTokens,
      seed,
      draftSampler,
      ...(typeof values['target-model'] === 'string' ? { targetModel: values['target-model'] } : {}),
      ...(typeof values['draft-model'] === 'string' ? { draftModel: values['draft-model'] } : {}),
      ...(typeof values.tokenizer === 'string' ? { tokenizer: values.tokenizer } : {}),
      ...(typeof values.backend === 'string' ? { backend: values.backend } : {}),
      timing,
      progress: progressBar(io, progressMode(values)),
      report: (line) => io.stderr(line + '\n'),
    });
    if (values.json) printJson(io, output);
    else {
      io.stdout(`backend ${output.backend}, tree ${output.tree}, temperature ${temperature}, top-p ${topP}, ${output.prompts} prompts × ${maxNewTokens} new tokens, seed ${seed}\n`);
      io.stdout(`single-draft overlap ov(p, q) on the prompts: ${output.singleDraftOverlap.toFixed(3)}\n`);
      if (timing) io.stdout(`autoregressive: ${output.autoregressive.tokensPerSecond!.toFixed(1)} tokens/s\n`);
      io.stdout(`method   tree      tokens/step  95% CI          accepted at depth 1..D        ${timing ? '   tokens/s  speed-up' : ''}\n`);
      for (const [id, m] of Object.entries(output.methods)) {
        const speed = timing ? ` ${m.tokensPerSecond!.toFixed(1).padStart(8)}  ${m.speedupVsAutoregressive!.toFixed(2)}×` : '';
        io.stdout(`${id.padEnd(8)} ${m.tree.padEnd(9)} ${m.tokensPerStep.toFixed(3).padStart(11)}  [${m.ci95[0].toFixed(3)}, ${m.ci95[1].toFixed(3)}]  ${m.acceptedPerDepth.map((a) => a.toFixed(2)).join(' ').padEnd(30)}${speed}\n`);
      }
    }
    return 0;
  },
};
