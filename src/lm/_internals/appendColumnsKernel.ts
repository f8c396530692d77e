/**
 * The KV-cache commit of {@link GptModel.appendColumns} as ONE tfjs kernel call for all layers' keys and values,
 * on the backends whose tensors live in JavaScript-visible memory (`wasm`: the WebAssembly heap; `cpu`: typed
 * arrays). With tfjs's own ops the commit is one slice per run of consecutive columns plus one concatenation,
 * per layer and per keys/values: at the shipped target (4 layers, a 2^3 tree) about 30 operations whose cost is
 * tfjs's per-operation bookkeeping (kernel lookup, scopes, tensor tracking, ~9 µs each on wasm), not the bytes
 * they copy (a few kB). The kernel does the same copies — each output tensor is `base` followed by the named
 * columns of `source`, head by head, one `TypedArray.set` per run — under one engine call, so the outputs are
 * the same float32 values bit for bit (tested against the ops path, `appendColumnsByOps`). Other backends
 * (`tensorflow`, `tensorflow-gpu`: tensors in native memory) keep the ops path.
 */
import type { Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../../backend/selectBackend.ts';
import type { KvCache } from '../model.ts';

const KERNEL = 'SpechubAppendColumns';
/** Backends with a registered kernel (their tensors' values can be viewed as typed arrays). */
const FUSED_BACKENDS = ['wasm', 'cpu'] as const;

interface Info {
  dataId: object;
  shape: number[];
  dtype: string;
}
/** The parts of tfjs-backend-wasm's `BackendWasm` and tfjs-backend-cpu's `MathBackendCPU` the kernel uses. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): Info;
}

/** Runs of consecutive columns: [first column, count] pairs. */
function runsOf(columns: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const c of columns) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === c) last[1]++;
    else runs.push([c, 1]);
  }
  return runs;
}

/** out[h] = base[h] followed by the runs' columns of source[h]; all three are [heads, ·, headSize] row-major. */
function copyColumns(out: Float32Array, base: Float32Array, source: Float32Array, heads: number, baseLength: number, sourceLength: number, headSize: number, runs: ReadonlyArray<readonly [number, number]>, added: number): void {
  const width = baseLength + added;
  for (let h = 0; h < heads; h++) {
    if (baseLength > 0) out.set(base.subarray(h * baseLength * headSize, (h + 1) * baseLength * headSize), h * width * headSize);
    let at = (h * width + baseLength) * headSize;
    for (const [start, count] of runs) {
      const from = (h * sourceLength + start) * headSize;
      out.set(source.subarray(from, from + count * headSize), at);
      at += count * headSize;
    }
  }
}

/** Inputs `base0…`, `source0…` (same count, [heads, ·, headSize] float32), attr `columns`: outputs base_i ⊕ columns of source_i. */
function kernelInputs(inputs: Record<string, Info>, count: number): Array<{ base: Info; source: Info }> {
  return Array.from({ length: count }, (_, i) => ({ base: inputs[`base${i}`]!, source: inputs[`source${i}`]! }));
}

/** The tfjs instances the kernel is registered with (once each; the registry is per instance). */
const registered = new WeakSet<object>();

function register(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  for (const backendName of FUSED_BACKENDS) {
    if (tf.getKernel(KERNEL, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: KERNEL,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const columns = attrs!.columns as number[];
        const pairs = kernelInputs(inputs as unknown as Record<string, Info>, attrs!.count as number);
        const runs = runsOf(columns);
        const shapeOf = ({ base }: { base: Info }) => [base.shape[0]!, base.shape[1]! + columns.length, base.shape[2]!];
        const copy = (out: Float32Array, base: Float32Array, source: Float32Array, { base: b, source: s }: { base: Info; source: Info }) =>
          copyColumns(out, base, source, b.shape[0]!, b.shape[1]!, s.shape[1]!, b.shape[2]!, runs, columns.length);
        if (backendName === 'wasm') {
          const wasm = backend as unknown as WasmBackend;
          // Every output is allocated before any heap view is taken: an allocation may grow the heap, which
          // detaches the views taken before it.
          const outs = pairs.map((pair) => wasm.makeOutput(shapeOf(pair), 'float32'));
          pairs.forEach((pair, i) => copy(wasm.typedArrayFromHeap(outs[i]!), wasm.typedArrayFromHeap(pair.base), wasm.typedArrayFromHeap(pair.source), pair));
          return outs as never;
        }
        const cpu = backend as unknown as CpuBackend;
        return pairs.map((pair) => {
          const shape = shapeOf(pair);
          const out = new Float32Array(shape[0]! * shape[1]! * shape[2]!);
          copy(out, cpu.data.get(pair.base.dataId).values as Float32Array, cpu.data.get(pair.source.dataId).values as Float32Array, pair);
          return cpu.makeTensorInfo(shape, 'float32', out);
        }) as never;
      },
    });
  }
}

/**
 * `base` followed by `columns` of `source` (valid column indices, at least one) by one kernel call, or null when
 * the active backend has no such kernel (or a tensor is not float32): the caller then uses the ops path.
 */
export function appendColumnsKernel(tf: Tf, base: KvCache, source: KvCache, columns: readonly number[]): KvCache | null {
  const backendName = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backendName)) return null;
  const all = [...base.keys, ...base.values, ...source.keys, ...source.values];
  if (all.some((t) => t.dtype !== 'float32' || t.rank !== 3)) return null;
  register(tf);
  const layers = base.keys.length;
  const inputs: Record<string, Tensor3D> = {};
  [...base.keys, ...base.values].forEach((t, i) => (inputs[`base${i}`] = t));
  [...source.keys, ...source.values].forEach((t, i) => (inputs[`source${i}`] = t));
  const outs = tf.engine().runKernel(KERNEL, inputs, { columns: [...columns], count: 2 * layers }) as unknown as Tensor3D[];
  return { length: base.length + columns.length, keys: outs.slice(0, layers), values: outs.slice(layers) };
}

/** The same cache by tfjs ops: per tensor one slice per run (none for a run that is the whole source) and one concatenation. */
export function appendColumnsByOps(tf: Tf, base: KvCache, source: KvCache, columns: readonly number[]): KvCache {
  const runs = runsOf(columns);
  const join = (old: Tensor3D, from: Tensor3D): Tensor3D => {
    const [heads, , headSize] = from.shape;
    const parts = runs.map(([start, count]) => (start === 0 && count === source.length ? from : (tf.slice(from, [0, start, 0], [heads, count, headSize]) as Tensor3D)));
    const inputs = base.length > 0 ? [old, ...parts] : parts;
    if (inputs.length > 1) return tf.concat(inputs, 1);
    return inputs[0] === from ? tf.clone(from) : inputs[0]!;
  };
  const next = tf.tidy(() => ({
    keys: base.keys.map((k, l) => join(k, source.keys[l]!)),
    values: base.values.map((v, l) => join(v, source.values[l]!)),
  }));
  return { length: base.length + columns.length, ...next };
}
