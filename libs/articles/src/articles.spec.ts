import { canonicalLanguageTag, directionOf } from './articles.service.js';

describe('language tags', () => {
  it.each([
    ['ar', 'ar'],
    ['AR', 'ar'],
    ['en-gb', 'en-GB'],
    ['ar-EG', 'ar-EG'],
    ['zh-hant-tw', 'zh-Hant-TW'],
  ])('canonicalises %s to %s', (tag, expected) => {
    expect(canonicalLanguageTag(tag)).toBe(expected);
  });

  it.each(['', 'arabic language', 'e', '12', 'en_GB', 'ar--EG'])('refuses %j', (tag) => {
    expect(canonicalLanguageTag(tag)).toBeNull();
  });

  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['he', 'rtl'],
    ['fa', 'rtl'],
    ['en', 'ltr'],
    ['ru', 'ltr'],
    ['az-Arab', 'rtl'],
    ['ku-Latn', 'ltr'],
  ])('%s is written %s', (tag, dir) => {
    expect(directionOf(tag)).toBe(dir);
  });
});
