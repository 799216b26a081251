// Pipeline benchmark: N claims submitted through the real HTTP API (batches of BENCH_BATCH via
// POST /v1/articles/:id/claims/batch, BENCH_CLIENTS submitting at once) and carried through intake to
// `research` by the worker; then an open-loop offered-load run of single-claim POSTs at BENCH_RATE/s
// on the server deployment (the API in a process of its own, bench/child-api-server.ts, and the worker in
// BENCH_OFFERED_WORKER_PROCESSES processes of its own; the load generator stays here) while a
// second benchmark loads the machine: BENCH_LOAD_CONNECTIONS autocannon connections walking list-claims
// pages on another API process with 20,000 claims (bench/child-read-load.ts), beside the baseline's
// offered-load run as well.
// Baseline, same run, same Postgres and Redis: BullMQ jobs (one per claim, same concurrency) whose
// processor runs one transaction with one UPDATE and one INSERT.
//
//   BENCH_CLAIMS=5000 BENCH_BATCH=50 BENCH_CLIENTS=4 BENCH_WORKER_CONCURRENCY=8
//   BENCH_WORKER_PROCESSES=2 (0 skips the multi-process runs) BENCH_RATE=200 BENCH_RATE_SECONDS=10
//   BENCH_RATE_WARMUP_SECONDS=2 (sent at the same rate first, not counted)
//   BENCH_OFFERED_WORKER_PROCESSES=1 BENCH_LOAD_CONNECTIONS=16 (0: no read load)
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { JobQueues, OutboxReconciler } from '@app/queue';
import { createApiApp } from '../apps/api/src/bootstrap.js';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import { BASELINE_JOB, baselineQueue, createBaselineTables, seedBaselineItems, startBaselineWorker } from './lib/baseline-queue.js';
import {
  ask,
  countQueries,
  createBenchDatabase,
  createQueuePrefix,
  distribution,
  envInt,
  figure,
  fmt,
  openDataSource,
  printFigures,
  progress,
  DIST,
  onCleanup,
  runBench,
  serviceEnv,
  sleep,
  table,
  writeResult,
  type Distribution,
  type Figure,
} from './lib/common.js';
import { claimInput, CLAIMS_PER_ARTICLE, countOutOfIntake, createArticles, createReporter, intakeCompletions, post, submitClaimBatches, waitForAll } from './lib/desk-http.js';

const N = envInt('BENCH_CLAIMS', 5000);
const BATCH = Math.min(500, Math.max(1, envInt('BENCH_BATCH', 50)));
const CLIENTS = Math.max(1, envInt('BENCH_CLIENTS', 4));
const CONCURRENCY = Math.max(1, envInt('BENCH_WORKER_CONCURRENCY', 8));
const PROCESSES = envInt('BENCH_WORKER_PROCESSES', 2);
const RATE = Math.max(1, envInt('BENCH_RATE', 200));
const RATE_SECONDS = Math.max(1, envInt('BENCH_RATE_SECONDS', 10));
/**
 * Seconds offered at the same rate before the measured ones, not counted (the processes were just
 * started: their first second is connection set-up, caches and JIT); what that second cost is printed.
 */
const WARMUP_SECONDS = Math.max(0, envInt('BENCH_RATE_WARMUP_SECONDS', 2));
const DONE_TIMEOUT_MS = envInt('BENCH_TIMEOUT_MS', 15 * 60_000);
/** Worker processes of the offered-load runs (the server deployment: API and worker in their own processes). */
const OFFERED_PROCESSES = Math.max(1, envInt('BENCH_OFFERED_WORKER_PROCESSES', 1));
/** Connections of the read load that runs beside both offered-load runs (0: none). */
const LOAD_CONNECTIONS = envInt('BENCH_LOAD_CONNECTIONS', 16);
const LOAD_CLAIMS = 20_000;

interface RunResult {
  label: string;
  claims: number;
  /** First submission to the last claim seen in research, by a 50 ms poller. */
  wallS: number;
  perSecond: number;
  /** All HTTP submissions (or job adds) answered. */
  submitS: number;
  latencyMs: Distribution;
  /** Processing time of one job in the worker, from BullMQ (last ≤1000 completed jobs). */
  jobMs: Distribution;
  failed: number;
  /** SQL statements per claim: by the API (submission) and by the in-process worker (intake), when counted. */
  queriesPerClaim?: { api: number; worker: number | null; workerTop: [string, number][] };
  reconcileTickMs?: Distribution;
  /** Claims/s reaching research over the first and the last fifth of the run (does intake slow down as the table grows?). */
  firstFifthPerSecond?: number;
  lastFifthPerSecond?: number;
}

/** What the second benchmark did while an offered-load run was measured. */
interface ReadLoadResult {
  connections: number;
  requests: number;
  non2xx: number;
  perSecond: number;
}

interface OfferedResult {
  readLoad?: ReadLoadResult;
  label: string;
  offeredPerSecond: number;
  sent: number;
  achievedPerSecond: number;
  latencyMs: Distribution;
  responseMs: Distribution;
  /** Response p99 of the sends scheduled in each measured second (is the tail steady or a spike?). */
  responseP99BySecond: number[];
  /** Responses during the warm-up, not counted above. */
  warmupResponseMs: Distribution;
  failed: number;
  /** The first few failed submissions (status and problem details), when any failed. */
  errorSamples?: string[];
}

const logger = pino({ level: 'silent' });

/** One answered send of an offered-load run: when it was scheduled, and how long after that it was answered. */
interface Answered {
  due: number;
  ms: number;
}

function responseFigures(label: string, responses: Answered[], start: number): Pick<OfferedResult, 'responseMs' | 'responseP99BySecond'> {
  const seconds: number[][] = [];
  for (const { due, ms } of responses) (seconds[Math.floor((due - start) / 1000)] ??= []).push(ms);
  const responseP99BySecond = Array.from(seconds, (values) => distribution(values ?? []).p99);
  progress(`${label}: response p99 by second of the run (ms): ${responseP99BySecond.map((ms) => fmt(ms)).join(', ')}`);
  return { responseMs: distribution(responses.map((r) => r.ms)), responseP99BySecond };
}

// ---------------------------------------------------------------------------------------------------
// Worker processes (the real worker entry point, or the baseline's), started and stopped by the bench

async function spawnWorkers(entry: string, env: Record<string, string>, count: number, ready: 'ipc' | 'log'): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, ...env },
      stdio: ready === 'ipc' ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`worker process ${entry} exited early with code ${code}`);
    });
    const started =
      ready === 'ipc'
        ? once(child, 'message')
        : new Promise<void>((resolve) => {
            createInterface({ input: child.stdout! }).on('line', (line) => {
              if (line.includes('worker ready')) resolve();
            });
          });
    await Promise.race([started, exited]);
  }
  return children;
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Ours: the API (in this process, or for the offered load in a process of its own) and the worker (in
// this process, or child processes)

interface Service {
  /** The API when it runs in this process (the closed-loop runs); null when it has a process of its own. */
  api: NestExpressApplication | null;
  base: string;
  token: string;
  articles: string[];
  /** A connection pool of the bench's own for polling and reading results (not counted below). */
  dataSource: DataSource;
  /** SQL statements sent by the API process so far, and by the worker when it is in this process. */
  queries: { api: () => Promise<number>; worker: ReturnType<typeof countQueries> | null };
  /** Durations of the in-process worker's outbox reconciler ticks (it walks every open outbox row older than 2 s). */
  reconcileMs: number[];
  close(): Promise<void>;
}

async function startService(label: string, articleCount: number, workerProcesses: number, where: { api: 'in-process' | 'child' } = { api: 'in-process' }): Promise<Service> {
  const db = await createBenchDatabase('pipeline');
  const queue = createQueuePrefix('pipeline');
  const env = serviceEnv(db, queue.prefix, { WORKER_CONCURRENCY: String(CONCURRENCY) });
  const config = loadConfig(env);
  let api: NestExpressApplication | null = null;
  let apiChild: ChildProcess | null = null;
  let base: string;
  let token: string;
  let apiQueries: () => Promise<number>;
  if (where.api === 'child') {
    // The real API app (createApiApp) in a process of its own, as a server deployment runs it: the load
    // generator here does not share its event loop.
    apiChild = fork(`${DIST}bench/child-api-server.js`, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    [{ base, token }] = (await once(apiChild, 'message')) as [{ base: string; token: string }];
    const child = apiChild;
    apiQueries = async () => (await ask<{ total: number }>(child, 'stats', 'stats')).total;
  } else {
    api = await createApiApp(config, logger);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    token = await createReporter(api.get(AuthService));
    const counted = countQueries(api.get(DataSource));
    apiQueries = async () => counted.total();
  }
  let worker: INestApplicationContext | null = null;
  let children: ChildProcess[] = [];
  if (workerProcesses === 0) {
    worker = await createWorker(config, logger);
    await worker.init();
  } else {
    children = await spawnWorkers(`${DIST}apps/worker/src/main.js`, { ...env, LOG_LEVEL: 'info' }, workerProcesses, 'log');
  }
  progress(`${label}: API on ${base} (${apiChild ? `process ${apiChild.pid}` : 'in this process'}), worker ${workerProcesses === 0 ? 'in this process' : `in ${workerProcesses} processes`} (concurrency ${CONCURRENCY} each)`);

  const articles = await createArticles(base, token, articleCount);
  const apiBefore = await apiQueries();
  const queries = { api: async () => (await apiQueries()) - apiBefore, worker: worker ? countQueries(worker.get(DataSource)) : null };
  const probe = await openDataSource(db.url, 2);
  const reconcileMs: number[] = [];
  if (worker) {
    const reconciler = worker.get(OutboxReconciler);
    const original = reconciler.reconcile.bind(reconciler);
    reconciler.reconcile = async () => {
      const t = performance.now();
      try {
        return await original();
      } finally {
        reconcileMs.push(performance.now() - t);
      }
    };
  }
  return {
    api,
    base,
    token,
    articles,
    dataSource: probe,
    queries,
    reconcileMs,
    async close() {
      await probe.destroy();
      if (worker) await worker.close();
      await stopWorkers(children);
      if (api) await api.close();
      if (apiChild && apiChild.exitCode === null) {
        apiChild.send({ type: 'stop' });
        await Promise.race([once(apiChild, 'exit'), sleep(10_000)]);
        if (apiChild.exitCode === null) apiChild.kill('SIGKILL');
      }
      await queue.drop();
      await db.drop();
    },
  };
}

async function completedJobDurations(queue: Queue): Promise<Distribution> {
  const jobs = await queue.getJobs(['completed'], 0, 999);
  return distribution(jobs.filter((j) => j.processedOn && j.finishedOn).map((j) => j.finishedOn! - j.processedOn!));
}

async function oursClosedLoop(label: string, workerProcesses: number): Promise<RunResult> {
  const articleCount = Math.ceil(N / CLAIMS_PER_ARTICLE);
  const service = await startService(label, articleCount, workerProcesses);
  try {
    const { startedAt: t0, sentAt, submitted } = submitClaimBatches({ label, base: service.base, token: service.token, articles: service.articles, claims: N, batch: BATCH, clients: CLIENTS });
    const [submitEnd, allDone] = await Promise.all([submitted, waitForAll(label, N, countOutOfIntake(service.dataSource), t0, DONE_TIMEOUT_MS)]);
    const result = await collectOurs(service, sentAt, label, (allDone - t0) / 1000, (submitEnd - t0) / 1000);
    return result;
  } finally {
    await service.close();
  }
}

async function collectOurs(service: Service, sentAt: Map<string, number>, label: string, wallS: number, submitS: number): Promise<RunResult> {
  const rows = await intakeCompletions(service.dataSource);
  const latencies = rows.filter((r) => sentAt.has(r.id)).map((r) => r.at.getTime() - sentAt.get(r.id)!);
  const times = rows.map((r) => r.at.getTime()).sort((a, b) => a - b);
  const fifth = Math.floor(times.length / 5);
  const rate = (from: number, to: number) => (to > from && times[to]! > times[from]! ? (to - from) / ((times[to]! - times[from]!) / 1000) : NaN);
  const firstFifthPerSecond = fifth > 1 ? rate(0, fifth) : NaN;
  const lastFifthPerSecond = fifth > 1 ? rate(times.length - 1 - fifth, times.length - 1) : NaN;
  const [{ n: failed }] = await service.dataSource.query(`SELECT count(*)::int AS n FROM claims WHERE state = 'failed'`);
  // Job durations come from the in-process API's queue handle (not taken when the API runs in a child).
  const jobMs = service.api ? await completedJobDurations(service.api.get(JobQueues).queue('intake')) : distribution([]);
  const n = sentAt.size;
  const queriesPerClaim = {
    api: (await service.queries.api()) / n,
    worker: service.queries.worker ? service.queries.worker.total() / n : null,
    workerTop: service.queries.worker ? [...service.queries.worker.byStatement()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([q, c]): [string, number] => [q, Math.round((c / n) * 100) / 100]) : [],
  };
  return { label, claims: n, wallS, perSecond: n / wallS, submitS, latencyMs: distribution(latencies), jobMs, failed, queriesPerClaim, reconcileTickMs: distribution(service.reconcileMs), firstFifthPerSecond, lastFifthPerSecond };
}

async function oursOfferedLoad(label: string): Promise<OfferedResult> {
  const warmup = RATE * WARMUP_SECONDS;
  const measured = RATE * RATE_SECONDS;
  const total = warmup + measured;
  const service = await startService(label, Math.ceil(total / CLAIMS_PER_ARTICLE), OFFERED_PROCESSES, { api: 'child' });
  try {
    const scheduled = new Map<string, number>();
    const responses: Answered[] = [];
    const warmupResponses: Answered[] = [];
    let warmed = 0;
    let errors = 0;
    const errorSamples: string[] = [];
    const inFlight: Promise<void>[] = [];
    progress(`${label}: offering ${RATE} single-claim POSTs per second for ${WARMUP_SECONDS} s (warm-up, not counted) and then ${RATE_SECONDS} s (open loop)`);
    const start = Date.now();
    const measuredStart = start + WARMUP_SECONDS * 1000;
    const t0 = performance.now();
    let tMeasured = t0;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      if (i === warmup) tMeasured = performance.now();
      const wait = due - Date.now();
      if (wait > 1) await sleep(wait);
      const article = service.articles[Math.floor(i / CLAIMS_PER_ARTICLE)]!;
      inFlight.push(
        post(service.base, service.token, `/v1/articles/${article}/claims`, claimInput(i))
          .then(({ body }) => {
            if (i < warmup) {
              warmed++;
              warmupResponses.push({ due, ms: Date.now() - due });
              return;
            }
            scheduled.set((body as { id: string }).id, due);
            responses.push({ due, ms: Date.now() - due });
          })
          .catch((error: unknown) => {
            errors++;
            if (errorSamples.length < 5) errorSamples.push((error as Error).message.slice(0, 300));
          }),
      );
    }
    const sendEnd = performance.now();
    await Promise.all(inFlight);
    if (errors) progress(`${label}: ${errors} submissions failed, e.g. ${errorSamples[0]}`);
    await waitForAll(label, warmed + scheduled.size, countOutOfIntake(service.dataSource), t0, DONE_TIMEOUT_MS);
    const run = await collectOurs(service, scheduled, label, (sendEnd - tMeasured) / 1000, 0);
    return {
      label,
      offeredPerSecond: RATE,
      sent: measured,
      achievedPerSecond: measured / ((sendEnd - tMeasured) / 1000),
      latencyMs: run.latencyMs,
      warmupResponseMs: distribution(warmupResponses.map((r) => r.ms)),
      ...responseFigures(label, responses, measuredStart),
      failed: run.failed + errors,
      errorSamples,
    };
  } finally {
    await service.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// The second benchmark: a list-claims read load on an API of its own, beside both offered-load runs

interface ReadLoad {
  /** Starts a load window; resolves with what it did when the returned function is called. */
  start(): Promise<() => Promise<ReadLoadResult>>;
  close(): Promise<void>;
}

async function startReadLoad(): Promise<ReadLoad | null> {
  if (LOAD_CONNECTIONS <= 0) return null;
  const db = await createBenchDatabase('readload');
  const queue = createQueuePrefix('readload');
  const server = fork(`${DIST}bench/child-api-server.js`, [], { env: { ...process.env, ...serviceEnv(db, queue.prefix) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ base, token }] = (await once(server, 'message')) as [{ base: string; token: string }];
  const [article] = await createArticles(base, token, 1);
  const seed = await openDataSource(db.url, 1);
  await seed.query(
    `INSERT INTO claims (article_id, statement, kind, state, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, created_at, version, transition_seq)
     SELECT $1, 'statement ' || g, 'other', (ARRAY['research','assessment','done','research'])[1 + g % 4], 'x', '', '', 0, 1, 'bench',
            now() - make_interval(secs => ($2 - g) * 0.5), 1, 0
     FROM generate_series(1, $2) g`,
    [article, LOAD_CLAIMS],
  );
  await seed.query('ANALYZE claims');
  await seed.destroy();
  progress(`read load: API (child process ${server.pid}) with ${LOAD_CLAIMS} claims, ${LOAD_CONNECTIONS} connections walking list-claims pages`);
  return {
    async start() {
      const generator = fork(`${DIST}bench/child-read-load.js`, [], {
        env: { ...process.env, READ_LOAD_BASE: base, READ_LOAD_TOKEN: token, READ_LOAD_CONNECTIONS: String(LOAD_CONNECTIONS) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      await once(generator, 'message');
      await sleep(2000); // the load is running before the measured run starts
      return async () => {
        const stopped = once(generator, 'message') as Promise<[{ requests: number; non2xx: number; seconds: number }]>;
        generator.send({ type: 'stop' });
        const [{ requests, non2xx, seconds }] = await stopped;
        return { connections: LOAD_CONNECTIONS, requests, non2xx, perSecond: requests / seconds };
      };
    },
    async close() {
      if (server.exitCode !== null) return;
      server.send({ type: 'stop' });
      await Promise.race([once(server, 'exit'), sleep(10_000)]);
      if (server.exitCode === null) server.kill('SIGKILL');
      await queue.drop();
      await db.drop();
    },
  };
}

/** Runs an offered-load run with the read load beside it (from before it starts to after it ends). */
async function withReadLoad(readLoad: ReadLoad | null, run: () => Promise<OfferedResult>): Promise<OfferedResult> {
  if (!readLoad) return run();
  const stop = await readLoad.start();
  let result: OfferedResult;
  try {
    result = await run();
  } catch (error) {
    await stop();
    throw error;
  }
  const load = await stop();
  progress(`${result.label}: read load beside it ${fmt(load.perSecond)} req/s (${load.requests} requests, ${load.non2xx} non-2xx)`);
  return { ...result, readLoad: load };
}

// ---------------------------------------------------------------------------------------------------
// Baseline: minimal BullMQ jobs on the same Postgres and Redis

interface Baseline {
  queue: Queue;
  dataSource: DataSource;
  close(): Promise<void>;
}

async function startBaseline(label: string, items: number, workerProcesses: number): Promise<Baseline> {
  const db = await createBenchDatabase('pipebase');
  const prefix = createQueuePrefix('pipebase');
  const dataSource = await openDataSource(db.url, 10);
  await createBaselineTables(dataSource);
  await seedBaselineItems(dataSource, 1, items);
  const queue = baselineQueue(prefix.prefix);
  let inProcess: { close(): Promise<void> } | null = null;
  let children: ChildProcess[] = [];
  if (workerProcesses === 0) {
    inProcess = await startBaselineWorker({ dbUrl: db.url, prefix: prefix.prefix, concurrency: CONCURRENCY, poolSize: 10 });
  } else {
    children = await spawnWorkers(
      `${DIST}bench/child-baseline-worker.js`,
      { DATABASE_URL: db.url, QUEUE_PREFIX: prefix.prefix, WORKER_CONCURRENCY: String(CONCURRENCY), DB_POOL_SIZE: '10' },
      workerProcesses,
      'ipc',
    );
  }
  progress(`${label}: baseline worker ${workerProcesses === 0 ? 'in this process' : `in ${workerProcesses} processes`} (concurrency ${CONCURRENCY} each)`);
  return {
    queue,
    dataSource,
    async close() {
      if (inProcess) await inProcess.close();
      await stopWorkers(children);
      await queue.close();
      await dataSource.destroy();
      await prefix.drop();
      await db.drop();
    },
  };
}

const countBaselineDone = (dataSource: DataSource) => async () =>
  Number((await dataSource.query(`SELECT count(*) AS n FROM bench_items WHERE state <> 'intake'`))[0].n);

async function baselineLatencies(dataSource: DataSource, enqueuedAt: Map<number, number>): Promise<number[]> {
  const rows: { item_id: string; at: Date }[] = await dataSource.query(`SELECT item_id, at FROM bench_item_log`);
  return rows.filter((r) => enqueuedAt.has(Number(r.item_id))).map((r) => r.at.getTime() - enqueuedAt.get(Number(r.item_id))!);
}

async function baselineClosedLoop(label: string, workerProcesses: number): Promise<RunResult> {
  const baseline = await startBaseline(label, N, workerProcesses);
  try {
    const enqueuedAt = new Map<number, number>();
    const batches: number[][] = [];
    for (let i = 1; i <= N; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, N - i + 1) }, (_, k) => i + k));
    let next = 0;
    progress(`${label}: adding ${N} jobs in ${batches.length} bulks of ≤${BATCH}, ${CLIENTS} producers`);
    const t0 = performance.now();
    const producers = Array.from({ length: CLIENTS }, async () => {
      for (let b = next++; b < batches.length; b = next++) {
        const batch = batches[b]!;
        const at = Date.now();
        await baseline.queue.addBulk(batch.map((id) => ({ name: BASELINE_JOB, data: { id }, opts: { jobId: `item.${id}` } })));
        for (const id of batch) enqueuedAt.set(id, at);
      }
    });
    const submitted = Promise.all(producers).then(() => performance.now());
    const [submitEnd, allDone] = await Promise.all([submitted, waitForAll(label, N, countBaselineDone(baseline.dataSource), t0, DONE_TIMEOUT_MS)]);
    const wallS = (allDone - t0) / 1000;
    return {
      label,
      claims: N,
      wallS,
      perSecond: N / wallS,
      submitS: (submitEnd - t0) / 1000,
      latencyMs: distribution(await baselineLatencies(baseline.dataSource, enqueuedAt)),
      jobMs: await completedJobDurations(baseline.queue),
      failed: 0,
    };
  } finally {
    await baseline.close();
  }
}

async function baselineOfferedLoad(label: string): Promise<OfferedResult> {
  const warmup = RATE * WARMUP_SECONDS;
  const measured = RATE * RATE_SECONDS;
  const total = warmup + measured;
  const baseline = await startBaseline(label, total, OFFERED_PROCESSES);
  try {
    const enqueuedAt = new Map<number, number>();
    const responses: Answered[] = [];
    const warmupResponses: Answered[] = [];
    const inFlight: Promise<unknown>[] = [];
    progress(`${label}: offering ${RATE} jobs per second for ${WARMUP_SECONDS} s (warm-up, not counted) and then ${RATE_SECONDS} s (open loop)`);
    const start = Date.now();
    const measuredStart = start + WARMUP_SECONDS * 1000;
    const t0 = performance.now();
    let tMeasured = t0;
    for (let i = 1; i <= total; i++) {
      const due = start + ((i - 1) * 1000) / RATE;
      if (i === warmup + 1) tMeasured = performance.now();
      const wait = due - Date.now();
      if (wait > 1) await sleep(wait);
      const counted = i > warmup;
      if (counted) enqueuedAt.set(i, due);
      inFlight.push(baseline.queue.add(BASELINE_JOB, { id: i }, { jobId: `item.${i}` }).then(() => (counted ? responses : warmupResponses).push({ due, ms: Date.now() - due })));
    }
    const sendEnd = performance.now();
    await Promise.all(inFlight);
    await waitForAll(label, total, countBaselineDone(baseline.dataSource), t0, DONE_TIMEOUT_MS);
    return {
      label,
      offeredPerSecond: RATE,
      sent: measured,
      achievedPerSecond: measured / ((sendEnd - tMeasured) / 1000),
      latencyMs: distribution(await baselineLatencies(baseline.dataSource, enqueuedAt)),
      warmupResponseMs: distribution(warmupResponses.map((r) => r.ms)),
      ...responseFigures(label, responses, measuredStart),
      failed: 0,
    };
  } finally {
    await baseline.close();
  }
}

// ---------------------------------------------------------------------------------------------------

runBench('pipeline', async () => {
  progress(`N=${N} claims, batches of ${BATCH} (POST /v1/articles/:id/claims/batch), ${CLIENTS} clients, worker concurrency ${CONCURRENCY}`);
  const closed: { ours: RunResult; baseline: RunResult; processes: number }[] = [];
  // Baseline first, then ours, so neither always runs on a warmer machine.
  const base1 = await baselineClosedLoop('baseline, in-process worker', 0);
  const ours1 = await oursClosedLoop('ours, in-process worker', 0);
  closed.push({ ours: ours1, baseline: base1, processes: 0 });
  if (PROCESSES > 0) {
    const baseN = await baselineClosedLoop(`baseline, ${PROCESSES} worker processes`, PROCESSES);
    const oursN = await oursClosedLoop(`ours, ${PROCESSES} worker processes`, PROCESSES);
    closed.push({ ours: oursN, baseline: baseN, processes: PROCESSES });
  }
  const readLoad = await startReadLoad();
  onCleanup(async () => readLoad?.close());
  const offeredBase = await withReadLoad(readLoad, () => baselineOfferedLoad('baseline, offered load'));
  const offeredOurs = await withReadLoad(readLoad, () => oursOfferedLoad('ours, offered load'));
  await readLoad?.close();

  const figures: Figure[] = [];
  for (const { ours, baseline, processes } of closed) {
    const where = processes === 0 ? 'in-process worker' : `${processes} worker processes`;
    figures.push(
      figure('pipeline', `intake throughput (${where})`, 'claims/s', ours.perSecond, { label: 'BullMQ UPDATE+INSERT jobs/s', value: baseline.perSecond }),
      figure('pipeline', `submit→research p50 (${where}, saturated)`, 'ms', ours.latencyMs.p50, { label: 'enqueue→done p50', value: baseline.latencyMs.p50 }),
      figure('pipeline', `submit→research p99 (${where}, saturated)`, 'ms', ours.latencyMs.p99, { label: 'enqueue→done p99', value: baseline.latencyMs.p99 }),
      figure('pipeline', `intake job duration p50 (${where})`, 'ms', ours.jobMs.p50, { label: 'baseline job p50', value: baseline.jobMs.p50 }),
      figure('pipeline', `claims/s, last fifth of the run (${where})`, 'claims/s', ours.lastFifthPerSecond ?? NaN, { label: 'ours, first fifth', value: ours.firstFifthPerSecond ?? NaN }),
    );
  }
  figures.push(
    figure('pipeline', `submit→research p50 at ${RATE}/s offered`, 'ms', offeredOurs.latencyMs.p50, { label: `enqueue→done p50 at ${RATE}/s`, value: offeredBase.latencyMs.p50 }),
    figure('pipeline', `submit→research p99 at ${RATE}/s offered`, 'ms', offeredOurs.latencyMs.p99, { label: `enqueue→done p99 at ${RATE}/s`, value: offeredBase.latencyMs.p99 }),
    figure('pipeline', `POST claim response p99 at ${RATE}/s offered`, 'ms', offeredOurs.responseMs.p99, { label: `queue.add p99 at ${RATE}/s`, value: offeredBase.responseMs.p99 }),
    figure('pipeline', `POST claim response p99 in the ${WARMUP_SECONDS} s of warm-up (not counted above)`, 'ms', offeredOurs.warmupResponseMs.p99, { label: 'queue.add p99, warm-up', value: offeredBase.warmupResponseMs.p99 }),
  );
  if (offeredOurs.readLoad && offeredBase.readLoad) {
    figures.push(
      figure('pipeline', `read load beside the offered-load run (list-claims, ${LOAD_CONNECTIONS} connections)`, 'req/s', offeredOurs.readLoad.perSecond, {
        label: 'read load beside the baseline run',
        value: offeredBase.readLoad.perSecond,
      }),
    );
  }

  const runs = [...closed.flatMap((c) => [c.baseline, c.ours])];
  console.log(
    '\nClosed loop (all claims submitted as fast as the API takes them)\n' +
      table(
        ['run', 'claims', 'wall s', 'claims/s', 'submit s', 'p50 ms', 'p90 ms', 'p99 ms', 'job p50 ms', 'job p99 ms', 'SQL/claim API', 'SQL/claim worker', 'reconcile tick max ms', 'first 1/5 claims/s', 'last 1/5 claims/s', 'failed'],
        runs.map((r) => [
          r.label,
          String(r.claims),
          fmt(r.wallS),
          fmt(r.perSecond),
          fmt(r.submitS),
          fmt(r.latencyMs.p50),
          fmt(r.latencyMs.p90),
          fmt(r.latencyMs.p99),
          fmt(r.jobMs.p50),
          fmt(r.jobMs.p99),
          fmt(r.queriesPerClaim?.api),
          fmt(r.queriesPerClaim?.worker),
          r.reconcileTickMs?.count ? fmt(r.reconcileTickMs.max) : '—',
          fmt(r.firstFifthPerSecond),
          fmt(r.lastFifthPerSecond),
          String(r.failed),
        ]),
      ),
  );
  console.log(
    `\nOffered load (open loop, ${RATE}/s for ${RATE_SECONDS} s after ${WARMUP_SECONDS} s of warm-up at the same rate; latency from the scheduled send time; worker in ${OFFERED_PROCESSES} process(es); ` +
      `${LOAD_CONNECTIONS > 0 ? `beside a list-claims read load of ${LOAD_CONNECTIONS} connections on an API of its own` : 'no read load beside it'})\n` +
      table(
        ['run', 'sent', 'achieved/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'response p99 ms', 'warm-up response p99 ms', 'failed', 'read load req/s'],
        [offeredBase, offeredOurs].map((r) => [
          r.label,
          String(r.sent),
          fmt(r.achievedPerSecond),
          fmt(r.latencyMs.p50),
          fmt(r.latencyMs.p90),
          fmt(r.latencyMs.p99),
          fmt(r.latencyMs.max),
          fmt(r.responseMs.p99),
          fmt(r.warmupResponseMs.p99),
          String(r.failed),
          fmt(r.readLoad?.perSecond),
        ]),
      ),
  );
  printFigures('Pipeline: ours vs baseline (ratio = ours / baseline)', figures);
  await writeResult('pipeline', {
    params: { claims: N, batch: BATCH, submission: `POST /v1/articles/:id/claims/batch, ${BATCH} claims per request`, clients: CLIENTS, workerConcurrency: CONCURRENCY, workerProcesses: PROCESSES, rate: RATE, rateSeconds: RATE_SECONDS, warmupSeconds: WARMUP_SECONDS, offeredWorkerProcesses: OFFERED_PROCESSES, readLoadConnections: LOAD_CONNECTIONS, readLoadClaims: LOAD_CLAIMS, dbPoolSize: 10 },
    figures,
    details: { closedLoop: runs, offeredLoad: [offeredBase, offeredOurs] },
  });
});
