import { startPostgresCluster, waitFor, type PostgresCluster, type StreamingReplica, type TestDatabase } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

/**
 * DATABASE_READ_URL against a real physical replica: a cluster of the test's own and a hot standby of it
 * (pg_basebackup, streaming replication). Pausing the standby's replay makes it lag on purpose: public
 * report pages then show what the replica has, staff routes what the primary has, and nothing a
 * lagging replica answers is kept by a cache for longer than its Cache-Control allows.
 */
describe('public pages on a read replica (DATABASE_READ_URL)', () => {
  let cluster: PostgresCluster;
  let replica: StreamingReplica;
  let database: TestDatabase;
  let api: ApiHarness;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    replica = await cluster.startStreamingReplica();
    database = await cluster.createDatabase();
    await replica.caughtUp();
    api = await startApi({ DATABASE_READ_URL: replica.url(database.name), PUBLIC_BASE_URL: 'https://desk.example' }, { worker: true, database });
  });
  afterAll(async () => {
    await replica?.resumeReplay().catch(() => undefined);
    await api?.close();
    await cluster?.destroy();
  });

  it('serves report pages from the replica, staff routes from the primary, and a lagging replica only delays what readers see', async () => {
    const [reporter, editor] = await Promise.all([api.user(['reporter']), api.user(['editor'])]);
    const article = await api
      .http()
      .post('/v1/articles')
      .set(as(reporter.token))
      .send({ title: 'Talks in Moscow', language: 'en', body: 'Russia and China held talks in Moscow this week, the ministry said.' })
      .expect(201);
    const articleId = article.body.id as string;
    await api.http().post(`/v1/articles/${articleId}/claims`).set(as(reporter.token)).send({ statement: 'The talks were held this week', anchor: { exact: 'this week' } }).expect(201);
    await api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor.token)).send({}).expect(202);
    await waitFor(async () => (await api.http().get(`/reports/${articleId}/v1`)).status === 200, { what: 'version 1 to render and reach the replica' });

    // The replica falls behind: version 2 is published on the primary only.
    await replica.pauseReplay();
    await api.http().post(`/v1/articles/${articleId}/reports`).set(as(editor.token)).send({}).expect(202);
    await waitFor(
      async () => (await api.http().get(`/v1/articles/${articleId}/reports`).set(as(editor.token)).expect(200)).body.items?.[1]?.status === 'published',
      { what: 'version 2 to be published on the primary' },
    );
    // Staff routes and authentication read the primary: a user created now signs in at once.
    const newcomer = await api.user(['reporter']);
    const versions = await api.http().get(`/v1/articles/${articleId}/reports`).set(as(newcomer.token)).expect(200);
    expect(versions.body.items.map((item: { version: number; status: string }) => [item.version, item.status])).toEqual([
      [1, 'published'],
      [2, 'published'],
    ]);

    // Readers are served by the replica: still version 1, and no notice on it yet.
    const latest = await api.http().get(`/reports/${articleId}`).expect(200);
    expect(latest.headers['content-location']).toBe(`/reports/${articleId}/v1`);
    expect(latest.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    const v1 = await api.http().get(`/reports/${articleId}/v1`).expect(200);
    expect(v1.text).not.toContain('id="later-version"');
    // Version 2 is not on the replica yet: a 404 that no cache keeps, so it appears once replay catches up.
    const missing = await api.http().get(`/reports/${articleId}/v2`).expect(404);
    expect(missing.headers['cache-control']).toBe('private, no-store');
    const index = await api.http().get('/reports').expect(200);
    expect(index.text).toContain(`href="/reports/${articleId}"`);

    // Replay resumes: readers see version 2, and version 1 with its notice and a new ETag (a cache revalidating gets it).
    await replica.resumeReplay();
    await replica.caughtUp();
    const caughtUp = await api.http().get(`/reports/${articleId}`).expect(200);
    expect(caughtUp.headers['content-location']).toBe(`/reports/${articleId}/v2`);
    const v1After = await api.http().get(`/reports/${articleId}/v1`).set('If-None-Match', v1.headers.etag!).expect(200);
    expect(v1After.text).toContain('id="later-version"');
    expect(v1After.headers.etag).not.toBe(v1.headers.etag);
    await api.http().get(`/reports/${articleId}/v2`).expect(200);
  });
});
