/**
 * Timing helpers shared by the benchmarks (not tests): wall-clock seconds per call, robust to a noisy,
 * shared machine.
 */

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
