import { Queue, Worker, createPostgresBackend, runMigrations, withBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '@app/config';
import { withoutPassword } from '@app/db';
import { createRedis } from './redis.js';

/** Nest token of the process's QueueStore. */
export const QUEUE_STORE = Symbol('QUEUE_STORE');

/** BullMQ keeps PostgreSQL queues in this schema of the app's database (Redis keys use QUEUE_PREFIX instead). */
export const POSTGRES_QUEUE_SCHEMA = 'bullmq';

type QueueDefaults = Pick<QueueOptions, 'defaultJobOptions'>;
type WorkerSettings = Omit<WorkerOptions, 'connection' | 'prefix'>;

/**
 * Where BullMQ keeps the queues: Redis, or PostgreSQL through BullMQ's PostgreSQL backend. The one place
 * that knows which; everything else asks it for queues and workers.
 */
export interface QueueStore {
  readonly kind: AppConfig['QUEUE_BACKEND'];
  /** For logs and /ready: which store, without credentials. */
  readonly description: string;
  /** Before any queue exists: for PostgreSQL, brings BullMQ's own schema up to date (idempotent, safe across replicas). */
  prepare(): Promise<void>;
  /** Once the app has started: opens the producer connection early (Redis), so the first enqueue does not wait. */
  connect(): void;
  createQueue(name: string, options: QueueDefaults): Queue;
  createWorker(name: string, processor: Processor, options: WorkerSettings): Worker;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createQueueStore(config: Pick<AppConfig, 'QUEUE_BACKEND' | 'REDIS_URL' | 'QUEUE_PREFIX' | 'DATABASE_URL'>): QueueStore {
  if (config.QUEUE_BACKEND === 'redis') return new RedisQueueStore(config.REDIS_URL!, config.QUEUE_PREFIX);
  if (!config.DATABASE_URL) throw new Error('PostgreSQL queues need the database URL (start the embedded database first)');
  return new PostgresQueueStore(config.DATABASE_URL);
}

class RedisQueueStore implements QueueStore {
  readonly kind = 'redis' as const;
  readonly description: string;
  private readonly producer: Redis;
  private readonly workerConnections: Redis[] = [];

  constructor(
    private readonly url: string,
    private readonly prefix: string,
  ) {
    this.description = `redis ${withoutPassword(url)} (prefix ${prefix})`;
    // Connected in connect(), once the app has started, not here: when start-up fails after this ran (e.g.
    // migrations pending), Nest never shuts providers down and an open socket would keep the process alive.
    this.producer = createRedis(url, 'producer', { lazyConnect: true });
    // Errors surface on the commands that fail; without a listener ioredis would also print them.
    this.producer.on('error', () => undefined);
  }

  async prepare(): Promise<void> {}

  connect(): void {
    if (this.producer.status === 'wait') this.producer.connect().catch(() => undefined);
  }

  createQueue(name: string, options: QueueDefaults): Queue {
    return new Queue(name, { ...options, connection: this.producer, prefix: this.prefix });
  }

  createWorker(name: string, processor: Processor, options: WorkerSettings): Worker {
    // Workers block on their connection: one each, waiting for Redis forever as BullMQ requires.
    const connection = createRedis(this.url, 'worker');
    this.workerConnections.push(connection);
    return new Worker(name, processor, { ...options, connection, prefix: this.prefix });
  }

  async ping(): Promise<void> {
    await this.producer.ping();
  }

  async close(): Promise<void> {
    this.producer.disconnect();
    this.workerConnections.forEach((connection) => connection.disconnect());
  }
}

const Postgres = withBackend(createPostgresBackend);

/**
 * How long a queue operation waits for a pooled connection, as the app's own pool does (db.options.ts).
 * Generous because on the embedded database every transaction runs one at a time, so a busy start-up
 * (migrations, six workers connecting) queues them all.
 */
const CONNECTION_TIMEOUT_MS = 10_000;

class PostgresQueueStore implements QueueStore {
  readonly kind = 'postgres' as const;
  readonly description: string;
  /** Shared by every producer Queue (and ping); workers get small pools of their own plus a LISTEN connection. */
  private readonly pool: pg.Pool;

  constructor(private readonly url: string) {
    this.description = `postgres, schema ${POSTGRES_QUEUE_SCHEMA} of the database`;
    this.pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${POSTGRES_QUEUE_SCHEMA}`, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
    this.pool.on('error', () => undefined);
  }

  async prepare(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // BullMQ's migrator takes an advisory lock, so replicas starting together apply them once.
      await runMigrations(client, POSTGRES_QUEUE_SCHEMA);
    } finally {
      client.release();
    }
  }

  connect(): void {}

  createQueue(name: string, options: QueueDefaults): Queue {
    return new Postgres.Queue(name, { ...options, connection: this.pool }) as unknown as Queue;
  }

  createWorker(name: string, processor: Processor, options: WorkerSettings): Worker {
    // One query connection and BullMQ's own LISTEN connection per queue: a worker process on six queues
    // holds twelve, which keeps a few replicas (and the tests) well inside PostgreSQL's max_connections.
    const connection = { connectionString: this.url, max: 1, schema: POSTGRES_QUEUE_SCHEMA, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS };
    return new Postgres.Worker(name, processor, { ...options, connection }) as unknown as Worker;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
