/**
 * The figures' colour and label per series, for code outside the plots folder (the browser playground): the same
 * colour-blind-aware palette as every spechub figure (one colour per method; optima and references dashed).
 * Re-exported from the plots' private theme so both stay one table.
 *
 * @example
 * ```ts
 * SERIES.spechub.color; // '#17becf'
 * seriesLabel('rrsw');  // 'RRSw (w/o replacement)'
 * ```
 */
export { SERIES, type SeriesStyle, seriesLabel } from './_internals/theme.ts';
