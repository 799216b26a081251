import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { compiledEntry, startChild, stopChildren, type ChildApp } from '@app/testing';

// The embedded desk (`npm start` with nothing configured: PGlite in a data directory, API and worker in
// one process) SIGKILLed at a random (seeded) moment during a batch of writes, again and again on the
// same data directory. Each start must open the directory, and every write the client saw acknowledged
// (a 2xx received) before the kill must read back after it: articles with their body, claim batches
// whole, and the users and tokens created along the way (a lost token or role would be a 401 or 403).
// Replay a run with the seed it prints: DURABILITY_SEED=<seed> npm test -- apps/api/test/embedded-durability

const SEED = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = 20;
/** Writers sending requests at once (each: an article, then a batch of its claims, and again). */
const WRITERS = 3;
/** The kill lands at a random moment up to this long after the writers start. */
const MAX_WRITE_MS = 2500;

const root = mkdtempSync(join(tmpdir(), 'fc-durability-'));
const dataDir = join(root, 'pg');
const children: ChildApp[] = [];

afterEach(async () => {
  await stopChildren(children.splice(0));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function startDesk(name: string): Promise<{ desk: ChildApp; url: string }> {
  const desk = startChild(name, 'apps/desk/src/main.js', {
    PGLITE_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    WORKER_METRICS_PORT: '0',
    JOB_LOCK_MS: '2000',
    JOB_BACKOFF_MS: '50',
    RECONCILE_EVERY_MS: '250',
    RECONCILE_GRACE_MS: '200',
  });
  children.push(desk);
  const listening = await desk.waitForLog('desk listening; SIGTERM or Ctrl-C finishes active jobs and stops', 120_000);
  return { desk, url: listening.url as string };
}

/** A request's status and JSON body; a network error (the desk was killed) rejects. */
async function send(url: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function expectOk(url: string, token: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const { status, json } = await send(url, token, method, path, body);
  if (status < 200 || status > 299) throw new Error(`${method} ${path} → ${status}: ${JSON.stringify(json)}`);
  return json;
}

/** Every item of a cursor-paginated list. */
async function listAll<T>(url: string, token: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = (await expectOk(url, token, 'GET', `${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** What the client saw acknowledged: each entry was answered 2xx before the kill. */
interface Acknowledged {
  tokens: { round: number; token: string }[];
  articles: Map<string, { title: string; bodySha256: string; round: number }>;
  /** Claim ids per article, from acknowledged batch requests. */
  claims: Map<string, string[]>;
}

const CLAIMS_PER_BATCH = 2;

function articleInput(round: number, writer: number, n: number) {
  const first = `Round ${round} writer ${writer} item ${n}: the city budget grew by ${n + 3} percent in ${1990 + round}.`;
  const second = `The mayor of district ${writer}-${n} confirmed it on Thursday.`;
  return { title: `Budget r${round} w${writer} #${n}`, body: `${first} ${second}`, statements: [first, second] };
}

/**
 * Writes until the desk is killed. A network error after the kill ends it (that request was never
 * acknowledged, so either outcome is allowed); any other failure, or one before the kill, fails the test.
 */
async function writeUntilKilled(url: string, token: string, round: number, writer: number, acknowledged: Acknowledged, killed: () => boolean): Promise<{ writes: number; cut: boolean }> {
  let writes = 0;
  for (let n = 0; ; n++) {
    const input = articleInput(round, writer, n);
    try {
      const article = await send(url, token, 'POST', '/v1/articles', { title: input.title, language: 'en', body: input.body });
      if (article.status !== 201) throw new Error(`POST /v1/articles → ${article.status}: ${JSON.stringify(article.json)}`);
      acknowledged.articles.set(article.json.id as string, { title: input.title, bodySha256: sha256(input.body), round });
      writes++;
      const batch = await send(url, token, 'POST', `/v1/articles/${article.json.id as string}/claims/batch`, {
        claims: input.statements.map((statement) => ({ statement, anchor: { exact: statement } })),
      });
      if (batch.status !== 201) throw new Error(`POST claims/batch → ${batch.status}: ${JSON.stringify(batch.json)}`);
      acknowledged.claims.set(article.json.id as string, (batch.json.items as { id: string }[]).map((claim) => claim.id));
      writes++;
    } catch (error) {
      if (killed()) return { writes, cut: true };
      throw error;
    }
  }
}

/** Every acknowledged write reads back: tokens still authenticate with their role, articles and claim batches are there, whole. */
async function expectAcknowledgedWrites(url: string, adminToken: string, acknowledged: Acknowledged, lastRound: number): Promise<void> {
  const reader = acknowledged.tokens.at(-1)!.token;
  const tokenStatuses = await Promise.all(acknowledged.tokens.map(async ({ round, token }) => ({ round, status: (await send(url, token, 'GET', '/v1/articles?limit=1')).status })));
  expect(tokenStatuses.filter(({ status }) => status !== 200)).toEqual([]);
  expect((await send(url, adminToken, 'GET', '/v1/users?limit=1')).status).toBe(200);

  const articles = new Map((await listAll<{ id: string; title: string; bodySha256: string }>(url, reader, '/v1/articles')).map((a) => [a.id, a]));
  const missing = [...acknowledged.articles].filter(([id, want]) => articles.get(id)?.title !== want.title || articles.get(id)?.bodySha256 !== want.bodySha256);
  expect(missing).toEqual([]);
  // The articles acknowledged just before the last kill, read one by one with their body.
  for (const [id, want] of acknowledged.articles) {
    if (want.round !== lastRound) continue;
    const article = await expectOk(url, reader, 'GET', `/v1/articles/${id}`);
    expect(sha256(article.body as string)).toBe(want.bodySha256);
  }

  const claimsByArticle = new Map<string, string[]>();
  for (const claim of await listAll<{ id: string; articleId: string }>(url, reader, '/v1/claims')) {
    claimsByArticle.set(claim.articleId, [...(claimsByArticle.get(claim.articleId) ?? []), claim.id]);
  }
  const lostClaims = [...acknowledged.claims].filter(([articleId, ids]) => !ids.every((id) => claimsByArticle.get(articleId)?.includes(id)));
  expect(lostClaims).toEqual([]);
  // A batch is all or nothing, acknowledged or not: no article has half of one.
  expect([...claimsByArticle].filter(([, ids]) => ids.length !== CLAIMS_PER_BATCH)).toEqual([]);
}

describe('the embedded desk SIGKILLed during writes, again and again on one data directory', () => {
  it(`opens its data directory after each of ${KILLS} kills and keeps every write it acknowledged`, async () => {
    const started = Date.now();
    const delays = fc.sample(fc.array(fc.noBias(fc.integer({ min: 0, max: MAX_WRITE_MS })), { minLength: KILLS, maxLength: KILLS }), { seed: SEED, numRuns: 1 })[0]!;
    console.log(`embedded durability seed ${SEED} (replay: DURABILITY_SEED=${SEED}); kill after (ms): ${delays.join(' ')}`);

    const created = await promisify(execFile)(process.execPath, [compiledEntry('scripts/create-admin.js'), '--name', 'Durability admin', '--email', 'admin@durability.test'], {
      env: { PATH: process.env.PATH ?? '', PGLITE_DATA_DIR: dataDir },
    });
    const adminToken = /API token \(shown once, store it now\): (fcd_\S+)/.exec(created.stdout)?.[1];
    expect(adminToken).toBeDefined();

    const acknowledged: Acknowledged = { tokens: [], articles: new Map(), claims: new Map() };
    let writes = 0;
    let cut = 0;
    /** From spawn to listening, per start: most of the loop's time (each start compiles PGlite and replays its WAL). */
    const starts: number[] = [];
    for (let round = 0; round <= KILLS; round++) {
      const spawnedAt = Date.now();
      const { desk, url } = await startDesk(`desk ${round + 1}`);
      starts.push(Date.now() - spawnedAt);
      if (round > 0) await expectAcknowledgedWrites(url, adminToken!, acknowledged, round - 1);
      if (round === KILLS) {
        // After the last kill: the audit log (every write above appended to it) verifies, and the desk stops cleanly.
        expect(await expectOk(url, adminToken!, 'GET', '/v1/audit/verify')).toMatchObject({ ok: true, problems: [] });
        // A 403 on read-back is a token without a reader role (the first admin has only `admin`), not lost data:
        // the guard answers 401 when the token's row or its user is gone.
        const [someArticle] = acknowledged.articles.keys();
        expect((await send(url, adminToken!, 'GET', `/v1/articles/${someArticle!}`)).status).toBe(403);
        desk.child.kill('SIGTERM');
        expect(await desk.exited).toEqual({ code: 0, signal: null });
        break;
      }

      // This round's writer: a user and a token of its own, written (and acknowledged) before the batch.
      const { id: userId } = await expectOk(url, adminToken!, 'POST', '/v1/users', { name: `Reporter ${round}`, email: `reporter${round}@durability.test`, roles: ['reporter'] });
      const { token } = (await expectOk(url, adminToken!, 'POST', `/v1/users/${userId as string}/tokens`, { label: `round ${round}` })) as { token: string };
      acknowledged.tokens.push({ round, token });
      writes += 2;

      let killed = false;
      const writers = Array.from({ length: WRITERS }, (_, writer) => writeUntilKilled(url, token, round, writer, acknowledged, () => killed));
      await sleep(delays[round]!);
      killed = true;
      desk.child.kill('SIGKILL');
      expect(await desk.exited).toEqual({ code: null, signal: 'SIGKILL' });
      for (const outcome of await Promise.all(writers)) {
        writes += outcome.writes;
        if (outcome.cut) cut++;
      }
      children.splice(children.indexOf(desk), 1);
    }
    console.log(
      `embedded durability seed ${SEED}: ${KILLS} kills, ${writes} acknowledged writes (${acknowledged.articles.size} articles, ${acknowledged.claims.size} claim batches, ` +
        `${acknowledged.tokens.length} users with tokens), ${cut} requests cut by a kill, none lost; ` +
        `desk start ${median(starts)} ms median, ${Math.max(...starts)} ms longest; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 1_200_000);
});
