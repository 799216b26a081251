import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { JobQueues } from '@app/queue';
import { buildFixturePdf, fixtureContent, startFixtureServer, waitFor, type FixtureServer } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

/**
 * Sources through the real API and an in-process worker: the SSRF-safe capture pipeline, archived
 * content, deduplicated blobs, URL normalisation, drift and rot, uploads, trails, signals, evidence
 * rules and the database's immutability guarantees.
 */

const ARABIC_BODY = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');
const ENGLISH_BODY = 'The minister said defence spending rose by 12 percent in 2024. Critics had expected a rise of 15 percent.';
// A 1×1 PNG: binary whatever the Content-Type header says.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const UPLOAD_MAX_BYTES = 2048;

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fieldsOf = (response: Response): string[] => ((response.body.errors ?? []) as { field: string }[]).map((error) => error.field);

interface Capture {
  id: string;
  sourceId: string;
  origin: string;
  status: string;
  reason: string | null;
  detail: string | null;
  sha256: string | null;
  byteSize: number | null;
  contentType: string | null;
  drift: boolean;
  rot: boolean;
  httpStatus: number | null;
  redirects: string[] | null;
  title: string | null;
  text?: string | null;
}

/** Collects a response body as raw bytes, whatever its content type. */
const binary = (res: NodeJS.EventEmitter, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** Helpers bound to one harness. */
function desk(get: () => ApiHarness) {
  const helpers = {
    async createSource(token: string, body: Record<string, unknown>, status = 201) {
      const response = await get().http().post('/v1/sources').set(as(token)).send(body).expect(status);
      return response.body as { id: string; normalizedUrl: string; derivedFrom: string[] };
    },
    async captures(token: string, sourceId: string): Promise<Capture[]> {
      return (await get().http().get(`/v1/sources/${sourceId}`).set(as(token)).expect(200)).body.captures;
    },
    async capture(token: string, captureId: string): Promise<Capture> {
      return (await get().http().get(`/v1/captures/${captureId}`).set(as(token)).expect(200)).body;
    },
    /** Waits until the source's newest capture (the only one, for a new source) has an outcome. */
    async settledCapture(token: string, sourceId: string, count = 1): Promise<Capture> {
      const newest = await waitFor(
        async () => {
          const captures = await helpers.captures(token, sourceId);
          return captures.length >= count && captures[0]!.status !== 'pending' ? captures[0] : null;
        },
        { what: `capture of source ${sourceId}` },
      );
      return helpers.capture(token, newest.id);
    },
    async settled(token: string, captureId: string): Promise<Capture> {
      return waitFor(
        async () => {
          const capture = await helpers.capture(token, captureId);
          return capture.status !== 'pending' ? capture : null;
        },
        { what: `capture ${captureId}` },
      );
    },
    async blobCount(): Promise<number> {
      const [row] = await get().dataSource.query('SELECT count(*)::int AS n FROM blobs');
      return row.n as number;
    },
    async auditActions(targetId: string): Promise<string[]> {
      const rows: { action: string }[] = await get().dataSource.query('SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq', [targetId]);
      return rows.map((row) => row.action);
    },
    async content(token: string, captureId: string) {
      return get().http().get(`/v1/captures/${captureId}/content`).set(as(token)).buffer(true).parse(binary).expect(200);
    },
    /** A claim on a new article, past intake (in `research`) unless `waitForResearch` is false. */
    async claim(reporter: string, checker: string, input: { body: string; language: string; statement: string; exact: string; kind?: string }, waitForResearch = true) {
      const article = await get().http().post('/v1/articles').set(as(reporter)).send({ title: 'Article', language: input.language, body: input.body }).expect(201);
      const claim = await get()
        .http()
        .post(`/v1/articles/${article.body.id}/claims`)
        .set(as(reporter))
        .send({ statement: input.statement, ...(input.kind ? { kind: input.kind } : {}), anchor: { exact: input.exact } })
        .expect(201);
      const id = claim.body.id as string;
      if (waitForResearch) {
        await waitFor(async () => (await get().http().get(`/v1/claims/${id}`).set(as(checker))).body.state === 'research', { what: `claim ${id} in research` });
      }
      return id;
    },
    englishClaim(reporter: string, checker: string) {
      return helpers.claim(reporter, checker, { body: ENGLISH_BODY, language: 'en', statement: 'Defence spending rose by 12 percent in 2024', exact: 'rose by 12 percent in 2024' });
    },
    async attach(token: string, claimId: string, sourceId: string, status = 201, stance = 'supports') {
      return get().http().post(`/v1/claims/${claimId}/evidence`).set(as(token)).send({ sourceId, stance }).expect(status);
    },
    async trail(token: string, claimId: string) {
      return (await get().http().get(`/v1/claims/${claimId}/trail`).set(as(token)).expect(200)).body;
    },
  };
  return helpers;
}

/** Expects a finished capture that stored nothing, and its audit event. */
async function expectNothingStored(d: ReturnType<typeof desk>, capture: Capture, blobsBefore: number) {
  expect(capture.sha256).toBeNull();
  expect(await d.blobCount()).toBe(blobsBefore);
  expect(await d.auditActions(capture.sourceId)).toContain(`capture.${capture.status}`);
}

describe('sources with loopback captures allowed (fixture server)', () => {
  let api: ApiHarness;
  let fixtures: FixtureServer;
  let checker: { id: string; token: string };
  let reporter: { id: string; token: string };
  const d = desk(() => api);

  beforeAll(async () => {
    fixtures = await startFixtureServer();
    api = await startApi(
      {
        CAPTURE_ALLOW_LOOPBACK: 'true',
        CAPTURE_TIMEOUT_MS: '1500',
        CAPTURE_MAX_BYTES: String(256 * 1024),
        CAPTURE_MAX_REDIRECTS: '5',
        UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
      },
      { worker: true },
    );
    [checker, reporter] = await Promise.all([api.user(['checker']), api.user(['reporter'])]);
  });
  afterAll(async () => {
    await api?.close();
    await fixtures?.close();
  });

  describe('SSRF and capture limits', () => {
    it('refuses a fixture redirect to the cloud metadata address: refused address-not-allowed, no blob, capture.refused audited', async () => {
      const blobsBefore = await d.blobCount();
      const source = await d.createSource(checker.token, { url: fixtures.url(`/redirect-to?url=${encodeURIComponent('http://169.254.169.254/latest/meta-data')}`), kind: 'secondary', subtype: 'news-report' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status: 'refused', reason: 'address-not-allowed', byteSize: null });
      expect(capture.redirects).toEqual([source.normalizedUrl]);
      await expectNothingStored(d, capture, blobsBefore);
    });

    it.each([
      ['a link-local (metadata) address', 'http://169.254.169.254/latest/meta-data'],
      ['a private address', 'http://10.0.0.1/'],
      ['an IPv4-mapped IPv6 loopback address', 'http://[::ffff:127.0.0.1]/'],
    ])('still refuses %s when loopback is allowed for tests: refused address-not-allowed, no blob', async (_label, url) => {
      const blobsBefore = await d.blobCount();
      const source = await d.createSource(checker.token, { url, kind: 'primary', subtype: 'dataset' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status: 'refused', reason: 'address-not-allowed' });
      await expectNothingStored(d, capture, blobsBefore);
    });

    it.each([
      ['http://[::127.0.0.1]/', 'IPv4-compatible, deprecated (RFC 4291), in ::/96, embedding 127.0.0.1'],
      ['http://[::169.254.169.254]/latest/meta-data', 'embedding 169.254.169.254'],
      ['http://[64:ff9b::a9fe:a9fe]/', 'NAT64 well-known prefix (RFC 6052) for 169.254.169.254 is link-local'],
      ['http://[2002:7f00:1::]/', '6to4 (RFC 3056), in 2002::/16, embedding 127.0.0.1'],
      ['http://0xa9.254.169.254/', '169.254.169.254 is link-local'],
    ])('refuses the source URL %s, showing why in the source view: %s', async (url, why) => {
      const blobsBefore = await d.blobCount();
      const source = await d.createSource(checker.token, { url, kind: 'primary', subtype: 'dataset' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status: 'refused', reason: 'address-not-allowed' });
      const [shown] = await d.captures(checker.token, source.id);
      expect(shown).toMatchObject({ status: 'refused', reason: 'address-not-allowed', detail: expect.stringContaining(why) });
      await expectNothingStored(d, capture, blobsBefore);
    });

    it.each([['file:///etc/passwd'], ['ftp://x/'], ['javascript:alert(1)']])('rejects the non-http URL %s at creation with 400 naming url, creating no source', async (url) => {
      const auditBefore = await api.auditCount();
      const response = await api.http().post('/v1/sources').set(as(checker.token)).send({ url, kind: 'primary', subtype: 'other' }).expect(400);
      expect(response.body.code).toBe('invalid-source-url');
      expect(fieldsOf(response)).toEqual(['url']);
      expect(await api.auditCount()).toBe(auditBefore);
    });

    it.each([
      ['more redirects than CAPTURE_MAX_REDIRECTS', '/redirect/6', 'refused', 'too-many-redirects'],
      ['a streamed body larger than CAPTURE_MAX_BYTES', '/big', 'refused', 'too-large'],
      ['a declared content-length larger than CAPTURE_MAX_BYTES', '/big-declared', 'refused', 'too-large'],
      ['a body slower than CAPTURE_TIMEOUT_MS', '/slow', 'failed', 'timeout'],
      ['an image/png response', '/image.png', 'refused', 'content-type-not-allowed'],
      ['an HTTP 404 answer', '/status/404', 'failed', 'http-error'],
    ])('records %s (%s) as %s with reason %s, storing no bytes', async (_label, path, status, reason) => {
      const blobsBefore = await d.blobCount();
      const source = await d.createSource(checker.token, { url: fixtures.url(path), kind: 'secondary', subtype: 'news-report' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status, reason });
      await expectNothingStored(d, capture, blobsBefore);
    });

    it('follows redirects up to the limit and archives the final page', async () => {
      const source = await d.createSource(checker.token, { url: fixtures.url('/redirect/5'), kind: 'secondary', subtype: 'news-report' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status: 'ok', contentType: 'text/plain' });
      expect(capture.redirects).toHaveLength(5);
      expect(capture.text).toBe(fixtureContent.plainText);
    });
  });

  describe('archived content', () => {
    it.each([
      ['an HTML page', '/article.html', 'text/html', [fixtureContent.articleQuote]],
      ['a PDF', '/statement.pdf', 'application/pdf', [fixtureContent.pdfSentence, fixtureContent.pdfSecondPageSentence]],
      ['a plain text file', '/plain.txt', 'text/plain', [fixtureContent.plainText.trim()]],
    ])('captures %s: ok, sha256 of the served bytes, extracted text, served as a sandboxed attachment', async (_label, path, contentType, sentences) => {
      const source = await d.createSource(checker.token, { url: fixtures.url(path), kind: 'primary', subtype: 'official-statement' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status: 'ok', origin: 'fetch', contentType, httpStatus: 200, reason: null });
      for (const sentence of sentences) expect(capture.text).toContain(sentence);

      const content = await d.content(checker.token, capture.id);
      const bytes = content.body as Buffer;
      expect(sha256(bytes)).toBe(capture.sha256);
      expect(bytes.length).toBe(capture.byteSize);
      expect(content.headers['content-type']).toContain(contentType);
      expect(content.headers['content-security-policy']).toMatch(/(^|;\s*)sandbox(;|$)/);
      expect(content.headers['content-disposition']).toMatch(/^attachment\b/);
      expect(content.headers['x-content-type-options']).toBe('nosniff');
      expect(await d.auditActions(source.id)).toEqual(expect.arrayContaining(['source.created', 'capture.requested', 'capture.ok']));
    });

    it('takes the HTML page title and publication date from its metadata', async () => {
      const source = await d.createSource(checker.token, { url: fixtures.url('/article.html?edition=metadata'), kind: 'secondary', subtype: 'news-report' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture).toMatchObject({ status: 'ok', title: fixtureContent.articleTitle, publishedAt: fixtureContent.articlePublishedAt });
      const view = (await api.http().get(`/v1/sources/${source.id}`).set(as(checker.token)).expect(200)).body;
      expect(view.title).toBe(fixtureContent.articleTitle);
    });

    it('returns 404 for the content of a capture that stored nothing', async () => {
      const source = await d.createSource(checker.token, { url: fixtures.url('/status/410'), kind: 'secondary', subtype: 'news-report' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture.status).toBe('failed');
      const response = await api.http().get(`/v1/captures/${capture.id}/content`).set(as(checker.token)).expect(404);
      expect(response.body.code).toBe('capture-has-no-content');
    });

    it('stores the same bytes once: two sources serving identical bytes share one blob', async () => {
      const first = await d.createSource(checker.token, { url: fixtures.url('/plain.txt?v=1'), kind: 'secondary', subtype: 'news-report' });
      const second = await d.createSource(checker.token, { url: fixtures.url('/plain.txt?v=2'), kind: 'secondary', subtype: 'news-report' });
      expect(second.id).not.toBe(first.id);
      expect(second.normalizedUrl).toBe(fixtures.url('/plain.txt?v=2'));
      const [a, b] = await Promise.all([d.settledCapture(checker.token, first.id), d.settledCapture(checker.token, second.id)]);
      expect(a.status).toBe('ok');
      expect(b.status).toBe('ok');
      expect(a.id).not.toBe(b.id);
      expect(b.sha256).toBe(a.sha256);
      const [row] = await api.dataSource.query('SELECT count(*)::int AS n FROM blobs WHERE sha256 = $1', [a.sha256]);
      expect(row.n).toBe(1);
    });

    it('re-captures on request: a new capture row, the earlier one kept, identical bytes still stored once', async () => {
      const source = await d.createSource(checker.token, { url: fixtures.url('/plain.txt?v=recapture'), kind: 'secondary', subtype: 'news-report' });
      const first = await d.settledCapture(checker.token, source.id);
      const blobsBefore = await d.blobCount();
      const pending = (await api.http().post(`/v1/sources/${source.id}/captures`).set(as(checker.token)).expect(202)).body as Capture;
      expect(pending).toMatchObject({ status: 'pending', origin: 'fetch', sourceId: source.id });
      const second = await d.settled(checker.token, pending.id);
      expect(second).toMatchObject({ status: 'ok', sha256: first.sha256, drift: false, rot: false });
      expect(await d.capture(checker.token, first.id)).toEqual(first);
      expect(await d.blobCount()).toBe(blobsBefore);
    });
  });

  describe('URL normalisation', () => {
    it('treats tracking parameters, a fragment, an upper-case host and the default port as the same source (200, same id)', async () => {
      const created = await d.createSource(checker.token, { url: 'https://news.example.org/story?id=7', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      expect(created.normalizedUrl).toBe('https://news.example.org/story?id=7');
      for (const variant of [
        'https://news.example.org/story?id=7&utm_source=twitter&utm_medium=social',
        'https://news.example.org/story?utm_campaign=x&id=7#section-2',
        'https://NEWS.Example.ORG/story?id=7',
        'https://news.example.org:443/story?id=7',
        'HTTPS://News.Example.org:443/story?utm_content=a&id=7&fbclid=abc#top',
      ]) {
        const again = await api.http().post('/v1/sources').set(as(checker.token)).send({ url: variant, kind: 'secondary', subtype: 'news-report', capture: 'none' });
        expect({ variant, status: again.status, id: again.body.id }).toEqual({ variant, status: 200, id: created.id });
      }
    });

    it('keeps other query parameters: a different value is a different source (201)', async () => {
      const first = await d.createSource(checker.token, { url: 'https://news.example.org/item?id=1', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      const second = await d.createSource(checker.token, { url: 'https://news.example.org/item?id=2', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      expect(second.id).not.toBe(first.id);
    });
  });

  describe('uploads of saved copies', () => {
    const uploadSource = () => d.createSource(checker.token, { url: `https://paywalled.example.com/${Math.random().toString(36).slice(2)}`, kind: 'secondary', subtype: 'news-report', capture: 'none' });
    const upload = (sourceId: string, bytes: Buffer, contentType = 'application/octet-stream') =>
      api.http().post(`/v1/sources/${sourceId}/uploads`).set(as(checker.token)).set('Content-Type', contentType).send(bytes);

    it('accepts an HTML saved copy sent as application/octet-stream (judged by content): 202, then ok with extracted text', async () => {
      const source = await uploadSource();
      const html = Buffer.from('<!doctype html><html><head><title>Saved copy</title></head><body><article><p>The talks ended without an agreement, the ministry said.</p></article></body></html>');
      const response = await upload(source.id, html).expect(202);
      expect(response.body).toMatchObject({ status: 'pending', origin: 'upload', contentType: 'text/html', sha256: sha256(html), byteSize: html.length });
      const capture = await d.settled(checker.token, response.body.id);
      expect(capture).toMatchObject({ status: 'ok', contentType: 'text/html', sha256: sha256(html), title: 'Saved copy' });
      expect(capture.text).toContain('The talks ended without an agreement, the ministry said.');
      expect(sha256((await d.content(checker.token, capture.id)).body as Buffer)).toBe(sha256(html));
      expect(await d.auditActions(source.id)).toEqual(expect.arrayContaining(['capture.uploaded', 'capture.ok']));
    });

    it('accepts a PDF saved copy: 202, then ok with the text of every page', async () => {
      const source = await uploadSource();
      const pdf = buildFixturePdf(['Uploaded statement, page one.', 'Uploaded statement, page two.']);
      expect(pdf.length).toBeLessThanOrEqual(UPLOAD_MAX_BYTES);
      const response = await upload(source.id, pdf).expect(202);
      const capture = await d.settled(checker.token, response.body.id);
      expect(capture).toMatchObject({ status: 'ok', contentType: 'application/pdf', sha256: sha256(pdf) });
      expect(capture.text).toContain('Uploaded statement, page one.');
      expect(capture.text).toContain('Uploaded statement, page two.');
    });

    it('refuses a PNG sent as application/pdf with 415 naming (body), storing nothing', async () => {
      const source = await uploadSource();
      const blobsBefore = await d.blobCount();
      const response = await upload(source.id, PNG, 'application/pdf').expect(415);
      expect(response.body.code).toBe('upload-type-not-allowed');
      expect(fieldsOf(response)).toEqual(['(body)']);
      expect(await d.blobCount()).toBe(blobsBefore);
      expect(await d.captures(checker.token, source.id)).toEqual([]);
    });

    it('refuses an upload over UPLOAD_MAX_BYTES with 413, storing nothing', async () => {
      const source = await uploadSource();
      const blobsBefore = await d.blobCount();
      const response = await upload(source.id, Buffer.alloc(UPLOAD_MAX_BYTES + 1, 'a'), 'text/plain').expect(413);
      expect(fieldsOf(response)).toEqual(['(body)']);
      expect(await d.blobCount()).toBe(blobsBefore);
      expect(await d.captures(checker.token, source.id)).toEqual([]);
    });

    it('refuses an empty upload with 400, storing nothing', async () => {
      const source = await uploadSource();
      const blobsBefore = await d.blobCount();
      const response = await upload(source.id, Buffer.alloc(0)).expect(400);
      expect(fieldsOf(response)).toEqual(['(body)']);
      expect(await d.blobCount()).toBe(blobsBefore);
      expect(await d.captures(checker.token, source.id)).toEqual([]);
    });

    it('refuses an upload to an unknown source with 404', async () => {
      await upload('00000000-0000-4000-8000-000000000000', Buffer.from('some text')).expect(404);
    });
  });

  describe('trails', () => {
    it('reaches the primary source in two hops from evidence on a tertiary source', async () => {
      const claimId = await d.englishClaim(reporter.token, checker.token);
      const primary = await d.createSource(checker.token, { url: fixtures.url('/statement.pdf?trail=chain'), kind: 'primary', subtype: 'official-statement' });
      const secondary = await d.createSource(checker.token, { url: fixtures.url('/article.html?trail=chain'), kind: 'secondary', subtype: 'news-report', derivedFrom: [primary.id] });
      const tertiary = await d.createSource(checker.token, { url: fixtures.url('/plain.txt?trail=chain'), kind: 'tertiary', subtype: 'encyclopedia' });
      const linked = await api.http().post(`/v1/sources/${tertiary.id}/derived-from`).set(as(checker.token)).send({ sourceId: secondary.id }).expect(200);
      expect(linked.body.derivedFrom).toEqual([secondary.id]);
      await Promise.all([primary, secondary, tertiary].map((s) => d.settledCapture(checker.token, s.id)));
      await d.attach(checker.token, claimId, tertiary.id);

      const trail = await d.trail(checker.token, claimId);
      expect(trail).toMatchObject({ claimId, reachesPrimary: true, primaryDistance: 2, cycles: [], deadEnds: [], truncated: false });
      const node = (id: string) => trail.nodes.find((n: { sourceId: string }) => n.sourceId === id);
      expect(node(tertiary.id)).toMatchObject({ kind: 'tertiary', distanceToPrimary: 2, evidenceStance: 'supports', deadEnd: false });
      expect(node(secondary.id)).toMatchObject({ kind: 'secondary', distanceToPrimary: 1, evidenceStance: null });
      expect(node(primary.id)).toMatchObject({ kind: 'primary', distanceToPrimary: 0 });
      expect(trail.edges).toEqual(
        expect.arrayContaining([
          { from: tertiary.id, derivedFrom: secondary.id },
          { from: secondary.id, derivedFrom: primary.id },
        ]),
      );
    });

    it('flags circular reporting: both sources listed in a cycle and no primary reached', async () => {
      const claimId = await d.englishClaim(reporter.token, checker.token);
      const a = await d.createSource(checker.token, { url: 'https://a.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      const b = await d.createSource(checker.token, { url: 'https://b.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none', derivedFrom: [a.id] });
      await api.http().post(`/v1/sources/${a.id}/derived-from`).set(as(checker.token)).send({ sourceId: b.id }).expect(200);
      await d.attach(checker.token, claimId, a.id);

      const trail = await d.trail(checker.token, claimId);
      expect(trail).toMatchObject({ reachesPrimary: false, primaryDistance: null });
      expect(trail.cycles).toEqual([[a.id, b.id].sort()]);
    });

    it('lists a primary source whose capture was refused as a dead end', async () => {
      const claimId = await d.englishClaim(reporter.token, checker.token);
      const primary = await d.createSource(checker.token, { url: 'http://10.0.0.1/ministry/statement', kind: 'primary', subtype: 'official-statement' });
      const report = await d.createSource(checker.token, { url: fixtures.url('/article.html?trail=dead-end'), kind: 'secondary', subtype: 'news-report', derivedFrom: [primary.id] });
      expect((await d.settledCapture(checker.token, primary.id)).status).toBe('refused');
      expect((await d.settledCapture(checker.token, report.id)).status).toBe('ok');
      await d.attach(checker.token, claimId, report.id);

      const trail = await d.trail(checker.token, claimId);
      expect(trail.deadEnds).toEqual([primary.id]);
      expect(trail).toMatchObject({ reachesPrimary: true, primaryDistance: 1 });
      const node = trail.nodes.find((n: { sourceId: string }) => n.sourceId === primary.id);
      expect(node).toMatchObject({ deadEnd: true, archived: null, latest: { status: 'refused', reason: 'address-not-allowed' } });
    });

    it('refuses to derive a source from itself with 422 naming derivedFrom', async () => {
      const source = await d.createSource(checker.token, { url: 'https://self.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      const response = await api.http().post(`/v1/sources/${source.id}/derived-from`).set(as(checker.token)).send({ sourceId: source.id }).expect(422);
      expect(response.body.code).toBe('self-derivation');
      expect(fieldsOf(response)).toEqual(['derivedFrom']);
    });

    it('refuses to derive from an unknown source with 422 naming derivedFrom', async () => {
      const source = await d.createSource(checker.token, { url: 'https://orphan.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      const response = await api
        .http()
        .post(`/v1/sources/${source.id}/derived-from`)
        .set(as(checker.token))
        .send({ sourceId: '00000000-0000-4000-8000-000000000000' })
        .expect(422);
      expect(fieldsOf(response)).toEqual(['derivedFrom']);
    });
  });

  describe('signals', () => {
    it('finds quoted wording in the Arabic page despite different diacritics and alef maqsura: a normalized quote signal', async () => {
      // Harakat added and على written علي; the page has the plain spelling.
      const quote = 'التَّعاوُن العسكري بين روسيا والصين يقوم علي الثِّقة المتبادَلة';
      const claimId = await d.claim(reporter.token, checker.token, {
        body: ARABIC_BODY,
        language: 'ar',
        kind: 'quote',
        statement: `قال بيلوسوف إن “${quote}”`,
        exact: 'يقوم على الثقة المتبادلة',
      });
      const source = await d.createSource(checker.token, { url: fixtures.url('/article.html?signals=arabic'), kind: 'secondary', subtype: 'news-report' });
      const capture = await d.settledCapture(checker.token, source.id);
      await d.attach(checker.token, claimId, source.id);

      const [signal] = await waitFor(
        async () => {
          const items = (await api.http().get(`/v1/claims/${claimId}/signals`).set(as(checker.token)).expect(200)).body.items;
          return items.length ? items : null;
        },
        { what: 'signals' },
      );
      expect(signal.captureId).toBe(capture.id);
      expect(signal.quotes).toEqual([
        expect.objectContaining({ quote, kind: 'normalized', score: 1, passage: 'التعاون العسكري بين روسيا والصين يقوم على الثقة المتبادلة' }),
      ]);
    });

    it('reports which of the claim numbers the archived PDF states (12 and 2024 found, 15 not)', async () => {
      const claimId = await d.claim(reporter.token, checker.token, {
        body: ENGLISH_BODY,
        language: 'en',
        kind: 'number',
        statement: 'Defence spending rose by 12 percent in 2024, not 15 percent',
        exact: 'rose by 12 percent in 2024',
      });
      const source = await d.createSource(checker.token, { url: fixtures.url('/statement.pdf?signals=numbers'), kind: 'primary', subtype: 'official-statement' });
      expect((await d.settledCapture(checker.token, source.id)).status).toBe('ok');
      await d.attach(checker.token, claimId, source.id);

      const [signal] = await waitFor(
        async () => {
          const items = (await api.http().get(`/v1/claims/${claimId}/signals`).set(as(checker.token)).expect(200)).body.items;
          return items.length ? items : null;
        },
        { what: 'signals' },
      );
      expect(signal.numbers).toEqual(
        expect.arrayContaining([
          { value: '12', found: true },
          { value: '2024', found: true },
          { value: '15', found: false },
        ]),
      );
      expect(signal.quotes).toEqual([]);
    });
  });

  describe('evidence rules', () => {
    it('refuses attaching the same source twice to a claim with 409', async () => {
      const claimId = await d.englishClaim(reporter.token, checker.token);
      const source = await d.createSource(checker.token, { url: 'https://twice.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      await d.attach(checker.token, claimId, source.id);
      const again = await d.attach(checker.token, claimId, source.id, 409, 'refutes');
      expect(again.body.code).toBe('evidence-exists');
      const evidence = (await api.http().get(`/v1/claims/${claimId}/evidence`).set(as(checker.token)).expect(200)).body.items;
      expect(evidence).toHaveLength(1);
      expect(evidence[0]).toMatchObject({ stance: 'supports', source: { id: source.id }, archived: null, latest: null });
    });

    it('refuses an unknown sourceId with 422 naming sourceId', async () => {
      const claimId = await d.englishClaim(reporter.token, checker.token);
      const response = await d.attach(checker.token, claimId, '00000000-0000-4000-8000-000000000000', 422);
      expect(fieldsOf(response)).toEqual(['sourceId']);
    });

    it('refuses evidence from a reporter with 403, attaching nothing', async () => {
      const claimId = await d.englishClaim(reporter.token, checker.token);
      const source = await d.createSource(checker.token, { url: 'https://reporter.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      await d.attach(reporter.token, claimId, source.id, 403);
      expect((await api.http().get(`/v1/claims/${claimId}/evidence`).set(as(checker.token)).expect(200)).body.items).toEqual([]);
    });

    it('refuses source creation, re-capture and uploads from a reporter with 403', async () => {
      await api.http().post('/v1/sources').set(as(reporter.token)).send({ url: 'https://reporter.example.net/new', kind: 'secondary', subtype: 'news-report' }).expect(403);
      const source = await d.createSource(checker.token, { url: 'https://reporter.example.net/existing', kind: 'secondary', subtype: 'news-report', capture: 'none' });
      await api.http().post(`/v1/sources/${source.id}/captures`).set(as(reporter.token)).expect(403);
      await api.http().post(`/v1/sources/${source.id}/uploads`).set(as(reporter.token)).set('Content-Type', 'text/plain').send(Buffer.from('text')).expect(403);
    });
  });

  describe('immutability at the database', () => {
    it('refuses UPDATE and DELETE of a finished capture and of a stored blob', async () => {
      const source = await d.createSource(checker.token, { url: fixtures.url('/plain.txt?v=immutable'), kind: 'primary', subtype: 'official-statement' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture.status).toBe('ok');
      await expect(api.dataSource.query(`UPDATE captures SET status = 'failed', detail = 'rewritten' WHERE id = $1`, [capture.id])).rejects.toThrow(/immutable/);
      await expect(api.dataSource.query('DELETE FROM captures WHERE id = $1', [capture.id])).rejects.toThrow(/immutable/);
      await expect(api.dataSource.query('DELETE FROM blobs WHERE sha256 = $1', [capture.sha256])).rejects.toThrow(/refused/);
      await expect(api.dataSource.query(`UPDATE blobs SET bytes = 'x'::bytea WHERE sha256 = $1`, [capture.sha256])).rejects.toThrow(/refused/);
      expect(await d.capture(checker.token, capture.id)).toEqual(capture);
      expect(sha256((await d.content(checker.token, capture.id)).body as Buffer)).toBe(capture.sha256);
    });

    it('refuses UPDATE of a refused capture too', async () => {
      const source = await d.createSource(checker.token, { url: 'http://10.0.0.1/immutable', kind: 'primary', subtype: 'official-statement' });
      const capture = await d.settledCapture(checker.token, source.id);
      expect(capture.status).toBe('refused');
      await expect(api.dataSource.query(`UPDATE captures SET status = 'ok' WHERE id = $1`, [capture.id])).rejects.toThrow(/immutable/);
    });
  });
});

describe('sources with the default capture settings (loopback refused)', () => {
  let api: ApiHarness;
  let fixtures: FixtureServer;
  let checker: { id: string; token: string };
  let reporter: { id: string; token: string };
  const d = desk(() => api);
  const worker = async (running: boolean) => {
    if (running && !api.worker) await api.startWorker();
    if (!running && api.worker) await api.stopWorker();
  };

  beforeAll(async () => {
    fixtures = await startFixtureServer();
    api = await startApi({}, { worker: false });
    [checker, reporter] = await Promise.all([api.user(['checker']), api.user(['reporter'])]);
  });
  afterAll(async () => {
    await api?.close();
    await fixtures?.close();
  });

  it('defaults CAPTURE_ALLOW_LOOPBACK to false', () => {
    expect(api.config.CAPTURE_ALLOW_LOOPBACK).toBe(false);
  });

  it('refuses evidence on a claim still in intake with 409', async () => {
    // No worker: the claim's intake job waits in the queue, so the claim stays in intake.
    await worker(false);
    const id = await d.claim(reporter.token, checker.token, { body: ENGLISH_BODY, language: 'en', statement: 'Spending rose by 12 percent', exact: 'rose by 12 percent' }, false);
    expect((await api.http().get(`/v1/claims/${id}`).set(as(checker.token)).expect(200)).body.state).toBe('intake');
    const source = await d.createSource(checker.token, { url: 'https://intake.example.net/report', kind: 'secondary', subtype: 'news-report', capture: 'none' });
    const response = await d.attach(checker.token, id, source.id, 409);
    expect(response.body.code).toBe('claim-not-in-research');
    expect((await api.http().get(`/v1/claims/${id}/evidence`).set(as(checker.token)).expect(200)).body.items).toEqual([]);
  });

  it.each([
    ['the fixture server on 127.0.0.1', () => fixtures.url('/plain.txt')],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data'],
    ['a private 10/8 address', () => 'http://10.0.0.1/'],
    ['an IPv4-mapped IPv6 loopback address', () => 'http://[::ffff:127.0.0.1]/'],
    ['a decimal-encoded loopback address', () => 'http://2130706433/'],
  ])('refuses to capture %s: refused address-not-allowed, no connection, no blob, capture.refused audited', async (_label, url) => {
    await worker(true);
    const blobsBefore = await d.blobCount();
    const connectionsBefore = fixtures.connectionCount();
    const source = await d.createSource(checker.token, { url: url(), kind: 'primary', subtype: 'official-statement' });
    const capture = await d.settledCapture(checker.token, source.id);
    expect(capture).toMatchObject({ status: 'refused', reason: 'address-not-allowed', byteSize: null, httpStatus: null });
    await expectNothingStored(d, capture, blobsBefore);
    expect(fixtures.connectionCount()).toBe(connectionsBefore);
  });
});

describe('re-checks: drift and rot', () => {
  let api: ApiHarness;
  let fixtures: FixtureServer;
  let checker: { id: string; token: string };
  let reporter: { id: string; token: string };
  const d = desk(() => api);

  beforeAll(async () => {
    fixtures = await startFixtureServer();
    api = await startApi({ CAPTURE_ALLOW_LOOPBACK: 'true', RECHECK_MIN_AGE_MS: '0' }, { worker: true });
    [checker, reporter] = await Promise.all([api.user(['checker']), api.user(['reporter'])]);
  });
  afterAll(async () => {
    await api?.close();
    await fixtures?.close();
  });

  /** Runs the real re-check job and returns the new (settled) re-check capture of `sourceId`. */
  const recheck = async (sourceId: string, capturesBefore: number) => {
    await api.app.get(JobQueues).enqueue('sources.recheck', {});
    return d.settledCapture(checker.token, sourceId, capturesBefore + 1);
  };

  it('records drift when the page changes and rot when it starts failing, keeping earlier captures and flagging the trail', async () => {
    fixtures.setMutable('The ministry confirmed the talks.\n');
    const claimId = await d.englishClaim(reporter.token, checker.token);
    const source = await d.createSource(checker.token, { url: fixtures.url('/mutable'), kind: 'primary', subtype: 'official-statement' });
    const original = await d.settledCapture(checker.token, source.id);
    expect(original).toMatchObject({ status: 'ok', origin: 'fetch', drift: false, rot: false });
    await d.attach(checker.token, claimId, source.id);

    // Unchanged page: a re-check records neither drift nor rot.
    const same = await recheck(source.id, 1);
    expect(same).toMatchObject({ origin: 'recheck', status: 'ok', sha256: original.sha256, drift: false, rot: false });

    fixtures.setMutable('The ministry denied the talks took place.\n');
    const drifted = await recheck(source.id, 2);
    expect(drifted).toMatchObject({ origin: 'recheck', status: 'ok', drift: true, rot: false });
    expect(drifted.sha256).not.toBe(original.sha256);
    expect(drifted.text).toBe('The ministry denied the talks took place.\n');
    expect(await d.capture(checker.token, original.id)).toEqual(original);
    expect(sha256((await d.content(checker.token, original.id)).body as Buffer)).toBe(original.sha256);
    expect(await d.auditActions(source.id)).toContain('source.drift');
    let node = (await d.trail(checker.token, claimId)).nodes.find((n: { sourceId: string }) => n.sourceId === source.id);
    expect(node).toMatchObject({ drift: true, rot: false, latest: { id: drifted.id }, archived: { id: drifted.id } });

    fixtures.setStatus('/mutable', 500);
    const rotted = await recheck(source.id, 3);
    expect(rotted).toMatchObject({ origin: 'recheck', status: 'failed', reason: 'http-error', httpStatus: 500, rot: true, drift: false, sha256: null });
    expect(await d.auditActions(source.id)).toEqual(expect.arrayContaining(['source.drift', 'source.rot']));
    node = (await d.trail(checker.token, claimId)).nodes.find((n: { sourceId: string }) => n.sourceId === source.id);
    // The latest attempt rotted; the report still links to the last good archive.
    expect(node).toMatchObject({ rot: true, drift: false, deadEnd: false, latest: { id: rotted.id }, archived: { id: drifted.id } });
    expect(await d.capture(checker.token, drifted.id)).toEqual(drifted);
  });

  it('records rot when a re-checked page stops answering with 2xx', async () => {
    const source = await d.createSource(checker.token, { url: fixtures.url('/gone'), kind: 'secondary', subtype: 'news-report' });
    expect((await d.settledCapture(checker.token, source.id)).status).toBe('ok');
    fixtures.setStatus('/gone', 404);
    const rotted = await recheck(source.id, 1);
    expect(rotted).toMatchObject({ origin: 'recheck', status: 'failed', httpStatus: 404, rot: true });
    expect(await d.auditActions(source.id)).toContain('source.rot');
  });
});
