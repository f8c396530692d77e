/**
 * Builds the browser playground (site/ → site/dist/) with esbuild: three ES-module bundles (the page and its two
 * web workers) for the browser platform, so any import of a Node built-in fails the build, plus index.html and
 * styles.css. The output is written to a temporary folder and swapped in whole. `build-info.json` records a hash of
 * every input the bundler read, so {@link siteIsStale} can tell whether the page is older than its sources.
 * Node-only (reads and writes files); not part of the core entry point.
 *
 * @example
 * ```ts
 * if (siteIsStale()) await buildSite();
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpechubError } from '../../core/errors.ts';

/** The repository (package) root. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** Static files copied as they are. */
const STATIC_FILES = ['index.html', 'styles.css'];
const ENTRY_POINTS = { main: 'src/main.ts', monteCarloWorker: 'src/workers/monteCarloWorker.ts', exactWorker: 'src/workers/exactWorker.ts' };

export interface SiteBuild {
  outDir: string;
  files: string[];
  inputs: number;
  bytes: number;
  seconds: number;
}

interface BuildInfo {
  builtAt: string;
  inputs: Record<string, string>;
}

function hashFile(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

/** True when site/dist is missing or any file it was built from has changed (or is gone). */
export function siteIsStale(root = PACKAGE_ROOT): boolean {
  const dist = join(root, 'site', 'dist');
  let info: BuildInfo;
  try {
    info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as BuildInfo;
  } catch {
    return true;
  }
  if (!existsSync(join(dist, 'index.html')) || typeof info.inputs !== 'object' || info.inputs === null) return true;
  // An installed package ships site/dist prebuilt (npm pack builds it) without the page's sources: it is current.
  if (!existsSync(join(root, 'site', 'src'))) return false;
  for (const [file, hash] of Object.entries(info.inputs)) if (hashFile(join(root, file)) !== hash) return true;
  return false;
}

/** Bundles the playground into site/dist (atomically replaced). */
export async function buildSite(root = PACKAGE_ROOT): Promise<SiteBuild> {
  const started = performance.now();
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    throw new SpechubError('INVALID_ARGUMENT', `esbuild is not installed (run npm ci): ${(e as Error).message.split('\n')[0]}`);
  }
  const site = join(root, 'site');
  const dist = join(site, 'dist');
  const temporary = join(site, `.dist-${process.pid}-${Date.now()}`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, join(site, file)])),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir: temporary,
      metafile: true,
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
      write: true,
    });
    const inputs: Record<string, string> = {};
    for (const file of Object.keys(result.metafile.inputs)) {
      const absolute = resolve(root, file);
      inputs[relative(root, absolute)] = hashFile(absolute) ?? '';
    }
    for (const file of STATIC_FILES) {
      copyFileSync(join(site, file), join(temporary, file));
      inputs[relative(root, join(site, file))] = hashFile(join(site, file)) ?? '';
    }
    const info: BuildInfo = { builtAt: new Date().toISOString(), inputs };
    writeFileSync(join(temporary, 'build-info.json'), JSON.stringify(info, null, 1) + '\n');
    const files = [...Object.keys(ENTRY_POINTS).map((name) => `${name}.js`), ...STATIC_FILES, 'build-info.json'];
    const bytes = files.reduce((sum, f) => sum + readFileSync(join(temporary, f)).length, 0);
    const old = join(site, `.dist-old-${process.pid}-${Date.now()}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(temporary, dist);
    rmSync(old, { recursive: true, force: true });
    return { outDir: dist, files, inputs: Object.keys(inputs).length, bytes, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    rmSync(temporary, { recursive: true, force: true });
    if (e instanceof SpechubError) throw e;
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors;
    const first = errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new SpechubError('INVALID_ARGUMENT', `the site build failed: ${first ? first.text + where : (e as Error).message.split('\n')[0]}`);
  }
}
