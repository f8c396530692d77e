/** A ready-to-run `spechub conform` command line reproducing one exact-mode case (POSIX shell quoting). */
import type { Rational } from '../../core/rational.ts';

/** Quotes a word for a POSIX shell unless it is plainly safe. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-./,:=@+]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function reproductionCommand(c: {
  exec: string;
  draws: string;
  k: number;
  method: string | null;
  p: readonly Rational[];
  q: readonly Rational[];
  drafts?: readonly number[];
}): string {
  const words = ['spechub', 'conform', '--exec', shellQuote(c.exec), '--draws', c.draws, '--k', String(c.k), '--mode', 'exact'];
  if (c.method !== null) words.push('--method', c.method);
  words.push('--target', shellQuote(c.p.map(String).join(',')), '--draft', shellQuote(c.q.map(String).join(',')));
  if (c.drafts !== undefined) words.push('--drafts', c.drafts.join(','));
  return words.join(' ');
}
