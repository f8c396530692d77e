/**
 * The exact test vectors of the sequence-verification specification (docs/theory.md §S6): the eight Markov-chain
 * instances V1–V8 (§S6.1) and the 88 rows of the tokens-per-step table (§S6.2), copied verbatim from the
 * specification (produced there by an independent reference script) and parsed here. Test data only: the values
 * are expectations computed outside this code base.
 */
import { parseVector } from '../../core/distribution.ts';
import { rationalField } from '../../core/field.ts';
import type { Rational } from '../../core/rational.ts';
import { markovChainFromRows } from '../../tree/markovChain.ts';
import type { MarkovChain } from '../../tree/language.ts';
import type { SiblingLaw } from '../siblingLaw.ts';

/** §S6.1, verbatim. */
export const INSTANCE_TABLE = `
| id | n | $x_0$ | target $P$ | draft $Q$ |
|---|---|---|---|---|
| V1 | 2 | 0 | 1/3 2/3; 1/3 2/3 | 2/3 1/3; 2/3 1/3 |
| V2 | 2 | 0 | 3/4 1/4; 1/3 2/3 | 1/2 1/2; 2/3 1/3 |
| V3 | 3 | 0 | 1/2 1/3 1/6; 1/6 1/2 1/3; 1/3 1/6 1/2 | 1/6 1/3 1/2; 1/2 1/6 1/3; 1/3 1/2 1/6 |
| V4 | 3 | 0 | 0 1/2 1/2; 1 0 0; 1/4 0 3/4 | 1/3 1/3 1/3; 1/2 1/4 1/4; 1/5 2/5 2/5 |
| V5 | 3 | 2 | 1/2 1/3 1/6; 1/4 1/2 1/4; 1/3 1/3 1/3 | 1/2 1/3 1/6; 1/4 1/2 1/4; 1/3 1/3 1/3 |
| V6 | 4 | 0 | 1/4 1/4 1/4 1/4; 1/2 1/4 1/8 1/8; 1/8 1/8 1/4 1/2; 1/3 1/6 1/6 1/3 | 1/2 1/4 1/8 1/8; 1/4 1/4 1/4 1/4; 1/4 1/2 1/8 1/8; 1/6 1/3 1/3 1/6 |
| V7 | 4 | 1 | 1/2 1/2 0 0; 0 1/2 1/2 0; 0 0 1/2 1/2; 1/2 0 0 1/2 | 1/4 1/2 1/8 1/8; 1/8 1/4 1/2 1/8; 1/8 1/8 1/4 1/2; 1/2 1/8 1/8 1/4 |
| V8 | 4 | 3 | 1/10 1/5 3/10 2/5; 2/5 3/10 1/5 1/10; 1/4 1/4 1/4 1/4; 1/5 1/5 1/5 2/5 | 3/5 1/5 1/10 1/10; 1/10 3/5 1/5 1/10; 1/5 1/10 1/10 3/5; 1/2 1/6 1/6 1/6 |
`;

/** §S6.2, verbatim ("—": `wor` needs n ≥ k). */
export const TOKENS_PER_STEP_TABLE = `
| id | tree | law | walk | TV (BV) | 1+LP-A | 1+LP-B |
|---|---|---|---|---|---|---|
| V1 | chain:1 | iid | 5/3 | 5/3 | 5/3 | 5/3 |
| V1 | chain:2 | iid | 19/9 | 20/9 | 20/9 | 7/3 |
| V1 | chain:3 | iid | 65/27 | 8/3 | 8/3 | 77/27 |
| V1 | 2^2 | iid | 16/9 | 16/9 | 17/9 | 17/9 |
| V1 | 2^2 | wor | 2 | 2 | 2 | 2 |
| V1 | 2^2 | hub | 2 | 2 | 2 | 2 |
| V1 | 2^3 | iid | 193/81 | 199/81 | 2000/729 | 25/9 |
| V1 | 2^3 | wor | 3 | 3 | 3 | 3 |
| V1 | 2^3 | hub | 3 | 3 | 3 | 3 |
| V1 | 3^2 | iid | 50/27 | 50/27 | 2 | 2 |
| V1 | 3^2 | wor | — | — | — | — |
| V2 | chain:1 | iid | 7/4 | 7/4 | 7/4 | 7/4 |
| V2 | chain:2 | iid | 55/24 | 19/8 | 19/8 | 39/16 |
| V2 | chain:3 | iid | 193/72 | 415/144 | 415/144 | 109/36 |
| V2 | 2^2 | iid | 15/8 | 15/8 | 2 | 2 |
| V2 | 2^2 | wor | 2 | 2 | 2 | 2 |
| V2 | 2^2 | hub | 2 | 2 | 2 | 2 |
| V2 | 2^3 | iid | 1507/576 | 171/64 | 3 | 3 |
| V2 | 2^3 | wor | 3 | 3 | 3 | 3 |
| V2 | 2^3 | hub | 3 | 3 | 3 | 3 |
| V2 | 3^2 | iid | 31/16 | 31/16 | 2 | 2 |
| V2 | 3^2 | wor | — | — | — | — |
| V3 | chain:1 | iid | 5/3 | 5/3 | 5/3 | 5/3 |
| V3 | chain:2 | iid | 19/9 | 13/6 | 13/6 | 20/9 |
| V3 | chain:3 | iid | 65/27 | 23/9 | 23/9 | 145/54 |
| V3 | 2^2 | iid | 31/18 | 31/18 | 65/36 | 65/36 |
| V3 | 2^2 | wor | 16/9 | 16/9 | 23/12 | 23/12 |
| V3 | 2^2 | hub | 11/6 | 16/9 | 11/6 | 11/6 |
| V3 | 2^3 | iid | 727/324 | 371/162 | 118987/46656 | 30371/11664 |
| V3 | 2^3 | wor | 193/81 | 196/81 | 403/144 | 17/6 |
| V3 | 2^3 | hub | 91/36 | 196/81 | 47/18 | 8/3 |
| V3 | 3^2 | iid | 191/108 | 191/108 | 415/216 | 415/216 |
| V3 | 3^2 | wor | 2 | 2 | 2 | 2 |
| V4 | chain:1 | iid | 5/3 | 5/3 | 5/3 | 5/3 |
| V4 | chain:2 | iid | 61/30 | 61/30 | 61/30 | 61/30 |
| V4 | chain:3 | iid | 1021/450 | 1021/450 | 1021/450 | 1021/450 |
| V4 | 2^2 | iid | 17/9 | 17/9 | 17/9 | 17/9 |
| V4 | 2^2 | wor | 2 | 2 | 2 | 2 |
| V4 | 2^2 | hub | 2 | 2 | 2 | 2 |
| V4 | 2^3 | iid | 581/225 | 581/225 | 240119/90000 | 240119/90000 |
| V4 | 2^3 | wor | 23/8 | 23/8 | 53/18 | 53/18 |
| V4 | 2^3 | hub | 71/24 | 71/24 | 71/24 | 71/24 |
| V4 | 3^2 | iid | 53/27 | 53/27 | 53/27 | 53/27 |
| V4 | 3^2 | wor | 2 | 2 | 2 | 2 |
| V5 | chain:1 | iid | 2 | 2 | 2 | 2 |
| V5 | chain:2 | iid | 3 | 3 | 3 | 3 |
| V5 | chain:3 | iid | 4 | 4 | 4 | 4 |
| V5 | 2^2 | iid | 2 | 2 | 2 | 2 |
| V5 | 2^2 | wor | 2 | 2 | 2 | 2 |
| V5 | 2^2 | hub | 2 | 2 | 2 | 2 |
| V5 | 2^3 | iid | 3 | 3 | 3 | 3 |
| V5 | 2^3 | wor | 3 | 3 | 3 | 3 |
| V5 | 2^3 | hub | 3 | 3 | 3 | 3 |
| V5 | 3^2 | iid | 2 | 2 | 2 | 2 |
| V5 | 3^2 | wor | 2 | 2 | 2 | 2 |
| V6 | chain:1 | iid | 7/4 | 7/4 | 7/4 | 7/4 |
| V6 | chain:2 | iid | 109/48 | 7/3 | 7/3 | 77/32 |
| V6 | chain:3 | iid | 757/288 | 805/288 | 805/288 | 283/96 |
| V6 | 2^2 | iid | 29/16 | 29/16 | 31/16 | 31/16 |
| V6 | 2^2 | wor | 15/8 | 15/8 | 2 | 2 |
| V6 | 2^2 | hub | 2 | 15/8 | 2 | 2 |
| V6 | 2^3 | iid | 5617/2304 | 5725/2304 | 3714239/1327104 | 3737375/1327104 |
| V6 | 2^3 | wor | 1993/768 | 2017/768 | 10481/3528 | 10481/3528 |
| V6 | 2^3 | hub | 139/48 | 677/256 | 139/48 | 139/48 |
| V6 | 3^2 | iid | 119/64 | 119/64 | 2 | 2 |
| V6 | 3^2 | wor | 2 | 2 | 2 | 2 |
| V7 | chain:1 | iid | 7/4 | 7/4 | 7/4 | 7/4 |
| V7 | chain:2 | iid | 37/16 | 37/16 | 37/16 | 37/16 |
| V7 | chain:3 | iid | 175/64 | 175/64 | 175/64 | 175/64 |
| V7 | 2^2 | iid | 29/16 | 29/16 | 31/16 | 31/16 |
| V7 | 2^2 | wor | 51/28 | 51/28 | 55/28 | 55/28 |
| V7 | 2^2 | hub | 2 | 7/4 | 2 | 2 |
| V7 | 2^3 | iid | 633/256 | 633/256 | 11611/4096 | 11611/4096 |
| V7 | 2^3 | wor | 1957/784 | 1957/784 | 1303/448 | 1303/448 |
| V7 | 2^3 | hub | 3 | 37/16 | 3 | 3 |
| V7 | 3^2 | iid | 119/64 | 119/64 | 127/64 | 127/64 |
| V7 | 3^2 | wor | 27/14 | 27/14 | 2 | 2 |
| V8 | chain:1 | iid | 17/10 | 17/10 | 17/10 | 17/10 |
| V8 | chain:2 | iid | 257/120 | 1321/600 | 1321/600 | 34/15 |
| V8 | chain:3 | iid | 8731/3600 | 46247/18000 | 46247/18000 | 4073/1500 |
| V8 | 2^2 | iid | 109/60 | 109/60 | 343/180 | 343/180 |
| V8 | 2^2 | wor | 28/15 | 28/15 | 2 | 2 |
| V8 | 2^2 | hub | 29/15 | 28/15 | 29/15 | 29/15 |
| V8 | 2^3 | iid | 8689/3600 | 11261/4500 | 1605271/583200 | 39967/14400 |
| V8 | 2^3 | wor | 116/45 | 4751/1800 | 3 | 3 |
| V8 | 2^3 | hub | 2497/900 | 563653/214200 | 128/45 | 43/15 |
| V8 | 3^2 | iid | 133/72 | 133/72 | 2 | 2 |
| V8 | 3^2 | wor | 29/15 | 29/15 | 2 | 2 |
`;

export interface SpecInstance {
  id: string;
  n: number;
  start: number;
  /** Rows as fraction strings (the CLI's chains-file format). */
  target: string[][];
  draft: string[][];
  chain: MarkovChain<Rational>;
}

export interface SpecRow {
  id: string;
  tree: string;
  law: SiblingLaw;
  /** Fractions as printed, or null for "—". */
  walk: string | null;
  traversal: string | null;
  lpA: string | null;
  lpB: string | null;
}

function cells(line: string): string[] {
  return line.split('|').slice(1, -1).map((c) => c.trim());
}

function rows(text: string): string[][] {
  return text.trim().split('\n').slice(2).map(cells);
}

export const SPEC_INSTANCES: SpecInstance[] = rows(INSTANCE_TABLE).map(([id, n, x0, P, Q]) => {
  const matrix = (m: string) => m!.split(';').map((r) => r.trim().split(/\s+/));
  const target = matrix(P!);
  const draft = matrix(Q!);
  const chain = markovChainFromRows(
    rationalField,
    target.map((r) => parseVector(r.join(','), rationalField)),
    draft.map((r) => parseVector(r.join(','), rationalField)),
  );
  return { id: id!, n: Number(n), start: Number(x0!.replace(/\$/g, '')), target, draft, chain };
});

export const SPEC_ROWS: SpecRow[] = rows(TOKENS_PER_STEP_TABLE).map(([id, tree, law, walk, tv, a, b]) => {
  const value = (c: string) => (c === '—' ? null : c);
  return { id: id!, tree: tree!, law: law as SiblingLaw, walk: value(walk!), traversal: value(tv!), lpA: value(a!), lpB: value(b!) };
});

export function specInstance(id: string): SpecInstance {
  const found = SPEC_INSTANCES.find((v) => v.id === id);
  if (found === undefined) throw new Error(`no instance ${id}`);
  return found;
}
