/**
 * Lemma 10.1 (docs/theory.md): bounds on O(s, r) = Σ_y min(s(y), r(y)) when s and r are known on parts of
 * the vocabulary and their remaining masses M_s, M_r lie on unknown tokens, each unknown value at most c_s / c_r:
 *
 *   O_lo = Σ_{both known} min(s, r) ≤ O ≤ O_lo + min(M_r + min(M_s, X_r), M_s + min(M_r, X_s)),
 *   X_s = Σ_{s known, r unknown} min(s(y), c_r),   X_r = Σ_{r known, s unknown} min(r(y), c_s).
 */

/** s, r over the union (NaN = unknown), scaled by sScale / rScale; returns [lo, hi]. */
export function overlapBounds(s: Float64Array, sScale: number, sMass: number, sCap: number, r: Float64Array, rScale: number, rMass: number, rCap: number): [number, number] {
  let lo = 0;
  let xs = 0;
  let xr = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const a = s[i]!;
    const b = r[i]!;
    const aKnown = a === a; // not NaN
    const bKnown = b === b;
    if (aKnown && bKnown) {
      const x = a * sScale;
      const y = b * rScale;
      lo += x < y ? x : y;
    } else if (aKnown) {
      const x = a * sScale;
      xs += x < rCap ? x : rCap;
    } else if (bKnown) {
      const y = b * rScale;
      xr += y < sCap ? y : sCap;
    }
  }
  const extra = Math.min(rMass + Math.min(sMass, xr), sMass + Math.min(rMass, xs));
  return [lo, lo + extra];
}
