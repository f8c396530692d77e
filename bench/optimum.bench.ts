/**
 * Optimum benchmarks (not a test; timings vary 20–30 % between runs on a shared machine).
 *
 * 1. Size frontier of the GLPK routes: the largest vocabulary n whose full OTM LP (§4.1) and membership LP
 *    (§4.2) are built and solved within 10 s, for k = 2 and k = 3 i.i.d. drafts (the full LP has n^{k+1}
 *    variables, the membership LP about C(n + k − 1, k)·k). Growth by ×1.4 until a solve passes 10 s (or fails),
 *    then bisection. GLPK gets a 30 s time limit per solve.
 * 2. The prefix subset dual (§4.4) at n = 32,000 and n = 128,256, k = 2, i.i.d. and without-replacement drafts,
 *    through the validated entry point `subsetDual`, printed in ms and as a ratio to one sort of n random
 *    doubles (`Float64Array.prototype.sort` on a fresh copy) measured in the same run. Without replacement with
 *    k = 3 (exponential-race integral) is shown for information.
 *
 * Run: npm run bench:optimum     (or: node --import tsx bench/optimum.bench.ts [--quick])
 */
import { floatField } from '../src/core/field.ts';
import { softmax } from '../src/core/softmax.ts';
import { SpechubError } from '../src/core/errors.ts';
import { solveMembershipLinearProgram } from '../src/optimum/membershipLinearProgram.ts';
import { solveOtmLinearProgram } from '../src/optimum/otmLinearProgram.ts';
import { subsetDual } from '../src/optimum/subsetDual.ts';
import { createRng } from '../src/random/createRng.ts';

const quick = process.argv.includes('--quick');
const BUDGET_SECONDS = 10;

/** A realistic pair: Zipf-like target logits, draft = target logits + Gaussian noise. */
function syntheticPair(n: number, seed: number): { p: Float64Array; q: Float64Array } {
  const rng = createRng(`optimum-bench-${seed}-${n}`);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
  return { p: Float64Array.from(softmax(logits)), q: Float64Array.from(softmax(logits.map((x) => x + 0.9 * gauss()))) };
}

type Route = 'full LP' | 'membership LP';

interface Attempt {
  n: number;
  seconds: number;
  variables: number;
  ok: boolean;
  note: string;
}

async function attempt(route: Route, n: number, k: number): Promise<Attempt> {
  const { p, q } = syntheticPair(n, 1);
  const options = { maxVariables: Number.MAX_SAFE_INTEGER, timeLimitSeconds: 3 * BUDGET_SECONDS };
  const started = performance.now();
  try {
    const r = route === 'full LP' ? await solveOtmLinearProgram(p, q, k, 'iid', options) : await solveMembershipLinearProgram(p, q, k, 'iid', options);
    const seconds = (performance.now() - started) / 1000;
    return { n, seconds, variables: r.variables, ok: seconds <= BUDGET_SECONDS, note: `α* = ${r.optimum.toFixed(6)}` };
  } catch (e) {
    const seconds = (performance.now() - started) / 1000;
    const note = e instanceof SpechubError ? `${e.code}: ${e.message.slice(0, 80)}` : `failed: ${String((e as Error)?.message ?? e).slice(0, 80)}`;
    return { n, seconds, variables: NaN, ok: false, note };
  }
}

async function frontier(route: Route, k: number): Promise<{ best: Attempt | null; over: Attempt | null; tried: Attempt[] }> {
  const tried: Attempt[] = [];
  let best: Attempt | null = null;
  let over: Attempt | null = null;
  let n = 4;
  for (;;) {
    const a = await attempt(route, n, k);
    tried.push(a);
    if (!a.ok) {
      over = a;
      break;
    }
    best = a;
    n = Math.max(n + 1, Math.round(n * 1.4));
  }
  // Bisection between the last n within budget and the first over it.
  for (let step = 0; step < (quick ? 1 : 4) && best !== null && over !== null && over.n - best.n > 1; step++) {
    const mid = Math.floor((best.n + over.n) / 2);
    const a = await attempt(route, mid, k);
    tried.push(a);
    if (a.ok) best = a;
    else over = a;
  }
  return { best, over, tried };
}

/** Median seconds of fn over `repeats` runs (after one warm-up). */
function median(fn: () => void, repeats: number): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) / 1000);
  }
  return samples.sort((a, b) => a - b)[Math.floor(repeats / 2)]!;
}

console.log(`# spechub optimum benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.version}${quick ? ', --quick' : ''})\n`);

console.log('## 1. Prefix subset dual (validated `subsetDual`, float64), ratio to one sort of n doubles\n');
console.log('| n | draws | k | method | α* | dual (ms) | sort (ms) | ratio |');
console.log('|---:|---|---:|---|---:|---:|---:|---:|');
for (const n of [32_000, 128_256]) {
  const { p, q } = syntheticPair(n, 2);
  const rng = createRng(`sort-${n}`);
  const numbers = Float64Array.from({ length: n }, () => rng());
  const repeats = quick ? 5 : 15;
  for (const [draws, k] of [['iid', 2], ['wor', 2], ['wor', 3]] as const) {
    let result = subsetDual(floatField, draws, p, q, k);
    const dual = median(() => (result = subsetDual(floatField, draws, p, q, k)), draws === 'wor' && k === 3 ? 3 : repeats);
    const sort = median(() => Float64Array.from(numbers).sort(), repeats);
    console.log(`| ${n.toLocaleString('en-US')} | ${draws} | ${k} | ${result.method} | ${result.optimum.toFixed(9)} | ${(dual * 1000).toFixed(1)} | ${(sort * 1000).toFixed(1)} | ${(dual / sort).toFixed(1)} |`);
  }
}

console.log(`\n## 2. Size frontier of the GLPK routes (i.i.d. drafts, build + solve ≤ ${BUDGET_SECONDS} s)\n`);
console.log('| route | k | largest n ≤ 10 s | variables | seconds | first n over | its seconds / outcome |');
console.log('|---|---:|---:|---:|---:|---:|---|');
const details: string[] = [];
for (const route of ['membership LP', 'full LP'] as const) {
  for (const k of [2, 3]) {
    const { best, over, tried } = await frontier(route, k);
    console.log(
      `| ${route} | ${k} | ${best?.n ?? '–'} | ${best ? best.variables.toLocaleString('en-US') : '–'} | ${best?.seconds.toFixed(2) ?? '–'} | ${over?.n ?? '–'} | ${over ? `${over.seconds.toFixed(2)} s, ${over.note}` : '–'} |`,
    );
    details.push(`${route}, k = ${k}: ` + tried.map((a) => `n=${a.n} ${a.seconds.toFixed(2)}s${a.ok ? '' : ' ✗'}`).join(', '));
  }
}
console.log('\nAttempts:');
for (const line of details) console.log(`- ${line}`);
