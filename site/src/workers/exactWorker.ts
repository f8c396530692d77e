/**
 * The exact optimum for drafts without replacement with k ≥ 3 (an exhaustive search over 2^n subsets of the exact
 * set law, §4.3–4.4; 0.1–0.5 s at n = 12), off the page's main thread so the acceptance panel stays fast.
 */
import { exactWorOptimum, type ExactWorAnswer } from '../logic/acceptanceModel.ts';
import type { ExactWorRequest } from './protocol.ts';

interface WorkerScope {
  postMessage(message: ExactWorAnswer | { key: string; error: string }): void;
  onmessage: ((event: MessageEvent<ExactWorRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const r = event.data;
  try {
    scope.postMessage(exactWorOptimum(r.p, r.q, r.k));
  } catch (e) {
    scope.postMessage({ key: r.key, error: (e as Error).message });
  }
};
