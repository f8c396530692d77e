/**
 * Colours of the playground, all from the plots' palette (src/plots/palette.ts; Tableau-10 based, the same in
 * every spechub figure): methods keep their figure colours; the target and the draft are the palette's blue and
 * orange (a pair distinguishable under the common colour-vision deficiencies); marks are never colour alone
 * (outlines, hatching and text carry the same information).
 */
import { SERIES } from '../../../src/plots/palette.ts';

const color = (id: string) => SERIES[id]?.color ?? '#999999';

export const COLORS = {
  target: color('rrs'), // blue
  draft: color('rrsw'), // orange
  residual: color('greedy'), // green
  leftover: color('greedy-q'), // olive
  law: color('optimum-wor'), // purple
  observed: color('optimum-iid'), // near black
  biased: color('kseq'), // red
  heat: color('optimum-wor'), // purple ramp
  grid: '#ececec',
  axis: '#888888',
} as const;

export function methodColor(id: string): string {
  return color(id);
}

/** The playground's own labels where the figures' label is about trees ("per-node OTM"). */
const LABELS: Record<string, string> = {
  otm: 'OTM, optimal for i.i.d. drafts',
  'otm-wor': 'OTM, optimal for w/o-replacement drafts',
  khisti: 'Khisti et al. two-step (i.i.d.)',
};

export function methodLabel(id: string): string {
  return LABELS[id] ?? SERIES[id]?.label ?? id;
}
