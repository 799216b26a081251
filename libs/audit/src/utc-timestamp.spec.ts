import pg from 'pg';
import { utcTimestampToIso } from './audit.service.js';

// verify() reads occurred_at as text in a UTC session and must hash exactly the string the event was
// hashed with at append: what pg's timestamptz parser and Date#toISOString made of the same text.
const viaPg = (text: string) => (pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (t: string) => Date)(text).toISOString();

describe('utcTimestampToIso', () => {
  it('agrees with pg parsing + toISOString on the texts PostgreSQL writes in a UTC session', () => {
    const texts = [
      '2026-11-27 10:00:00+00',
      '2026-11-27 10:00:00.1+00',
      '2026-11-27 10:00:00.12+00',
      '2026-11-27 10:00:00.123+00',
      '2026-11-27 10:00:00.1234+00',
      '2026-11-27 10:00:00.123456+00',
      '2026-11-27 10:00:00.999999+00',
      '1000-01-01 00:00:00+00',
      '9999-12-31 23:59:59.999+00',
      '1970-01-01 00:00:00+00',
    ];
    let t = Date.parse('1990-01-01T00:00:00Z');
    for (let i = 0; i < 2000; i++) {
      t += 7_919_993_117 + i;
      const iso = new Date(t).toISOString();
      texts.push(`${iso.slice(0, 10)} ${iso.slice(11, 23)}+00`, `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(i).padStart(6, '0')}+00`);
    }
    for (const text of texts) expect(utcTimestampToIso(text)).toBe(viaPg(text));
  });

  it('leaves other forms to pg (offsets, BC, years outside 1000-9999)', () => {
    for (const text of ['2026-11-27 10:00:00.5+02', '0999-01-01 00:00:00+00', '0044-03-15 12:00:00+00 BC', '2026-11-27 10:00:00-03:30']) {
      expect(utcTimestampToIso(text)).toBe(viaPg(text));
    }
  });
});
