// The HTML page: both specs embedded as parseable JSON (escaped inside <script>), the page script compiles,
// the runtime is inlined, linked or taken from the CDN as asked.
import { Script } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TopLevelSpec } from 'vega-lite';
import { renderHtml } from './renderHtml.ts';

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: 'A </script> <b>title</b>',
  data: { values: [{ x: 1, y: 2, label: '</script><script>alert(1)</script>' }, { x: 2, y: 3, label: 'b' }] },
  mark: 'line',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'label' } },
} as unknown as TopLevelSpec;

function scripts(html: string): string[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => `${m[1]}\u0000${m[2]}`);
}

test('inline runtime: specs round-trip through the page, every script parses, no early </script>', () => {
  const html = renderHtml(spec);
  const blocks = scripts(html);
  const json = blocks.filter((b) => b.includes('application/json'));
  assert.is(json.length, 2);
  const vl = JSON.parse(json.find((b) => b.includes('vega-lite-spec'))!.split('\u0000')[1]!);
  assert.equal(vl, JSON.parse(JSON.stringify(spec)));
  const vg = JSON.parse(json.find((b) => b.includes('"vega-spec"'))!.split('\u0000')[1]!);
  assert.ok(Array.isArray(vg.marks), 'compiled Vega has marks');
  const code = blocks.filter((b) => !b.includes('application/json')).map((b) => b.split('\u0000')[1]!);
  assert.is(code.length, 2, 'runtime and page script');
  assert.ok(code[0]!.length > 300_000, 'vega.min.js is inlined');
  for (const c of code) new Script(c); // throws on a syntax error
  assert.ok(html.includes('<title>A &lt;/script&gt; &lt;b&gt;title&lt;/b&gt;</title>'));
  assert.not.ok(html.includes('<script>alert(1)'), 'data cannot close the script element');
});

test('linked and CDN runtimes', () => {
  const linked = renderHtml(spec, { runtime: { src: 'vendor/vega.min.js' } });
  assert.ok(linked.includes('<script src="vendor/vega.min.js"></script>'));
  assert.ok(linked.length < 100_000);
  const cdn = renderHtml(spec, { runtime: 'cdn', title: 'T' });
  assert.match(cdn, /<script src="https:\/\/cdn\.jsdelivr\.net\/npm\/vega@\d+\.\d+\.\d+\/build\/vega\.min\.js"><\/script>/);
  assert.ok(cdn.includes('<title>T</title>'));
});

test('an invalid spec is a clear error', () => {
  assert.throws(() => renderHtml({ mark: 'nonsense' } as unknown as TopLevelSpec), /invalid Vega-Lite spec/);
});

test.run();
