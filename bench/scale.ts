// Scale benchmark: list, filter and text-search claims with BENCH_SCALE_CLAIMS (1,000,000) claims in the
// table, through ClaimsService.list (the code behind GET /v1/claims) of the real API app. For each query
// shape: p50/p99 over repeated calls, and EXPLAIN (ANALYZE, BUFFERS) of the exact SQL the service sent
// (plans saved in the JSON). Also the intake's similar-claims lookup (ClaimsService.findSimilar) at that
// size. Baseline: a primary-key lookup (ClaimsService.get).
//
// Seeding: INSERT … SELECT generate_series in chunks, every NOT NULL column of claims filled, with the
// claims indexes dropped during the load and re-created afterwards from their own definitions (the same
// indexes the migrations create), then ANALYZE.
//
//   BENCH_SCALE_CLAIMS=1000000 BENCH_SCALE_MIN_MS=4000 (time per shape) BENCH_SCALE_ARTICLES=1000
import { pino } from 'pino';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ClaimsService, type ClaimFilter } from '@app/claims';
import { loadConfig } from '@app/config';
import { encodeCursor } from '@app/core';
import { normalizeForMatch } from '@app/text';
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
  runBench,
  sample,
  serviceEnv,
  table,
  writeResult,
  type Distribution,
  type Figure,
} from './lib/common.js';
import { ARABIC_WORDS, ENGLISH_WORDS } from './lib/data.js';

const CLAIMS = envInt('BENCH_SCALE_CLAIMS', 1_000_000);
const ARTICLES = Math.max(1, envInt('BENCH_SCALE_ARTICLES', 1000));
const MIN_MS = envInt('BENCH_SCALE_MIN_MS', 4000);
const CHUNK = 100_000;

interface Shape {
  name: string;
  filter: ClaimFilter;
  note: string;
}

interface Measured {
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

async function seed(client: pg.Client): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  await client.query(
    `INSERT INTO articles (title, language, body, body_sha256, body_code_points, created_by, created_at, version)
     SELECT 'مقال ' || g, 'ar', 'نص المقال ' || g, md5(g::text) || md5(g::text), 12, 'bench', '2024-01-01'::timestamptz + g * interval '1 hour', 1
     FROM generate_series(1, $1) g`,
    [ARTICLES],
  );
  // Drop the claims indexes (keeping their definitions) so the load does not maintain them row by row.
  const indexes: { name: string; def: string }[] = (
    await client.query(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = 'claims'::regclass AND NOT x.indisprimary ORDER BY i.relname`,
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  const articleIds = (await client.query(`SELECT id FROM articles ORDER BY created_at`)).rows.map((r: { id: string }) => r.id);
  await client.query(`SELECT setseed(0.42)`);
  for (let from = 1; from <= CLAIMS; from += CHUNK) {
    const to = Math.min(CLAIMS, from + CHUNK - 1);
    // Statements: 7–11 words of one vocabulary (40% Arabic), a number and a year; 1 in 10,000 has the
    // rare word "zeppelin". States: 2% intake, 35% research, 15% assessment, 8% review, 38% done,
    // 2% failed. 60% have one of 5,000 claimants.
    await client.query(
      `INSERT INTO claims (article_id, statement, statement_normalized, kind, claimant, priority, state, transition_seq,
                           quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, created_at, updated_at, version)
       SELECT ($7::uuid[])[1 + g % array_length($7::uuid[], 1)], s.statement, lower(s.statement),
              CASE WHEN g % 7 = 6 THEN NULL ELSE (ARRAY['date','number','quote','attribution','event','other'])[1 + g % 7] END,
              CASE WHEN g % 5 < 3 THEN 'Claimant ' || (g % 5000) END,
              (g % 4)::smallint,
              CASE WHEN b < 2 THEN 'intake' WHEN b < 37 THEN 'research' WHEN b < 52 THEN 'assessment' WHEN b < 60 THEN 'review' WHEN b < 98 THEN 'done' ELSE 'failed' END,
              1 + g % 6,
              'الجملة رقم ' || (g % 500) || ':', 'عام 2001.', ' الميزانية', (g % 500) * 60, (g % 500) * 60 + 14,
              'user-' || (g % 20), '2024-01-01'::timestamptz + g * interval '61 seconds' + (g % 997) * interval '1 millisecond',
              '2024-01-01'::timestamptz + g * interval '61 seconds', 1 + g % 5
       FROM generate_series($1::int, $2::int) g
       CROSS JOIN LATERAL (SELECT (g * 37 + 11) % 100 AS b) bucket
       CROSS JOIN LATERAL (
         SELECT array_to_string(ARRAY(
                  SELECT (CASE WHEN g % 5 < 2 THEN $3::text[] ELSE $4::text[] END)[1 + floor(random() * CASE WHEN g % 5 < 2 THEN $5::int ELSE $6::int END)::int]
                  FROM generate_series(1, 7 + g % 5)), ' ')
                || ' ' || (g % 100) || ' ' || (1990 + g % 36) || CASE WHEN g % 10000 = 1234 THEN ' zeppelin' ELSE '' END AS statement
       ) s`,
      [from, to, ARABIC_WORDS, ENGLISH_WORDS, ARABIC_WORDS.length, ENGLISH_WORDS.length, articleIds],
    );
    progress(`seeded ${to}/${CLAIMS} claims (${fmt((performance.now() - t) / 1000)} s)`);
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
  await client.query('ANALYZE articles');
  timings.vacuumAnalyzeS = (performance.now() - t) / 1000;
  return timings;
}

/** Which indexes a plan uses (Index Scan / Index Only Scan / Bitmap Index Scan … on <name>). */
const indexesIn = (plan: string[]) => [...new Set(plan.flatMap((line) => [...line.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/g)].map((m) => m[1]!)))];

runBench('scale', async () => {
  const db = await createBenchDatabase('scale');
  const queue = createQueuePrefix('scale');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  onCleanup(() => client.end());
  progress(`seeding ${CLAIMS} claims over ${ARTICLES} articles`);
  const t0 = performance.now();
  const seedTimings = await seed(client);
  const seedS = (performance.now() - t0) / 1000;
  const [{ bytes }] = (await client.query(`SELECT pg_total_relation_size('claims')::bigint AS bytes`)).rows;
  progress(`seeded in ${fmt(seedS)} s; claims with indexes: ${fmt(Number(bytes) / 2 ** 20)} MiB`);

  const app = await createApiApp(loadConfig(serviceEnv(db, queue.prefix)), pino({ level: 'silent' }));
  await app.init();
  onCleanup(() => app.close());
  const claims = app.get(ClaimsService);
  const dataSource = app.get(DataSource);
  // Capture the SQL and parameters the service sends, to EXPLAIN exactly that.
  let captured: { sql: string; params: unknown[] } | null = null;
  const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
  dataSource.logger.logQuery = (query, parameters, runner) => {
    captured = { sql: query, params: (parameters as unknown[]) ?? [] };
    return logQuery(query, parameters, runner);
  };

  const deep = (await client.query(`SELECT created_at, id FROM claims ORDER BY created_at, id OFFSET $1 LIMIT 1`, [Math.floor(CLAIMS * 0.9)])).rows[0] as { created_at: Date; id: string } | undefined;
  const deepCursor = deep ? encodeCursor({ createdAt: deep.created_at, id: deep.id }) : undefined;
  const [{ id: someId }] = (await client.query(`SELECT id FROM claims OFFSET $1 LIMIT 1`, [Math.floor(CLAIMS / 2)])).rows;
  const shapes: Shape[] = [
    { name: 'list, first page', filter: { limit: 50 }, note: 'no filter' },
    { name: 'list, deep cursor page', filter: { limit: 50, cursor: deepCursor }, note: `cursor after row ${Math.floor(CLAIMS * 0.9)}` },
    { name: 'filter state+kind', filter: { state: 'research', kind: 'date', limit: 50 }, note: 'research & date (~5% of rows)' },
    { name: 'filter state+kind, rare pair', filter: { state: 'failed', kind: 'quote', limit: 50 }, note: 'failed & quote (~0.3%)' },
    { name: 'filter claimant', filter: { claimant: 'Claimant 1231', limit: 50 }, note: `~${Math.round((CLAIMS * 0.6) / 5000)} claims of ${CLAIMS}` },
    { name: 'filter claimant, no match', filter: { claimant: 'Nobody At All', limit: 50 }, note: 'no claim has this claimant' },
    { name: 'text search q=ministry', filter: { q: 'ministry', limit: 50 }, note: 'common English word' },
    { name: 'text search q=الميزانية', filter: { q: 'الميزانية', limit: 50 }, note: 'common Arabic word' },
    { name: 'text search q=zeppelin', filter: { q: 'zeppelin', limit: 50 }, note: 'rare (1 in 10,000)' },
    { name: 'text search q=qwertyuiop', filter: { q: 'qwertyuiop', limit: 50 }, note: 'no match' },
  ];

  const explain = async (sql: string, params: unknown[]) => {
    const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows as { 'QUERY PLAN': string }[];
    const plan = rows.map((r) => r['QUERY PLAN']);
    const execution = plan.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)?.[1]).find(Boolean);
    const top = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan.find((l) => l.includes('Buffers:')) ?? '');
    return { plan, executionMs: execution ? Number(execution) : null, sharedBuffers: { hit: Number(top?.[1] ?? 0), read: Number(top?.[2] ?? 0) } };
  };

  const measure = async (name: string, note: string, call: () => Promise<number>, minIterations = 20): Promise<Measured> => {
    captured = null;
    const rows = await call();
    const query = captured as { sql: string; params: unknown[] } | null;
    const explained = query ? await explain(query.sql, query.params) : { plan: [], executionMs: null, sharedBuffers: { hit: 0, read: 0 } };
    const times = await sample(call, { warmup: minIterations < 20 ? 1 : 2, minIterations, maxIterations: 2000, minMs: MIN_MS });
    const latencyMs = distribution(times);
    progress(`${name}: p50 ${fmt(latencyMs.p50)} ms, p99 ${fmt(latencyMs.p99)} ms over ${times.length} calls; ${rows} rows; indexes: ${indexesIn(explained.plan).join(', ') || 'none (sequential scan)'}`);
    return { name, note, latencyMs, rows, sql: query?.sql ?? '', params: query?.params ?? [], ...explained, indexes: indexesIn(explained.plan) };
  };

  const measured: Measured[] = [];
  measured.push(await measure('primary-key lookup (baseline)', 'ClaimsService.get(id)', async () => ((await claims.get(someId)) ? 1 : 0)));
  for (const shape of shapes) measured.push(await measure(shape.name, shape.note, async () => (await claims.list(shape.filter)).items.length));
  // Not a list shape, but the query every intake job runs (ClaimsService.findSimilar: the 5 claims with the
  // most similar statement_normalized, by pg_trgm): its cost at this table size is what intake pays per claim.
  const pick = async (where: string) =>
    (await client.query(`SELECT id, statement FROM claims WHERE ${where} AND created_at > (SELECT min(created_at) FROM claims) + (SELECT (max(created_at) - min(created_at)) / 3 FROM claims) ORDER BY created_at LIMIT 1`)).rows[0] as { id: string; statement: string };
  const probes = [['English', await pick(`statement ~ '[a-z]{3}'`)], ['Arabic', await pick(`statement !~ '[a-z]'`)]] as const;
  for (const [label, row] of probes) {
    const normalized = normalizeForMatch(row.statement);
    measured.push(
      await measure(`intake similar-claims lookup (${label} statement)`, `findSimilar: "${normalized.slice(0, 40)}…"`, async () => (await claims.findSimilar(dataSource.manager, row.id, normalized)).length, 3),
    );
  }

  const pk = measured[0]!;
  const figures: Figure[] = measured.slice(1).flatMap((m) => [
    figure('scale', `${m.name} p50`, 'ms', m.latencyMs.p50, { label: 'PK lookup p50', value: pk.latencyMs.p50 }),
    figure('scale', `${m.name} p99`, 'ms', m.latencyMs.p99, { label: 'PK lookup p99', value: pk.latencyMs.p99 }),
  ]);
  console.log(
    `\nClaims queries with ${fmt(CLAIMS, 0)} claims (ClaimsService.list, limit 50; ratio to the primary-key lookup's p50)\n` +
      table(
        ['query shape', 'p50 ms', 'p99 ms', 'calls', 'rows', 'EXPLAIN ms', 'buffers hit/read', 'indexes used', 'p50 / PK p50'],
        measured.map((m) => [
          m.name,
          fmt(m.latencyMs.p50),
          fmt(m.latencyMs.p99),
          String(m.latencyMs.count),
          String(m.rows),
          fmt(m.executionMs),
          `${m.sharedBuffers.hit}/${m.sharedBuffers.read}`,
          m.indexes.join(', ') || 'none: Seq Scan',
          fmtRatio(m.latencyMs.p50 / pk.latencyMs.p50),
        ]),
      ),
  );
  printFigures('Scale: ours vs baseline (ratio = ours / baseline)', figures);
  await writeResult('scale', {
    params: { claims: CLAIMS, articles: ARTICLES, minMsPerShape: MIN_MS, limit: 50, via: 'ClaimsService.list / ClaimsService.get in the API app (no HTTP)' },
    figures,
    details: { seed: { seconds: seedS, ...seedTimings, claimsTableMiB: Math.round(Number(bytes) / 2 ** 20) }, shapes: measured },
  });
});
