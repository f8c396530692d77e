/**
 * `spechub/plots`: the canonical figures. Each figure is a pure data module (no vega, no file system) and a
 * Vega-Lite spec builder; {@link renderSvg} (vega, headless), {@link renderPng} (resvg), {@link renderHtml}
 * and {@link writeFigure} render and write them.
 *
 * @example
 * ```ts
 * import { acceptanceVsK, acceptanceVsKSpec, renderSvg } from 'spechub/plots';
 * const svg = await renderSvg(acceptanceVsKSpec(acceptanceVsK({ n: 50, contexts: 2, ks: [1, 2] })));
 * ```
 */
export { type FigureDefinition, figureDefinitions, getFigure } from './figures.ts';
export { type FigureData, type FigureId, validateFigureData } from '../experiments/figureData.ts';
export { compileVegaLite, renderSvg } from './renderSvg.ts';
export { renderPng } from './renderPng.ts';
export { type HtmlOptions, renderHtml } from './renderHtml.ts';
export { type FigureFormat, FIGURE_FORMATS, writeFigure } from './writeFigure.ts';
export { acceptanceVsK } from '../experiments/figures/acceptanceVsK.ts';
export { acceptanceVsTemperature } from '../experiments/figures/acceptanceVsTemperature.ts';
export { optimalityGap } from '../experiments/figures/optimalityGap.ts';
export { optimumCost } from '../experiments/figures/optimumCost.ts';
export { spechubDominance } from '../experiments/figures/spechubDominance.ts';
export { tokensPerStep } from '../experiments/figures/tokensPerStep.ts';
export { acceptanceVsKSpec } from './specs/acceptanceVsKSpec.ts';
export { acceptanceVsTemperatureSpec } from './specs/acceptanceVsTemperatureSpec.ts';
export { optimalityGapSpec } from './specs/optimalityGapSpec.ts';
export { optimumCostSpec } from './specs/optimumCostSpec.ts';
export { spechubDominanceSpec } from './specs/spechubDominanceSpec.ts';
export { tokensPerStepSpec } from './specs/tokensPerStepSpec.ts';
