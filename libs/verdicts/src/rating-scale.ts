import { z } from 'zod';

/**
 * A desk's rating scale. Each rating has a machine key, labels per language (English always), and a
 * numeric value where higher means truer, within its group's best/worst (worst ≥ 1). `unverifiable`
 * carries no value. Quote claims are rated on their own group.
 */
export const ratingSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  group: z.enum(['general', 'quote']),
  value: z.number().int().min(1).max(100).nullable(),
  labels: z.record(z.string().min(2).max(35), z.string().trim().min(1).max(100)).refine((labels) => 'en' in labels, { message: 'an English label is required' }),
});

export const ratingScaleSchema = z
  .strictObject({ ratings: z.array(ratingSchema).min(2).max(20) })
  .superRefine((scale, ctx) => {
    const keys = new Set<string>();
    scale.ratings.forEach((rating, index) => {
      if (keys.has(rating.key)) ctx.addIssue({ code: 'custom', path: ['ratings', index, 'key'], message: 'duplicate key' });
      keys.add(rating.key);
    });
    for (const group of ['general', 'quote'] as const) {
      const values = scale.ratings.filter((r) => r.group === group && r.value !== null).map((r) => r.value!);
      if (values.length === 1) ctx.addIssue({ code: 'custom', path: ['ratings'], message: `the ${group} group needs a best and a worst value` });
      if (values.length > 1 && Math.min(...values) === Math.max(...values)) {
        ctx.addIssue({ code: 'custom', path: ['ratings'], message: `the ${group} group's best and worst values must differ` });
      }
    }
  });

export type Rating = z.infer<typeof ratingSchema>;
export type RatingScale = z.infer<typeof ratingScaleSchema>;

/** The default scale (version 1). */
export const DEFAULT_SCALE: RatingScale = {
  ratings: [
    { key: 'accurate', group: 'general', value: 4, labels: { en: 'Accurate', ar: 'دقيق' } },
    { key: 'mostly-accurate', group: 'general', value: 3, labels: { en: 'Mostly accurate', ar: 'دقيق في معظمه' } },
    { key: 'misleading', group: 'general', value: 2, labels: { en: 'Misleading', ar: 'مضلل' } },
    { key: 'inaccurate', group: 'general', value: 1, labels: { en: 'Inaccurate', ar: 'غير دقيق' } },
    { key: 'unverifiable', group: 'general', value: null, labels: { en: 'Unverifiable', ar: 'تعذّر التحقق' } },
    { key: 'accurate-quote', group: 'quote', value: 3, labels: { en: 'Accurate quote', ar: 'اقتباس دقيق' } },
    { key: 'paraphrase', group: 'quote', value: 2, labels: { en: 'Paraphrase', ar: 'إعادة صياغة' } },
    { key: 'misquote', group: 'quote', value: 1, labels: { en: 'Misquote', ar: 'اقتباس محرّف' } },
  ],
};

export interface ResolvedRating {
  key: string;
  label: string;
  labelEn: string;
  /** ASCII digits only; null for a rating without a value (unverifiable). */
  value: number | null;
  best: number | null;
  worst: number | null;
}

/** The label in the article's language (its primary subtag), falling back to English. */
export function resolveRating(scale: RatingScale, key: string, language: string): ResolvedRating | null {
  const rating = scale.ratings.find((r) => r.key === key);
  if (!rating) return null;
  const values = scale.ratings.filter((r) => r.group === rating.group && r.value !== null).map((r) => r.value!);
  const primary = language.split('-')[0]!;
  return {
    key,
    label: rating.labels[language] ?? rating.labels[primary] ?? rating.labels.en!,
    labelEn: rating.labels.en!,
    value: rating.value,
    best: rating.value === null ? null : Math.max(...values),
    worst: rating.value === null ? null : Math.min(...values),
  };
}
