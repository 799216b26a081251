import { normalizeForMatch } from './arabic.js';
import { SIMILARITY_KEY_BANDS, similarityKeys } from './similarity-keys.js';

const keys = (statement: string) => similarityKeys(normalizeForMatch(statement));
const shared = (a: string, b: string) => keys(a).filter((k) => keys(b).includes(k)).length;

describe('similarityKeys', () => {
  it('is the same for a statement whatever its word order, case, punctuation, alef forms, diacritics and tatweel', () => {
    expect(new Set(keys('Inflation rose to 7 percent in 2023, the Health Ministry said.'))).toEqual(new Set(keys('the health ministry said inflation rose to 7 percent in 2023')));
    expect(keys('اعلنت وزارةُ الصِّحَّة ان عدد الاصابات ارتفع الى ١٢٠ حالة')).toEqual(keys('أعلنت وزاره الصـــحة أنّ عدد الإصابات ارتفع إلى 120 حالة'));
  });

  it('shares keys between near matches and none between statements with only common words in common', () => {
    expect(shared('The health ministry said inflation rose to 7 percent in 2023', 'The health ministry said inflation climbed to 7 percent in 2023')).toBeGreaterThan(0);
    expect(shared('The health ministry said inflation rose to 7 percent in 2023', 'The ministry said the new bridge over the river opened in 2023')).toBe(0);
  });

  it('gives one key per band, none for a statement without words', () => {
    expect(keys('The health ministry said inflation rose to 7 percent in 2023')).toHaveLength(SIMILARITY_KEY_BANDS);
    expect(keys(' … — ')).toEqual([]);
  });

  it('never changes for the same statement (the keys are stored with every claim)', () => {
    expect(keys('The health ministry said inflation rose to 7 percent in 2023').slice(0, 4)).toEqual([-269540372, 1981431016, 604434600, -503965650]);
  });
});
