/**
 * How the playground writes numbers: every value comes from the library in a {@link Field}; exact rationals are
 * shown as reduced fractions (the library's own `toString`) beside a decimal, floats as decimals only.
 */
import type { Field } from '../../../src/core/field.ts';

/** A value as the page shows it. */
export interface Shown {
  /** Decimal, 6 places (the nearest double of the exact value). */
  decimal: string;
  /** The reduced fraction when the value is exact in the rational field, else null. */
  exact: string | null;
  /** The value as a double (for drawing). */
  number: number;
}

/** Decimal with 6 places; tiny negative zeros printed as 0. */
export function decimal(x: number, places = 6): string {
  if (!Number.isFinite(x)) return String(x);
  const s = x.toFixed(places);
  return /^-0\.0+$/.test(s) ? s.slice(1) : s;
}

/** A field value for display; `exact` false marks a value the field cannot hold exactly (K-SEQ's ρ*). */
export function show<T>(F: Field<T>, value: T, exact = true): Shown {
  const number = F.toNumber(value);
  return { decimal: decimal(number), exact: F.name === 'rational' && exact ? F.toString(value) : null, number };
}

/** A long fraction shortened in the middle for the table (the full text stays available to the reader). */
export function abbreviate(text: string, max = 28): string {
  if (text.length <= max) return text;
  const slash = text.indexOf('/');
  if (slash < 0) return `${text.slice(0, 10)}…${text.slice(-6)}`;
  const num = text.slice(0, slash);
  const den = text.slice(slash + 1);
  const cut = (s: string) => (s.length <= 12 ? s : `${s.slice(0, 6)}…${s.slice(-4)} (${s.length} digits)`);
  return `${cut(num)}/${cut(den)}`;
}

/** The set {a, b} of token labels. */
export function setText(tokens: readonly number[], labels: readonly string[]): string {
  return tokens.length === 0 ? '∅' : `{${tokens.map((t) => labels[t] ?? String(t)).join(', ')}}`;
}
