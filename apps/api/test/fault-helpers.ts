import { startChild, type ChildApp, queueEnvironment, waitFor } from '@app/testing';
import type { ApiHarness } from './harness.js';

// What the fault tests share: claims in bulk, worker child processes, and the exactly-once checks.

export const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A worker child process running the compiled `apps/worker/src/main.js` on the harness's database and queues, added to `workers`. */
export function spawnWorker(workers: ChildApp[], harness: ApiHarness, name: string, env: Record<string, string> = {}): ChildApp {
  const worker = startChild(name, 'apps/worker/src/main.js', {
    DATABASE_URL: harness.db.url,
    ...queueEnvironment(harness.deployment),
    QUEUE_PREFIX: harness.config.QUEUE_PREFIX,
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    DB_POOL_SIZE: '4',
    JOB_LOCK_MS: '2000',
    RECONCILE_EVERY_MS: '250',
    RECONCILE_GRACE_MS: '200',
    JOB_BACKOFF_MS: '50',
    ...env,
  });
  workers.push(worker);
  return worker;
}

/**
 * Waits for the worker's own "ready" log line; fails at once, with its output, if it died instead. The
 * limit only catches a hang: a process start takes seconds, many more on a loaded shared machine.
 */
export async function whenReady(worker: ChildApp): Promise<void> {
  await worker.waitForLog('worker ready; SIGTERM finishes active jobs and exits', 60_000);
}

/** An article of `count` distinct sentences, and one claim per sentence anchored by code point positions. */
function sentences(count: number) {
  const parts = Array.from({ length: count }, (_, i) => `Item ${i} of the city budget grew by ${i + 3} percent in ${1900 + i}.`);
  const body = parts.join(' ');
  let start = 0;
  const claims = parts.map((text) => {
    const claim = { statement: text, anchor: { start, end: start + text.length } };
    start += text.length + 1;
    return claim;
  });
  return { body, claims };
}

export type ClaimInput = ReturnType<typeof sentences>['claims'][number];

/** Posts an article of `count` sentences; returns its id and one claim per sentence, not yet submitted. */
export async function postBudgetArticle(harness: ApiHarness, token: string, count: number): Promise<{ articleId: string; claims: ClaimInput[] }> {
  const { body, claims } = sentences(count);
  const article = await harness.http().post('/v1/articles').set(as(token)).send({ title: 'Budget', language: 'en', body }).expect(201);
  return { articleId: article.body.id as string, claims };
}

/** Submits claims through the batch endpoint (up to 500 a request; one request each for up to 100 keeps each transaction short). */
export async function postClaims(harness: ApiHarness, token: string, articleId: string, claims: ClaimInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < claims.length; i += 100) {
    const response = await harness.http().post(`/v1/articles/${articleId}/claims/batch`).set(as(token)).send({ claims: claims.slice(i, i + 100) }).expect(201);
    ids.push(...(response.body.items as { id: string }[]).map((claim) => claim.id));
  }
  return ids;
}

export async function submitClaims(harness: ApiHarness, token: string, count: number): Promise<string[]> {
  const { articleId, claims } = await postBudgetArticle(harness, token, count);
  return postClaims(harness, token, articleId, claims);
}

export async function claimState(harness: ApiHarness, id: string): Promise<string> {
  const [row]: { state: string }[] = await harness.dataSource.query('SELECT state FROM claims WHERE id = $1', [id]);
  return row!.state;
}

export async function countByState(harness: ApiHarness): Promise<Record<string, number>> {
  const rows: { state: string; n: number }[] = await harness.dataSource.query('SELECT state, count(*)::int AS n FROM claims GROUP BY state');
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/** Claims and how many `complete-intake` transitions each has. */
export async function intakeTransitionsPerClaim(harness: ApiHarness): Promise<Map<string, number>> {
  const rows: { id: string; n: number }[] = await harness.dataSource.query(
    `SELECT c.id, count(t.id) FILTER (WHERE t.action = 'complete-intake')::int AS n
     FROM claims c LEFT JOIN claim_transitions t ON t.claim_id = c.id GROUP BY c.id`,
  );
  return new Map(rows.map((row) => [row.id, row.n]));
}

export async function intakeAuditEventsPerClaim(harness: ApiHarness): Promise<Map<string, number>> {
  const rows: { id: string; n: number }[] = await harness.dataSource.query(
    `SELECT c.id, count(e.seq) FILTER (WHERE e.action = 'claim.complete-intake')::int AS n
     FROM claims c LEFT JOIN audit_events e ON e.target_type = 'claim' AND e.target_id = c.id::text GROUP BY c.id`,
  );
  return new Map(rows.map((row) => [row.id, row.n]));
}

export async function outboxSummary(harness: ApiHarness): Promise<{ total: number; open: number; done: number }> {
  const [row]: { total: number; open: number; done: number }[] = await harness.dataSource.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE completed_at IS NULL)::int AS open,
            count(*) FILTER (WHERE outcome = 'done')::int AS done
     FROM job_outbox WHERE name = 'claims.intake'`,
  );
  return row!;
}

export async function waitForStates(harness: ApiHarness, expected: Record<string, number>, timeoutMs = 30_000): Promise<void> {
  let last: Record<string, number> = {};
  await waitFor(
    async () => {
      last = await countByState(harness);
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    { timeoutMs, intervalMs: 100, what: `claims to reach ${JSON.stringify(expected)}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
}

