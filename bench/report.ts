// Report benchmark: render and publish the verification report of an article with BENCH_REPORT_CLAIMS
// (500) claims and BENCH_REPORT_SOURCES (2,000) sources. Seeded directly in SQL: claims in state `done`
// with approved verdict proposals, sources with successful captures (10 minutes old, so the worker's
// scheduled re-check leaves them alone) and their blobs, evidence rows
// linking them (sources / claims per claim), and derived-from edges to primary sources (trails).
// Measured: time from the publish request (POST /v1/articles/:id/reports over HTTP) to the report being
// published, and the peak RSS / heap of the worker process (a child process running createWorker, which
// samples its own memory). BENCH_REPORT_RUNS (3) versions are published, each its own run.
// Baseline: JSON.stringify of the same report model (read back from the report.json artifact).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { pino } from 'pino';
import pg from 'pg';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { renderReport, type ReportModel } from '@app/reports';
import { createApiApp } from '../apps/api/src/bootstrap.js';
import {
  ask,
  createBenchDatabase,
  createQueuePrefix,
  distribution,
  DIST,
  envInt,
  figure,
  fmt,
  onCleanup,
  printFigures,
  progress,
  runBench,
  serviceEnv,
  sleep,
  table,
  writeResult,
  type Figure,
} from './lib/common.js';
import { seedReportArticle } from './lib/report-seed.js';

const CLAIMS = Math.max(1, envInt('BENCH_REPORT_CLAIMS', 500));
const SOURCES = Math.max(1, envInt('BENCH_REPORT_SOURCES', 2000));
const RUNS = Math.max(1, envInt('BENCH_REPORT_RUNS', 3));
const MiB = 2 ** 20;

interface WorkerStats {
  peak: NodeJS.MemoryUsage;
  now: NodeJS.MemoryUsage;
  /** After a full garbage collection once the publish is done: what the worker still holds. */
  retained: NodeJS.MemoryUsage;
  maxRssKiB: number;
  queries: number;
  statements: [string, number][];
}


runBench('report', async () => {
  const db = await createBenchDatabase('report');
  const queue = createQueuePrefix('report');
  const env = serviceEnv(db, queue.prefix, { PUBLIC_BASE_URL: 'https://desk.example' });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  onCleanup(() => client.end());

  const api = await createApiApp(loadConfig(env), pino({ level: 'silent' }));
  await api.listen(0, '127.0.0.1');
  onCleanup(() => api.close());
  const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  const auth = api.get(AuthService);
  const checker = await auth.createUser(systemActor('bench'), { name: 'Karim Saleh', email: `checker-${Date.now()}@bench.test`, roles: ['checker'] });
  const editor = await auth.createUser(systemActor('bench'), { name: 'Layla Mansour', email: `editor-${Date.now()}@bench.test`, roles: ['editor'] });
  const { token } = await auth.issueToken(systemActor('bench'), editor.id, { label: 'bench' });
  const t0 = performance.now();
  const articleId = await seedReportArticle(client, { claims: CLAIMS, sources: SOURCES, checker: checker.id, editor: editor.id });
  const seedS = (performance.now() - t0) / 1000;

  // --expose-gc: the child collects garbage before reading its idle and retained heap, so growth between
  // publishes is memory still referenced, not garbage V8 has not collected yet.
  const worker = fork(`${DIST}bench/child-report-worker.js`, [], { env: { ...process.env, ...env }, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  onCleanup(async () => {
    if (worker.exitCode === null) {
      worker.send({ type: 'stop' });
      await Promise.race([once(worker, 'exit'), sleep(10_000)]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
  });
  const [ready] = (await Promise.race([once(worker, 'message'), once(worker, 'exit').then(() => Promise.reject(new Error('worker child exited')))])) as [{ memory: NodeJS.MemoryUsage }];
  progress(`worker child ${worker.pid} ready (rss ${fmt(ready.memory.rss / MiB)} MiB)`);
  await sleep(1000);

  const runs: { version: number; seconds: number; dbSeconds: number; idle: NodeJS.MemoryUsage; stats: WorkerStats; files: number; bytes: number }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const { idle } = await ask<{ idle: NodeJS.MemoryUsage }>(worker, 'reset', 'reset-done');
    const start = performance.now();
    const response = await fetch(`${base}/v1/articles/${articleId}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(run === 1 ? {} : { correctionNote: `Correction ${run}: a source link was updated.` }),
    });
    const answer = (await response.json()) as { id: string; version: number };
    if (response.status !== 202) throw new Error(`publish → ${response.status}: ${JSON.stringify(answer)}`);
    let status = 'rendering';
    while (status === 'rendering') {
      await sleep(10);
      status = (await client.query('SELECT status FROM reports WHERE id = $1', [answer.id])).rows[0].status;
      if (performance.now() - start > 15 * 60_000) throw new Error('report not published after 15 minutes');
    }
    const seconds = (performance.now() - start) / 1000;
    if (status !== 'published') throw new Error(`report ${answer.version} ended ${status}`);
    const stats = await ask<WorkerStats>(worker, 'stats', 'stats');
    const [{ db_s, files, bytes }] = (
      await client.query(
        `SELECT extract(epoch FROM published_at - requested_at)::float AS db_s, (SELECT count(*)::int FROM report_artifacts WHERE report_id = r.id) AS files,
                (SELECT sum(octet_length(body))::bigint FROM report_artifacts WHERE report_id = r.id) AS bytes
         FROM reports r WHERE id = $1`,
        [answer.id],
      )
    ).rows;
    runs.push({ version: answer.version, seconds, dbSeconds: db_s, idle, stats, files, bytes: Number(bytes) });
    progress(
      `v${answer.version}: published in ${fmt(seconds)} s (${files} files, ${fmt(Number(bytes) / MiB)} MiB); worker peak rss ${fmt(stats.peak.rss / MiB)} MiB (idle ${fmt(idle.rss / MiB)}), peak heap ${fmt(stats.peak.heapUsed / MiB)} MiB (idle ${fmt(idle.heapUsed / MiB)}); ${stats.queries} SQL statements`,
    );
  }

  // Baseline: JSON.stringify of the same model (the report.json artifact is JSON.stringify(model, null, 2)).
  const [{ body: modelJson }] = (
    await client.query(`SELECT a.body FROM report_artifacts a JOIN reports r ON r.id = a.report_id WHERE r.article_id = $1 AND r.version = 1 AND a.path = 'report.json'`, [articleId])
  ).rows;
  const model = JSON.parse(modelJson) as ReportModel;
  const stringify: number[] = [];
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    JSON.stringify(model);
    stringify.push(performance.now() - t);
  }
  const render: number[] = [];
  let renderedFiles = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    renderedFiles = renderReport(model).length;
    render.push(performance.now() - t);
  }
  const stringifyMs = distribution(stringify.slice(5)).p50;
  const renderMs = distribution(render).p50;
  const publish = distribution(runs.map((r) => r.seconds * 1000));
  const peakRss = Math.max(...runs.map((r) => r.stats.peak.rss));
  const peakHeap = Math.max(...runs.map((r) => r.stats.peak.heapUsed));
  const idleRss = runs[0]!.idle.rss;
  const idleHeap = runs[0]!.idle.heapUsed;
  const sqlPerPublish = distribution(runs.map((r) => r.stats.queries)).p50;
  progress(`baseline: JSON.stringify(model) ${fmt(stringifyMs)} ms (${fmt(Buffer.byteLength(JSON.stringify(model)) / MiB)} MiB); renderReport(model) in this process ${fmt(renderMs)} ms for ${renderedFiles} files`);

  const figures: Figure[] = [
    figure('report', `publish → published (${CLAIMS} claims, ${SOURCES} sources), median`, 'ms', publish.p50, { label: 'JSON.stringify(model)', value: stringifyMs }),
    figure('report', 'renderReport(model) alone (templates)', 'ms', renderMs, { label: 'JSON.stringify(model)', value: stringifyMs }),
    figure('report', 'worker peak RSS during publish', 'MiB', peakRss / MiB, { label: 'worker RSS when idle', value: idleRss / MiB }),
    figure('report', 'worker peak heap used during publish', 'MiB', peakHeap / MiB, { label: 'worker heap when idle', value: idleHeap / MiB }),
    figure('report', 'SQL statements per publish (worker)', 'statements', sqlPerPublish),
  ];
  console.log(
    `\nPublishing a report of ${CLAIMS} claims and ${SOURCES} sources (worker in its own process; queue wait = requested_at→published_at, which is stamped when rendering starts; idle = after GC, before the publish)\n` +
      table(
        ['version', 'request→published s', 'queue wait s', 'files', 'MiB stored', 'peak RSS MiB', 'idle RSS MiB', 'peak heap MiB', 'idle heap MiB', 'heap after GC MiB', 'maxRSS (getrusage) MiB', 'SQL statements'],
        runs.map((r) => [
          `v${r.version}`,
          fmt(r.seconds),
          fmt(r.dbSeconds),
          String(r.files),
          fmt(r.bytes / MiB),
          fmt(r.stats.peak.rss / MiB),
          fmt(r.idle.rss / MiB),
          fmt(r.stats.peak.heapUsed / MiB),
          fmt(r.idle.heapUsed / MiB),
          fmt(r.stats.retained.heapUsed / MiB),
          fmt(r.stats.maxRssKiB / 1024),
          String(r.stats.queries),
        ]),
      ),
  );
  printFigures('Report: ours vs baseline (ratio = ours / baseline)', figures);
  await writeResult('report', {
    params: { claims: CLAIMS, sources: SOURCES, evidencePerClaim: SOURCES / CLAIMS, runs: RUNS, worker: 'child process running createWorker (all queues)' },
    figures,
    details: {
      seedSeconds: seedS,
      runs: runs.map((r) => ({ ...r, stats: { ...r.stats, statements: r.stats.statements.map(([q, c]) => [q, c]) } })),
      baseline: { jsonStringifyMs: stringifyMs, modelJsonMiB: Buffer.byteLength(JSON.stringify(model)) / MiB, renderReportMs: renderMs, renderedFiles },
    },
  });
});
