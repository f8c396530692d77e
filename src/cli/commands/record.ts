/**
 * `spechub record`: writes a trace (docs/traces.md) from the shipped tfjs target and draft models (or any
 * checkpoint pair of that architecture) on Brown test-split prompts, positions along target samples.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['record', '--help'], io); // 0
 * out.join('').startsWith('spechub record'); // true: the usage and options
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../../backend/selectBackend.ts';
import { ParseError } from '../../core/errors.ts';
import { recordTrace, type RecordStore, traceSpecForRecording } from '../../experiments/recordTrace.ts';
import { loadCheckpoint } from '../../lm/checkpoint.ts';
import { testPrompts } from '../../lm/data/testPrompts.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH } from '../../lm/presets.ts';
import { loadTokenizer } from '../../lm/tokenizer/loadTokenizer.ts';
import { createTraceWriter } from '../../traces/createTraceWriter.ts';
import { FLOAT_DTYPES, type FloatDtype } from '../../traces/tensorDtypes.ts';
import { type Command, integerOption, numberOption, requireString } from '../command.ts';
import { progressBar } from '../progressBar.ts';

export const recordCommand: Command = {
  name: 'record',
  summary: 'record a trace of (target, draft) next-token laws from the tfjs models on Brown test prompts',
  usage: `spechub record --out <trace.safetensors> [--prompts 8] [--prompt-tokens 16] [--tokens 32]
               [--temperature 1] [--top-p 1] [--top-k K | --logits] [--dtype F32|F16|BF16|F64] [--seed 17]
               [--target-model dir] [--draft-model dir] [--tokenizer file] [--backend name] [--no-progress]

  --out            the trace file to write (atomically)
  --prompts        prompts: the first --prompt-tokens tokens of test-split paragraphs (as spechub e2e)
  --tokens         positions per prompt: the target samples this many tokens after the prompt; each
                   position stores both models' next-token laws given the prompt and the sample so far
  --temperature, --top-p
                   the sampling laws (applied to both models, §8 item 9); stored in the metadata
  --top-k K        store the top K of each law (target_ids/_probs, draft_ids/_probs) instead of dense laws
  --logits         store raw logits (target_logits, draft_logits): replay can re-temper them
  --dtype          float type of the stored values (default F32)
Context ids are the prompt indices, positions the absolute token positions.`,
  options: {
    out: { type: 'string' },
    prompts: { type: 'string' },
    'prompt-tokens': { type: 'string' },
    tokens: { type: 'string' },
    temperature: { type: 'string' },
    'top-p': { type: 'string' },
    'top-k': { type: 'string' },
    logits: { type: 'boolean' },
    dtype: { type: 'string' },
    seed: { type: 'string' },
    'target-model': { type: 'string' },
    'draft-model': { type: 'string' },
    tokenizer: { type: 'string' },
    backend: { type: 'string' },
    'no-progress': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const out = requireString(values, 'out');
    const promptCount = integerOption(values, 'prompts', 8, 1, 100_000);
    const promptTokens = integerOption(values, 'prompt-tokens', 16, 1, 100_000);
    const tokens = integerOption(values, 'tokens', 32, 1, 100_000);
    const temperature = numberOption(values, 'temperature', 1, 1e-3, 100);
    const topP = numberOption(values, 'top-p', 1, 1e-6, 1);
    const seed = typeof values.seed === 'string' ? values.seed : '17';
    const dtype = (typeof values.dtype === 'string' ? values.dtype.toUpperCase() : 'F32') as FloatDtype;
    if (!FLOAT_DTYPES.includes(dtype)) throw new ParseError(`--dtype must be one of ${FLOAT_DTYPES.join(', ')}, got '${values.dtype}'`);
    if (values.logits === true && values['top-k'] !== undefined) throw new ParseError('--top-k and --logits exclude each other');
    const targetDir = typeof values['target-model'] === 'string' ? values['target-model'] : DEFAULT_TARGET_DIRECTORY;
    const draftDir = typeof values['draft-model'] === 'string' ? values['draft-model'] : DEFAULT_DRAFT_DIRECTORY;
    const tokenizerPath = typeof values.tokenizer === 'string' ? values.tokenizer : existsSync(join(targetDir, 'tokenizer.json')) ? join(targetDir, 'tokenizer.json') : DEFAULT_TOKENIZER_PATH;
    const { tf, backend } = await selectBackend({ prefer: typeof values.backend === 'string' ? values.backend : undefined, report: (line) => io.stderr(line + '\n') });
    const tokenizer = loadTokenizer(tokenizerPath);
    const target = loadCheckpoint(tf, targetDir, { expectVocabSize: tokenizer.vocabSize }).model;
    const draft = loadCheckpoint(tf, draftDir, { expectVocabSize: tokenizer.vocabSize }).model;
    try {
      const vocab = target.config.vocabSize;
      const store: RecordStore = values.logits === true ? 'logits' : values['top-k'] !== undefined ? { topK: integerOption(values, 'top-k', undefined, 1, vocab) } : 'probs';
      const prompts = testPrompts(tokenizer, promptCount, promptTokens, seed);
      const options = { tokensPerPrompt: tokens, sampling: { temperature, topP }, store, seed };
      const spec = traceSpecForRecording(options, prompts.length, vocab, { target_model: targetDir, draft_model: draftDir, tokenizer: tokenizerPath, source: `spechub record: ${prompts.length} Brown test-split prompts of ${promptTokens} tokens, ${tokens} target-sampled positions each, seed ${seed}` }, dtype);
      const showProgress = values['no-progress'] !== true && (process.stderr.isTTY === true || process.env.SPECHUB_PROGRESS === '1');
      const bar = progressBar(io, showProgress);
      const writer = createTraceWriter(out, spec);
      let positions: number;
      try {
        positions = recordTrace({ target, draft }, prompts, { ...options, progress: (done, total) => bar(done, total, 'prompts') }, (row) => writer.write(row)).positions;
        writer.close();
      } catch (e) {
        writer.abort();
        throw e;
      }
      const form = store === 'probs' ? 'dense probabilities' : store === 'logits' ? 'logits' : `top-${store.topK}`;
      if (values.json) io.stdout(JSON.stringify({ out, positions, vocab, form, dtype, temperature, topP, prompts: prompts.length, tokens, seed, backend }) + '\n');
      else io.stdout(`wrote ${out}: ${positions} positions (${prompts.length} prompts × ${tokens}), vocabulary ${vocab}, ${form} in ${dtype}, temperature ${temperature}, top-p ${topP}\n`);
      return 0;
    } finally {
      target.dispose();
      draft.dispose();
    }
  },
};
