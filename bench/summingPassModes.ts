/**
 * The two speeds of one summing pass over p and q (bench/_internals/timing.ts, `asValues`): with the arrays known to
 * V8 as constants (captured by a closure that it compiles against them) and with the arrays read as values (from a
 * mutable container, as a verifier receives them), at n = 32,000 and 128,256; medians of 7 batches of CPU time.
 * The per-call benchmarks use the second, the form every verifier's pass has.
 *
 * Run: node --import tsx bench/summingPassModes.ts
 */
import { createRng } from '../src/random/createRng.ts';
import { cpuSecondsPerCall, summingPass, summingPassCall } from './_internals/timing.ts';

let sink = 0;
console.log('n         arrays as constants (ns/entry)   arrays as values (ns/entry)   ratio');
for (const n of [32_000, 128_256]) {
  const rng = createRng(`passes-${n}`);
  const p = Float64Array.from({ length: n }, () => rng());
  const q = Float64Array.from({ length: n }, () => rng());
  // A fresh literal per size, each the only closure it makes: V8 compiles it against p and q.
  const constants = n === 32_000 ? () => (sink += summingPass(p, q)) : () => (sink += summingPass(p, q) + 0);
  const asConstants = cpuSecondsPerCall(constants, 0.05, 7) / n;
  const asValues = cpuSecondsPerCall(summingPassCall(p, q), 0.05, 7) / n;
  console.log(`${String(n).padEnd(9)} ${(asConstants * 1e9).toFixed(2).padStart(20)} ${(asValues * 1e9).toFixed(2).padStart(31)} ${(asValues / asConstants).toFixed(2).padStart(11)}`);
}
if (sink === 0.5) console.log('');
