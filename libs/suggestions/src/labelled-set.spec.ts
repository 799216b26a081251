import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codePointSlice } from '@app/text';
import { isLabelKind, loadLabelledSet, locateLabel, type LabelledArticle } from './labelled-set.js';

const SET_DIR = join(fileURLToPath(new URL('../../../', import.meta.url)), 'fixtures/suggestions');
const set = loadLabelledSet(SET_DIR);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/u;
const isRealDay = (iso: string) => ISO_DAY.test(iso) && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;

describe('labelled suggestion set (fixtures/suggestions)', () => {
  it('has the in-sample and the held-out articles in both languages', () => {
    for (const heldOut of [false, true]) {
      const part = set.filter((a) => a.heldOut === heldOut);
      expect(part.filter((a) => a.language === 'ar').length).toBeGreaterThanOrEqual(3);
      expect(part.filter((a) => a.language === 'en').length).toBeGreaterThanOrEqual(2);
    }
  });

  describe.each(set.map((a): [string, LabelledArticle] => [a.name, a]))('%s', (_name, article) => {
    it('has a publication time, a time zone and a language with rules', () => {
      expect(Number.isNaN(Date.parse(article.publishedAt))).toBe(false);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: article.timeZone })).not.toThrow();
      expect(['ar', 'en']).toContain(article.language);
      expect(article.body.normalize('NFC')).toBe(article.body);
    });

    it('labels spans that point to their exact text, once each, with a known kind', () => {
      const seen = new Set<string>();
      for (const claim of article.claims) {
        expect(isLabelKind(claim.kind)).toBe(true);
        const span = locateLabel(article.body, claim.exact, claim.occurrence);
        expect(codePointSlice(article.body, span.start, span.end)).toBe(claim.exact);
        const key = `${claim.kind} ${span.start}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    });

    it('labels dates that are real days, in order, whose expression lies inside their claim', () => {
      for (const claim of article.claims) {
        const span = locateLabel(article.body, claim.exact, claim.occurrence);
        for (const date of claim.dates ?? []) {
          expect(claim.kind).toBe('date');
          expect([date.from, date.to].every(isRealDay)).toBe(true);
          expect(date.from <= date.to).toBe(true);
          const at = locateLabel(article.body, date.expression, 0, span.unit);
          expect(at.start).toBeGreaterThanOrEqual(span.start);
          expect(at.end).toBeLessThanOrEqual(span.end);
        }
      }
    });
  });
});
