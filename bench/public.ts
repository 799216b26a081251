// Public pages benchmark: what one API process serves to readers without a CDN, and what a CDN's
// revalidation costs it. A report on an article with BENCH_PUBLIC_CLAIMS (50) claims is published (API and
// worker in this process, then closed); the load runs against the API as production starts it
// (dist/apps/api/src/main.js, a child process), with autocannon, BENCH_PUBLIC_CONNECTIONS (32) connections
// for BENCH_PUBLIC_SECONDS (10) s per target:
//   GET /reports/:id/v1         a numbered report page, 200 with the whole page (a reader, no CDN)
//   GET /reports/:id/v1         with If-None-Match: the 304 a CDN or browser gets when it revalidates
//   GET /reports/:id/v1.json    an immutable file (a CDN keeps it for a year: asked once per edge)
// Baseline: GET /health on the same process (no database, the cheapest route through the same middleware).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { createApiApp } from '../apps/api/src/bootstrap.js';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import { createBenchDatabase, createQueuePrefix, DIST, envInt, figure, fmt, onCleanup, printFigures, progress, runBench, serviceEnv, sleep, writeResult, type Figure } from './lib/common.js';
import { claimInput, createArticles, post } from './lib/desk-http.js';

const CLAIMS = Math.max(1, envInt('BENCH_PUBLIC_CLAIMS', 50));
const CONNECTIONS = Math.max(1, envInt('BENCH_PUBLIC_CONNECTIONS', 32));
const SECONDS = Math.max(1, envInt('BENCH_PUBLIC_SECONDS', 10));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Publishes a report with the API and worker in this process; returns the article id. */
async function publishReport(env: Record<string, string>): Promise<string> {
  const config = loadConfig(env);
  const api = await createApiApp(config, pino({ level: 'silent' }));
  await api.listen(0, '127.0.0.1');
  const worker = await createWorker(config, pino({ level: 'silent' }));
  await worker.init();
  try {
    const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    const auth = api.get(AuthService);
    const user = await auth.createUser(systemActor('bench'), { name: 'Bench editor', email: `editor-${Date.now()}@bench.test`, roles: ['reporter', 'editor'] });
    const { token } = await auth.issueToken(systemActor('bench'), user.id, { label: 'bench' });
    const [articleId] = await createArticles(base, token, 1);
    for (let from = 0; from < CLAIMS; from += 50) {
      const claims = Array.from({ length: Math.min(50, CLAIMS - from) }, (_, i) => claimInput(from + i));
      await post(base, token, `/v1/articles/${articleId}/claims/batch`, { claims });
    }
    await post(base, token, `/v1/articles/${articleId}/reports`, {});
    for (const started = Date.now(); (await fetch(`${base}/reports/${articleId}/v1`)).status !== 200; await sleep(200)) {
      if (Date.now() - started > 120_000) throw new Error('report not published after 2 minutes');
    }
    return articleId!;
  } finally {
    await worker.close();
    await api.close();
  }
}

runBench('public', async () => {
  const db = await createBenchDatabase('public');
  const queue = createQueuePrefix('public');
  const port = await freePort();
  const env = serviceEnv(db, queue.prefix, { PUBLIC_BASE_URL: 'https://desk.example' });
  const articleId = await publishReport(env);
  progress(`published a report of ${CLAIMS} claims on article ${articleId}`);

  const child = fork(`${DIST}apps/api/src/main.js`, [], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  onCleanup(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
  const base = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; await sleep(200)) {
    if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() - started > 60_000) throw new Error('the API child did not become ready in 60 s');
  }
  const page = await fetch(`${base}/reports/${articleId}/v1`);
  const etag = page.headers.get('etag')!;
  const pageBytes = (await page.arrayBuffer()).byteLength;
  progress(`page: ${pageBytes} bytes, ETag ${etag}, Cache-Control ${page.headers.get('cache-control')}`);

  const run = async (label: string, path: string, headers: Record<string, string> = {}, expected = 200) => {
    const result = await autocannon({ url: base + path, connections: CONNECTIONS, pipelining: 1, duration: SECONDS, timeout: 30, headers });
    const answered = result.statusCodeStats?.[String(expected) as '200']?.count ?? 0;
    if (answered < result.requests.total * 0.99) throw new Error(`${label}: only ${answered} of ${result.requests.total} answered ${expected}`);
    progress(`${label}: ${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    return { rps: result.requests.average, p99: result.latency.p99 };
  };
  const health = await run('GET /health', '/health');
  const full = await run('GET numbered page (200)', `/reports/${articleId}/v1`);
  const revalidated = await run('GET numbered page, If-None-Match (304)', `/reports/${articleId}/v1`, { 'if-none-match': etag }, 304);
  const json = await run('GET numbered JSON (immutable, 200)', `/reports/${articleId}/v1.json`);

  const baseline = { label: 'GET /health req/s', value: health.rps };
  const figures: Figure[] = [
    figure('public', 'GET /health', 'req/s', health.rps),
    figure('public', `report page, 200 (${CLAIMS} claims, ${Math.round(pageBytes / 1024)} KiB)`, 'req/s', full.rps, baseline),
    figure('public', 'report page p99, 200', 'ms', full.p99),
    figure('public', 'report page, revalidated (304)', 'req/s', revalidated.rps, baseline),
    figure('public', 'report page p99, 304', 'ms', revalidated.p99),
    figure('public', 'report JSON, 200 (immutable)', 'req/s', json.rps, baseline),
  ];
  printFigures(`Public pages (one API process, ${CONNECTIONS} connections, ${SECONDS} s each)`, figures);
  await writeResult('public', { params: { claims: CLAIMS, connections: CONNECTIONS, seconds: SECONDS, pageBytes }, figures });
});
