/**
 * Test helpers: tiny transformer models with random weights large enough that next-token laws are far from
 * uniform (a fresh `GptModel.initialise` gives near-uniform laws, which would make exactness tests toothless).
 */
import type { Tensor } from '@tensorflow/tfjs';
import { selectBackend, type Tf } from '../../backend/selectBackend.ts';
import { expectedWeightShapes, type GptConfig, GptModel } from '../model.ts';

/** The backend the tests run on (wasm here and in CI), selected quietly. */
export async function testBackend(): Promise<Tf> {
  return (await selectBackend({ report: () => {} })).tf;
}

/** A model with N(0, scale²) weights (gains 1 + N(0, 0.1²)), deterministic for a seed. */
export function randomModel(tf: Tf, config: GptConfig, seed: number, scale = 0.5): GptModel {
  const tensors: Record<string, Tensor> = {};
  expectedWeightShapes(config).forEach(({ name, shape }, i) => {
    tensors[name] = name.endsWith('.gamma')
      ? tf.add(1, tf.randomNormal(shape, 0, 0.1, 'float32', seed * 997 + i))
      : tf.randomNormal(shape, 0, scale, 'float32', seed * 997 + i);
  });
  const model = GptModel.fromTensors(tf, config, tensors);
  for (const t of Object.values(tensors)) t.dispose();
  return model;
}

export const TINY_TARGET: GptConfig = { vocabSize: 6, contextLength: 16, layers: 2, heads: 2, embeddingSize: 8, mlpMultiplier: 2 };
export const TINY_DRAFT: GptConfig = { vocabSize: 6, contextLength: 16, layers: 1, heads: 1, embeddingSize: 4, mlpMultiplier: 2 };
