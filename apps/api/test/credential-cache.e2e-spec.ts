import { AuthService, CredentialCache } from '@app/auth';
import { LiveEvents } from '@app/db';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

/**
 * Two API replicas on one database, as behind a load balancer. Each caches the tokens and sessions it has
 * resolved; every way a credential can be revoked must take effect on the very next request on both.
 */
describe('credentials cached on two API replicas', () => {
  let a: ApiHarness;
  let b: ApiHarness;
  let admin: string;
  const replicas = () => [a, b] as const;

  beforeAll(async () => {
    a = await startApi();
    b = await startApi({}, { database: a.db });
    admin = (await a.user(['admin'])).token;
    await waitFor(async () => a.app.get(LiveEvents).listening && b.app.get(LiveEvents).listening, { what: 'both replicas listening' });
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const meWithToken = (api: ApiHarness, token: string) => api.http().get('/v1/me').set('Authorization', `Bearer ${token}`);
  const meWithCookie = (api: ApiHarness, cookie: string) => api.http().get('/v1/me').set('Cookie', cookie);
  const statuses = async (call: (api: ApiHarness) => Promise<{ status: number }>) => Promise.all(replicas().map(async (api) => (await call(api)).status));

  /** A person signed in by a sign-in link: the session cookie and the session's id. */
  async function signedIn(userId: string): Promise<{ cookie: string; sessionId: string }> {
    const link = await a.http().post(`/v1/users/${userId}/sign-in-links`).set('Authorization', `Bearer ${admin}`).expect(201);
    const response = await b.http().post('/v1/session/link').send({ token: new URL(link.body.url).hash.slice(1) }).expect(200);
    return { cookie: String(response.headers['set-cookie']).split(';')[0]!, sessionId: response.body.sessionId };
  }

  async function tokenIdOf(userId: string): Promise<string> {
    const tokens = await a.http().get(`/v1/users/${userId}/tokens`).set('Authorization', `Bearer ${admin}`).expect(200);
    return tokens.body.items[0].id;
  }

  /** Changes a row as a superuser could, with triggers off: no notification is sent. */
  const silently = (api: ApiHarness, sql: string, params: unknown[]) =>
    api.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(sql, params);
    });

  it('serves a resolved token from memory (a change no trigger announces is not seen until announced)', async () => {
    const checker = await a.user(['checker']);
    expect(await statuses((api) => meWithToken(api, checker.token))).toEqual([200, 200]);
    expect(a.app.get(CredentialCache).active && b.app.get(CredentialCache).active).toBe(true);
    await silently(a, 'UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1', [checker.id]);
    // Both replicas answer from their caches: this is what the other tests prove is invalidated in time.
    expect(await statuses((api) => meWithToken(api, checker.token))).toEqual([200, 200]);
    await a.dataSource.query(`SELECT pg_notify('factcheck_credentials', $1)`, [checker.id]);
    await waitFor(async () => (await statuses((api) => meWithToken(api, checker.token))).every((s) => s === 401), { what: 'the announced change' });
  });

  it('a token revoked on one replica fails on the very next request on both', async () => {
    const checker = await a.user(['checker']);
    expect(await statuses((api) => meWithToken(api, checker.token))).toEqual([200, 200]);
    await a.http().delete(`/v1/tokens/${await tokenIdOf(checker.id)}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect((await meWithToken(b, checker.token)).status).toBe(401);
    expect((await meWithToken(a, checker.token)).status).toBe(401);
  });

  it('a session revoked (by an admin, or signed out) fails on the very next request on both', async () => {
    const checker = await a.user(['checker']);
    const first = await signedIn(checker.id);
    const second = await signedIn(checker.id);
    expect(await statuses((api) => meWithCookie(api, first.cookie))).toEqual([200, 200]);
    expect(await statuses((api) => meWithCookie(api, second.cookie))).toEqual([200, 200]);

    await b.http().delete(`/v1/sessions/${first.sessionId}`).set('Authorization', `Bearer ${admin}`).expect(204);
    expect((await meWithCookie(a, first.cookie)).status).toBe(401);
    expect((await meWithCookie(b, first.cookie)).status).toBe(401);

    const csrf = (await a.http().get('/v1/session').set('Cookie', second.cookie).expect(200)).body.csrfToken;
    await a.http().delete('/v1/session').set('Cookie', second.cookie).set('X-CSRF-Token', csrf).expect(204);
    expect((await meWithCookie(b, second.cookie)).status).toBe(401);
    expect((await meWithCookie(a, second.cookie)).status).toBe(401);
  });

  it('a user disabled, or a role removed, takes effect on the very next request on both (tokens and sessions)', async () => {
    const person = await a.user(['checker', 'editor']);
    const session = await signedIn(person.id);
    const asEditor = (api: ApiHarness) => api.http().post('/v1/articles').set('Authorization', `Bearer ${person.token}`).send({});
    // An editor route: a bad body is a 400 for an editor, a 403 for anyone else.
    expect(await statuses(asEditor)).toEqual([400, 400]);
    expect(await statuses((api) => meWithCookie(api, session.cookie))).toEqual([200, 200]);

    const current = await a.http().get(`/v1/users/${person.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    const demoted = await a.http().patch(`/v1/users/${person.id}`).set('Authorization', `Bearer ${admin}`).send({ roles: ['checker'], version: current.body.version }).expect(200);
    expect((await asEditor(b)).status).toBe(403);
    expect((await asEditor(a)).status).toBe(403);

    await b.http().patch(`/v1/users/${person.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true, version: demoted.body.version }).expect(200);
    expect((await meWithToken(a, person.token)).status).toBe(401);
    expect((await meWithToken(b, person.token)).status).toBe(401);
    expect((await meWithCookie(a, session.cookie)).status).toBe(401);
    expect((await meWithCookie(b, session.cookie)).status).toBe(401);
  });

  it('a change committed elsewhere is heard before a cached entry is served, however soon the request follows', async () => {
    const checker = await a.user(['checker']);
    const auth = b.app.get(AuthService);
    expect((await auth.authenticate(checker.token))?.id).toBe(checker.id); // cached on b
    // Committed on a connection of a's pool; b is asked in the same turn the commit returns in, before
    // b's LISTEN connection has had a turn to deliver the announcement on its own.
    await a.dataSource.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1', [checker.id]);
    expect(await auth.authenticate(checker.token)).toBeNull();
  });

  it('an expired token fails once its time is up, though nothing announces it', async () => {
    const person = await a.user(['checker']);
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const issued = await a.http().post(`/v1/users/${person.id}/tokens`).set('Authorization', `Bearer ${admin}`).send({ label: 'short', expiresAt }).expect(201);
    expect(await statuses((api) => meWithToken(api, issued.body.token))).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 50));
    expect(await statuses((api) => meWithToken(api, issued.body.token))).toEqual([401, 401]);
  });

  it('serves nothing cached while its LISTEN connection is down, and starts empty once it is back', async () => {
    const checker = await a.user(['checker']);
    expect(await statuses((api) => meWithToken(api, checker.token))).toEqual([200, 200]);
    // Cut both replicas' LISTEN connections, then revoke with no notification at all.
    await a.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'factcheck live events'`);
    await waitFor(async () => !a.app.get(CredentialCache).active && !b.app.get(CredentialCache).active, { what: 'both caches off' });
    await silently(a, 'UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1', [checker.id]);
    expect(await statuses((api) => meWithToken(api, checker.token))).toEqual([401, 401]);

    await waitFor(async () => a.app.get(LiveEvents).listening && b.app.get(LiveEvents).listening, { timeoutMs: 10_000, what: 'both replicas listening again' });
    expect(await statuses((api) => meWithToken(api, checker.token))).toEqual([401, 401]);
    // Caching again: a new token is held, and its revocation announced as before.
    const again = await a.user(['checker']);
    expect(await statuses((api) => meWithToken(api, again.token))).toEqual([200, 200]);
    await b.http().delete(`/v1/tokens/${await tokenIdOf(again.id)}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(await statuses((api) => meWithToken(api, again.token))).toEqual([401, 401]);
  }, 30_000);
});
