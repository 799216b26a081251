import fc from 'fast-check';
import { startFixtureServer, stopChildren, waitFor, type ChildApp, type FixtureServer } from '@app/testing';
import { as, intakeAuditEventsPerClaim, intakeTransitionsPerClaim, postBudgetArticle, postClaims, spawnWorker, waitForStates, whenReady } from './fault-helpers.js';
import { startApi, type ApiHarness } from './harness.js';

// The chaos loop: worker child processes SIGKILLed again and again at random (seeded) moments while 500
// claims flow through intake and sources through capture; after each kill a fresh worker takes over.
// Short job locks (a dead worker's jobs are taken again within about a second) and a short pause inside
// every intake step (so a kill lands mid-transaction) keep it bounded: the cost is mostly the 21 process
// starts (seconds each on a loaded machine), which the test prints with its figures.
// Replay a run with the seed it prints: CHAOS_SEED=<seed> npm test -- apps/api/test/worker-chaos

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = 20;
const CLAIMS_PER_ROUND = 25;
const SOURCES_PER_ROUND = 2;
const CLAIMS = KILLS * CLAIMS_PER_ROUND;
const SOURCES = KILLS * SOURCES_PER_ROUND;
/** Pause inside every intake step, with its transaction open (claims locked, nothing committed). */
const PAUSE_MS = 800;
/** Odd rounds: the kill lands at a random moment up to this long after the worker is ready (idle, between steps, in a capture). */
const MAX_LIFE_MS = 1500;
/** Even rounds: up to this long after the worker's first intake step paused, so the kill lands inside it. */
const MAX_IN_STEP_MS = 300;

const WORKER_ENV = {
  WORKER_CONCURRENCY: '4',
  JOB_LOCK_MS: '1000',
  TEST_INTAKE_PAUSE_MS: String(PAUSE_MS),
  CAPTURE_ALLOW_LOOPBACK: 'true',
};

let api: ApiHarness | null = null;
let fixtures: FixtureServer | null = null;
const workers: ChildApp[] = [];

afterEach(async () => {
  await stopChildren(workers.splice(0));
  await api?.close();
  api = null;
  await fixtures?.close();
  fixtures = null;
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Worker transactions open at this moment (an intake step holds its transaction through its pause). */
async function openTransactions(harness: ApiHarness): Promise<number> {
  const [row]: { n: number }[] = await harness.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
  );
  return row!.n;
}

/** Per source: its captures, how many are ok, and how many capture outcome audit events it has. */
async function capturesPerSource(harness: ApiHarness) {
  const rows: { id: string; captures: number; ok: number; events: number }[] = await harness.dataSource.query(
    `SELECT s.id,
            (SELECT count(*)::int FROM captures c WHERE c.source_id = s.id) AS captures,
            (SELECT count(*)::int FROM captures c WHERE c.source_id = s.id AND c.status = 'ok') AS ok,
            (SELECT count(*)::int FROM audit_events e WHERE e.target_type = 'source' AND e.target_id = s.id::text AND e.action IN ('capture.ok', 'capture.refused', 'capture.failed')) AS events
     FROM sources s`,
  );
  return rows;
}

async function openOutboxRows(harness: ApiHarness): Promise<Record<string, number>> {
  const rows: { name: string; n: number }[] = await harness.dataSource.query(
    `SELECT name, count(*)::int AS n FROM job_outbox WHERE completed_at IS NULL OR outcome <> 'done' GROUP BY name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

describe('worker chaos loop (PostgreSQL server, queues in Redis)', () => {
  it(`loses nothing and does nothing twice when ${KILLS} workers in a row are SIGKILLed at random moments while ${CLAIMS} claims go through intake and ${SOURCES} sources through capture`, async () => {
    const started = Date.now();
    // One random moment per kill (seeded, so a run can be replayed): even rounds inside an intake step, odd ones anywhere.
    // Unbiased: fast-check's default bias would pick the bounds (0 ms) most of the time.
    const moments = fc.sample(fc.array(fc.noBias(fc.integer({ min: 0, max: 1000 })), { minLength: KILLS, maxLength: KILLS }), { seed: SEED, numRuns: 1 })[0]!;
    const delays = moments.map((permille, round) => Math.round((permille / 1000) * (round % 2 === 0 ? MAX_IN_STEP_MS : MAX_LIFE_MS)));
    console.log(`worker chaos seed ${SEED} (replay: CHAOS_SEED=${SEED}); kill delays (ms): ${delays.join(' ')}`);

    fixtures = await startFixtureServer();
    api = await startApi();
    const harness = api;
    const [reporter, checker, auditor] = await Promise.all([api.user(['reporter']), api.user(['checker']), api.user(['auditor'])]);
    const { articleId, claims } = await postBudgetArticle(api, reporter.token, CLAIMS);
    const ids: string[] = [];
    const sourceIds: string[] = [];
    let killedMidStep = 0;
    /** How long each worker took from spawn to ready: most of the loop's time. */
    const boots: number[] = [];

    for (let round = 0; round < KILLS; round++) {
      const spawnedAt = Date.now();
      const worker = spawnWorker(workers, api, `worker ${round + 1}`, WORKER_ENV);
      // New work arrives while the worker starts: each round's claims in one batch request, and its sources.
      const [batch, ...sources] = await Promise.all([
        postClaims(api, reporter.token, articleId, claims.slice(round * CLAIMS_PER_ROUND, (round + 1) * CLAIMS_PER_ROUND)),
        ...Array.from({ length: SOURCES_PER_ROUND }, async (_, i) => {
          const url = fixtures!.url(`/plain.txt?chaos=${round * SOURCES_PER_ROUND + i}`);
          const response = await harness.http().post('/v1/sources').set(as(checker.token)).send({ url, kind: 'primary', subtype: 'official-statement' }).expect(201);
          return [response.body.id as string];
        }),
      ]);
      ids.push(...batch!);
      sourceIds.push(...sources.flat());
      await whenReady(worker);
      boots.push(Date.now() - spawnedAt);
      if (round % 2 === 0) await worker.waitForLog('test pause inside the intake step', 60_000);
      await sleep(delays[round]!);
      if ((await openTransactions(api)) > 0) killedMidStep++;
      worker.child.kill('SIGKILL');
      expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
    }
    const killedAt = Date.now();

    // The last worker lives: everything the dead ones left (locked jobs, rolled-back steps) is finished by it.
    await whenReady(spawnWorker(workers, api, 'survivor', WORKER_ENV));
    await waitForStates(api, { research: CLAIMS }, 120_000);
    await waitFor(async () => (await capturesPerSource(harness)).every((source) => source.ok === 1), { timeoutMs: 60_000, intervalMs: 200, what: 'every source to be captured' });

    const transitions = await intakeTransitionsPerClaim(api);
    const audits = await intakeAuditEventsPerClaim(api);
    const captures = await capturesPerSource(api);
    const duplicates = {
      transitions: [...transitions.values()].filter((n) => n > 1).length,
      auditEvents: [...audits.values()].filter((n) => n > 1).length,
      captures: captures.filter((source) => source.captures > 1 || source.events > 1).length,
    };
    console.log(
      `worker chaos seed ${SEED}: ${KILLS} kills (${killedMidStep} with a step's transaction open), ${CLAIMS} claims, ${SOURCES} sources; ` +
        `duplicates ${JSON.stringify(duplicates)}; worker start ${median(boots)} ms median, ${Math.max(...boots)} ms longest; kills over in ${((killedAt - started) / 1000).toFixed(1)} s, all done in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // Every claim went through intake exactly once: one transition, one audit event each.
    expect([...transitions.keys()].sort()).toEqual([...ids].sort());
    expect([...transitions.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...audits.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // Every source captured exactly once: one capture, ok, one audit event.
    expect(captures.map((source) => source.id).sort()).toEqual([...sourceIds].sort());
    expect(captures.filter((source) => source.captures !== 1 || source.ok !== 1 || source.events !== 1)).toEqual([]);
    // No job left open or failed in the outbox.
    expect(await openOutboxRows(api)).toEqual({});
    const verify = await api.http().get('/v1/audit/verify').set(as(auditor.token)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
    // The kills must have hit work in progress, or the loop proves little: every even round aims inside a step.
    expect(killedMidStep).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
  }, 600_000);
});
