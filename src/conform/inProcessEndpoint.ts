/**
 * A {@link Verifier} written against the `Chooser` interface, served as a {@link VerifierEndpoint} inside this
 * process: the harness then tests it through exactly the code paths it uses for programs over a pipe (the same
 * replies, decoded and validated by the same protocol codec).
 *
 * - `verify` / `draftAndVerify`: float64, a `SamplingChooser` seeded with `seed` (draft tuples of
 *   `draftAndVerify` are drawn with the verifier's own draft scheme, or `scheme`).
 * - `verifyExact`: rationals; every `chooser.bernoulli(x)` becomes a Bernoulli choice request and every
 *   `chooser.categorical(law, exclude)` a categorical request whose weights are the law's weights with the
 *   excluded tokens set to zero.
 * What `prepare` computes is cached per (p, q, k) vector objects, as a program would per request.
 *
 * @example
 * ```ts
 * const endpoint = inProcessEndpoint(rrs, { seed: 1 });
 * await endpoint.verify({ p, q, k: 2, drafts: [[0, 1]], label: { caseName: 'mine', k: 2 } });
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import { type Chooser, SamplingChooser } from '../core/chooser.ts';
import { type Field, floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import type { DraftScheme } from '../draws/draftScheme.ts';
import { getDraftScheme } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import type { PreparedVerifier, Verifier } from '../verifiers/verifier.ts';
import {
  type ChoiceAnswerer, DeclinedError, type DraftAndVerifyReply, type DraftAndVerifyRequest, describeRequest, type ExactRequest,
  type ExactRunEnd, ProtocolError, type VerifierEndpoint, type VerifyReply, type VerifyRequest,
} from './verifierEndpoint.ts';
import { decodeDraftAndVerifyReply, decodeExactMessage, decodeVerifyReply } from './verifierProtocol.ts';

export interface InProcessEndpointOptions {
  /** Seed of the sampling chooser (default 0). */
  seed?: string | number;
  /** Draft scheme used by `draftAndVerify` (default: the verifier's own). */
  scheme?: DraftScheme;
  /** Name reported as the program's (default: the verifier's title). */
  name?: string;
}

class ExactChooser implements Chooser<Rational> {
  constructor(private readonly choose: ChoiceAnswerer) {}
  bernoulli(probability: Rational): boolean {
    return this.choose({ choice: 'bernoulli', probability }) === true;
  }
  categorical(law: Categorical<Rational>, exclude?: readonly number[]): number {
    const weights = Array.from(law.weights as ArrayLike<Rational>, (w, i) => (exclude !== undefined && exclude.includes(i) ? Rational.ZERO : w));
    return this.choose({ choice: 'categorical', weights }) as number;
  }
}

export function inProcessEndpoint(verifier: Verifier, options: InProcessEndpointOptions = {}): VerifierEndpoint {
  const rng = createRng(options.seed ?? 0);
  const chooser = new SamplingChooser(rng);
  let nextId = 1;
  const prepared = new Map<string, { key: [unknown, unknown, number]; verifier: PreparedVerifier<unknown> }>();
  const prepare = <T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> => {
    const slot = prepared.get(F.name);
    if (slot !== undefined && slot.key[0] === p && slot.key[1] === q && slot.key[2] === k) return slot.verifier as PreparedVerifier<T>;
    const v = verifier.prepare(F, p, q, k);
    prepared.set(F.name, { key: [p, q, k], verifier: v as PreparedVerifier<unknown> });
    return v;
  };
  // Errors thrown by the verifier become declined requests, as a program would answer {"id", "error"}.
  const guarded = <R>(where: string, f: () => R): R => {
    try {
      return f();
    } catch (e) {
      if (e instanceof DeclinedError || e instanceof ProtocolError) throw e;
      const text = (e as Error)?.message ?? String(e);
      throw new DeclinedError(`${where}: the program declined: ${text}`, text);
    }
  };
  return {
    name: options.name ?? `${verifier.title} (in process)`,
    async verify(request: VerifyRequest): Promise<VerifyReply> {
      const id = nextId++;
      const where = describeRequest(id, 'verify', request.label);
      const n = request.p.length;
      const message = guarded(where, () => {
        const v = prepare(floatField, request.p, request.q, request.k);
        const tokens: number[] = [];
        const accepted: Array<number | null> = [];
        for (const drafts of request.drafts) {
          const verdict = v.verify(drafts, chooser);
          tokens.push(verdict.token);
          accepted.push(verdict.acceptedIndex);
        }
        return { id, tokens, accepted };
      });
      return { id, ...decodeVerifyReply(message, { id, n, where, drafts: request.drafts }) };
    },
    async draftAndVerify(request: DraftAndVerifyRequest): Promise<DraftAndVerifyReply> {
      const id = nextId++;
      const where = describeRequest(id, 'draft_and_verify', request.label);
      const n = request.p.length;
      const message = guarded(where, () => {
        const scheme = options.scheme ?? getDraftScheme(verifier.draftScheme);
        const draws = scheme.prepare(floatField, request.q, request.k);
        const v = prepare(floatField, request.p, request.q, request.k);
        const drafts: number[][] = [];
        const tokens: number[] = [];
        const accepted: Array<number | null> = [];
        for (let i = 0; i < request.count; i++) {
          const tuple = draws.draw(chooser);
          const verdict = v.verify(tuple, chooser);
          drafts.push(tuple);
          tokens.push(verdict.token);
          accepted.push(verdict.acceptedIndex);
        }
        return { id, drafts, tokens, accepted };
      });
      return { id, ...decodeDraftAndVerifyReply(message, { id, n, where, k: request.k, count: request.count }) };
    },
    async verifyExact(request: ExactRequest, choose: ChoiceAnswerer): Promise<ExactRunEnd> {
      const id = nextId++;
      const where = describeRequest(id, 'verify_exact', request.label);
      const n = request.p.length;
      const v = guarded(where, () => prepare(rationalField, request.p, request.q, request.k));
      const verdict = guarded(where, () => v.verify(request.drafts, new ExactChooser(choose)));
      const end = decodeExactMessage({ id, token: verdict.token, accepted: verdict.acceptedIndex }, { id, n, where, drafts: request.drafts });
      if (end.kind !== 'end') throw new Error('unreachable');
      return { id, token: end.token, accepted: end.accepted };
    },
    async close(): Promise<void> {},
  };
}
