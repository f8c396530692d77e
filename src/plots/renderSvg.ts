/**
 * Adapter: renders a Vega-Lite spec to an SVG string, headlessly (vega `View` with `renderer: 'none'`).
 * Text is not measured without a canvas package, so axis titles sit a few pixels further out than in a
 * browser; nothing else differs.
 *
 * @example
 * ```ts
 * const svg = await renderSvg(acceptanceVsKSpec(acceptanceVsK({ n: 60, contexts: 4, ks: [1, 2] })));
 * svg.startsWith('<svg'); // true
 * ```
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { SpechubError } from '../core/errors.ts';

/** Compiles a Vega-Lite spec to a Vega spec (throws INVALID_ARGUMENT with the compiler's message). */
export function compileVegaLite(spec: TopLevelSpec): object {
  try {
    return compile(spec).spec;
  } catch (e) {
    throw new SpechubError('INVALID_ARGUMENT', `invalid Vega-Lite spec: ${(e as Error).message}`);
  }
}

/**
 * The SVG text of a Vega-Lite spec. Vega numbers clip paths with a process-wide counter; they are renumbered
 * from 1 in order of appearance so that the same spec always gives the same bytes.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compileVegaLite(spec) as Parameters<typeof parse>[0]), { renderer: 'none' });
  try {
    return renumberClipPaths(await view.toSVG());
  } finally {
    view.finalize();
  }
}

function renumberClipPaths(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/(id="|url\(#)(clip\d+)/g, (_, prefix: string, id: string) => {
    if (!ids.has(id)) ids.set(id, `clip${ids.size + 1}`);
    return prefix + ids.get(id)!;
  });
}
