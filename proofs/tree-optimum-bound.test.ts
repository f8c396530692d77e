// Machine check of proofs/tree-optimum-bound.md: (1.1) and every antichain constraint for every exact verifier
// of each draft law (so E τ ≤ LP-A), attainment by the coupling verifier built from the exact LP-A optimum and an
// exact max-flow, and LP-A ≤ LP-B (equality at depth 1), in exact rationals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from '../src/core/categorical.ts';
import type { Chooser } from '../src/core/chooser.ts';
import { rationalField as F } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { FlowNetwork } from '../src/optimum/flowNetwork.ts';
import { continuedBlockLaw } from '../src/sequence/continuedBlockLaw.ts';
import { lpAOptimum } from '../src/sequence/lpAOptimum.ts';
import { lpBBound } from '../src/sequence/lpBBound.ts';
import { pathSetLaw } from '../src/sequence/pathSetLaw.ts';
import { getSequenceVerifier } from '../src/sequence/sequenceVerifiers.ts';
import type { SiblingLaw } from '../src/sequence/siblingLaw.ts';
import { exactStepLaw, languageSequenceLaw } from '../src/tree/exactWalkLaw.ts';
import type { MarkovChain } from '../src/tree/language.ts';
import { parseTreeSpec } from '../src/tree/parseTreeSpec.ts';
import type { DraftedTree, SequenceVerifier } from '../src/tree/sequenceVerifier.ts';
import type { TokenTree } from '../src/tree/tokenTree.ts';
import { createTreeWalk, type WalkMethod } from '../src/tree/treeWalk.ts';
import { gridChains, randomChains, report } from './_internals/instances.ts';

const ZERO = Rational.ZERO;
const ONE = Rational.ONE;
const SHAPES = ['2^2', '2^3', 'chain:2', '[-1, 0, 0, 1]'];
const VERIFIERS: Record<SiblingLaw, string[]> = { iid: ['rrs', 'kseq', 'traversal'], wor: ['rrsw', 'traversal-wor'], hub: ['spechub', 'traversal-hub'] };
const method = (id: string): WalkMethod => (id.startsWith('traversal') || id === 'block' ? getSequenceVerifier(id) : id);

/** A(s) = P(accepted path begins with s), from a law of E (accepted path = E without its last token). */
function acceptedPrefixes(outcomes: ReadonlyArray<{ emitted: number[]; probability: Rational }>): Map<string, Rational> {
  const A = new Map<string, Rational>();
  for (const o of outcomes) for (let l = 1; l < o.emitted.length; l++) {
    const k = o.emitted.slice(0, l).join(',');
    A.set(k, (A.get(k) ?? ZERO).add(o.probability));
  }
  return A;
}

/** Every antichain of U (bit masks over the path indices; U has at most 16 paths here). */
function antichains(paths: number[][]): number[][] {
  const prefix = (a: number[], b: number[]) => a.length < b.length && a.every((x, i) => b[i] === x);
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << paths.length; mask++) {
    const members: number[] = [];
    for (let i = 0; i < paths.length; i++) if (mask & (1 << i)) members.push(i);
    if (members.every((i) => members.every((j) => !prefix(paths[i]!, paths[j]!)))) out.push(members);
  }
  return out;
}

/** The verifier of item 3: the accepted path from an exact max-flow coupling of Π with a, then y. */
function couplingVerifier(chain: MarkovChain<Rational>, kappa: SiblingLaw, start: number, tree: TokenTree): { verifier: SequenceVerifier; value: Rational } {
  const law = pathSetLaw(chain, tree, kappa, start);
  const { value, A } = lpAOptimum(chain, law, start);
  const index = new Map(law.paths.map((p, i) => [p.join(','), i]));
  const Aof = (key: string) => (key === '' ? ONE : index.has(key) ? A[index.get(key)!]! : ZERO);
  const a = (key: string) => {
    let r = Aof(key);
    for (let y = 0; y < chain.vocabularySize; y++) r = r.sub(Aof(key === '' ? String(y) : `${key},${y}`));
    return r;
  };
  const U = law.paths.length;
  const net = new FlowNetwork(F, law.sets.length + U + 3, 0);
  const src = 0;
  const setNode = (k: number) => 1 + k;
  const pathNode = (i: number) => 1 + law.sets.length + i;
  const empty = 1 + law.sets.length + U;
  const sink = empty + 1;
  const arcs = law.sets.map((set, k) => {
    net.addEdge(src, setNode(k), set.probability);
    return [...set.members.map((i) => ({ key: law.paths[i]!.join(','), edge: net.addEdge(setNode(k), pathNode(i), Rational.of(2)) })), { key: '', edge: net.addEdge(setNode(k), empty, Rational.of(2)) }];
  });
  law.paths.forEach((p, i) => net.addEdge(pathNode(i), sink, a(p.join(','))));
  net.addEdge(empty, sink, a(''));
  assert.ok(net.maxFlow(src, sink).equals(ONE), 'Hall: the coupling must carry all the mass');
  const setIndex = new Map(law.sets.map((s, k) => [s.members.map((i) => law.paths[i]!.join(',')).sort().join(' '), k]));
  const verifier: SequenceVerifier = {
    id: 'lp-a-coupling',
    title: 'the LP-A verifier of item 3',
    section: 'proof',
    drafting: getSequenceVerifier(kappa === 'iid' ? 'traversal' : `traversal-${kappa}`).drafting,
    checkTree: () => {},
    verify<T>(drafted: DraftedTree<T>, chooser: Chooser<T>) {
      const nodeOf = new Map<string, number>();
      const walk = (v: number, prefix: number[]) => {
        for (const c of drafted.children(v)) {
          const path = [...prefix, drafted.token(c)];
          if (!nodeOf.has(path.join(','))) nodeOf.set(path.join(','), c);
          walk(c, path);
        }
      };
      walk(0, []);
      const k = setIndex.get([...nodeOf.keys()].sort().join(' '))!;
      const options = arcs[k]!.filter((x) => net.flowOn(x.edge).sign() > 0);
      const pick = options[(chooser as unknown as Chooser<Rational>).categorical(Categorical.create(F, options.map((x) => net.flowOn(x.edge))))]!;
      const s = pick.key;
      const last = s === '' ? start : Number(s.split(',').pop());
      const weights = Array.from(chain.target(last), (p, y) => p.mul(Aof(s)).sub(Aof(s === '' ? String(y) : `${s},${y}`)));
      const y = (chooser as unknown as Chooser<Rational>).categorical(Categorical.create(F, weights));
      const path: number[] = [];
      const tokens = s === '' ? [] : s.split(',');
      for (let l = 1; l <= tokens.length; l++) path.push(nodeOf.get(tokens.slice(0, l).join(','))!);
      return { path, token: y };
    },
  };
  return { verifier, value };
}

function check(chain: MarkovChain<Rational>, counts: Record<string, number>): void {
  for (const shape of SHAPES) {
    const tree = parseTreeSpec(shape);
    const m = Math.max(3, tree.depth + 1);
    for (const kappa of ['iid', 'wor', 'hub'] as const) {
      if (kappa !== 'iid' && tree.maxBranching <= 1) continue;
      const start = 0;
      const law = pathSetLaw(chain, tree, kappa, start);
      const lpA = lpAOptimum(chain, law, start).value;
      const cuts = antichains(law.paths);
      const cap = (M: number[]) => law.sets.filter((s) => s.members.some((i) => M.includes(i))).reduce((t, s) => t.add(s.probability), ZERO);
      const caps = cuts.map(cap);
      const ids = tree.maxBranching <= 1 ? ['sd', 'block'] : VERIFIERS[kappa];
      for (const id of ids) {
        const step = exactStepLaw(createTreeWalk(chain, tree, method(id)), start);
        const A = acceptedPrefixes(step.outcomes);
        const inU = new Set(law.paths.map((p) => p.join(',')));
        for (const k of A.keys()) assert.ok(inU.has(k) || A.get(k)!.isZero(), `${id}: accepted ${k} ∉ U`);
        const lawE = new Map(step.outcomes.map((o) => [o.emitted.join(','), o.probability]));
        const Aof = (k: string) => (k === '' ? ONE : A.get(k) ?? ZERO);
        for (const k of ['', ...inU]) {
          const last = k === '' ? start : Number(k.split(',').pop());
          if (k.split(',').length > tree.depth) continue;
          for (let y = 0; y < chain.vocabularySize; y++) {
            const sy = k === '' ? String(y) : `${k},${y}`;
            const py = chain.target(last)[y]!;
            assert.ok(Aof(sy).compare(py.mul(Aof(k))) <= 0, `${id} ${shape}: A(${sy}) > p·A(${k})`);
            assert.ok((lawE.get(sy) ?? ZERO).equals(py.mul(Aof(k)).sub(Aof(sy))), `${id} ${shape}: (1.1) equality at ${sy}`);
          }
        }
        cuts.forEach((M, c) => {
          const lhs = M.reduce((t, i) => t.add(A.get(law.paths[i]!.join(',')) ?? ZERO), ZERO);
          assert.ok(lhs.compare(caps[c]!) <= 0, `${id} ${shape}: antichain ${M} violated`);
        });
        assert.ok(step.expectedTokens.sub(ONE).compare(lpA) <= 0, `${id} ${shape}: E τ > LP-A`);
        counts['verifier instances'] = (counts['verifier instances'] ?? 0) + 1;
        counts['antichain constraints'] = (counts['antichain constraints'] ?? 0) + cuts.length;
      }
      // Item 3: the coupling verifier is exact and attains LP-A.
      const { verifier, value } = couplingVerifier(chain, kappa, start, tree);
      const step = exactStepLaw(createTreeWalk(chain, tree, verifier), start);
      assert.ok(step.expectedTokens.sub(ONE).equals(value), `${shape} ${kappa}: the coupling verifier's E τ ${step.expectedTokens.sub(ONE)} ≠ LP-A ${value}`);
      const target = languageSequenceLaw(chain, start, m);
      const continued = continuedBlockLaw(chain, step.outcomes, start, m);
      for (const k of new Set([...target.keys(), ...continued.keys()])) assert.ok((target.get(k) ?? ZERO).equals(continued.get(k) ?? ZERO), `${shape} ${kappa}: the coupling verifier is not exact at ${k}`);
      // Item 4.
      const lpB = lpBBound(chain, law, start).value;
      assert.ok(lpA.compare(lpB) <= 0 && (tree.depth > 1 || lpA.equals(lpB)), `${shape} ${kappa}: LP-A ${lpA}, LP-B ${lpB}`);
      counts['attained optima'] = (counts['attained optima'] ?? 0) + 1;
    }
  }
}

test('LP-A: (1.1) and every antichain constraint hold for every exact verifier, the coupling verifier attains it, LP-A ≤ LP-B', () => {
  const counts: Record<string, number> = {};
  let chains = 0;
  for (const chain of [...gridChains(2), ...randomChains('proofs/tree-optimum-bound', 4)]) {
    check(chain, counts);
    chains++;
  }
  report('tree-optimum-bound', { chains, ...counts });
});

test.run();
