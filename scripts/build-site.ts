// `npm run site`: bundles the browser playground (site/) into site/dist/ (see docs/playground.md).
import { buildSite } from '../src/cli/playground/buildSite.ts';

const built = await buildSite();
process.stdout.write(`site built: ${built.outDir} (${built.files.join(', ')}; ${(built.bytes / 1024).toFixed(0)} KiB from ${built.inputs} sources, ${built.seconds.toFixed(1)} s)\n`);
