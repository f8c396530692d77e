/**
 * The sweep experiment as a grid of cells (theory §5, §6.2; docs/scaling.md), for `spechub sweep --workers N`
 * and `--shard i/N`. Each (temperature, divergence) setting is prepared once per run (noise calibration, start
 * law, mean overlap and hub mass) and sent with its cells; a cell then builds the (lazily generated,
 * deterministic) language itself. The cells are, in this order: every setting's exact cells, one per method (the
 * §5.3 recursion on every tree, so that the per-row profiles of a method are computed once, as in a sequential
 * run; first because they are the longest), then per setting one row cell per tree × method (the Monte Carlo estimate, seeded by `deriveSeed(seed, family,
 * temperature, divergence, tree, method)`: the cell's coordinates, not its worker or the order of the run),
 * followed by the tree's 1 + LP-A rows (§S4.1). The rows are assembled in that order from the cells' results, so
 * any number of workers and any sharding give the same rows, byte for byte (the per-row `seconds` apart:
 * `--no-timing` leaves them out).
 *
 * @example
 * ```ts
 * import { runGrid } from './runGrid.ts';
 * import { SWEEP_DEFAULTS } from './runSweep.ts';
 * const out = await runGrid(sweepGrid({ ...SWEEP_DEFAULTS, vocabularySize: 20, temperatures: [1], trees: [{ name: '2^2', tree: parseTreeSpec('2^2') }], methods: ['rrs'], steps: 100, seed: 'doc' }), { workers: 1 }); // any workers: the same rows
 * out.rows[0]!.method; // 'rrs'
 * out.rows[0]!.exact; // 1.5895… (tokens per step of RRS on the 2^2 tree, §5.3)
 * ```
 */
import { overlap } from '../core/divergence.ts';
import { ParseError, SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import type { Rng } from '../core/rng.ts';
import { stringifyJson } from '../core/stringifyJson.ts';
import { createRng, deriveSeed } from '../random/createRng.ts';
import { lpATokensPerStep } from '../sequence/lpATokensPerStep.ts';
import { resolveWalkMethod } from '../sequence/sequenceVerifiers.ts';
import { sequenceTokensPerStep } from '../sequence/sequenceTokensPerStep.ts';
import type { SiblingLaw } from '../sequence/siblingLaw.ts';
import { calibrateLogitNoise, calibrateNoise } from '../synthetic/calibrateLogitNoise.ts';
import { contextualLanguage } from '../synthetic/contextualLanguage.ts';
import type { LogitFamily, PairConfig } from '../synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../tree/expectedTokensPerStep.ts';
import type { Language, MarkovChain } from '../tree/language.ts';
import { simulateTreeWalk } from '../tree/simulateTreeWalk.ts';
import { lazyMarkovChain } from '../tree/markovChain.ts';
import { stationaryDistribution } from '../tree/stationaryDistribution.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import type { CellGrid, GridKind } from './runGrid.ts';
import { type CellContext, cellTask } from './cellTask.ts';
import type { SweepOptions, SweepRow } from './runSweep.ts';

/** The sweep's options without the trees (those travel with each cell). */
export type SweepCellOptions = Omit<SweepOptions, 'trees'>;

/** One (temperature, divergence) setting to prepare. */
export interface SweepSettingInput {
  options: SweepCellOptions;
  temperature: number;
  /** The divergence value: a logit noise σ or a target overlap. */
  value: number;
  /** Generate every row of the (Markov) language once here and share them with the cells (memory permitting). */
  shareRows: boolean;
}

/** A prepared setting: the calibrated noise, the start law (Markov families) and the mean statistics. */
export interface SweepSetting {
  logitNoise: number;
  divergence: string;
  overlap: number;
  hubMass: number;
  /** The start law over states (Markov families, start stationary or uniform); null for a fixed state or contextual. */
  law: Float64Array | null;
  /**
   * Every target row then every draft row (n·n float64 each) in memory shared by all threads, so that the workers
   * do not each generate them again; null when not shared (contextual languages, large n: rows are then made
   * lazily where they are needed). The same numbers either way.
   */
  rows: SharedArrayBuffer | null;
}

/** A cell of the sweep: the exact values of one method on every tree of a setting, or one row's Monte Carlo / LP-A. */
export type SweepCell = SweepExactCell | SweepRowCell;

/** The exact values (§5.3 recursion, or §S3.5 for sequence-level methods) of one method on every tree of a setting. */
export interface SweepExactCell {
  type: 'exact';
  setting: number;
  options: SweepCellOptions;
  temperature: number;
  value: number;
  method: string;
  trees: Array<{ name: string; tree: TokenTree }>;
}

/** One row: a method's Monte Carlo estimate (its exact value comes from the exact cell), or a 1 + LP-A bound (`lpA` set). */
export interface SweepRowCell {
  type: 'row';
  setting: number;
  options: SweepCellOptions;
  temperature: number;
  value: number;
  /** Position of the tree in the grid's tree list. */
  treeIndex: number;
  treeName: string;
  tree: TokenTree;
  method: string;
  lpA: SiblingLaw | null;
}

/** An exact cell's result: per tree (in the grid's tree order) the value or why it was skipped, and its seconds. */
export interface SweepExactResult {
  type: 'exact';
  setting: number;
  method: string;
  trees: Array<{ exact: number | null; skipped: string | null; seconds: number }>;
}

/** A row cell's result: the row, its exact value filled in from the exact cell when the rows are assembled. */
export interface SweepRowResult {
  type: 'row';
  setting: number;
  treeIndex: number;
  row: SweepRow;
}

export type SweepCellResult = SweepExactResult | SweepRowResult;

/** The printed sweep: `{ options, rows }` (rows without `seconds` under `--no-timing`). */
export interface SweepOutput {
  options: Record<string, unknown>;
  rows: Array<SweepRow | Omit<SweepRow, 'seconds'>>;
}

/** Sibling law of the drafts of each method with a tree-level optimum (greedy drafts have their own law). */
const SIBLING_LAW_OF: Readonly<Record<string, SiblingLaw>> = {
  sd: 'iid', rrs: 'iid', kseq: 'iid', otm: 'iid', khisti: 'iid', block: 'iid', traversal: 'iid',
  rrsw: 'wor', 'otm-wor': 'wor', 'traversal-wor': 'wor',
  spechub: 'hub', 'traversal-hub': 'hub',
};

/** Most bytes of shared rows a sweep holds at once (every setting's rows stay in memory until the run ends). */
const SHARED_ROWS_BUDGET_BYTES = 512 * 2 ** 20;

/** Largest vocabulary for which `lpA: 'auto'` attempts the tree-level optimum. */
const LP_A_MAX_VOCABULARY = 16;

const SKIPPABLE = new Set(['TOO_LARGE', 'UNSUPPORTED_K', 'K_TOO_LARGE']);

/** The rows, assembled from the cells' results (in cell order): each row gets its exact value from its method's exact cell. */
export function sweepRows(results: readonly SweepCellResult[]): SweepRow[] {
  const exact = new Map<string, SweepExactResult>();
  for (const r of results) if (r.type === 'exact') exact.set(`${r.setting}|${r.method}`, r);
  const rows: SweepRow[] = [];
  for (const r of results) {
    if (r.type !== 'row') continue;
    const row = { ...r.row };
    const e = exact.get(`${r.setting}|${row.method}`)?.trees[r.treeIndex];
    if (e !== undefined) {
      row.exact = e.exact;
      const skipped = [e.skipped, row.skipped].filter((x): x is string => x !== null);
      row.skipped = skipped.length === 0 ? null : skipped.join('; ');
      row.seconds += e.seconds;
    }
    rows.push(row);
  }
  return rows;
}

/** How sweep results become `{ options, rows }` and its JSON text (`spechub sweep --json`, `spechub merge`). */
export const SWEEP_KIND: GridKind<SweepCellResult, SweepOutput> = {
  name: 'sweep',
  finish(grid, results) {
    const g = grid as { options: Record<string, unknown>; timing: boolean };
    const rows = sweepRows(results);
    return { options: g.options, rows: g.timing ? rows : rows.map(({ seconds: _seconds, ...row }) => row) };
  },
  text: (output) => stringifyJson(output, { indent: 1, what: 'sweep JSON' }) + '\n',
};

/** The sweep's cells, its settings to prepare, and its grid record. */
export function sweepGrid(o: SweepOptions, output: { timing?: boolean } = {}): CellGrid<SweepCell, SweepCellResult, SweepOutput> {
  const { trees, ...options } = o;
  const markov = o.family !== 'contextual';
  const settings: SweepSettingInput[] = [];
  // Every setting's exact cells come first, then the rows: the exact cells are the long ones (greedy's on deep
  // trees above all), and a pool that meets them last waits for one of them at the end. Rows keep their order,
  // so the output does not change.
  const exactCells: SweepCell[] = [];
  const cells: SweepCell[] = [];
  const shareRows = markov && o.temperatures.length * o.divergences.values.length * 16 * o.vocabularySize ** 2 <= SHARED_ROWS_BUDGET_BYTES;
  for (const temperature of o.temperatures) {
    for (const value of o.divergences.values) {
      const setting = settings.length;
      settings.push({ options, temperature, value, shareRows });
      if (markov && o.exact) for (const method of o.methods) exactCells.push({ type: 'exact', setting, options, temperature, value, method, trees });
      trees.forEach(({ name, tree }, treeIndex) => {
        for (const method of o.methods) cells.push({ type: 'row', setting, options, temperature, value, treeIndex, treeName: name, tree, method, lpA: null });
        if (markov && o.exact && (o.lpA ?? 'auto') === 'auto' && o.vocabularySize <= LP_A_MAX_VOCABULARY) {
          const laws = [...new Set(o.methods.map((m) => SIBLING_LAW_OF[m]).filter((x): x is SiblingLaw => x !== undefined))];
          for (const law of laws) {
            if (tree.maxBranching <= 1 && law !== 'iid') continue;
            cells.push({ type: 'row', setting, options, temperature, value, treeIndex, treeName: name, tree, method: `lp-a:${law}`, lpA: law });
          }
        }
      });
    }
  }
  cells.unshift(...exactCells);
  return {
    kind: SWEEP_KIND,
    grid: { options: { ...o, trees: trees.map((t) => t.name) }, timing: output.timing !== false },
    cells,
    task: cellTask(import.meta.url, './sweepGrid', 'sweepCell'),
    label: (cell, _, prepared) => {
      const sigma = (prepared as SweepSetting | undefined)?.logitNoise;
      const where = `${o.family} T=${cell.temperature} σ=${sigma === undefined ? '?' : sigma.toFixed(3)}`;
      return cell.type === 'exact' ? `${where} exact ${cell.method}` : `${where} ${cell.treeName} ${cell.method}`;
    },
    prepare: {
      task: cellTask(import.meta.url, './sweepGrid', 'sweepSettingCell'),
      inputs: settings,
      of: (cell) => cell.setting,
      label: (input) => `${o.family} T=${(input as SweepSettingInput).temperature}: calibrating and preparing the start law`,
    },
  };
}

function familyOf(o: SweepCellOptions): LogitFamily {
  return o.family === 'dirichlet' ? { kind: 'dirichlet', concentration: o.shape, support: o.support } : { kind: 'zipf', exponent: o.shape, support: o.support };
}

function configAt(o: SweepCellOptions, temperature: number, logitNoise: number): PairConfig {
  return {
    vocabularySize: o.vocabularySize,
    family: familyOf(o),
    temperature,
    topP: o.topP,
    draft: { logitNoise, temperatureRatio: o.temperatureRatio, uniformMix: o.uniformMix, otherModelMix: o.otherModelMix },
  };
}

function languageAt(o: SweepCellOptions, config: PairConfig): Language<number> {
  return o.family !== 'contextual' ? syntheticMarkovChain(config, o.seed) : contextualLanguage({ ...config, contextLength: o.contextLength, buckets: o.buckets }, o.seed);
}

function noiseFor(o: SweepCellOptions, temperature: number, value: number): number {
  if (o.divergences.kind === 'noise') return value;
  const at = o.calibrateAt ?? temperature;
  if (o.family !== 'contextual') return calibrateLogitNoise(configAt(o, at, 0), o.seed, { targetOverlap: value }).logitNoise;
  // The contextual laws are sums of table rows: calibrate on their own overlap over sampled contexts.
  const measure = (sigma: number) => {
    const language = languageAt(o, configAt(o, at, sigma));
    return sampledStatistics(language, (rng) => Math.floor(rng() * language.stateCount), deriveSeed(o.seed, 'calibration')).overlap;
  };
  return calibrateNoise(measure, { targetOverlap: value }).logitNoise;
}

/** Prepares one setting (a cell function: runs in a worker). */
export function sweepSettingCell(input: SweepSettingInput): SweepSetting {
  const { options: o, temperature, value } = input;
  const markov = o.family !== 'contextual';
  const logitNoise = noiseFor(o, temperature, value);
  const language = languageAt(o, configAt(o, temperature, logitNoise));
  const law = startLawOf(o, language, markov);
  const { overlap: meanOverlap, hubMass } =
    markov && law !== null ? weightedStatistics(language, law) : sampledStatistics(language, samplerOf(o, language, law), deriveSeed(o.seed, 'overlap'));
  const divergence = o.divergences.kind === 'noise' ? `noise=${value}` : `overlap=${value}${o.calibrateAt !== null ? `@T=${o.calibrateAt}` : ''}`;
  let rows: SharedArrayBuffer | null = null;
  if (markov && input.shareRows) {
    const n = language.stateCount;
    rows = new SharedArrayBuffer(16 * n * n);
    const all = new Float64Array(rows);
    for (let x = 0; x < n; x++) {
      all.set(language.target(x), x * n);
      all.set(language.draft(x), (n + x) * n);
    }
  }
  return { logitNoise, divergence, overlap: meanOverlap, hubMass, law, rows };
}

/** The Markov chain over shared rows (views into the buffer; the values the generator made). */
function sharedChain(rows: SharedArrayBuffer, n: number): MarkovChain<number> {
  return lazyMarkovChain({
    field: floatField,
    vocabularySize: n,
    cacheRows: n,
    rows: (x) => ({ target: new Float64Array(rows, 8 * x * n, n), draft: new Float64Array(rows, 8 * (n + x) * n, n) }),
  });
}

/** Per-thread cache of the languages of recent settings (rows generated lazily) and their exact profiles. */
const recent = new Map<string, { language: Language<number>; sampler: (rng: Rng) => number; profileCache: ProfileCache<number> }>();
const RECENT_SETTINGS = 2;

function settingState(cell: SweepCell, setting: SweepSetting) {
  const key = JSON.stringify([cell.options, cell.temperature, setting.logitNoise]);
  let state = recent.get(key);
  if (state === undefined) {
    const language = setting.rows !== null ? sharedChain(setting.rows, cell.options.vocabularySize) : languageAt(cell.options, configAt(cell.options, cell.temperature, setting.logitNoise));
    state = { language, sampler: samplerOf(cell.options, language, setting.law), profileCache: new Map() };
    if (recent.size >= RECENT_SETTINGS) recent.delete(recent.keys().next().value!);
    recent.set(key, state);
  }
  return state;
}

/** `<what> <code>: <message>` for an error a cell records as skipped (too large, unsupported k); others are rethrown. */
function skipMessage(e: unknown, what: string): string {
  if (!(e instanceof SpechubError) || !SKIPPABLE.has(e.code)) throw e;
  return `${what} ${e.code}: ${e.message}`;
}

/** Computes one cell (a cell function: runs in a worker). */
export function sweepCell(cell: SweepCell, context: CellContext<SweepSetting>): SweepCellResult {
  return cell.type === 'exact' ? sweepExactCell(cell, context) : sweepRowCell(cell, context);
}

/** The exact values of one method on every tree of the setting (the method's row profiles computed once). */
function sweepExactCell(cell: SweepExactCell, context: CellContext<SweepSetting>): SweepExactResult {
  const setting = context.prepared;
  const o = cell.options;
  const { language, profileCache } = settingState(cell, setting);
  const walkMethod = resolveWalkMethod(cell.method);
  const start = setting.law ?? (o.start as number);
  const trees = cell.trees.map(({ tree }, i) => {
    const started = performance.now();
    let exact: number | null = null;
    let skipped: string | null = null;
    try {
      exact =
        typeof walkMethod === 'string'
          ? expectedTokensPerStep(language as MarkovChain<number>, tree, cell.method, { start, profileCache, maxOutcomes: o.maxOutcomes }).value
          : sequenceTokensPerStep(language as MarkovChain<number>, tree, walkMethod, { start }).value;
    } catch (e) {
      skipped = skipMessage(e, 'exact:');
    }
    context.progress((i + 1) / cell.trees.length);
    return { exact, skipped, seconds: (performance.now() - started) / 1000 };
  });
  return { type: 'exact', setting: cell.setting, method: cell.method, trees };
}

/** One row: the Monte Carlo estimate of a method on a tree, or a 1 + LP-A bound. */
function sweepRowCell(cell: SweepRowCell, context: CellContext<SweepSetting>): SweepRowResult {
  const setting = context.prepared;
  const o = cell.options;
  const { language, sampler } = settingState(cell, setting);
  const started = performance.now();
  const tree = cell.tree;
  const row: SweepRow = {
    family: o.family, n: o.vocabularySize, temperature: cell.temperature, divergence: setting.divergence, logitNoise: setting.logitNoise, overlap: setting.overlap,
    hubMass: setting.hubMass, tree: cell.treeName, draftTokens: tree.draftTokens, depth: tree.depth, method: cell.method, exact: null, monteCarlo: null, ci95: null,
    steps: 0, seconds: 0, skipped: null,
  };
  if (cell.lpA !== null) {
    try {
      row.exact = lpATokensPerStep(language as MarkovChain<number>, tree, cell.lpA, setting.law ?? (o.start as number));
    } catch (e) {
      row.skipped = skipMessage(e, 'LP-A');
    }
  } else if (o.steps > 0) {
    try {
      const mc = simulateTreeWalk(language, tree, resolveWalkMethod(cell.method), {
        steps: o.steps,
        seed: deriveSeed(o.seed, o.family, cell.temperature, setting.divergence, cell.treeName, cell.method),
        start: sampler,
        onProgress: (d) => context.progress(d / o.steps),
        progressEvery: Math.max(1, Math.floor(o.steps / 10)),
      });
      row.monteCarlo = mc.tokensPerStep;
      row.ci95 = mc.ci95;
      row.steps = o.steps;
    } catch (e) {
      row.skipped = skipMessage(e, 'monte carlo:');
    }
  }
  row.seconds = (performance.now() - started) / 1000;
  return { type: 'row', setting: cell.setting, treeIndex: cell.treeIndex, row };
}

/** The start law over states: stationary (Markov), uniform (Markov), or null (a fixed state; contextual). */
function startLawOf(o: SweepCellOptions, language: Language<number>, markov: boolean): Float64Array | null {
  if (typeof o.start === 'number') {
    if (!Number.isInteger(o.start) || o.start < 0 || o.start >= language.stateCount) throw new ParseError(`--start ${o.start} is not a state of the language (0..${language.stateCount - 1})`);
    return null;
  }
  if (o.start === 'stationary' && markov) return stationaryDistribution(language as MarkovChain<number>);
  if (o.start === 'stationary') throw new ParseError('--start stationary needs a Markov-chain family (zipf, dirichlet); use uniform or a state for contextual');
  return markov ? new Float64Array(language.stateCount).fill(1 / language.stateCount) : null;
}

/** Draws start states: from the law by inverse CDF (stationary), uniformly, or the fixed state. */
function samplerOf(o: SweepCellOptions, language: Language<number>, law: Float64Array | null): (rng: Rng) => number {
  if (typeof o.start === 'number') {
    const s = o.start;
    return () => s;
  }
  if (o.start === 'stationary' && law !== null) {
    const pi = law;
    const cumulative = new Float64Array(pi.length);
    let acc = 0;
    pi.forEach((w, x) => {
      acc += w;
      cumulative[x] = acc;
    });
    return (rng) => {
      const u = rng() * acc;
      let lo = 0;
      let hi = pi.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
  }
  const count = language.stateCount;
  return (rng) => Math.floor(rng() * count);
}

function maxEntry(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) if (v[i]! > m) m = v[i]!;
  return m;
}

/** E[ov(p, q)] and E[q(a)] under an explicit start law (Markov chains). */
function weightedStatistics(language: Language<number>, law: Float64Array): { overlap: number; hubMass: number } {
  let ov = 0;
  let hub = 0;
  for (let x = 0; x < law.length; x++) {
    if (!(law[x]! > 0)) continue;
    ov += law[x]! * overlap(floatField, language.target(x), language.draft(x));
    hub += law[x]! * maxEntry(language.draft(x));
  }
  return { overlap: ov, hubMass: hub };
}

/** The same statistics over `samples` start states drawn by the sampler. */
function sampledStatistics(language: Language<number>, sampler: (rng: Rng) => number, seed: string, samples = 200): { overlap: number; hubMass: number } {
  const rng = createRng(seed);
  let ov = 0;
  let hub = 0;
  for (let i = 0; i < samples; i++) {
    const s = sampler(rng);
    ov += overlap(floatField, language.target(s), language.draft(s));
    hub += maxEntry(language.draft(s));
  }
  return { overlap: ov / samples, hubMass: hub / samples };
}
