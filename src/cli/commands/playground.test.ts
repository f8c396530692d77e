// `spechub playground`: the site build (staleness, browser-only bundles) and the static server (paths stay inside
// the served folder, GET/HEAD only, a busy port is exit code 2 with one line).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../../core/errors.ts';
import { runCli } from '../main.ts';
import { buildSite, siteIsStale } from '../playground/buildSite.ts';
import { serveSite } from '../playground/serveSite.ts';

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((done, fail) => {
    // http.request sends the path as written (no URL normalisation), so `..` reaches the server.
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A throw-away package root with a minimal site. */
function tinySite(main = "document.title = 'tiny';\n"): string {
  const root = mkdtempSync(join(tmpdir(), 'spechub-site-'));
  mkdirSync(join(root, 'site/src/workers'), { recursive: true });
  writeFileSync(join(root, 'site/index.html'), '<!doctype html><title>t</title><script type="module" src="main.js"></script>\n');
  writeFileSync(join(root, 'site/styles.css'), 'body { color: black; }\n');
  writeFileSync(join(root, 'site/src/helper.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(root, 'site/src/main.ts'), `import { answer } from './helper.ts';\nconsole.log(answer);\n${main}`);
  writeFileSync(join(root, 'site/src/workers/monteCarloWorker.ts'), 'self.postMessage(1);\n');
  writeFileSync(join(root, 'site/src/workers/exactWorker.ts'), 'self.postMessage(2);\n');
  return root;
}

test('buildSite: bundles the entries, records its inputs; siteIsStale follows edits of any bundled file', async () => {
  const root = tinySite();
  try {
    assert.ok(siteIsStale(root), 'no build yet');
    const built = await buildSite(root);
    assert.equal(built.files.sort(), ['build-info.json', 'exactWorker.js', 'index.html', 'main.js', 'monteCarloWorker.js', 'styles.css']);
    assert.not.ok(siteIsStale(root), 'fresh build');
    writeFileSync(join(root, 'site/src/helper.ts'), 'export const answer: number = 43;\n');
    assert.ok(siteIsStale(root), 'an imported module changed');
    await buildSite(root);
    assert.not.ok(siteIsStale(root));
    writeFileSync(join(root, 'site/styles.css'), 'body { color: red; }\n');
    assert.ok(siteIsStale(root), 'a static file changed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('buildSite: a Node built-in in the page fails the build with a clear SpechubError', async () => {
  const root = tinySite("import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n");
  try {
    await buildSite(root);
    assert.unreachable('the build should fail');
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.match((e as Error).message, /site build failed.*node:fs/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('serveSite: serves files under the folder only, with types; no traversal, no symlink escape, GET/HEAD only', async () => {
  const base = mkdtempSync(join(tmpdir(), 'spechub-serve-'));
  const root = join(base, 'dist');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>hello</p>');
  writeFileSync(join(root, 'main.js'), 'console.log(1);');
  writeFileSync(join(base, 'secret.txt'), 'SECRET');
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
  const server = await serveSite({ root, port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get(server.port, '/');
    assert.is(index.status, 200);
    assert.match(index.type, /text\/html/);
    assert.match(index.body, /hello/);
    const js = await get(server.port, '/main.js?v=1');
    assert.is(js.status, 200);
    assert.match(js.type, /text\/javascript/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/link.txt', '/sub/', '/sub', '/missing.js', '/%zz', '/%00index.html', '/..\\secret.txt', `/${join(base, 'secret.txt')}`]) {
      const r = await get(server.port, path);
      assert.is(r.status, 404, `${path} → ${r.status}`);
      assert.not.match(r.body, /SECRET/, path);
    }
    assert.is((await get(server.port, '/', 'POST')).status, 405);
    const head = await get(server.port, '/', 'HEAD');
    assert.is(head.status, 200);
    assert.is(head.body, '');
  } finally {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  }
});

test('a port in use: serveSite throws, and `spechub playground --port N` exits 2 with one line', async () => {
  const base = mkdtempSync(join(tmpdir(), 'spechub-serve-'));
  const busy = await serveSite({ root: base, port: 0 });
  try {
    await serveSite({ root: base, port: busy.port }).then(
      () => assert.unreachable('a second server on the same port'),
      (e: unknown) => {
        assert.instance(e, SpechubError);
        assert.match((e as Error).message, new RegExp(`port ${busy.port} is already in use`));
      },
    );
    let out = '';
    let err = '';
    const code = await runCli(['playground', '--port', String(busy.port)], { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
    assert.is(code, 2);
    assert.is(out, '');
    assert.is(err.trim().split('\n').length, 1, err);
    assert.match(err, /already in use/);
    const bad = await runCli(['playground', '--port', '70000'], { stdout: () => undefined, stderr: (t) => void (err = t) });
    assert.is(bad, 2);
    assert.match(err, /--port must be an integer in \[0, 65535\]/);
  } finally {
    await busy.close();
    rmSync(base, { recursive: true, force: true });
  }
});

test.run();
