import pg from 'pg';
import { deleteQueuePrefix, stopChildren, type ChildApp, describeDeployment, SERVER_POSTGRES_QUEUES, SERVER_REDIS, testRedisUrl, waitFor, type Deployment } from '@app/testing';
import { as, claimState, countByState, intakeAuditEventsPerClaim, intakeTransitionsPerClaim, outboxSummary, spawnWorker as spawnWorkerInto, submitClaims, waitForStates, whenReady } from './fault-helpers.js';
import { startApi, type ApiHarness } from './harness.js';

// Fault tests for the job durability design: the outbox in Postgres is the source of truth, BullMQ only
// carries the work, and the intake processor completes its outbox row in its own transaction. Workers
// that must be killed run the compiled entry point as real child processes. Each fault that applies to
// both queue stores (Redis, PostgreSQL) runs on both; the embedded database's are in embedded-desk.e2e-spec.

let api: ApiHarness | null = null;
let workers: ChildApp[] = [];

const spawnWorker = (harness: ApiHarness, name: string, env: Record<string, string> = {}) => spawnWorkerInto(workers, harness, name, env);

afterEach(async () => {
  // Whatever happened in the test: no child outlives it, then the harness drops its database and prefix.
  await stopChildren(workers);
  workers = [];
  await api?.close();
  api = null;
});

/** Each test starts processes and carries up to 200 claims; the limit catches hangs, not slowness. */
const FAULT_TEST_TIMEOUT_MS = 180_000;

/**
 * True while another session holds the row lock on the claim, which only the intake step takes (it locks
 * the claim first and keeps it until its transaction ends). Probed with NOWAIT, so it never waits itself;
 * through a plain pg client, so the expected lock failure is not logged as a failed query.
 */
async function claimIsLocked(harness: ApiHarness, id: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: harness.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT id FROM claims WHERE id = $1 FOR UPDATE NOWAIT', [id]);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return true;
    throw error;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** Loses every job the queue store holds: all keys of the prefix in Redis, all rows of BullMQ's job table in PostgreSQL. */
async function emptyQueueStore(harness: ApiHarness): Promise<void> {
  if (harness.deployment.queues === 'redis') await deleteQueuePrefix(harness.config.QUEUE_PREFIX);
  else await harness.dataSource.query('DELETE FROM bullmq.job');
}

describe.each([SERVER_REDIS, SERVER_POSTGRES_QUEUES].map((deployment) => [describeDeployment(deployment), deployment] as const))(
  'workflow under faults (%s): the outbox makes intake jobs survive crashes, lost queue data and replicas',
  (_name, deployment: Deployment) => {
    it('finishes intake exactly once when the worker is SIGKILLed in the middle of the step and another worker takes over', async () => {
      api = await startApi({}, { deployment });
      const [reporter, auditor] = await Promise.all([api.user(['reporter']), api.user(['auditor'])]);
      const paused = spawnWorker(api, 'paused', { TEST_INTAKE_PAUSE_MS: '3000', JOB_LOCK_MS: '2000' });
      await whenReady(paused);

      const [id] = await submitClaims(api, reporter.token, 1);
      const harness = api;
      await waitFor(() => claimIsLocked(harness, id!), { timeoutMs: 15_000, what: 'the worker to be inside the intake step (holding the claim lock)' });
      paused.child.kill('SIGKILL');
      expect(await paused.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // Nothing of the interrupted step was committed.
      expect(await claimState(api, id!)).toBe('intake');
      expect(await outboxSummary(api)).toEqual({ total: 1, open: 1, done: 0 });

      // The job is still "active" under the dead worker's lock; once the lock expires the new worker retakes it.
      await whenReady(spawnWorker(api, 'rescuer', { JOB_LOCK_MS: '2000' }));
      await waitForStates(api, { research: 1 }, 20_000);

      expect(await intakeTransitionsPerClaim(api)).toEqual(new Map([[id, 1]]));
      expect(await intakeAuditEventsPerClaim(api)).toEqual(new Map([[id, 1]]));
      const [outbox]: { completed_at: Date | null; outcome: string | null }[] = await api.dataSource.query(
        'SELECT completed_at, outcome FROM job_outbox WHERE job_id = $1',
        [`intake.${id}.0`],
      );
      expect(outbox).toMatchObject({ outcome: 'done', completed_at: expect.any(Date) });
      const verify = await api.http().get('/v1/audit/verify').set(as(auditor.token)).expect(200);
      expect(verify.body).toMatchObject({ ok: true, problems: [] });
    }, FAULT_TEST_TIMEOUT_MS);

    it('carries all 200 claims to research exactly once when every job in the queue store is deleted mid-flight', async () => {
      // Intake batches claims (and takes on waiting ones); a pause per batch keeps work in flight for the wipe.
      api = await startApi({ WORKER_CONCURRENCY: '2', TEST_INTAKE_PAUSE_MS: '300' }, { worker: true, deployment });
      const reporter = await api.user(['reporter']);
      const ids = await submitClaims(api, reporter.token, 200);

      const harness = api;
      const before = await waitFor(
        async () => {
          const states = await countByState(harness);
          return (states.research ?? 0) >= 10 ? states : null;
        },
        { timeoutMs: 20_000, intervalMs: 20, what: 'the first claims to leave intake' },
      );
      await emptyQueueStore(api);
      // The wipe must have hit work still in flight, or the test proves nothing.
      expect(before.intake ?? 0).toBeGreaterThan(20);

      await waitForStates(api, { research: 200 });
      const transitions = await intakeTransitionsPerClaim(api);
      expect([...transitions.keys()].sort()).toEqual([...ids].sort());
      expect([...transitions.values()].every((n) => n === 1)).toBe(true);
      expect(await outboxSummary(api)).toEqual({ total: 200, open: 0, done: 200 });
    }, FAULT_TEST_TIMEOUT_MS);

    it('lets two worker replicas share 100 claims, each claim going through intake exactly once', async () => {
      api = await startApi({}, { deployment });
      const reporter = await api.user(['reporter']);
      // The default (long) lock: a job is never retaken from a live replica, so any double run would be a bug.
      const replicaEnv = { LOG_LEVEL: 'debug', WORKER_CONCURRENCY: '4', JOB_LOCK_MS: '30000' };
      const replicas = [spawnWorker(api, 'a', replicaEnv), spawnWorker(api, 'b', replicaEnv)];
      await Promise.all(replicas.map(whenReady));

      const ids = await submitClaims(api, reporter.token, 100);
      await waitForStates(api, { research: 100 });

      const transitions = await intakeTransitionsPerClaim(api);
      expect(transitions.size).toBe(100);
      expect([...transitions.values()].every((n) => n === 1)).toBe(true);
      const audits = await intakeAuditEventsPerClaim(api);
      expect([...audits.values()].every((n) => n === 1)).toBe(true);
      expect(await outboxSummary(api)).toEqual({ total: 100, open: 0, done: 100 });

      // Both replicas really took part (a job's "job done" line is written just after its commit, so poll for it).
      const intakeJobsDone = (worker: ChildApp) =>
        worker
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { msg?: string; job?: string; jobId?: string })
          .filter((entry) => entry.msg === 'job done' && entry.job === 'claims.intake')
          .map((entry) => entry.jobId);
      const expectedJobs = new Set(ids.map((id) => `intake.${id}.0`));
      const [doneByA, doneByB] = await waitFor(
        async () => {
          const done = replicas.map(intakeJobsDone);
          return new Set(done.flat()).size === expectedJobs.size ? done : null;
        },
        { timeoutMs: 10_000, what: 'both replicas to log every intake job they ran' },
      );
      expect(doneByA!.length).toBeGreaterThan(0);
      expect(doneByB!.length).toBeGreaterThan(0);
      expect(new Set([...doneByA!, ...doneByB!])).toEqual(expectedJobs);
    }, FAULT_TEST_TIMEOUT_MS);

    it('finishes the intake step in progress and exits with code 0 when the worker receives SIGTERM', async () => {
      api = await startApi({}, { deployment });
      const reporter = await api.user(['reporter']);
      const worker = spawnWorker(api, 'terminated', { TEST_INTAKE_PAUSE_MS: '3000' });
      await whenReady(worker);

      const [id] = await submitClaims(api, reporter.token, 1);
      const harness = api;
      await waitFor(() => claimIsLocked(harness, id!), { timeoutMs: 15_000, what: 'the worker to be inside the intake step (holding the claim lock)' });
      worker.child.kill('SIGTERM');
      const exit = await worker.exited;
      expect({ exit, output: worker.output().slice(-2000) }).toMatchObject({ exit: { code: 0, signal: null } });

      // The step committed before the process left: no other worker exists to have finished it.
      expect(await claimState(api, id!)).toBe('research');
      expect(await intakeTransitionsPerClaim(api)).toEqual(new Map([[id, 1]]));
      expect(await outboxSummary(api)).toEqual({ total: 1, open: 0, done: 1 });
    }, FAULT_TEST_TIMEOUT_MS);
  },
);

describe('workflow under faults (PostgreSQL server, queues in Redis): Redis unreachable', () => {
  it('accepts claims while Redis is unreachable (the outbox holds the jobs), reports not-ready, and a worker later carries them to research', async () => {
    api = await startApi({ REDIS_URL: 'redis://127.0.0.1:6390' });
    const reporter = await api.user(['reporter']);
    const started = Date.now();
    const ids = await submitClaims(api, reporter.token, 5);
    expect(ids).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await outboxSummary(api)).toEqual({ total: 5, open: 5, done: 0 });

    const ready = await api.http().get('/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'not-ready', checks: { postgres: 'ok', queues: expect.stringMatching(/^down/) }, queueBackend: 'redis' });

    await api.startWorker({ REDIS_URL: testRedisUrl() });
    await waitForStates(api, { research: 5 });
    expect([...(await intakeTransitionsPerClaim(api)).values()]).toEqual([1, 1, 1, 1, 1]);
    expect(await outboxSummary(api)).toEqual({ total: 5, open: 0, done: 5 });
  }, FAULT_TEST_TIMEOUT_MS);

});
