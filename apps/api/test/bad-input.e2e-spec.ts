import { randomBytes } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { startApi, type ApiHarness } from './harness.js';

const MAX_BODY_BYTES = 4096;
const MAX_ARTICLE_CODE_POINTS = 1000;

const ARTICLE_BODY = 'The ministry said talks were held in Moscow this week. The ministry said the talks went well.';
let articleCounter = 0;
// A URL of its own each time: the same URL and body again is the same article (200), not a new one.
const validArticle = () => ({ title: 'Talks in Moscow', language: 'en', url: `https://example.com/talks-${++articleCounter}`, body: ARTICLE_BODY });
const validClaim = () => ({ statement: 'Talks were held this week', anchor: { exact: 'this week' } });
const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

type Who = 'reporter' | 'checker' | 'auditor' | 'admin';
type Method = 'get' | 'post';

interface Context {
  articleId: string;
}

interface BadInput {
  /** What is wrong with the request, as it reads in the test name. */
  name: string;
  who: Who;
  method: Method;
  url: (context: Context) => string;
  /** An object is sent as JSON; a string or Buffer is sent as the raw body with `contentType`. */
  body?: object | string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** The fields the problem must name in `errors[].field`. */
  fields?: string[];
}

const article = (name: string, body: BadInput['body'], status: number, code: string, fields?: string[], contentType?: string): BadInput => ({
  name,
  who: 'reporter',
  method: 'post',
  url: () => '/v1/articles',
  body,
  status,
  code,
  fields,
  contentType,
});

const claim = (name: string, body: object, status: number, code: string, fields: string[]): BadInput => ({
  name,
  who: 'reporter',
  method: 'post',
  url: (c) => `/v1/articles/${c.articleId}/claims`,
  body,
  status,
  code,
  fields,
});

const batch = (name: string, claims: object[], status: number, code: string, fields: string[]): BadInput => ({
  name,
  who: 'reporter',
  method: 'post',
  url: (c) => `/v1/articles/${c.articleId}/claims/batch`,
  body: { claims },
  status,
  code,
  fields,
});

const get = (name: string, who: Who, url: string | ((c: Context) => string), code: string, fields: string[], status = 400): BadInput => ({
  name,
  who,
  method: 'get',
  url: typeof url === 'string' ? () => url : url,
  status,
  code,
  fields,
});

/** Raw JSON text: escapes such as \ud800 and \u0000 reach the server exactly as written. */
const rawArticle = (fields: string) => `{"title":"Talks","language":"en",${fields}}`;

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** A valid two-rating scale whose first rating ends with `fields` (raw JSON, escapes kept). */
const rawScale = (fields: string) => `{"ratings":[{"key":"true","group":"general","value":2,${fields}},{"key":"false","group":"general","value":1,"labels":{"en":"False"}}]}`;

const BAD_INPUTS: BadInput[] = [
  // Syntax and shape of the body
  article('malformed JSON (truncated object)', '{"title": "Talks", "language":', 400, 'malformed-json', ['(body)'], 'application/json'),
  article('malformed JSON (single quotes)', "{'title': 'Talks'}", 400, 'malformed-json', ['(body)'], 'application/json'),
  article('a whitespace-only request body', '  \n\t ', 400, 'malformed-json', ['(body)'], 'application/json'),
  article('an empty JSON request body', '', 400, 'validation-failed', ['title', 'language', 'body'], 'application/json'),
  article('a JSON null instead of an object', 'null', 400, 'validation-failed', ['(body)'], 'application/json'),
  article('a JSON array instead of an object', '[]', 400, 'validation-failed', ['(body)'], 'application/json'),
  // Types, unknown and missing fields
  article('a number as the title', { ...validArticle(), title: 42 }, 400, 'validation-failed', ['title']),
  article('an array as the language', { ...validArticle(), language: ['ar'] }, 400, 'validation-failed', ['language']),
  article('an object as the body', { ...validArticle(), body: { text: ARTICLE_BODY } }, 400, 'validation-failed', ['body']),
  article('a date that is not ISO 8601 with a zone', { ...validArticle(), publishedAt: 'yesterday' }, 400, 'validation-failed', ['publishedAt']),
  article('an unknown field', { ...validArticle(), author: 'Someone' }, 400, 'validation-failed', ['author']),
  article('a missing title', { language: 'en', body: ARTICLE_BODY }, 400, 'validation-failed', ['title']),
  article('a missing language', { title: 'Talks', body: ARTICLE_BODY }, 400, 'validation-failed', ['language']),
  article('a missing body', { title: 'Talks', language: 'en' }, 400, 'validation-failed', ['body']),
  article('a blank title', { ...validArticle(), title: '   ' }, 400, 'validation-failed', ['title']),
  // Empty text
  article('an empty article body', { ...validArticle(), body: '' }, 400, 'empty-body', ['body']),
  article('a whitespace-only article body', { ...validArticle(), body: ' \n\t\u00a0 ' }, 400, 'empty-body', ['body']),
  // Text that cannot be stored
  article('a lone high surrogate escape in the body', rawArticle('"body":"abc \\ud800 def"'), 400, 'malformed-text', ['body'], 'application/json'),
  article('a lone low surrogate escape in the body', rawArticle('"body":"abc \\udc00"'), 400, 'malformed-text', ['body'], 'application/json'),
  article('surrogates in the wrong order in the body', rawArticle('"body":"\\udc00\\ud800"'), 400, 'malformed-text', ['body'], 'application/json'),
  article('a lone surrogate escape in the outlet', rawArticle('"body":"text","outlet":"Desk \\ud83d"'), 400, 'malformed-text', ['outlet'], 'application/json'),
  article('a NUL character in the body', rawArticle('"body":"before\\u0000after"'), 400, 'malformed-text', ['body'], 'application/json'),
  article('a NUL character in the outlet', { ...validArticle(), outlet: 'Desk\u0000' }, 400, 'malformed-text', ['outlet']),
  article('a NUL character in the URL', { ...validArticle(), url: 'https://example.com/a\u0000b' }, 400, 'malformed-text', ['url']),
  // Bytes that are not UTF-8
  article('a Latin-1 byte in the body', Buffer.concat([utf8(rawArticle('"body":"caf')), Buffer.from([0xe9]), utf8('"}')]), 400, 'invalid-utf8', ['(body)'], 'application/json'),
  article('a truncated UTF-8 sequence', Buffer.concat([utf8(rawArticle('"body":"')), Buffer.from([0xd8]), utf8('"}')]), 400, 'invalid-utf8', ['(body)'], 'application/json'),
  article('a surrogate encoded as UTF-8 bytes (CESU-8)', Buffer.concat([utf8(rawArticle('"body":"')), Buffer.from([0xed, 0xa0, 0x80]), utf8('"}')]), 400, 'invalid-utf8', ['(body)'], 'application/json'),
  article('an overlong UTF-8 encoding of "/"', Buffer.concat([utf8(rawArticle('"body":"')), Buffer.from([0xc0, 0xaf]), utf8('"}')]), 400, 'invalid-utf8', ['(body)'], 'application/json'),
  // Language tags
  article('the language name "arabic" instead of a tag', { ...validArticle(), language: 'arabic' }, 400, 'invalid-language', ['language']),
  article('the language "en_GB" with an underscore', { ...validArticle(), language: 'en_GB' }, 400, 'invalid-language', ['language']),
  article('the language "ar--EG" with an empty subtag', { ...validArticle(), language: 'ar--EG' }, 400, 'invalid-language', ['language']),
  article('an empty language', { ...validArticle(), language: '' }, 400, 'validation-failed', ['language']),
  // URLs
  article('a javascript: URL', { ...validArticle(), url: 'javascript:alert(1)' }, 400, 'validation-failed', ['url']),
  article('an ftp: URL', { ...validArticle(), url: 'ftp://x' }, 400, 'validation-failed', ['url']),
  article('a URL that is not a URL', { ...validArticle(), url: 'not a url' }, 400, 'validation-failed', ['url']),
  article('a data: URL', { ...validArticle(), url: 'data:text/html,<script>alert(1)</script>' }, 400, 'validation-failed', ['url']),
  article('a URL without a scheme', { ...validArticle(), url: '//example.com/talks' }, 400, 'validation-failed', ['url']),
  // Size
  article(`a request body over MAX_BODY_BYTES (${MAX_BODY_BYTES})`, { ...validArticle(), body: 'x'.repeat(MAX_BODY_BYTES) }, 413, 'body-too-large', ['(body)']),
  article(
    `an article body over MAX_ARTICLE_CODE_POINTS (${MAX_ARTICLE_CODE_POINTS})`,
    { ...validArticle(), body: 'x'.repeat(MAX_ARTICLE_CODE_POINTS + 1) },
    413,
    'body-too-large',
    ['body'],
  ),
  // Media types
  article('a text/plain body', 'title=Talks', 415, 'unsupported-media-type', undefined, 'text/plain'),
  article('a form-encoded body', 'title=Talks&language=en&body=x', 415, 'unsupported-media-type', undefined, 'application/x-www-form-urlencoded'),
  article('an XML body', '<article><title>Talks</title></article>', 415, 'unsupported-media-type', undefined, 'application/xml'),
  article('a JSON body declared as Latin-1', JSON.stringify(validArticle()), 415, 'unsupported-charset', undefined, 'application/json; charset=iso-8859-1'),
  // Idempotency-Key
  ...[
    ['a space', 'two words'],
    ['a tab', 'a\tb'],
    ['a non-ASCII character', 'cl\u00e9'],
    ['201 characters', 'k'.repeat(201)],
    ['nothing in it', ''],
  ].map(([what, key]) => ({ ...article(`an Idempotency-Key with ${what}`, validArticle(), 400, 'validation-failed', ['Idempotency-Key']), headers: { 'Idempotency-Key': key! } })),
  // Claims
  claim('a claim without an anchor', { statement: 'Talks were held' }, 400, 'validation-failed', ['anchor']),
  claim('an anchor with neither exact text nor positions', { statement: 'Talks were held', anchor: {} }, 400, 'validation-failed', ['anchor.exact']),
  claim('an anchor with a start but no end', { statement: 'Talks were held', anchor: { start: 3 } }, 400, 'validation-failed', ['anchor.end']),
  claim('a negative anchor position', { statement: 'Talks were held', anchor: { start: -1, end: 4 } }, 400, 'validation-failed', ['anchor.start']),
  claim('a fractional anchor position', { statement: 'Talks were held', anchor: { start: 1.5, end: 4 } }, 400, 'validation-failed', ['anchor.start']),
  claim('an unknown anchor field', { statement: 'Talks were held', anchor: { exact: 'this week', quote: 'x' } }, 400, 'validation-failed', ['anchor.quote']),
  claim('an unknown claim kind', { ...validClaim(), kind: 'rumour' }, 400, 'validation-failed', ['kind']),
  claim('a priority that is not one of the levels', { ...validClaim(), priority: 5 }, 400, 'validation-failed', ['priority']),
  claim('an empty statement', { ...validClaim(), statement: '' }, 400, 'validation-failed', ['statement']),
  claim('a whitespace-only statement', { ...validClaim(), statement: ' \n ' }, 400, 'invalid-claim', ['statement']),
  claim('a due date without a time zone', { ...validClaim(), dueAt: '2026-12-01T10:00:00' }, 400, 'validation-failed', ['dueAt']),
  claim('a lone surrogate in the anchor text', { ...validClaim(), anchor: { exact: 'this \ud800week' } }, 400, 'malformed-text', ['anchor.exact']),
  claim('a NUL character in the anchor text', { ...validClaim(), anchor: { exact: 'this\u0000week' } }, 400, 'malformed-text', ['anchor.exact']),
  claim('a NUL character in the claimant', { ...validClaim(), claimant: 'The\u0000ministry' }, 400, 'malformed-text', ['claimant']),
  claim('an anchor text that is not in the article', { ...validClaim(), anchor: { exact: 'last week' } }, 422, 'anchor-not-found', ['anchor.exact']),
  claim('an anchor text that occurs twice', { ...validClaim(), anchor: { exact: 'The ministry said' } }, 422, 'anchor-ambiguous', ['anchor.exact']),
  claim('anchor positions past the end of the article', { ...validClaim(), anchor: { start: 0, end: 100_000 } }, 422, 'anchor-invalid', ['anchor.end']),
  batch('a batch with no claims', [], 400, 'validation-failed', ['claims']),
  batch('a batch whose claim 1 has no statement', [validClaim(), { anchor: { exact: 'Moscow' } }], 400, 'validation-failed', ['claims.1.statement']),
  batch('a batch whose claim 1 has a NUL in its anchor', [validClaim(), { ...validClaim(), anchor: { exact: 'Mos\u0000cow' } }], 400, 'malformed-text', ['claims.1.anchor.exact']),
  batch('a batch whose claim 1 has a lone surrogate in its anchor', [validClaim(), { ...validClaim(), anchor: { exact: '\udfffMoscow' } }], 400, 'malformed-text', ['claims.1.anchor.exact']),
  batch('a batch whose claim 1 anchors text that is not in the article', [validClaim(), { ...validClaim(), anchor: { exact: 'Beijing' } }], 422, 'anchor-not-found', ['claims.1.anchor.exact']),
  // Bad ids in paths
  get('an article id that is not a UUID', 'checker', '/v1/articles/not-a-uuid', 'validation-failed', ['id']),
  get('a claim id that is not a UUID', 'checker', '/v1/claims/12345', 'validation-failed', ['id']),
  get('an annotation for a claim id that is not a UUID', 'checker', `/v1/claims/${'0'.repeat(32)}/annotation`, 'validation-failed', ['id']),
  get('an article id that does not exist', 'checker', '/v1/articles/6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e', 'article-not-found', [], 404),
  {
    ...claim('a claim for an article id that is not a UUID', validClaim(), 400, 'validation-failed', ['articleId']),
    url: () => '/v1/articles/not-a-uuid/claims',
  },
  {
    ...claim('a claim for an article that does not exist', validClaim(), 404, 'article-not-found', []),
    url: () => '/v1/articles/6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e/claims',
  },
  // Path parameters that are not percent-encoded UTF-8, and public report versions out of range
  get('a claim id with a truncated percent-encoded sequence', 'checker', '/v1/claims/%E0%A4%A', 'invalid-path-encoding', ['id']),
  get('an article id with an overlong UTF-8 encoding of "/"', 'checker', '/v1/articles/%C0%AF', 'invalid-path-encoding', ['id']),
  get('a claim page whose claim id is a lone percent sign', 'checker', (c) => `/reports/${c.articleId}/v1/claims/%`, 'invalid-path-encoding', ['claimId']),
  get('report version 0', 'checker', (c) => `/reports/${c.articleId}/v0`, 'validation-failed', ['version']),
  get('report version 007 (leading zeros)', 'checker', (c) => `/reports/${c.articleId}/v007.json`, 'validation-failed', ['version']),
  get('a report version beyond any integer', 'checker', (c) => `/reports/${c.articleId}/v99999999999999999999`, 'validation-failed', ['version']),
  get('a claim page of report version 0', 'checker', (c) => `/reports/${c.articleId}/v0/claims/6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e`, 'validation-failed', ['version']),
  get('a claim page whose claim id is not a UUID', 'checker', (c) => `/reports/${c.articleId}/v1/claims/..`, 'validation-failed', ['claimId']),
  // Bodies validated by routes outside /v1's JSON-only rule: the rating scale and the public error form
  {
    ...article('a NUL character in a rating label', rawScale('"labels":{"en":"Tr\\u0000ue"}'), 400, 'malformed-text', ['ratings.0.labels.en'], 'application/json'),
    who: 'admin',
    url: () => '/v1/rating-scales',
  },
  {
    ...article('a lone surrogate in a rating label', rawScale('"labels":{"en":"\\udfffTrue"}'), 400, 'malformed-text', ['ratings.0.labels.en'], 'application/json'),
    who: 'admin',
    url: () => '/v1/rating-scales',
  },
  { ...article('a NUL character in a reader error report', '{"message":"wrong\\u0000date"}', 400, 'malformed-text', ['message'], 'application/json'), url: (c) => `/reports/${c.articleId}/errors` },
  { ...article('a NUL character in a reader error form', 'message=wrong%00date', 400, 'malformed-text', ['message'], 'application/x-www-form-urlencoded'), url: (c) => `/reports/${c.articleId}/errors` },
  { ...article('a reader error report for a version beyond any integer', { message: 'wrong date', version: 1e300 }, 400, 'validation-failed', ['version']), url: (c) => `/reports/${c.articleId}/errors` },
  // Bad query strings and cursors
  get('a cursor that is not base64 JSON', 'checker', '/v1/articles?cursor=garbage', 'invalid-cursor', ['cursor']),
  get('a claims cursor that is not base64 JSON', 'checker', '/v1/claims?cursor=%7B%7D', 'invalid-cursor', ['cursor']),
  get('a cursor whose id is not a UUID', 'checker', `/v1/claims?cursor=${encodeCursor(['2026-01-01T00:00:00.000Z', '-'.repeat(36)])}`, 'invalid-cursor', ['cursor']),
  get('a cursor with a date PostgreSQL cannot hold', 'checker', `/v1/articles?cursor=${encodeCursor(['-271821-04-20T00:00:00.000Z', '6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e'])}`, 'invalid-cursor', ['cursor']),
  get('a cursor with a number for a date', 'checker', `/v1/claims?cursor=${encodeCursor([0, '6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e'])}`, 'invalid-cursor', ['cursor']),
  get('a cursor over 500 characters', 'checker', `/v1/claims?cursor=${'a'.repeat(501)}`, 'validation-failed', ['cursor']),
  get('a limit that is not a number', 'checker', '/v1/claims?limit=ten', 'validation-failed', ['limit']),
  get('a limit of zero', 'checker', '/v1/articles?limit=0', 'validation-failed', ['limit']),
  get('an articleId filter that is not a UUID', 'checker', '/v1/claims?articleId=42', 'validation-failed', ['articleId']),
  get('an unknown query parameter', 'checker', '/v1/claims?sort=desc', 'validation-failed', ['sort']),
  get('a repeated query parameter', 'checker', '/v1/claims?q=a&q=b', 'validation-failed', ['q']),
  get('a NUL character in the text search', 'checker', '/v1/claims?q=%00', 'malformed-text', ['q']),
  get('a NUL character in the claimant filter', 'checker', '/v1/claims?claimant=a%00b', 'malformed-text', ['claimant']),
  get('a NUL character in the state filter', 'checker', '/v1/claims?state=%00', 'malformed-text', ['state']),
  get('an audit target without a type', 'auditor', '/v1/audit?target=nocolon', 'invalid-audit-target', ['target']),
  get('a NUL character in the audit target', 'auditor', '/v1/audit?target=claim:%00', 'malformed-text', ['target']),
  get('a NUL character in the audit actor', 'auditor', '/v1/audit?actor=%00', 'malformed-text', ['actor']),
  get('a negative audit afterSeq', 'auditor', '/v1/audit?afterSeq=-1', 'validation-failed', ['afterSeq']),
  get('an audit afterSeq beyond a bigint', 'auditor', '/v1/audit?afterSeq=1e30', 'validation-failed', ['afterSeq']),
];

/** Asserts an RFC 9457 problem: status, media type, the standard members, the code and the fields at fault. */
function expectProblem(response: Response, status: number, code: string, fields: string[] = []) {
  // The whole answer is in the object, so a failure shows what the API sent.
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { type: `/problems/${code}`, status } });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  for (const member of ['type', 'title', 'detail'] as const) {
    expect(typeof response.body[member]).toBe('string');
    expect(response.body[member].length).toBeGreaterThan(0);
  }
  const named = ((response.body.errors ?? []) as { field: string; message: string }[]).map((error) => error.field);
  expect(named).toEqual(expect.arrayContaining(fields));
  for (const error of response.body.errors ?? []) expect(typeof error.message).toBe('string');
}

describe('bad input', () => {
  let api: ApiHarness;
  const tokens = {} as Record<Who, string>;
  let context: Context;

  const counts = async () => {
    const [row] = await api.dataSource.query(
      'SELECT (SELECT count(*) FROM articles)::int AS articles, (SELECT count(*) FROM claims)::int AS claims, (SELECT count(*) FROM idempotency_keys)::int AS keys',
    );
    return { audit: await api.auditCount(), articles: row.articles as number, claims: row.claims as number, keys: row.keys as number };
  };

  function send(input: Pick<BadInput, 'who' | 'method' | 'url' | 'body' | 'contentType' | 'headers'>): Test {
    let request = api.http()[input.method](input.url(context)).set('Authorization', `Bearer ${tokens[input.who]}`);
    for (const [name, value] of Object.entries(input.headers ?? {})) request = request.set(name, value);
    if (input.body === undefined) return request;
    if (typeof input.body === 'string' || Buffer.isBuffer(input.body)) {
      const raw = input.body;
      // The identity serializer sends strings and Buffers byte for byte (supertest would JSON-encode a Buffer).
      return request
        .set('Content-Type', input.contentType ?? 'application/json')
        .serialize(() => raw as string)
        .send(raw as string);
    }
    return request.send(input.body);
  }

  const postArticle = (who: Who, body: object, key?: string) => send({ who, method: 'post', url: () => '/v1/articles', body, headers: key === undefined ? {} : { 'Idempotency-Key': key } });

  beforeAll(async () => {
    api = await startApi({ MAX_BODY_BYTES: String(MAX_BODY_BYTES), MAX_ARTICLE_CODE_POINTS: String(MAX_ARTICLE_CODE_POINTS) });
    for (const who of ['reporter', 'checker', 'auditor', 'admin'] as const) tokens[who] = (await api.user([who])).token;
    const created = await postArticle('reporter', validArticle()).expect(201);
    context = { articleId: created.body.id };
  });

  afterAll(async () => {
    await api?.close();
  });

  const title = (input: BadInput) =>
    `refuses ${input.name} with ${input.status} ${input.code}${input.fields?.length ? ` naming ${input.fields.join(', ')}` : ''}, writing nothing`;

  it.each(BAD_INPUTS.map((input) => [title(input), input] as const))('%s', async (_title, input) => {
    const before = await counts();
    const response = await send(input);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectProblem(response, input.status, input.code, input.fields);
    expect(await counts()).toEqual(before);
  });

  it('refuses a POST without any body with a 400 problem naming (body)', async () => {
    const before = await counts();
    const response = await api.http().post('/v1/articles').set('Authorization', `Bearer ${tokens.reporter}`);
    expectProblem(response, 400, 'validation-failed', ['(body)']);
    expect(await counts()).toEqual(before);
  });

  it('names every unknown field and every missing field of one request', async () => {
    const response = await postArticle('reporter', { headline: 'x', lang: 'en', text: 'y' });
    expectProblem(response, 400, 'validation-failed', ['headline', 'lang', 'text', 'title', 'language', 'body']);
  });

  it('accepts an article of exactly MAX_ARTICLE_CODE_POINTS, counting code points rather than UTF-16 units or bytes', async () => {
    // 1000 code points, 1500 UTF-16 units, 2500 UTF-8 bytes.
    const body = 'x'.repeat(500) + '\u{1D54F}'.repeat(500);
    expect(Array.from(body)).toHaveLength(MAX_ARTICLE_CODE_POINTS);
    expect(body.length).toBeGreaterThan(MAX_ARTICLE_CODE_POINTS);
    const before = await counts();
    const response = await postArticle('reporter', { ...validArticle(), body }).expect(201);
    expect(response.body.bodyCodePoints).toBe(MAX_ARTICLE_CODE_POINTS);
    expect(await counts()).toMatchObject({ articles: before.articles + 1, audit: before.audit + 1 });
  });

  it('stores a valid language tag in canonical form ("en-gb" becomes "en-GB")', async () => {
    const response = await postArticle('reporter', { ...validArticle(), language: 'en-gb' }).expect(201);
    expect(response.body.language).toBe('en-GB');
  });

  describe('Idempotency-Key', () => {
    const key = () => `key-${randomBytes(6).toString('hex')}`;

    it('creates one article for the same POST sent twice with the same key, and replays its id', async () => {
      const k = key();
      const before = await counts();
      const article = validArticle();
      const first = await postArticle('reporter', article, k).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = await postArticle('reporter', article, k).expect(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      expect(second.body).toEqual(first.body);
      expect(await counts()).toEqual({ ...before, articles: before.articles + 1, audit: before.audit + 1, keys: before.keys + 1 });
    });

    it('refuses the same key with a different body with 422 naming Idempotency-Key, writing nothing', async () => {
      const k = key();
      await postArticle('reporter', validArticle(), k).expect(201);
      const before = await counts();
      const response = await postArticle('reporter', { ...validArticle(), title: 'Another title' }, k);
      expectProblem(response, 422, 'idempotency-key-reused', ['Idempotency-Key']);
      expect(await counts()).toEqual(before);
    });

    it('creates exactly one article for five concurrent POSTs with the same key', async () => {
      const k = key();
      const before = await counts();
      const article = validArticle();
      const responses = await Promise.all(Array.from({ length: 5 }, () => postArticle('reporter', article, k)));
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
      expect(await counts()).toEqual({ ...before, articles: before.articles + 1, audit: before.audit + 1, keys: before.keys + 1 });
    });

    it('keeps keys apart per user: another user with the same key creates its own article', async () => {
      const k = key();
      const other = await api.user(['reporter']);
      const mine = await postArticle('reporter', validArticle(), k).expect(201);
      const theirs = await api.http().post('/v1/articles').set('Authorization', `Bearer ${other.token}`).set('Idempotency-Key', k).send(validArticle()).expect(201);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('creates one claim for the same claim POST sent twice with the same key', async () => {
      const k = key();
      const before = await counts();
      const url = () => `/v1/articles/${context.articleId}/claims`;
      const first = await send({ who: 'reporter', method: 'post', url, body: validClaim(), headers: { 'Idempotency-Key': k } }).expect(201);
      const second = await send({ who: 'reporter', method: 'post', url, body: validClaim(), headers: { 'Idempotency-Key': k } }).expect(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      expect(await counts()).toMatchObject({ claims: before.claims + 1, audit: before.audit + 1 });
    });
  });
});
