/**
 * The versioned batteries of (p, q) cases that `spechub conform` runs a verifier on (docs/conformance.md lists
 * every case). Each case is exact (rationals summing to exactly 1); Monte Carlo mode sends their float64
 * values. A run instantiates every case at each requested number of drafts k that the draft scheme admits.
 *
 * - `quick` (v1): 13 cases, 20,000 trials per case and k: a smoke test.
 * - `standard` (v1): 46 cases, 100,000 trials: the spec's vectors (§7.1), n = 2, zeros, ties (hub ties, §8
 *   item 5), one-hot laws, disjoint supports, identical laws, near-degenerate masses (1e-12, 1e-16), hub
 *   mass p(a) > 0.999 (the EAGLE shortcut, §8 item 2), frequent duplicate drafts (§8 item 1), the Zipf and
 *   Dirichlet families of src/synthetic (n = 6 … 1,000), and n = 32,000 (sparse supports).
 * - `full` (v1): `standard` plus denser large vocabularies and random small rationals, 1,000,000 trials.
 *
 * Synthetic cases come from `syntheticPair` with the fixed seed `conform-suite-v1`, rounded to integer weights
 * over 10^6 (a positive mass never rounds to zero); changing any case bumps the suite's version.
 *
 * @example
 * ```ts
 * const suite = conformanceSuite('standard');
 * suite.cases.length; // 46
 * suite.cases[0]; // {name: 'E1', family: 'spec vectors', p: [1/6, 1/3, 1/2], q: [1/2, 1/3, 1/6], …}
 * ```
 */
import { argmax } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { createRng } from '../random/createRng.ts';
import { type PairConfig, syntheticPair } from '../synthetic/syntheticPair.ts';

/** One (p, q) case of a suite, exact. */
export interface ConformanceCase {
  name: string;
  family: string;
  description: string;
  p: Rational[];
  q: Rational[];
}

/** A named, versioned list of cases with its default number of Monte Carlo trials. */
export interface ConformanceSuite {
  name: string;
  version: number;
  /** Default Monte Carlo trials per case and k. */
  trials: number;
  cases: ConformanceCase[];
}

export type SuiteName = 'quick' | 'standard' | 'full';
/** The built-in suites, smallest first. */
export const SUITE_NAMES: readonly SuiteName[] = ['quick', 'standard', 'full'];

const SEED = 'conform-suite-v1';

/** Exact law from small integer weights. */
function law(...weights: Array<number | bigint>): Rational[] {
  const w = weights.map((x) => BigInt(x));
  const total = w.reduce((s, x) => s + x, 0n);
  return w.map((x) => Rational.of(x, total));
}

/** Exact law from fraction or decimal strings that sum to exactly 1. */
function exact(...entries: string[]): Rational[] {
  const v = entries.map((e) => Rational.parse(e));
  const total = v.reduce((s, x) => s.add(x), Rational.ZERO);
  if (!total.equals(Rational.ONE)) throw new Error(`suite case does not sum to 1: ${entries.join(', ')}`);
  return v;
}

/** Float law → integer weights over `scale` (positive masses keep at least weight 1) → exact law. */
function rounded(x: ArrayLike<number>, scale = 1_000_000): Rational[] {
  const w: bigint[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    w.push(v > 0 ? BigInt(Math.max(1, Math.round(v * scale))) : 0n);
  }
  return law(...w);
}

function synthetic(name: string, family: string, description: string, config: PairConfig, index: number): ConformanceCase {
  const { p, q } = syntheticPair(config, SEED, index);
  return { name, family, description, p: rounded(p), q: rounded(q) };
}

const zipf = (n: number, exponent: number, extra: Partial<PairConfig> = {}, support?: number): PairConfig => ({
  vocabularySize: n,
  family: { kind: 'zipf', exponent, ...(support === undefined ? {} : { support }) },
  ...extra,
});
const dirichlet = (n: number, concentration: number, extra: Partial<PairConfig> = {}, support?: number): PairConfig => ({
  vocabularySize: n,
  family: { kind: 'dirichlet', concentration, ...(support === undefined ? {} : { support }) },
  ...extra,
});

/** A Zipf draft law over n tokens and a target putting `hubMass` on the draft's hub, the rest like the draft's tail. */
function hubHeavy(name: string, n: number, hubMass: string): ConformanceCase {
  const { q } = syntheticPair(zipf(n, 1.1, { draft: { logitNoise: 0.8 } }), SEED, 900 + n);
  const qExact = rounded(q);
  const a = argmax(floatField, q);
  const mass = Rational.parse(hubMass);
  let tail = Rational.ZERO;
  for (let y = 0; y < n; y++) if (y !== a) tail = tail.add(qExact[y]!);
  const rest = Rational.ONE.sub(mass);
  const p = qExact.map((x, y) => (y === a ? mass : x.mul(rest).div(tail)));
  return { name, family: 'hub mass > 0.999', description: `Zipf draft over ${n} tokens; target puts ${hubMass} on the hub`, p, q: qExact };
}

function buildStandard(): ConformanceCase[] {
  const c = (name: string, family: string, description: string, p: Rational[], q: Rational[]): ConformanceCase => ({ name, family, description, p, q });
  const spec = 'spec vectors (§7.1)';
  return [
    c('E1', spec, '§7.1 E1', law(1, 2, 3), law(3, 2, 1)),
    c('E2', spec, '§7.1 E2', law(1, 1, 1), law(2, 3, 1)),
    c('E3', spec, '§7.1 E3', law(1, 1, 1), law(1, 3, 2)),
    c('E4', spec, '§7.1 E4 (duplicate skipping: TV 3/112 at k = 2)', law(1, 2, 3, 4), law(4, 3, 2, 1)),
    c('E6', spec, '§7.1 E6: all q tied, hub = token 0', law(4, 2, 1, 1), law(1, 1, 1, 1)),
    c('n2-swap', 'n = 2', 'two tokens, masses swapped', law(1, 2), law(2, 1)),
    c('n2-close', 'n = 2', 'two tokens, close laws', law(1, 1), law(11, 9)),
    c('zeros-target', 'zeros', 'target zero on tokens the draft proposes', law(0, 1, 1, 0), law(1, 1, 1, 1)),
    c('zeros-draft', 'zeros', 'draft zero on tokens the target needs', law(1, 1, 1, 1), law(1, 0, 1, 0)),
    c('zeros-both', 'zeros', 'zeros in both, partly overlapping supports', law(1, 0, 1, 0, 0), law(0, 1, 1, 0, 1)),
    c('zeros-interleaved', 'zeros', 'sparse target, uniform draft', law(0, 2, 0, 3, 0, 0), law(1, 1, 1, 1, 1, 1)),
    c('ties-hub3', 'ties', 'three-way hub tie (hub = token 0)', law(3, 2, 1), law(1, 1, 1)),
    c('ties-hub-top2', 'ties', 'two-way tie at the top of q', law(2, 8, 5, 5), law(3, 3, 1, 1)),
    c('ties-target', 'ties', 'uniform target, skewed draft', law(1, 1, 1, 1), law(4, 2, 1, 1)),
    c('ties-uniform', 'ties', 'both uniform (acceptance 1)', law(1, 1, 1, 1, 1), law(1, 1, 1, 1, 1)),
    c('onehot-draft', 'one-hot', 'one-hot draft (the hub pair falls back to one draft)', law(1, 1, 1), law(0, 1, 0)),
    c('onehot-target', 'one-hot', 'one-hot target', law(0, 0, 1, 0), law(1, 1, 1, 1)),
    c('onehot-same', 'one-hot', 'the same one-hot law', law(0, 1, 0, 0), law(0, 1, 0, 0)),
    c('onehot-different', 'one-hot', 'different one-hot laws', law(1, 0, 0), law(0, 0, 1)),
    c('disjoint-halves', 'disjoint supports', 'disjoint supports of two tokens each', law(1, 1, 0, 0), law(0, 0, 1, 1)),
    c('disjoint-skewed', 'disjoint supports', 'disjoint supports, skewed', law(1, 1, 1, 0, 0, 0), law(0, 0, 0, 2, 1, 1)),
    c('identical', 'identical', 'p = q (acceptance 1)', law(1, 2, 3, 4), law(1, 2, 3, 4)),
    c('tiny-target', 'near-degenerate', 'target mass 1e-12 on one token', exact('0.999999999999', '1e-12'), law(1, 1)),
    c('tiny-draft', 'near-degenerate', 'draft mass 1e-12 on one token', law(1, 1, 1), exact('1e-12', '0.4999999999995', '0.4999999999995')),
    c('tiny-both', 'near-degenerate', 'masses 1e-12 in both laws', exact('1e-12', '0.999999999998', '1e-12'), exact('1e-12', '1e-12', '0.999999999998')),
    c('almost-one', 'near-degenerate', 'masses 1 − 1e-16 and 1e-16', exact('0.9999999999999999', '1e-16'), exact('1e-16', '0.9999999999999999')),
    c('hub999-first', 'hub mass > 0.999', 'p(hub) = 0.9995 (the EAGLE 0.999 shortcut, §8 item 2)', law(9995, 3, 2), law(5, 3, 2)),
    c('hub999-middle', 'hub mass > 0.999', 'p(hub) = 0.99925, hub = token 1', law(1, 3997, 2), law(1, 2, 1)),
    c('hub999-tie', 'hub mass > 0.999', 'p(hub) = 0.9999 with a three-way hub tie', law(19998, 1, 1), law(1, 1, 1)),
    hubHeavy('hub999-zipf1000', 1000, '0.9992'),
    c('hub-one', 'hub mass > 0.999', 'p(hub) = 1 exactly', law(1, 0, 0), law(5, 3, 2)),
    c('dup-heavy2', 'duplicate drafts', 'q(0) = 0.9: i.i.d. drafts repeat 81 % of the time', law(1, 4), law(9, 1)),
    c('dup-heavy3', 'duplicate drafts', 'q(0) = 0.8 over three tokens', law(1, 3, 6), law(8, 1, 1)),
    c('dup-skewed', 'duplicate drafts', 'two heavy draft tokens, target on the light one', law(1, 5, 14), law(12, 6, 2)),
    c('dup-mid', 'duplicate drafts', 'q(0) = 0.7, target spread', law(2, 3, 3, 2), law(7, 1, 1, 1)),
    synthetic('zipf-n6', 'Zipf', 'Zipf s = 1.1, n = 6, draft logit noise 1', zipf(6, 1.1, { draft: { logitNoise: 1 } }), 1),
    synthetic('zipf-n12', 'Zipf', 'Zipf s = 1.3, n = 12, T = 0.7, draft noise 1.5', zipf(12, 1.3, { temperature: 0.7, draft: { logitNoise: 1.5 } }), 2),
    synthetic('zipf-n100', 'Zipf', 'Zipf s = 1.1, n = 100, draft noise 1 and temperature ratio 0.8', zipf(100, 1.1, { draft: { logitNoise: 1, temperatureRatio: 0.8 } }), 3),
    synthetic('zipf-n1000', 'Zipf', 'Zipf s = 1.1, n = 1,000, T = 0.8, draft noise 1.3', zipf(1000, 1.1, { temperature: 0.8, draft: { logitNoise: 1.3 } }), 4),
    synthetic('dirichlet-n5', 'Dirichlet', 'Dirichlet c = 0.3, n = 5, draft noise 1', dirichlet(5, 0.3, { draft: { logitNoise: 1 } }), 5),
    synthetic('dirichlet-n10', 'Dirichlet', 'Dirichlet c = 1, n = 10, draft noise 0.7', dirichlet(10, 1, { draft: { logitNoise: 0.7 } }), 6),
    synthetic('dirichlet-n50', 'Dirichlet', 'Dirichlet c = 0.1, n = 50, draft mixed 10 % with another model', dirichlet(50, 0.1, { draft: { logitNoise: 0.5, otherModelMix: 0.1 } }), 7),
    synthetic('dirichlet-n200', 'Dirichlet', 'Dirichlet c = 0.5, n = 200, draft noise 1.2', dirichlet(200, 0.5, { draft: { logitNoise: 1.2 } }), 8),
    synthetic('zipf-n32000-sparse8', 'large sparse', 'n = 32,000, Zipf s = 1.1 on 8 tokens (same support), draft noise 1', zipf(32000, 1.1, { draft: { logitNoise: 1 } }, 8), 9),
    synthetic('zipf-n32000-sparse64-mix', 'large sparse', 'n = 32,000, Zipf on 64 tokens; draft mixed 2 % with uniform (dense)', zipf(32000, 1.2, { draft: { logitNoise: 1, uniformMix: 0.02 } }, 64), 10),
    synthetic('dirichlet-n32000-sparse16', 'large sparse', 'n = 32,000, Dirichlet c = 0.5 on 16 tokens, draft mixed 30 % with another model', dirichlet(32000, 0.5, { draft: { logitNoise: 0.8, otherModelMix: 0.3 } }, 16), 11),
  ];
}

const QUICK = ['E1', 'E4', 'E6', 'zeros-both', 'ties-hub3', 'onehot-draft', 'disjoint-halves', 'tiny-target', 'hub999-first', 'dup-heavy3', 'zipf-n12', 'dirichlet-n10', 'zipf-n32000-sparse8'];

function buildFull(standard: ConformanceCase[]): ConformanceCase[] {
  const extra: ConformanceCase[] = [
    synthetic('zipf-n32000-dense', 'large dense', 'n = 32,000, dense Zipf s = 1.1, T = 0.8, draft noise 1', zipf(32000, 1.1, { temperature: 0.8, draft: { logitNoise: 1 } }), 20),
    synthetic('dirichlet-n1000', 'Dirichlet', 'Dirichlet c = 0.2, n = 1,000, draft noise 1', dirichlet(1000, 0.2, { draft: { logitNoise: 1 } }), 21),
    synthetic('zipf-n4000-topp', 'Zipf', 'n = 4,000, Zipf s = 1.0, T = 1, top-p 0.9 on both', zipf(4000, 1.0, { topP: 0.9, draft: { logitNoise: 1 } }), 22),
    synthetic('zipf-n500-cold', 'Zipf', 'n = 500, Zipf s = 1.1, T = 0.3 (peaked)', zipf(500, 1.1, { temperature: 0.3, draft: { logitNoise: 1 } }), 23),
  ];
  const rng = createRng(`${SEED}/random`);
  for (let i = 0; i < 12; i++) {
    const n = 2 + Math.floor(rng() * 5);
    const draw = () => Array.from({ length: n }, () => (rng() < 0.2 ? 0 : 1 + Math.floor(rng() * 9)));
    let p = draw();
    let q = draw();
    if (p.every((x) => x === 0)) p = p.map((_, j) => (j === 0 ? 1 : 0));
    if (q.every((x) => x === 0)) q = q.map((_, j) => (j === n - 1 ? 1 : 0));
    extra.push({ name: `random-${i + 1}`, family: 'random small rationals', description: `random integer weights 0..9, n = ${n}`, p: law(...p), q: law(...q) });
  }
  return [...standard, ...extra];
}

let standardCache: ConformanceCase[] | null = null;

/** A suite by name (`quick`, `standard`, `full`); throws INVALID_ARGUMENT for another name. */
export function conformanceSuite(name: string): ConformanceSuite {
  standardCache ??= buildStandard();
  const standard = standardCache;
  if (name === 'standard') return { name, version: 1, trials: 100_000, cases: standard };
  if (name === 'quick') return { name, version: 1, trials: 20_000, cases: QUICK.map((id) => standard.find((x) => x.name === id)!) };
  if (name === 'full') return { name, version: 1, trials: 1_000_000, cases: buildFull(standard) };
  throw new SpechubError('INVALID_ARGUMENT', `unknown suite '${name}' (known: ${SUITE_NAMES.join(', ')})`);
}
