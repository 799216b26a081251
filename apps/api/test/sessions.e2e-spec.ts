import { randomBytes } from 'node:crypto';
import type { Response, Test } from 'supertest';
import type { Role } from '@app/core';
import { startApi, type ApiHarness } from './harness.js';

const unique = () => randomBytes(4).toString('hex');
const PASSWORD = 'correct horse battery staple';

/** A browser's view of a signed-in person: the cookie header to send back and the CSRF token. */
interface Browser {
  cookie: string;
  csrf: string;
  sessionId: string;
}

function cookieOf(response: Response): { header: string; value: string; attributes: string[] } {
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const line = setCookie.find((value) => value.startsWith('fcd_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { header: pair!, value: pair!.slice('fcd_session='.length), attributes };
}

const browserOf = (response: Response): Browser => ({ cookie: cookieOf(response).header, csrf: response.body.csrfToken, sessionId: response.body.sessionId });

function expectProblem(response: Response, status: number, code: string) {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('sign-in for people (sessions)', () => {
  let api: ApiHarness;
  let admin: string;
  /** Each test signs in from its own client address, so the per-address rate limit of one test does not touch another. */
  let addressCounter = 10;
  const address = () => `192.0.2.${++addressCounter}`;

  const as = (test: Test, browser: Browser, options: { csrf?: string | false } = {}) => {
    const withCookie = test.set('Cookie', browser.cookie);
    return options.csrf === false ? withCookie : withCookie.set('X-CSRF-Token', options.csrf ?? browser.csrf);
  };

  /** A person created by the admin, invited, and signed in by accepting the invitation with PASSWORD. */
  async function person(roles: Role[]): Promise<{ id: string; email: string; browser: Browser }> {
    const email = `person-${unique()}@desk.test`;
    const created = await api.http().post('/v1/users').set('Authorization', `Bearer ${admin}`).send({ name: `Person ${unique()}`, email, roles }).expect(201);
    const invitation = await api.http().post(`/v1/users/${created.body.id}/invitations`).set('Authorization', `Bearer ${admin}`).expect(201);
    const token = new URL(invitation.body.url).hash.slice(1);
    const accepted = await api.http().post('/v1/invitations/accept').set('X-Forwarded-For', address()).send({ token, password: PASSWORD }).expect(200);
    return { id: created.body.id, email, browser: browserOf(accepted) };
  }

  const signIn = (email: string, password: string, ip = address()) => api.http().post('/v1/session').set('X-Forwarded-For', ip).send({ email, password });

  async function auditEvents(action: string): Promise<{ target_id: string; actor_id: string; after: Record<string, unknown> }[]> {
    // Rule-2 events keep their payload only in the hashed bytes (`canonical`); rule-1 events in `after`.
    return api.dataSource.query(
      `SELECT target_id, actor_id, coalesce(after, convert_from(canonical, 'UTF8')::jsonb -> 'after') AS after FROM audit_events WHERE action = $1 ORDER BY seq`,
      [action],
    );
  }

  beforeAll(async () => {
    api = await startApi({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_MAX_FAILURES_PER_IP: '5' });
    admin = (await api.user(['admin'])).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('signs in with email and password, sets an HttpOnly SameSite=Strict cookie on Path=/, and the cookie authenticates', async () => {
    const { email } = await person(['reporter']);
    const response = await signIn(email.toUpperCase(), PASSWORD).expect(200);
    expect(response.body).toMatchObject({ user: { email, roles: ['reporter'] }, csrfToken: expect.any(String), sessionId: expect.any(String), expiresAt: expect.any(String) });
    const cookie = cookieOf(response);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(cookie.attributes).not.toContain('Secure');
    const browser = browserOf(response);
    expect((await as(api.http().get('/v1/me'), browser).expect(200)).body.email).toBe(email);
    const session = await as(api.http().get('/v1/session'), browser).expect(200);
    expect(session.body).toMatchObject({ csrfToken: browser.csrf, sessionId: browser.sessionId, user: { email } });
    expect(session.headers['set-cookie']).toBeUndefined();
    const [stored] = await api.dataSource.query('SELECT secret_hash FROM sessions WHERE id = $1', [browser.sessionId]);
    expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.secret_hash).not.toContain(cookie.value);
  });

  it('marks the cookie Secure when the request came over https through a loopback proxy', async () => {
    const { email } = await person(['reporter']);
    const response = await signIn(email, PASSWORD).set('X-Forwarded-Proto', 'https').expect(200);
    expect(cookieOf(response).attributes).toContain('Secure');
  });

  it('answers a wrong password and an unknown email with the same 401, and audits both without the password', async () => {
    const { id, email } = await person(['checker']);
    const wrong = await signIn(email, 'not the password at all');
    const unknown = await signIn(`nobody-${unique()}@desk.test`, 'not the password at all');
    for (const response of [wrong, unknown]) {
      expectProblem(response, 401, 'invalid-credentials');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(unknown.body.detail).toBe(wrong.body.detail);
    const failed = await auditEvents('session.sign-in-failed');
    expect(failed.find((event) => event.target_id === id)?.after).toMatchObject({ email, reason: 'wrong-password' });
    expect(failed.some((event) => event.after.reason === 'unknown-email')).toBe(true);
  });

  it('refuses a cookie-authenticated write without the CSRF token or with a wrong one, and accepts the right one', async () => {
    const { browser } = await person(['reporter']);
    const article = { title: 'Talks in Moscow', language: 'en', body: 'Russia and China held talks in Moscow this week.' };
    const before = await api.auditCount();
    expectProblem(await as(api.http().post('/v1/articles'), browser, { csrf: false }).send(article), 403, 'csrf-token-invalid');
    expectProblem(await as(api.http().post('/v1/articles'), browser, { csrf: 'x'.repeat(43) }).send(article), 403, 'csrf-token-invalid');
    expect(await api.auditCount()).toBe(before);
    await as(api.http().post('/v1/articles'), browser).send(article).expect(201);
  });

  it('refuses an upload (an Express body parser route) without the CSRF token and accepts it with the token', async () => {
    const { browser } = await person(['checker']);
    const source = await as(api.http().post('/v1/sources'), browser)
      .send({ url: `https://example.org/statement-${unique()}`, kind: 'primary', subtype: 'official-statement', capture: 'none' })
      .expect(201);
    const bytes = Buffer.from('The ministry said so on Thursday.\n', 'utf8');
    const before = await api.auditCount();
    expectProblem(await as(api.http().post(`/v1/sources/${source.body.id}/uploads`), browser, { csrf: false }).send(bytes), 403, 'csrf-token-invalid');
    expect(await api.auditCount()).toBe(before);
    await as(api.http().post(`/v1/sources/${source.body.id}/uploads`), browser).send(bytes).expect(202);
  });

  it('lets bearer tokens write without a CSRF token, and prefers the bearer token over a cookie', async () => {
    const { browser } = await person(['reporter']);
    const machine = await api.user(['reporter']);
    const article = { title: 'Machine article', language: 'en', body: 'A body.' };
    await api.http().post('/v1/articles').set('Authorization', `Bearer ${machine.token}`).send(article).expect(201);
    const both = await as(api.http().post('/v1/articles'), browser, { csrf: false }).set('Authorization', `Bearer ${machine.token}`).send(article).expect(201);
    const [event] = await api.dataSource.query(`SELECT actor_id FROM audit_events WHERE target_id = $1 AND action = 'article.created'`, [both.body.id]);
    expect(event.actor_id).toBe(machine.id);
    expectProblem(await as(api.http().get('/v1/me'), browser).set('Authorization', 'Bearer fcd_not-a-token'), 401, 'unauthenticated');
  });

  it('rate-limits failed sign-ins per email and address with 429 and Retry-After, even for the right password', async () => {
    const { email } = await person(['reporter']);
    const ip = address();
    for (let i = 0; i < 3; i++) expectProblem(await signIn(email, 'wrong password number ' + i, ip), 401, 'invalid-credentials');
    const limited = await signIn(email, PASSWORD, ip);
    expectProblem(limited, 429, 'too-many-sign-in-attempts');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another address is not held back by this one's failures.
    await signIn(email, PASSWORD, address()).expect(200);
  });

  it('rate-limits failed sign-ins per address across emails', async () => {
    const ip = address();
    for (let i = 0; i < 5; i++) expectProblem(await signIn(`guess-${i}-${unique()}@desk.test`, 'some password here', ip), 401, 'invalid-credentials');
    const limited = await signIn(`guess-${unique()}@desk.test`, 'some password here', ip);
    expectProblem(limited, 429, 'too-many-sign-in-attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('signs out: revokes the session, clears the cookie, and the old cookie no longer authenticates', async () => {
    const { id, browser } = await person(['editor']);
    expectProblem(await as(api.http().delete('/v1/session'), browser, { csrf: false }), 403, 'csrf-token-invalid');
    const response = await as(api.http().delete('/v1/session'), browser).expect(204);
    expect(cookieOf(response).header).toBe('fcd_session=');
    expect(cookieOf(response).attributes.some((attribute) => /^Expires=Thu, 01 Jan 1970/.test(attribute))).toBe(true);
    expectProblem(await as(api.http().get('/v1/me'), browser), 401, 'unauthenticated');
    expectProblem(await as(api.http().get('/v1/session'), browser), 401, 'unauthenticated');
    expect((await auditEvents('session.sign-out')).some((event) => event.target_id === browser.sessionId && event.actor_id === id)).toBe(true);
  });

  it('lists the caller’s own sessions with the current one marked, and revokes one of them', async () => {
    const { email, browser: first } = await person(['checker']);
    const second = browserOf(await signIn(email, PASSWORD).set('User-Agent', 'Second browser').expect(200));
    const listed = await as(api.http().get('/v1/sessions'), second).expect(200);
    expect(listed.body.items.map((s: { id: string; current: boolean }) => [s.id, s.current])).toEqual([
      [second.sessionId, true],
      [first.sessionId, false],
    ]);
    expect(listed.body.items[0]).toMatchObject({ userAgent: 'Second browser', ip: expect.any(String), revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(second.csrf);
    await as(api.http().delete(`/v1/sessions/${first.sessionId}`), second).expect(204);
    expectProblem(await as(api.http().get('/v1/me'), first), 401, 'unauthenticated');
    await as(api.http().get('/v1/me'), second).expect(200);
    expect((await auditEvents('session.revoked')).some((event) => event.target_id === first.sessionId)).toBe(true);
  });

  it('hides another person’s session from a non-admin (404) and lets an admin list and revoke it', async () => {
    const owner = await person(['checker']);
    const other = await person(['checker']);
    expectProblem(await as(api.http().delete(`/v1/sessions/${owner.browser.sessionId}`), other.browser), 404, 'session-not-found');
    const listed = await api.http().get(`/v1/users/${owner.id}/sessions`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(owner.browser.sessionId);
    await api.http().delete(`/v1/sessions/${owner.browser.sessionId}`).set('Authorization', `Bearer ${admin}`).expect(204);
    expectProblem(await as(api.http().get('/v1/me'), owner.browser), 401, 'unauthenticated');
  });

  it('refuses a cookie user on the next request once a role is removed (403) or the user is disabled (401)', async () => {
    const { id, browser } = await person(['reporter', 'checker']);
    await as(api.http().get('/v1/articles'), browser).expect(200);
    const version = async () => (await api.dataSource.query('SELECT version FROM users WHERE id = $1', [id]))[0].version as number;
    await api.http().patch(`/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send({ roles: ['checker'], version: await version() }).expect(200);
    expectProblem(await as(api.http().post('/v1/articles'), browser).send({ title: 'T', language: 'en', body: 'B.' }), 403, 'forbidden');
    await api.http().patch(`/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true, version: await version() }).expect(200);
    expectProblem(await as(api.http().get('/v1/me'), browser), 401, 'unauthenticated');
  });

  it('enforces the roles matrix for cookie users: no role, or the wrong role, is a 403', async () => {
    // The admin API refuses a user without roles; such a user exists only when every role was removed.
    const nobodyId = (await api.user([], 'nobody')).id;
    const link = await api.http().post(`/v1/users/${nobodyId}/sign-in-links`).set('Authorization', `Bearer ${admin}`).expect(201);
    const nobody = browserOf(await api.http().post('/v1/session/link').send({ token: new URL(link.body.url).hash.slice(1) }).expect(200));
    expectProblem(await as(api.http().get('/v1/me'), nobody), 403, 'forbidden');
    expectProblem(await as(api.http().get('/v1/articles'), nobody), 403, 'forbidden');
    const reporter = await person(['reporter']);
    expectProblem(await as(api.http().get('/v1/users'), reporter.browser), 403, 'forbidden');
    expectProblem(await as(api.http().post('/v1/users'), reporter.browser).send({ name: 'X', email: `x-${unique()}@desk.test`, roles: ['admin'] }), 403, 'forbidden');
  });

  it('accepts an invitation once: a reuse, an expired or a replaced invitation is refused naming token', async () => {
    const created = await api.http().post('/v1/users').set('Authorization', `Bearer ${admin}`).send({ name: 'Invitee', email: `invitee-${unique()}@desk.test`, roles: ['checker'] }).expect(201);
    const invite = async () => {
      const response = await api.http().post(`/v1/users/${created.body.id}/invitations`).set('Authorization', `Bearer ${admin}`).expect(201);
      expect(response.body.url).toMatch(/\/app\/invitation#[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(response.body.expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);
      return new URL(response.body.url).hash.slice(1);
    };
    const replaced = await invite();
    const token = await invite();
    expectProblem(await api.http().post('/v1/invitations/accept').send({ token: replaced, password: PASSWORD }), 400, 'token-invalid');
    const accepted = await api.http().post('/v1/invitations/accept').send({ token, password: PASSWORD }).expect(200);
    expect(accepted.body.user.id).toBe(created.body.id);
    const reuse = await api.http().post('/v1/invitations/accept').send({ token, password: 'another long password' });
    expectProblem(reuse, 400, 'token-invalid');
    expect(reuse.body.errors).toEqual([{ field: 'token', message: expect.any(String) }]);
    await signIn(created.body.email, PASSWORD).expect(200);

    const expired = await invite();
    await api.dataSource.query(`UPDATE sign_in_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND consumed_at IS NULL AND revoked_at IS NULL`, [created.body.id]);
    expectProblem(await api.http().post('/v1/invitations/accept').send({ token: expired, password: PASSWORD }), 400, 'token-invalid');
    expect((await auditEvents('user.password-set')).filter((event) => event.target_id === created.body.id)).toHaveLength(1);
  });

  it('refuses a weak password with 400 naming password and leaves the invitation usable', async () => {
    const email = `weak-${unique()}@desk.test`;
    const created = await api.http().post('/v1/users').set('Authorization', `Bearer ${admin}`).send({ name: 'Weak', email, roles: ['checker'] }).expect(201);
    const invitation = await api.http().post(`/v1/users/${created.body.id}/invitations`).set('Authorization', `Bearer ${admin}`).expect(201);
    const token = new URL(invitation.body.url).hash.slice(1);
    for (const password of ['short', email, 'x'.repeat(257)]) {
      const response = await api.http().post('/v1/invitations/accept').send({ token, password });
      expectProblem(response, 400, 'password-weak');
      expect(response.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
    }
    await api.http().post('/v1/invitations/accept').send({ token, password: 'كلمة مرور طويلة بما يكفي' }).expect(200);
    await signIn(email, 'كلمة مرور طويلة بما يكفي').expect(200);
  });

  it('signs in with a one-time sign-in link, and refuses its reuse', async () => {
    const created = await api.http().post('/v1/users').set('Authorization', `Bearer ${admin}`).send({ name: 'Linked', email: `linked-${unique()}@desk.test`, roles: ['auditor'] }).expect(201);
    const link = await api.http().post(`/v1/users/${created.body.id}/sign-in-links`).set('Authorization', `Bearer ${admin}`).set('Host', 'desk.example:8080').expect(201);
    expect(link.body.url).toMatch(/^http:\/\/desk\.example:8080\/app\/sign-in\/link#[A-Za-z0-9_-]{43}$/);
    const token = new URL(link.body.url).hash.slice(1);
    const signedIn = await api.http().post('/v1/session/link').send({ token }).expect(200);
    expect(signedIn.body.user).toMatchObject({ id: created.body.id, roles: ['auditor'] });
    await as(api.http().get('/v1/audit'), browserOf(signedIn)).expect(200);
    expectProblem(await api.http().post('/v1/session/link').send({ token }), 400, 'token-invalid');
    // A user without a password can only come in by link or invitation.
    expectProblem(await signIn(created.body.email, PASSWORD), 401, 'invalid-credentials');
  });

  it('lets an admin session open the queue dashboard, refuses other roles, and refuses its writes without the CSRF token', async () => {
    const adminPerson = await person(['admin']);
    await as(api.http().get('/admin/queues'), adminPerson.browser).expect(200);
    const editor = await person(['editor']);
    expect((await as(api.http().get('/admin/queues'), editor.browser)).status).toBe(403);
    expectProblem(await as(api.http().put('/admin/queues/api/queues/capture/pause'), adminPerson.browser, { csrf: false }), 403, 'csrf-token-invalid');
  });

  it('writes sign-in audit events that contain no password, cookie secret, CSRF token or one-time token', async () => {
    const { email, browser } = await person(['editor']);
    const again = await signIn(email, PASSWORD).expect(200);
    const created = await api.http().post('/v1/users').set('Authorization', `Bearer ${admin}`).send({ name: 'Audited', email: `audited-${unique()}@desk.test`, roles: ['editor'] }).expect(201);
    const link = await api.http().post(`/v1/users/${created.body.id}/sign-in-links`).set('Authorization', `Bearer ${admin}`).expect(201);
    const linkToken = new URL(link.body.url).hash.slice(1);
    await api.http().post('/v1/session/link').send({ token: linkToken }).expect(200);
    await as(api.http().delete('/v1/session'), browser).expect(204);
    const events: { action: string; text: string }[] = await api.dataSource.query('SELECT action, row_to_json(e)::text AS text FROM audit_events e');
    const actions = new Set(events.map((event) => event.action));
    for (const action of ['session.sign-in', 'session.sign-in-failed', 'session.sign-out', 'session.revoked', 'user.password-set', 'user.invited', 'user.sign-in-link-issued']) {
      expect(actions).toContain(action);
    }
    const secrets = [PASSWORD, cookieOf(again).value, again.body.csrfToken, browser.csrf, browser.cookie.split('=')[1]!, linkToken];
    for (const secret of secrets) expect(events.filter((event) => event.text.includes(secret)).map((event) => event.action)).toEqual([]);
  });
});

describe('session expiry', () => {
  let api: ApiHarness;
  let admin: string;

  beforeAll(async () => {
    // Idle timeout 3 s, absolute lifetime 6.5 s.
    api = await startApi({ SESSION_IDLE_MINUTES: '0.05', SESSION_MAX_HOURS: String(6.5 / 3600) });
    admin = (await api.user(['admin'])).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  async function signedInCookie(): Promise<string> {
    const created = await api.http().post('/v1/users').set('Authorization', `Bearer ${admin}`).send({ name: 'Short', email: `short-${unique()}@desk.test`, roles: ['reporter'] }).expect(201);
    const link = await api.http().post(`/v1/users/${created.body.id}/sign-in-links`).set('Authorization', `Bearer ${admin}`).expect(201);
    return cookieOf(await api.http().post('/v1/session/link').send({ token: new URL(link.body.url).hash.slice(1) }).expect(200)).header;
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('ends a session left idle longer than SESSION_IDLE_MINUTES', async () => {
    const cookie = await signedInCookie();
    await api.http().get('/v1/me').set('Cookie', cookie).expect(200);
    await sleep(3500);
    expectProblem(await api.http().get('/v1/me').set('Cookie', cookie), 401, 'unauthenticated');
  });

  it('ends an active session after SESSION_MAX_HOURS however often it is used', async () => {
    const cookie = await signedInCookie();
    const started = Date.now();
    // One request a second keeps the idle timeout (3 s) from ever running out.
    while (Date.now() - started < 5000) {
      await api.http().get('/v1/me').set('Cookie', cookie).expect(200);
      await sleep(1000);
    }
    await sleep(Math.max(0, 7000 - (Date.now() - started)));
    expectProblem(await api.http().get('/v1/me').set('Cookie', cookie), 401, 'unauthenticated');
  });
});
