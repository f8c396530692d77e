/**
 * The cell pooling shared by the G-test ({@link ../goodnessOfFit.ts}) and its power ({@link ../goodnessOfFitPower.ts}):
 * cells of probability zero are set aside; the others are sorted by expected count and the two smallest are
 * merged, repeatedly, until every cell's expected count reaches `minExpected` (or one cell is left). The pooling
 * depends on the probabilities and the number of trials only, never on the observed counts.
 */

export interface PooledCell {
  /** Observed count (0 when pooling without observations). */
  o: number;
  /** Expected count. */
  e: number;
  /** Number of original cells merged into this one (1 = not pooled). */
  members: number;
}

export interface PooledCells {
  cells: PooledCell[];
  /** Number of pairwise merges made. */
  merges: number;
  /** Total observed count in cells of probability zero. */
  impossibleCount: number;
}

export function poolCells(observed: ArrayLike<number> | null, probabilities: ArrayLike<number>, trials: number, minExpected: number): PooledCells {
  let impossibleCount = 0;
  const cells: PooledCell[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    const e = probabilities[i]! * trials;
    const o = observed === null ? 0 : observed[i]!;
    if (e === 0) impossibleCount += o;
    else cells.push({ o, e, members: 1 });
  }
  cells.sort((a, b) => a.e - b.e);
  // Huffman-style two queues (O(n log n) overall): successive merged cells have nondecreasing expected counts,
  // so the merged cells form a second sorted queue; on ties the merged cell is taken first.
  const merged: PooledCell[] = [];
  let i = 0; // front of `cells`
  let m = 0; // front of `merged`
  const remaining = () => cells.length - i + merged.length - m;
  const takeSmallest = (): PooledCell => {
    if (m < merged.length && (i >= cells.length || merged[m]!.e <= cells[i]!.e)) return merged[m++]!;
    return cells[i++]!;
  };
  const smallest = (): number => Math.min(m < merged.length ? merged[m]!.e : Infinity, i < cells.length ? cells[i]!.e : Infinity);
  let merges = 0;
  while (remaining() > 1 && smallest() < minExpected) {
    const a = takeSmallest();
    const b = takeSmallest();
    merged.push({ o: a.o + b.o, e: a.e + b.e, members: a.members + b.members });
    merges += 1;
  }
  const pooled = [...merged.slice(m), ...cells.slice(i)];
  return { cells: pooled, merges, impossibleCount };
}
