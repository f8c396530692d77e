/**
 * The sequence-level verifiers as tree methods (§S2, §S3), by id:
 *
 * | id | drafts (sibling law) | verifier | shapes |
 * |---|---|---|---|
 * | `block` | one chain from q | block verification §S2.2 | `chain:γ` |
 * | `traversal` | i.i.d. siblings | traversal verification §S3.2 | any |
 * | `traversal-wor` | without replacement | traversal verification §S3.2 | any |
 * | `traversal-hub` | SpecHub's hub pair | traversal verification §S3.2 (this toolkit's extension) | ≤ 2 children |
 *
 * Each is a {@link SequenceVerifier}: `createTreeWalk`, `simulateTreeWalk`, `exactStepLaw` and the end-to-end
 * decoder run it like a token-level method. Nodes draft with the token-level method of the same sibling law
 * (`rrs`, `rrsw`, `spechub`; `sd` for block), so a node with one child draws it from q and a node whose draft
 * support is short drafts fewer children (`nodeMethod`), exactly as the token-level walks do.
 *
 * @example
 * ```ts
 * const tv = getSequenceVerifier('traversal-wor');
 * simulateTreeWalk(V8Float, fullTree(2, 3), tv, { steps: 2_000, seed: 1, start: 3 }).tokensPerStep; // V8: §S6.1
 * resolveWalkMethod('rrs'); // 'rrs' (a token-level id passes through)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { getMethod, methodIds, type Method } from '../methods.ts';
import { resolveTreeMethods } from '../tree/nodeMethod.ts';
import type { DraftedTree, SequenceVerifier } from '../tree/sequenceVerifier.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { blockVerify } from './blockVerify.ts';
import type { SiblingLaw } from './siblingLaw.ts';
import { traversalVerify } from './traversalVerify.ts';

export type SequenceVerifierId = 'block' | 'traversal' | 'traversal-wor' | 'traversal-hub';

/** A sequence-level verifier with the sibling law of its drafts. */
export interface SequenceMethod extends SequenceVerifier {
  readonly id: SequenceVerifierId;
  readonly siblingLaw: SiblingLaw;
}

export const SEQUENCE_VERIFIER_IDS: readonly SequenceVerifierId[] = ['block', 'traversal', 'traversal-wor', 'traversal-hub'];

/** The chain below the root of a drafted chain (node ids, root first). */
function chainNodes<T>(tree: DraftedTree<T>): number[] {
  const nodes = [0];
  for (;;) {
    const kids = tree.children(nodes[nodes.length - 1]!);
    if (kids.length === 0) return nodes;
    if (kids.length > 1) throw new SpechubError('UNSUPPORTED_K', `block verification verifies one draft chain, but node ${nodes[nodes.length - 1]} has ${kids.length} drafted children`);
    nodes.push(kids[0]!);
  }
}

const blockVerification: SequenceMethod = {
  id: 'block',
  title: 'block verification (one draft chain)',
  section: '§S2',
  siblingLaw: 'iid',
  get drafting(): Method {
    return getMethod('sd');
  },
  checkTree(tree: TokenTree): void {
    tree.children.forEach((kids, v) => {
      if (kids.length > 1) throw new SpechubError('UNSUPPORTED_K', `block verification needs a draft chain (chain:γ), but node ${v} has ${kids.length} children; use traversal verification for trees`);
    });
  },
  verify(tree, chooser) {
    const nodes = chainNodes(tree);
    const X = nodes.slice(1).map((v) => tree.token(v));
    const p = nodes.map((v) => tree.target(v));
    const q = nodes.slice(0, -1).map((v) => tree.draft(v));
    const { accepted, token } = blockVerify(tree.field, X, p, q, chooser);
    return { path: nodes.slice(1, 1 + accepted), token };
  },
};

function traversalVerification(id: SequenceVerifierId, kappa: SiblingLaw, draftingId: string, title: string): SequenceMethod {
  return {
    id,
    title,
    section: '§S3',
    siblingLaw: kappa,
    get drafting(): Method {
      return getMethod(draftingId);
    },
    checkTree(tree: TokenTree): void {
      resolveTreeMethods(tree, draftingId);
    },
    verify(tree, chooser) {
      return traversalVerify(tree, kappa, chooser);
    },
  };
}

const registry: Record<SequenceVerifierId, SequenceMethod> = {
  block: blockVerification,
  traversal: traversalVerification('traversal', 'iid', 'rrs', 'traversal verification, i.i.d. siblings'),
  'traversal-wor': traversalVerification('traversal-wor', 'wor', 'rrsw', 'traversal verification, siblings without replacement'),
  'traversal-hub': traversalVerification('traversal-hub', 'hub', 'spechub', 'traversal verification, hub-pair siblings (k = 2)'),
};

/** True when `id` names a sequence-level verifier. */
export function isSequenceVerifierId(id: string): id is SequenceVerifierId {
  return Object.prototype.hasOwnProperty.call(registry, id);
}

/** Looks a sequence-level verifier up; `UNKNOWN_METHOD` otherwise. */
export function getSequenceVerifier(id: string): SequenceMethod {
  if (!isSequenceVerifierId(id)) throw new SpechubError('UNKNOWN_METHOD', `unknown sequence-level verifier '${id}' (known: ${SEQUENCE_VERIFIER_IDS.join(', ')})`);
  return registry[id];
}

/** A method id for the tree walk: a sequence-level verifier, or a registered token-level id (validated). */
export function resolveWalkMethod(id: string): string | SequenceMethod {
  if (isSequenceVerifierId(id)) return registry[id];
  try {
    getMethod(id);
  } catch (e) {
    if (e instanceof SpechubError && e.code === 'UNKNOWN_METHOD') {
      throw new SpechubError('UNKNOWN_METHOD', `unknown method '${id}' (token-level: ${methodIds().join(', ')}; sequence-level: ${SEQUENCE_VERIFIER_IDS.join(', ')})`);
    }
    throw e;
  }
  return id;
}
