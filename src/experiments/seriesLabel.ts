/**
 * The display label of each figure series (a verifier id, an optimum, a bound, a reference line), the same in
 * every figure and table; the plots' theme adds colours and dashes, in this order (legend order).
 *
 * @example
 * ```ts
 * seriesLabel('rrsw'); // 'RRSw (w/o replacement)'
 * ```
 */
export const SERIES_LABELS: Readonly<Record<string, string>> = {
  'optimum-wor': 'optimum, w/o-replacement drafts',
  'optimum-iid': 'optimum, i.i.d. drafts',
  spechub: 'SpecHub (hub pair)',
  greedy: 'greedy G-r (Hu et al.)',
  'greedy-q': 'greedy G-q',
  rrsw: 'RRSw (w/o replacement)',
  kseq: 'K-SEQ (SpecTr)',
  rrs: 'RRS (i.i.d.)',
  sd: 'single-draft SD (k = 1)',
  otm: 'per-node OTM, i.i.d. drafts',
  'otm-wor': 'per-node OTM, w/o-replacement drafts',
  block: 'block verification (chain)',
  traversal: 'traversal verification, i.i.d.',
  'traversal-wor': 'traversal verification, w/o replacement',
  'traversal-hub': 'traversal verification, hub pair',
  'lp-a:iid': '1 + LP-A, i.i.d. drafts (bound)',
  'lp-a:wor': '1 + LP-A, w/o-replacement drafts (bound)',
  'lp-a:hub': '1 + LP-A, hub-pair drafts (bound)',
};

/** The label of a series id (the id itself when unknown). */
export function seriesLabel(id: string): string {
  return SERIES_LABELS[id] ?? id;
}
