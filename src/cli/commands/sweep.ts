/**
 * `spechub sweep`: a grid temperature × draft divergence × tree × method on a synthetic language (spec §5, §6.2),
 * with exact tokens per step (Markov-chain families, §5.3 recursion averaged over the stationary law of the last
 * token) and Monte Carlo estimates with 95 % intervals; a progress bar on stderr; CSV and JSON for plotting and
 * an optional markdown table (SpecHub − RRS and SpecHub − RRSw columns when those methods are in the grid).
 * Methods include the sequence-level verifiers (block, traversal, traversal-wor, traversal-hub; exact by the
 * §S3.5 recursion where the vocabulary is small enough, Monte Carlo always) and, for small Markov chains, the
 * tree-level optimum 1 + LP-A (§S4.1) of each sibling law in the grid, as rows with method `lp-a:<law>`.
 */
import { checkOutputPath } from '../../core/checkOutputPath.ts';
import { overlap } from '../../core/divergence.ts';
import { FileSystemError, ParseError, SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import type { Rng } from '../../core/rng.ts';
import { resolveWalkMethod } from '../../sequence/sequenceVerifiers.ts';
import { sequenceTokensPerStep } from '../../sequence/sequenceTokensPerStep.ts';
import { lpATokensPerStep } from '../../sequence/lpATokensPerStep.ts';
import type { SiblingLaw } from '../../sequence/siblingLaw.ts';
import { createRng, deriveSeed } from '../../random/createRng.ts';
import { calibrateLogitNoise, calibrateNoise } from '../../synthetic/calibrateLogitNoise.ts';
import { contextualLanguage } from '../../synthetic/contextualLanguage.ts';
import type { LogitFamily, PairConfig } from '../../synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../../synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../../tree/expectedTokensPerStep.ts';
import type { Language, MarkovChain } from '../../tree/language.ts';
import { simulateTreeWalk } from '../../tree/simulateTreeWalk.ts';
import { stationaryDistribution } from '../../tree/stationaryDistribution.ts';
import type { TokenTree } from '../../tree/tokenTree.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { type Command, integerOption, numberOption, requireString, seedOption, timingEnabled } from '../command.ts';
import { progressBar, progressMode } from '../progressBar.ts';
import { readTreeOption } from '../readTreeOption.ts';

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

/** Sibling law of the drafts of each method with a tree-level optimum (greedy drafts have their own law). */
const SIBLING_LAW_OF: Readonly<Record<string, SiblingLaw>> = {
  sd: 'iid', rrs: 'iid', kseq: 'iid', otm: 'iid', khisti: 'iid', block: 'iid', traversal: 'iid',
  rrsw: 'wor', 'otm-wor': 'wor', 'traversal-wor': 'wor',
  spechub: 'hub', 'traversal-hub': 'hub',
};

/** Largest vocabulary for which `lpA: 'auto'` attempts the tree-level optimum. */
const LP_A_MAX_VOCABULARY = 16;

export interface SweepRow {
  family: SweepFamily;
  n: number;
  temperature: number;
  divergence: string;
  logitNoise: number;
  /** Mean single-draft acceptance ov(p, q) under the start law. */
  overlap: number;
  /** Mean draft probability of the hub, q(a) = max q, under the start law (SpecHub's lever, spec §4.5 H3). */
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

const SKIPPABLE = new Set(['TOO_LARGE', 'UNSUPPORTED_K', 'K_TOO_LARGE']);

/** Runs the grid; `progress(done, total, label)` is called before each cell and during Monte Carlo. */
export function runSweep(o: SweepOptions, progress: (done: number, total: number, label: string) => void = () => {}): SweepRow[] {
  const rows: SweepRow[] = [];
  const cellsPerSetting = o.trees.length * o.methods.length;
  const total = o.temperatures.length * o.divergences.values.length * cellsPerSetting;
  const markov = o.family !== 'contextual';
  const family: LogitFamily = o.family === 'dirichlet' ? { kind: 'dirichlet', concentration: o.shape, support: o.support } : { kind: 'zipf', exponent: o.shape, support: o.support };
  const configAt = (temperature: number, logitNoise: number): PairConfig => ({
    vocabularySize: o.vocabularySize,
    family,
    temperature,
    topP: o.topP,
    draft: { logitNoise, temperatureRatio: o.temperatureRatio, uniformMix: o.uniformMix, otherModelMix: o.otherModelMix },
  });
  const languageAt = (config: PairConfig): Language<number> =>
    markov ? syntheticMarkovChain(config, o.seed) : contextualLanguage({ ...config, contextLength: o.contextLength, buckets: o.buckets }, o.seed);
  const noiseFor = (temperature: number, value: number): number => {
    if (o.divergences.kind === 'noise') return value;
    const at = o.calibrateAt ?? temperature;
    if (markov) return calibrateLogitNoise(configAt(at, 0), o.seed, { targetOverlap: value }).logitNoise;
    // The contextual laws are sums of table rows: calibrate on their own overlap over sampled contexts.
    const measure = (sigma: number) => {
      const language = languageAt(configAt(at, sigma));
      return sampledOverlap(language, (rng) => Math.floor(rng() * language.stateCount), deriveSeed(o.seed, 'calibration'));
    };
    return calibrateNoise(measure, { targetOverlap: value }).logitNoise;
  };
  let done = 0;
  for (const temperature of o.temperatures) {
    for (const value of o.divergences.values) {
      const logitNoise = noiseFor(temperature, value);
      const config = configAt(temperature, logitNoise);
      const language = languageAt(config);
      const { law, sampler } = startLaw(o, language, markov);
      const { overlap: meanOverlap, hubMass } =
        markov && law !== null ? weightedStatistics(language, law) : sampledStatistics(language, sampler, deriveSeed(o.seed, 'overlap'));
      const profileCache: ProfileCache<number> = new Map();
      const divergence = o.divergences.kind === 'noise' ? `noise=${value}` : `overlap=${value}${o.calibrateAt !== null ? `@T=${o.calibrateAt}` : ''}`;
      for (const { name, tree } of o.trees) {
        for (const method of o.methods) {
          const walkMethod = resolveWalkMethod(method);
          const label = `${o.family} T=${temperature} σ=${logitNoise.toFixed(3)} ${name} ${method}`;
          progress(done, total, label);
          const started = performance.now();
          const row: SweepRow = {
            family: o.family, n: o.vocabularySize, temperature, divergence, logitNoise, overlap: meanOverlap, hubMass, tree: name,
            draftTokens: tree.draftTokens, depth: tree.depth, method, exact: null, monteCarlo: null, ci95: null, steps: 0, seconds: 0, skipped: null,
          };
          const skip = (e: unknown, what: string) => {
            if (!(e instanceof SpechubError) || !SKIPPABLE.has(e.code)) throw e;
            row.skipped = `${row.skipped === null ? '' : row.skipped + '; '}${what} ${e.code}: ${e.message}`;
          };
          if (markov && o.exact) {
            try {
              const start = law ?? (o.start as number);
              row.exact =
                typeof walkMethod === 'string'
                  ? expectedTokensPerStep(language as MarkovChain<number>, tree, method, { start, profileCache, maxOutcomes: o.maxOutcomes }).value
                  : sequenceTokensPerStep(language as MarkovChain<number>, tree, walkMethod, { start }).value;
            } catch (e) {
              skip(e, 'exact:');
            }
          }
          if (o.steps > 0) {
            try {
              const mc = simulateTreeWalk(language, tree, walkMethod, {
                steps: o.steps,
                seed: deriveSeed(o.seed, o.family, temperature, divergence, name, method),
                start: sampler,
                onProgress: (d) => progress(done + d / o.steps, total, label),
                progressEvery: Math.max(1, Math.floor(o.steps / 10)),
              });
              row.monteCarlo = mc.tokensPerStep;
              row.ci95 = mc.ci95;
              row.steps = o.steps;
            } catch (e) {
              skip(e, 'monte carlo:');
            }
          }
          row.seconds = (performance.now() - started) / 1000;
          rows.push(row);
          done++;
        }
        if (markov && o.exact && (o.lpA ?? 'auto') === 'auto' && o.vocabularySize <= LP_A_MAX_VOCABULARY) {
          const laws = [...new Set(o.methods.map((m) => SIBLING_LAW_OF[m]).filter((x): x is SiblingLaw => x !== undefined))];
          for (const siblingLaw of laws) {
            if (tree.maxBranching <= 1 && siblingLaw !== 'iid') continue;
            const started = performance.now();
            const row: SweepRow = {
              family: o.family, n: o.vocabularySize, temperature, divergence, logitNoise, overlap: meanOverlap, hubMass, tree: name,
              draftTokens: tree.draftTokens, depth: tree.depth, method: `lp-a:${siblingLaw}`, exact: null, monteCarlo: null, ci95: null, steps: 0, seconds: 0, skipped: null,
            };
            try {
              row.exact = lpATokensPerStep(language as MarkovChain<number>, tree, siblingLaw, law ?? (o.start as number));
            } catch (e) {
              if (!(e instanceof SpechubError) || !SKIPPABLE.has(e.code)) throw e;
              row.skipped = `LP-A ${e.code}: ${e.message}`;
            }
            row.seconds = (performance.now() - started) / 1000;
            rows.push(row);
          }
        }
      }
    }
  }
  progress(done, total, 'done');
  return rows;
}

function startLaw(o: SweepOptions, language: Language<number>, markov: boolean): { law: Float64Array | null; sampler: (rng: Rng) => number } {
  if (typeof o.start === 'number') {
    if (!Number.isInteger(o.start) || o.start < 0 || o.start >= language.stateCount) throw new ParseError(`--start ${o.start} is not a state of the language (0..${language.stateCount - 1})`);
    const s = o.start;
    return { law: null, sampler: () => s };
  }
  if (o.start === 'stationary' && markov) {
    const pi = stationaryDistribution(language as MarkovChain<number>);
    const cumulative = new Float64Array(pi.length);
    let acc = 0;
    pi.forEach((w, x) => {
      acc += w;
      cumulative[x] = acc;
    });
    return {
      law: pi,
      sampler: (rng) => {
        const u = rng() * acc;
        let lo = 0;
        let hi = pi.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        return lo;
      },
    };
  }
  if (o.start === 'stationary') throw new ParseError('--start stationary needs a Markov-chain family (zipf, dirichlet); use uniform or a state for contextual');
  const count = language.stateCount;
  const law = markov ? new Float64Array(count).fill(1 / count) : null;
  return { law, sampler: (rng) => Math.floor(rng() * count) };
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

function sampledOverlap(language: Language<number>, sampler: (rng: Rng) => number, seed: string): number {
  return sampledStatistics(language, sampler, seed).overlap;
}

const CSV_COLUMNS = ['family', 'n', 'temperature', 'divergence', 'logit_noise', 'overlap', 'hub_mass', 'tree', 'draft_tokens', 'depth', 'method', 'exact', 'monte_carlo', 'ci_low', 'ci_high', 'steps', 'seconds', 'skipped'];

/** The rows as CSV (one header line; empty cells for nulls), for plotting; `timing: false` drops `seconds`. */
export function sweepCsv(rows: SweepRow[], options: { timing?: boolean } = {}): string {
  const timing = options.timing !== false;
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const columns = timing ? CSV_COLUMNS : CSV_COLUMNS.filter((c) => c !== 'seconds');
  const lines = rows.map((r) =>
    [r.family, r.n, r.temperature, r.divergence, r.logitNoise, r.overlap, r.hubMass, r.tree, r.draftTokens, r.depth, r.method, r.exact, r.monteCarlo, r.ci95?.[0], r.ci95?.[1], r.steps, ...(timing ? [r.seconds] : []), r.skipped]
      .map((v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) throw new SpechubError('NOT_FINITE', `sweep CSV: ${r.tree} ${r.method} holds ${v}, not a finite number`);
        return cell(v);
      })
      .join(','),
  );
  return [columns.join(','), ...lines].join('\n') + '\n';
}

/** One markdown table per (temperature, divergence): trees × methods, plus SpecHub − RRS / − RRSw. */
export function sweepMarkdown(rows: SweepRow[]): string {
  const out: string[] = [];
  const settings = [...new Set(rows.map((r) => `${r.temperature}|${r.divergence}`))];
  for (const setting of settings) {
    const block = rows.filter((r) => `${r.temperature}|${r.divergence}` === setting);
    const first = block[0]!;
    const methods = [...new Set(block.map((r) => r.method))].filter((m) => !m.startsWith('lp-a:'));
    const bounds = [...new Set(block.map((r) => r.method))].filter((m) => m.startsWith('lp-a:'));
    const trees = [...new Set(block.map((r) => r.tree))];
    const hub = methods.includes('spechub');
    const diffs = hub ? methods.filter((m) => m === 'rrs' || m === 'rrsw') : [];
    out.push(`**${first.family}, n = ${first.n}, T = ${first.temperature}, logit noise σ = ${first.logitNoise.toFixed(3)} (${first.divergence}), mean ov(p, q) = ${first.overlap.toFixed(3)}, mean hub mass q(a) = ${first.hubMass.toFixed(3)}**`, '');
    out.push(`| tree | ${methods.join(' | ')}${diffs.map((m) => ` | SpecHub − ${m === 'rrs' ? 'RRS' : 'RRSw'}`).join('')}${bounds.map((m) => ` | 1 + LP-A (${m.slice(5)})`).join('')} |`);
    out.push(`|---|${methods.map(() => '---|').join('')}${diffs.map(() => '---|').join('')}${bounds.map(() => '---|').join('')}`);
    for (const tree of trees) {
      const get = (m: string) => block.find((r) => r.tree === tree && r.method === m);
      const value = (r: SweepRow | undefined) => (r === undefined ? null : r.exact ?? r.monteCarlo);
      const cells = methods.map((m) => {
        const r = get(m);
        if (r === undefined || (r.exact === null && r.monteCarlo === null)) return '–';
        const v = value(r);
        const ci = r.ci95 === null ? '' : ` [${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}]`;
        return `${v === null ? '–' : v.toFixed(3)}${ci}`;
      });
      const hubValue = value(get('spechub'));
      const diffCells = diffs.map((m) => {
        const other = value(get(m));
        if (hubValue === null || other === null) return '–';
        const d = hubValue - other;
        return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}`;
      });
      const boundCells = bounds.map((m) => {
        const v = value(get(m));
        return v === null ? '–' : v.toFixed(3);
      });
      out.push(`| ${tree} | ${[...cells, ...diffCells, ...boundCells].join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function list(values: Record<string, unknown>, name: string, fallback: string): string[] {
  const v = values[name];
  const text = typeof v === 'string' ? v : fallback;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new ParseError(`--${name} needs at least one value`);
  return items;
}

function numbers(values: Record<string, unknown>, name: string, fallback: string, min: number, max: number): number[] {
  return list(values, name, fallback).map((s) => {
    const x = Number(s);
    if (!Number.isFinite(x) || x < min || x > max) throw new ParseError(`--${name}: '${s}' is not a number in [${min}, ${max}]`);
    return x;
  });
}

/** Reads the command-line values into {@link SweepOptions}. */
export function sweepOptionsFrom(values: Record<string, string | boolean | string[] | undefined>): SweepOptions {
  const family = requireString(values, 'family') as SweepFamily;
  if (!['zipf', 'dirichlet', 'contextual'].includes(family)) throw new ParseError(`--family must be zipf, dirichlet or contextual, got '${family}'`);
  const methods = list(values, 'methods', 'rrs,rrsw,spechub,greedy');
  for (const m of methods) resolveWalkMethod(m);
  const lpA = typeof values['lp-a'] === 'string' ? values['lp-a'] : 'auto';
  if (lpA !== 'auto' && lpA !== 'off') throw new ParseError(`--lp-a must be auto or off, got '${lpA}'`);
  if (values.noise !== undefined && values['target-overlap'] !== undefined) throw new ParseError('choose one of --noise and --target-overlap');
  const divergences =
    values.noise !== undefined
      ? { kind: 'noise' as const, values: numbers(values, 'noise', '', 0, 1000) }
      : { kind: 'overlap' as const, values: numbers(values, 'target-overlap', '0.52', 1e-6, 1 - 1e-6) };
  const startText = typeof values.start === 'string' ? values.start : family === 'contextual' ? 'uniform' : 'stationary';
  let start: SweepOptions['start'];
  if (startText === 'stationary' || startText === 'uniform') start = startText;
  else start = integerOption(values, 'start', undefined, 0, Number.MAX_SAFE_INTEGER);
  const shapeName = family === 'dirichlet' ? 'concentration' : 'exponent';
  const otherShape = family === 'dirichlet' ? 'exponent' : 'concentration';
  if (values[otherShape] !== undefined) throw new ParseError(`--${otherShape} does not apply to --family ${family} (use --${shapeName})`);
  return {
    family,
    vocabularySize: integerOption(values, 'n', 1000, 2, MAX_SWEEP_VOCABULARY),
    shape: numberOption(values, shapeName, family === 'dirichlet' ? 0.1 : 1.1, 1e-6, 1e6),
    support: values.support === undefined ? undefined : integerOption(values, 'support', undefined, 1, 1_000_000),
    contextLength: integerOption(values, 'context-length', 2, 1, 3),
    buckets: integerOption(values, 'buckets', 4096, 1, 1 << 24),
    temperatures: numbers(values, 'temperatures', '0.6,1.0', 1e-3, 100),
    trees: list(values, 'trees', '2^2,2^3,2^4,2^5').map((name) => ({ name, tree: readTreeOption(name) })),
    methods,
    divergences,
    calibrateAt: values['calibrate-at'] === undefined ? null : numberOption(values, 'calibrate-at', undefined, 1e-3, 100),
    temperatureRatio: numberOption(values, 'temperature-ratio', 1, 1e-3, 1e3),
    uniformMix: numberOption(values, 'uniform-mix', 0, 0, 1),
    otherModelMix: numberOption(values, 'other-mix', 0, 0, 1),
    topP: numberOption(values, 'top-p', 1, 1e-6, 1),
    steps: integerOption(values, 'steps', 10_000, 0, MAX_SWEEP_STEPS),
    exact: !values['no-exact'] && family !== 'contextual',
    maxOutcomes: integerOption(values, 'max-outcomes', 50_000, 1, 1e8),
    seed: seedOption(values, '0'),
    start,
    lpA,
  };
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'grid temperature × divergence × tree × method on a synthetic language; CSV/JSON/markdown',
  usage: `spechub sweep --family zipf|dirichlet|contextual [--n 1000] [--exponent s | --concentration c] [--support m]
              [--temperatures 0.6,1.0] [--trees 2^2,2^3,2^4,2^5] [--methods rrs,rrsw,spechub,greedy]
              [--target-overlap 0.52 [--calibrate-at T] | --noise 1,1.5]
              [--temperature-ratio r] [--uniform-mix u] [--other-mix o] [--top-p P]
              [--steps 10000] [--no-exact] [--max-outcomes 50000] [--seed s] [--start stationary|uniform|<state>]
              [--context-length 2] [--buckets 4096] [--lp-a auto|off] [--out <prefix>] [--markdown <file>] [--json]
              [--no-timing] [--no-progress]

  Families: zipf (target rows are Zipf laws over random rankings, exponent s, default 1.1) and dirichlet
  (rows ~ Dirichlet(c), default 0.1) are first-order Markov chains, row x = synthetic pair x; contextual is
  the hashed-context language (law depends on the last --context-length tokens). Drafts: target logits plus
  Gaussian noise σ, then the optional temperature ratio / uniform / other-model mixture; temperature and
  top-p apply to both models.
  Divergence axis: --noise gives σ values; --target-overlap gives mean single-draft acceptances ov(p, q),
  each calibrated to a σ (at every temperature, or once at --calibrate-at T and reused for all temperatures).
  Start: the last committed token is drawn from the target chain's stationary law (Markov default) or
  uniformly (contextual default). Exact values: §5.3 recursion averaged over the start law (Markov families;
  --no-exact skips them; methods without a closed-form profile, e.g. otm, are enumerated per row and
  skipped above --max-outcomes outcomes per row); Monte Carlo: --steps independent steps per cell with a 95 % interval (0 skips).
  Cells a method cannot run (e.g. spechub on 3^D, otm with too many draft sets) are listed as skipped.
  Sequence-level methods: block (chains), traversal, traversal-wor, traversal-hub (§S2–§S3); their exact values
  need a small vocabulary (else Monte Carlo only). --lp-a auto (default): for Markov families with n ≤ 16, rows
  lp-a:<law> with the tree-level optimum 1 + LP-A (§S4.1) of each sibling law in the grid, averaged over the
  start law (a markdown column each); off: none.
  Start stationary: the stationary law by direct state reduction (GTH, n ≤ 3000, any temperature), else by
  power iteration within a budget; a chain that mixes too slowly is refused with the reason (use --start uniform).
  Output: --out P writes P.csv and P.json (P is a file prefix such as results/sweep, not a folder);
  --markdown writes tables with SpecHub − RRS / − RRSw columns; otherwise (or with --json) the JSON rows go to
  stdout. Files are written whole (temporary file + rename); their paths are checked before the run.
  --no-timing leaves out the per-cell "seconds" (JSON and CSV), so the same seed gives byte-identical files.
  Progress: a bar on a terminal, plain lines when stderr is redirected, nothing with --no-progress.
  Limits: --n ≤ ${MAX_SWEEP_VOCABULARY} and --steps ≤ ${MAX_SWEEP_STEPS.toExponential(0)} per cell. Costs: the exact value
  of a cell is about (distinct subtrees × children + 1) · n² operations (refused as skipped above 3·10⁹, e.g.
  n = 30,000 on a 2^5 tree); a Monte Carlo step generates the rows it visits (about depth · n log n, cached
  while they fit): 1,000 steps on 2^3 take about 30 s of CPU at n = 10,000 and 5–10 min at n = 100,000.
  Ctrl-C stops a run cleanly (no partial file).`,
  options: {
    family: { type: 'string' },
    n: { type: 'string' },
    exponent: { type: 'string' },
    concentration: { type: 'string' },
    support: { type: 'string' },
    temperatures: { type: 'string' },
    trees: { type: 'string' },
    methods: { type: 'string' },
    'target-overlap': { type: 'string' },
    'calibrate-at': { type: 'string' },
    noise: { type: 'string' },
    'temperature-ratio': { type: 'string' },
    'uniform-mix': { type: 'string' },
    'other-mix': { type: 'string' },
    'top-p': { type: 'string' },
    steps: { type: 'string' },
    'no-exact': { type: 'boolean' },
    'max-outcomes': { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    'context-length': { type: 'string' },
    buckets: { type: 'string' },
    'lp-a': { type: 'string' },
    out: { type: 'string' },
    markdown: { type: 'string' },
    json: { type: 'boolean' },
    'no-timing': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
  },
  run(values, io) {
    const options = sweepOptionsFrom(values);
    if (options.uniformMix + options.otherModelMix > 1) throw new ParseError('--uniform-mix + --other-mix must not exceed 1');
    const timing = timingEnabled(values);
    // Output paths are checked before the (possibly long) run.
    if (typeof values.out === 'string') {
      if (values.out.trim() === '' || /[/\\]$/.test(values.out)) {
        throw new FileSystemError('IS_A_DIRECTORY', values.out, `--out '${values.out}' names a folder, but it is the prefix of two files (<prefix>.csv and <prefix>.json): give e.g. --out ${values.out.trim() === '' ? '' : values.out}sweep`);
      }
      checkOutputPath(`${values.out}.csv`, 'file', '--out CSV file');
      checkOutputPath(`${values.out}.json`, 'file', '--out JSON file');
    }
    if (typeof values.markdown === 'string') checkOutputPath(values.markdown, 'file', '--markdown file');
    const rows = runSweep(options, progressBar(io, progressMode(values)));
    const shown = timing ? rows : rows.map(({ seconds: _seconds, ...row }) => row);
    const json = stringifyJson({ options: { ...options, trees: options.trees.map((t) => t.name) }, rows: shown }, { indent: 1, what: 'sweep JSON' });
    if (typeof values.out === 'string') {
      writeFileAtomic(`${values.out}.csv`, sweepCsv(rows, { timing }));
      writeFileAtomic(`${values.out}.json`, json + '\n');
    }
    if (typeof values.markdown === 'string') writeFileAtomic(values.markdown, sweepMarkdown(rows));
    if (values.json || (values.out === undefined && values.markdown === undefined)) io.stdout(json + '\n');
    else io.stdout(`${rows.length} cells${typeof values.out === 'string' ? `, wrote ${values.out}.csv and ${values.out}.json` : ''}${typeof values.markdown === 'string' ? `, ${values.markdown}` : ''}\n`);
    return 0;
  },
};
