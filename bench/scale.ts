// Scale benchmark: what a claim costs as the desk's history grows. One database grows through the sizes of
// BENCH_SCALE_SIZES (10,000, 100,000, 1,000,000 claims); at each size, through the real API app's services
// (no HTTP): ClaimsService.list shapes (first page, deep cursor, filters, text search), the similar-claims
// lookup intake runs for every claim (ClaimsService.findSimilar), create-claim (ClaimsService.submit, one
// claim), an intake batch (IntakeHandler, 50 claims in one transaction) and a report publish (ReportsService
// .publish and the worker's RenderReportHandler, in this process, for one checked article of
// BENCH_SCALE_REPORT_CLAIMS claims seeded before the first size). p50/p99 per figure, EXPLAIN
// (ANALYZE, BUFFERS) of the exact SQL the service sent (plans in the JSON), and the growth: the largest
// size's figure over the smallest's. Baseline: a primary-key lookup (ClaimsService.get) at the same size.
//
// Similar claims: BENCH_SCALE_SIMILAR_QUERIES (1,000) query statements, each with 5 near-duplicates planted
// among the first claims (bench/lib/near-duplicates.ts: Arabic alef forms, diacritics, tatweel, English word
// order, small edits). Recall@5 at each size: the lookup's 5 against the exact top 5 (trigram similarity over
// every claim, best 5 at or above the threshold; computed through a GIN trigram index built for the check,
// with the threshold raised to the least similar planted variant, which cannot change the top 5).
//
// Seeding: rows generated here (statements, their normalised form and similarity keys) and inserted in
// chunks with unnest, every NOT NULL column filled, the claims indexes dropped during each growth step and
// re-created afterwards from their own definitions (the indexes the migrations create), then VACUUM ANALYZE.
//
//   BENCH_SCALE_SIZES=10000,100000,1000000 (or BENCH_SCALE_CLAIMS=n for one size) BENCH_SCALE_MIN_MS=3000
//   BENCH_SCALE_SIMILAR_QUERIES=1000 BENCH_SCALE_INTAKE_BATCHES=10 BENCH_SCALE_ARTICLES=1000
//   BENCH_SCALE_REPORT_CLAIMS=50 BENCH_SCALE_REPORTS=5 (versions published at each size)
import { createHash, randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { pino } from 'pino';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { ClaimsService, type ClaimFilter } from '@app/claims';
import { loadConfig } from '@app/config';
import { encodeCursor, systemActor } from '@app/core';
import { jobId, claimStepJobId } from '@app/queue';
import { RenderReportHandler, ReportsService } from '@app/reports';
import { codePointLength, normalizeForMatch, similarityKeys } from '@app/text';
import { IntakeHandler } from '@app/workflow';
import { createApiApp } from '../apps/api/src/bootstrap.js';
import {
  createBenchDatabase,
  createQueuePrefix,
  distribution,
  envInt,
  figure,
  fmt,
  fmtRatio,
  onCleanup,
  printFigures,
  progress,
  prng,
  runBench,
  sample,
  serviceEnv,
  table,
  writeResult,
  type Distribution,
  type Figure,
} from './lib/common.js';
import { anchorFor, ARABIC_WORDS, articleBody, ENGLISH_WORDS, statementFor } from './lib/data.js';
import { nearDuplicateGroup, type NearDuplicateGroup } from './lib/near-duplicates.js';
import { seedReportArticle } from './lib/report-seed.js';

function sizes(): number[] {
  const raw = process.env.BENCH_SCALE_SIZES;
  if (!raw) return process.env.BENCH_SCALE_CLAIMS ? [Math.max(1, envInt('BENCH_SCALE_CLAIMS', 1))] : [10_000, 100_000, 1_000_000];
  const list = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`BENCH_SCALE_SIZES must be positive integers separated by commas (got ${JSON.stringify(raw)})`);
  return [...new Set(list)].sort((a, b) => a - b);
}

const SIZES = sizes();
const ARTICLES = Math.max(1, envInt('BENCH_SCALE_ARTICLES', 1000));
const MIN_MS = envInt('BENCH_SCALE_MIN_MS', 3000);
const VARIANTS = 5;
/** Planted rows are at most half of the smallest size. */
const QUERIES = Math.max(1, Math.min(envInt('BENCH_SCALE_SIMILAR_QUERIES', 1000), Math.floor(SIZES[0]! / 2 / VARIANTS)));
const INTAKE_BATCHES = Math.max(1, envInt('BENCH_SCALE_INTAKE_BATCHES', 10));
const INTAKE_BATCH = 50;
const CHUNK = 20_000;
/** The checked article a report is published for at each size: its claims (4 sources each). */
const REPORT_CLAIMS = Math.max(1, envInt('BENCH_SCALE_REPORT_CLAIMS', 50));
const REPORTS = Math.max(2, envInt('BENCH_SCALE_REPORTS', 5));
/** The bench article claims are created on (create-claim, intake batch): one anchor per sentence. */
const BENCH_ARTICLE_SENTENCES = 500;

interface Measured {
  size: number;
  name: string;
  note: string;
  latencyMs: Distribution;
  rows: number;
  sql: string;
  params: unknown[];
  plan: string[];
  indexes: string[];
  executionMs: number | null;
  sharedBuffers: { hit: number; read: number };
}

interface Recall {
  size: number;
  queries: number;
  recallAt5: number;
  /** Exact top-5 entries that were not planted variants (unrelated claims that happened to rank). */
  exactBackground: number;
  missed: number;
  exactSeconds: number;
}

/** A background statement: 7–11 words of one vocabulary (40% Arabic), a number and a year; 1 in 10,000 has "zeppelin". */
function backgroundStatement(g: number): string {
  const rand = prng(g * 2654435761 + 17);
  const words = g % 5 < 2 ? ARABIC_WORDS : ENGLISH_WORDS;
  const parts = Array.from({ length: 7 + (g % 5) }, () => words[Math.floor(rand() * words.length)]!);
  return `${parts.join(' ')} ${g % 100} ${1990 + (g % 36)}${g % 10000 === 1234 ? ' zeppelin' : ''}`;
}

/** Claims 1 … QUERIES × VARIANTS are the planted near-duplicates, group by group. */
function plantedGroups(): NearDuplicateGroup[] {
  const rand = prng(20261203);
  return Array.from({ length: QUERIES }, (_, q) => nearDuplicateGroup(rand, q % 5 < 2));
}

const textArray = (keys: number[]) => `{${keys.join(',')}}`;

/** Grows the claims table from `from` to `to` rows (claims `from + 1` … `to` in creation order). */
async function grow(client: pg.Client, from: number, to: number, planted: string[], articleIds: string[]): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  // Drop the claims indexes (keeping their definitions) so the load does not maintain them row by row.
  const indexes: { name: string; def: string }[] = (
    await client.query(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = 'claims'::regclass AND NOT x.indisprimary ORDER BY i.relname`,
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  let t = performance.now();
  for (let start = from + 1; start <= to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK - 1);
    const statements: string[] = [];
    for (let g = start; g <= end; g++) statements.push(g <= planted.length ? planted[g - 1]! : backgroundStatement(g));
    const normalized = statements.map(normalizeForMatch);
    // States: 2% intake, 35% research, 15% assessment, 8% review, 38% done, 2% failed. 60% have one of
    // 5,000 claimants. Every claim has been through intake (normalised statement and similarity keys).
    await client.query(
      `INSERT INTO claims (article_id, statement, statement_normalized, similarity_keys, kind, claimant, priority, state, transition_seq,
                           quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, created_at, updated_at, version)
       SELECT ($5::uuid[])[1 + g % array_length($5::uuid[], 1)], u.statement, u.normalized, u.keys::integer[],
              CASE WHEN g % 7 = 6 THEN NULL ELSE (ARRAY['date','number','quote','attribution','event','other'])[1 + g % 7] END,
              CASE WHEN g % 5 < 3 THEN 'Claimant ' || (g % 5000) END,
              (g % 4)::smallint,
              CASE WHEN b < 2 THEN 'intake' WHEN b < 37 THEN 'research' WHEN b < 52 THEN 'assessment' WHEN b < 60 THEN 'review' WHEN b < 98 THEN 'done' ELSE 'failed' END,
              1 + g % 6,
              'الجملة رقم ' || (g % 500) || ':', 'عام 2001.', ' الميزانية', (g % 500) * 60, (g % 500) * 60 + 14,
              'user-' || (g % 20), '2024-01-01'::timestamptz + g * interval '61 seconds' + (g % 997) * interval '1 millisecond',
              '2024-01-01'::timestamptz + g * interval '61 seconds', 1 + g % 5
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(statement, normalized, keys, i)
       CROSS JOIN LATERAL (SELECT $1::int + u.i::int - 1 AS g) n
       CROSS JOIN LATERAL (SELECT (g * 37 + 11) % 100 AS b) bucket`,
      [start, statements, normalized, normalized.map((n) => textArray(similarityKeys(n))), articleIds],
    );
    if ((end - from) % 100_000 < CHUNK || end === to) progress(`seeded ${end}/${to} claims (${fmt((performance.now() - t) / 1000)} s)`);
  }
  timings.insertS = (performance.now() - t) / 1000;
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes) {
    t = performance.now();
    await client.query(index.def);
    timings[`index ${index.name} s`] = (performance.now() - t) / 1000;
    progress(`re-created ${index.name} in ${fmt(timings[`index ${index.name} s`]!)} s`);
  }
  t = performance.now();
  await client.query('VACUUM ANALYZE claims');
  timings.vacuumAnalyzeS = (performance.now() - t) / 1000;
  return timings;
}

/** Which indexes a plan uses (Index Scan / Index Only Scan / Bitmap Index Scan … on <name>). */
const indexesIn = (plan: string[]) => [...new Set(plan.flatMap((line) => [...line.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/g)].map((m) => m[1]!)))];

const sizeLabel = (n: number) => fmt(n, 0);

runBench('scale', async () => {
  const db = await createBenchDatabase('scale');
  const queue = createQueuePrefix('scale');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  onCleanup(() => client.end());

  await client.query(
    `INSERT INTO articles (title, language, body, body_sha256, body_code_points, created_by, created_at, version)
     SELECT 'مقال ' || g, 'ar', 'نص المقال ' || g, md5(g::text) || md5(g::text), 12, 'bench', '2024-01-01'::timestamptz + g * interval '1 hour', 1
     FROM generate_series(1, $1) g`,
    [ARTICLES],
  );
  const articleIds = (await client.query(`SELECT id FROM articles ORDER BY created_at`)).rows.map((r: { id: string }) => r.id);
  // The article new claims are made on (create-claim, intake batch): a real body, one anchor per sentence.
  const body = articleBody(BENCH_ARTICLE_SENTENCES, 3);
  const [{ id: benchArticle }] = (
    await client.query(
      `INSERT INTO articles (title, language, body, body_sha256, body_code_points, created_by, version) VALUES ('مقال القياس', 'ar', $1, $2, $3, 'bench', 1) RETURNING id`,
      [body, createHash('sha256').update(body).digest('hex'), codePointLength(body)],
    )
  ).rows;
  await client.query('ANALYZE articles');

  const groups = plantedGroups();
  const planted = groups.flatMap((g) => g.variants);
  const queries = groups.map((g) => normalizeForMatch(g.query));

  const app = await createApiApp(loadConfig(serviceEnv(db, queue.prefix)), pino({ level: 'silent' }));
  await app.init();
  onCleanup(() => app.close());
  const claims = app.get(ClaimsService);
  const intake = app.get(IntakeHandler);
  const reports = app.get(ReportsService);
  const render = app.get(RenderReportHandler);
  // The checked article whose report is published at every size (its claims are created now, after the grown ones).
  const auth = app.get(AuthService);
  const checker = await auth.createUser(systemActor('bench'), { name: 'Karim Saleh', email: `checker-${Date.now()}@bench.test`, roles: ['checker'] });
  const editor = await auth.createUser(systemActor('bench'), { name: 'Layla Mansour', email: `editor-${Date.now()}@bench.test`, roles: ['editor'] });
  const reportArticle = await seedReportArticle(client, { claims: REPORT_CLAIMS, sources: 4 * REPORT_CLAIMS, checker: checker.id, editor: editor.id });
  const dataSource = app.get(DataSource);
  // Capture the SQL and parameters the service sends, to EXPLAIN exactly that.
  let captured: { sql: string; params: unknown[] } | null = null;
  const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
  dataSource.logger.logQuery = (query, parameters, runner) => {
    captured = { sql: query, params: (parameters as unknown[]) ?? [] };
    return logQuery(query, parameters, runner);
  };
  const explain = async (sql: string, params: unknown[]) => {
    const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows as { 'QUERY PLAN': string }[];
    const plan = rows.map((r) => r['QUERY PLAN']);
    const execution = plan.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)?.[1]).find(Boolean);
    const top = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan.find((l) => l.includes('Buffers:')) ?? '');
    return { plan, executionMs: execution ? Number(execution) : null, sharedBuffers: { hit: Number(top?.[1] ?? 0), read: Number(top?.[2] ?? 0) } };
  };

  const actor = systemActor('bench');
  let sentence = 0;
  const newClaimInput = (g: number) => ({ statement: statementFor(g, 77), anchor: { exact: anchorFor(1 + (sentence++ % BENCH_ARTICLE_SENTENCES)) } });
  let fresh = 10_000_000;

  const measured: Measured[] = [];
  const recalls: Recall[] = [];
  const seedTimings: Record<string, Record<string, number>> = {};
  let rows = 0;
  for (const size of SIZES) {
    progress(`growing the claims table from ${sizeLabel(rows)} to ${sizeLabel(size)} claims`);
    const t0 = performance.now();
    seedTimings[size] = { ...(await grow(client, rows, size, planted, articleIds)), seconds: (performance.now() - t0) / 1000 };
    rows = size;
    const [{ bytes }] = (await client.query(`SELECT pg_total_relation_size('claims')::bigint AS bytes`)).rows;
    seedTimings[size]!.claimsTableMiB = Math.round(Number(bytes) / 2 ** 20);
    progress(`${sizeLabel(size)} claims: grown in ${fmt(seedTimings[size]!.seconds!)} s; claims with indexes ${fmt(Number(bytes) / 2 ** 20)} MiB`);

    const measure = async (name: string, note: string, call: () => Promise<number>, options: { minIterations?: number; explain?: boolean } = {}): Promise<Measured> => {
      captured = null;
      const count = await call();
      const query = captured as { sql: string; params: unknown[] } | null;
      const explained = query && options.explain !== false ? await explain(query.sql, query.params) : { plan: [], executionMs: null, sharedBuffers: { hit: 0, read: 0 } };
      const minIterations = options.minIterations ?? 20;
      const times = await sample(call, { warmup: 2, minIterations, maxIterations: 2000, minMs: MIN_MS });
      const latencyMs = distribution(times);
      progress(`${sizeLabel(size)}: ${name}: p50 ${fmt(latencyMs.p50)} ms, p99 ${fmt(latencyMs.p99)} ms over ${times.length} calls; ${count} rows; indexes: ${indexesIn(explained.plan).join(', ') || '—'}`);
      const m = { size, name, note, latencyMs, rows: count, sql: query?.sql ?? '', params: query?.params ?? [], ...explained, indexes: indexesIn(explained.plan) };
      measured.push(m);
      return m;
    };

    const deep = (await client.query(`SELECT created_at, id FROM claims ORDER BY created_at, id OFFSET $1 LIMIT 1`, [Math.floor(size * 0.9)])).rows[0] as { created_at: Date; id: string } | undefined;
    const deepCursor = deep ? encodeCursor({ createdAt: deep.created_at, id: deep.id }) : undefined;
    const [{ id: someId }] = (await client.query(`SELECT id FROM claims OFFSET $1 LIMIT 1`, [Math.floor(size / 2)])).rows;
    const shapes: { name: string; filter: ClaimFilter; note: string }[] = [
      { name: 'list, first page', filter: { limit: 50 }, note: 'no filter' },
      { name: 'list, deep cursor page', filter: { limit: 50, cursor: deepCursor }, note: 'cursor after 90% of the rows' },
      { name: 'filter state+kind', filter: { state: 'research', kind: 'date', limit: 50 }, note: 'research & date (~5% of rows)' },
      { name: 'filter state+kind, rare pair', filter: { state: 'failed', kind: 'quote', limit: 50 }, note: 'failed & quote (~0.3%)' },
      { name: 'filter claimant', filter: { claimant: 'Claimant 1231', limit: 50 }, note: '0.012% of the claims' },
      { name: 'filter claimant, no match', filter: { claimant: 'Nobody At All', limit: 50 }, note: 'no claim has this claimant' },
      { name: 'text search q=ministry', filter: { q: 'ministry', limit: 50 }, note: 'common English word' },
      { name: 'text search q=الميزانية', filter: { q: 'الميزانية', limit: 50 }, note: 'common Arabic word' },
      { name: 'text search q=zeppelin', filter: { q: 'zeppelin', limit: 50 }, note: 'rare (1 in 10,000)' },
      { name: 'text search q=qwertyuiop', filter: { q: 'qwertyuiop', limit: 50 }, note: 'no match' },
    ];
    await measure('primary-key lookup (baseline)', 'ClaimsService.get(id)', async () => ((await claims.get(someId)) ? 1 : 0));
    for (const shape of shapes) await measure(shape.name, shape.note, async () => (await claims.list(shape.filter)).items.length);

    // Similar claims: what intake asks for every claim (ClaimsService.findSimilar, the 5 most similar earlier
    // claims at trigram similarity ≥ 0.3), for a statement with planted near-duplicates and for a new one.
    let next = 0;
    await measure(`similar claims (statement with ${VARIANTS} near-duplicates)`, `${QUERIES} planted queries in turn`, async () =>
      (await claims.findSimilar(dataSource.manager, randomUUID(), queries[next++ % queries.length]!)).length,
    );
    await measure('similar claims (new statement)', 'a fresh statement from the same vocabulary each call', async () =>
      (await claims.findSimilar(dataSource.manager, randomUUID(), normalizeForMatch(statementFor(fresh++, 91)))).length,
    );

    // Recall@5 against the exact search.
    {
      const t = performance.now();
      await client.query('CREATE INDEX bench_exact_trgm ON claims USING gin (statement_normalized gin_trgm_ops)');
      const plantedIds: string[] = (await client.query(`SELECT id FROM claims ORDER BY created_at, id LIMIT $1`, [planted.length])).rows.map((r: { id: string }) => r.id);
      let found = 0;
      let expected = 0;
      let background = 0;
      for (let q = 0; q < QUERIES; q++) {
        const variantIds = new Set(plantedIds.slice(q * VARIANTS, (q + 1) * VARIANTS));
        const [{ least }] = (
          await client.query(`SELECT min(similarity(statement_normalized, $1)) AS least FROM claims WHERE id = ANY($2::uuid[])`, [queries[q], [...variantIds]])
        ).rows;
        // Every claim at least as similar as the least similar planted variant: the exact top 5 is among them.
        await client.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, false)`, [String(Math.max(0.3, Number(least) - 0.001))]);
        const exact: string[] = (
          await client.query(
            `SELECT id FROM claims WHERE statement_normalized % $1 AND similarity(statement_normalized, $1) >= 0.3 ORDER BY similarity(statement_normalized, $1) DESC, created_at ASC LIMIT 5`,
            [queries[q]],
          )
        ).rows.map((r: { id: string }) => r.id);
        const ours = new Set((await claims.findSimilar(dataSource.manager, randomUUID(), queries[q]!)).map((s) => s.claimId));
        expected += exact.length;
        found += exact.filter((id) => ours.has(id)).length;
        background += exact.filter((id) => !variantIds.has(id)).length;
      }
      await client.query('DROP INDEX bench_exact_trgm');
      const recall: Recall = { size, queries: QUERIES, recallAt5: found / expected, exactBackground: background, missed: expected - found, exactSeconds: (performance.now() - t) / 1000 };
      recalls.push(recall);
      progress(`${sizeLabel(size)}: similar claims recall@5 ${fmt(recall.recallAt5, 4)} over ${QUERIES} queries (${recall.missed} of ${expected} exact top-5 entries missed; ${background} of them not planted) in ${fmt(recall.exactSeconds)} s`);
    }

    // Create-claim: one claim through ClaimsService.submit (anchor resolved, claim + intake job + audit event, enqueue).
    await measure('create-claim (one claim)', 'ClaimsService.submit on a 500-sentence article', async () => (await claims.submit(actor, benchArticle, [newClaimInput(fresh++)])).claims.length, { explain: false });

    // Intake batch: 50 claims submitted (not timed), then their intake jobs handed to the handler at once:
    // one transaction with the similar-claims lookup for all 50 (timed).
    {
      const times: number[] = [];
      for (let b = 0; b < INTAKE_BATCHES + 1; b++) {
        const created = (await claims.submit(actor, benchArticle, Array.from({ length: INTAKE_BATCH }, () => newClaimInput(fresh++)))).claims;
        const t = performance.now();
        const outcomes = await Promise.all(
          created.map((c) => intake.handle({ id: claimStepJobId('intake', c.id, 0), name: 'claims.intake', data: { claimId: c.id, transitionSeq: 0 } } as unknown as Job<{ claimId: string; transitionSeq: number }, unknown, 'claims.intake'>)),
        );
        if (b > 0) times.push(performance.now() - t); // the first batch warms up
        const moved = outcomes.filter((o) => 'movedTo' in o).length;
        if (moved !== INTAKE_BATCH) throw new Error(`intake batch moved ${moved} of ${INTAKE_BATCH} claims`);
      }
      const latencyMs = distribution(times);
      progress(`${sizeLabel(size)}: intake batch of ${INTAKE_BATCH}: p50 ${fmt(latencyMs.p50)} ms, p99 ${fmt(latencyMs.p99)} ms over ${times.length} batches`);
      measured.push({ size, name: `intake batch (${INTAKE_BATCH} claims)`, note: 'IntakeHandler, one transaction', latencyMs, rows: INTAKE_BATCH, sql: '', params: [], plan: [], indexes: [], executionMs: null, sharedBuffers: { hit: 0, read: 0 } });
    }

    // Report publish: a new version of the checked article's report requested and rendered (what the
    // worker's job does), start to published. The first version ever is not timed (it has no previous one).
    {
      const times: number[] = [];
      for (let r = 0; r < REPORTS + (size === SIZES[0] ? 1 : 0); r++) {
        const t = performance.now();
        const requested = await reports.publish(actor, reportArticle, {});
        const outcome = await render.handle({ id: jobId('render', requested.id), name: 'reports.render', data: { reportId: requested.id } } as unknown as Parameters<RenderReportHandler['handle']>[0]);
        if (!('version' in outcome)) throw new Error(`report version ${requested.version} was not rendered: ${JSON.stringify(outcome)}`);
        if (requested.version > 1) times.push(performance.now() - t);
      }
      const latencyMs = distribution(times);
      progress(`${sizeLabel(size)}: report publish (${REPORT_CLAIMS} checked claims): p50 ${fmt(latencyMs.p50)} ms, p99 ${fmt(latencyMs.p99)} ms over ${times.length} versions`);
      measured.push({ size, name: `report publish (${REPORT_CLAIMS} claims)`, note: 'ReportsService.publish + RenderReportHandler', latencyMs, rows: REPORT_CLAIMS, sql: '', params: [], plan: [], indexes: [], executionMs: null, sharedBuffers: { hit: 0, read: 0 } });
    }
  }

  const names = [...new Set(measured.map((m) => m.name))];
  const at = (name: string, size: number) => measured.find((m) => m.name === name && m.size === size);
  const smallest = SIZES[0]!;
  const largest = SIZES[SIZES.length - 1]!;
  const figures: Figure[] = [];
  for (const size of SIZES) {
    const pk = at('primary-key lookup (baseline)', size)!;
    for (const m of measured.filter((x) => x.size === size && x !== pk)) {
      figures.push(figure('scale', `${m.name} p50, ${sizeLabel(size)} claims`, 'ms', m.latencyMs.p50, { label: 'PK lookup p50', value: pk.latencyMs.p50 }));
      figures.push(figure('scale', `${m.name} p99, ${sizeLabel(size)} claims`, 'ms', m.latencyMs.p99, { label: 'PK lookup p99', value: pk.latencyMs.p99 }));
    }
  }
  for (const r of recalls) figures.push(figure('scale', `similar claims recall@5 vs exact, ${sizeLabel(r.size)} claims (${r.queries} queries)`, 'fraction', r.recallAt5));
  if (SIZES.length > 1) {
    for (const name of names) {
      const low = at(name, smallest);
      const high = at(name, largest);
      if (!low || !high) continue;
      figures.push(figure('scale', `${name} p50 growth, ${sizeLabel(largest)} vs ${sizeLabel(smallest)} claims`, 'ms', high.latencyMs.p50, { label: `same at ${sizeLabel(smallest)}`, value: low.latencyMs.p50 }));
      figures.push(figure('scale', `${name} p99 growth, ${sizeLabel(largest)} vs ${sizeLabel(smallest)} claims`, 'ms', high.latencyMs.p99, { label: `same at ${sizeLabel(smallest)}`, value: low.latencyMs.p99 }));
    }
  }

  for (const size of SIZES) {
    const pk = at('primary-key lookup (baseline)', size)!;
    console.log(
      `\nClaims with ${sizeLabel(size)} claims (services of the API app; ratio to the primary-key lookup's p50)\n` +
        table(
          ['figure', 'p50 ms', 'p99 ms', 'calls', 'rows', 'EXPLAIN ms', 'buffers hit/read', 'indexes used', 'p50 / PK p50'],
          measured
            .filter((m) => m.size === size)
            .map((m) => [m.name, fmt(m.latencyMs.p50), fmt(m.latencyMs.p99), String(m.latencyMs.count), String(m.rows), fmt(m.executionMs), `${m.sharedBuffers.hit}/${m.sharedBuffers.read}`, m.indexes.join(', ') || '—', fmtRatio(m.latencyMs.p50 / pk.latencyMs.p50)]),
        ),
    );
  }
  if (SIZES.length > 1) {
    console.log(
      `\nGrowth (p50 and p99 at each size; growth = largest / smallest)\n` +
        table(
          ['figure', ...SIZES.map((s) => `p50 @${sizeLabel(s)}`), ...SIZES.map((s) => `p99 @${sizeLabel(s)}`), 'p50 growth', 'p99 growth'],
          names.map((name) => {
            const row = SIZES.map((s) => at(name, s));
            const low = at(name, smallest);
            const high = at(name, largest);
            return [
              name,
              ...row.map((m) => fmt(m?.latencyMs.p50)),
              ...row.map((m) => fmt(m?.latencyMs.p99)),
              low && high ? fmtRatio(high.latencyMs.p50 / low.latencyMs.p50) : '—',
              low && high ? fmtRatio(high.latencyMs.p99 / low.latencyMs.p99) : '—',
            ];
          }),
        ),
    );
  }
  console.log(`\nSimilar claims recall@5 against the exact search\n` + table(['claims', 'queries', 'recall@5', 'exact top-5 entries missed', 'exact top-5 entries not planted'], recalls.map((r) => [sizeLabel(r.size), String(r.queries), fmt(r.recallAt5, 4), String(r.missed), String(r.exactBackground)])));
  printFigures('Scale: ours vs baseline (ratio = ours / baseline)', figures);
  await writeResult('scale', {
    params: { sizes: SIZES, articles: ARTICLES, minMsPerShape: MIN_MS, limit: 50, similarQueries: QUERIES, plantedVariantsPerQuery: VARIANTS, intakeBatches: INTAKE_BATCHES, intakeBatch: INTAKE_BATCH, reportClaims: REPORT_CLAIMS, reportVersions: REPORTS, via: 'services of the API app (no HTTP)' },
    figures,
    details: { seed: seedTimings, recall: recalls, measured },
  });
});
