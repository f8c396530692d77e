// The sequence-level API from the package entry points (`spechub` and `spechub/tree`), as the docs use it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as core from '../index.ts';
import * as tree from '../tree/index.ts';

const spechub = { ...core, ...tree };

test('entry point: traversal verification and the tree-level optimum on V1, exactly', () => {
  const { rationalField: F, parseVector, markovChainFromRows, fullTree, chainTree, getSequenceVerifier, sequenceTokensPerStep, lpATokensPerStep, simulateTreeWalk, blockTokensPerStep } = spechub;
  const p = parseVector('1/3,2/3', F);
  const q = parseVector('2/3,1/3', F);
  const v1 = markovChainFromRows(F, [p, p], [q, q]);
  assert.is(sequenceTokensPerStep(v1, fullTree(2, 3), 'traversal').value.toString(), '199/81');
  assert.is(lpATokensPerStep(v1, fullTree(2, 3), 'iid', 0).toString(), '2000/729');
  assert.is(blockTokensPerStep(v1, 2, 0).toString(), '20/9');
  const float = markovChainFromRows(spechub.floatField, [[1 / 3, 2 / 3], [1 / 3, 2 / 3]], [[2 / 3, 1 / 3], [2 / 3, 1 / 3]]);
  const mc = simulateTreeWalk(float, chainTree(2), getSequenceVerifier('block'), { steps: 20_000, seed: 1 });
  // z-test at level 0.001 (two-sided): |mean − exact| < 3.29 standard errors.
  assert.ok(Math.abs(mc.tokensPerStep - 20 / 9) < 3.29 * (mc.standardDeviation / Math.sqrt(mc.steps)), `${mc.tokensPerStep}`);
});

test.run();
