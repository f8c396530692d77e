/**
 * Adapter: rasterises an SVG string to PNG bytes with `@resvg/resvg-js`. Only DejaVu fonts exist on the build
 * machines, so system fonts are loaded and DejaVu Sans is the sans-serif and default family (otherwise text
 * comes out serif, or disappears with `loadSystemFonts: false`).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const spec = acceptanceVsKSpec(acceptanceVsK({ n: 60, contexts: 4, ks: [1, 2] }));
 * writeFileSync('figure.png', renderPng(await renderSvg(spec)));
 * ```
 */
import { Resvg } from '@resvg/resvg-js';
import { SpechubError } from '../core/errors.ts';

/** PNG bytes of the SVG at `scale` × its size (2 gives crisp text on high-density screens). */
export function renderPng(svg: string, scale = 2): Uint8Array {
  if (!(scale > 0 && scale <= 8)) throw new SpechubError('INVALID_ARGUMENT', `PNG scale must lie in (0, 8], got ${scale}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
