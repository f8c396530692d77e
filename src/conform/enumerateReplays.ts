/**
 * Exact enumeration of a program that asks for its random choices, by replay (§3.2 branch expansion; the
 * same enumeration as `enumerateOutcomes` in src/core/chooser.ts, but the program may live in another process
 * and answers arrive asynchronously).
 *
 * The program is run once per outcome. Each run answers the recorded prefix of choices and, at the first new
 * choice, takes the first option and remembers the others for later runs (depth-first). Options: a Bernoulli
 * choice with 0 < probability < 1 has two (true with probability `probability`, false with the complement); a
 * probability ≤ 0 is answered false and ≥ 1 true, without branching (the accept test `u < probability`); a
 * categorical choice has one option per positive weight, taken with probability weight / Σ weights (one
 * positive weight: no branching). The outcome's probability is the product of the options taken.
 *
 * Replay must be deterministic: on every replay the program must ask, up to and including the branching point,
 * the same sequence of choices (same kind, same probability, same normalised weights) as the run that recorded
 * them. Anything else throws a {@link ProtocolError} saying which choice differed: the program uses randomness
 * of its own, or depends on state that changes between runs.
 *
 * @example
 * ```ts
 * const outcomes = await enumerateReplays(async (choose) => (choose({ choice: 'bernoulli', probability: Rational.of(1, 3) }) ? 'heads' : 'tails'));
 * // [{probability: 1/3, value: 'heads', ...}, {probability: 2/3, value: 'tails', ...}]
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { Rational } from '../core/rational.ts';
import { type ChoiceAnswer, type ChoiceAnswerer, type ChoiceRequest, ProtocolError } from './verifierEndpoint.ts';

export interface ReplayOutcome<R> {
  probability: Rational;
  value: R;
  /** Number of choices the run made. */
  choices: number;
}

export interface ReplayLimits {
  /** Most outcomes (runs) before `TOO_LARGE` is thrown (between runs; default 200,000). */
  maxOutcomes?: number;
  /** Most choices in one run before a ProtocolError (default 100,000). */
  maxChoicesPerRun?: number;
}

interface Option {
  answer: ChoiceAnswer;
  probability: Rational;
}

interface Recorded {
  fingerprint: string;
  description: string;
}

/** 53-bit FNV-1a-style hash of a string (two 32-bit lanes), for long fingerprints. */
function hashText(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}

function describe(request: ChoiceRequest): string {
  if (request.choice === 'bernoulli') return `bernoulli(${request.probability})`;
  const shown = request.weights.slice(0, 6).map(String).join(', ');
  return `categorical([${shown}${request.weights.length > 6 ? `, … ${request.weights.length} weights` : ''}])`;
}

function optionsOf(request: ChoiceRequest): { options: Option[]; fingerprint: string } {
  if (request.choice === 'bernoulli') {
    const pr = request.probability;
    const fingerprint = `b:${pr}`;
    if (pr.sign() <= 0) return { options: [{ answer: false, probability: Rational.ONE }], fingerprint };
    if (pr.compare(Rational.ONE) >= 0) return { options: [{ answer: true, probability: Rational.ONE }], fingerprint };
    return { options: [{ answer: true, probability: pr }, { answer: false, probability: Rational.ONE.sub(pr) }], fingerprint };
  }
  let total = Rational.ZERO;
  for (const w of request.weights) if (w.sign() > 0) total = total.add(w);
  const options: Option[] = [];
  const parts: string[] = [];
  for (let i = 0; i < request.weights.length; i++) {
    const w = request.weights[i]!;
    if (w.sign() <= 0) continue;
    const probability = w.div(total);
    options.push({ answer: i, probability });
    parts.push(`${i}:${probability}`);
  }
  const text = `c${request.weights.length}:${parts.join(',')}`;
  return { options, fingerprint: text.length > 200 ? `c${request.weights.length}#${hashText(text)}` : text };
}

export async function enumerateReplays<R>(run: (choose: ChoiceAnswerer) => Promise<R>, limits: ReplayLimits = {}): Promise<ReplayOutcome<R>[]> {
  const maxOutcomes = limits.maxOutcomes ?? 200_000;
  const maxChoices = limits.maxChoicesPerRun ?? 100_000;
  const outcomes: ReplayOutcome<R>[] = [];
  // Each pending entry forces a prefix of option indices; `recorded` holds the requests seen along it.
  const pending: Array<{ forced: number[]; recorded: Recorded[] }> = [{ forced: [], recorded: [] }];
  while (pending.length > 0) {
    const { forced, recorded } = pending.pop()!;
    const path: number[] = [];
    const seen: Recorded[] = [];
    let probability = Rational.ONE;
    const choose: ChoiceAnswerer = (request) => {
      const depth = path.length;
      if (depth >= maxChoices) throw new ProtocolError(`more than ${maxChoices} random choices in one run`);
      const { options, fingerprint } = optionsOf(request);
      const entry = { fingerprint, description: describe(request) };
      if (depth < forced.length) {
        const expected = recorded[depth]!;
        if (expected.fingerprint !== fingerprint) {
          throw new ProtocolError(
            `nondeterministic replay: choice ${depth + 1} was ${expected.description} when first recorded but ${entry.description} on replay (same drafts, same earlier answers)`,
          );
        }
      }
      let index = 0;
      if (depth < forced.length) index = forced[depth]!;
      else if (options.length > 1) {
        for (let j = options.length - 1; j >= 1; j--) pending.push({ forced: [...path, j], recorded: [...seen, entry] });
      }
      path.push(index);
      seen.push(entry);
      const option = options[index]!;
      if (options.length > 1) probability = probability.mul(option.probability);
      return option.answer;
    };
    const value = await run(choose);
    if (path.length < forced.length) {
      throw new ProtocolError(
        `nondeterministic replay: the run ended after ${path.length} random choices, but the recorded run asked for choice ${path.length + 1} (${recorded[path.length]!.description}) at this point`,
      );
    }
    outcomes.push({ probability, value, choices: path.length });
    if (outcomes.length + pending.length > maxOutcomes) {
      throw new SpechubError('TOO_LARGE', `more than ${maxOutcomes} runs to enumerate`);
    }
  }
  return outcomes;
}
