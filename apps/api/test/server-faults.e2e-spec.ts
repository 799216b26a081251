import { startPostgresCluster, startRedisServer, stopChildren, waitFor, type ChildApp, type PostgresCluster, type RedisServer, type TestDatabase } from '@app/testing';
import { as, intakeAuditEventsPerClaim, intakeTransitionsPerClaim, outboxSummary, spawnWorker, submitClaims, waitForStates, whenReady } from './fault-helpers.js';
import { startApi, type ApiHarness } from './harness.js';

// Faults of the servers themselves, on servers of the test's own: a PostgreSQL cluster stopped and
// started (initdb in a temporary directory) and a redis-server killed and started again. The API runs in this process, workers as child processes; neither is
// restarted: both must recover by themselves. Limits catch hangs, not slowness (2 shared cores).

const FAULT_TEST_TIMEOUT_MS = 240_000;
/** Longer than the pool's connect timeout (10 s in dataSourceOptions), so waiting requests time out too. */
const POSTGRES_DOWN_MS = 11_000;

let api: ApiHarness | null = null;
let workers: ChildApp[] = [];
let cluster: PostgresCluster | null = null;
let database: TestDatabase | null = null;
let redis: RedisServer | null = null;

afterEach(async () => {
  await stopChildren(workers);
  workers = [];
  await api?.close();
  api = null;
  await cluster?.destroy();
  cluster = database = null;
  await redis?.destroy();
  redis = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims in research, read through a connection of its own (the harness's pool may be reconnecting). */
async function inResearch(harness: ApiHarness): Promise<number> {
  const [row]: { n: number }[] = await harness.dataSource.query(`SELECT count(*)::int AS n FROM claims WHERE state = 'research'`);
  return row!.n;
}

/** Every claim went through intake exactly once, its outbox row is done, and the audit log verifies. */
async function expectExactlyOnce(harness: ApiHarness, ids: string[], auditorToken: string): Promise<void> {
  const transitions = await intakeTransitionsPerClaim(harness);
  expect([...transitions.keys()].sort()).toEqual([...ids].sort());
  expect([...transitions.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...(await intakeAuditEventsPerClaim(harness)).entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(await outboxSummary(harness)).toEqual({ total: ids.length, open: 0, done: ids.length });
  const verify = await harness.http().get('/v1/audit/verify').set(as(auditorToken)).expect(200);
  expect(verify.body).toMatchObject({ ok: true, problems: [] });
}

describe('PostgreSQL stopped and started while claims are in flight (a cluster of the test own)', () => {
  it('answers 503 problem+json with Retry-After and not-ready while the database is down longer than the pool timeout, then recovers without a restart and carries all 200 claims to research exactly once', async () => {
    cluster = await startPostgresCluster();
    database = await cluster.createDatabase();
    api = await startApi({}, { database });
    const [reporter, auditor] = await Promise.all([api.user(['reporter']), api.user(['auditor'])]);
    const worker = spawnWorker(workers, api, 'worker', { WORKER_CONCURRENCY: '2', TEST_INTAKE_PAUSE_MS: '300' });
    await whenReady(worker);
    const ids = await submitClaims(api, reporter.token, 200);
    const harness = api;
    await waitFor(async () => (await inResearch(harness)) >= 10, { timeoutMs: 60_000, intervalMs: 20, what: 'the first claims to leave intake' });
    const before = await inResearch(api);
    await cluster.stop();
    const downAt = Date.now();
    // The stop must have hit work still in flight, or the test proves nothing.
    expect(before).toBeLessThan(190);

    const ready = await api.http().get('/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'not-ready', checks: { postgres: expect.stringMatching(/^down/), queues: 'ok' } });
    let writes = 0;
    while (Date.now() - downAt < POSTGRES_DOWN_MS) {
      const write = await api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 'While down', language: 'en', body: 'The budget grew.' });
      expect({ status: write.status, type: write.headers['content-type'], retryAfter: write.headers['retry-after'], code: write.body.code }).toEqual({
        status: 503,
        type: expect.stringMatching(/^application\/problem\+json/),
        retryAfter: '5',
        code: 'database-unavailable',
      });
      expect(write.body.detail).toMatch(/cannot reach its database/);
      writes++;
      await sleep(1000);
    }
    expect(writes).toBeGreaterThan(3);
    // Outlived by both processes: the worker never exited, the API is the same object.
    expect(worker.child.exitCode).toBeNull();

    await cluster.start();
    await waitFor(async () => (await harness.http().get('/ready')).status === 200, { timeoutMs: 60_000, intervalMs: 250, what: '/ready to answer 200 again' });
    await api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 'After', language: 'en', body: 'The budget grew.' }).expect(201);
    await waitForStates(api, { research: 200 }, 120_000);
    await expectExactlyOnce(api, ids, auditor.token);
    expect(worker.child.exitCode).toBeNull();
  }, FAULT_TEST_TIMEOUT_MS);
});

describe.each([
  ['without persistence (the restart empties it)', false],
  ['with an append-only file (the restart reloads it)', true],
] as const)('Redis killed and started again while jobs are in flight, %s', (_label, appendOnly) => {
  it('accepts writes and reports not-ready while Redis is down, then the same worker carries all 200 claims to research exactly once', async () => {
    redis = await startRedisServer({ appendOnly });
    api = await startApi({ REDIS_URL: redis.url });
    const [reporter, auditor] = await Promise.all([api.user(['reporter']), api.user(['auditor'])]);
    const worker = spawnWorker(workers, api, 'worker', { REDIS_URL: redis.url, WORKER_CONCURRENCY: '2', TEST_INTAKE_PAUSE_MS: '300' });
    await whenReady(worker);
    const ids = await submitClaims(api, reporter.token, 200);
    const harness = api;
    await waitFor(async () => (await inResearch(harness)) >= 10, { timeoutMs: 60_000, intervalMs: 20, what: 'the first claims to leave intake' });
    await redis.kill();
    expect(await inResearch(api)).toBeLessThan(190);

    // The outbox holds the jobs: claims are still accepted while the queue store is gone.
    ids.push(...(await submitClaims(api, reporter.token, 5)));
    const ready = await api.http().get('/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'not-ready', checks: { postgres: 'ok', queues: expect.stringMatching(/^down/) } });
    await sleep(1000);

    await redis.start();
    await waitFor(async () => (await harness.http().get('/ready')).status === 200, { timeoutMs: 60_000, intervalMs: 250, what: '/ready to answer 200 again' });
    await waitForStates(api, { research: 205 }, 120_000);
    await expectExactlyOnce(api, ids, auditor.token);
    expect(worker.child.exitCode).toBeNull();
  }, FAULT_TEST_TIMEOUT_MS);
});
