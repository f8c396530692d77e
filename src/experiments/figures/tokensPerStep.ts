/**
 * Data of figure 4: expected tokens per target call (§5.2) against the depth of a full binary draft tree
 * (`2^2` … `2^6`: depth 1–5, §5.2 naming), for RRS, RRSw, K-SEQ, SpecHub (= greedy G-r on these trees), and
 * single-draft SD on a chain of the same depth.
 *
 * **Simulation**: the tree simulator's reproduction runs (`plots/data/tree-*.json`, `spechub sweep` output) when
 * given; otherwise computed here: a synthetic first-order Markov-chain language (`syntheticMarkovChain`, Zipf family,
 * the draft's logit noise calibrated so that the mean single-draft acceptance ov(p, q) is `targetOverlap`, the
 * SpecHub paper's regime), at each temperature: the exact value of the §5.3 recursion averaged over the chain's
 * stationary law (lines), and a Monte Carlo simulation of the tree walk of §5.1 with a 95 % interval (points
 * and bars) — two independent computations of the same number.
 *
 * **End to end** (when given): the measurements of `bench/e2eSweep.ts` on the shipped tfjs models
 * (`plots/data/e2e-*.json`, `{ meta, runs: [{ tree, temperature, methods: { id: { tokensPerStep, ci95 } } }] }`),
 * as a second row of panels.
 *
 * **Sequence-level verification and the bound** (§S2–§S4): sweep files and end-to-end files may hold block
 * verification (on `chain:d` trees, plotted at depth d) and traversal verification (i.i.d., w/o-replacement,
 * hub-pair siblings); with `exactPanel` a further panel gives exact values on a small chain (the spec's V8, n = 4,
 * start token 3) for the walks, block and traversal verification, and the tree-level optimum 1 + LP-A of each
 * draft law (dotted lines: the best any exact verifier drafting that way can reach).
 *
 * @example
 * ```ts
 * const data = tokensPerStep({ vocabularySize: 50, depths: [1, 2], temperatures: [1], steps: 200 });
 * ```
 */
import { overlap } from '../../core/divergence.ts';
import { ParseError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import { deriveSeed } from '../../random/createRng.ts';
import { calibrateLogitNoise } from '../../synthetic/calibrateLogitNoise.ts';
import type { PairConfig } from '../../synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../../synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../../tree/expectedTokensPerStep.ts';
import { simulateTreeWalk } from '../../tree/simulateTreeWalk.ts';
import { stationaryDistribution } from '../../tree/stationaryDistribution.ts';
import { chainTree, fullTree } from '../../tree/tokenTree.ts';
import { SpechubError } from '../../core/errors.ts';
import { markovChainFromRows } from '../../tree/markovChain.ts';
import { rationalField } from '../../core/field.ts';
import { Rational } from '../../core/rational.ts';
import { lpATokensPerStep } from '../../sequence/lpATokensPerStep.ts';
import { sequenceTokensPerStep } from '../../sequence/sequenceTokensPerStep.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import type { MarkovChain } from '../../tree/language.ts';
import { type CellContext, cellTask } from '../cellTask.ts';
import type { FigureData } from '../figureData.ts';
import type { CellGrid, GridKind } from '../runGrid.ts';
import { seriesLabel } from '../seriesLabel.ts';

export interface TokensPerStepOptions {
  vocabularySize: number;
  zipfExponent: number;
  temperatures: number[];
  /** Mean single-draft acceptance the draft noise is calibrated to. */
  targetOverlap: number;
  /** Binary-tree depths (D − 1 for the tree `2^D`). */
  depths: number[];
  methods: string[];
  /** Monte Carlo steps per cell (0: exact values only). */
  steps: number;
  seed: string | number;
  /** Parsed `e2e-*.json` files to add as end-to-end panels. */
  endToEnd?: Array<{ path: string; content: unknown }>;
  /**
   * Parsed `tree-*.json` files of `spechub sweep` (`{ options, rows }`, the tree simulator's reproduction runs):
   * when given, their rows are the simulation panels instead of computing them here.
   */
  treeSweeps?: Array<{ path: string; content: unknown }>;
  progress?: (message: string) => void;
  /** Add the exact small-chain panel (walks, block / traversal verification, 1 + LP-A) for these depths. */
  exactPanel?: { depths: number[] } | null;
}

export interface TokensPerStepRow {
  [field: string]: string | number | boolean | null;
  source: string;
  temperature: number;
  depth: number;
  tree: string;
  series: string;
  label: string;
  exact: number | null;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** Greedy G-r is left out by default: on full binary trees it equals SpecHub exactly (same set law per node). */
export const TREE_METHODS = ['spechub', 'rrsw', 'kseq', 'rrs', 'sd'] as const;
/** Methods also plotted from sweep files when present: the per-node optimal-transport verifiers. */
export const SWEEP_EXTRA_METHODS = ['otm', 'otm-wor'] as const;
/** Sequence-level verifiers plotted from sweep and end-to-end files when present (§S2–§S3). */
export const SEQUENCE_METHODS = ['block', 'traversal', 'traversal-wor', 'traversal-hub'] as const;
/** The tree-level optimum 1 + LP-A per sibling law (§S4.1), drawn as dotted bounds. */
export const BOUND_SERIES = ['lp-a:iid', 'lp-a:wor', 'lp-a:hub'] as const;
export const EXACT_PANEL = "exact: the spec's chain V8 (n = 4), walks vs sequence-level, and the bound";
export const SIMULATION = 'simulation (synthetic Markov chain)';
export const END_TO_END = 'end to end (shipped tfjs models)';

export const TREE_DEFAULTS = {
  vocabularySize: 500,
  zipfExponent: 1.1,
  temperatures: [0.6, 1.0],
  targetOverlap: 0.52,
  depths: [1, 2, 3, 4, 5],
  methods: [...TREE_METHODS],
  steps: 10000,
  seed: 17,
} as const;

const label = (id: string) => (id === 'sd' ? 'single-draft SD (chain)' : seriesLabel(id));

type Calibration = { logitNoise: number; meanOverlap: number; stationaryOverlap: number };
/** The options that determine figure 4's data (everything but the progress callback, input files' contents included). */
type TokensPerStepRecord = Omit<TokensPerStepOptions, 'progress'>;

/** A cell of figure 4: one simulated (temperature, depth, method) point, or one depth of the exact small-chain panel. */
export type TokensPerStepCell =
  | { type: 'simulation'; temperature: number; depth: number; method: string; options: Pick<TokensPerStepOptions, 'vocabularySize' | 'zipfExponent' | 'targetOverlap' | 'steps' | 'seed'> }
  | { type: 'panel'; depth: number };

export type TokensPerStepResult =
  | { type: 'simulation'; temperature: number; calibration: Calibration; row: TokensPerStepRow }
  | { type: 'panel'; rows: TokensPerStepRow[]; messages: string[] };

/** A temperature's calibrated chain: noise, overlaps and the stationary law (computed once, sent with its cells). */
interface PreparedTemperature extends Calibration {
  law: Float64Array;
}

/** Figure 4's data from its options and every cell's result (in cell order). */
export const TOKENS_PER_STEP_KIND: GridKind<TokensPerStepResult, FigureData<TokensPerStepRow>> = {
  name: 'figure:tokens-per-step',
  finish(grid, results) {
    const o: TokensPerStepRecord = { ...TREE_DEFAULTS, temperatures: [...TREE_DEFAULTS.temperatures], depths: [...TREE_DEFAULTS.depths], methods: [...TREE_DEFAULTS.methods], ...(grid as Partial<TokensPerStepRecord>) };
    const rows: TokensPerStepRow[] = [];
    const calibration: Record<string, Calibration> = {};
    const sweepFiles = (o.treeSweeps ?? []).map((f) => f.path);
    if (sweepFiles.length > 0) {
      // Several files may hold the same runs (e.g. a re-run with extra methods): keep the first of each cell.
      const seen = new Set<string>();
      for (const file of o.treeSweeps!) {
        for (const row of sweepRows(file.path, file.content, [...o.methods, ...SWEEP_EXTRA_METHODS, ...SEQUENCE_METHODS])) {
          const key = `${row.source}|${row.temperature}|${row.tree}|${row.series}`;
          if (!seen.has(key)) {
            seen.add(key);
            rows.push(row);
          }
        }
      }
    }
    for (const r of results) {
      if (r.type !== 'simulation') continue;
      calibration[`T=${r.temperature}`] ??= r.calibration;
      rows.push(r.row);
    }
    for (const r of results) if (r.type === 'panel') rows.push(...r.rows);
    const endToEndFiles: string[] = [];
    const seenEndToEnd = new Set<string>();
    for (const file of o.endToEnd ?? []) {
      endToEndFiles.push(file.path);
      // Several files may measure the same cell (e.g. the token-level walks in e2e-sweep and e2e-sequence): keep the first.
      for (const row of endToEndRows(file.path, file.content, [...o.methods, ...SEQUENCE_METHODS])) {
        const key = `${row.temperature}|${row.tree}|${row.series}`;
        if (seenEndToEnd.has(key)) continue;
        seenEndToEnd.add(key);
        rows.push(row);
      }
    }
    return {
      figure: 'tokens-per-step',
      title: 'Tokens per target call vs draft-tree depth (full binary trees)',
      description:
        (sweepFiles.length > 0
          ? `Tree simulation of \`spechub sweep\` (${sweepFiles.join(', ')}): exact §5.3 recursion (lines) and Monte Carlo with 95 % intervals (points).`
          : `Synthetic Markov chain (n = ${o.vocabularySize}, Zipf ${o.zipfExponent}, draft noise calibrated to ov(p, q) ≈ ${o.targetOverlap}): ` +
            `exact §5.3 recursion (lines) and ${o.steps}-step Monte Carlo of the tree walk with 95 % intervals (points).`) +
        (endToEndFiles.length > 0 ? ' End-to-end runs on the shipped tfjs models below.' : ''),
      parameters: sweepFiles.length > 0
        ? { methods: o.methods, sweepFiles, endToEndFiles }
        : { vocabularySize: o.vocabularySize, zipfExponent: o.zipfExponent, temperatures: o.temperatures, targetOverlap: o.targetOverlap, depths: o.depths, methods: o.methods, steps: o.steps, seed: o.seed, calibration, endToEndFiles },
      notes: [
        'Tokens per step = tokens emitted per target forward pass (accepted drafts + 1), §5.2.',
        'Depth d = the tree 2^(d+1): 2^(d+1) − 2 draft tokens; SD uses a chain of d draft tokens.',
        endToEndFiles.length > 0 ? `End to end: ${endToEndFiles.join(', ')}.` : 'No end-to-end results (plots/data/e2e-*.json) were present when this was generated.',
        sweepFiles.length > 0
          ? rows.some((r) => r.source !== END_TO_END && r.source !== EXACT_PANEL && (r.series === 'sd' || r.series === 'block'))
            ? 'Simulation panels: the tree simulator\'s reproduction runs (spechub sweep); SD and block verification where a sweep over chain:d trees was given (plotted at depth d).'
            : 'Simulation panels: the tree simulator\'s reproduction runs (spechub sweep); single-draft SD is not part of them.'
          : 'Simulation computed by this figure (no plots/data/tree-*.json was given).',
      ],
      rows,
    };
  },
  text: (data) => stringifyJson(data, { indent: 1, what: 'tokens-per-step data' }) + '\n',
};

/**
 * Figure 4 as cells, for `spechub plot --workers / --shard`: without sweep files, one cell per simulated
 * (temperature, depth, method) — each temperature's calibration and stationary law prepared once and sent with
 * its cells, the Monte Carlo seeded by the point's coordinates — then one cell per depth of the exact panel.
 * Sweep and end-to-end files are read into the grid record (their rows are added when the data are assembled).
 */
export function tokensPerStepGrid(options: Partial<TokensPerStepOptions> = {}): CellGrid<TokensPerStepCell, TokensPerStepResult, FigureData<TokensPerStepRow>> {
  const { progress: _progress, ...o }: TokensPerStepOptions = { ...TREE_DEFAULTS, temperatures: [...TREE_DEFAULTS.temperatures], depths: [...TREE_DEFAULTS.depths], methods: [...TREE_DEFAULTS.methods], ...options };
  const cells: TokensPerStepCell[] = [];
  const simulation = { vocabularySize: o.vocabularySize, zipfExponent: o.zipfExponent, targetOverlap: o.targetOverlap, steps: o.steps, seed: o.seed };
  if ((o.treeSweeps ?? []).length === 0) {
    for (const temperature of o.temperatures) for (const depth of o.depths) for (const method of o.methods) cells.push({ type: 'simulation', temperature, depth, method, options: simulation });
  }
  if (o.exactPanel) for (const depth of o.exactPanel.depths) cells.push({ type: 'panel', depth });
  return {
    kind: TOKENS_PER_STEP_KIND,
    grid: o,
    cells,
    task: cellTask(import.meta.url, './tokensPerStep', 'tokensPerStepCell'),
    label: (c) => (c.type === 'simulation' ? `T = ${c.temperature}, 2^${c.depth + 1}, ${c.method}` : `exact panel, depth ${c.depth}`),
    prepare: {
      task: cellTask(import.meta.url, './tokensPerStep', 'tokensPerStepTemperature'),
      inputs: o.temperatures.map((temperature) => ({ temperature, options: simulation })),
      of: (c) => (c.type === 'simulation' ? o.temperatures.indexOf(c.temperature) : 0),
      label: (input) => `T = ${(input as { temperature: number }).temperature}: calibrating the draft noise`,
    },
  };
}

function baseConfig(options: { vocabularySize: number; zipfExponent: number }, temperature: number): PairConfig {
  return { vocabularySize: options.vocabularySize, family: { kind: 'zipf', exponent: options.zipfExponent }, temperature, draft: { logitNoise: 0 } };
}

/** Calibrates one temperature's chain (a cell function: runs in a worker). */
export function tokensPerStepTemperature(input: { temperature: number; options: Extract<TokensPerStepCell, { type: 'simulation' }>['options'] }): PreparedTemperature {
  const base = baseConfig(input.options, input.temperature);
  const seed = String(deriveSeed(input.options.seed, 'tokens-per-step'));
  const { logitNoise, meanOverlap } = calibrateLogitNoise(base, seed, { targetOverlap: input.options.targetOverlap });
  const chain = syntheticMarkovChain({ ...base, draft: { logitNoise } }, seed);
  const law = stationaryDistribution(chain);
  let stationaryOverlap = 0;
  law.forEach((w, x) => (stationaryOverlap += w > 0 ? w * overlap(floatField, chain.target(x), chain.draft(x)) : 0));
  return { logitNoise, meanOverlap, stationaryOverlap, law };
}

/** Per-thread cache: the last temperature's chain and exact profiles. */
let lastChain: { key: string; chain: MarkovChain<number>; cache: ProfileCache<number> } | null = null;

/** One cell of figure 4 (a cell function: runs in a worker). */
export function tokensPerStepCell(cell: TokensPerStepCell, context: CellContext<PreparedTemperature | undefined>): TokensPerStepResult {
  if (cell.type === 'panel') {
    const messages: string[] = [];
    return { type: 'panel', rows: exactPanelRows([cell.depth], (m) => messages.push(m)), messages };
  }
  const prepared = context.prepared!;
  const { temperature, depth, method, options: o } = cell;
  const key = JSON.stringify([o, temperature, prepared.logitNoise]);
  if (lastChain?.key !== key) {
    lastChain = { key, chain: syntheticMarkovChain({ ...baseConfig(o, temperature), draft: { logitNoise: prepared.logitNoise } }, String(deriveSeed(o.seed, 'tokens-per-step'))), cache: new Map() };
  }
  const { chain, cache } = lastChain;
  const name = `2^${depth + 1}`;
  const tree = method === 'sd' ? chainTree(depth) : fullTree(2, depth + 1);
  const exact = expectedTokensPerStep(chain, tree, method, { start: prepared.law, profileCache: cache }).value;
  let estimate: number | null = null;
  let low: number | null = null;
  let high: number | null = null;
  if (o.steps > 0) {
    const mc = simulateTreeWalk(chain, tree, method, { steps: o.steps, seed: deriveSeed(o.seed, 'tokens-per-step', temperature, name, method), start: prepared.law });
    estimate = mc.tokensPerStep;
    [low, high] = mc.ci95;
  }
  const { law: _law, ...calibration } = prepared;
  return { type: 'simulation', temperature, calibration, row: { source: SIMULATION, temperature, depth, tree: name, series: method, label: label(method), exact, estimate, low, high } };
}

export function tokensPerStep(options: Partial<TokensPerStepOptions> = {}): FigureData<TokensPerStepRow> {
  const grid = tokensPerStepGrid(options);
  const prepared = new Map<number, PreparedTemperature>();
  const results = grid.cells.map((cell, i) => {
    let p: PreparedTemperature | undefined;
    if (cell.type === 'simulation') {
      const j = grid.prepare!.of(cell, i);
      p = prepared.get(j);
      if (p === undefined) prepared.set(j, (p = tokensPerStepTemperature(grid.prepare!.inputs[j] as Parameters<typeof tokensPerStepTemperature>[0])));
    }
    const r = tokensPerStepCell(cell, { prepared: p, progress: () => {} });
    if (r.type === 'simulation') {
      const row = r.row;
      options.progress?.(`T = ${row.temperature}, ${row.tree}, ${row.series}: exact ${row.exact!.toFixed(3)}${row.estimate === null ? '' : `, simulated ${row.estimate.toFixed(3)}`}`);
    } else for (const m of r.messages) options.progress?.(m);
    if (r.type === 'panel') options.progress?.(`exact panel, depth ${cell.depth} done`);
    return r;
  });
  return TOKENS_PER_STEP_KIND.finish(grid.grid, results);
}

/** Rows from one `spechub sweep` JSON file (`{ options, rows }`); throws PARSE_ERROR on an unexpected shape. */
function sweepRows(path: string, content: unknown, methods: readonly string[]): TokensPerStepRow[] {
  const c = content as { options?: { family?: unknown; shape?: unknown; vocabularySize?: unknown }; rows?: unknown };
  if (!Array.isArray(c?.rows)) throw new ParseError(`${path}: expected { options, rows: [...] } (spechub sweep --json output)`);
  const out: TokensPerStepRow[] = [];
  c.rows.forEach((row, i) => {
    const r = row as Record<string, unknown>;
    // A row whose exact value was skipped (e.g. TOO_LARGE at n = 1,000) still has its Monte Carlo estimate.
    if (typeof r.method !== 'string' || !methods.includes(r.method) || (r.skipped != null && typeof r.monteCarlo !== 'number')) return;
    if (typeof r.temperature !== 'number' || typeof r.depth !== 'number' || typeof r.tree !== 'string' || !/^(2\^\d+|chain:\d+)$/.test(r.tree)) {
      throw new ParseError(`${path}: rows[${i}] needs a numeric temperature and depth and a full binary tree '2^D' (or a chain 'chain:d')`);
    }
    const ci = Array.isArray(r.ci95) && r.ci95.length === 2 && r.ci95.every((x) => typeof x === 'number') ? (r.ci95 as [number, number]) : null;
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
    const target = typeof r.divergence === 'string' ? /^overlap=([\d.]+)/.exec(r.divergence) : null;
    const overlapText = target !== null ? `, ov ≈ ${target[1]}` : typeof r.divergence === 'string' ? `, ${r.divergence}` : '';
    const source = `simulation: ${String(r.family ?? c.options?.family ?? 'synthetic')} ${String(c.options?.shape ?? '')}, n = ${String(r.n ?? c.options?.vocabularySize ?? '?')}${overlapText}`;
    out.push({ source, temperature: r.temperature, depth: r.depth, tree: r.tree, series: r.method, label: label(r.method), exact: num(r.exact), estimate: num(r.monteCarlo), low: ci?.[0] ?? null, high: ci?.[1] ?? null });
  });
  if (out.length === 0) throw new ParseError(`${path}: no usable rows for the methods ${methods.join(', ')}`);
  return out;
}

/** The exact small-chain panel: spec V8 (n = 4, x_0 = 3), depths given (chains for SD and BV). */
function exactPanelRows(depths: readonly number[], progress?: (message: string) => void): TokensPerStepRow[] {
  const v = (rows: string) => rows.split(';').map((r) => r.trim().split(/\s+/).map((x) => Rational.parse(x)));
  const chain = markovChainFromRows(
    rationalField,
    v('1/10 1/5 3/10 2/5; 2/5 3/10 1/5 1/10; 1/4 1/4 1/4 1/4; 1/5 1/5 1/5 2/5'),
    v('3/5 1/5 1/10 1/10; 1/10 3/5 1/5 1/10; 1/5 1/10 1/10 3/5; 1/2 1/6 1/6 1/6'),
  );
  const start = 3;
  const rows: TokensPerStepRow[] = [];
  const push = (depth: number, tree: string, series: string, value: number) =>
    rows.push({ source: EXACT_PANEL, temperature: 1, depth, tree, series, label: label(series), exact: value, estimate: null, low: null, high: null });
  for (const depth of depths) {
    const tree = fullTree(2, depth + 1);
    const chainShape = chainTree(depth);
    push(depth, `chain:${depth}`, 'sd', expectedTokensPerStep(chain, chainShape, 'sd', { start }).value.toNumber());
    push(depth, `chain:${depth}`, 'block', sequenceTokensPerStep(chain, chainShape, 'block', { start }).value.toNumber());
    for (const [walk, tv, law] of [['rrs', 'traversal', 'iid'], ['rrsw', 'traversal-wor', 'wor'], ['spechub', 'traversal-hub', 'hub']] as const) {
      push(depth, `2^${depth + 1}`, walk, expectedTokensPerStep(chain, tree, walk, { start }).value.toNumber());
      push(depth, `2^${depth + 1}`, tv, sequenceTokensPerStep(chain, tree, tv, { start }).value.toNumber());
      try {
        push(depth, `2^${depth + 1}`, `lp-a:${law}`, lpATokensPerStep(chain, tree, law, start).toNumber());
      } catch (e) {
        if (!(e instanceof SpechubError && e.code === 'TOO_LARGE')) throw e;
        progress?.(`exact panel: 1 + LP-A (${law}) at depth ${depth} is too large (${e.message.split(';')[0]})`);
      }
    }
  }
  return rows;
}

/** Rows from one e2e sweep file; throws PARSE_ERROR on an unexpected shape. */
function endToEndRows(path: string, content: unknown, methods: readonly string[]): TokensPerStepRow[] {
  const runs = (content as { runs?: unknown })?.runs;
  if (!Array.isArray(runs)) throw new ParseError(`${path}: expected { runs: [...] } (bench/e2eSweep.ts output)`);
  const rows: TokensPerStepRow[] = [];
  runs.forEach((run, i) => {
    const r = run as { tree?: unknown; temperature?: unknown; methods?: unknown };
    const match = typeof r.tree === 'string' ? /^2\^(\d+)$/.exec(r.tree) : null;
    if (match === null || typeof r.temperature !== 'number' || r.methods === null || typeof r.methods !== 'object') {
      throw new ParseError(`${path}: runs[${i}] needs tree '2^D', a numeric temperature and methods`);
    }
    const depth = Number(match[1]) - 1;
    for (const [id, m] of Object.entries(r.methods as Record<string, { tokensPerStep?: unknown; ci95?: unknown }>)) {
      if (!methods.includes(id)) continue;
      if (typeof m.tokensPerStep !== 'number' || !Number.isFinite(m.tokensPerStep)) throw new ParseError(`${path}: runs[${i}].methods.${id}.tokensPerStep is not a number`);
      const ci = Array.isArray(m.ci95) && m.ci95.length === 2 && m.ci95.every((x) => typeof x === 'number') ? (m.ci95 as [number, number]) : null;
      rows.push({ source: END_TO_END, temperature: r.temperature, depth, tree: r.tree as string, series: id, label: label(id), exact: null, estimate: m.tokensPerStep, low: ci?.[0] ?? null, high: ci?.[1] ?? null });
    }
  });
  return rows;
}
