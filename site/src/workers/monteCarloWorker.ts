/**
 * Monte Carlo in a web worker: the library's `monteCarloUnchecked` (the very programs the exact enumerator
 * certifies), run in chunks on one seeded stream (`createRng(seed)`), with the running counts posted after each
 * chunk so the page can draw the histogram and the convergence of the acceptance estimate live.
 */
import { getMethod } from '../../../src/methods.ts';
import { monteCarloUnchecked } from '../../../src/montecarlo/monteCarlo.ts';
import { validateInputs } from '../../../src/analysis/validateInputs.ts';
import { floatField } from '../../../src/core/field.ts';
import { createRng } from '../../../src/random/createRng.ts';
import { biasedRrsMethod } from '../logic/duplicateSkippingRrs.ts';
import type { MonteCarloCancel, MonteCarloFailure, MonteCarloProgress, MonteCarloRequest } from './protocol.ts';

interface WorkerScope {
  postMessage(message: MonteCarloProgress | MonteCarloFailure): void;
  onmessage: ((event: MessageEvent<MonteCarloRequest | MonteCarloCancel>) => void) | null;
}
const scope = self as unknown as WorkerScope;
let current = -1;

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function run(r: MonteCarloRequest): Promise<void> {
  current = r.id;
  try {
    const v = validateInputs(floatField, r.method === 'biased' ? 'rrs' : r.method, r.p, r.q, r.k);
    const method = r.method === 'biased' ? biasedRrsMethod : getMethod(r.method);
    const rng = createRng(r.seed);
    const n = r.p.length;
    const tokenCounts = new Array<number>(n).fill(0);
    const positionCounts = new Array<number>(r.k).fill(0);
    let accepted = 0;
    let done = 0;
    const started = performance.now();
    while (done < r.trials) {
      if (current !== r.id) return;
      const trials = Math.min(r.chunk, r.trials - done);
      const mc = monteCarloUnchecked(method, v.p, v.q, r.k, { trials, rng });
      mc.tokenCounts.forEach((c, y) => (tokenCounts[y]! += c));
      mc.positionCounts.forEach((c, i) => (positionCounts[i]! += c));
      accepted += mc.accepted;
      done += trials;
      scope.postMessage({ type: done >= r.trials ? 'done' : 'progress', id: r.id, done, tokenCounts: [...tokenCounts], positionCounts: [...positionCounts], accepted, seconds: (performance.now() - started) / 1000 });
      await pause();
    }
  } catch (e) {
    scope.postMessage({ type: 'error', id: r.id, message: (e as Error).message });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'cancel') {
    if (current === message.id) current = -1;
    return;
  }
  void run(message);
};
