/**
 * The sweep experiment (theory §5, §6.2): a grid temperature × draft divergence × tree × method on a synthetic
 * language, with exact tokens per step (Markov-chain families, §5.3 recursion averaged over the stationary law of
 * the last token) and Monte Carlo estimates with 95 % intervals. Methods include the sequence-level verifiers
 * (block, traversal, traversal-wor, traversal-hub; exact by the §S3.5 recursion where the vocabulary is small
 * enough, Monte Carlo always) and, for small Markov chains, the tree-level optimum 1 + LP-A (§S4.1) of each
 * sibling law in the grid, as rows with method `lp-a:<law>`. `spechub sweep` parses its options into
 * {@link SweepOptions}, runs the grid's cells ({@link sweepGrid}) on worker threads or in shards, and formats the
 * rows ({@link sweepCsv}, {@link sweepMarkdown}); {@link runSweep} runs the same cells in this thread.
 *
 * @example
 * ```ts
 * const rows = runSweep({ ...SWEEP_DEFAULTS, vocabularySize: 20, temperatures: [1], trees: [{ name: '2^2', tree: parseTreeSpec('2^2') }], methods: ['rrs'], steps: 100, seed: 'doc' });
 * rows[0]!.method; // 'rrs'
 * ```
 */
import type { TokenTree } from '../tree/tokenTree.ts';
import { sweepCell, type SweepCellResult, sweepGrid, sweepRows, type SweepSetting, type SweepSettingInput, sweepSettingCell } from './sweepGrid.ts';

/** Largest vocabulary `sweep --n` accepts (Markov rows are generated lazily; see the usage text for costs). */
export const MAX_SWEEP_VOCABULARY = 100_000;
/** Most Monte Carlo steps per cell `sweep --steps` accepts. */
export const MAX_SWEEP_STEPS = 100_000_000;

export type SweepFamily = 'zipf' | 'dirichlet' | 'contextual';

export interface SweepOptions {
  family: SweepFamily;
  vocabularySize: number;
  /** Zipf exponent (zipf, contextual) or Dirichlet concentration. */
  shape: number;
  support?: number;
  contextLength: number;
  buckets: number;
  temperatures: number[];
  trees: Array<{ name: string; tree: TokenTree }>;
  methods: string[];
  /** Either fixed logit-noise values, or target mean overlaps calibrated at `calibrateAt` (each temperature if null). */
  divergences: { kind: 'noise' | 'overlap'; values: number[] };
  calibrateAt: number | null;
  temperatureRatio: number;
  uniformMix: number;
  otherModelMix: number;
  topP: number;
  steps: number;
  exact: boolean;
  /** Cap on enumerated outcomes per row for methods without a closed form (beyond: the cell's exact value is skipped). */
  maxOutcomes: number;
  seed: string;
  /** `stationary` (Markov default), `uniform` (random token / context), or a token. */
  start: 'stationary' | 'uniform' | number;
  /** 1 + LP-A rows (§S4.1) for each sibling law of the grid's methods: `auto` (Markov, exact, n ≤ 16) or `off`. */
  lpA?: 'auto' | 'off';
}

/** The defaults of `spechub sweep` (a Zipf 1.1 family, n = 1000, overlap 0.52, trees 2^2…2^5). */
export const SWEEP_DEFAULTS: SweepOptions = {
  family: 'zipf',
  vocabularySize: 1000,
  shape: 1.1,
  contextLength: 2,
  buckets: 4096,
  temperatures: [0.6, 1.0],
  trees: [],
  methods: ['rrs', 'rrsw', 'spechub', 'greedy'],
  divergences: { kind: 'overlap', values: [0.52] },
  calibrateAt: null,
  temperatureRatio: 1,
  uniformMix: 0,
  otherModelMix: 0,
  topP: 1,
  steps: 10_000,
  exact: true,
  maxOutcomes: 50_000,
  seed: '0',
  start: 'stationary',
  lpA: 'auto',
};

export interface SweepRow {
  family: SweepFamily;
  n: number;
  temperature: number;
  divergence: string;
  logitNoise: number;
  /** Mean single-draft acceptance ov(p, q) under the start law. */
  overlap: number;
  /** Mean draft probability of the hub, q(a) = max q, under the start law (SpecHub's lever, §4.5 H3). */
  hubMass: number;
  tree: string;
  draftTokens: number;
  depth: number;
  method: string;
  exact: number | null;
  monteCarlo: number | null;
  ci95: [number, number] | null;
  steps: number;
  seconds: number;
  skipped: string | null;
}

/**
 * Runs the grid in this thread; `progress(done, total, label)` is called before each cell and during Monte Carlo.
 * The same cells as `spechub sweep` (see {@link sweepGrid}, which runs them on worker threads or in shards), so
 * the rows are identical.
 */
export function runSweep(o: SweepOptions, progress: (done: number, total: number, label: string) => void = () => {}): SweepRow[] {
  const grid = sweepGrid(o);
  const prepare = grid.prepare!;
  const settings = new Map<number, SweepSetting>();
  const total = grid.cells.length;
  const results: SweepCellResult[] = grid.cells.map((cell, i) => {
    let setting = settings.get(cell.setting);
    if (setting === undefined) {
      setting = sweepSettingCell(prepare.inputs[cell.setting] as SweepSettingInput);
      settings.set(cell.setting, setting);
    }
    const label = grid.label!(cell, i, setting);
    progress(i, total, label);
    return sweepCell(cell, { prepared: setting, progress: (f) => progress(i + f, total, label) });
  });
  progress(total, total, 'done');
  return sweepRows(results);
}
