import type { NestExpressApplication } from '@nestjs/platform-express';
import { pino } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { loadConfig, type AppConfig } from '@app/config';
import { systemActor, type Role } from '@app/core';
import { createDeploymentDatabase, deleteQueuePrefix, queueEnvironment, SERVER_REDIS, testQueuePrefix, type Deployment, type TestDatabase } from '@app/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorker } from '../../worker/src/bootstrap.js';
import { createApiApp } from '../src/bootstrap.js';

export interface ApiHarness {
  deployment: Deployment;
  app: NestExpressApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  /** A client that keeps cookies between requests, as a browser does (sign-in sessions). */
  agent: () => ReturnType<typeof request.agent>;
  /** Creates a user with these roles and returns its id and bearer token. */
  user(roles: Role[], name?: string): Promise<{ id: string; token: string }>;
  /** The in-process worker, when started with `{ worker: true }` (or later with startWorker()). */
  worker: INestApplicationContext | null;
  startWorker(overrides?: Partial<Record<keyof AppConfig, string>>): Promise<INestApplicationContext>;
  stopWorker(): Promise<void>;
  /** Number of audit events, to prove a refused request wrote nothing. */
  auditCount(): Promise<number>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * The real API (same bootstrap as production) on its own database and queue prefix. `deployment` picks
 * the database (a server's, or an embedded one of the file's own) and the queue store; Redis on a
 * PostgreSQL server unless said otherwise; `database` brings a database of the caller's instead.
 */
export async function startApi(
  overrides: Partial<Record<keyof AppConfig, string>> = {},
  options: { worker?: boolean; deployment?: Deployment; database?: TestDatabase } = {},
): Promise<ApiHarness> {
  const deployment = options.deployment ?? SERVER_REDIS;
  // A database the caller brings (on a server of its own) stays the caller's to drop.
  const db = options.database ?? (await createDeploymentDatabase(deployment));
  const prefix = testQueuePrefix();
  const env = {
    DATABASE_URL: db.url,
    ...queueEnvironment(deployment),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '5',
    // Fast retries and reconciliation so tests of faults finish in seconds.
    JOB_BACKOFF_MS: '50',
    RECONCILE_EVERY_MS: '250',
    RECONCILE_GRACE_MS: '200',
    WORKER_METRICS_PORT: '0',
    ...overrides,
  };
  const config = loadConfig(env);
  const app = await createApiApp(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  await app.init();
  const dataSource = app.get(DataSource);
  const auth = app.get(AuthService);
  const harness: ApiHarness = {
    deployment,
    app,
    config,
    db,
    dataSource,
    worker: null,
    async startWorker(workerOverrides = {}) {
      const worker = await createWorker(loadConfig({ ...env, ...workerOverrides }), pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
      await worker.init();
      harness.worker = worker;
      return worker;
    },
    async stopWorker() {
      await harness.worker?.close();
      harness.worker = null;
    },
    http: () => request(app.getHttpServer()),
    agent: () => request.agent(app.getHttpServer()),
    async user(roles, name) {
      const n = ++userCounter;
      const created = await auth.createUser(systemActor('test'), { name: name ?? `${roles.join('+')} ${n}`, email: `user${n}-${Date.now()}@desk.test`, roles });
      const { token } = await auth.issueToken(systemActor('test'), created.id, { label: 'test' });
      return { id: created.id, token };
    },
    async auditCount() {
      const [row] = await dataSource.query('SELECT count(*)::int AS n FROM audit_events');
      return row.n as number;
    },
    async close() {
      await harness.stopWorker();
      await app.close();
      if (deployment.queues === 'redis') await deleteQueuePrefix(prefix);
      if (!options.database) await db.drop();
    },
  };
  if (options.worker) await harness.startWorker();
  return harness;
}
