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
export { type FigureData, type FigureId, validateFigureData } from './figureData.ts';
export { compileVegaLite, renderSvg } from './renderSvg.ts';
export { renderPng } from './renderPng.ts';
export { type HtmlOptions, renderHtml } from './renderHtml.ts';
export { type FigureFormat, FIGURE_FORMATS, writeFigure } from './writeFigure.ts';
export { acceptanceVsK } from './data/acceptanceVsK.ts';
export { acceptanceVsTemperature } from './data/acceptanceVsTemperature.ts';
export { optimalityGap } from './data/optimalityGap.ts';
export { optimumCost } from './data/optimumCost.ts';
export { spechubDominance } from './data/spechubDominance.ts';
export { tokensPerStep } from './data/tokensPerStep.ts';
export { acceptanceVsKSpec } from './specs/acceptanceVsKSpec.ts';
export { acceptanceVsTemperatureSpec } from './specs/acceptanceVsTemperatureSpec.ts';
export { optimalityGapSpec } from './specs/optimalityGapSpec.ts';
export { optimumCostSpec } from './specs/optimumCostSpec.ts';
export { spechubDominanceSpec } from './specs/spechubDominanceSpec.ts';
export { tokensPerStepSpec } from './specs/tokensPerStepSpec.ts';
