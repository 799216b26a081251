import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { DomainError } from '@app/core';
import { dataSourceOptions } from '@app/db';
import type { JobQueues } from '@app/queue';
import { SCHEMA } from '@app/schema';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { AuditService } from '@app/audit';
import { SourcesService } from './sources.service.js';

// The batched reads (evidenceForClaims, trails) against the single ones: a claim read with others
// must come out exactly as read alone. Data is written in SQL; only the reads are under test.
let db: TestDatabase;
let dataSource: DataSource;
let sources: SourcesService;
let queries: number;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = new DataSource({ ...dataSourceOptions(db.url, SCHEMA), logging: false });
  await dataSource.initialize();
  const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
  dataSource.logger.logQuery = (...args) => {
    queries++;
    return logQuery(...args);
  };
  // Reads need only the data source.
  sources = new SourcesService(dataSource, {} as AuditService, {} as JobQueues, {} as AppConfig);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

let articleId: string;
let step = 0;
/** Increasing timestamps, so "oldest first" has one answer. */
const at = () => new Date(Date.UTC(2025, 0, 1) + ++step * 1000);

beforeAll(async () => {
  [{ id: articleId }] = await dataSource.query(
    `INSERT INTO articles (title, language, body, body_sha256, body_code_points, created_by, version) VALUES ('A', 'en', 'body', 'x', 4, 'u', 1) RETURNING id`,
  );
});

async function claim(): Promise<string> {
  const [{ id }] = await dataSource.query(
    `INSERT INTO claims (article_id, statement, statement_normalized, state, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, version)
     VALUES ($1, 'S', 's', 'research', 'b', '', '', 0, 1, 'u', 1) RETURNING id`,
    [articleId],
  );
  return id;
}

async function source(kind: 'primary' | 'secondary' = 'secondary'): Promise<string> {
  const n = ++step;
  const [{ id }] = await dataSource.query(
    `INSERT INTO sources (url, normalized_url, kind, subtype, created_by, version, created_at) VALUES ($1, $1, $2, 'news-report', 'u', 1, $3) RETURNING id`,
    [`https://s.example/${n}`, kind, at()],
  );
  return id;
}

async function capture(sourceId: string, status: 'ok' | 'failed'): Promise<string> {
  const [{ id }] = await dataSource.query(
    `INSERT INTO captures (source_id, origin, status, requested_url, requested_by, requested_at) VALUES ($1, 'fetch', $2, 'https://s.example', 'u', $3) RETURNING id`,
    [sourceId, status, at()],
  );
  return id;
}

const derive = (sourceId: string, parentId: string) =>
  dataSource.query('INSERT INTO source_derivations (source_id, derived_from_id, created_by, created_at) VALUES ($1, $2, $3, $4)', [sourceId, parentId, 'u', at()]);

const attach = (claimId: string, sourceId: string) =>
  dataSource.query(`INSERT INTO evidence (claim_id, source_id, stance, created_by, created_at) VALUES ($1, $2, 'supports', 'u', $3)`, [claimId, sourceId, at()]);

describe('evidenceForClaims', () => {
  it('gives each claim its evidence as evidenceFor does, oldest first, and an empty list for a claim without any', async () => {
    const [first, second, bare] = [await claim(), await claim(), await claim()];
    const shared = await source();
    const parent = await source('primary');
    await derive(shared, parent);
    const ok = await capture(shared, 'ok');
    const failed = await capture(shared, 'failed');
    const other = await source();
    await attach(first, shared);
    await attach(first, other);
    await attach(second, shared);

    const batched = await sources.evidenceForClaims([first, second, bare]);
    expect([...batched.keys()]).toEqual([first, second, bare]);
    for (const id of [first, second, bare]) expect(batched.get(id)).toEqual(await sources.evidenceFor(id));
    expect(batched.get(first)!.map((e) => e.source.id)).toEqual([shared, other]);
    // The newest successful capture is what is archived; the newest attempt of any outcome is the latest.
    expect(batched.get(second)![0]).toMatchObject({ source: { id: shared, derivedFrom: [parent] }, archived: { id: ok }, latest: { id: failed } });
    expect(batched.get(first)![1]).toMatchObject({ archived: null, latest: null });
    expect(batched.get(bare)).toEqual([]);
  });

  it('reads nothing for no claims', async () => {
    queries = 0;
    expect(await sources.evidenceForClaims([])).toEqual(new Map());
    expect(queries).toBe(0);
  });
});

describe('trails', () => {
  it('gives each claim the trail trail() gives it alone, when walks share sources at different depths', async () => {
    // near → mid → primary, and a loop a ⇄ b hanging off mid. One claim starts at near, one at mid
    // (its walk reaches mid's parents a level earlier), one at a, one has no evidence.
    const [fromNear, fromMid, fromLoop, bare] = [await claim(), await claim(), await claim(), await claim()];
    const primary = await source('primary');
    const mid = await source();
    const near = await source();
    const [a, b] = [await source(), await source()];
    await derive(near, mid);
    await derive(mid, primary);
    await derive(mid, a);
    await derive(a, b);
    await derive(b, a);
    await capture(primary, 'ok');
    await capture(near, 'failed');
    await attach(fromNear, near);
    await attach(fromMid, mid);
    await attach(fromLoop, a);

    const ids = [fromNear, fromMid, fromLoop, bare];
    const batched = await sources.trails(ids);
    expect([...batched.keys()]).toEqual(ids);
    for (const id of ids) expect(batched.get(id)).toEqual(await sources.trail(id));
    expect(batched.get(fromNear)).toMatchObject({ reachesPrimary: true, primaryDistance: 2, cycles: [[a, b].sort()], truncated: false });
    expect(batched.get(fromMid)!.primaryDistance).toBe(1);
    expect(batched.get(fromLoop)).toMatchObject({ reachesPrimary: false, primaryDistance: null, cycles: [[a, b].sort()] });
    expect(batched.get(bare)).toMatchObject({ nodes: [], edges: [], reachesPrimary: false, truncated: false });
  });

  it('bounds each walk on its own: a huge trail is truncated without cutting short a small one read with it', async () => {
    const [huge, small] = [await claim(), await claim()];
    // A binary tree of 700 sources under the evidence source of `huge`.
    const tree: string[] = await dataSource
      .query(
        `INSERT INTO sources (url, normalized_url, kind, subtype, created_by, version)
         SELECT 'https://tree.example/' || g, 'https://tree.example/' || g, 'secondary', 'news-report', 'u', 1 FROM generate_series(0, 699) g RETURNING id`,
      )
      .then((rows: { id: string }[]) => rows.map((row) => row.id));
    await dataSource.query(
      `INSERT INTO source_derivations (source_id, derived_from_id, created_by)
       SELECT t.ids[g + 1], t.ids[2 * g + 2 + k], 'u' FROM (SELECT $1::uuid[] AS ids) t, generate_series(0, 349) g, generate_series(0, 1) k WHERE 2 * g + 2 + k < 700`,
      [tree],
    );
    await attach(huge, tree[0]!);
    // A chain of 12 hops: `huge` reaches the bound (after 9 levels) while this walk is still going.
    const chain = [await source('primary')];
    for (let i = 0; i < 12; i++) {
      chain.unshift(await source());
      await derive(chain[0]!, chain[1]!);
    }
    await attach(small, chain[0]!);

    const batched = await sources.trails([huge, small]);
    expect(batched.get(huge)).toEqual(await sources.trail(huge));
    expect(batched.get(huge)!.truncated).toBe(true);
    expect(batched.get(small)).toEqual(await sources.trail(small));
    expect(batched.get(small)).toMatchObject({ truncated: false, primaryDistance: 12 });
  });

  it('refuses an unknown claim as not found, as trail() does', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(sources.trails([await claim(), unknown])).rejects.toMatchObject({ kind: 'not-found', code: 'claim-not-found' });
    await expect(sources.trail(unknown)).rejects.toBeInstanceOf(DomainError);
  });

  it('reads nothing for no claims', async () => {
    queries = 0;
    expect(await sources.trails([])).toEqual(new Map());
    expect(queries).toBe(0);
  });
});
