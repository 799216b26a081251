// Shared plumbing for the benchmarks: sizes from the environment, a database and a queue prefix of the
// bench's own (created here, always dropped), statistics, tables, progress lines and the JSON results.
// Nothing here asserts a time: benches print what they measured next to a baseline from the same run.
import 'reflect-metadata';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from '@app/schema';

/** The compiled tree (this file runs from <dist>/bench/lib/) and the repository root above it. */
export const DIST = fileURLToPath(new URL('../../', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RESULTS_DIR = `${ROOT}bench/results`;

/** An integer size or setting from the environment, with the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got ${JSON.stringify(raw)})`);
  return value;
}

/** Where PostgreSQL is: the server of DATABASE_URL (its `postgres` database is used to create and drop ours). */
export function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/factcheck');
  url.pathname = `/${database}`;
  return url.toString();
}

export const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---------------------------------------------------------------------------------------------------
// Progress and clean-up

const started = Date.now();
const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
let benchName = 'bench';

export function progress(message: string): void {
  process.stderr.write(`[${benchName} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

const cleanups: (() => Promise<void>)[] = [];
/** Registers something to undo at the end, also on Ctrl-C or a crash (last registered runs first). */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.unshift(fn);
}

async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.shift()!;
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`clean-up step failed: ${(error as Error).message}\n`);
    }
  }
}

/**
 * Runs one benchmark's main function: clean-up always runs (database dropped, queue keys deleted), on
 * success, failure or Ctrl-C. Exits the process when done (BullMQ and pools must not keep it alive).
 */
export function runBench(name: string, main: () => Promise<void>): void {
  benchName = name;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  main()
    .then(async () => {
      await runCleanups();
      progress(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    })
    .catch(async (error: unknown) => {
      console.error(error);
      await runCleanups();
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------------
// Database and queue prefix of the bench's own

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops it now (also done at clean-up if not done before). */
  drop(): Promise<void>;
}

const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Creates `fc_bench_<name>_<random>`, applies every migration, and drops it at clean-up. */
export async function createBenchDatabase(name: string): Promise<BenchDatabase> {
  const dbName = `fc_bench_${name}_${randomHex(4)}`;
  const admin = new pg.Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const client = new pg.Client({ connectionString: serverUrl('postgres') });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      progress(`dropped database ${dbName}`);
    } finally {
      await client.end();
    }
  };
  onCleanup(drop);
  const url = serverUrl(dbName);
  const migrator = new DataSource({ ...dataSourceOptions(url, SCHEMA, 1), logging: ['error'] });
  await migrator.initialize();
  try {
    await migrator.runMigrations();
  } finally {
    await migrator.destroy();
  }
  progress(`created and migrated database ${dbName}`);
  return { name: dbName, url, drop };
}

/** A TypeORM DataSource on the bench database with the service's own options (destroyed at clean-up). */
export async function openDataSource(url: string, poolSize: number): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, SCHEMA, poolSize), logging: ['error'] });
  await dataSource.initialize();
  onCleanup(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
  });
  return dataSource;
}

/** A BullMQ prefix of the bench's own; every key under it is deleted by `drop()` or at clean-up. */
export function createQueuePrefix(name: string): { prefix: string; drop(): Promise<void> } {
  const prefix = `fcb_${name}_${randomHex(4)}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await deleteQueuePrefix(prefix);
  };
  onCleanup(drop);
  return { prefix, drop };
}

export async function deleteQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    progress(`deleted ${deleted} Redis keys under ${prefix}:`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Environment for the service's loadConfig(): quiet logs, no fixed ports, and where it keeps its data and
 * queues. `db`: the bench database on the server, or a data directory for the embedded database
 * (DATABASE_URL unset). `prefix`: the BullMQ prefix in Redis, or null for queues in the PostgreSQL
 * database (no REDIS_URL at all, as that deployment runs).
 */
export function serviceEnv(db: { url: string } | { dataDir: string }, prefix: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...('url' in db ? { DATABASE_URL: db.url } : { PGLITE_DATA_DIR: db.dataDir }),
    ...(prefix === null ? { QUEUE_BACKEND: 'postgres' } : { REDIS_URL: redisUrl(), QUEUE_BACKEND: 'redis', QUEUE_PREFIX: prefix }),
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    WORKER_METRICS_PORT: '0',
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------
// Statistics

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a sample (milliseconds, or whatever unit the sample is in). */
export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { count: 0, mean: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, mean: sum / sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1]! };
}

export const ratio = (ours: number, baseline: number) => (baseline === 0 || !Number.isFinite(baseline) ? NaN : ours / baseline);

/** Runs fn repeatedly (after warm-up) until `minIterations` and `minMs` are both reached; returns ms per call. */
export async function sample(fn: () => Promise<unknown>, options: { warmup?: number; minIterations?: number; maxIterations?: number; minMs?: number } = {}): Promise<number[]> {
  const { warmup = 5, minIterations = 50, maxIterations = 2000, minMs = 2000 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxIterations && (times.length < minIterations || performance.now() - start < minMs)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

// ---------------------------------------------------------------------------------------------------
// Output

/** One line of a benchmark's result: our figure, the baseline's, and ours / baseline. */
export interface Figure {
  bench: string;
  metric: string;
  unit: string;
  ours: number;
  baseline: number | null;
  baselineLabel: string | null;
  /** ours / baseline (for rates below 1 means slower than the baseline; for times above 1 means slower). */
  ratio: number | null;
}

export function figure(bench: string, metric: string, unit: string, ours: number, baseline?: { label: string; value: number }): Figure {
  return {
    bench,
    metric,
    unit,
    ours,
    baseline: baseline?.value ?? null,
    baselineLabel: baseline?.label ?? null,
    ratio: baseline ? ratio(ours, baseline.value) : null,
  };
}

export function fmt(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  const d = digits ?? (Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 3);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function fmtRatio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return value >= 100 ? `${fmt(value, 0)}×` : value >= 10 ? `${fmt(value, 1)}×` : `${fmt(value, 2)}×`;
}

/** A plain-text table (columns padded; numbers right-aligned). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => /^[-—\d.,×%\s]*$/.test(r[i] ?? '')));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(headers: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${headers.map(esc).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export const FIGURE_HEADERS = ['bench', 'metric', 'ours', 'unit', 'baseline', 'baseline is', 'ours / baseline'];
export const figureRow = (f: Figure) => [f.bench, f.metric, fmt(f.ours), f.unit, fmt(f.baseline), f.baselineLabel ?? '—', fmtRatio(f.ratio)];

export function printFigures(title: string, figures: Figure[]): void {
  console.log(`\n${title}\n${table(FIGURE_HEADERS, figures.map(figureRow))}\n`);
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string | null;
  redis: string | null;
  os: string;
  /** 1, 5 and 15 minute load averages when the bench started and when the result was written (the machine may be shared). */
  loadAverageAtStart: number[];
  loadAverage: number[];
}

export async function machine(): Promise<Machine> {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux
  }
  let nproc = os.availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // no coreutils
  }
  let postgres: string | null = null;
  let redis: string | null = null;
  try {
    const client = new pg.Client({ connectionString: serverUrl('postgres') });
    await client.connect();
    postgres = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    await client.end();
  } catch {
    // reported as null
  }
  try {
    const r = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
    redis = /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? null;
    r.disconnect();
  } catch {
    // reported as null
  }
  return {
    nproc,
    cpuModel,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    redis,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: loadAtStart,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Writes bench/results/<name>.json: parameters, figures, details and the machine. */
export async function writeResult(name: string, body: { params: Record<string, unknown>; figures: Figure[]; details?: unknown }): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}/${name}.json`;
  const result = {
    bench: name,
    finishedAt: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 100) / 10,
    machine: await machine(),
    ...body,
  };
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n');
  progress(`wrote ${path.replace(ROOT, '')}`);
  return path;
}

/** Sends `{ type }` to a child process and resolves with its first message of type `reply`. */
export function ask<T>(child: ChildProcess, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type === reply) {
        child.off('message', onMessage);
        resolve(message as T);
      }
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small deterministic PRNG (mulberry32), so seeded data is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Counts the SQL statements a DataSource sends (BEGIN and COMMIT included), by wrapping its logger:
 * every statement is one round trip to PostgreSQL, the main cost per claim on a small machine.
 */
export function countQueries(dataSource: DataSource): { total(): number; byStatement(): Map<string, number>; reset(): void } {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  let total = 0;
  let statements = new Map<string, number>();
  logger.logQuery = (query, parameters, queryRunner) => {
    total++;
    const key = query.replace(/\s+/g, ' ').slice(0, 90);
    statements.set(key, (statements.get(key) ?? 0) + 1);
    return original(query, parameters, queryRunner);
  };
  return {
    total: () => total,
    byStatement: () => statements,
    reset: () => {
      total = 0;
      statements = new Map();
    },
  };
}
