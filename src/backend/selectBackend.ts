/**
 * Run-time choice of the TensorFlow.js backend, by dynamic import, in this order:
 * 1. `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA),
 * 2. `tensorflow`: `@tensorflow/tfjs-node` (libtensorflow, CPU),
 * 3. `wasm`: `@tensorflow/tfjs-backend-wasm` (bundled WebAssembly with SIMD; works offline),
 * 4. `cpu`: tfjs's pure-JavaScript backend.
 * `--backend <name>` or the environment variable `SPECHUB_BACKEND` pins one (an unavailable pinned backend is an
 * error, not a silent fallback). The chosen backend is always reported (stderr by default).
 *
 * Enabling the GPU: on a machine with CUDA and network access, `npm install @tensorflow/tfjs-node-gpu`
 * (its install script downloads libtensorflow); spechub then picks it up first. The two native packages are
 * optional dependencies: where their download fails, `npm ci` drops them and the wasm backend runs.
 *
 * @example
 * ```ts
 * const { tf, backend } = await selectBackend();          // prints "spechub: tfjs backend = wasm"
 * const { tf: tf2 } = await selectBackend({ prefer: 'cpu' });
 * ```
 */
import { SpechubError } from '../core/errors.ts';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export type Tf = typeof import('@tensorflow/tfjs');

export interface SelectedBackend {
  tf: Tf;
  backend: BackendName;
  /** Why earlier backends in the order were skipped. */
  skipped: Array<{ backend: BackendName; reason: string }>;
}

export interface SelectBackendOptions {
  /** Pin a backend (else SPECHUB_BACKEND, else the first available in BACKEND_ORDER). */
  prefer?: string;
  /** Where to report the choice; default stderr. Pass `() => {}` to silence. */
  report?: (line: string) => void;
}

let current: SelectedBackend | null = null;

async function tryBackend(name: BackendName): Promise<Tf> {
  switch (name) {
    case 'tensorflow-gpu': {
      const tf = (await import(/* optional */ '@tensorflow/tfjs-node-gpu' as string)) as Tf;
      await tf.setBackend('tensorflow');
      await tf.ready();
      return tf;
    }
    case 'tensorflow': {
      const tf = (await import(/* optional */ '@tensorflow/tfjs-node' as string)) as Tf;
      await tf.setBackend('tensorflow');
      await tf.ready();
      return tf;
    }
    case 'wasm': {
      const tf = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
      await tf.ready();
      return tf;
    }
    case 'cpu': {
      const tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      await tf.ready();
      return tf;
    }
  }
}

/** Selects (once per process; later calls with the same preference return the same backend) and reports. */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const report = options.report ?? ((line: string) => void process.stderr.write(line + '\n'));
  const pinned = options.prefer ?? process.env.SPECHUB_BACKEND ?? undefined;
  if (pinned !== undefined && pinned !== '' && !BACKEND_ORDER.includes(pinned as BackendName)) {
    throw new SpechubError('INVALID_ARGUMENT', `unknown backend '${pinned}' (choose one of ${BACKEND_ORDER.join(', ')})`);
  }
  if (current !== null && (pinned === undefined || pinned === '' || pinned === current.backend)) {
    report(`spechub: tfjs backend = ${current.backend}`);
    return current;
  }
  const order = pinned ? [pinned as BackendName] : BACKEND_ORDER;
  const skipped: SelectedBackend['skipped'] = [];
  for (const name of order) {
    try {
      const tf = await tryBackend(name);
      current = { tf, backend: name, skipped };
      report(`spechub: tfjs backend = ${name}${skipped.length ? ` (unavailable: ${skipped.map((s) => s.backend).join(', ')})` : ''}`);
      return current;
    } catch (e) {
      skipped.push({ backend: name, reason: ((e as Error).message ?? String(e)).split('\n')[0]! });
    }
  }
  throw new SpechubError(
    'INVALID_ARGUMENT',
    `no tfjs backend could be started: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}
