import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import pg from 'pg';
import type { Response } from 'supertest';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

/**
 * Published verification reports through the API and the worker: what a report shows (only approved
 * verdicts), that published versions never change, hostile text, ClaimReview, text direction, readers'
 * error reports and rating scale versions.
 */

const BASE = 'https://desk.example';
const AR_BODY = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');
const EN_BODY = [
  'The minister said unemployment fell to 4.2 percent in March.',
  'The bridge over the river opened in 1998 after six years of work.',
  'Exports to the region doubled over the last decade, the ministry said.',
  'The city council approved a budget of 12 million for new schools.',
  'Rainfall this spring was the lowest since records began in 1901.',
  'The stadium holds 45,000 spectators after its renovation.',
].join('\n');

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u;
const ARABIC_LETTER = /[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]/u;
const LATIN_LETTER = /[A-Za-z]/;
const ARABIC_INDIC_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/u;
const ASCII_DIGITS = /^[0-9]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Doc = ReturnType<typeof parseHTML>['document'];
type El = NonNullable<ReturnType<Doc['querySelector']>>;
type User = { id: string; token: string };
type Stance = 'supports' | 'refutes' | 'context';

interface EvidenceSpec {
  /** An existing source; otherwise a new source with a captured (uploaded) copy is made. */
  sourceId?: string;
  source?: { title?: string | null; url?: string; text?: string };
  stance?: Stance;
  excerpt?: string;
  note?: string;
}

interface Walk {
  rating: string;
  rationale?: string;
  /** Evidence to attach in research. A rating with a value gets one captured source when none is given. */
  evidence?: EvidenceSpec[];
  /** Where to leave the claim: proposed (`review`) or approved (`done`, the default). */
  until?: 'review' | 'done';
}

interface ReportJsonClaim {
  id: string;
  start: number;
  status: 'checked' | 'pending';
  statement: string;
  verdict: { rating: string; label: string; labelEn: string; scaleVersion: number } | null;
  evidence: unknown[];
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
/** What a CDN may do with each public file (apps/api/src/http/caching.ts). */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const NUMBERED_PAGE = 'public, max-age=300, must-revalidate';
const LATEST = 'public, max-age=60, must-revalidate';
const dom = (html: string): Doc => parseHTML(html).document;
const all = (root: Doc | El, selector: string): El[] => [...root.querySelectorAll(selector)] as El[];
const pathOf = (url: string) => new URL(url).pathname;
let unique = 0;
const uniqueUrl = (host = 'docs.example.org') => `https://${host}/doc-${++unique}-${randomBytes(4).toString('hex')}`;

/** Every text node under `root`, with its parent element. */
function textNodes(root: El): { text: string; parent: El }[] {
  const found: { text: string; parent: El }[] = [];
  const visit = (node: El) => {
    for (const child of [...node.childNodes] as unknown as El[]) {
      if (child.nodeType === 3) found.push({ text: child.textContent ?? '', parent: node });
      else if (child.nodeType === 1) visit(child);
    }
  };
  visit(root);
  return found;
}

/** The value of `name` on the element or its nearest ancestor that has it. */
const inherited = (element: El, name: string) => element.closest(`[${name}]`)?.getAttribute(name) ?? null;

describe('verification reports', () => {
  let api: ApiHarness;
  let reporter: User;
  let checker: User;
  let editor: User;
  let admin: User;
  let auditor: User;
  const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    api = await startApi({ PUBLIC_BASE_URL: BASE, READER_REPORTS_PER_WINDOW: '3', READER_REPORTS_WINDOW_MS: '600000' }, { worker: true });
    [reporter, checker, editor, admin, auditor] = await Promise.all([
      api.user(['reporter']),
      api.user(['checker']),
      api.user(['editor']),
      api.user(['admin']),
      api.user(['auditor']),
    ]);
  });
  afterAll(async () => {
    await api?.close();
  });

  // ---- helpers (all through the API) ----

  async function createArticle(input: { title: string; language: string; body: string; url?: string | null; outlet?: string; publishedAt?: string }): Promise<string> {
    const response = await api
      .http()
      .post('/v1/articles')
      .set(as(reporter))
      .send({ url: uniqueUrl('news.example'), publishedAt: '2025-11-20T09:00:00Z', ...input })
      .expect(201);
    return response.body.id as string;
  }

  async function submitClaims(articleId: string, claims: { statement: string; exact: string; claimant?: string; kind?: string }[]): Promise<string[]> {
    const response = await api
      .http()
      .post(`/v1/articles/${articleId}/claims/batch`)
      .set(as(reporter))
      .send({ claims: claims.map(({ exact, ...claim }) => ({ kind: 'event', ...claim, anchor: { exact } })) })
      .expect(201);
    return (response.body.items as { id: string }[]).map((item) => item.id);
  }

  const getClaim = async (id: string) => (await api.http().get(`/v1/claims/${id}`).set(as(checker)).expect(200)).body;

  /** A source whose saved copy is uploaded (the worker then archives it: a captured source). */
  async function capturedSource(spec: { title?: string | null; url?: string; text?: string } = {}): Promise<string> {
    const source = await api
      .http()
      .post('/v1/sources')
      .set(as(checker))
      .send({ url: spec.url ?? uniqueUrl(), kind: 'primary', subtype: 'official-statement', title: spec.title === undefined ? 'Official statement' : spec.title, language: 'en', capture: 'none' })
      .expect(201);
    await api
      .http()
      .post(`/v1/sources/${source.body.id}/uploads`)
      .set(as(checker))
      .set('Content-Type', 'text/plain')
      .send(Buffer.from(spec.text ?? `Saved copy ${randomBytes(6).toString('hex')}: the figures were confirmed.\n`, 'utf8'))
      .expect(202);
    return source.body.id as string;
  }

  async function transition(user: User, claimId: string, body: Record<string, unknown>) {
    const { version } = await getClaim(claimId);
    return (await api.http().post(`/v1/claims/${claimId}/transitions`).set(as(user)).send({ version, ...body }).expect(200)).body;
  }

  /**
   * Walks a claim from intake to `done` (or to `review`) with the given rating: evidence attached and
   * archived in research (or research finished as unverifiable without any), proposed by the checker,
   * approved by the editor.
   */
  async function walk(claimId: string, plan: Walk) {
    await waitFor(async () => (await getClaim(claimId)).state === 'research', { what: `claim ${claimId} to reach research` });
    const evidence = plan.evidence ?? (plan.rating === 'unverifiable' ? [] : [{}]);
    for (const spec of evidence) {
      const sourceId = spec.sourceId ?? (await capturedSource(spec.source));
      await api
        .http()
        .post(`/v1/claims/${claimId}/evidence`)
        .set(as(checker))
        .send({ sourceId, stance: spec.stance ?? 'supports', ...(spec.excerpt ? { excerpt: spec.excerpt } : {}), ...(spec.note ? { note: spec.note } : {}) })
        .expect(201);
    }
    if (evidence.length) {
      await waitFor(
        async () => {
          const items = (await api.http().get(`/v1/claims/${claimId}/evidence`).set(as(checker)).expect(200)).body.items as { archived: unknown }[];
          return items.some((item) => item.archived !== null);
        },
        { what: `a captured source for claim ${claimId}` },
      );
    }
    await transition(checker, claimId, { action: 'finish-research', ...(evidence.length ? {} : { unverifiableReason: 'No source could be captured.' }) });
    const proposed = await transition(checker, claimId, { action: 'propose', rating: plan.rating, rationale: plan.rationale ?? `Rated ${plan.rating} after reading the sources.` });
    expect(proposed.state).toBe('review');
    if (plan.until === 'review') return proposed;
    const approved = await transition(editor, claimId, { action: 'approve' });
    expect(approved.state).toBe('done');
    return approved;
  }

  const publish = (articleId: string, body: Record<string, unknown> = {}, user: User | null = editor) => {
    const request = api.http().post(`/v1/articles/${articleId}/reports`);
    if (user) request.set(as(user));
    return request.send(body);
  };

  const versions = async (articleId: string) =>
    (await api.http().get(`/v1/articles/${articleId}/reports`).set(as(editor)).expect(200)).body.items as { id: string; version: number; status: string; failure: string | null; publishedAt: string | null; correctionNote: string | null }[];

  async function waitPublished(articleId: string, version: number) {
    return waitFor(
      async () => {
        const found = (await versions(articleId)).find((item) => item.version === version);
        if (found?.status === 'failed') throw new Error(`version ${version} failed to render: ${found.failure}`);
        return found?.status === 'published' ? found : null;
      },
      { what: `report version ${version} to be published` },
    );
  }

  /** Publishes the next version and waits until the worker has rendered it. */
  async function publishAndWait(articleId: string, correctionNote?: string, language?: 'en' | 'ar') {
    const response = await publish(articleId, { ...(correctionNote ? { correctionNote } : {}), ...(language ? { language } : {}) }).expect(202);
    return waitPublished(articleId, response.body.version as number);
  }

  const fetchPage = (path: string) => api.http().get(path).expect(200);
  const reportJson = async (articleId: string, version: number) => JSON.parse((await fetchPage(`/reports/${articleId}/v${version}.json`)).text);

  const problemOf = (response: Response) => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as { status: number; code: string; errors?: { field: string; message: string }[] };
  };
  const fieldsOf = (response: Response) => (problemOf(response).errors ?? []).map((error) => error.field);

  /** No script (but JSON-LD), no inline handler, no image, only http(s)/relative links. */
  function expectInert(document: Doc, allowedJsonLd: number) {
    const scripts = all(document, 'script');
    expect(scripts).toHaveLength(allowedJsonLd);
    for (const script of scripts) expect(script.getAttribute('type')).toBe('application/ld+json');
    const handlers = all(document, '*').flatMap((element) => (element.getAttributeNames() as string[]).filter((name) => /^on/i.test(name)).map((name) => `${element.tagName}[${name}]`));
    expect(handlers).toEqual([]);
    expect(all(document, 'img')).toHaveLength(0);
    expect(all(document, 'iframe, object, embed, base, meta[http-equiv]')).toHaveLength(0);
    for (const link of all(document, 'a[href], link[href], form[action]')) {
      const target = (link.getAttribute('href') ?? link.getAttribute('action'))!.trim();
      expect(target).toMatch(/^(https?:\/\/|\/(?!\/)|#)/i);
    }
  }

  // ---- tests ----

  it('shows only approved verdicts of done claims as checked; proposed, returned and reopened claims are pending, in article order, with summary, sources and methodology', async () => {
    const articleId = await createArticle({ title: 'City figures roundup', language: 'en', body: EN_BODY });
    // Submitted out of article order on purpose.
    const [stadium, unemployment, budget, bridge, rainfall, exports] = await submitClaims(articleId, [
      { statement: 'The stadium holds 45,000 spectators', exact: 'holds 45,000 spectators' },
      { statement: 'Unemployment fell to 4.2 percent in March', exact: 'fell to 4.2 percent' },
      { statement: 'The council approved a 12 million budget for schools', exact: 'budget of 12 million' },
      { statement: 'The bridge opened in 1998', exact: 'opened in 1998' },
      { statement: 'Spring rainfall was the lowest since 1901', exact: 'lowest since records began' },
      { statement: 'Exports to the region doubled in ten years', exact: 'doubled over the last decade' },
    ]);
    const stadiumSource = await capturedSource({ title: 'Stadium operator annual report' });
    const bridgeSource = await capturedSource({ title: 'Bridge authority history page' });
    const budgetSource = await capturedSource({ title: 'Council minutes (returned claim)' });
    await Promise.all([
      walk(stadium!, { rating: 'accurate', evidence: [{ sourceId: stadiumSource }] }),
      walk(bridge!, { rating: 'accurate', evidence: [{ sourceId: bridgeSource }] }),
      walk(exports!, { rating: 'unverifiable' }),
      walk(unemployment!, { rating: 'misleading', until: 'review' }),
      walk(budget!, { rating: 'inaccurate', evidence: [{ sourceId: budgetSource }], until: 'review' }).then(() =>
        transition(editor, budget!, { action: 'return', to: 'assessment', comment: 'Check the council minutes again.' }),
      ),
      walk(rainfall!, { rating: 'accurate' }).then(() => transition(editor, rainfall!, { action: 'reopen', to: 'assessment', comment: 'A reader sent newer data.' })),
    ]);
    expect((await getClaim(unemployment!)).state).toBe('review');
    expect((await getClaim(budget!)).state).toBe('assessment');
    expect((await getClaim(rainfall!)).state).toBe('assessment');

    await publishAndWait(articleId);
    const page = await fetchPage(`/reports/${articleId}/v1`);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const document = dom(page.text);

    const checked = [stadium!, bridge!, exports!];
    const pending = [unemployment!, budget!, rainfall!];
    expect(all(document, '.claim-checked').map((element) => element.id).sort()).toEqual(checked.map((id) => `claim-${id}`).sort());
    expect(all(document, '.claim-pending').map((element) => element.id).sort()).toEqual(pending.map((id) => `claim-${id}`).sort());
    for (const id of pending) {
      expect(document.querySelector(`#claim-${id} .verdict.pending`)).not.toBeNull();
      expect(document.querySelector(`#claim-${id} .verdict-label`)).toBeNull();
    }
    // The proposed and the returned ratings are not shown anywhere.
    expect(all(document, '.verdict-label').map((element) => element.getAttribute('data-rating')).sort()).toEqual(['accurate', 'accurate', 'unverifiable']);

    const json = await reportJson(articleId, 1);
    const statusOf = Object.fromEntries((json.claims as ReportJsonClaim[]).map((claim) => [claim.id, claim.status]));
    expect(statusOf).toEqual({ ...Object.fromEntries(checked.map((id) => [id, 'checked'])), ...Object.fromEntries(pending.map((id) => [id, 'pending'])) });
    for (const claim of json.claims as ReportJsonClaim[]) {
      if (claim.status === 'pending') expect(claim).toMatchObject({ verdict: null, evidence: [] });
    }

    // Summary counts by rating, and the pending count.
    expect(json.summary).toEqual(
      expect.arrayContaining([
        { rating: 'accurate', label: 'Accurate', labelEn: 'Accurate', count: 2 },
        { rating: 'unverifiable', label: 'Unverifiable', labelEn: 'Unverifiable', count: 1 },
      ]),
    );
    expect(json.summary).toHaveLength(2);
    expect(json.pendingCount).toBe(3);
    const summary = all(document, '.summary li').map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    expect(summary.sort()).toEqual(['Accurate: 2', 'Not checked yet: 3', 'Unverifiable: 1']);

    // Claims in article order: by the position of their anchors, not by submission.
    const expectedOrder = [unemployment!, bridge!, exports!, budget!, rainfall!, stadium!];
    expect(all(document, '.claims article.claim').map((element) => element.id)).toEqual(expectedOrder.map((id) => `claim-${id}`));
    expect((json.claims as ReportJsonClaim[]).map((claim) => claim.id)).toEqual(expectedOrder);
    const starts = (json.claims as ReportJsonClaim[]).map((claim) => claim.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    // Sources of the checked claims are listed; the returned claim's source is not.
    const listed = all(document, '#sources li a').map((link) => link.textContent);
    expect(listed.sort()).toEqual(['Bridge authority history page', 'Stadium operator annual report']);
    expect((json.sources as { id: string }[]).map((source) => source.id).sort()).toEqual([bridgeSource, stadiumSource].sort());

    const methodology = document.querySelector('#methodology');
    expect(methodology?.querySelector('h2')?.textContent).toBe('How we checked');
    expect(methodology?.textContent).toContain('Only approved ratings are shown');

    const markdown = await fetchPage(`/reports/${articleId}/v1.md`);
    expect(markdown.text).toContain('## How we checked');
    expect(markdown.text).toContain('- Not checked yet: 3');
  });

  it('serves published versions byte-identical after later edits, refuses to change stored artifacts at the database, and numbers corrections with their notes', async () => {
    const articleId = await createArticle({ title: 'Bridge and budget', language: 'en', body: EN_BODY });
    const [bridge, budget] = await submitClaims(articleId, [
      { statement: 'The bridge opened in 1998', exact: 'opened in 1998' },
      { statement: 'The council approved a 12 million budget for schools', exact: 'budget of 12 million' },
    ]);
    const sourceId = await capturedSource({ title: 'Bridge authority history page' });
    await walk(bridge!, { rating: 'accurate', evidence: [{ sourceId }] });
    await waitFor(async () => (await getClaim(budget!)).state === 'research', { what: 'the second claim to reach research' });
    const v1 = await publishAndWait(articleId);
    expect(v1).toMatchObject({ version: 1, status: 'published', correctionNote: null });

    const paths = [
      `/reports/${articleId}/v1`,
      `/reports/${articleId}/v1.json`,
      `/reports/${articleId}/v1.md`,
      `/reports/${articleId}/v1/claims/${bridge}`,
      `/reports/${articleId}/v1/claims/${bridge}.jsonld`,
    ];
    const before = await Promise.all(paths.map(async (path) => (await fetchPage(path)).text));
    // JSON, Markdown and ClaimReview files are immutable; HTML pages are revalidated (a later version adds a notice).
    const immutable = (path: string) => /\.(json|md|jsonld)$/.test(path);
    for (const [index, path] of paths.entries()) {
      const response = await fetchPage(path);
      expect(response.headers.etag).toBe(`"${sha256(before[index]!)}"`);
      expect({ path, cacheControl: response.headers['cache-control'] }).toEqual({ path, cacheControl: immutable(path) ? IMMUTABLE : NUMBERED_PAGE });
      // A cache revalidating with the ETag it holds gets a 304 without a body.
      const revalidated = await api.http().get(path).set('If-None-Match', response.headers.etag!).expect(304);
      expect(revalidated.text ?? '').toBe('');
      expect(revalidated.headers['cache-control']).toBe(response.headers['cache-control']);
    }
    // The archived copy the report links to: immutable, its ETag the sha256 of the bytes served.
    const [archivePath] = before[1]!.match(/\/archive\/[0-9a-f-]{36}/) ?? [];
    const archivedCopy = await api.http().get(archivePath!).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(archivedCopy.headers['cache-control']).toBe(IMMUTABLE);
    expect(archivedCopy.headers.etag).toBe(`"${sha256(archivedCopy.body as Buffer)}"`);
    await api.http().get(archivePath!).set('If-None-Match', archivedCopy.headers.etag!).expect(304);
    // A version that is not published yet is a 404 no cache may keep (it will exist soon).
    const notYet = await api.http().get(`/reports/${articleId}/v2.json`).expect(404);
    expect(notYet.headers['cache-control']).toBe('private, no-store');
    // The stored hashes of all files add up to the version's content hash.
    const stored: { path: string; sha256: string; body: string }[] = await api.dataSource.query(
      `SELECT a.path, a.sha256, a.body FROM report_artifacts a JOIN reports r ON r.id = a.report_id WHERE r.article_id = $1 AND r.version = 1 ORDER BY a.path`,
      [articleId],
    );
    expect(stored.map((row) => row.path)).toEqual(['claims/' + bridge + '.html', 'claims/' + bridge + '.jsonld', 'index.html', 'report.json', 'report.md'].sort());
    for (const row of stored) expect(row.sha256).toBe(sha256(row.body));

    // Later edits: another claim approved, the source retitled, the article retitled, a reader report.
    await walk(budget!, { rating: 'inaccurate', evidence: [{ sourceId: await capturedSource({ title: 'Council minutes' }) }] });
    await api.dataSource.query(`UPDATE sources SET title = 'Bridge authority (renamed)' WHERE id = $1`, [sourceId]);
    await api.dataSource.query(`UPDATE articles SET title = 'Bridge and budget (updated)' WHERE id = $1`, [articleId]);
    await api.http().post(`/reports/${articleId}/errors`).set('X-Forwarded-For', '198.51.100.1').send({ message: 'The bridge date is wrong.' }).expect(201);

    const after = await Promise.all(paths.map(async (path) => (await fetchPage(path)).text));
    expect(after).toEqual(before);

    // The database itself refuses to rewrite or remove a published report or its files.
    const [{ id: v1Id }]: { id: string }[] = await api.dataSource.query('SELECT id FROM reports WHERE article_id = $1 AND version = 1', [articleId]);
    const client = new pg.Client({ connectionString: api.db.url });
    await client.connect();
    try {
      for (const sql of [
        `UPDATE report_artifacts SET body = body || ' ' WHERE report_id = $1`,
        `UPDATE report_artifacts SET sha256 = 'x' WHERE report_id = $1 AND path = 'index.html'`,
        'DELETE FROM report_artifacts WHERE report_id = $1',
        `UPDATE reports SET correction_note = 'rewritten' WHERE id = $1`,
        'DELETE FROM reports WHERE id = $1',
      ]) {
        await expect(client.query(sql, [v1Id])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/immutable/) });
      }
    } finally {
      await client.end();
    }
    const [{ n }]: { n: number }[] = await api.dataSource.query('SELECT count(*)::int AS n FROM report_artifacts WHERE report_id = $1', [v1Id]);
    expect(n).toBe(paths.length);
    expect((await Promise.all(paths.map(async (path) => (await fetchPage(path)).text)))).toEqual(before);

    const blank = await publish(articleId, { correctionNote: '   ' });
    expect([400, 422]).toContain(blank.status);
    expect(fieldsOf(blank)).toEqual(['correctionNote']);
    expect((await versions(articleId)).map((item) => item.version)).toEqual([1]);

    // Version 2 only adds a verdict: an update, which needs no note.
    const v2 = await publishAndWait(articleId);
    expect(v2).toMatchObject({ version: 2, kind: 'update', correctionNote: null });
    const v2Page = dom((await fetchPage(`/reports/${articleId}/v2`)).text);
    expect(v2Page.querySelector('#corrections')).toBeNull();
    expect(all(v2Page, '#history li').map((item) => item.getAttribute('data-kind'))).toEqual(['first', 'update']);
    expect(all(v2Page, '.claim-checked')).toHaveLength(2);
    expect(all(v2Page, '#sources li a').map((link) => link.textContent)).toContain('Bridge authority (renamed)');
    expect(v2Page.querySelector('h1')!.textContent).toContain('Bridge and budget (updated)');

    // A published verdict changes (reopened, rated again): a correction, refused without a note.
    await transition(editor, bridge!, { action: 'reopen', to: 'assessment', comment: 'The bridge opened in 1999.' });
    await transition(checker, bridge!, { action: 'propose', rating: 'inaccurate', rationale: 'The bridge opened in 1999, not 1998.' });
    await transition(editor, bridge!, { action: 'approve' });
    const refused = await publish(articleId, {}).expect(422);
    expect(problemOf(refused).code).toBe('correction-note-required');
    expect(fieldsOf(refused)).toEqual(['correctionNote']);
    expect((await versions(articleId)).map((item) => item.version)).toEqual([1, 2]);
    const note = 'Corrected the bridge: it opened in 1999.';
    const v3 = await publishAndWait(articleId, note);
    expect(v3).toMatchObject({ version: 3, kind: 'correction', correctionNote: note });
    const v3Text = (await fetchPage(`/reports/${articleId}/v3`)).text;
    const v3Page = dom(v3Text);
    const notes = all(v3Page, '#corrections li').map((item) => item.textContent!);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Version 3/);
    expect(notes[0]).toContain(note);
    expect(all(v3Page, '#history li').map((item) => item.getAttribute('data-kind'))).toEqual(['first', 'update', 'correction']);
    const v3Json = await reportJson(articleId, 3);
    expect(v3Json.corrections.map((c: { version: number; note: string }) => [c.version, c.note])).toEqual([[3, note]]);
    expect(v3Json.history.map((h: { version: number; kind: string }) => [h.version, h.kind])).toEqual([[1, 'first'], [2, 'update'], [3, 'correction']]);

    // Version 1 now shows the notice, served around its stored bytes, which are unchanged (hash and all).
    const storedAfter: { path: string; sha256: string; body: string }[] = await api.dataSource.query(
      `SELECT a.path, a.sha256, a.body FROM report_artifacts a JOIN reports r ON r.id = a.report_id WHERE r.article_id = $1 AND r.version = 1 ORDER BY a.path`,
      [articleId],
    );
    expect(storedAfter).toEqual(stored);
    const servedV1 = await fetchPage(`/reports/${articleId}/v1`);
    const notice = dom(servedV1.text).querySelector('#later-version')!;
    expect(notice.textContent).toContain('version 3');
    expect(notice.textContent).toContain(note);
    expect(notice.querySelector('a')!.getAttribute('href')).toBe(`/reports/${articleId}/v3`);
    expect(servedV1.text.replace(/\n<aside class="later-version"[\s\S]*?<\/aside>\n/, '')).toBe(before[0]);
    expect(servedV1.headers.etag).toBe(`"${sha256(before[0]!)}.v3"`);
    expect(servedV1.headers.link).toBe(`</reports/${articleId}/v3>; rel="latest-version"`);
    expect(servedV1.headers['cache-control']).toBe(NUMBERED_PAGE);
    await api.http().get(`/reports/${articleId}/v1`).set('If-None-Match', `"${sha256(before[0]!)}.v3"`).expect(304);
    // A cache still holding version 1 as first published revalidates and gets the page with its notice.
    const stale = await api.http().get(`/reports/${articleId}/v1`).set('If-None-Match', `"${sha256(before[0]!)}"`).expect(200);
    expect(dom(stale.text).querySelector('#later-version')).not.toBeNull();
    // The immutable files of version 1 answer exactly as before, headers included: their latest-version
    // link is the address that always names the latest.
    const v1Json = await fetchPage(`/reports/${articleId}/v1.json`);
    expect(v1Json.headers.etag).toBe(`"${sha256(before[1]!)}"`);
    expect(v1Json.headers['cache-control']).toBe(IMMUTABLE);
    expect(v1Json.headers.link).toBe(`</reports/${articleId}>; rel="latest-version"`);
    expect(dom((await fetchPage(`/reports/${articleId}/v1/claims/${bridge}`)).text).querySelector('#later-version')).not.toBeNull();
    // Non-HTML files are served exactly as stored.
    expect((await fetchPage(`/reports/${articleId}/v1.json`)).text).toBe(before[1]);
    expect(dom(before[0]!).querySelector('#corrections')).toBeNull();
    const latest = await fetchPage(`/reports/${articleId}`);
    expect(latest.text).toBe(v3Text);
    expect(latest.headers['content-location']).toBe(`/reports/${articleId}/v3`);
    expect(latest.headers['cache-control']).toBe(LATEST);
    await api.http().get(`/reports/${articleId}`).set('If-None-Match', latest.headers.etag!).expect(304);
    expect((await versions(articleId)).map((item) => [item.version, item.status])).toEqual([[1, 'published'], [2, 'published'], [3, 'published']]);
  });

  it('lets only editors publish, answers the same Idempotency-Key with the same version, and refuses a second publish while one is rendering with 409', async () => {
    const articleId = await createArticle({ title: 'Publishing rules', language: 'en', body: EN_BODY });
    await submitClaims(articleId, [{ statement: 'The bridge opened in 1998', exact: 'opened in 1998' }]);

    const anonymous = await publish(articleId, {}, null).expect(401);
    problemOf(anonymous);
    problemOf(await publish(articleId, {}, checker).expect(403));
    problemOf(await publish(articleId, {}, reporter).expect(403));
    problemOf(await publish(articleId, {}, auditor).expect(403));
    expect(await versions(articleId)).toEqual([]);

    const key = `publish-${randomBytes(6).toString('hex')}`;
    const first = await api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor)).set('Idempotency-Key', key).send({}).expect(202);
    const again = await api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor)).set('Idempotency-Key', key).send({}).expect(202);
    expect(first.body).toMatchObject({ version: 1, urls: { html: `${BASE}/reports/${articleId}/v1` } });
    expect(first.headers.location).toBe(`${BASE}/reports/${articleId}/v1`);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.version).toBe(1);
    await waitPublished(articleId, 1);
    // Replayed after rendering: still the same version, nothing new reserved.
    const late = await api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor)).set('Idempotency-Key', key).send({}).expect(202);
    expect(late.body.id).toBe(first.body.id);
    expect((await versions(articleId)).map((item) => item.version)).toEqual([1]);

    // With the worker stopped, version 2 stays in rendering and a further publish is a conflict.
    await api.stopWorker();
    try {
      const second = await publish(articleId, { correctionNote: 'Second version.' }).expect(202);
      expect(second.body).toMatchObject({ version: 2, status: 'rendering' });
      const conflict = await publish(articleId, { correctionNote: 'Third version.' }).expect(409);
      expect(problemOf(conflict).code).toBe('report-rendering');
      await api.http().get(`/reports/${articleId}/v2`).expect(404);
      expect((await versions(articleId)).map((item) => [item.version, item.status])).toEqual([[1, 'published'], [2, 'rendering']]);
    } finally {
      await api.startWorker();
    }
    await waitPublished(articleId, 2);
    await publishAndWait(articleId, 'Third version.');
    expect((await versions(articleId)).map((item) => item.version)).toEqual([1, 2, 3]);
  });

  it('renders hostile text from every field inert (no script, handler, image or javascript: link) while showing it literally', async () => {
    const hostile = (label: string) => `${label} ${SCRIPT} ${IMG}`;
    const articleId = await createArticle({ title: hostile('Title'), outlet: hostile('Outlet'), language: 'en', body: EN_BODY });
    const refusedUrl = await api.http().post('/v1/sources').set(as(checker)).send({ url: 'javascript:alert(1)', kind: 'primary', subtype: 'other' });
    expect([400, 422]).toContain(refusedUrl.status);
    expect(fieldsOf(refusedUrl)).toEqual(['url']);

    const [claimId] = await submitClaims(articleId, [{ statement: hostile('Statement'), claimant: hostile('Claimant'), exact: 'opened in 1998' }]);
    const hostileSource = await capturedSource({ title: hostile('Source title') });
    // A source without a title shows its URL, which carries markup in its query.
    const urlSource = (
      await api.http().post('/v1/sources').set(as(checker)).send({ url: `https://evil.example/page?q=${IMG}&r=${SCRIPT}`, kind: 'secondary', subtype: 'news-report', capture: 'none' }).expect(201)
    ).body.id as string;
    const storedJavascript = (
      await api.http().post('/v1/sources').set(as(checker)).send({ url: uniqueUrl('legacy.example'), kind: 'secondary', subtype: 'other', title: 'Legacy link', capture: 'none' }).expect(201)
    ).body.id as string;
    // Even a javascript: URL that got into the database (legacy data) must not become a live link.
    await api.dataSource.query(`UPDATE sources SET url = 'javascript:alert(document.cookie)' WHERE id = $1`, [storedJavascript]);
    await walk(claimId!, {
      rating: 'inaccurate',
      rationale: hostile('Rationale'),
      evidence: [
        { sourceId: hostileSource, stance: 'refutes', excerpt: hostile('Excerpt'), note: hostile('Note') },
        { sourceId: urlSource, stance: 'context' },
        { sourceId: storedJavascript, stance: 'context' },
      ],
    });
    await publishAndWait(articleId);

    const pages = [
      { path: `/reports/${articleId}/v1`, jsonLd: 0 },
      { path: `/reports/${articleId}`, jsonLd: 0 },
      { path: `/reports/${articleId}/v1/claims/${claimId}`, jsonLd: 1 },
    ];
    for (const { path, jsonLd } of pages) {
      const response = await fetchPage(path);
      const document = dom(response.text);
      expectInert(document, jsonLd);
      const text = document.body.textContent!;
      for (const label of ['Statement', 'Claimant', 'Rationale', 'Source title', 'Excerpt', 'Note']) {
        expect(text).toContain(hostile(label));
      }
      // The report page is headed by the article's title; a claim page by its claim, under the article's title.
      expect(document.querySelector('.masthead h1, .masthead .report-title')!.textContent).toContain(hostile('Title'));
      if (jsonLd) expect(document.querySelector('h1')!.textContent).toBe(hostile('Statement'));
      expect(text).toContain(`https://evil.example/page?q=${IMG}&r=${SCRIPT}`);
      const legacy = all(document, 'a').find((link) => link.textContent === 'Legacy link');
      expect(legacy?.getAttribute('href')).toBe('#');
      if (jsonLd) {
        const embedded = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!);
        const served = JSON.parse((await fetchPage(`${path}.jsonld`)).text);
        expect(embedded).toEqual(served);
        expect(embedded.claimReviewed).toBe(hostile('Statement'));
        // The raw JSON-LD cannot close its script element.
        expect(document.querySelector('script')!.textContent).not.toMatch(/<\/script/i);
      }
    }
    const markdown = (await fetchPage(`/reports/${articleId}/v1.md`)).text;
    // Markdown: user text escaped, link destinations only http(s), so no raw HTML or javascript: link.
    expect(markdown).not.toMatch(/(^|[^\\])<(script|img)/im);
    expect(markdown).not.toMatch(/\]\(<?javascript:/i);
    expect(markdown).toContain('[Legacy link](<#>)');
  });

  it('embeds exactly one schema.org ClaimReview per claim page, equal to the .jsonld file, with typed, ASCII-digit ratings and an archived article', async () => {
    const articleUrl = 'https://news.example/ar/moscow-talks';
    const articleId = await createArticle({ title: 'محادثات موسكو', language: 'ar', body: AR_BODY, url: articleUrl, publishedAt: '2025-11-20T09:00:00Z' });
    const [talks, treaty, pendingClaim] = await submitClaims(articleId, [
      { statement: 'Russia and China held talks in Moscow this week', claimant: 'وزارة الخارجية الروسية', exact: 'أجرتا محادثات في العاصمة موسكو' },
      { statement: 'The friendship treaty dates from 2001', exact: 'الموقعة عام 2001', kind: 'date' },
      { statement: 'Shoigu met Wang Yi in Beijing', exact: 'في 12 نوفمبر الجاري' },
    ]);
    await Promise.all([walk(talks!, { rating: 'accurate', rationale: 'The ministry statement confirms the talks.' }), walk(treaty!, { rating: 'unverifiable' })]);
    const published = await publishAndWait(articleId);
    await api.http().get(`/reports/${articleId}/v1/claims/${pendingClaim}`).expect(404);
    await api.http().get(`/reports/${articleId}/v1/claims/${pendingClaim}.jsonld`).expect(404);
    expect(all(dom((await fetchPage(`/reports/${articleId}/v1`)).text), 'script')).toHaveLength(0);

    const verdictWords = /\b(true|false|accurate|inaccurate|misleading|unverifiable|correct|incorrect|misquote|paraphrase)\b|دقيق|مضلل|تعذّر/iu;
    const reviews: Record<string, Record<string, unknown>> = {};
    for (const [claimId, statement] of [
      [talks!, 'Russia and China held talks in Moscow this week'],
      [treaty!, 'The friendship treaty dates from 2001'],
    ] as const) {
      const path = `/reports/${articleId}/v1/claims/${claimId}`;
      const page = await fetchPage(path);
      const document = dom(page.text);
      const blocks = all(document, 'script[type="application/ld+json"]');
      expect(blocks).toHaveLength(1);
      expect(all(document, 'script')).toHaveLength(1);
      const review = JSON.parse(blocks[0]!.textContent!);
      const jsonld = await fetchPage(`${path}.jsonld`);
      expect(jsonld.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(JSON.parse(jsonld.text)).toEqual(review);
      reviews[claimId] = review;

      expect(review['@context']).toBe('https://schema.org');
      expect(review['@type']).toBe('ClaimReview');
      expect(review.url).toBe(`${BASE}${path}`);
      expect(new URL(review.url).host).toBe(new URL(BASE).host);
      expect(review.claimReviewed).toBe(statement);
      expect(review.claimReviewed).not.toMatch(verdictWords);
      expect(review.author).toMatchObject({ '@type': 'Organization', name: expect.any(String) });
      expect(review.author.name.length).toBeGreaterThan(0);
      expect(review.datePublished).toMatch(ISO_DATE);
      expect(review.datePublished).toBe(published.publishedAt!.slice(0, 10));
      expect(Number.isNaN(Date.parse(review.datePublished))).toBe(false);
      expect(review.reviewRating['@type']).toBe('Rating');
      expect(typeof review.reviewRating.alternateName).toBe('string');
      expect(document.querySelector('.verdict-label')!.textContent).toBe(review.reviewRating.alternateName);
      expect(review.itemReviewed['@type']).toBe('Claim');
      expect(review.itemReviewed.appearance).toMatchObject({ url: articleUrl });
      expect(review.itemReviewed.datePublished).toBe('2025-11-20');
      expect(typeof review.itemReviewed.archivedAt).toBe('string');
      expect(new URL(review.itemReviewed.archivedAt).protocol).toBe('https:');
      expect(JSON.stringify(review)).not.toMatch(ARABIC_INDIC_DIGIT);
    }

    const talksReview = reviews[talks!] as { reviewRating: Record<string, unknown>; itemReviewed: Record<string, unknown> };
    expect(talksReview.reviewRating.alternateName).toBe('دقيق');
    const { ratingValue, bestRating, worstRating } = talksReview.reviewRating as { ratingValue: string; bestRating: string; worstRating: string };
    for (const value of [ratingValue, bestRating, worstRating]) {
      expect(typeof value).toBe('string');
      expect(value).toMatch(ASCII_DIGITS);
    }
    expect(Number(worstRating)).toBeGreaterThanOrEqual(1);
    expect(Number(worstRating)).toBeLessThan(Number(bestRating));
    expect(Number(ratingValue)).toBeGreaterThanOrEqual(Number(worstRating));
    expect(Number(ratingValue)).toBeLessThanOrEqual(Number(bestRating));
    expect([ratingValue, bestRating, worstRating]).toEqual(['4', '4', '1']);
    expect(talksReview.itemReviewed.author).toEqual({ '@type': 'Organization', name: 'وزارة الخارجية الروسية' });
    const talksPage = dom((await fetchPage(`/reports/${articleId}/v1/claims/${talks}`)).text);
    // The page is headed by its claim; the rating is a label, the scale explained on the report page, not "4 of 4".
    expect(talksPage.querySelector('h1')!.textContent).toBe('Russia and China held talks in Moscow this week');
    expect(talksPage.body.textContent).not.toMatch(/\b4 of 4\b/);

    const treatyReview = reviews[treaty!] as { reviewRating: Record<string, unknown>; itemReviewed: Record<string, unknown> };
    expect(treatyReview.reviewRating.alternateName).toBe('تعذّر التحقق');
    expect(treatyReview.reviewRating).not.toHaveProperty('ratingValue');
    expect(treatyReview.reviewRating).not.toHaveProperty('bestRating');
    expect(treatyReview.reviewRating).not.toHaveProperty('worstRating');
    expect(treatyReview.itemReviewed).not.toHaveProperty('author');

    // archivedAt serves the article as received.
    const archived = await fetchPage(pathOf(talksReview.itemReviewed.archivedAt as string));
    expect(archived.headers['content-type']).toMatch(/^text\/plain/);
    expect(archived.text).toBe(AR_BODY);
    expect(archived.headers['content-security-policy']).toContain('sandbox');
    expect(archived.headers['cache-control']).toBe(IMMUTABLE);
    expect(archived.headers.etag).toBe(`"${sha256(AR_BODY)}"`);
    await api.http().get(pathOf(talksReview.itemReviewed.archivedAt as string)).set('If-None-Match', archived.headers.etag!).expect(304);
  });

  it('writes an Arabic article’s report in Arabic by default and in English when asked, marking every Arabic piece rtl/ar and every English piece ltr/en, under a CSP without inline code', async () => {
    const title = 'محادثات موسكو حول الدفاع الصاروخي';
    const articleId = await createArticle({ title, language: 'ar', body: AR_BODY, url: 'https://news.example/ar/missile-talks' });
    const [meeting, treaty] = await submitClaims(articleId, [
      { statement: 'Shoigu met Wang Yi in Beijing in November', exact: 'في 12 نوفمبر الجاري' },
      { statement: 'وقعت معاهدة الصداقة عام 2001', exact: 'الموقعة عام 2001', kind: 'date' },
    ]);
    const arabicRationale = 'يؤكد البيان الرسمي موعد الاجتماع ومكانه.';
    const englishRationale = 'No copy of the treaty could be captured.';
    await Promise.all([
      walk(meeting!, { rating: 'accurate', rationale: arabicRationale, evidence: [{ source: { title: 'Ministry statement on the Beijing meeting' } }] }),
      walk(treaty!, { rating: 'unverifiable', rationale: englishRationale }),
    ]);
    // By default the report is in the article's language: an Arabic page, the English statement marked as English.
    const arabic = await publishAndWait(articleId);
    expect(arabic).toMatchObject({ version: 1, kind: 'first', language: 'ar' });
    const arabicPage = dom((await fetchPage(`/reports/${articleId}/v1`)).text);
    expect([arabicPage.documentElement.getAttribute('lang'), arabicPage.documentElement.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    const englishStatement = arabicPage.querySelector(`#claim-${meeting} .statement span[dir]`)!;
    expect([englishStatement.getAttribute('lang'), englishStatement.getAttribute('dir')]).toEqual(['en', 'ltr']);
    expect(arabicPage.querySelector(`#claim-${meeting} .verdict-label`)!.textContent).toBe('دقيق');
    expect(all(arabicPage, 'time').length).toBeGreaterThanOrEqual(2);
    for (const time of all(arabicPage, 'time')) expect(Number.isNaN(Date.parse(time.getAttribute('datetime')!))).toBe(false);
    // Nothing published changed: version 2, in English, is an update.
    expect(await publishAndWait(articleId, undefined, 'en')).toMatchObject({ version: 2, kind: 'update', language: 'en' });

    for (const path of [`/reports/${articleId}/v2`, `/reports/${articleId}/v2/claims/${meeting}`]) {
      const response = await fetchPage(path);
      const csp = response.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      const document = dom(response.text);
      const html = document.documentElement;
      expect([html.getAttribute('lang'), html.getAttribute('dir')]).toEqual(['en', 'ltr']);

      const claim = document.querySelector(`#claim-${meeting}`)!;
      const quote = claim.querySelector('blockquote.anchor')!;
      expect([quote.getAttribute('lang'), quote.getAttribute('dir')]).toEqual(['ar', 'rtl']);
      const mark = claim.querySelector('mark')!;
      expect(mark.textContent).toBe('في 12 نوفمبر الجاري');
      expect([inherited(mark, 'lang'), inherited(mark, 'dir')]).toEqual(['ar', 'rtl']);
      const rationale = claim.querySelector('.rationale p')!;
      expect(rationale.textContent).toBe(arabicRationale);
      expect([rationale.getAttribute('lang'), rationale.getAttribute('dir')]).toEqual(['ar', 'rtl']);
      const label = claim.querySelector('.verdict-label')!;
      expect(label.textContent).toBe('Accurate');
      expect([label.getAttribute('lang'), label.getAttribute('dir')]).toEqual(['en', 'ltr']);
      const statement = claim.querySelector('.statement span[dir]')!;
      expect(statement.textContent).toBe('Shoigu met Wang Yi in Beijing in November');
      expect([statement.getAttribute('lang'), statement.getAttribute('dir')]).toEqual(['en', 'ltr']);
      const titleSpan = document.querySelector('.masthead h1 span, .masthead .report-title span')!;
      expect(titleSpan.textContent).toBe(title);
      expect([titleSpan.getAttribute('lang'), titleSpan.getAttribute('dir')]).toEqual(['ar', 'rtl']);

      // Every piece of text in the body: Arabic sits in rtl/ar, Latin in ltr/en.
      const body = document.body as unknown as El;
      const nodes = textNodes(body).filter(({ text }) => text.trim());
      expect(nodes.filter(({ text }) => ARABIC_LETTER.test(text)).length).toBeGreaterThanOrEqual(3);
      expect(nodes.filter(({ text }) => LATIN_LETTER.test(text)).length).toBeGreaterThanOrEqual(10);
      const wrong = nodes.flatMap(({ text, parent }) => {
        const dir = inherited(parent, 'dir');
        const lang = inherited(parent, 'lang');
        if (ARABIC_LETTER.test(text) && (dir !== 'rtl' || !lang?.startsWith('ar'))) return [`${text.trim()} (${lang}, ${dir})`];
        if (!ARABIC.test(text) && LATIN_LETTER.test(text) && (dir !== 'ltr' || lang !== 'en')) return [`${text.trim()} (${lang}, ${dir})`];
        return [];
      });
      expect(wrong).toEqual([]);
    }

    // The other claim: Arabic statement, English rationale.
    const page = dom((await fetchPage(`/reports/${articleId}/v2`)).text);
    const other = page.querySelector(`#claim-${treaty}`)!;
    const statement = other.querySelector('.statement span[dir]')!;
    expect([statement.getAttribute('lang'), statement.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    const rationale = other.querySelector('.rationale p')!;
    expect(rationale.textContent).toBe(englishRationale);
    expect([rationale.getAttribute('lang'), rationale.getAttribute('dir')]).toEqual(['en', 'ltr']);
    const summaryLabels = all(page, '.summary li span');
    expect(summaryLabels.map((span) => [span.textContent, span.getAttribute('lang'), span.getAttribute('dir')]).sort()).toEqual(
      [
        ['Accurate', 'en', 'ltr'],
        ['Unverifiable', 'en', 'ltr'],
      ].sort(),
    );
  });

  it('accepts readers\' error reports as a form or JSON (201), lists them for editors with audit events, lets editors resolve them, and refuses bad ones with problem+json', async () => {
    const articleId = await createArticle({ title: 'Reader reports', language: 'en', body: EN_BODY });
    const [claimId] = await submitClaims(articleId, [{ statement: 'The bridge opened in 1998', exact: 'opened in 1998' }]);
    const otherArticle = await createArticle({ title: 'No report yet', language: 'en', body: EN_BODY });
    const [foreignClaim] = await submitClaims(otherArticle, [{ statement: 'The stadium holds 45,000 spectators', exact: 'holds 45,000 spectators' }]);
    await publishAndWait(articleId);
    const errors = (ip: string) => api.http().post(`/reports/${articleId}/errors`).set('X-Forwarded-For', ip);

    const form = await errors('192.0.2.10')
      .type('form')
      .send({ message: 'The bridge opened in 1999, not 1998.', contact: 'reader@example.org', version: '1', claimId: claimId! })
      .expect(201);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    expect(dom(form.text).body.textContent).toContain('Thank you');
    const json = await errors('192.0.2.10').send({ message: 'The headline overstates the figures.' }).expect(201);
    expect(json.body).toEqual({ id: expect.any(String), received: true });

    // Refused: too long, empty, unknown fields, a claim of another article, an article without a report.
    const tooLong = await errors('192.0.2.11').send({ message: 'x'.repeat(4001) }).expect(400);
    expect(fieldsOf(tooLong)).toEqual(['message']);
    const empty = await errors('192.0.2.11').type('form').send({ message: '   ' }).expect(400);
    expect(fieldsOf(empty)).toEqual(['message']);
    const unknown = await errors('192.0.2.11').send({ message: 'Something is off here.', rating: 'accurate' }).expect(400);
    expect(fieldsOf(unknown)).toEqual(['rating']);
    const foreign = await errors('192.0.2.12').send({ message: 'This claim is wrong.', claimId: foreignClaim! });
    expect(foreign.status).toBe(422);
    expect(fieldsOf(foreign)).toEqual(['claimId']);
    const noReport = await api.http().post(`/reports/${otherArticle}/errors`).set('X-Forwarded-For', '192.0.2.12').send({ message: 'Where is the report?' }).expect(404);
    expect(problemOf(noReport).code).toBe('report-not-found');

    const listed = await api.http().get('/v1/reader-reports').set(as(editor)).expect(200);
    const mine = (listed.body.items as { id: string; articleId: string; message: string; contact: string | null; claimId: string | null; reportVersion: number | null; status: string }[]).filter(
      (item) => item.articleId === articleId,
    );
    expect(mine).toHaveLength(2);
    const fromForm = mine.find((item) => item.claimId === claimId)!;
    expect(fromForm).toMatchObject({ message: 'The bridge opened in 1999, not 1998.', contact: 'reader@example.org', reportVersion: 1, status: 'open' });
    expect(mine.find((item) => item.id === json.body.id)).toMatchObject({ message: 'The headline overstates the figures.', contact: null, claimId: null, status: 'open' });
    await api.http().get('/v1/reader-reports').set(as(checker)).expect(403);
    await api.http().get('/v1/reader-reports').expect(401);

    const audit = await api.http().get('/v1/audit').query({ target: `article:${articleId}` }).set(as(auditor)).expect(200);
    const received = (audit.body.items as { action: string; actorId: string; after: Record<string, unknown> }[]).filter((event) => event.action === 'reader-report.received');
    expect(received.map((event) => event.after.readerReportId).sort()).toEqual(mine.map((item) => item.id).sort());
    for (const event of received) expect(event.after).not.toHaveProperty('contact');

    await api.http().post(`/v1/reader-reports/${fromForm.id}/resolve`).set(as(checker)).send({ note: 'Not mine to resolve.' }).expect(403);
    const resolved = await api.http().post(`/v1/reader-reports/${fromForm.id}/resolve`).set(as(editor)).send({ note: 'Checked the records: 1998 is right.' }).expect(200);
    expect(resolved.body).toMatchObject({ id: fromForm.id, status: 'resolved', resolvedBy: editor.id, resolutionNote: 'Checked the records: 1998 is right.' });
    problemOf(await api.http().post(`/v1/reader-reports/${fromForm.id}/resolve`).set(as(editor)).send({ note: 'Again.' }).expect(409));
    const open = await api.http().get('/v1/reader-reports').query({ status: 'open' }).set(as(editor)).expect(200);
    expect((open.body.items as { id: string }[]).map((item) => item.id)).not.toContain(fromForm.id);
    const afterResolve = await api.http().get('/v1/audit').query({ target: `article:${articleId}` }).set(as(auditor)).expect(200);
    expect((afterResolve.body.items as { action: string }[]).map((event) => event.action)).toContain('reader-report.resolved');
  });

  it('rate-limits error reports per address: with 3 per window the 4th is 429 problem+json', async () => {
    const articleId = await createArticle({ title: 'Rate limit', language: 'en', body: EN_BODY });
    await publishAndWait(articleId);
    const send = (ip: string, n: number) => api.http().post(`/reports/${articleId}/errors`).set('X-Forwarded-For', ip).send({ message: `Error report number ${n}.` });
    for (const n of [1, 2, 3]) await send('203.0.113.50', n).expect(201);
    const limited = await send('203.0.113.50', 4).expect(429);
    expect(problemOf(limited).code).toBe('rate-limited');
    // Another address still gets through, and nothing was stored for the refused one.
    await send('203.0.113.51', 5).expect(201);
    const [{ n }]: { n: number }[] = await api.dataSource.query('SELECT count(*)::int AS n FROM reader_reports WHERE article_id = $1', [articleId]);
    expect(n).toBe(4);
  });

  it('publishes rating scale versions (admin only, validated) and shows each verdict with the label of the scale version it was proposed under', async () => {
    const current = await api.http().get('/v1/rating-scale').set(as(checker)).expect(200);
    expect(current.body.version).toBe(0);
    const keys = (current.body.scale.ratings as { key: string }[]).map((rating) => rating.key);
    expect(keys).toEqual(expect.arrayContaining(['accurate', 'inaccurate', 'unverifiable']));

    const articleId = await createArticle({ title: 'Scale versions', language: 'en', body: EN_BODY });
    const [older, newer] = await submitClaims(articleId, [
      { statement: 'The bridge opened in 1998', exact: 'opened in 1998' },
      { statement: 'The stadium holds 45,000 spectators', exact: 'holds 45,000 spectators' },
    ]);
    // Proposed under version 0, approved only after version 1 is out.
    await walk(older!, { rating: 'accurate', until: 'review' });

    const scale = {
      ratings: (current.body.scale.ratings as { key: string; labels: Record<string, string> }[]).map((rating) =>
        rating.key === 'accurate' ? { ...rating, labels: { en: 'Correct', ar: 'صحيح' } } : rating,
      ),
    };
    await api.http().post('/v1/rating-scales').set(as(editor)).send(scale).expect(403);
    const bad = await api
      .http()
      .post('/v1/rating-scales')
      .set(as(admin))
      .send({ ratings: scale.ratings.map((rating, index) => (index === 1 ? { ...rating, value: 0 } : rating)) });
    expect([400, 422]).toContain(bad.status);
    expect(fieldsOf(bad)).toEqual(['ratings.1.value']);
    const noEnglish = await api
      .http()
      .post('/v1/rating-scales')
      .set(as(admin))
      .send({ ratings: scale.ratings.map((rating, index) => (index === 2 ? { ...rating, labels: { ar: 'مضلل' } } : rating)) });
    expect([400, 422]).toContain(noEnglish.status);
    expect(fieldsOf(noEnglish)).toEqual(['ratings.2.labels']);
    expect((await api.http().get('/v1/rating-scale').set(as(checker)).expect(200)).body.version).toBe(0);

    const published = await api.http().post('/v1/rating-scales').set(as(admin)).send(scale).expect(201);
    expect(published.body).toEqual({ version: 1, scale });
    expect((await api.http().get('/v1/rating-scale').set(as(checker)).expect(200)).body).toEqual({ version: 1, scale });

    await transition(editor, older!, { action: 'approve' });
    await walk(newer!, { rating: 'accurate' });
    const timeline = await api.http().get(`/v1/claims/${newer}/timeline`).set(as(editor)).expect(200);
    const proposal = (timeline.body.items as { action: string; details: Record<string, unknown> | null }[]).find((entry) => entry.action === 'propose')!;
    expect(proposal.details).toMatchObject({ rating: 'accurate', scaleVersion: 1 });
    const olderTimeline = await api.http().get(`/v1/claims/${older}/timeline`).set(as(editor)).expect(200);
    expect((olderTimeline.body.items as { action: string; details: Record<string, unknown> | null }[]).find((entry) => entry.action === 'propose')!.details).toMatchObject({ scaleVersion: 0 });

    await publishAndWait(articleId);
    const document = dom((await fetchPage(`/reports/${articleId}/v1`)).text);
    expect(document.querySelector(`#claim-${older} .verdict-label`)!.textContent).toBe('Accurate');
    expect(document.querySelector(`#claim-${newer} .verdict-label`)!.textContent).toBe('Correct');
    const json = await reportJson(articleId, 1);
    const byId = Object.fromEntries((json.claims as ReportJsonClaim[]).map((claim) => [claim.id, claim.verdict]));
    expect(byId[older!]).toMatchObject({ rating: 'accurate', label: 'Accurate', scaleVersion: 0 });
    expect(byId[newer!]).toMatchObject({ rating: 'accurate', label: 'Correct', scaleVersion: 1 });
    expect(json.ratingScaleVersions).toEqual([0, 1]);
    const newerReview = JSON.parse((await fetchPage(`/reports/${articleId}/v1/claims/${newer}.jsonld`)).text);
    expect(newerReview.reviewRating.alternateName).toBe('Correct');
  });
});
