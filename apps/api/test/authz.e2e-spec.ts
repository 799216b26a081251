import { randomBytes } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { ArticlesService } from '@app/articles';
import { AuditService, AuditVerificationsService } from '@app/audit';
import { AuthService, SessionsService } from '@app/auth';
import { ReportsService } from '@app/reports';
import { ClaimEntity } from '@app/claims';
import { ROLES, systemActor, type Role } from '@app/core';
import { WorkflowService } from '@app/workflow';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

/** Real ids the table's requests point at, created once in beforeAll. */
interface Fixtures {
  articleId: string;
  claimId: string;
  /** A user the /v1/users/{id} routes read, rename and issue tokens for. */
  targetUserId: string;
  /** Current version of a user (PATCH needs it). */
  userVersion(id: string): Promise<number>;
  /** Issues a fresh token of the target user and returns its id (for DELETE /v1/tokens/{id}). */
  freshTokenId(): Promise<string>;
  /** A checker a research task can be reassigned to. */
  checkerId: string;
  /** A new session of the single-role user holding `role` (or of the target user), signed in by link. */
  freshSessionId(role?: Role): Promise<string>;
  /** A source created with `capture: 'none'`, and a capture of it that holds an uploaded copy. */
  sourceId: string;
  captureId: string;
  /** An article with a published report (version 1, every claim pending). */
  reportArticleId: string;
  /** A new article (nothing published yet), and a new open reader error report on the fixture report. */
  freshArticleId(): Promise<string>;
  freshReaderReportId(): Promise<string>;
  /** A new source, for routes that link sources (each call a different URL). */
  freshSourceId(): Promise<string>;
  /** A new claim moved by the machine to `research` (intake done) or `failed` (intake failed); its id and version. */
  claimIn(step: 'research' | 'failed'): Promise<{ id: string; version: number }>;
  /** A recorded audit verification, and a signed checkpoint. */
  verificationId: string;
  checkpointNumber: number;
  /** Ends any queued verification (no worker runs here), so the next POST is not refused as a second one. */
  clearVerifications(): Promise<void>;
  /** An open claim suggestion on an article of its own (each call a new one, so it can be decided). */
  freshSuggestionId(): Promise<string>;
}

type Method = 'get' | 'post' | 'patch' | 'delete';

interface RouteCase {
  method: Method;
  /** The path exactly as /openapi.json documents it. */
  path: string;
  /** Roles that may call it, or 'public' for routes that need no token. */
  allowed: readonly Role[] | 'public';
  /** A role that must be refused with 403 (an empty list: a user holding no role at all). */
  refused: readonly Role[];
  /** False for a route deliberately left out of /openapi.json (it must still be in this table). */
  documented?: false;
  /** For public routes: the status and content type (null: no body) a request without a token gets (default 200 JSON). */
  answers?: { status: number; contentType: RegExp | null };
  /** A valid request for `role` (or for no one in particular): the URL with real ids and, for writes, a valid body. */
  request(fixtures: Fixtures, role?: Role): Promise<{ url: string; body?: object | Buffer }>;
}

const READERS: readonly Role[] = ['reporter', 'checker', 'editor', 'auditor'];
const unique = () => randomBytes(4).toString('hex');

/**
 * Every route of the API. A route added to the app without a row here fails the coverage tests below.
 * Note that `admin` is not a reader of articles and claims, and /v1/me admits every role (so the role
 * it refuses is "no role at all").
 */
const ROUTES: RouteCase[] = [
  { method: 'get', path: '/health', allowed: 'public', refused: [], request: async () => ({ url: '/health' }) },
  { method: 'get', path: '/ready', allowed: 'public', refused: [], request: async () => ({ url: '/ready' }) },
  // Prometheus scrapes it; excluded from the OpenAPI document on purpose.
  { method: 'get', path: '/metrics', allowed: 'public', refused: [], documented: false, request: async () => ({ url: '/metrics' }) },
  { method: 'get', path: '/v1/me', allowed: ROLES, refused: [], request: async () => ({ url: '/v1/me' }) },
  {
    method: 'post',
    path: '/v1/users',
    allowed: ['admin'],
    refused: ['auditor'],
    request: async () => ({ url: '/v1/users', body: { name: 'New checker', email: `checker-${unique()}@desk.test`, roles: ['checker'] } }),
  },
  { method: 'get', path: '/v1/users', allowed: ['admin', 'auditor'], refused: ['editor'], request: async () => ({ url: '/v1/users' }) },
  {
    method: 'get',
    path: '/v1/users/{id}',
    allowed: ['admin', 'auditor'],
    refused: ['reporter'],
    request: async (f) => ({ url: `/v1/users/${f.targetUserId}` }),
  },
  {
    method: 'patch',
    path: '/v1/users/{id}',
    allowed: ['admin'],
    refused: ['auditor'],
    request: async (f) => ({
      url: `/v1/users/${f.targetUserId}`,
      body: { name: `Target ${unique()}`, version: await f.userVersion(f.targetUserId) },
    }),
  },
  {
    method: 'post',
    path: '/v1/users/{id}/tokens',
    allowed: ['admin'],
    refused: ['auditor'],
    request: async (f) => ({ url: `/v1/users/${f.targetUserId}/tokens`, body: { label: 'laptop' } }),
  },
  {
    method: 'get',
    path: '/v1/users/{id}/tokens',
    allowed: ['admin', 'auditor'],
    refused: ['checker'],
    request: async (f) => ({ url: `/v1/users/${f.targetUserId}/tokens` }),
  },
  {
    method: 'delete',
    path: '/v1/tokens/{id}',
    allowed: ['admin'],
    refused: ['auditor'],
    request: async (f) => ({ url: `/v1/tokens/${await f.freshTokenId()}` }),
  },
  // Sign-in for people: the session routes read the cookie, so without one they answer as a signed-out browser sees them.
  { method: 'post', path: '/v1/session', allowed: 'public', refused: [], answers: { status: 401, contentType: /^application\/problem\+json/ }, request: async () => ({ url: '/v1/session', body: { email: `nobody-${unique()}@desk.test`, password: 'not a password of anyone' } }) },
  { method: 'get', path: '/v1/session', allowed: 'public', refused: [], answers: { status: 401, contentType: /^application\/problem\+json/ }, request: async () => ({ url: '/v1/session' }) },
  { method: 'delete', path: '/v1/session', allowed: 'public', refused: [], answers: { status: 204, contentType: null }, request: async () => ({ url: '/v1/session' }) },
  { method: 'post', path: '/v1/session/link', allowed: 'public', refused: [], answers: { status: 400, contentType: /^application\/problem\+json/ }, request: async () => ({ url: '/v1/session/link', body: { token: 'unknown' } }) },
  { method: 'post', path: '/v1/invitations/accept', allowed: 'public', refused: [], answers: { status: 400, contentType: /^application\/problem\+json/ }, request: async () => ({ url: '/v1/invitations/accept', body: { token: 'unknown', password: 'a long enough password' } }) },
  { method: 'get', path: '/v1/events', allowed: ROLES, refused: [], request: async () => ({ url: '/v1/events' }) },
  { method: 'get', path: '/v1/sessions', allowed: ROLES, refused: [], request: async () => ({ url: '/v1/sessions' }) },
  { method: 'delete', path: '/v1/sessions/{id}', allowed: ROLES, refused: [], request: async (f, role) => ({ url: `/v1/sessions/${await f.freshSessionId(role)}` }) },
  { method: 'get', path: '/v1/users/{id}/sessions', allowed: ['admin'], refused: ['auditor'], request: async (f) => ({ url: `/v1/users/${f.targetUserId}/sessions` }) },
  { method: 'post', path: '/v1/users/{id}/invitations', allowed: ['admin'], refused: ['auditor'], request: async (f) => ({ url: `/v1/users/${f.targetUserId}/invitations` }) },
  { method: 'post', path: '/v1/users/{id}/sign-in-links', allowed: ['admin'], refused: ['auditor'], request: async (f) => ({ url: `/v1/users/${f.targetUserId}/sign-in-links` }) },
  {
    method: 'post',
    path: '/v1/articles',
    allowed: ['reporter', 'editor'],
    refused: ['checker'],
    request: async () => ({
      url: '/v1/articles',
      body: { title: 'Talks in Moscow', language: 'en', url: `https://example.com/talks-${unique()}`, body: 'Russia and China held talks in Moscow this week.' },
    }),
  },
  { method: 'get', path: '/v1/articles', allowed: READERS, refused: ['admin'], request: async () => ({ url: '/v1/articles?limit=5' }) },
  {
    method: 'get',
    path: '/v1/articles/{id}',
    allowed: READERS,
    refused: ['admin'],
    request: async (f) => ({ url: `/v1/articles/${f.articleId}` }),
  },
  {
    method: 'post',
    path: '/v1/articles/{articleId}/claims',
    allowed: ['reporter', 'editor'],
    refused: ['auditor'],
    request: async (f) => ({
      url: `/v1/articles/${f.articleId}/claims`,
      body: { statement: 'The talks took place this week', kind: 'date', anchor: { exact: 'this week' } },
    }),
  },
  {
    method: 'post',
    path: '/v1/articles/{articleId}/claims/batch',
    allowed: ['reporter', 'editor'],
    refused: ['checker'],
    request: async (f) => ({
      url: `/v1/articles/${f.articleId}/claims/batch`,
      body: { claims: [{ statement: 'The talks were held in Moscow', anchor: { exact: 'Moscow' } }] },
    }),
  },
  { method: 'get', path: '/v1/claims', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/claims?articleId=${f.articleId}` }) },
  { method: 'get', path: '/v1/claims/{id}', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/claims/${f.claimId}` }) },
  {
    method: 'get',
    path: '/v1/claims/{id}/annotation',
    allowed: READERS,
    refused: ['admin'],
    request: async (f) => ({ url: `/v1/claims/${f.claimId}/annotation` }),
  },
  {
    method: 'post',
    path: '/v1/tasks/next',
    allowed: ['checker', 'editor'],
    refused: ['reporter'],
    // Each role pulls from the step it works: checkers research, editors review.
    request: async (_f, role) => ({ url: '/v1/tasks/next', body: { step: role === 'editor' ? 'review' : 'research' } }),
  },
  { method: 'get', path: '/v1/tasks', allowed: ['editor', 'auditor'], refused: ['checker'], request: async () => ({ url: '/v1/tasks?step=research' }) },
  { method: 'get', path: '/v1/tasks/mine', allowed: ['checker', 'editor'], refused: ['auditor'], request: async () => ({ url: '/v1/tasks/mine' }) },
  {
    method: 'post',
    path: '/v1/claims/{id}/transitions',
    allowed: ['checker', 'editor', 'admin'],
    refused: ['reporter'],
    // A transition each role may really make: a checker finishes research, an editor reassigns it, an admin retries a failed intake.
    request: async (f, role) => {
      const claim = await f.claimIn(role === 'admin' ? 'failed' : 'research');
      const body =
        role === 'admin'
          ? { action: 'retry', version: claim.version }
          : role === 'editor'
            ? { action: 'reassign', version: claim.version, assigneeId: f.checkerId, comment: 'Balancing the load' }
            : { action: 'finish-research', version: claim.version, unverifiableReason: 'No source reachable in this test' };
      return { url: `/v1/claims/${claim.id}/transitions`, body };
    },
  },
  {
    method: 'get',
    path: '/v1/claims/{id}/timeline',
    allowed: READERS,
    refused: ['admin'],
    request: async (f) => ({ url: `/v1/claims/${f.claimId}/timeline` }),
  },
  { method: 'get', path: '/v1/me/notifications', allowed: ROLES, refused: [], request: async () => ({ url: '/v1/me/notifications' }) },
  { method: 'get', path: '/v1/workflow', allowed: ROLES, refused: [], request: async () => ({ url: '/v1/workflow' }) },
  { method: 'get', path: '/v1/audit', allowed: ['auditor', 'admin'], refused: ['editor'], request: async () => ({ url: '/v1/audit?limit=10' }) },
  { method: 'get', path: '/v1/audit/verify', allowed: ['auditor', 'admin'], refused: ['reporter'], request: async () => ({ url: '/v1/audit/verify' }) },
  { method: 'post', path: '/v1/audit/checkpoints', allowed: ['admin'], refused: ['auditor'], request: async () => ({ url: '/v1/audit/checkpoints' }) },
  {
    method: 'post',
    path: '/v1/audit/verifications',
    allowed: ['auditor', 'admin'],
    refused: ['editor'],
    request: async (f) => {
      await f.clearVerifications();
      return { url: '/v1/audit/verifications', body: {} };
    },
  },
  { method: 'get', path: '/v1/audit/verifications/{id}', allowed: ['auditor', 'admin'], refused: ['editor'], request: async (f) => ({ url: `/v1/audit/verifications/${f.verificationId}` }) },
  { method: 'get', path: '/v1/audit/export', allowed: ['auditor', 'admin'], refused: ['checker'], answers: { status: 200, contentType: /^application\/x-ndjson/ }, request: async () => ({ url: '/v1/audit/export' }) },
  { method: 'post', path: '/v1/articles/{id}/suggestions', allowed: ['reporter', 'editor'], refused: ['checker'], request: async (f) => ({ url: `/v1/articles/${await f.freshArticleId()}/suggestions`, body: {} }) },
  { method: 'get', path: '/v1/articles/{id}/suggestions', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/articles/${f.articleId}/suggestions` }) },
  { method: 'post', path: '/v1/suggestions/{id}/accept', allowed: ['reporter', 'editor'], refused: ['checker'], request: async (f) => ({ url: `/v1/suggestions/${await f.freshSuggestionId()}/accept`, body: {} }) },
  { method: 'post', path: '/v1/suggestions/{id}/dismiss', allowed: ['reporter', 'editor'], refused: ['checker'], request: async (f) => ({ url: `/v1/suggestions/${await f.freshSuggestionId()}/dismiss`, body: { reason: 'Background, not checkable.' } }) },
  { method: 'get', path: '/transparency/public-key', allowed: 'public', refused: [], request: async () => ({ url: '/transparency/public-key' }) },
  { method: 'get', path: '/transparency/public-keys', allowed: 'public', refused: [], request: async () => ({ url: '/transparency/public-keys' }) },
  { method: 'get', path: '/transparency/checkpoints/latest', allowed: 'public', refused: [], request: async () => ({ url: '/transparency/checkpoints/latest' }) },
  { method: 'get', path: '/transparency/checkpoints/{number}', allowed: 'public', refused: [], request: async (f) => ({ url: `/transparency/checkpoints/${f.checkpointNumber}` }) },
  { method: 'get', path: '/transparency/consistency', allowed: 'public', refused: [], request: async (f) => ({ url: `/transparency/consistency?from=${f.checkpointNumber}&to=${f.checkpointNumber}` }) },
  {
    method: 'post',
    path: '/v1/articles/{id}/reports',
    allowed: ['editor'],
    refused: ['checker'],
    request: async (f) => ({ url: `/v1/articles/${await f.freshArticleId()}/reports`, body: {} }),
  },
  { method: 'get', path: '/v1/articles/{id}/reports', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/articles/${f.reportArticleId}/reports` }) },
  { method: 'get', path: '/v1/reader-reports', allowed: ['editor', 'auditor'], refused: ['checker'], request: async () => ({ url: '/v1/reader-reports' }) },
  {
    method: 'post',
    path: '/v1/reader-reports/{id}/resolve',
    allowed: ['editor'],
    refused: ['auditor'],
    request: async (f) => ({ url: `/v1/reader-reports/${await f.freshReaderReportId()}/resolve`, body: { note: 'Checked and answered.' } }),
  },
  { method: 'get', path: '/v1/rating-scale', allowed: ROLES, refused: [], request: async () => ({ url: '/v1/rating-scale' }) },
  {
    method: 'post',
    path: '/v1/rating-scales',
    allowed: ['admin'],
    refused: ['editor'],
    request: async () => ({ url: '/v1/rating-scales', body: { ratings: [{ key: 'true', group: 'general', value: 2, labels: { en: 'True' } }, { key: 'false', group: 'general', value: 1, labels: { en: 'False' } }] } }),
  },
  { method: 'get', path: '/reports/{articleId}', allowed: 'public', refused: [], answers: { status: 200, contentType: /^text\/html/ }, request: async (f) => ({ url: `/reports/${f.reportArticleId}` }) },
  { method: 'get', path: '/reports/{articleId}/v{version}', allowed: 'public', refused: [], answers: { status: 200, contentType: /^text\/html/ }, request: async (f) => ({ url: `/reports/${f.reportArticleId}/v1` }) },
  // Every claim of the fixture report is pending, so no claim page exists: the route answers 404 without asking for a token.
  { method: 'get', path: '/reports/{articleId}/v{version}/claims/{claimId}', allowed: 'public', refused: [], answers: { status: 404, contentType: /^application\/problem\+json/ }, request: async (f) => ({ url: `/reports/${f.reportArticleId}/v1/claims/${f.claimId}` }) },
  {
    method: 'post',
    path: '/reports/{articleId}/errors',
    allowed: 'public',
    refused: [],
    answers: { status: 201, contentType: /^application\/json/ },
    request: async (f) => ({ url: `/reports/${f.reportArticleId}/errors`, body: { message: 'The date looks wrong.' } }),
  },
  // Only captures a published report cites are public; the fixture report cites none.
  { method: 'get', path: '/archive/{captureId}', allowed: 'public', refused: [], answers: { status: 404, contentType: /^application\/problem\+json/ }, request: async (f) => ({ url: `/archive/${f.captureId}` }) },
  { method: 'get', path: '/archive/articles/{articleId}', allowed: 'public', refused: [], answers: { status: 200, contentType: /^text\/plain/ }, request: async (f) => ({ url: `/archive/articles/${f.reportArticleId}` }) },
  { method: 'get', path: '/', allowed: 'public', refused: [], documented: false, answers: { status: 200, contentType: /^text\/html/ }, request: async () => ({ url: '/' }) },
  { method: 'get', path: '/reports', allowed: 'public', refused: [], answers: { status: 200, contentType: /^text\/html/ }, request: async () => ({ url: '/reports' }) },
  { method: 'get', path: '/favicon.ico', allowed: 'public', refused: [], documented: false, answers: { status: 200, contentType: /^image\/x-icon/ }, request: async () => ({ url: '/favicon.ico' }) },
  { method: 'get', path: '/reports/assets/report.css', allowed: 'public', refused: [], documented: false, answers: { status: 200, contentType: /^text\/css/ }, request: async () => ({ url: '/reports/assets/report.css' }) },
  {
    method: 'post',
    path: '/v1/sources',
    allowed: ['checker', 'editor'],
    refused: ['reporter'],
    request: async () => ({ url: '/v1/sources', body: { url: `https://example.org/${unique()}`, kind: 'primary', subtype: 'official-statement', capture: 'none' } }),
  },
  { method: 'get', path: '/v1/sources/{id}', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/sources/${f.sourceId}` }) },
  { method: 'post', path: '/v1/sources/{id}/captures', allowed: ['checker', 'editor'], refused: ['auditor'], request: async (f) => ({ url: `/v1/sources/${f.sourceId}/captures` }) },
  {
    method: 'post',
    path: '/v1/sources/{id}/uploads',
    allowed: ['checker', 'editor'],
    refused: ['reporter'],
    request: async (f) => ({ url: `/v1/sources/${f.sourceId}/uploads`, body: Buffer.from(`A saved copy ${unique()}.\n`, 'utf8') }),
  },
  {
    method: 'post',
    path: '/v1/sources/{id}/derived-from',
    allowed: ['checker', 'editor'],
    refused: ['reporter'],
    request: async (f) => ({ url: `/v1/sources/${await f.freshSourceId()}/derived-from`, body: { sourceId: f.sourceId } }),
  },
  { method: 'get', path: '/v1/captures/{id}', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/captures/${f.captureId}` }) },
  { method: 'get', path: '/v1/captures/{id}/content', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/captures/${f.captureId}/content` }) },
  {
    method: 'post',
    path: '/v1/claims/{id}/evidence',
    allowed: ['checker', 'editor'],
    refused: ['reporter'],
    request: async (f) => ({ url: `/v1/claims/${(await f.claimIn('research')).id}/evidence`, body: { sourceId: f.sourceId, stance: 'supports' } }),
  },
  { method: 'get', path: '/v1/claims/{id}/evidence', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/claims/${f.claimId}/evidence` }) },
  { method: 'get', path: '/v1/claims/{id}/trail', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/claims/${f.claimId}/trail` }) },
  { method: 'get', path: '/v1/claims/{id}/signals', allowed: READERS, refused: ['admin'], request: async (f) => ({ url: `/v1/claims/${f.claimId}/signals` }) },
];

type ProtectedRoute = RouteCase & { allowed: readonly Role[] };
const PROTECTED = ROUTES.filter((route): route is ProtectedRoute => route.allowed !== 'public');
const PUBLIC = ROUTES.filter((route) => route.allowed === 'public');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/**
 * Body parser for the event stream, which never ends by itself: the first chunk of a stream is its
 * answer (then the connection is dropped); any other answer (a problem) is read as JSON as usual.
 */
function firstChunkOfStream(res: NodeJS.ReadableStream & { headers: Record<string, string | undefined>; destroy(): void }, callback: (error: Error | null, body: unknown) => void) {
  let text = '';
  let answered = false;
  const answer = (body: unknown) => {
    if (answered) return;
    answered = true;
    callback(null, body);
  };
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
    if (res.headers['content-type']?.startsWith('text/event-stream')) {
      answer({ stream: text });
      res.destroy();
    }
  });
  res.on('end', () => answer(text ? JSON.parse(text) : {}));
}

const roleLabel = (roles: readonly Role[]) => (roles.length ? `role ${roles.join('+')}` : 'no role');

/**
 * Answers that a shared cache (a CDN) must never keep: everything but the public reading surface (reports,
 * archived copies, transparency), which sets its own policy and is checked in public-caching.e2e-spec.ts.
 */
const READER_CACHEABLE = /^\/((reports|archive|transparency)(\/.*)?|favicon\.ico)?$/;
function expectNotStored(response: Response) {
  expect(response.headers['cache-control']).toMatch(/^private, no-store(, no-transform)?$/);
}

function expectProblem(response: Response, status: number, code: string) {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expectNotStored(response);
  expect(response.body).toMatchObject({ type: `/problems/${code}`, status });
  expect(typeof response.body.title).toBe('string');
  expect(response.body.title.length).toBeGreaterThan(0);
  expect(typeof response.body.detail).toBe('string');
  expect(response.body.detail.length).toBeGreaterThan(0);
}

describe('authorization of every route', () => {
  let api: ApiHarness;
  let fixtures: Fixtures;
  /** One token per single-role user, plus a user holding no role. */
  const tokens = new Map<string, string>();
  const tokenOf = (roles: readonly Role[]) => tokens.get(roles.join('+'))!;
  let admin: string;
  let revokedToken: string;
  let disabledUserToken: string;

  const send = (method: Method, url: string, token: string | undefined, body?: object | Buffer, authorization?: string): Test => {
    let request = api.http()[method](url);
    if (authorization !== undefined) request = request.set('Authorization', authorization);
    else if (token !== undefined) request = request.set('Authorization', `Bearer ${token}`);
    if (url.startsWith('/v1/events')) request = request.buffer(true).parse(firstChunkOfStream as never);
    return body === undefined ? request : request.send(body);
  };

  async function call(route: RouteCase, auth: { token?: string; authorization?: string }, role?: Role): Promise<Response> {
    const { url, body } = await route.request(fixtures, role);
    return send(route.method, url, auth.token, body, auth.authorization);
  }

  /** Prepares the route's request first (that may write, e.g. issue a token to revoke), then counts audit events around the call. */
  async function callCountingAudit(route: RouteCase, auth: { token?: string }): Promise<{ response: Response; written: number }> {
    const { url, body } = await route.request(fixtures);
    const before = await api.auditCount();
    const response = await send(route.method, url, auth.token, body);
    return { response, written: (await api.auditCount()) - before };
  }

  beforeAll(async () => {
    api = await startApi({ READER_REPORTS_PER_WINDOW: '1000' });
    const userIds = new Map<Role, string>();
    for (const role of ROLES) {
      const created = await api.user([role]);
      tokens.set(role, created.token);
      userIds.set(role, created.id);
    }
    tokens.set('', (await api.user([], 'nobody')).token);
    admin = tokenOf(['admin']);
    const reporter = tokenOf(['reporter']);

    const article = await send('post', '/v1/articles', reporter, {
      title: 'Talks in Moscow',
      language: 'en',
      body: 'Russia and China held talks in Moscow this week, the ministry said.',
    }).expect(201);
    const claim = await send('post', `/v1/articles/${article.body.id}/claims`, reporter, {
      statement: 'The talks were held this week',
      anchor: { exact: 'this week' },
    }).expect(201);
    const target = await api.user(['checker'], 'Target');
    const assignee = await api.user(['checker'], 'Assignee');
    const auth = api.app.get(AuthService);
    const workflow = api.app.get(WorkflowService);
    const checker = tokenOf(['checker']);
    const newSource = async () =>
      (await send('post', '/v1/sources', checker, { url: `https://example.org/source-${unique()}`, kind: 'secondary', subtype: 'news-report', capture: 'none' }).expect(201)).body.id as string;
    const sourceId = await newSource();
    const upload = await send('post', `/v1/sources/${sourceId}/uploads`, checker, Buffer.from('The ministry said so this week.\n', 'utf8')).expect(202);
    const editor = tokenOf(['editor']);
    await send('post', `/v1/articles/${article.body.id}/reports`, editor, {}).expect(202);
    // A worker only while the fixture report renders: the table's claims are moved by hand, not by intake.
    await api.startWorker({ WORKER_QUEUES: 'reports' });
    await waitFor(async () => (await api.http().get(`/reports/${article.body.id}/v1`)).status === 200, { what: 'the report to render' });
    await api.stopWorker();
    const articles = api.app.get(ArticlesService);
    const reports = api.app.get(ReportsService);
    const sealed = await api.app.get(AuditService).checkpoint();
    const verification = await api.app.get(AuditVerificationsService).start(systemActor('test'), {});
    fixtures = {
      async freshSuggestionId() {
        const created = await send('post', '/v1/articles', reporter, { title: `Meeting ${unique()}`, language: 'en', body: 'The minister said the talks were held in Moscow on 12 November 2025.' }).expect(201);
        await send('post', `/v1/articles/${created.body.id}/suggestions`, reporter, {}).expect(201);
        const listed = await send('get', `/v1/articles/${created.body.id}/suggestions`, reporter).expect(200);
        return listed.body.items[0].id as string;
      },
      verificationId: verification.id,
      checkpointNumber: sealed!.seq,
      async clearVerifications() {
        await api.dataSource.query(`UPDATE audit_verifications SET state = 'failed', error = 'ended by the test' WHERE state IN ('queued', 'running')`);
      },
      reportArticleId: article.body.id,
      freshArticleId: async () =>
        (await articles.create(systemActor('test'), { title: 'Another article', language: 'en', body: `Text ${unique()}.` })).article.id,
      freshReaderReportId: async () => (await reports.receiveReaderReport(article.body.id, { message: 'Please check the date.' })).id,
      sourceId,
      captureId: upload.body.id,
      freshSourceId: newSource,
      checkerId: assignee.id,
      async freshSessionId(role) {
        const sessions = api.app.get(SessionsService);
        const link = await sessions.issueSignInLink(systemActor('test'), role ? userIds.get(role)! : target.id, 'http://desk.test');
        const signedIn = await sessions.signInWithLink(new URL(link.url).hash.slice(1), { ip: null, userAgent: 'authz test' });
        return signedIn.body.sessionId;
      },
      async claimIn(step) {
        const submitted = await send('post', `/v1/articles/${article.body.id}/claims`, reporter, {
          statement: 'The ministry said so',
          anchor: { exact: 'the ministry said' },
        }).expect(201);
        const moved = await api.dataSource.transaction(async (manager) => {
          const claim = await manager.getRepository(ClaimEntity).findOneOrFail({ where: { id: submitted.body.id }, lock: { mode: 'pessimistic_write' } });
          return step === 'failed'
            ? workflow.applySystemIn(manager, claim, 'fail', systemActor('intake'), { error: 'test' }, { failedStep: 'intake', failure: 'test failure' })
            : workflow.applySystemIn(manager, claim, 'complete-intake', systemActor('intake'), {});
        });
        if (moved.view.state !== step) throw new Error(`claim ${moved.view.id} is in ${moved.view.state}, not ${step}`);
        return { id: moved.view.id, version: moved.view.version };
      },
      articleId: article.body.id,
      claimId: claim.body.id,
      targetUserId: target.id,
      async userVersion(id) {
        const [row] = await api.dataSource.query('SELECT version FROM users WHERE id = $1', [id]);
        return row.version as number;
      },
      async freshTokenId() {
        const { details } = await auth.issueToken(systemActor('test'), target.id, { label: 'to revoke' });
        return details.id;
      },
    };

    // A token of a user holding every role, revoked through the API: only the revocation can refuse it.
    const holder = await api.user([...ROLES], 'revoked holder');
    const issued = await send('post', `/v1/users/${holder.id}/tokens`, admin, { label: 'soon revoked' }).expect(201);
    revokedToken = issued.body.token;
    await send('get', '/v1/me', revokedToken).expect(200);
    await send('delete', `/v1/tokens/${issued.body.id}`, admin).expect(200);

    // A user holding every role, disabled through the API: only the disabling can refuse its token.
    const disabled = await api.user([...ROLES], 'disabled user');
    disabledUserToken = disabled.token;
    await send('get', '/v1/me', disabledUserToken).expect(200);
    await send('patch', `/v1/users/${disabled.id}`, admin, { disabled: true, version: await fixtures.userVersion(disabled.id) }).expect(200);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('route coverage', () => {
    let documented: Record<string, Record<string, { security?: Record<string, unknown>[]; responses?: Record<string, unknown> }>>;

    beforeAll(async () => {
      const response = await api.http().get('/openapi.json').expect(200);
      documented = response.body.paths;
    });

    const documentedOperations = () =>
      Object.entries(documented).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => HTTP_METHODS.includes(key))
          .map((method) => ({ key: routeKey(method, path), operation: item[method]! })),
      );

    it('has a row in the table for every operation /openapi.json documents', () => {
      const table = new Set(ROUTES.map((route) => routeKey(route.method, route.path)));
      const missing = documentedOperations()
        .map((op) => op.key)
        .filter((key) => !table.has(key));
      expect(missing).toEqual([]);
    });

    it('finds every row of the table documented in /openapi.json, except the rows marked undocumented', () => {
      const documentedKeys = new Set(documentedOperations().map((op) => op.key));
      const keys = (routes: RouteCase[]) => routes.map((route) => routeKey(route.method, route.path));
      expect(keys(ROUTES.filter((route) => route.documented !== false)).filter((key) => !documentedKeys.has(key))).toEqual([]);
      expect(keys(ROUTES.filter((route) => route.documented === false)).filter((key) => documentedKeys.has(key))).toEqual([]);
      expect(new Set(keys(ROUTES)).size).toBe(ROUTES.length);
    });

    it('serves no route that is not in the table, apart from the documentation itself', () => {
      interface Layer {
        route?: { path: string; methods: Record<string, boolean> };
      }
      const express = api.app.getHttpAdapter().getInstance() as unknown as { router: { stack: Layer[] } };
      const served = express.router.stack.flatMap((layer) =>
        layer.route
          ? Object.keys(layer.route.methods)
              .filter((method) => method !== '_all')
              .map((method) => routeKey(method, layer.route!.path.replace(/:(\w+)/g, '{$1}')))
          : [],
      );
      const documentationRoute = (key: string) => /^GET \/(docs(\/.*)?|openapi\.(json|yaml))$/.test(key);
      const table = new Set(ROUTES.map((route) => routeKey(route.method, route.path)));
      expect(served.filter((key) => !documentationRoute(key) && !table.has(key))).toEqual([]);
      expect(served.filter((key) => !documentationRoute(key)).length).toBe(ROUTES.length);
    });

    it('documents bearer authentication with 401 and 403 responses on every protected route, and none on public ones', () => {
      const byKey = new Map(documentedOperations().map((op) => [op.key, op.operation]));
      for (const route of PROTECTED.filter((r) => r.documented !== false)) {
        const operation = byKey.get(routeKey(route.method, route.path))!;
        expect({ route: route.path, security: operation.security }).toEqual({ route: route.path, security: [{ bearer: [] }] });
        expect(Object.keys(operation.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      }
      for (const route of PUBLIC.filter((r) => r.documented !== false)) {
        expect(byKey.get(routeKey(route.method, route.path))!.security).toBeUndefined();
      }
    });
  });

  describe('public routes', () => {
    it.each(PUBLIC)('answers $method $path without a token', async (route) => {
      const response = await call(route, {});
      expect(response.status).toBe(route.answers?.status ?? 200);
      if (route.answers?.contentType === null) expect(response.headers['content-type']).toBeUndefined();
      else expect(response.headers['content-type']).toMatch(route.answers?.contentType ?? (route.path === '/metrics' ? /^text\/plain/ : /^application\/json/));
      // Sign-in answers (with Set-Cookie), health and metrics are never kept by a cache; nor is any error.
      if (route.method !== 'get' || !READER_CACHEABLE.test(route.path) || response.status >= 400) expectNotStored(response);
      else expect(response.headers['cache-control']).toMatch(/^public, /);
    });

    it('serves /openapi.json without a token', async () => {
      const response = await api.http().get('/openapi.json');
      expect(response.status).toBe(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths).length).toBeGreaterThan(0);
    });

    it('serves the /docs page without a token', async () => {
      const response = await api.http().get('/docs');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('swagger-ui');
    });
  });

  describe.each(PROTECTED)('$method $path', (route) => {
    it('refuses a request without a token with 401 problem+json and writes nothing', async () => {
      const { response, written } = await callCountingAudit(route, {});
      expectProblem(response, 401, 'unauthenticated');
      expect(written).toBe(0);
    });

    it.each([
      ['an unknown token', () => 'garbage'],
      ['a well-formed token that was never issued', () => `fcd_${randomBytes(32).toString('base64url')}`],
      ['a real token with one character changed', () => `${tokenOf(['admin']).slice(0, -1)}${tokenOf(['admin']).endsWith('A') ? 'B' : 'A'}`],
    ])('refuses %s with 401 problem+json', async (_label, token) => {
      expectProblem(await call(route, { token: token() }), 401, 'unauthenticated');
    });

    it.each([
      ['a Basic scheme', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['a Bearer scheme without a token', () => 'Bearer '],
      ['a real token without the Bearer scheme', () => tokenOf(['admin'])],
    ])('refuses an Authorization header with %s with 401 problem+json', async (_label, authorization) => {
      expectProblem(await call(route, { authorization: authorization() }), 401, 'unauthenticated');
    });

    it('refuses a revoked token with 401 problem+json and writes nothing', async () => {
      const { response, written } = await callCountingAudit(route, { token: revokedToken });
      expectProblem(response, 401, 'unauthenticated');
      expect(written).toBe(0);
    });

    it('refuses the token of a disabled user with 401 problem+json and writes nothing', async () => {
      const { response, written } = await callCountingAudit(route, { token: disabledUserToken });
      expectProblem(response, 401, 'unauthenticated');
      expect(written).toBe(0);
    });

    it(`refuses a user with ${roleLabel(route.refused)} with 403 problem+json and writes nothing`, async () => {
      expect(route.refused.some((role) => route.allowed.includes(role))).toBe(false);
      const { response, written } = await callCountingAudit(route, { token: tokenOf(route.refused) });
      expectProblem(response, 403, 'forbidden');
      expect(written).toBe(0);
    });

    it('refuses every role outside the allowed ones, and a user with no role, with 403', async () => {
      const outside: Role[][] = [[], ...ROLES.filter((role) => !route.allowed.includes(role)).map((role) => [role])];
      for (const roles of outside) {
        const response = await call(route, { token: tokenOf(roles) });
        expect({ roles, status: response.status }).toEqual({ roles, status: 403 });
      }
    });

    it.each(route.allowed.map((role) => [role]))('lets a user with role %s through with a 2xx answer to a valid request', async (role) => {
      const response = await call(route, { token: tokenOf([role]) }, role);
      // The whole answer is in the object, so a failure shows the problem the API returned.
      expect({ success: response.status >= 200 && response.status < 300, status: response.status, body: response.body }).toMatchObject({
        success: true,
      });
      // An authenticated answer is never kept by a shared cache (nor by the browser's).
      expectNotStored(response);
    });
  });

  describe('the queue dashboard mounted at /admin/queues (its own guard, outside the Nest routes)', () => {
    const PAGES = ['/admin/queues', '/admin/queues/api/queues'];

    it.each(PAGES)('refuses %s without a token, with a garbage, revoked or disabled user token, with 401 problem+json', async (page) => {
      const attempts: (string | undefined)[] = [undefined, 'Bearer garbage', `Bearer ${revokedToken}`, `Bearer ${disabledUserToken}`, `Basic ${Buffer.from(`x:${revokedToken}`).toString('base64')}`];
      for (const authorization of attempts) {
        const response = await send('get', page, undefined, undefined, authorization);
        expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(response.text)).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
      }
    });

    it.each(PAGES)('refuses %s to every role but admin with 403 problem+json', async (page) => {
      for (const roles of [[], ...ROLES.filter((role) => role !== 'admin').map((role) => [role])] as Role[][]) {
        const response = await send('get', page, tokenOf(roles));
        expect({ roles, status: response.status }).toEqual({ roles, status: 403 });
        expect(JSON.parse(response.text)).toMatchObject({ type: '/problems/forbidden', status: 403 });
      }
    });

    it.each(PAGES)('serves %s to an admin, by bearer token or as the Basic auth password', async (page) => {
      expect((await send('get', page, tokenOf(['admin']))).status).toBe(200);
      const basic = `Basic ${Buffer.from(`anyone:${tokenOf(['admin'])}`).toString('base64')}`;
      expect((await send('get', page, undefined, undefined, basic)).status).toBe(200);
    });
  });

  it('accepts the lowercase "bearer" scheme, so the 401s above are about the token, not the header spelling', async () => {
    const response = await send('get', '/v1/me', undefined, undefined, `bearer ${tokenOf(['checker'])}`);
    expect(response.status).toBe(200);
    expect(response.body.roles).toEqual(['checker']);
  });
});
