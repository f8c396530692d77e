/**
 * Where the time of a speculative step goes (issue 15, "a lean decoder"): a lap timer that the decoder and
 * the model advance at every boundary between phases, so each millisecond of a step is charged to exactly one
 * phase and the phases of a step add up to its wall time.
 *
 * Phases: the two **model passes** (`targetPass`, `draftPass`: the transformer's tensor operations, output
 * head included) and the **overheads**: `treeBuild` (tree bookkeeping: node lists, positions, attention
 * masks), `laws` (logits → next-token laws: temperature, softmax, top-p, for p and q), `drafting` (drawing
 * each node's children with the draft scheme, `nodeMethod`), `verification` (the §5.1 walk or the
 * sequence-level verifier, bonus and residual draws), `cache` (KV-cache bookkeeping: concatenations,
 * gathers, disposal), `transfer` (array → tensor uploads and tensor → array reads, `dataSync`) and `other`
 * (whatever falls between laps). A step with no profiler attached pays nothing but a null check per lap.
 *
 * @example
 * ```ts
 * const { tf } = await selectBackend();
 * // Untrained tiny models (the API is the same for trained ones: loadCheckpoint(tf, 'models/target')).
 * const target = GptModel.initialise(tf, { vocabSize: 64, contextLength: 32, layers: 1, heads: 2, embeddingSize: 16 }, 1);
 * const draft = GptModel.initialise(tf, { vocabSize: 64, contextLength: 32, layers: 1, heads: 1, embeddingSize: 8 }, 2);
 * const promptIds = [5, 9, 12];
 * const profiler = new StepProfiler();
 * const decoder = new SpeculativeDecoder({ target, draft }, parseTreeSpec('2^2'), 'spechub', { temperature: 1, topP: 1 }, { profiler });
 * decoder.generate(promptIds, 8, new SamplingChooser(createRng(1)));
 * profiler.summary().overheadShare; // share of the non-model phases in a step (phase medians)
 * ```
 */
import { SpechubError } from '../../core/errors.ts';

/** The phases a step's time is charged to, model passes first. */
export const STEP_PHASES = ['targetPass', 'draftPass', 'treeBuild', 'laws', 'drafting', 'verification', 'cache', 'transfer', 'other'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];
/** The phases that are model forward passes; every other phase is overhead. */
export const MODEL_PHASES: readonly StepPhase[] = ['targetPass', 'draftPass'];

const INDEX: Record<StepPhase, number> = Object.fromEntries(STEP_PHASES.map((p, i) => [p, i])) as Record<StepPhase, number>;

/** Medians over the recorded steps. */
export interface StepProfileSummary {
  steps: number;
  /** Median wall time of a step, ms. */
  medianStepMs: number;
  /** Per phase: median time per step, ms. */
  medianMs: Record<StepPhase, number>;
  /**
   * Per phase: its median time ÷ the sum of all phases' median times (the shares of a "typical step" whose
   * every phase takes its median time; they add up to 1, and a phase's share is not inflated by the steps in
   * which another phase was slowed down, e.g. preempted on a loaded machine).
   */
  shares: Record<StepPhase, number>;
  /** The overhead phases' share of the typical step (Σ of their `shares`): everything but the model passes. */
  overheadShare: number;
  /** Second estimator: the median over steps of each step's own overhead share. */
  medianStepOverheadShare: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Lap timer over the phases of a step; see the module comment. */
export class StepProfiler {
  private last = 0;
  private current: Float64Array | null = null;
  private readonly clock: () => number;
  private readonly readCost: number;
  /** Per recorded step, milliseconds per phase (in {@link STEP_PHASES} order). */
  readonly steps: Float64Array[] = [];

  /**
   * `clock`: milliseconds (default `performance.now`; tests pass a fake one). `readCost`: the time one clock
   * read itself takes (ms), taken off every lap (not below 0), since each lap's interval contains about one
   * read; see {@link StepProfiler.calibrate}. Negligible for `performance.now` (≈ 0.1–0.4 µs), not for a
   * CPU-time clock (`process.cpuUsage`, a system call of a few µs).
   */
  constructor(clock: () => number = () => performance.now(), readCost = 0) {
    this.clock = clock;
    this.readCost = readCost;
  }

  /**
   * Mean time between two consecutive reads of `clock` (ms): its read cost. The mean, not the median: a clock
   * whose resolution exceeds its read cost (`process.cpuUsage`: 1 µs ticks, about 0.3 µs a read) shows a gap of
   * 0 between most consecutive reads, so their median is 0 however much the reads cost.
   */
  static calibrate(clock: () => number, reads = 20001): number {
    const first = clock();
    let last = first;
    for (let i = 0; i < reads; i++) last = clock();
    return (last - first) / reads;
  }

  /** Starts a step. */
  begin(): void {
    this.current = new Float64Array(STEP_PHASES.length);
    this.last = this.clock();
  }

  /** Charges the time since the previous lap (or {@link begin}) to `phase`. No-op outside a step. */
  lap(phase: StepPhase): void {
    if (this.current === null) return;
    const now = this.clock();
    this.current[INDEX[phase]]! += Math.max(0, now - this.last - this.readCost);
    this.last = now;
  }

  /** Ends the step (the time since the last lap goes to `other`) and records it. */
  end(): void {
    if (this.current === null) return;
    this.lap('other');
    this.steps.push(this.current);
    this.current = null;
  }

  /** Forgets the last recorded step (e.g. a generation's first step, which prefills the prompt). */
  dropLast(): void {
    this.steps.pop();
  }

  /** Forgets the recorded steps (e.g. after a warm-up). */
  reset(): void {
    this.steps.length = 0;
    this.current = null;
  }

  /** Medians over the recorded steps; throws `EMPTY` when none was recorded. */
  summary(): StepProfileSummary {
    if (this.steps.length === 0) throw new SpechubError('EMPTY', 'no profiled steps');
    const totals = this.steps.map((s) => s.reduce((a, b) => a + b, 0));
    const medianMs = {} as Record<StepPhase, number>;
    for (const [i, p] of STEP_PHASES.entries()) medianMs[p] = median(this.steps.map((s) => s[i]!));
    const typical = STEP_PHASES.reduce((a, p) => a + medianMs[p], 0);
    const shares = {} as Record<StepPhase, number>;
    for (const p of STEP_PHASES) shares[p] = typical > 0 ? medianMs[p] / typical : 0;
    const overhead = STEP_PHASES.filter((p) => !MODEL_PHASES.includes(p));
    const overheadIndex = overhead.map((p) => INDEX[p]);
    return {
      steps: this.steps.length,
      medianStepMs: median(totals),
      medianMs,
      shares,
      overheadShare: overhead.reduce((a, p) => a + shares[p], 0),
      medianStepOverheadShare: median(this.steps.map((s, j) => (totals[j]! > 0 ? overheadIndex.reduce((a, i) => a + s[i]!, 0) / totals[j]! : 0))),
    };
  }
}
