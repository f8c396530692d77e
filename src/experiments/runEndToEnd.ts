/**
 * The end-to-end experiment (theory §5.1, §6.2): tree speculative decoding with a tfjs target and draft language
 * model pair (the shipped checkpoints by default) on Brown test-split prompts, against plain autoregressive
 * sampling of the target; returns the report that `spechub e2e --json` prints (a contract: field names fixed).
 * `timing: false` leaves out every wall-clock field, so the same seed gives byte-identical output.
 *
 * @example
 * ```ts
 * const r = await runEndToEnd({ tree: '2^2', methods: ['spechub'], prompts: 1, maxNewTokens: 4, seed: 'doc', timing: false });
 * r.methods.spechub!.tokensPerStep >= 1; // true
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { loadCheckpoint } from '../lm/checkpoint.ts';
import { testPrompts } from '../lm/data/testPrompts.ts';
import { checkTreeMemory } from '../lm/engine/checkTreeMemory.ts';
import { type EndToEndReport, measureEndToEnd } from '../lm/engine/measureEndToEnd.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH } from '../lm/presets.ts';
import { loadTokenizer } from '../lm/tokenizer/loadTokenizer.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import type { TokenTree } from '../tree/tokenTree.ts';

export interface EndToEndExperimentOptions {
  /** The tree's name as reported (e.g. '2^4'); parsed with parseTreeSpec unless `shape` is given. */
  tree: string;
  shape?: TokenTree;
  /** Method ids (token-level or sequence-level, see E2E_METHODS / E2E_SEQUENCE_METHODS). */
  methods: string[];
  temperature?: number;
  topP?: number;
  prompts?: number;
  maxNewTokens?: number;
  promptTokens?: number;
  seed: string;
  /** How the decoders draw their drafts (default `scan`; `alias` gives the earlier seeded tokens). */
  draftSampler?: 'scan' | 'alias';
  targetModel?: string;
  draftModel?: string;
  tokenizer?: string;
  /** A tfjs backend to pin (default: the first that starts, tensorflow-gpu → tensorflow → wasm → cpu). */
  backend?: string;
  /** Include wall-clock fields (default true). */
  timing?: boolean;
  progress?: (done: number, total: number, label: string) => void;
  /** Receives the backend line ('spechub: tfjs backend = …'). */
  report?: (line: string) => void;
}

/** The `spechub e2e --json` report. */
export interface EndToEndExperiment {
  backend: string;
  tree: string;
  temperature: number;
  topP: number;
  prompts: number;
  promptTokens: number;
  maxNewTokens: number;
  seed: string;
  draftSampler: 'scan' | 'alias';
  models: { target: string; draft: string };
  singleDraftOverlap: number;
  autoregressive: Partial<EndToEndReport['autoregressive']> & { tokens: number };
  methods: Record<string, Partial<EndToEndReport['methods'][string]> & Omit<EndToEndReport['methods'][string], 'tokensPerSecond' | 'speedupVsAutoregressive'>>;
}

/** `spechub e2e --quick` and the main job's end-to-end step: tree 2^3, 8 prompts of 16 tokens, 32 new tokens. */
export const QUICK_END_TO_END = { tree: '2^3', prompts: 8, promptTokens: 16, maxNewTokens: 32 } as const;

/** Runs the end-to-end measurement and returns its report. */
export async function runEndToEnd(options: EndToEndExperimentOptions): Promise<EndToEndExperiment> {
  const tree = options.shape ?? parseTreeSpec(options.tree);
  const treeText = options.tree;
  const methods = options.methods;
  const temperature = options.temperature ?? 1;
  const topP = options.topP ?? 1;
  const promptCount = options.prompts ?? 20;
  const maxNewTokens = options.maxNewTokens ?? 64;
  const promptTokens = options.promptTokens ?? 32;
  const seed = options.seed;
  const timing = options.timing !== false;
  const targetDir = options.targetModel ?? DEFAULT_TARGET_DIRECTORY;
  const draftDir = options.draftModel ?? DEFAULT_DRAFT_DIRECTORY;
  const tokenizerPath = options.tokenizer ?? (existsSync(join(targetDir, 'tokenizer.json')) ? join(targetDir, 'tokenizer.json') : DEFAULT_TOKENIZER_PATH);

  const tokenizer = loadTokenizer(tokenizerPath);
  const { tf, backend } = await selectBackend({ prefer: options.backend, report: options.report ?? (() => {}) });
  const target = loadCheckpoint(tf, targetDir, { expectVocabSize: tokenizer.vocabSize }).model;
  const draft = loadCheckpoint(tf, draftDir, { expectVocabSize: tokenizer.vocabSize }).model;
  try {
    const limit = Math.min(target.config.contextLength, draft.config.contextLength);
    if (promptTokens + maxNewTokens - 1 + tree.depth > limit) {
      throw new SpechubError('INVALID_ARGUMENT', `--prompt-tokens ${promptTokens} + --max-new-tokens ${maxNewTokens} + tree depth ${tree.depth} exceed the models' context of ${limit} tokens`);
    }
    checkTreeMemory({ target: target.config, draft: draft.config }, tree, treeText, promptTokens, maxNewTokens);
    const prompts = testPrompts(tokenizer, promptCount, promptTokens, seed);
    const report: EndToEndReport = measureEndToEnd({ target, draft }, prompts, {
      tree: treeText,
      shape: tree,
      methods,
      temperature,
      topP,
      maxNewTokens,
      seed,
      ...(options.draftSampler === undefined ? {} : { draftSampler: options.draftSampler }),
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    });
    const methodsOut = Object.fromEntries(
      Object.entries(report.methods).map(([id, m]) => {
        if (timing) return [id, m];
        const { tokensPerSecond: _rate, speedupVsAutoregressive: _speedup, ...rest } = m;
        return [id, rest];
      }),
    );
    return {
      backend,
      tree: report.tree,
      temperature,
      topP,
      prompts: report.prompts,
      promptTokens: report.promptTokens,
      maxNewTokens,
      seed,
      draftSampler: report.draftSampler,
      models: { target: targetDir, draft: draftDir },
      singleDraftOverlap: report.singleDraftOverlap,
      autoregressive: timing ? report.autoregressive : { tokens: report.autoregressive.tokens },
      methods: methodsOut,
    };
  } finally {
    target.dispose();
    draft.dispose();
  }
}
