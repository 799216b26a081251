// Driving a running service the way its clients do: a reporter's token, articles to anchor claims in,
// claims submitted over HTTP in batches by a few concurrent clients, and a poll of the database until
// intake has carried them out of `intake`. Shared by the pipeline and deployments benches.
import type { AuthService } from '@app/auth';
import { systemActor } from '@app/core';
import type { DataSource } from 'typeorm';
import { progress, sleep } from './common.js';
import { anchorFor, articleBody, KINDS, statementFor } from './data.js';

/** Claims per article: each claim anchors to its own numbered sentence of the article body. */
export const CLAIMS_PER_ARTICLE = 500;

/** A reporter user and its bearer token, created through the service's own AuthService. */
export async function createReporter(auth: AuthService): Promise<string> {
  const reporter = await auth.createUser(systemActor('bench'), { name: 'Bench reporter', email: `reporter-${Date.now()}@bench.test`, roles: ['reporter'] });
  const { token } = await auth.issueToken(systemActor('bench'), reporter.id, { label: 'bench' });
  return token;
}

export async function post(base: string, token: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return { status: response.status, body: json };
}

/** Creates `count` Arabic articles of CLAIMS_PER_ARTICLE anchorable sentences each; returns their ids. */
export async function createArticles(base: string, token: string, count: number): Promise<string[]> {
  const articles: string[] = [];
  for (let a = 0; a < count; a++) {
    const response = await post(base, token, '/v1/articles', {
      title: `مقال اختبار الأداء ${a + 1}`,
      language: 'ar',
      url: `https://news.example/ar/bench-${a + 1}`,
      publishedAt: '2025-11-20T12:00:00+03:00',
      body: articleBody(CLAIMS_PER_ARTICLE, a + 1),
    });
    articles.push((response.body as { id: string }).id);
  }
  return articles;
}

/** The claim with global index i: in article i / CLAIMS_PER_ARTICLE, anchored at its own sentence. */
export function claimInput(i: number) {
  const n = (i % CLAIMS_PER_ARTICLE) + 1;
  return {
    statement: statementFor(i),
    // A third without a kind, so intake guesses one, as it does for many real submissions.
    ...(i % 3 === 0 ? {} : { kind: KINDS[i % KINDS.length] }),
    ...(i % 4 === 0 ? { claimant: `Spokesman ${i % 50}` } : {}),
    anchor: { exact: anchorFor(n) },
  };
}

/**
 * Starts submitting claims 0..claims-1 over POST /v1/articles/:id/claims/batch, `batch` per request,
 * `clients` requests in flight. Returns at once: when it started (performance.now()), each claim's
 * submission time (Date.now(), comparable with timestamps the database writes) as its response arrives,
 * and a promise of when the last response arrived.
 */
export function submitClaimBatches(options: { label: string; base: string; token: string; articles: string[]; claims: number; batch: number; clients: number }) {
  const { base, token, articles, claims, batch: size } = options;
  const batches: number[][] = [];
  for (let a = 0; a * CLAIMS_PER_ARTICLE < claims; a++) {
    const inArticle = Array.from({ length: Math.min(CLAIMS_PER_ARTICLE, claims - a * CLAIMS_PER_ARTICLE) }, (_, k) => a * CLAIMS_PER_ARTICLE + k);
    for (let k = 0; k < inArticle.length; k += size) batches.push(inArticle.slice(k, k + size));
  }
  const sentAt = new Map<string, number>();
  let next = 0;
  progress(`${options.label}: submitting ${claims} claims in ${batches.length} batches of ≤${size}, ${options.clients} clients`);
  const startedAt = performance.now();
  const submitters = Array.from({ length: options.clients }, async () => {
    for (let b = next++; b < batches.length; b = next++) {
      const batch = batches[b]!;
      const article = articles[Math.floor(batch[0]! / CLAIMS_PER_ARTICLE)]!;
      const at = Date.now();
      const { body } = await post(base, token, `/v1/articles/${article}/claims/batch`, { claims: batch.map(claimInput) });
      for (const claim of (body as { items: { id: string }[] }).items) sentAt.set(claim.id, at);
    }
  });
  const submitted = Promise.all(submitters).then(() => performance.now());
  return { startedAt, sentAt, submitted };
}

/** Number of claims intake is done with (in research, or failed). */
export const countOutOfIntake = (dataSource: DataSource) => async () =>
  Number((await dataSource.query(`SELECT count(*) AS n FROM claims WHERE state <> 'intake'`))[0].n);

/** When each claim completed intake, as its transition recorded it. */
export const intakeCompletions = (dataSource: DataSource): Promise<{ id: string; at: Date }[]> =>
  dataSource.query(`SELECT c.id, t.at FROM claims c JOIN claim_transitions t ON t.claim_id = c.id AND t.action = 'complete-intake'`);

/** Polls until `done()` reaches `total`, printing progress every second; returns when the last was seen. */
export async function waitForAll(label: string, total: number, done: () => Promise<number>, startedAt: number, timeoutMs: number): Promise<number> {
  let lastPrint = 0;
  for (;;) {
    const count = await done();
    const now = performance.now();
    if (count >= total) return now;
    if (now - lastPrint > 1000) {
      lastPrint = now;
      progress(`${label}: ${count}/${total} in research after ${((now - startedAt) / 1000).toFixed(1)} s`);
    }
    if (now - startedAt > timeoutMs) throw new Error(`${label}: only ${count}/${total} done after ${timeoutMs} ms`);
    await sleep(50);
  }
}
