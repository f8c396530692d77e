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
 * const profiler = new StepProfiler();
 * const decoder = new SpeculativeDecoder(models, tree, 'spechub', sampling, { profiler });
 * decoder.generate(prompt, 64, chooser);
 * profiler.summary().overheadShare; // median over steps of the non-model share of a step
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
  /** Per phase: median over steps of (phase time / step time). */
  shares: Record<StepPhase, number>;
  /** Per phase: median time per step, ms. */
  medianMs: Record<StepPhase, number>;
  /** Median over steps of the share of everything that is not a model pass. */
  overheadShare: number;
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
  /** Per recorded step, milliseconds per phase (in {@link STEP_PHASES} order). */
  readonly steps: Float64Array[] = [];

  /** Starts a step. */
  begin(): void {
    this.current = new Float64Array(STEP_PHASES.length);
    this.last = performance.now();
  }

  /** Charges the time since the previous lap (or {@link begin}) to `phase`. No-op outside a step. */
  lap(phase: StepPhase): void {
    if (this.current === null) return;
    const now = performance.now();
    this.current[INDEX[phase]]! += now - this.last;
    this.last = now;
  }

  /** Ends the step (the time since the last lap goes to `other`) and records it. */
  end(): void {
    if (this.current === null) return;
    this.lap('other');
    this.steps.push(this.current);
    this.current = null;
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
    const shares = {} as Record<StepPhase, number>;
    const medianMs = {} as Record<StepPhase, number>;
    STEP_PHASES.forEach((p, i) => {
      shares[p] = median(this.steps.map((s, j) => (totals[j]! > 0 ? s[i]! / totals[j]! : 0)));
      medianMs[p] = median(this.steps.map((s) => s[i]!));
    });
    const overhead = STEP_PHASES.filter((p) => !MODEL_PHASES.includes(p)).map((p) => INDEX[p]);
    const overheadShare = median(this.steps.map((s, j) => (totals[j]! > 0 ? overhead.reduce((a, i) => a + s[i]!, 0) / totals[j]! : 0)));
    return { steps: this.steps.length, medianStepMs: median(totals), shares, medianMs, overheadShare };
  }
}
