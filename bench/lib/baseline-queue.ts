// The pipeline benchmark's baseline: BullMQ jobs, one per item, whose processor runs one transaction
// with one UPDATE and one INSERT on a simple table in the same database: the least a queued,
// transactional step can cost on this stack (BullMQ + ioredis + TypeORM + pg), with the service's job options.
import { Queue, Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { createRedis, defaultJobOptions } from '@app/queue';
import { openDataSource, redisUrl } from './common.js';

export const BASELINE_QUEUE = 'bench-baseline';
export const BASELINE_JOB = 'bench.step';

export async function createBaselineTables(dataSource: DataSource): Promise<void> {
  await dataSource.query(`CREATE TABLE bench_items (id bigint PRIMARY KEY, state text NOT NULL, done_at timestamptz(3))`);
  await dataSource.query(`CREATE TABLE bench_item_log (id bigserial PRIMARY KEY, item_id bigint NOT NULL, at timestamptz(3) NOT NULL DEFAULT now())`);
}

export async function seedBaselineItems(dataSource: DataSource, from: number, count: number): Promise<void> {
  await dataSource.query(`INSERT INTO bench_items (id, state) SELECT g, 'intake' FROM generate_series($1::bigint, $2::bigint) g`, [from, from + count - 1]);
}

export function baselineQueue(prefix: string): Queue {
  // Same retention and retry options as the service's queues.
  return new Queue(BASELINE_QUEUE, {
    connection: createRedis(redisUrl(), 'worker'),
    prefix,
    defaultJobOptions: defaultJobOptions({ JOB_ATTEMPTS: 5, JOB_BACKOFF_MS: 1000 }),
  });
}

/** Starts a baseline worker (its own pool of `poolSize`, like a service worker's DB_POOL_SIZE). */
export async function startBaselineWorker(options: { dbUrl: string; prefix: string; concurrency: number; poolSize: number }) {
  const dataSource = await openDataSource(options.dbUrl, options.poolSize);
  const connection = createRedis(redisUrl(), 'worker');
  const worker = new Worker(
    BASELINE_QUEUE,
    async (job) => {
      const id = (job.data as { id: number }).id;
      await dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE bench_items SET state = 'research', done_at = now() WHERE id = $1`, [id]);
        await manager.query(`INSERT INTO bench_item_log (item_id) VALUES ($1)`, [id]);
      });
    },
    { connection, prefix: options.prefix, concurrency: options.concurrency, lockDuration: 30_000 },
  );
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      connection.disconnect();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
