/**
 * The target/draft pair the playground works on, and the edits that keep it normalised.
 *
 * In probability mode both vectors are exact rationals that sum to exactly 1, so every value on the page is an
 * exact fraction computed in `rationalField`. Dragging a bar or pressing an arrow key moves one entry on the grid
 * of multiples of 1/{@link GRID} (360 = 2³·3²·5 holds every preset: 1/6, 1/8, 1/10, 1/12 …) and spreads the rest
 * of the mass over the other entries in proportion to their current values, rounded to the grid by largest
 * remainders (ties to the lowest index), so the sum stays exactly 1. Typing a fraction sets that entry exactly
 * and rescales the others exactly. In logits mode p = softmax(logits/T) in float64 and values are decimals.
 */
import { validateDistribution, validateExactDistribution } from '../../../src/core/distribution.ts';
import { ParseError, SpechubError } from '../../../src/core/errors.ts';
import { Rational } from '../../../src/core/rational.ts';
import { softmax } from '../../../src/core/softmax.ts';

/** Drag and keyboard resolution: entries move in multiples of 1/GRID. */
export const GRID = 360;
export const MIN_TOKENS = 2;
export const MAX_TOKENS = 12;

export interface Pair {
  n: number;
  /** Exact vectors (probability mode), or null (logits mode: float64 only). */
  exact: { p: Rational[]; q: Rational[] } | null;
  p: Float64Array;
  q: Float64Array;
}

/** Exact pair: validates that both vectors are probability vectors of the same length in 2..12. */
export function exactPair(p: readonly Rational[], q: readonly Rational[]): Pair {
  checkSize(p.length);
  if (q.length !== p.length) throw new SpechubError('LENGTH_MISMATCH', `target has ${p.length} entries but draft has ${q.length}`);
  validateExactDistribution(p as Rational[], 'target');
  validateExactDistribution(q as Rational[], 'draft');
  return { n: p.length, exact: { p: [...p], q: [...q] }, p: Float64Array.from(p, (x) => x.toNumber()), q: Float64Array.from(q, (x) => x.toNumber()) };
}

/** Float pair from logits and temperatures (§8 item 9: temperature applies to both models). */
export function logitPair(targetLogits: readonly number[], draftLogits: readonly number[], targetTemperature: number, draftTemperature: number): Pair {
  checkSize(targetLogits.length);
  if (draftLogits.length !== targetLogits.length) throw new SpechubError('LENGTH_MISMATCH', `target has ${targetLogits.length} logits but draft has ${draftLogits.length}`);
  const p = validateDistribution(softmax(targetLogits, targetTemperature), 'target');
  const q = validateDistribution(softmax(draftLogits, draftTemperature), 'draft');
  return { n: p.length, exact: null, p, q };
}

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < MIN_TOKENS || n > MAX_TOKENS) {
    throw new SpechubError('INVALID_ARGUMENT', `the playground takes ${MIN_TOKENS} to ${MAX_TOKENS} tokens, got ${n}`);
  }
}

const sumOf = (v: readonly Rational[]) => v.reduce((s, x) => s.add(x), Rational.ZERO);

/** Sets entry i to `value` ∈ [0, 1] exactly; the other entries are rescaled exactly to keep Σ = 1. */
export function setEntryExactly(v: readonly Rational[], i: number, value: Rational): Rational[] {
  if (value.sign() < 0 || value.compare(Rational.ONE) > 0) throw new ParseError(`${value} is not a probability in [0, 1]`);
  const others = sumOf(v).sub(v[i]!);
  const remaining = Rational.ONE.sub(value);
  return v.map((x, j) => {
    if (j === i) return value;
    if (others.isZero()) return remaining.div(Rational.of(v.length - 1));
    return x.mul(remaining).div(others);
  });
}

/**
 * Sets entry i to units/GRID and puts the other entries on the grid: their share of the remaining
 * GRID − units is proportional to their current values (equal shares when they are all zero), floors first,
 * then one unit each by largest remainder (ties to the lowest index). Σ = 1 exactly.
 */
export function setEntryOnGrid(v: readonly Rational[], i: number, units: number, grid = GRID): Rational[] {
  const u = Math.max(0, Math.min(grid, Math.round(units)));
  const n = v.length;
  const others = sumOf(v).sub(v[i]!);
  const remaining = grid - u;
  const share = (j: number): Rational => (others.isZero() ? Rational.of(remaining, n - 1) : v[j]!.mul(Rational.of(remaining)).div(others));
  const out = new Array<number>(n).fill(0);
  const fractions: Array<{ j: number; frac: Rational }> = [];
  let used = u;
  out[i] = u;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const s = share(j);
    const floor = Number(s.num / s.den);
    out[j] = floor;
    used += floor;
    fractions.push({ j, frac: s.sub(Rational.of(floor)) });
  }
  fractions.sort((a, b) => b.frac.compare(a.frac) || a.j - b.j);
  for (let r = 0; r < grid - used; r++) out[fractions[r]!.j]!++;
  return out.map((x) => Rational.of(x, grid));
}

/** Moves entry i by `steps` grid units from its nearest grid point (arrow keys). */
export function nudgeEntry(v: readonly Rational[], i: number, steps: number, grid = GRID): Rational[] {
  return setEntryOnGrid(v, i, Math.round(v[i]!.toNumber() * grid) + steps, grid);
}

/** Divides by the sum (exactly); throws when the sum is not positive or an entry is negative. */
export function normaliseExactly(v: readonly Rational[]): Rational[] {
  v.forEach((x, i) => {
    if (x.sign() < 0) throw new ParseError(`entry ${i} (${x}) is negative`);
  });
  const total = sumOf(v);
  if (!(total.sign() > 0)) throw new ParseError('the entries sum to 0');
  return v.map((x) => x.div(total));
}

/** A float probability vector rounded onto the grid by largest remainders (used when leaving logits mode). */
export function floatToGrid(v: ArrayLike<number>, grid = GRID): Rational[] {
  const n = v.length;
  let total = 0;
  for (let j = 0; j < n; j++) total += v[j]!;
  const scaled = Array.from({ length: n }, (_, j) => (v[j]! / total) * grid);
  const out = scaled.map(Math.floor);
  const order = scaled.map((s, j) => ({ j, frac: s - Math.floor(s) })).sort((a, b) => b.frac - a.frac || a.j - b.j);
  let left = grid - out.reduce((s, x) => s + x, 0);
  for (let r = 0; left > 0; r++, left--) out[order[r % n]!.j]!++;
  return out.map((x) => Rational.of(x, grid));
}

/** The default pair for n tokens: p ∝ (1, 2, …, n), q ∝ (n, …, 2, 1) (E1 and E4 are this shape for n = 3, 4). */
export function rampPair(n: number): { p: Rational[]; q: Rational[] } {
  checkSize(n);
  const total = (n * (n + 1)) / 2;
  return {
    p: Array.from({ length: n }, (_, i) => Rational.of(i + 1, total)),
    q: Array.from({ length: n }, (_, i) => Rational.of(n - i, total)),
  };
}

/** Default token labels: a, b, c, … */
export function defaultLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
}
