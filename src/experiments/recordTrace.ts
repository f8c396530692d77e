/**
 * Records a trace (docs/traces.md) from a target/draft pair of the project's tfjs language models: for each
 * prompt, sample `tokensPerPrompt` tokens from the target (temperature, top-p: the laws the decoders use,
 * §8 item 9), then score prompt + sample with both models (teacher forcing) and emit, for every sampled
 * position, the target's and the draft's next-token laws — dense, as logits, or their top K — with the prompt
 * index as context id and the absolute token position. Positions therefore lie along target samples, where a
 * speculative decoder would be asked to verify.
 *
 * The rows go to a sink (`createTraceWriter(...).write` on disk), so this module holds one prompt at a time.
 *
 * @example
 * ```ts
 * const writer = createTraceWriter(path, traceSpecForRecording(options, vocab, metadata));
 * recordTrace({ target, draft }, prompts, options, (row) => writer.write(row));
 * writer.close();
 * ```
 */
import { SamplingChooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import { autoregressiveGenerate } from '../lm/engine/autoregressiveDecoder.ts';
import { nextTokenLaw, type SamplingSettings } from '../lm/engine/nextTokenLaw.ts';
import type { GptModel } from '../lm/model.ts';
import { createRng, deriveSeed } from '../random/createRng.ts';
import type { TraceRow, TraceSpec } from '../traces/createTraceWriter.ts';

export type RecordStore = 'probs' | 'logits' | { topK: number };

export interface RecordOptions {
  tokensPerPrompt: number;
  sampling: SamplingSettings;
  store: RecordStore;
  seed: string | number;
  /** Called after each prompt. */
  progress?: (done: number, total: number) => void;
}

/** The writer spec of a recording (P = prompts × tokens, context ids and positions). */
export function traceSpecForRecording(options: RecordOptions, prompts: number, vocab: number, metadata: Record<string, string>, dtype: TraceSpec['dtype'] = 'F32'): TraceSpec {
  const side = options.store;
  return {
    positions: prompts * options.tokensPerPrompt,
    vocab,
    target: side,
    draft: side,
    dtype,
    contextIds: true,
    positionIds: true,
    metadata: {
      ...metadata,
      temperature: String(options.sampling.temperature),
      top_p: String(options.sampling.topP),
    },
  };
}

/** The K most probable entries (ties by lowest id), ids ascending by rank. */
function topKOf(law: Float64Array, K: number): { ids: number[]; probs: number[] } {
  const ids = Array.from(law.keys()).sort((a, b) => law[b]! - law[a]! || a - b).slice(0, K);
  return { ids, probs: ids.map((i) => law[i]!) };
}

/**
 * Samples and scores every prompt, calling `sink` once per position in order; returns the number of positions
 * written and the sampled tokens of each prompt (position j of prompt i is the law of `samples[i][j]`).
 */
export function recordTrace(models: { target: GptModel; draft: GptModel }, prompts: readonly number[][], options: RecordOptions, sink: (row: TraceRow) => void): { positions: number; samples: number[][] } {
  const { target, draft } = models;
  const V = target.config.vocabSize;
  if (draft.config.vocabSize !== V) throw new SpechubError('LENGTH_MISMATCH', `target vocabulary ${V} ≠ draft vocabulary ${draft.config.vocabSize}`);
  const M = options.tokensPerPrompt;
  if (!Number.isInteger(M) || M < 1) throw new SpechubError('INVALID_ARGUMENT', `tokens per prompt must be a positive integer, got ${M}`);
  const limit = Math.min(target.config.contextLength, draft.config.contextLength);
  let written = 0;
  const samples: number[][] = [];
  prompts.forEach((prompt, i) => {
    if (prompt.length + M - 1 > limit) throw new SpechubError('INVALID_ARGUMENT', `prompt ${i}: ${prompt.length} tokens + ${M} sampled exceed the models' context of ${limit}`);
    const sample = autoregressiveGenerate(target, prompt, M, options.sampling, new SamplingChooser(createRng(deriveSeed(options.seed, 'record', i)))).tokens;
    samples.push(sample);
    const sequence = [...prompt, ...sample.slice(0, M - 1)];
    const rows = [target, draft].map((m) => {
      const cache = m.emptyCache();
      const r = m.scoreTree(cache, sequence, sequence.map((_, j) => j - 1));
      m.disposeForward(r);
      m.disposeCache(cache);
      return r.logits;
    });
    for (let j = 0; j < M; j++) {
      const at = prompt.length - 1 + j;
      const logits = rows.map((l) => l.subarray(at * V, (at + 1) * V));
      let values: TraceRow['target'][];
      if (options.store === 'logits') values = logits;
      else {
        const laws = logits.map((l) => nextTokenLaw(l, options.sampling));
        const store = options.store;
        values = store === 'probs' ? laws : laws.map((law) => topKOf(law, store.topK));
      }
      sink({ target: values[0]!, draft: values[1]!, contextId: i, position: at + 1 });
      written++;
    }
    options.progress?.(i + 1, prompts.length);
  });
  return { positions: written, samples };
}
