import { DEFAULT_SCALE, ratingScaleSchema, resolveRating } from './rating-scale.js';

describe('rating scale', () => {
  it('accepts the default scale', () => {
    expect(ratingScaleSchema.safeParse(DEFAULT_SCALE).success).toBe(true);
  });

  it.each([
    ['accurate', 'ar', { label: 'دقيق', labelEn: 'Accurate', value: 4, best: 4, worst: 1 }],
    ['inaccurate', 'en', { label: 'Inaccurate', value: 1, best: 4, worst: 1 }],
    ['misquote', 'ar-EG', { label: 'اقتباس محرّف', value: 1, best: 3, worst: 1 }],
    ['unverifiable', 'fr', { label: 'Unverifiable', value: null, best: null, worst: null }],
  ])('resolves %s in %s', (key, language, expected) => {
    expect(resolveRating(DEFAULT_SCALE, key, language)).toMatchObject(expected);
  });

  it('keeps every worst value at least 1 and below the best', () => {
    for (const rating of DEFAULT_SCALE.ratings) {
      const resolved = resolveRating(DEFAULT_SCALE, rating.key, 'en')!;
      if (resolved.value === null) continue;
      expect(resolved.worst).toBeGreaterThanOrEqual(1);
      expect(resolved.worst!).toBeLessThan(resolved.best!);
    }
  });

  it.each([
    ['a duplicate key', { ratings: [...DEFAULT_SCALE.ratings, DEFAULT_SCALE.ratings[0]] }],
    ['no English label', { ratings: [{ key: 'true', group: 'general', value: 2, labels: { ar: 'صحيح' } }, { key: 'false', group: 'general', value: 1, labels: { en: 'False' } }] }],
    ['a zero value', { ratings: [{ key: 'true', group: 'general', value: 2, labels: { en: 'True' } }, { key: 'false', group: 'general', value: 0, labels: { en: 'False' } }] }],
    ['a group with one value', { ratings: [{ key: 'true', group: 'general', value: 2, labels: { en: 'True' } }, { key: 'unknown', group: 'general', value: null, labels: { en: '?' } }] }],
  ])('refuses a scale with %s', (_what, scale) => {
    expect(ratingScaleSchema.safeParse(scale).success).toBe(false);
  });
});
