/**
 * The playground's presets: the spec's test vectors (§7.1; the spec numbers them E1–E4 and E6, there is no E5),
 * a confident draft (q(a) ≥ ½, where SpecHub beats every i.i.d. verifier, §4.5 H3), a flat draft with a tied
 * hub where SpecHub loses to RRS (§4.5 H4, §8 item 5), disjoint supports (every acceptance is 0) and a logits
 * pair with temperature sliders (§8 item 9).
 */
export interface ProbabilityPreset {
  id: string;
  title: string;
  note: string;
  kind: 'probabilities';
  p: string;
  q: string;
  labels?: string;
}

export interface LogitPreset {
  id: string;
  title: string;
  note: string;
  kind: 'logits';
  targetLogits: string;
  draftLogits: string;
  labels?: string;
}

export type Preset = ProbabilityPreset | LogitPreset;

export const PRESETS: readonly Preset[] = [
  { id: 'E1', kind: 'probabilities', title: 'E1 (§7.1)', note: 'SpecHub 5/6 above the i.i.d. optimum 29/36.', p: '1/6,1/3,1/2', q: '1/2,1/3,1/6' },
  { id: 'E2', kind: 'probabilities', title: 'E2 (§7.1)', note: 'Uniform target; the hub is token 1; SpecHub reaches 1.', p: '1/3,1/3,1/3', q: '1/3,1/2,1/6' },
  { id: 'E3', kind: 'probabilities', title: 'E3 (§7.1)', note: 'E2 with the draft permuted: the minimising set moves.', p: '1/3,1/3,1/3', q: '1/6,1/2,1/3' },
  { id: 'E4', kind: 'probabilities', title: 'E4 (§7.1)', note: 'Reversed ramps on 4 tokens; SpecHub below the i.i.d. optimum.', p: '1/10,1/5,3/10,2/5', q: '2/5,3/10,1/5,1/10' },
  { id: 'E6', kind: 'probabilities', title: 'E6 (§7.1)', note: 'Flat draft: the lowest-index hub (token 0) makes SpecHub reach 1; K-SEQ’s ρ* is irrational.', p: '1/2,1/4,1/8,1/8', q: '1/4,1/4,1/4,1/4' },
  { id: 'confident', kind: 'probabilities', title: 'Confident draft (q(a) ≥ ½)', note: 'q(d) = 2/3: SpecHub reaches 1, above RRS, RRSw and K-SEQ (§4.5 H3).', p: '1/12,1/4,1/4,5/12', q: '1/6,1/12,1/12,2/3' },
  { id: 'flat', kind: 'probabilities', title: 'Flat draft (SpecHub loses)', note: 'Uniform q: the tie goes to token a (p(a) = 1/6), and SpecHub (2/3) falls below RRS (11/16).', p: '1/6,2/3,1/12,1/12', q: '1/4,1/4,1/4,1/4' },
  { id: 'disjoint', kind: 'probabilities', title: 'Disjoint supports', note: 'p and q share no token: every verifier accepts with probability 0.', p: '1/2,1/2,0,0', q: '0,0,1/2,1/2' },
  {
    id: 'logits',
    kind: 'logits',
    title: 'Logits with temperatures',
    note: 'The pair is softmax(logits / T): move the temperature sliders (float64 values).',
    targetLogits: '3,2.2,1.5,1,0.6,0.3,0,-0.5',
    draftLogits: '2.6,2.5,1,1.2,0.2,0.5,-0.3,-0.2',
    labels: 'the,a,of,to,in,and,is,it',
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
