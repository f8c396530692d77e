/**
 * The sweep experiment (theory §5, §6.2): a grid temperature × draft divergence × tree × method on a synthetic
 * language, with exact tokens per step (Markov-chain families, §5.3 recursion averaged over the stationary law of
 * the last token) and Monte Carlo estimates with 95 % intervals. Methods include the sequence-level verifiers
 * (block, traversal, traversal-wor, traversal-hub; exact by the §S3.5 recursion where the vocabulary is small
 * enough, Monte Carlo always) and, for small Markov chains, the tree-level optimum 1 + LP-A (§S4.1) of each
 * sibling law in the grid, as rows with method `lp-a:<law>`. `spechub sweep` parses its options into
 * {@link SweepOptions}, calls {@link runSweep} and formats the rows ({@link sweepCsv}, {@link sweepMarkdown}).
 *
 * @example
 * ```ts
 * const rows = runSweep({ ...SWEEP_DEFAULTS, vocabularySize: 20, temperatures: [1], trees: [{ name: '2^2', tree: parseTreeSpec('2^2') }], methods: ['rrs'], steps: 100, seed: 'doc' });
 * rows[0]!.method; // 'rrs'
 * ```
 */
import { overlap } from '../core/divergence.ts';
import { ParseError, SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import type { Rng } from '../core/rng.ts';
import { resolveWalkMethod } from '../sequence/sequenceVerifiers.ts';
import { sequenceTokensPerStep } from '../sequence/sequenceTokensPerStep.ts';
import { lpATokensPerStep } from '../sequence/lpATokensPerStep.ts';
import type { SiblingLaw } from '../sequence/siblingLaw.ts';
import { createRng, deriveSeed } from '../random/createRng.ts';
import { calibrateLogitNoise, calibrateNoise } from '../synthetic/calibrateLogitNoise.ts';
import { contextualLanguage } from '../synthetic/contextualLanguage.ts';
import type { LogitFamily, PairConfig } from '../synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../tree/expectedTokensPerStep.ts';
import type { Language, MarkovChain } from '../tree/language.ts';
import { simulateTreeWalk } from '../tree/simulateTreeWalk.ts';
import { stationaryDistribution } from '../tree/stationaryDistribution.ts';
import type { TokenTree } from '../tree/tokenTree.ts';

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
