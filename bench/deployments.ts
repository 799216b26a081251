// Deployments benchmark: the same small workload on the three deployments the desk runs in, one after the
// other in one run, each started with startDesk (API and worker in this process, as `npm start` runs them),
// and each reported as a ratio against deployment (1) measured in the same run:
//   (1) PostgreSQL server, queues in Redis (the production default)
//   (2) PostgreSQL server, queues in PostgreSQL (QUEUE_BACKEND=postgres, no REDIS_URL)
//   (3) embedded PostgreSQL (PGlite in this process, served by the wire server), queues in it
// Workload per deployment, on a desk of its own (a fresh server database, or a fresh data directory):
//   (a) BENCH_DEPLOY_CLAIMS claims submitted over HTTP in batches of 50 (4 clients) until all are in
//       `research` (intake by the in-process worker): claims/s and submit→research p50/p99;
//   (c) list-claims (state=research, limit=50) p50/p99, one client following nextCursor page by page;
//   (b) create-claim req/s and p99: autocannon, 16 connections, BENCH_DEPLOY_SECONDS.
// (c) runs before (b) so listing is not timed while the worker drains the intake backlog (b) leaves.
// Unlike bench:api, autocannon shares this process (and its event loop) with the desk: the same for all
// three, so the ratios hold, but absolute req/s are lower than with the API on its own.
// Also timed: the embedded database's start (openDatabase on a new directory: initdb + migrations; then
// again on that directory), against creating and migrating a database on the server.
//
//   BENCH_DEPLOY_CLAIMS=500 BENCH_DEPLOY_SECONDS=5 BENCH_TIMEOUT_MS=300000 (per intake wait)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { openDatabase } from '@app/db';
import { SCHEMA } from '@app/schema';
import { startDesk, type Desk } from '../apps/desk/src/desk.js';
import { cannon, nextCursorOf } from './lib/cannon.js';
import {
  createBenchDatabase,
  createQueuePrefix,
  distribution,
  envInt,
  figure,
  fmt,
  onCleanup,
  printFigures,
  progress,
  runBench,
  sample,
  serviceEnv,
  table,
  writeResult,
  type Distribution,
  type Figure,
} from './lib/common.js';
import { claimInput, CLAIMS_PER_ARTICLE, countOutOfIntake, createArticles, createReporter, intakeCompletions, submitClaimBatches, waitForAll } from './lib/desk-http.js';

const N = Math.max(1, envInt('BENCH_DEPLOY_CLAIMS', 500));
const SECONDS = Math.max(1, envInt('BENCH_DEPLOY_SECONDS', 5));
const TIMEOUT_MS = envInt('BENCH_TIMEOUT_MS', 5 * 60_000);
const BATCH = 50;
const CLIENTS = 4;
const CONNECTIONS = 16;
const LIST_PATH = '/v1/claims?state=research&limit=50';

// Errors only (to stderr), so a failed request or job says why; the desks are otherwise quiet.
const logger = pino({ level: 'error' }, pino.destination(2));

interface Deployment {
  key: 'server-redis' | 'server-pgqueues' | 'embedded';
  label: string;
}

const DEPLOYMENTS: Deployment[] = [
  { key: 'server-redis', label: '(1) server + Redis queues' },
  { key: 'server-pgqueues', label: '(2) server + PostgreSQL queues' },
  { key: 'embedded', label: '(3) embedded (PGlite), queues in it' },
];

interface Measured {
  deployment: Deployment;
  /** Creating the database and applying the migrations; for the embedded one also opening it again. */
  storage: { createMs: number; reopenMs: number | null };
  /** startDesk alone, on the already migrated database. */
  deskStartMs: number;
  intake: {
    claims: number;
    wallS: number;
    perSecond: number;
    submitS: number;
    latencyMs: Distribution;
    failed: number;
    /** CPU time of this process (desk, and PGlite when embedded; not the PostgreSQL server or Redis) per claim. */
    cpuMsPerClaim: number;
    /** Share of the wall time this process's event loop was busy: near 1 means it, not the database, is the limit. */
    eventLoopBusy: number;
    /** Connections the desk holds on the PostgreSQL server once intake is done (its pools and the queue store's); null when embedded. */
    serverConnections: number | null;
  };
  list: { requests: number; latencyMs: Distribution };
  create: { requestsPerSecond: number; latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }; requests: number; non2xx: number; errors: number };
}

/**
 * Creates the deployment's storage and starts a desk on it; `close()` stops the desk and removes the
 * storage. Timed: creating the storage (server: CREATE DATABASE + migrations; embedded: openDatabase on a
 * new directory, i.e. initdb + migrations, then stopped and opened again), and startDesk alone, on the
 * migrated database in every case.
 */
async function startFor(deployment: Deployment) {
  let env: Record<string, string>;
  let dropStorage: () => Promise<void>;
  const storage: Measured['storage'] = { createMs: NaN, reopenMs: null };
  if (deployment.key === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'fc-bench-deploy-'));
    dropStorage = async () => rmSync(dir, { recursive: true, force: true });
    onCleanup(dropStorage);
    const dataDir = join(dir, 'pg');
    const open = async () => {
      const t0 = performance.now();
      const database = await openDatabase({ DATABASE_URL: undefined, PGLITE_DATA_DIR: dataDir, EMBEDDED_PG_PORT: 0 }, SCHEMA, () => undefined);
      const ms = performance.now() - t0;
      await database.stop();
      return ms;
    };
    storage.createMs = await open();
    storage.reopenMs = await open();
    progress(`${deployment.label}: opened a new directory in ${fmt(storage.createMs)} ms (initdb + migrations), the same again in ${fmt(storage.reopenMs)} ms`);
    env = serviceEnv({ dataDir }, null);
  } else {
    const t0 = performance.now();
    const db = await createBenchDatabase('deploy');
    storage.createMs = performance.now() - t0;
    const queue = deployment.key === 'server-redis' ? createQueuePrefix('deploy') : null;
    dropStorage = async () => {
      await queue?.drop();
      await db.drop();
    };
    env = serviceEnv(db, queue?.prefix ?? null);
  }
  const t0 = performance.now();
  const desk = await startDesk(loadConfig(env), logger);
  const deskStartMs = performance.now() - t0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await desk.close();
    await dropStorage();
  };
  onCleanup(close);
  // The desk prints localhost; autocannon and fetch could try ::1 first, the desk listens on 127.0.0.1.
  const base = desk.url.replace('localhost', '127.0.0.1');
  progress(`${deployment.label}: desk on ${base} started in ${fmt(deskStartMs)} ms (${desk.database.description})`);
  return { desk, base, storage, deskStartMs, close };
}

/** (a): all claims submitted, until intake has carried every one to research. */
async function intake(label: string, desk: Desk, base: string, token: string, articles: string[]): Promise<Measured['intake']> {
  const dataSource = desk.api.get(DataSource);
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const { startedAt, sentAt, submitted } = submitClaimBatches({ label, base, token, articles, claims: N, batch: BATCH, clients: CLIENTS });
  const [submitEnd, allDone] = await Promise.all([submitted, waitForAll(label, N, countOutOfIntake(dataSource), startedAt, TIMEOUT_MS)]);
  const { user, system } = process.cpuUsage(cpu);
  const eventLoopBusy = performance.eventLoopUtilization(loop).utilization;
  const latencies = (await intakeCompletions(dataSource)).filter((r) => sentAt.has(r.id)).map((r) => r.at.getTime() - sentAt.get(r.id)!);
  const [{ n: failed }] = await dataSource.query(`SELECT count(*)::int AS n FROM claims WHERE state = 'failed'`);
  // The server's max_connections is shared with everything else on it; PGlite has one session whatever the clients.
  const serverConnections = desk.database.embedded
    ? null
    : ((await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`)) as { n: number }[])[0]!.n;
  const wallS = (allDone - startedAt) / 1000;
  return { claims: N, wallS, perSecond: N / wallS, submitS: (submitEnd - startedAt) / 1000, latencyMs: distribution(latencies), failed, cpuMsPerClaim: (user + system) / 1000 / N, eventLoopBusy, serverConnections };
}

/** (c): one client walking the list page by page, back to the first page after the last. */
async function listPages(base: string, token: string): Promise<Measured['list']> {
  let cursor: string | null = null;
  const times = await sample(
    async () => {
      const response = await fetch(`${base}${LIST_PATH}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      if (!response.ok) throw new Error(`GET ${LIST_PATH} → ${response.status}: ${body.slice(0, 300)}`);
      cursor = nextCursorOf(body);
    },
    { warmup: 3, minIterations: 50, maxIterations: 500, minMs: 2000 },
  );
  return { requests: times.length, latencyMs: distribution(times) };
}

/** (b): autocannon against single-claim POSTs (claims after the N of (a), anchored in the first article). */
async function createClaims(base: string, token: string, article: string): Promise<Measured['create']> {
  const result = await cannon(
    base,
    token,
    { name: 'create-claim', role: 'ours', method: 'POST', path: () => `/v1/articles/${article}/claims`, body: (i) => JSON.stringify(claimInput(N + i)) },
    { seconds: SECONDS, connections: CONNECTIONS },
  );
  const l = result.latency;
  return { requestsPerSecond: result.requests.average, latencyMs: { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, mean: l.average }, requests: result.requests.total, non2xx: result.non2xx, errors: result.errors };
}

async function measure(deployment: Deployment): Promise<Measured> {
  const { desk, base, storage, deskStartMs, close } = await startFor(deployment);
  try {
    const token = await createReporter(desk.api.get(AuthService));
    const articles = await createArticles(base, token, Math.ceil(N / CLAIMS_PER_ARTICLE));
    const label = deployment.label;
    const intakeResult = await intake(label, desk, base, token, articles);
    progress(`${label}: ${fmt(intakeResult.perSecond)} claims/s to research, p99 ${fmt(intakeResult.latencyMs.p99)} ms`);
    const list = await listPages(base, token);
    progress(`${label}: list-claims p50 ${fmt(list.latencyMs.p50)} ms, p99 ${fmt(list.latencyMs.p99)} ms over ${list.requests} pages`);
    progress(`${label}: create-claim, ${CONNECTIONS} connections for ${SECONDS} s`);
    const create = await createClaims(base, token, articles[0]!);
    progress(`${label}: create-claim ${fmt(create.requestsPerSecond)} req/s, p99 ${create.latencyMs.p99} ms, non-2xx ${create.non2xx}, errors ${create.errors}`);
    return { deployment, storage, deskStartMs, intake: intakeResult, list, create };
  } finally {
    await close();
  }
}

runBench('deployments', async () => {
  progress(`${N} claims per deployment, batches of ${BATCH} (${CLIENTS} clients); create-claim ${CONNECTIONS} connections × ${SECONDS} s`);
  const results: Measured[] = [];
  for (const deployment of DEPLOYMENTS) results.push(await measure(deployment));

  const [reference] = results as [Measured, ...Measured[]];
  const vs = (value: number) => ({ label: DEPLOYMENTS[0]!.label, value });
  const figures: Figure[] = [];
  for (const r of results) {
    // Deployment (1) is the reference: its rows carry no ratio; the others' are ours / (1).
    const base = (value: number) => (r === reference ? undefined : vs(value));
    const name = r.deployment.label;
    figures.push(
      figure('deployments', `${name}: intake throughput`, 'claims/s', r.intake.perSecond, base(reference.intake.perSecond)),
      figure('deployments', `${name}: submit→research p50`, 'ms', r.intake.latencyMs.p50, base(reference.intake.latencyMs.p50)),
      figure('deployments', `${name}: submit→research p99`, 'ms', r.intake.latencyMs.p99, base(reference.intake.latencyMs.p99)),
      figure('deployments', `${name}: create-claim throughput`, 'req/s', r.create.requestsPerSecond, base(reference.create.requestsPerSecond)),
      figure('deployments', `${name}: create-claim p99`, 'ms', r.create.latencyMs.p99, base(reference.create.latencyMs.p99)),
      figure('deployments', `${name}: list-claims page p50`, 'ms', r.list.latencyMs.p50, base(reference.list.latencyMs.p50)),
      figure('deployments', `${name}: list-claims page p99`, 'ms', r.list.latencyMs.p99, base(reference.list.latencyMs.p99)),
      figure('deployments', `${name}: desk start (startDesk)`, 'ms', r.deskStartMs, base(reference.deskStartMs)),
    );
  }
  const embedded = results.find((r) => r.deployment.key === 'embedded')!;
  figures.push(
    figure('deployments', 'embedded database start, new directory (initdb + migrations)', 'ms', embedded.storage.createMs, { label: 'server: CREATE DATABASE + migrations', value: reference.storage.createMs }),
    figure('deployments', 'embedded database start, existing directory', 'ms', embedded.storage.reopenMs!, { label: 'embedded, new directory', value: embedded.storage.createMs }),
  );

  console.log(
    `\nDeployments: ${N} claims to research (batches of ${BATCH}, ${CLIENTS} clients), list-claims pages (1 client), create-claim (${CONNECTIONS} connections, ${SECONDS} s); API and worker in this process\n` +
      table(
        ['deployment', 'storage ms', 'reopen ms', 'desk start ms', 'claims/s', 'submit s', 'p50 ms', 'p99 ms', 'failed', 'CPU ms/claim', 'loop busy', 'server conns', 'list p50 ms', 'list p99 ms', 'create req/s', 'create p99 ms', 'create non-2xx'],
        results.map((r) => [
          r.deployment.label,
          fmt(r.storage.createMs),
          fmt(r.storage.reopenMs),
          fmt(r.deskStartMs),
          fmt(r.intake.perSecond),
          fmt(r.intake.submitS),
          fmt(r.intake.latencyMs.p50),
          fmt(r.intake.latencyMs.p99),
          String(r.intake.failed),
          fmt(r.intake.cpuMsPerClaim),
          `${fmt(r.intake.eventLoopBusy * 100, 0)}%`,
          fmt(r.intake.serverConnections, 0),
          fmt(r.list.latencyMs.p50),
          fmt(r.list.latencyMs.p99),
          fmt(r.create.requestsPerSecond),
          fmt(r.create.latencyMs.p99),
          String(r.create.non2xx + r.create.errors),
        ]),
      ),
  );
  printFigures('Deployments: each vs (1) PostgreSQL server + Redis queues, same run (ratio = deployment / (1))', figures);
  await writeResult('deployments', {
    params: { claims: N, batch: BATCH, clients: CLIENTS, createSeconds: SECONDS, createConnections: CONNECTIONS, listPath: LIST_PATH, order: DEPLOYMENTS.map((d) => d.label) },
    figures,
    details: { deployments: results },
  });
});
