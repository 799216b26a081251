/**
 * The desk's default rating scale, as machine names. The workflow only checks a proposal names one of
 * them; labels, values and versions of the scale belong to the reports domain.
 */
export const DEFAULT_RATINGS = [
  'accurate',
  'mostly-accurate',
  'misleading',
  'inaccurate',
  'unverifiable',
  'accurate-quote',
  'paraphrase',
  'misquote',
] as const;
export type Rating = (typeof DEFAULT_RATINGS)[number];

/** Ratings only a quote claim may carry. */
export const QUOTE_RATINGS: readonly Rating[] = ['accurate-quote', 'paraphrase', 'misquote'];
