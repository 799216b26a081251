import { dominantScript, languageOfText, textDirection } from './script.js';

describe('text direction and language of unlabelled text', () => {
  it('takes the direction from the first strong character', () => {
    expect(textDirection('2001 الموقعة')).toBe('rtl');
    expect(textDirection('“Treaty” الموقعة')).toBe('ltr');
    expect(textDirection('12 — 2001')).toBe('ltr');
  });

  it('finds the script most letters are written in', () => {
    expect(dominantScript('وقّعت الصين وروسيا معاهدة Treaty عام 2001')).toBe('Arabic');
    expect(dominantScript('The Treaty of Good-Neighbourliness (معاهدة)')).toBe('Latin');
    expect(dominantScript('2001 — 12')).toBeNull();
  });

  it('gives text in the context script the context language, and other scripts their usual language', () => {
    expect(languageOfText('Shoigu met Wang Yi in Beijing', 'ar')).toBe('en');
    expect(languageOfText('التقى شويغو وانغ يي', 'ar')).toBe('ar');
    expect(languageOfText('The bridge opened in 1998', 'en-GB')).toBe('en-GB');
    expect(languageOfText('افتُتح الجسر عام 1998', 'en-GB')).toBe('ar');
    expect(languageOfText('1998', 'fr')).toBe('fr');
  });
});
