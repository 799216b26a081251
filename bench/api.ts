// API benchmark: autocannon (no pipelining, BENCH_API_CONNECTIONS connections) for BENCH_API_SECONDS
// against create-claim (POST /v1/articles/:id/claims, one claim) and list-claims (GET /v1/claims with
// state and kind filters, limit=50, each connection following nextCursor), with baselines in the same
// app process: GET /health and two bare Express routes (one INSERT, one indexed SELECT through the same
// DataSource). The API runs in a child process, so the load generator does not share its event loop.
//
//   BENCH_API_SECONDS=10 BENCH_API_CONNECTIONS=64 BENCH_API_CLAIMS=20000 (rows seeded for listing)
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import {
  ask,
  createBenchDatabase,
  createQueuePrefix,
  envInt,
  figure,
  fmt,
  printFigures,
  progress,
  DIST,
  runBench,
  serviceEnv,
  onCleanup,
  table,
  writeResult,
  type Figure,
} from './lib/common.js';
import { cannon, type Target } from './lib/cannon.js';
import { anchorFor, articleBody, statementFor } from './lib/data.js';

const SECONDS = Math.max(1, envInt('BENCH_API_SECONDS', 10));
const CONNECTIONS = Math.max(1, envInt('BENCH_API_CONNECTIONS', 64));
const SEED_CLAIMS = envInt('BENCH_API_CLAIMS', 20_000);
const WARMUP_SECONDS = 2;

interface Measured {
  name: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  sqlPerRequest: number;
  topStatements: [string, number][];
}

/** Waits until the server has answered every request autocannon left in flight when it stopped. */
async function idle(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { inFlight } = await ask<{ inFlight: number }>(child, 'stats', 'stats');
    if (inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

runBench('api', async () => {
  const db = await createBenchDatabase('api');
  const queue = createQueuePrefix('api');
  const child = fork(`${DIST}bench/child-api-server.js`, [], {
    env: { ...process.env, ...serviceEnv(db, queue.prefix) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  onCleanup(async () => {
    if (child.exitCode === null) {
      child.send({ type: 'stop' });
      await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
  const [ready] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => Promise.reject(new Error('API child exited')))])) as [
    { base: string; token: string },
  ];
  const { base, token } = ready;
  progress(`API (child process ${child.pid}) on ${base}`);

  // One article to submit claims against; SEED_CLAIMS claims in it for the list endpoint.
  const response = await fetch(`${base}/v1/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'مقال اختبار', language: 'ar', body: articleBody(500, 7) }),
  });
  const article = (await response.json()) as { id: string };
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  onCleanup(() => client.end());
  await client.query(
    `INSERT INTO claims (article_id, statement, kind, claimant, state, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, created_at, version, transition_seq)
     SELECT $1, 'statement ' || g, (ARRAY['date','number','quote','attribution','event','other'])[1 + g % 6],
            CASE WHEN g % 4 = 0 THEN 'Spokesman ' || (g % 50) END,
            (ARRAY['research','research','research','assessment','review','done','done','intake','failed','research'])[1 + (g / 7) % 10],
            'x', '', '', 0, 1, 'bench', now() - make_interval(secs => ($2 - g) * 0.5), 1, 0
     FROM generate_series(1, $2) g`,
    [article.id, SEED_CLAIMS],
  );
  await client.query('CREATE TABLE bench_claims (LIKE claims INCLUDING DEFAULTS INCLUDING INDEXES)');
  await client.query('ANALYZE');
  const [{ n: matching }] = (await client.query(`SELECT count(*)::int AS n FROM claims WHERE state = 'research' AND kind = 'date'`)).rows;
  progress(`seeded ${SEED_CLAIMS} claims (${matching} match state=research&kind=date: ${Math.ceil(matching / 50)} pages per cursor walk)`);

  const listPath = (prefix: string) => (cursor?: string) => `${prefix}?state=research&kind=date&limit=50${cursor ? `&cursor=${cursor}` : ''}`;
  const claimBody = (i: number) => JSON.stringify({ statement: statementFor(i), kind: 'number', anchor: { exact: anchorFor((i % 500) + 1) } });
  const targets: Target[] = [
    { name: 'GET /health', role: 'baseline', method: 'GET', path: () => '/health' },
    { name: 'bare SELECT (Express route)', role: 'baseline', method: 'GET', path: listPath('/bench/select'), cursor: true },
    { name: 'list-claims GET /v1/claims', role: 'ours', method: 'GET', path: listPath('/v1/claims'), cursor: true },
    {
      name: 'bare INSERT (Express route)',
      role: 'baseline',
      method: 'POST',
      path: () => '/bench/insert',
      body: (i) => JSON.stringify({ articleId: article.id, statement: statementFor(i), exact: anchorFor((i % 500) + 1) }),
    },
    { name: 'create-claim POST /v1/articles/:id/claims', role: 'ours', method: 'POST', path: () => `/v1/articles/${article.id}/claims`, body: claimBody },
  ];

  const measured = new Map<string, Measured>();
  for (const target of targets) {
    progress(`${target.name}: warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s at ${CONNECTIONS} connections`);
    await cannon(base, token, target, { seconds: WARMUP_SECONDS, connections: CONNECTIONS });
    await idle(child);
    await ask(child, 'reset', 'reset-done');
    const result = await cannon(base, token, target, { seconds: SECONDS, connections: CONNECTIONS });
    await idle(child);
    // Counted by the server over the same window: statements sent / responses finished.
    const stats = await ask<{ total: number; responses: number; statements: [string, number][] }>(child, 'stats', 'stats');
    const requests = stats.responses;
    measured.set(target.name, {
      name: target.name,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      sqlPerRequest: requests ? stats.total / requests : 0,
      topStatements: stats.statements.map(([q, c]): [string, number] => [q, Math.round((c / Math.max(1, requests)) * 100) / 100]),
    });
    progress(`${target.name}: ${fmt(result.requests.average)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
  }

  const m = (name: string) => measured.get(name)!;
  const health = m('GET /health');
  const bareSelect = m('bare SELECT (Express route)');
  const list = m('list-claims GET /v1/claims');
  const bareInsert = m('bare INSERT (Express route)');
  const create = m('create-claim POST /v1/articles/:id/claims');
  const figures: Figure[] = [
    figure('api', 'GET /health', 'req/s', health.requestsPerSecond),
    figure('api', 'create-claim throughput', 'req/s', create.requestsPerSecond, { label: 'bare INSERT req/s', value: bareInsert.requestsPerSecond }),
    figure('api', 'create-claim p99', 'ms', create.latencyMs.p99, { label: 'bare INSERT p99', value: bareInsert.latencyMs.p99 }),
    figure('api', 'list-claims throughput (cursor walk)', 'req/s', list.requestsPerSecond, { label: 'bare SELECT req/s', value: bareSelect.requestsPerSecond }),
    figure('api', 'list-claims p99', 'ms', list.latencyMs.p99, { label: 'bare SELECT p99', value: bareSelect.latencyMs.p99 }),
    figure('api', 'create-claim vs /health', 'req/s', create.requestsPerSecond, { label: 'GET /health req/s', value: health.requestsPerSecond }),
  ];
  console.log(
    `\nAPI at ${CONNECTIONS} connections, no pipelining, ${SECONDS} s each (after ${WARMUP_SECONDS} s warm-up); API in its own process\n` +
      table(
        ['endpoint', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx', 'errors', 'SQL/request'],
        [...measured.values()].map((r) => [r.name, fmt(r.requestsPerSecond), fmt(r.latencyMs.p50), fmt(r.latencyMs.p90), fmt(r.latencyMs.p99), fmt(r.latencyMs.max), String(r.requests), String(r.non2xx), String(r.errors), fmt(r.sqlPerRequest)]),
      ),
  );
  printFigures('API: ours vs baseline (ratio = ours / baseline)', figures);
  await writeResult('api', {
    params: { seconds: SECONDS, connections: CONNECTIONS, pipelining: 1, warmupSeconds: WARMUP_SECONDS, seededClaims: SEED_CLAIMS, listFilter: 'state=research&kind=date&limit=50', matchingClaims: matching, dbPoolSize: 10 },
    figures,
    details: { endpoints: [...measured.values()] },
  });
});
