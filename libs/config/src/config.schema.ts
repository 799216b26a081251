import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/**
 * The one configuration schema. Every value comes from the environment. With nothing set, the desk runs
 * on an embedded PostgreSQL (PGlite, data under PGLITE_DATA_DIR) with its queues in that database; a
 * DATABASE_URL chooses a PostgreSQL server, and a REDIS_URL puts the queues in Redis.
 */
const fields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** A PostgreSQL server; unset: the embedded database. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  /**
   * A read replica of DATABASE_URL (a streaming standby): the public reading surface (report pages, the
   * index, archived copies) reads there; everything else stays on the primary. Unset: one database.
   */
  DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  /** Where the embedded database keeps its files (only when DATABASE_URL is unset). */
  PGLITE_DATA_DIR: z.string().min(1).default('./.data/pg'),
  /** Loopback port the embedded database is served on (0: any free port, printed at start). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /** Where the queues live: Redis (REDIS_URL) or the PostgreSQL database. Default: redis when REDIS_URL is set. */
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).optional(),
  // `{fc}` (a Redis Cluster hash tag) keeps every key of the desk's queues in one slot, as BullMQ needs on a cluster.
  QUEUE_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_-]+|\{[A-Za-z0-9_-]+\})$/, 'letters, digits, "_" and "-" only, optionally inside one pair of braces (a Redis Cluster hash tag)')
    .default('fc'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Absolute base of the URLs written into published reports and annotations (the public address of the API). */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The newsroom credited as the author of published fact-checks. */
  NEWSROOM_NAME: z.string().trim().min(1).max(200).default('Factcheck desk'),
  NEWSROOM_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** IANA time zone in which published reports show dates to readers (the machine-readable value stays UTC). */
  NEWSROOM_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as "UTC" or "Asia/Riyadh"'),
  /** Paper size of printed reports. */
  NEWSROOM_PAPER_SIZE: z.enum(['A4', 'letter']).default('A4'),
  /** The built web app (`npm run build` writes it) that the API serves at /app; relative to the working directory. */
  WEB_APP_DIR: z.string().min(1).default('dist/web'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body, in bytes (413 above it). */
  MAX_BODY_BYTES: positiveInt.default(2 * 1024 * 1024),
  /** Largest accepted article body, in Unicode code points. */
  MAX_ARTICLE_CODE_POINTS: positiveInt.default(200_000),
  /** How often the worker seals the audit chain heads into a checkpoint. */
  AUDIT_CHECKPOINT_EVERY_MS: positiveInt.default(60_000),
  /**
   * The Ed25519 key that signs audit checkpoints: PKCS#8 PEM (`\n` escapes allowed), or a file holding it.
   * Unset: the embedded desk keeps one beside its data directory; production on a server refuses to start.
   */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Events per page a verification job reads (one statement each). */
  AUDIT_VERIFY_PAGE_SIZE: positiveInt.max(100_000).default(5_000),
  /** Largest log `GET /v1/audit/verify` still verifies inside the request (above it: 422, use the job). */
  AUDIT_VERIFY_SYNC_MAX_EVENTS: positiveInt.default(10_000),
  WORKER_CONCURRENCY: positiveInt.default(8),
  /** Queues this worker consumes (comma-separated); empty means all, so replicas can specialise. */
  WORKER_QUEUES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean)),
  DB_POOL_SIZE: positiveInt.default(10),
  /** How long a pulled human task stays leased to its taker before it returns to the queue. */
  TASK_LEASE_MS: positiveInt.default(30 * 60_000),
  /** Attempts per automated job before the claim is marked failed, and the first retry delay (doubling). */
  JOB_ATTEMPTS: positiveInt.default(5),
  JOB_BACKOFF_MS: positiveInt.default(1000),
  /** How long a worker's lock on an active job lasts; a killed worker's job is picked up again after it. */
  JOB_LOCK_MS: positiveInt.default(30_000),
  /** How often each worker re-enqueues outbox jobs missing from the queue and expires task leases. */
  RECONCILE_EVERY_MS: positiveInt.default(5_000),
  /** Outbox rows younger than this are left to the normal after-commit hand-off. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(2_000),
  /** Port of the worker's Prometheus endpoint (0: off). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Limits of the capture worker's fetcher (http/https only; private and loopback addresses refused). */
  CAPTURE_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  CAPTURE_TIMEOUT_MS: positiveInt.default(20_000),
  CAPTURE_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(5),
  /** Test-only: let the fetcher reach 127.0.0.0/8 and ::1 (a local fixture server). Never other private ranges. */
  CAPTURE_ALLOW_LOOPBACK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Largest saved copy accepted by upload. */
  UPLOAD_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  /** How often sources are re-captured to detect drift and rot, and how old a capture must be to be re-checked. */
  RECHECK_EVERY_MS: positiveInt.default(6 * 3600_000),
  RECHECK_MIN_AGE_MS: z.coerce.number().int().min(0).default(3600_000),
  /** Reader error reports accepted per client address per window. */
  READER_REPORTS_PER_WINDOW: positiveInt.default(5),
  READER_REPORTS_WINDOW_MS: positiveInt.default(15 * 60_000),
  /** A session ends after this long without a request (fractions allowed, e.g. 0.05 = 3 s). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(720),
  /** A session ends this long after sign-in, however active (fractions allowed). */
  SESSION_MAX_HOURS: z.coerce.number().positive().default(168),
  /** Always mark the session cookie Secure (it is anyway when the request came over https). */
  SESSION_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Failed sign-ins allowed per email and client address, and per client address, in the window (429 beyond). */
  SIGN_IN_MAX_FAILURES: positiveInt.default(10),
  SIGN_IN_MAX_FAILURES_PER_IP: positiveInt.default(50),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** Seconds between keepalive comments on an open `GET /v1/events` stream (each also re-checks the caller's access). */
  EVENTS_KEEPALIVE_SECONDS: z.coerce.number().positive().default(20),
  /** Test-only: pause the intake step this long inside its transaction, so fault tests can kill a worker mid-step. */
  TEST_INTAKE_PAUSE_MS: z.coerce.number().int().min(0).default(0),
});

export const configSchema = fields
  .refine((config) => config.QUEUE_BACKEND !== 'redis' || config.REDIS_URL, {
    path: ['QUEUE_BACKEND'],
    message: 'is redis but REDIS_URL is not set',
  })
  .refine((config) => !config.DATABASE_READ_URL || config.DATABASE_URL, {
    path: ['DATABASE_READ_URL'],
    message: 'needs DATABASE_URL (the primary it replicates); the embedded database has no replicas',
  })
  .refine((config) => config.NODE_ENV !== 'production' || !config.DATABASE_URL || config.AUDIT_SIGNING_KEY || config.AUDIT_SIGNING_KEY_FILE, {
    path: ['AUDIT_SIGNING_KEY'],
    message: 'or AUDIT_SIGNING_KEY_FILE is required in production on a PostgreSQL server (every replica signs with the same key)',
  })
  .transform((config) => ({ ...config, QUEUE_BACKEND: config.QUEUE_BACKEND ?? (config.REDIS_URL ? 'redis' : 'postgres') }) as const);

export type AppConfig = z.infer<typeof configSchema>;

/** Thrown when the environment does not satisfy the schema; its message is one line naming the variable. */
export class ConfigError extends Error {}

/** Parses the environment, throwing a one-line ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  return parsed.data;
}

/** The public base of absolute URLs written into reports and annotations (no trailing slash). */
export function publicBaseUrl(config: Pick<AppConfig, 'PUBLIC_BASE_URL' | 'HOST' | 'PORT'>): string {
  return config.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? `http://${config.HOST}:${config.PORT}`;
}
