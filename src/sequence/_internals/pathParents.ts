/** The parent index of each path in `paths` (−1 for length 1); every proper prefix of a path must be listed. */
export function pathParents(paths: readonly number[][]): number[] {
  const index = new Map(paths.map((p, i) => [p.join(','), i]));
  return paths.map((p) => (p.length === 1 ? -1 : index.get(p.slice(0, -1).join(','))!));
}
