import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { startApi, type ApiHarness } from './harness.js';

const ARTICLE = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');
const ARTICLE_URL = 'https://example.com/moscow-talks';

// The spans the demo checks, exactly as they appear in the article.
const THIS_WEEK = 'هذا الأسبوع';
const BEIJING_MEETING = 'في 12 نوفمبر الجاري';
const TREATY_YEAR = 'الموقعة عام 2001';
/** With the article's curly quotes, U+201C and U+201D. */
const COLD_WAR_QUOTE = '\u201cأعلى من التحالفات السياسية-العسكرية في حقبة الحرب الباردة\u201d';
/** Occurs twice in the article. */
const AMBIGUOUS = 'وزارة الدفاع الروسية';

/** Code points of context the API stores on each side of a quote. */
const CONTEXT = 32;

interface ClaimBody {
  id: string;
  articleId: string;
  statement: string;
  kind: string | null;
  claimant: string | null;
  state: string;
  createdAt: string;
  anchor: {
    quote: { type: string; exact: string; prefix: string; suffix: string };
    position: { type: string; start: number; end: number };
  };
}

/** UTF-16 indices of every occurrence of `needle`. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** Code point index of a UTF-16 index, computed independently of the API's helpers. */
const codePointIndex = (text: string, utf16Index: number) => Array.from(text.slice(0, utf16Index)).length;

/**
 * Asserts both selectors of a claim against the body, by slicing its code points: the position selects
 * `exact`, starting at the given occurrence, and the quote carries 32 code points of context.
 */
function expectAnchor(claim: ClaimBody, body: string, exact: string, occurrence = 0) {
  const points = Array.from(body);
  const start = codePointIndex(body, occurrences(body, exact)[occurrence]!);
  const end = start + Array.from(exact).length;
  expect(claim.anchor).toEqual({
    quote: {
      type: 'TextQuoteSelector',
      exact,
      prefix: points.slice(Math.max(0, start - CONTEXT), start).join(''),
      suffix: points.slice(end, end + CONTEXT).join(''),
    },
    position: { type: 'TextPositionSelector', start, end },
  });
  expect(points.slice(claim.anchor.position.start, claim.anchor.position.end).join('')).toBe(exact);
}

function expectProblem(response: Response, status: number, code: string, field?: string) {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { type: `/problems/${code}`, status, code } });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  if (field) expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('claims on the Arabic sample article', () => {
  let api: ApiHarness;
  let reporter: { id: string; token: string };
  let checker: string;
  let auditor: string;
  let articleId: string;

  const counts = async () => {
    const [row] = await api.dataSource.query('SELECT count(*)::int AS n FROM claims');
    return { claims: row.n as number, audit: await api.auditCount() };
  };

  const createArticle = async (body: string, url: string | null = ARTICLE_URL) => {
    const response = await api
      .http()
      .post('/v1/articles')
      .set('Authorization', `Bearer ${reporter.token}`)
      .send({ title: 'محادثات موسكو', language: 'ar', url, body });
    expect(response.status).toBe(201);
    return response.body as { id: string; bodyCodePoints: number; dir: string };
  };

  const submit = (article: string, claim: object, headers: Record<string, string> = {}) =>
    api.http().post(`/v1/articles/${article}/claims`).set('Authorization', `Bearer ${reporter.token}`).set(headers).send(claim);

  const submitBatch = (article: string, claims: object[]) =>
    api.http().post(`/v1/articles/${article}/claims/batch`).set('Authorization', `Bearer ${reporter.token}`).send({ claims });

  const read = (url: string, token = checker) => api.http().get(url).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    api = await startApi();
    reporter = await api.user(['reporter']);
    checker = (await api.user(['checker'])).token;
    auditor = (await api.user(['auditor'])).token;
    articleId = (await createArticle(ARTICLE)).id;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('uses spans that occur exactly as written in the article (the quote with U+201C and U+201D)', () => {
    for (const span of [THIS_WEEK, BEIJING_MEETING, TREATY_YEAR, COLD_WAR_QUOTE]) expect(occurrences(ARTICLE, span)).toHaveLength(1);
    expect(occurrences(ARTICLE, AMBIGUOUS)).toHaveLength(2);
    expect(ARTICLE.normalize('NFC')).toBe(ARTICLE);
  });

  it('stores the article body exactly as sent, as right-to-left text', async () => {
    const response = await read(`/v1/articles/${articleId}`).expect(200);
    expect(response.body.body).toBe(ARTICLE);
    expect(response.body.bodySha256).toBe(createHash('sha256').update(ARTICLE, 'utf8').digest('hex'));
    expect(response.body.bodyCodePoints).toBe(Array.from(ARTICLE).length);
    expect(response.body).toMatchObject({ language: 'ar', dir: 'rtl', url: ARTICLE_URL });
  });

  describe('submitting', () => {
    it('anchors a single claim on "this week" with both selectors and puts it in intake', async () => {
      const response = await submit(articleId, {
        statement: 'أجرت روسيا والصين محادثات في موسكو هذا الأسبوع',
        kind: 'event',
        claimant: 'وزارة الخارجية الروسية',
        anchor: { exact: THIS_WEEK },
      });
      expect(response.status).toBe(201);
      expect(response.headers.location).toBe(`/v1/claims/${response.body.id}`);
      expect(response.body).toMatchObject({ articleId, state: 'intake', kind: 'event', claimant: 'وزارة الخارجية الروسية', priority: 'normal' });
      expectAnchor(response.body, ARTICLE, THIS_WEEK);
    });

    it('anchors a batch of the Beijing meeting, the treaty year and the 2022 quote, in order', async () => {
      const response = await submitBatch(articleId, [
        { statement: 'Shoigu met Wang Yi in Beijing on 12 November', kind: 'date', claimant: 'Sergei Shoigu', anchor: { exact: BEIJING_MEETING } },
        { statement: 'The treaty was signed in 2001', kind: 'date', anchor: { exact: TREATY_YEAR } },
        { statement: 'The 2022 joint statement placed the relationship above Cold War alliances', kind: 'quote', anchor: { exact: COLD_WAR_QUOTE } },
      ]);
      expect(response.status).toBe(201);
      const items = response.body.items as ClaimBody[];
      expect(items.map((c) => c.statement)).toEqual([
        'Shoigu met Wang Yi in Beijing on 12 November',
        'The treaty was signed in 2001',
        'The 2022 joint statement placed the relationship above Cold War alliances',
      ]);
      expectAnchor(items[0]!, ARTICLE, BEIJING_MEETING);
      expectAnchor(items[1]!, ARTICLE, TREATY_YEAR);
      expectAnchor(items[2]!, ARTICLE, COLD_WAR_QUOTE);
      expect(items[2]!.anchor.quote.exact.startsWith('\u201c')).toBe(true);
      expect(items[2]!.anchor.quote.exact.endsWith('\u201d')).toBe(true);
      expect(items.every((c) => c.state === 'intake' && c.articleId === articleId)).toBe(true);
    });

    it('accepts a span given with prefix and suffix that match the text around it', async () => {
      const response = await submit(articleId, { statement: 'Signed in 2001', anchor: { exact: TREATY_YEAR, prefix: 'والتعاون” ', suffix: '، التي' } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, ARTICLE, TREATY_YEAR);
    });

    it('refuses a span that is not in the text with 422 naming anchor.exact, writing nothing', async () => {
      const before = await counts();
      const response = await submit(articleId, { statement: 'A meeting on 13 November', anchor: { exact: 'في 13 نوفمبر الجاري' } });
      expectProblem(response, 422, 'anchor-not-found', 'anchor.exact');
      expect(await counts()).toEqual(before);
    });

    it('refuses a span whose quotes are straight instead of the article’s curly ones', async () => {
      const straight = COLD_WAR_QUOTE.replace('\u201c', '"').replace('\u201d', '"');
      expectProblem(await submit(articleId, { statement: 'Quote', anchor: { exact: straight } }), 422, 'anchor-not-found', 'anchor.exact');
    });

    it('refuses a unique span with a prefix that does not precede it, naming anchor.prefix', async () => {
      const response = await submit(articleId, { statement: 'Signed in 2001', anchor: { exact: TREATY_YEAR, prefix: 'اتفاقية ' } });
      expectProblem(response, 422, 'anchor-not-found', 'anchor.prefix');
    });
  });

  describe('an ambiguous span', () => {
    const [firstUnit, secondUnit] = occurrences(ARTICLE, AMBIGUOUS) as [number, number];

    it('refuses an ambiguous span without prefix or suffix with 422 anchor-ambiguous listing both code point offsets', async () => {
      const before = await counts();
      const response = await submit(articleId, { statement: 'The defence ministry reported the talks', anchor: { exact: AMBIGUOUS } });
      expectProblem(response, 422, 'anchor-ambiguous', 'anchor.exact');
      expect(response.body.occurrences).toEqual([codePointIndex(ARTICLE, firstUnit), codePointIndex(ARTICLE, secondUnit)]);
      expect(await counts()).toEqual(before);
    });

    it('accepts the ambiguous span with a prefix, anchoring the first occurrence', async () => {
      expect(ARTICLE.slice(firstUnit - 'وأفادت '.length, firstUnit)).toBe('وأفادت ');
      const response = await submit(articleId, { statement: 'The defence ministry reported the talks', kind: 'attribution', anchor: { exact: AMBIGUOUS, prefix: 'وأفادت ' } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, ARTICLE, AMBIGUOUS, 0);
    });

    it('accepts the ambiguous span with a suffix, anchoring the second occurrence', async () => {
      const response = await submit(articleId, { statement: 'The defence ministry quoted Belousov', kind: 'attribution', anchor: { exact: AMBIGUOUS, suffix: '، إن' } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, ARTICLE, AMBIGUOUS, 1);
    });

    it('accepts the ambiguous span given as start and end code points of the second occurrence', async () => {
      const start = codePointIndex(ARTICLE, secondUnit);
      const end = start + Array.from(AMBIGUOUS).length;
      const response = await submit(articleId, { statement: 'The defence ministry quoted Belousov', anchor: { start, end } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, ARTICLE, AMBIGUOUS, 1);
    });

    it('accepts start and end together with the exact text they select', async () => {
      const start = codePointIndex(ARTICLE, firstUnit);
      const response = await submit(articleId, { statement: 'The defence ministry reported the talks', anchor: { exact: AMBIGUOUS, start, end: start + Array.from(AMBIGUOUS).length } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, ARTICLE, AMBIGUOUS, 0);
    });

    it('refuses start and end that do not select the given exact text, naming anchor.exact', async () => {
      const start = codePointIndex(ARTICLE, firstUnit) + 1;
      const response = await submit(articleId, { statement: 'Off by one', anchor: { exact: AMBIGUOUS, start, end: start + Array.from(AMBIGUOUS).length } });
      expectProblem(response, 422, 'anchor-mismatch', 'anchor.exact');
    });

    it('refuses the ambiguous span with a prefix that precedes neither occurrence, naming anchor.prefix', async () => {
      const response = await submit(articleId, { statement: 'Nowhere', anchor: { exact: AMBIGUOUS, prefix: 'قالت ' } });
      expectProblem(response, 422, 'anchor-not-found', 'anchor.prefix');
    });
  });

  describe('a batch with a bad claim', () => {
    it('refuses a batch whose claim 1 is not in the text with 422 naming claims.1.anchor.exact, writing no claim of the batch', async () => {
      const before = await counts();
      const response = await submitBatch(articleId, [
        { statement: 'Shoigu met Wang Yi on 12 November', anchor: { exact: BEIJING_MEETING } },
        { statement: 'Wrong date', anchor: { exact: 'في 13 نوفمبر الجاري' } },
        { statement: 'The treaty was signed in 2001', anchor: { exact: TREATY_YEAR } },
      ]);
      expectProblem(response, 422, 'anchor-not-found', 'claims.1.anchor.exact');
      expect(response.body.errors).toHaveLength(1);
      expect(await counts()).toEqual(before);
    });

    it('refuses a batch whose claim 2 is ambiguous with 422 naming claims.2.anchor.exact, writing nothing', async () => {
      const before = await counts();
      const response = await submitBatch(articleId, [
        { statement: 'This week', anchor: { exact: THIS_WEEK } },
        { statement: 'In 2001', anchor: { exact: TREATY_YEAR } },
        { statement: 'Russia and China', anchor: { exact: 'روسيا والصين' } },
      ]);
      expectProblem(response, 422, 'anchor-ambiguous', 'claims.2.anchor.exact');
      expect(await counts()).toEqual(before);
    });
  });

  describe('an article with characters outside the BMP', () => {
    const BODY =
      '𝕏 '.repeat(20) + '😀 وكان شويجو قد التقى وانج يي في العاصمة بكين في 12 نوفمبر الجاري، بحسب البيان 🇨🇳.\n' + '𝕏𝕏𝕏 انتهى.';
    let id: string;

    beforeAll(async () => {
      id = (await createArticle(BODY, null)).id;
    });

    it('counts the article body in code points', async () => {
      const response = await read(`/v1/articles/${id}`).expect(200);
      expect(response.body.bodyCodePoints).toBe(Array.from(BODY).length);
      expect(response.body.bodyCodePoints).toBeLessThan(BODY.length);
      expect(response.body.body).toBe(BODY);
    });

    it('gives positions in code points, not UTF-16 units, for a span after astral characters', async () => {
      const response = await submit(id, { statement: 'The meeting was on 12 November', anchor: { exact: BEIJING_MEETING } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, BODY, BEIJING_MEETING);
      // 21 astral characters come before the span: UTF-16 offsets would be 21 higher.
      expect(response.body.anchor.position.start).toBe(BODY.indexOf(BEIJING_MEETING) - 21);
    });

    it('keeps whole astral characters in a span and in its prefix and suffix', async () => {
      const exact = '😀 وكان شويجو';
      const response = await submit(id, { statement: 'Shoigu', anchor: { exact } });
      expect(response.status).toBe(201);
      expectAnchor(response.body, BODY, exact);
      expect(response.body.anchor.position.start).toBe(40);
      expect(response.body.anchor.quote.prefix).toBe('𝕏 '.repeat(16));
      expect(response.body.anchor.quote.prefix.isWellFormed()).toBe(true);
      expect(response.body.anchor.quote.suffix.isWellFormed()).toBe(true);
    });

    it('selects by code point positions a span that ends with a flag made of two astral characters', async () => {
      const exact = 'بحسب البيان 🇨🇳';
      const start = codePointIndex(BODY, BODY.indexOf(exact));
      const response = await submit(id, { statement: 'According to the statement', anchor: { start, end: start + Array.from(exact).length } });
      expect(response.status).toBe(201);
      expect(response.body.anchor.quote.exact).toBe(exact);
      expectAnchor(response.body, BODY, exact);
    });

    it('selects one whole astral character with positions 0 to 1', async () => {
      const response = await submit(id, { statement: 'The first character', anchor: { start: 0, end: 1 } });
      expect(response.status).toBe(201);
      expect(response.body.anchor.quote).toMatchObject({ exact: '𝕏', prefix: '' });
      expect(response.body.anchor.quote.suffix).toBe(Array.from(BODY).slice(1, 1 + CONTEXT).join(''));
    });

    it('refuses half of an astral character (a lone surrogate) as the anchor text, naming anchor.exact', async () => {
      const response = await submit(id, { statement: 'Half a character', anchor: { exact: '\u{1D54F}'.slice(0, 1) } });
      expectProblem(response, 400, 'malformed-text', 'anchor.exact');
    });
  });

  describe('listing', () => {
    let listArticle: string;
    let ids: { thisWeek: string; beijing: string; treaty: string; quote: string; percent: string };

    const list = async (query: string) => {
      const response = await read(`/v1/claims?${query}`);
      expect(response.status).toBe(200);
      return response.body as { items: ClaimBody[]; nextCursor: string | null };
    };
    const listIds = async (query: string) => (await list(`articleId=${listArticle}&${query}`)).items.map((c) => c.id);

    /** Follows nextCursor until the end; returns the ids in order and each page's size. */
    const walk = async (query: string) => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ClaimBody[]; nextCursor: string | null } = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((c) => c.id));
        sizes.push(page.items.length);
        cursor = page.nextCursor;
        expect(sizes.length).toBeLessThan(1000);
      } while (cursor);
      return { seen, sizes };
    };

    beforeAll(async () => {
      listArticle = (await createArticle(ARTICLE, `${ARTICLE_URL}?listing`)).id;
      const single = await submit(listArticle, {
        statement: 'أجرت روسيا والصين محادثات في موسكو هذا الأسبوع',
        kind: 'event',
        claimant: 'وزارة الخارجية الروسية',
        anchor: { exact: THIS_WEEK },
      }).expect(201);
      const batch = await submitBatch(listArticle, [
        { statement: 'Shoigu met Wang Yi in Beijing on 12 November', kind: 'date', claimant: 'Sergei Shoigu', anchor: { exact: BEIJING_MEETING } },
        { statement: 'The treaty was signed in 2001', kind: 'date', anchor: { exact: TREATY_YEAR } },
        { statement: 'وصف بيان 2022 المشترك العلاقات بأنها أعلى من تحالفات الحرب الباردة', kind: 'quote', claimant: 'Xi Jinping', anchor: { exact: COLD_WAR_QUOTE } },
        { statement: 'Defence cooperation grew by 50% in 2024', kind: 'number', anchor: { exact: 'في 2024 و2025' } },
      ]).expect(201);
      const [beijing, treaty, quote, percent] = (batch.body.items as ClaimBody[]).map((c) => c.id) as [string, string, string, string];
      ids = { thisWeek: single.body.id, beijing, treaty, quote, percent };
    });

    it('lists only the claims of the article given as articleId, in submission order', async () => {
      const listed = await listIds('');
      expect(listed).toHaveLength(5);
      expect(listed[0]).toBe(ids.thisWeek);
      expect(new Set(listed)).toEqual(new Set(Object.values(ids)));
      const other = await list(`articleId=${articleId}`);
      expect(other.items.every((c) => c.articleId === articleId)).toBe(true);
      expect(other.items.some((c) => Object.values(ids).includes(c.id))).toBe(false);
    });

    it('filters by state: every new claim is in intake, none is verified', async () => {
      expect(new Set(await listIds('state=intake'))).toEqual(new Set(Object.values(ids)));
      expect(await listIds('state=verified')).toEqual([]);
    });

    it('filters by kind', async () => {
      expect(new Set(await listIds('kind=date'))).toEqual(new Set([ids.beijing, ids.treaty]));
      expect(await listIds('kind=quote')).toEqual([ids.quote]);
      expect(await listIds('kind=other')).toEqual([]);
    });

    it('filters by claimant ignoring case, and by an Arabic claimant', async () => {
      expect(await listIds(`claimant=${encodeURIComponent('sergei SHOIGU')}`)).toEqual([ids.beijing]);
      expect(await listIds(`claimant=${encodeURIComponent('وزارة الخارجية الروسية')}`)).toEqual([ids.thisWeek]);
      expect(await listIds('claimant=Shoigu')).toEqual([]);
    });

    it('searches statements for a substring, ignoring Latin case and matching Arabic', async () => {
      expect(await listIds(`q=${encodeURIComponent('TREATY')}`)).toEqual([ids.treaty]);
      expect(await listIds(`q=${encodeURIComponent('موسكو')}`)).toEqual([ids.thisWeek]);
      expect(await listIds(`q=${encodeURIComponent('الحرب الباردة')}`)).toEqual([ids.quote]);
      expect(await listIds(`q=${encodeURIComponent('روسيا والصين محادثات')}`)).toEqual([ids.thisWeek]);
    });

    it('takes LIKE wildcards in the search literally', async () => {
      expect(await listIds(`q=${encodeURIComponent('%')}`)).toEqual([ids.percent]);
      expect(await listIds(`q=${encodeURIComponent('50%')}`)).toEqual([ids.percent]);
      expect(await listIds(`q=${encodeURIComponent('_')}`)).toEqual([]);
      expect(await listIds(`q=${encodeURIComponent('T%2001')}`)).toEqual([]);
      expect(await listIds(`q=${encodeURIComponent('\\')}`)).toEqual([]);
    });

    it('walks the article’s claims two at a time with the cursor, each once, in (createdAt, id) order', async () => {
      const { seen, sizes } = await walk(`articleId=${listArticle}&limit=2`);
      expect(sizes).toEqual([2, 2, 1]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(new Set(Object.values(ids)));
      const rows: { id: string }[] = await api.dataSource.query('SELECT id FROM claims WHERE article_id = $1 ORDER BY created_at, id', [listArticle]);
      expect(seen).toEqual(rows.map((r) => r.id));
      expect((await walk(`articleId=${listArticle}&limit=2`)).seen).toEqual(seen);
    });

    it('walks every claim two at a time, with no duplicates and none missed, with a filter kept across pages', async () => {
      const { seen } = await walk('limit=2');
      const rows: { id: string }[] = await api.dataSource.query('SELECT id FROM claims ORDER BY created_at, id');
      expect(seen).toEqual(rows.map((r) => r.id));
      const dates = await walk(`articleId=${listArticle}&kind=date&limit=1`);
      expect(dates.sizes).toEqual([1, 1]);
      expect(new Set(dates.seen)).toEqual(new Set([ids.beijing, ids.treaty]));
    });

    it('gets one claim by id, with everything the listing shows of it', async () => {
      const listed = (await list(`articleId=${listArticle}&kind=quote`)).items[0]!;
      expect(listed.id).toBe(ids.quote);
      const response = await read(`/v1/claims/${ids.quote}`).expect(200);
      expect(response.body).toMatchObject(listed);
      expectAnchor(response.body, ARTICLE, COLD_WAR_QUOTE);
      expectProblem(await read('/v1/claims/6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e'), 404, 'claim-not-found');
    });
  });

  describe('annotation and audit', () => {
    let claim: ClaimBody;

    beforeAll(async () => {
      const response = await submit(
        articleId,
        { statement: 'The 2022 statement placed ties above Cold War alliances', kind: 'quote', anchor: { exact: COLD_WAR_QUOTE } },
        { 'X-Request-Id': 'claims-e2e-annotation' },
      ).expect(201);
      claim = response.body;
    });

    it('exports the claim as a W3C Web Annotation targeting the article URL with both selectors, the English statement tagged en and the Arabic article ar', async () => {
      const response = await read(`/v1/claims/${claim.id}/annotation`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
      const annotation = JSON.parse(response.text);
      expect(annotation).toMatchObject({
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        type: 'Annotation',
        motivation: 'assessing',
        body: { type: 'TextualBody', value: claim.statement, language: 'en', format: 'text/plain' },
        target: { source: { id: ARTICLE_URL, language: 'ar', format: 'text/plain' } },
      });
      // W3C Web Annotation model: a body and the target's source each name their own language.
      expect(annotation.body.language).not.toBe(annotation.target.source.language);
      expect(annotation.id).toMatch(new RegExp(`/v1/claims/${claim.id}/annotation$`));
      expect(annotation.target.selector).toEqual([claim.anchor.quote, claim.anchor.position]);
      const [quote, position] = annotation.target.selector;
      expect(quote.type).toBe('TextQuoteSelector');
      expect(position.type).toBe('TextPositionSelector');
      expect(Array.from(ARTICLE).slice(position.start, position.end).join('')).toBe(quote.exact);
    });

    it('records claim.submitted for the claim in the audit log, for an auditor', async () => {
      const response = await read(`/v1/audit?target=${encodeURIComponent(`claim:${claim.id}`)}`, auditor);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(1);
      expect(response.body.items[0]).toMatchObject({
        action: 'claim.submitted',
        target: { type: 'claim', id: claim.id },
        actorId: reporter.id,
        chainSeq: 1,
        prevHash: null,
        correlationId: 'claims-e2e-annotation',
        after: { id: claim.id, anchor: claim.anchor, statement: claim.statement },
      });
    });

    it('does not show the audit log to a checker', async () => {
      expectProblem(await read(`/v1/audit?target=claim:${claim.id}`), 403, 'forbidden');
    });

    it('verifies the whole audit chain as intact after all the submissions and refusals', async () => {
      const response = await read('/v1/audit/verify', auditor);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ok: true, problems: [] });
      expect(response.body.eventsChecked).toBe(await api.auditCount());
    });
  });
});
