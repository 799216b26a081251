import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { JOB_QUEUE, WorkerHost, createQueueStore, type JobHandler, type JobName } from '@app/queue';
import { createTestDatabase, deleteQueuePrefix, testQueuePrefix, testRedisUrl, waitFor, type TestDatabase } from '@app/testing';
import { createWorker } from '../src/bootstrap.js';

describe('worker process', () => {
  let db: TestDatabase;
  let prefix: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = testQueuePrefix();
  });
  afterAll(async () => {
    await deleteQueuePrefix(prefix);
    await db.drop();
  });

  it('seals audit chain heads on its schedule and stops cleanly', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, AUDIT_CHECKPOINT_EVERY_MS: '200', WORKER_METRICS_PORT: '0', LOG_LEVEL: 'silent' });
    const worker = await createWorker(config, pino({ level: 'silent' }));
    await worker.init();
    try {
      const dataSource = worker.get(DataSource);
      const audit = worker.get(AuditService);
      await dataSource.transaction((manager) =>
        audit.append(manager, { actor: systemActor('test'), action: 'test.happened', target: { type: 'test', id: 'one' }, after: { n: 1 } }),
      );
      const sealed = await waitFor(
        async () => {
          const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_checkpoint_heads WHERE target_id = 'one'`);
          return row.n > 0 ? row.n : null;
        },
        { what: 'a checkpoint sealing the new event' },
      );
      expect(sealed).toBe(1);
      expect((await audit.verify()).ok).toBe(true);
    } finally {
      await worker.close();
    }
  });

  const handlers = (Object.keys(JOB_QUEUE) as JobName[]).map((jobName): JobHandler => ({ jobName, handle: async () => null }));

  it('refuses to start when a job has no handler or two', () => {
    const withoutCheckpoint = handlers.filter((handler) => handler.jobName !== 'audit.checkpoint');
    expect(() => WorkerHost.index(withoutCheckpoint)).toThrow(/^No handler for job\(s\): audit.checkpoint$/);
    expect(() => WorkerHost.index([...handlers, handlers[0]!])).toThrow(new RegExp(`Two handlers for job "${handlers[0]!.jobName}"`));
    const checkpoint = handlers.find((handler) => handler.jobName === 'audit.checkpoint');
    expect(WorkerHost.index(handlers).get('audit.checkpoint')).toBe(checkpoint);
  });

  it('refuses a WORKER_QUEUES entry that names no queue', () => {
    const config = loadConfig({ WORKER_QUEUES: 'maintenance,nope', REDIS_URL: testRedisUrl() });
    // The store is never connected: the host refuses before it creates a worker.
    const host = new WorkerHost(config, createQueueStore(config), handlers);
    expect(() => host.consumedQueues()).toThrow(/unknown queue\(s\): nope/);
  });
});
