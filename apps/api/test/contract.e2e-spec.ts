import { readFileSync } from 'node:fs';
import type { Response, Test } from 'supertest';
import { waitFor } from '@app/testing';
import { Contract, openApiProblems, type OpenApiDocument } from './contract.js';
import { startApi, type ApiHarness } from './harness.js';

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url));
const articleBody = fixture('articles/moscow-talks.ar.txt').toString('utf8');

/**
 * The main path through the API, every JSON answer checked against the schema /openapi.json documents
 * for its operation, status and media type: the document cannot drift from the code unnoticed.
 */
describe('the API contract (/openapi.json against real responses)', () => {
  let api: ApiHarness;
  let contract: Contract;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** Sends, then checks the answer against the document (throws naming the operation on a mismatch). */
  const checked = async (test: Test): Promise<Response> => contract.check(await test);
  /** Reads a streamed text answer (the NDJSON export) whole. */
  const textParser = (res: NodeJS.ReadableStream, done: (error: Error | null, body: string) => void) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  };

  beforeAll(async () => {
    api = await startApi({ PUBLIC_BASE_URL: 'https://desk.example', READER_REPORTS_PER_WINDOW: '3', MAX_BODY_BYTES: '65536' }, { worker: true });
    const document = (await api.http().get('/openapi.json').expect(200)).body as OpenApiDocument;
    contract = new Contract(document);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('serves a valid OpenAPI 3.0 document', () => {
    expect(contract.document.openapi).toMatch(/^3\.0\./);
    expect(openApiProblems(contract.document)).toEqual([]);
  });

  it('documents a success response, every path parameter and the problem responses of every operation', () => {
    const gaps: string[] = [];
    for (const op of contract.operations) {
      const statuses = Object.keys(op.operation.responses ?? {});
      if (!statuses.some((status) => /^2\d\d$/.test(status))) gaps.push(`${op.key}: no 2xx response`);
      for (const name of [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
        if (!op.operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.required && p.schema)) gaps.push(`${op.key}: path parameter ${name} undocumented`);
      }
      if (op.operation.security && !['401', '403'].every((status) => statuses.includes(status))) gaps.push(`${op.key}: protected without 401/403`);
      if ((op.operation.parameters?.length || op.operation.requestBody) && !statuses.includes('400')) gaps.push(`${op.key}: takes input without documenting 400`);
      for (const status of statuses.filter((s) => /^4/.test(s))) {
        const content = op.operation.responses![status]!.content ?? {};
        if (!content['application/problem+json']) gaps.push(`${op.key}: ${status} is not a problem+json response`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('refuses a drifted response: an extra field, a wrong type or a missing field fails the schema', async () => {
    const reporter = await api.user(['reporter']);
    const article = await checked(api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 'Drift', language: 'en', body: 'Talks were held this week.' }).expect(201));
    const op = contract.operationFor('post', '/v1/articles')!;
    const validate = contract.validatorFor(op, 201, 'application/json')!;
    expect(validate(article.body)).toBe(true);
    expect(validate({ ...article.body, internalNote: 'leaked' })).toBe(false);
    expect(validate({ ...article.body, version: String(article.body.version) })).toBe(false);
    expect(validate({ ...article.body, createdAt: 'yesterday' })).toBe(false);
    const { bodySha256: _dropped, ...missing } = article.body;
    expect(validate(missing)).toBe(false);
    const problem = contract.validatorFor(contract.operationFor('get', `/v1/articles/${article.body.id}`)!, 404, 'application/problem+json')!;
    expect(problem({ type: '/problems/x', title: 'Not Found', status: 404, detail: 'x', code: 'x', errors: [{ field: 'id' }] })).toBe(false);
  });

  it('walks the main path with every answer matching the document', async () => {
    const admin = await api.user(['admin']);
    // People and tokens, through the API.
    const people: Record<string, { id: string; token: string }> = {};
    for (const [name, roles] of [
      ['reporter', ['reporter']],
      ['checker', ['checker']],
      ['editor', ['editor']],
      ['editor2', ['editor']],
      ['auditor', ['auditor']],
    ] as const) {
      const user = await checked(api.http().post('/v1/users').set(as(admin.token)).send({ name: `Contract ${name}`, email: `${name}-${Date.now()}@desk.test`, roles }).expect(201));
      const token = await checked(api.http().post(`/v1/users/${user.body.id}/tokens`).set(as(admin.token)).send({ label: 'contract' }).expect(201));
      people[name] = { id: user.body.id, token: token.body.token };
    }
    const { reporter, checker, editor, editor2, auditor } = people as Record<'reporter' | 'checker' | 'editor' | 'editor2' | 'auditor', { id: string; token: string }>;
    const spare = await checked(api.http().post(`/v1/users/${checker.id}/tokens`).set(as(admin.token)).send({ label: 'spare', expiresAt: '2099-01-01T00:00:00Z' }).expect(201));
    await checked(api.http().delete(`/v1/tokens/${spare.body.id}`).set(as(admin.token)).expect(200));
    await checked(api.http().get(`/v1/users/${checker.id}/tokens`).set(as(auditor.token)).expect(200));
    await checked(api.http().get('/v1/users').set(as(auditor.token)).expect(200));
    const user = await checked(api.http().get(`/v1/users/${checker.id}`).set(as(admin.token)).expect(200));
    await checked(api.http().patch(`/v1/users/${checker.id}`).set(as(admin.token)).send({ name: 'Contract checker', version: user.body.version }).expect(200));
    await checked(api.http().get('/v1/me').set(as(checker.token)).expect(200));
    await checked(api.http().get('/health').expect(200));
    await checked(api.http().get('/ready').expect(200));
    await checked(api.http().get('/v1/workflow').set(as(checker.token)).expect(200));
    const scale = await checked(api.http().get('/v1/rating-scale').set(as(checker.token)).expect(200));
    await checked(api.http().post('/v1/rating-scales').set(as(admin.token)).send(scale.body.scale).expect(201));

    // The Arabic article and its claims.
    const article = await checked(
      api.http().post('/v1/articles').set(as(reporter.token)).set('Idempotency-Key', 'contract-article').send({ title: 'محادثات موسكو', language: 'ar', url: 'https://news.example/ar/moscow', publishedAt: '2025-11-20T12:00:00+03:00', body: articleBody }).expect(201),
    );
    const articleId = article.body.id as string;
    await checked(api.http().get('/v1/articles?limit=1').set(as(checker.token)).expect(200));
    await checked(api.http().get(`/v1/articles/${articleId}`).set(as(checker.token)).expect(200));

    // Suggestions, on an article of their own (the claims they create stay out of the report below).
    const suggested = await checked(api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 'اقتراحات', language: 'ar', publishedAt: '2025-11-20T12:00:00+03:00', body: `${articleBody}\nنسخة للاقتراحات.` }).expect(201));
    await checked(api.http().get(`/v1/articles/${suggested.body.id}/suggestions`).set(as(checker.token)).expect(200));
    await checked(api.http().post(`/v1/articles/${suggested.body.id}/suggestions`).set(as(reporter.token)).send({ timeZone: 'Asia/Riyadh' }).expect(201));
    const suggestions = await checked(api.http().get(`/v1/articles/${suggested.body.id}/suggestions`).set(as(checker.token)).expect(200));
    const [toAccept, toDismiss] = suggestions.body.items as { id: string }[];
    await checked(api.http().post(`/v1/suggestions/${toAccept!.id}/accept`).set(as(reporter.token)).send({ statement: 'The ministry said on Thursday that talks were held this week' }).expect(201));
    await checked(api.http().post(`/v1/suggestions/${toDismiss!.id}/dismiss`).set(as(reporter.token)).send({ reason: 'background' }).expect(200));
    await checked(api.http().post(`/v1/suggestions/${toDismiss!.id}/dismiss`).set(as(reporter.token)).send({ reason: 'again' }).expect(409));
    const treaty = await checked(api.http().post(`/v1/articles/${articleId}/claims`).set(as(reporter.token)).send({ statement: 'The treaty was signed in 2001', kind: 'date', claimant: 'The article', anchor: { exact: 'الموقعة عام 2001' } }).expect(201));
    const batch = await checked(
      api
        .http()
        .post(`/v1/articles/${articleId}/claims/batch`)
        .set(as(reporter.token))
        .send({ claims: [{ statement: 'Shoigu met Wang Yi on 12 November', anchor: { exact: 'في 12 نوفمبر الجاري' } }, { statement: 'Talks in Moscow this week', priority: 'high', dueAt: '2099-01-01T00:00:00Z', anchor: { exact: 'موسكو، هذا الأسبوع', prefix: 'العاصمة ' } }] }),
    );
    if (batch.status !== 201) throw new Error(`batch: ${JSON.stringify(batch.body)}`);
    const [shoigu, talks] = batch.body.items as { id: string }[];
    const claimId = treaty.body.id as string;
    await checked(api.http().get(`/v1/claims?articleId=${articleId}&limit=2`).set(as(checker.token)).expect(200));
    await checked(api.http().get(`/v1/claims/${claimId}/annotation`).set(as(checker.token)).expect(200));
    for (const id of [claimId, shoigu!.id, talks!.id]) {
      await waitFor(async () => (await checked(api.http().get(`/v1/claims/${id}`).set(as(checker.token)))).body.state === 'research', { timeoutMs: 60_000, what: 'intake' });
    }

    // Research: a saved copy of the treaty, a refused fetch, a derived source, evidence, signals, trail.
    const take = async (token: string, body: object) => (await checked(api.http().post('/v1/tasks/next').set(as(token)).send(body).expect(200))).body;
    let claim = await take(checker.token, { step: 'research', articleId });
    while (claim.id !== claimId) {
      await checked(api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(checker.token)).send({ action: 'release', version: claim.version }).expect(200));
      claim = await take(checker.token, { step: 'research', articleId, kind: 'date' });
    }
    await checked(api.http().get('/v1/tasks/mine').set(as(checker.token)).expect(200));
    await checked(api.http().get(`/v1/tasks?assigneeId=${checker.id}&step=research`).set(as(editor.token)).expect(200));
    const primary = await checked(api.http().post('/v1/sources').set(as(checker.token)).send({ url: 'https://treaties.example/2001', kind: 'primary', subtype: 'treaty-text', title: 'Treaty', capture: 'none' }).expect(201));
    await checked(api.http().post(`/v1/sources/${primary.body.id}/uploads`).set(as(checker.token)).set('Content-Type', 'text/plain').send(fixture('sources/treaty-2001.excerpt.txt').toString('utf8')).expect(202));
    const refused = await checked(api.http().post('/v1/sources').set(as(checker.token)).send({ url: 'http://127.0.0.1:9/private', kind: 'secondary', subtype: 'news-report' }).expect(201));
    const secondary = await checked(api.http().post('/v1/sources').set(as(checker.token)).send({ url: 'https://news.example/report?utm_source=x', kind: 'secondary', subtype: 'news-report', capture: 'none', derivedFrom: [primary.body.id] }).expect(201));
    await checked(api.http().post('/v1/sources').set(as(checker.token)).send({ url: 'https://news.example/report', kind: 'secondary', subtype: 'news-report', capture: 'none' }).expect(200));
    await checked(api.http().post(`/v1/sources/${refused.body.id}/derived-from`).set(as(checker.token)).send({ sourceId: primary.body.id }).expect(200));
    await checked(api.http().post(`/v1/claims/${claimId}/evidence`).set(as(checker.token)).send({ sourceId: primary.body.id, stance: 'supports', excerpt: 'Moscow' }).expect(201));
    await checked(api.http().post(`/v1/claims/${claimId}/evidence`).set(as(checker.token)).send({ sourceId: secondary.body.id, stance: 'context', note: 'cites the treaty' }).expect(201));
    await checked(api.http().post(`/v1/claims/${claimId}/evidence`).set(as(checker.token)).send({ sourceId: refused.body.id, stance: 'context' }).expect(201));
    const captureId = await waitFor(
      async () => {
        const source = await checked(api.http().get(`/v1/sources/${primary.body.id}`).set(as(checker.token)).expect(200));
        return source.body.captures.find((c: { status: string }) => c.status === 'ok')?.id as string | undefined;
      },
      { timeoutMs: 60_000, what: 'the upload to be archived' },
    );
    await waitFor(async () => (await checked(api.http().get(`/v1/sources/${refused.body.id}`).set(as(checker.token)).expect(200))).body.captures[0]?.status === 'refused', { timeoutMs: 60_000, what: 'the refused capture' });
    await checked(api.http().post(`/v1/sources/${refused.body.id}/captures`).set(as(checker.token)).expect(202));
    await checked(api.http().get(`/v1/captures/${captureId}`).set(as(checker.token)).expect(200));
    await checked(api.http().get(`/v1/captures/${captureId}/content`).set(as(checker.token)).expect(200));
    await waitFor(async () => (await checked(api.http().get(`/v1/claims/${claimId}/signals`).set(as(checker.token)).expect(200))).body.items.length > 0, { timeoutMs: 60_000, what: 'signals' });
    await checked(api.http().get(`/v1/claims/${claimId}/evidence`).set(as(checker.token)).expect(200));
    await checked(api.http().get(`/v1/claims/${claimId}/trail`).set(as(checker.token)).expect(200));

    // Assessment and review: one approved, one returned with a comment, one reassigned.
    claim = await checked(api.http().post(`/v1/claims/${claimId}/transitions`).set(as(checker.token)).set('If-Match', `"${claim.version}"`).send({ action: 'finish-research' }).expect(200)).then((r) => r.body);
    claim = await take(checker.token, { step: 'assessment' });
    claim = (await checked(api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(checker.token)).send({ action: 'propose', version: claim.version, rating: 'accurate', rationale: 'Signed on 16 July 2001.' }).expect(200))).body;
    claim = await take(editor.token, { step: 'review' });
    await checked(api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(editor.token)).send({ action: 'approve', version: claim.version }).expect(200));

    claim = await take(checker.token, { step: 'research', articleId });
    claim = (await checked(api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(checker.token)).send({ action: 'finish-research', version: claim.version, unverifiableReason: 'No readout published.' }).expect(200))).body;
    claim = await take(checker.token, { step: 'assessment' });
    claim = (await checked(api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(checker.token)).send({ action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'No source yet.' }).expect(200))).body;
    claim = await take(editor2.token, { step: 'review' });
    await checked(api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(editor2.token)).send({ action: 'return', to: 'research', comment: 'Find the readout.', version: claim.version }).expect(200));
    await checked(api.http().get('/v1/me/notifications').set(as(checker.token)).expect(200));
    const returned = (await checked(api.http().get(`/v1/claims/${claim.id}`).set(as(editor.token)).expect(200))).body;
    await checked(api.http().post(`/v1/claims/${returned.id}/transitions`).set(as(editor.token)).send({ action: 'reassign', assigneeId: checker.id, version: returned.version, comment: 'Yours.' }).expect(200));
    await checked(api.http().post('/v1/tasks/next').set(as(editor.token)).send({ step: 'review' }).expect(204));
    await checked(api.http().get(`/v1/claims/${claimId}/timeline`).set(as(reporter.token)).expect(200));

    // Publishing, the public pages and readers' error reports.
    const published = await checked(api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor.token)).set('Idempotency-Key', 'contract-publish').send({}).expect(202));
    await waitFor(async () => (await api.http().get(`/reports/${articleId}/v1`)).status === 200, { timeoutMs: 60_000, what: 'the report to render' });
    await checked(api.http().get(`/v1/articles/${articleId}/reports`).set(as(reporter.token)).expect(200));
    expect(published.body.version).toBe(1);
    await checked(api.http().get(`/reports/${articleId}`).expect(200));
    await checked(api.http().get(`/reports/${articleId}/v1`).expect(200));
    const json = await checked(api.http().get(`/reports/${articleId}/v1.json`).expect(200));
    expect(json.body.claims.some((c: { status: string }) => c.status === 'checked')).toBe(true);
    await checked(api.http().get(`/reports/${articleId}/v1.md`).expect(200));
    await checked(api.http().get(`/reports/${articleId}/v1/claims/${claimId}`).expect(200));
    await checked(api.http().get(`/reports/${articleId}/v1/claims/${claimId}.jsonld`).expect(200));
    await checked(api.http().get(`/archive/${captureId}`).expect(200));
    await checked(api.http().get(`/archive/articles/${articleId}`).expect(200));
    const readerReport = await checked(api.http().post(`/reports/${articleId}/errors`).send({ message: 'The date looks wrong.', version: 1, claimId }).expect(201));
    await checked(api.http().post(`/reports/${articleId}/errors`).type('form').send({ message: 'Form report', claimId: '' }).expect(201));
    await checked(api.http().get('/v1/reader-reports?status=open').set(as(auditor.token)).expect(200));
    await checked(api.http().post(`/v1/reader-reports/${readerReport.body.id}/resolve`).set(as(editor.token)).send({ note: 'Checked.' }).expect(200));

    // Audit.
    await checked(api.http().get(`/v1/audit?target=claim:${claimId}&limit=5`).set(as(auditor.token)).expect(200));
    await checked(api.http().post('/v1/audit/checkpoints').set(as(admin.token)).expect(201));
    const verification = await checked(api.http().get('/v1/audit/verify').set(as(auditor.token)).expect(200));
    expect(verification.body.ok).toBe(true);
    const job = await checked(api.http().post('/v1/audit/verifications').set(as(auditor.token)).send({ pageSize: 3 }).expect(202));
    await waitFor(async () => (await api.http().get(`/v1/audit/verifications/${job.body.id}`).set(as(auditor.token))).body.status === 'done', { what: 'the verification job' });
    const done = await checked(api.http().get(`/v1/audit/verifications/${job.body.id}`).set(as(auditor.token)).expect(200));
    expect(done.body.result).toMatchObject({ ok: true, problemCount: 0 });
    await checked(api.http().get('/v1/audit/export').set(as(auditor.token)).buffer(true).parse(textParser as never).expect(200));
    await checked(api.http().get('/transparency/public-key').expect(200));
    await checked(api.http().get('/transparency/public-keys').expect(200));
    const latest = await checked(api.http().get('/transparency/checkpoints/latest').expect(200));
    await checked(api.http().get(`/transparency/checkpoints/${latest.body.number}`).expect(200));
    await checked(api.http().get(`/transparency/consistency?from=${latest.body.number}&to=${latest.body.number}`).expect(200));

    // Problems: each status the API gives on this path, as documented.
    await checked(api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 42 }).expect(400));
    await checked(api.http().get('/v1/claims/%E0%A4%A').set(as(reporter.token)).expect(400));
    await checked(api.http().get(`/reports/${articleId}/v007`).expect(400));
    await checked(api.http().get('/v1/me').expect(401));
    await checked(api.http().get('/v1/audit').set(as(reporter.token)).expect(403));
    await checked(api.http().get('/v1/claims/6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e').set(as(reporter.token)).expect(404));
    await checked(api.http().get(`/reports/${articleId}/v2`).expect(404));
    await checked(api.http().post(`/v1/claims/${claimId}/transitions`).set(as(editor.token)).send({ action: 'reopen', to: 'assessment', comment: 'Stale.', version: 1 }).expect(409));
    await checked(api.http().post(`/v1/articles/${articleId}/claims`).set(as(reporter.token)).send({ statement: 'Missing', anchor: { exact: 'not in the article' } }).expect(422));
    // A second version that changes nothing published is an update: it needs no correction note.
    await checked(api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor.token)).send({}).expect(202));
    await checked(api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 'Big', language: 'en', body: 'x'.repeat(70_000) }).expect(413));
    await checked(api.http().post('/v1/articles').set(as(reporter.token)).set('Content-Type', 'text/plain').send('hello').expect(415));
    // READER_REPORTS_PER_WINDOW is 3 here, and two reports were sent above.
    await checked(api.http().post(`/reports/${articleId}/errors`).send({ message: 'A third report.' }).expect(201));
    await checked(api.http().post(`/reports/${articleId}/errors`).send({ message: 'One report too many.' }).expect(429));
  }, 240_000);

  it('walks sign-in for people (invitation, password, link, sessions) with every answer matching the document', async () => {
    const admin = await api.user(['admin']);
    const person = await checked(api.http().post('/v1/users').set(as(admin.token)).send({ name: 'Contract person', email: `person-${Date.now()}@desk.test`, roles: ['checker'] }).expect(201));
    const invitation = await checked(api.http().post(`/v1/users/${person.body.id}/invitations`).set(as(admin.token)).expect(201));
    const invitationToken = new URL(invitation.body.url).hash.slice(1);
    const browser = api.agent();
    await checked(browser.post('/v1/invitations/accept').send({ token: invitationToken, password: 'short' }).expect(400));
    const accepted = await checked(browser.post('/v1/invitations/accept').send({ token: invitationToken, password: 'a long passphrase of my own' }).expect(200));
    const csrf = { 'X-CSRF-Token': accepted.body.csrfToken as string };
    await checked(browser.get('/v1/session').expect(200));
    await checked(browser.get('/v1/sessions').expect(200));
    await checked(browser.delete('/v1/session').set(csrf).expect(204));
    await checked(browser.get('/v1/session').expect(401));
    await checked(browser.post('/v1/session').send({ email: person.body.email, password: 'not the password' }).expect(401));
    const signedIn = await checked(browser.post('/v1/session').send({ email: person.body.email, password: 'a long passphrase of my own' }).expect(200));
    const link = await checked(api.http().post(`/v1/users/${person.body.id}/sign-in-links`).set(as(admin.token)).expect(201));
    await checked(api.agent().post('/v1/session/link').send({ token: new URL(link.body.url).hash.slice(1) }).expect(200));
    const sessions = await checked(api.http().get(`/v1/users/${person.body.id}/sessions`).set(as(admin.token)).expect(200));
    expect(sessions.body.items.length).toBeGreaterThanOrEqual(2);
    await checked(api.http().delete(`/v1/sessions/${signedIn.body.sessionId}`).set(as(admin.token)).expect(204));
    await checked(browser.get('/v1/session').expect(401));
    await checked(api.http().get('/reports').expect(200));
  });

  it('exercised most documented operations (the rest are printed)', () => {
    const missed = contract.operations.filter((op) => !contract.seen.has(op.key)).map((op) => op.key);
    if (missed.length) console.log(`operations the contract test did not exercise:\n  ${missed.join('\n  ')}`);
    expect(missed.length).toBeLessThanOrEqual(Math.floor(contract.operations.length * 0.1));
  });
});
