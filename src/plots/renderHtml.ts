/**
 * Adapter: a standalone HTML page for a Vega-Lite spec, with vega-embed-style interactivity but without
 * vega-embed (not a dependency): the spec is compiled to Vega here, and the page runs it with the Vega runtime,
 * adding what vega-embed adds — an actions menu (save as SVG / PNG, view the Vega-Lite source and the compiled
 * Vega), a tooltip handler that shows every field of the hovered mark, and the spec's own interactions
 * (zoom and pan bound to the scales, click a legend entry to highlight a series).
 *
 * Where the Vega runtime comes from (`runtime`):
 * - `'inline'` (default): `vega.min.js` is read from `node_modules/vega/build` and inlined — one file of about
 *   0.55 MB that works offline and can be moved anywhere;
 * - `{ src }`: a `<script src>` to a copy of `vega.min.js` (the committed figures share `plots/vendor/vega.min.js`);
 * - `'cdn'`: `https://cdn.jsdelivr.net/npm/vega@<installed version>` (small, needs the network).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const spec = acceptanceVsKSpec(acceptanceVsK({ n: 60, contexts: 4, ks: [1, 2] }));
 * writeFileSync('figure.html', renderHtml(spec, { title: 'Acceptance vs k' }));
 * ```
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { compileVegaLite } from './renderSvg.ts';
import { stringifyJson } from '../core/stringifyJson.ts';

export type HtmlRuntime = 'inline' | 'cdn' | { src: string };

export interface HtmlOptions {
  /** Page title (defaults to the spec's title). */
  title?: string;
  runtime?: HtmlRuntime;
}

const require = createRequire(import.meta.url);

function vegaBuildDir(): string {
  // The package's `exports` map hides build/vega.min.js and package.json; its entry point lies in build/.
  return dirname(require.resolve('vega'));
}

function vegaVersion(): string {
  return (JSON.parse(readFileSync(join(vegaBuildDir(), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return stringifyJson(value, { what: 'figure page' }).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function titleOf(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === 'string') return t;
  if (t !== null && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return 'spechub figure';
}

function runtimeTag(runtime: HtmlRuntime): string {
  if (runtime === 'inline') {
    const code = readFileSync(join(vegaBuildDir(), 'vega.min.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
    return `<script>${code}</script>`;
  }
  if (runtime === 'cdn') return `<script src="https://cdn.jsdelivr.net/npm/vega@${vegaVersion()}/build/vega.min.js"></script>`;
  return `<script src="${escapeHtml(runtime.src)}"></script>`;
}

/** Path of the installed `vega.min.js` (to vendor it beside pages that use `{ src }`). */
export function vegaRuntimePath(): string {
  return join(vegaBuildDir(), 'vega.min.js');
}

const PAGE_SCRIPT = `
(function () {
  var vlSpec = JSON.parse(document.getElementById('vega-lite-spec').textContent);
  var vgSpec = JSON.parse(document.getElementById('vega-spec').textContent);
  var box = document.getElementById('tooltip');
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
  function fmt(v) { return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : (v && typeof v === 'object' ? JSON.stringify(v) : String(v)); }
  function tooltip(handler, event, item, value) {
    if (value === undefined || value === null || value === '') { box.hidden = true; return; }
    box.innerHTML = typeof value === 'object'
      ? '<table>' + Object.keys(value).map(function (k) { return '<tr><th>' + esc(k) + '</th><td>' + esc(fmt(value[k])) + '</td></tr>'; }).join('') + '</table>'
      : esc(fmt(value));
    box.hidden = false;
    box.style.left = (event.pageX + 14) + 'px';
    box.style.top = (event.pageY + 14) + 'px';
  }
  if (typeof vega === 'undefined') {
    document.getElementById('view').textContent = 'The Vega runtime did not load (offline with a CDN page?).';
    return;
  }
  var view = new vega.View(vega.parse(vgSpec), { renderer: 'svg', container: '#view', hover: true, tooltip: tooltip });
  view.runAsync();
  function download(url, name) { var a = document.createElement('a'); a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove(); }
  var name = document.body.getAttribute('data-name');
  document.getElementById('save-svg').onclick = function (e) { e.preventDefault(); view.toImageURL('svg').then(function (u) { download(u, name + '.svg'); }); };
  document.getElementById('save-png').onclick = function (e) { e.preventDefault(); view.toImageURL('png', 2).then(function (u) { download(u, name + '.png'); }); };
  var source = document.getElementById('source');
  function show(obj) { source.textContent = JSON.stringify(obj, null, 2); source.hidden = false; }
  document.getElementById('show-vl').onclick = function (e) { e.preventDefault(); show(vlSpec); };
  document.getElementById('show-vg').onclick = function (e) { e.preventDefault(); show(vgSpec); };
  document.getElementById('hide-source').onclick = function (e) { e.preventDefault(); source.hidden = true; };
})();`;

/** The HTML page text. */
export function renderHtml(spec: TopLevelSpec, options: HtmlOptions = {}): string {
  const title = options.title ?? titleOf(spec);
  const vega = compileVegaLite(spec);
  const fileName = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'figure';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spechub plot (vega ${escapeHtml(vegaVersion())})">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; margin: 24px; color: #222; }
  .figure { position: relative; display: inline-block; }
  .actions { position: absolute; top: 0; right: 0; font-size: 13px; background: #fff; }
  .actions summary { cursor: pointer; list-style: none; padding: 2px 8px; border: 1px solid #ccc; border-radius: 4px; }
  .actions a { display: block; padding: 4px 10px; color: #1f5fa8; text-decoration: none; }
  .actions a:hover { background: #eef3fa; }
  .hint { color: #555; font-size: 13px; }
  #tooltip { position: absolute; z-index: 10; background: rgba(255,255,255,0.96); border: 1px solid #bbb;
             border-radius: 4px; padding: 6px 8px; font-size: 12px; pointer-events: none; box-shadow: 0 2px 6px rgba(0,0,0,.15); }
  #tooltip th { text-align: right; color: #555; font-weight: normal; padding-right: 8px; }
  pre { background: #f7f7f7; border: 1px solid #ddd; padding: 12px; max-height: 480px; overflow: auto; font-size: 12px; }
</style>
</head>
<body data-name="${escapeHtml(fileName)}">
<div class="figure">
  <div id="view"></div>
  <details class="actions"><summary title="actions">&#8943;</summary>
    <a id="save-svg" href="#">Save as SVG</a><a id="save-png" href="#">Save as PNG</a>
    <a id="show-vl" href="#">View Vega-Lite source</a><a id="show-vg" href="#">View compiled Vega</a><a id="hide-source" href="#">Hide source</a>
  </details>
</div>
<p class="hint">Hover a mark for its values. Click a legend entry to highlight that series (shift-click for several, click empty space to reset); where the axes are continuous, drag to pan and scroll to zoom (double-click resets).</p>
<pre id="source" hidden></pre>
<div id="tooltip" hidden></div>
<script type="application/json" id="vega-lite-spec">${scriptJson(spec)}</script>
<script type="application/json" id="vega-spec">${scriptJson(vega)}</script>
${runtimeTag(options.runtime ?? 'inline')}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
