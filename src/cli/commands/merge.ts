/**
 * `spechub merge <parts…>`: combines the partial results that a grid command wrote with `--shard i/N` (one per
 * shard, e.g. one per Slurm array task or Kubernetes Indexed Job pod) into the output of the unsharded run, byte
 * for byte (src/experiments/mergePartialResults.ts; docs/scaling.md).
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['merge', '--help'], io); // 0
 * out.join('').startsWith('spechub merge'); // true: the usage and options
 * ```
 */
import { checkOutputPath } from '../../core/checkOutputPath.ts';
import { ParseError } from '../../core/errors.ts';
import { readJsonFileBounded } from '../../core/readFileBounded.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { mergePartialResults } from '../../experiments/mergePartialResults.ts';
import type { Command } from '../command.ts';

/** Largest partial-result file read (a replay part holds one record per trace position; V8 strings stop near 512 MiB). */
const MAX_PART_BYTES = 500 * 1024 * 1024;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'combine the partial results of --shard i/N runs into the unsharded output',
  positionals: '<parts…>',
  usage: `spechub merge <part.json> <part.json> … [--json] [--out <file>]

  Reads the partial results that a grid command printed with --shard i/N (spechub sweep, replay, plot <figure>
  and bench:e2e) and writes the output of the unsharded run, byte for byte: the same JSON as the command with
  --json (sweep: --no-timing must be given to every shard for identical bytes, or the per-cell seconds are those
  the shards measured). Checks that every part comes from the same grid, options, seed and spechub version, and
  that shards 1..N are all there, each once; otherwise exits 2 with one line naming the files.

  --json          print the merged JSON on stdout (the default when --out is not given)
  --out <file>    write it to a file instead (atomically: temporary file + rename)

  Example (docs/scaling.md has Slurm and Kubernetes recipes):
    spechub sweep --family zipf --n 200 --no-timing --shard 1/2 --json > part-1.json
    spechub sweep --family zipf --n 200 --no-timing --shard 2/2 --json > part-2.json
    spechub merge part-1.json part-2.json --json > sweep.json`,
  options: {
    json: { type: 'boolean' },
    out: { type: 'string' },
  },
  run(values, io) {
    const paths = (values._ as string[] | undefined) ?? [];
    if (paths.length === 0) throw new ParseError('merge: give the partial results of every shard (e.g. spechub merge part-*.json)');
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out !== undefined) checkOutputPath(out, 'file', '--out file');
    const parts = paths.map((path) => ({ path, content: readJsonFileBounded(path, { what: 'partial result', maxBytes: MAX_PART_BYTES }) }));
    const merged = mergePartialResults(parts);
    if (out !== undefined) writeFileAtomic(out, merged.text);
    if (values.json || out === undefined) io.stdout(merged.text);
    else io.stdout(`merged ${paths.length} parts of a ${merged.kind} grid into ${out}\n`);
    return 0;
  },
};
