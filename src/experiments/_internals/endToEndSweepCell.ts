/**
 * The cell function of the end-to-end sweep grid (../endToEndSweepGrid.ts): loads tfjs on the pinned backend and
 * the two checkpoints once per thread, then measures one (temperature, tree) configuration with
 * `measureEndToEnd`, exactly as the sequential sweep does.
 */
import { selectBackend } from '../../backend/selectBackend.ts';
import { E2E_METHODS, measureEndToEnd } from '../../lm/engine/measureEndToEnd.ts';
import { loadCheckpoint, type LoadedCheckpoint } from '../../lm/checkpoint.ts';
import type { EndToEndSweepCell, EndToEndSweepResult } from '../endToEndSweepGrid.ts';

let loaded: { key: string; target: LoadedCheckpoint; draft: LoadedCheckpoint } | null = null;

export async function endToEndSweepCell(cell: EndToEndSweepCell): Promise<EndToEndSweepResult> {
  const key = JSON.stringify([cell.backend, cell.targetModel, cell.draftModel]);
  if (loaded?.key !== key) {
    loaded?.target.model.dispose();
    loaded?.draft.model.dispose();
    const { tf } = await selectBackend({ ...(cell.backend !== null ? { prefer: cell.backend } : {}), report: () => {} });
    loaded = { key, target: loadCheckpoint(tf, cell.targetModel), draft: loadCheckpoint(tf, cell.draftModel) };
  }
  const started = performance.now();
  const report = measureEndToEnd({ target: loaded.target.model, draft: loaded.draft.model }, cell.prompts as number[][], {
    tree: cell.tree,
    methods: cell.methods ?? E2E_METHODS,
    temperature: cell.temperature,
    maxNewTokens: cell.maxNewTokens,
    seed: cell.seed,
  });
  return { report, seconds: (performance.now() - started) / 1000 };
}
