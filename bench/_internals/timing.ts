/**
 * Timing helpers shared by the benchmarks (not tests): seconds per call, robust to a noisy, shared machine.
 *
 * - {@link secondsPerCall}: wall-clock median over 5 batches (the original helper).
 * - {@link cpuSecondsPerCall}: the same on process CPU time (`process.cpuUsage`), which does not count the
 *   time the process waits for a core while other work runs on the machine.
 * - {@link medianRatio}: a cost as a multiple of a baseline measured in the same run, interleaved (baseline
 *   batch, candidate batch, …) so that load changes hit both alike; the median of the per-round ratios.
 * - {@link summingPass}: the baseline of the per-call ratios, one pass summing p and q.
 */

/**
 * Arrays that a timed closure reads as values, never as constants: the closure takes them from this mutable
 * container at every call. When V8 knows the arrays a loop reads as constants — captured by a closure it compiles
 * against its captured values, or module-level `const`s — it drops per-iteration work, and a summing pass runs about
 * twice as fast as the same function called with arrays that arrive as values: 0.53 against 1.02 ns per entry at
 * n = 32,000, 0.61 against 1.15 at 128,256 (2026-11-30, `node --import tsx bench/summingPassModes.ts`). No verifier
 * gets the fast form (p and q reach it as arguments, new ones at every node of a decoder), and whether a closure in a
 * benchmark got it depended on V8's closure heuristics (the first closure a literal made usually did): that is the
 * "0.65 ns per entry the first time a pair is measured and about 1.4 ns afterwards" the benchmarks used to see, which
 * made the unit at n = 32,000 the fast form and the one at 128,256 the slow one.
 */
export function asValues<T extends readonly unknown[]>(...values: T): T {
  return [...values] as unknown as T;
}

let passSink = 0;
/** One summing pass over p and q with the arrays read as values (`asValues`): the unit of the per-call ratios. */
export function summingPassCall(p: ArrayLike<number>, q: ArrayLike<number>): () => void {
  const arrays = asValues(p, q);
  return () => {
    passSink += summingPass(arrays[0], arrays[1]);
  };
}

/**
 * One pass summing p and q: the unit of the per-call ratios (bench/verifiers.bench.ts, bench/replay.bench.ts), a
 * module-level function that receives the arrays as the verifiers do, timed through {@link summingPassCall} (the
 * arrays read as values, see {@link asValues}). The loop used before it was a closure over one pair's arrays, and
 * V8 compiled each such closure its own way: on 2026-11-30 it took 19–24 µs at n = 32,000 (the first pair),
 * 221–668 µs at n = 128,256 and 54–140 µs back at 32,000, which flattered every ratio at 128,256 by up to 3.5×
 * (docs/testing.md). The two speeds that remained (about 0.65 and 1.4 ns per entry at 32,000) were those of arrays
 * known as constants and arrays read as values.
 */
export function summingPass(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += p[i]! + q[i]!;
  return s;
}

/** Median seconds per call of fn over 5 batches, each batch long enough (≥ minSeconds / 5) to time. */
export function secondsPerCall(fn: () => void, minSeconds = 0.25): number {
  let repeat = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) fn();
    if ((performance.now() - t0) / 1000 > minSeconds / 5) break;
    repeat *= 2;
  }
  const samples: number[] = [];
  for (let b = 0; b < 5; b++) {
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) fn();
    samples.push((performance.now() - t0) / 1000 / repeat);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Calls per batch so that one batch takes at least `seconds` of CPU time. */
function calibrate(fn: () => void, seconds: number): number {
  let repeat = 1;
  for (;;) {
    const t0 = cpuNow();
    for (let i = 0; i < repeat; i++) fn();
    const t = cpuNow() - t0;
    if (t >= seconds) return repeat;
    repeat = t > 0 ? Math.max(repeat * 2, Math.ceil((repeat * seconds * 1.2) / t)) : repeat * 4;
  }
}

/** CPU seconds per call: median of `batches` batches of at least `batchSeconds` each. */
export function cpuSecondsPerCall(fn: () => void, batchSeconds = 0.02, batches = 7): number {
  const repeat = calibrate(fn, batchSeconds);
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = cpuNow();
    for (let i = 0; i < repeat; i++) fn();
    samples.push((cpuNow() - t0) / repeat);
  }
  return median(samples);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

export interface RatioMeasurement {
  /** Median over rounds of (candidate seconds per call) / (baseline seconds per call). */
  ratio: number;
  /** Median CPU seconds per call of the candidate and of the baseline. */
  seconds: number;
  baselineSeconds: number;
  rounds: number;
}

/**
 * Runs `fn` for `seconds` of CPU time and discards the timings: V8 keeps optimising a call path for thousands of
 * calls, and a later optimisation can make it slower as well as faster (K-SEQ's per-call cost at n = 32,000 went from
 * about 3 to about 9 summing passes once its `verify` was optimised, 2026-11-30), so the ratios are taken after it.
 */
export function warmUp(fn: () => void, seconds: number): void {
  const end = cpuNow() + seconds;
  while (cpuNow() < end) for (let i = 0; i < 16; i++) fn();
}

/** The candidate's cost as a multiple of the baseline's, interleaved round by round (CPU time, medians). */
export function medianRatio(candidate: () => void, baseline: () => void, options: { rounds?: number; batchSeconds?: number } = {}): RatioMeasurement {
  const rounds = options.rounds ?? 11;
  const batchSeconds = options.batchSeconds ?? 0.015;
  const nc = calibrate(candidate, batchSeconds);
  const nb = calibrate(baseline, batchSeconds);
  const ratios: number[] = [];
  const cs: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = cpuNow();
    for (let i = 0; i < nb; i++) baseline();
    const b = (cpuNow() - t0) / nb;
    t0 = cpuNow();
    for (let i = 0; i < nc; i++) candidate();
    const c = (cpuNow() - t0) / nc;
    ratios.push(c / b);
    cs.push(c);
    bs.push(b);
  }
  return { ratio: median(ratios), seconds: median(cs), baselineSeconds: median(bs), rounds };
}
