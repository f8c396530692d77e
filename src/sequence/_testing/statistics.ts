/**
 * Statistical helpers for the sequence-verification Monte Carlo tests: sampling the first m tokens of
 * E · target continuation (the exactness criterion of §S0.2), and the approximate power of a Pearson/G test
 * against a known alternative (noncentral χ² by Patnaik's two-moment approximation, central χ² quantiles by
 * Wilson–Hilferty; accurate to a few per cent of power, enough to size a test so that its power is ≥ 0.99).
 */
import { Categorical } from '../../core/categorical.ts';
import { SamplingChooser } from '../../core/chooser.ts';
import { floatField } from '../../core/field.ts';
import { normalQuantileTwoSided } from '../../montecarlo/proportionInterval.ts';
import { createRng } from '../../random/createRng.ts';
import type { Language } from '../../tree/language.ts';
import type { TreeWalk } from '../../tree/treeWalk.ts';

/** Counts of the first m tokens of E · (target continuation), one step per trial, cell = base-n number. */
export function continuedCounts(walk: TreeWalk<number>, language: Language<number>, state: number, m: number, trials: number, seed: string): number[] {
  const n = language.vocabularySize;
  const counts = new Array<number>(n ** m).fill(0);
  const chooser = new SamplingChooser(createRng(seed));
  const laws = new Map<number, Categorical<number>>();
  for (let t = 0; t < trials; t++) {
    const { emitted, state: after } = walk.step(state, chooser);
    const tokens = emitted.slice(0, m);
    let s = after;
    while (tokens.length < m) {
      let law = laws.get(s);
      if (law === undefined) laws.set(s, (law = Categorical.create(floatField, language.target(s))));
      const y = chooser.categorical(law);
      tokens.push(y);
      s = language.next(s, y);
    }
    counts[tokens.reduce((cell, y) => cell * n + y, 0)]!++;
  }
  return counts;
}

/** Target probabilities of the n^m cells of {@link continuedCounts}. */
export function targetCells(language: Language<number>, state: number, m: number): number[] {
  const n = language.vocabularySize;
  const out: number[] = [];
  const visit = (s: number, depth: number, mass: number) => {
    if (depth === m) {
      out.push(mass);
      return;
    }
    const p = language.target(s);
    for (let y = 0; y < n; y++) visit(language.next(s, y), depth + 1, mass * p[y]!);
  };
  visit(state, 0, 1);
  return out;
}

/** Standard normal upper tail 1 − Φ(z) (Abramowitz–Stegun 7.1.26 erfc, absolute error < 1e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Approximate power of a χ² test with `df` degrees of freedom at `level` against noncentrality λ. */
export function chiSquarePower(df: number, lambda: number, level: number): number {
  const z = normalQuantileTwoSided(1 - 2 * level); // one-sided upper quantile
  const whQuantile = (nu: number) => nu * (1 - 2 / (9 * nu) + z * Math.sqrt(2 / (9 * nu))) ** 3;
  const critical = whQuantile(df);
  const c = (df + 2 * lambda) / (df + lambda);
  const nu = (df + lambda) ** 2 / (df + 2 * lambda);
  const w = ((critical / c / nu) ** (1 / 3) - (1 - 2 / (9 * nu))) / Math.sqrt(2 / (9 * nu));
  return normalUpperTail(w);
}

/** Pearson noncentrality N·Σ (π_i − p_i)² / p_i of a biased law π against the null p (cells with p = 0: ∞). */
export function noncentrality(biased: readonly number[], target: readonly number[], trials: number): number {
  let s = 0;
  for (let i = 0; i < target.length; i++) {
    const d = biased[i]! - target[i]!;
    if (target[i]! === 0) {
      if (biased[i]! > 0) return Infinity;
      continue;
    }
    s += (d * d) / target[i]!;
  }
  return trials * s;
}
