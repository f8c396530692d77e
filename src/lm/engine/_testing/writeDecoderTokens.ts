/**
 * Writes `decoderTokens.json`: the tokens the reference (pre-rewrite) decoder generates for every
 * determinism case, from the uniform stream the fixture was written with ({@link alea32}). Run once, before the rewrite: node --import tsx src/lm/engine/_testing/writeDecoderTokens.ts
 */
import { writeFileSync } from 'node:fs';
import { SamplingChooser } from '../../../core/chooser.ts';
import { getSequenceVerifier, isSequenceVerifierId } from '../../../sequence/sequenceVerifiers.ts';
import { parseTreeSpec } from '../../../tree/parseTreeSpec.ts';
import { testBackend } from '../../_testing/tinyModels.ts';
import { alea32, DETERMINISM_CASES, NEW_TOKENS, PROMPT, smallModels } from './determinismCases.ts';
import { ReferenceSpeculativeDecoder } from './referenceDecoder.ts';

const tf = await testBackend();
const models = smallModels(tf);
const out = DETERMINISM_CASES.map((c) => {
  const method = isSequenceVerifierId(c.method) ? getSequenceVerifier(c.method) : c.method;
  const decoder = new ReferenceSpeculativeDecoder(models, parseTreeSpec(c.tree), method, c.sampling);
  const g = decoder.generate(PROMPT, NEW_TOKENS, new SamplingChooser(alea32(c.seed)));
  return { ...c, tokens: g.tokens, steps: g.steps };
});
writeFileSync(new URL('./decoderTokens.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(out.map((c) => `${c.method} ${c.tree}: ${(c.tokens.length / c.steps.length).toFixed(2)} tokens/step`).join('\n'));
