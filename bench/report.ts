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
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { pino } from 'pino';
import pg from 'pg';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { renderReport, type ReportModel } from '@app/reports';
import { codePointLength, resolveAnchor } from '@app/text';
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
import { anchorFor, articleBody, statementFor } from './lib/data.js';

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

async function seed(client: pg.Client, checker: string, editor: string): Promise<string> {
  const body = articleBody(CLAIMS, 11);
  const [{ id: articleId }] = (
    await client.query(
      `INSERT INTO articles (title, outlet, url, language, published_at, body, body_sha256, body_code_points, created_by, version)
       VALUES ('محادثات موسكو: تقرير الأداء', 'Sample outlet', 'https://news.example/ar/bench-report', 'ar', '2025-11-20T09:00:00Z', $1, $2, $3, $4, 1) RETURNING id`,
      [body, createHash('sha256').update(body).digest('hex'), codePointLength(body), checker],
    )
  ).rows;
  const claims = Array.from({ length: CLAIMS }, (_, i) => {
    const resolved = resolveAnchor(body, { exact: anchorFor(i + 1) });
    if (!resolved.ok) throw new Error(`anchor ${i + 1} does not resolve: ${resolved.message}`);
    return { i, statement: statementFor(i, 5), kind: i % 5 === 0 ? 'quote' : i % 2 ? 'date' : 'number', anchor: resolved.anchor };
  });
  const claimIds: string[] = (
    await client.query(
      `INSERT INTO claims (article_id, statement, statement_normalized, kind, claimant, state, transition_seq, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, version)
       SELECT $1, s, lower(s), k, CASE WHEN n % 3 = 0 THEN 'Spokesman ' || n END, 'done', 8, qe, qp, qs, ps, pe, $2, 9
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[]) AS u(s, k, qe, qp, qs, ps, pe, n)
       ORDER BY n RETURNING id`,
      [
        articleId,
        checker,
        claims.map((c) => c.statement),
        claims.map((c) => c.kind),
        claims.map((c) => c.anchor.quote.exact),
        claims.map((c) => c.anchor.quote.prefix),
        claims.map((c) => c.anchor.quote.suffix),
        claims.map((c) => c.anchor.position.start),
        claims.map((c) => c.anchor.position.end),
        claims.map((c) => c.i),
      ],
    )
  ).rows.map((r: { id: string }) => r.id);
  await client.query(
    `INSERT INTO verdict_proposals (claim_id, rating, scale_version, rationale, proposed_by, proposed_at, decision, decided_by, decided_at)
     SELECT c.id, CASE WHEN c.kind = 'quote' THEN 'accurate-quote' ELSE (ARRAY['accurate','mostly-accurate','misleading','inaccurate'])[1 + n % 4] END, 0,
            'وقعت المعاهدة في موسكو في 16 يوليو 2001، وفق النص المنشور على موقع وزارة الخارجية. The signed text confirms the date; see the archived copy. (' || n || ')',
            $2, now() - interval '2 days', 'approved', $3, now() - interval '1 day'
     FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n) JOIN claims c ON c.id = u.id`,
    [claimIds, checker, editor],
  );
  // Sources: one in four primary; each secondary one derived from the primary before it. Each source has
  // one successful capture of ~8 KiB of HTML (its own blob) with extracted text.
  await client.query(
    `INSERT INTO sources (url, normalized_url, title, publisher, language, kind, subtype, created_by, version)
     SELECT 'https://source' || (g % 50) || '.example/doc/' || g, 'https://source' || (g % 50) || '.example/doc/' || g,
            CASE WHEN g % 2 = 0 THEN 'بيان وزارة الخارجية رقم ' || g ELSE 'Ministry statement no. ' || g END,
            'Publisher ' || (g % 50), CASE WHEN g % 2 = 0 THEN 'ar' ELSE 'en' END,
            CASE WHEN g % 4 = 0 THEN 'primary' ELSE 'secondary' END, CASE WHEN g % 4 = 0 THEN 'official-statement' ELSE 'news-report' END, $2, 1
     FROM generate_series(0, $1 - 1) g`,
    [SOURCES, checker],
  );
  await client.query(
    `INSERT INTO blobs (sha256, bytes, byte_size)
     SELECT encode(sha256(b), 'hex'), b, length(b)
     FROM (SELECT convert_to('<!doctype html><html><body><h1>Document ' || g || '</h1>' || repeat('<p>نص الوثيقة والفقرة ' || g || ' — the text of the document.</p>', 100) || '</body></html>', 'UTF8') AS b
           FROM generate_series(0, $1 - 1) g) x`,
    [SOURCES],
  );
  await client.query(
    `WITH s AS (SELECT id, url, row_number() OVER (ORDER BY url) - 1 AS g FROM sources),
          b AS (SELECT sha256, byte_size, row_number() OVER (ORDER BY sha256) - 1 AS g FROM blobs)
     INSERT INTO captures (source_id, origin, status, requested_url, final_url, redirects, http_status, content_type, byte_size, sha256, headers,
                           extracted_title, extracted_text, requested_by, requested_at, finished_at)
     SELECT s.id, 'fetch', 'ok', s.url, s.url, '[]'::jsonb, 200, 'text/html; charset=utf-8', b.byte_size, b.sha256, '{"content-type":"text/html"}'::jsonb,
            'Document', repeat('نص الوثيقة والفقرة — the text of the document. ', 60), $1, now() - interval '10 minutes', now() - interval '10 minutes'
     FROM s JOIN b ON b.g = s.g`,
    [checker],
  );
  await client.query(
    `WITH s AS (SELECT id, kind, row_number() OVER (ORDER BY created_at, id) - 1 AS g FROM sources)
     INSERT INTO source_derivations (source_id, derived_from_id, created_by)
     SELECT child.id, parent.id, $1 FROM s child JOIN s parent ON parent.g = child.g - (child.g % 4) WHERE child.g % 4 <> 0`,
    [checker],
  );
  await client.query(
    `WITH s AS (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS g FROM sources),
          c AS (SELECT id, n - 1 AS n FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n))
     INSERT INTO evidence (claim_id, source_id, stance, excerpt, note, created_by)
     SELECT c.id, s.id, (ARRAY['supports','refutes','context'])[1 + s.g % 3], 'Moscow, 16 July 2001 (' || s.g || ')', CASE WHEN s.g % 2 = 0 THEN 'النص الكامل في الملحق' END, $2
     FROM s JOIN c ON c.n = s.g % $3`,
    [claimIds, checker, CLAIMS],
  );
  await client.query('ANALYZE');
  const counts = (
    await client.query(
      `SELECT (SELECT count(*) FROM claims)::int AS claims, (SELECT count(*) FROM verdict_proposals WHERE decision = 'approved')::int AS approved,
              (SELECT count(*) FROM sources)::int AS sources, (SELECT count(*) FROM captures WHERE status = 'ok')::int AS captures,
              (SELECT count(*) FROM blobs)::int AS blobs, (SELECT count(*) FROM evidence)::int AS evidence,
              (SELECT count(*) FROM source_derivations)::int AS derivations`,
    )
  ).rows[0];
  progress(`seeded: ${JSON.stringify(counts)}`);
  return articleId;
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
  const articleId = await seed(client, checker.id, editor.id);
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
