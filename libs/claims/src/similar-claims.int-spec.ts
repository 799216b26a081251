import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ArticlesService } from '@app/articles';
import type { AuditService } from '@app/audit';
import { dataSourceOptions } from '@app/db';
import type { JobQueues } from '@app/queue';
import { SCHEMA } from '@app/schema';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { normalizeForMatch, similarityKeys } from '@app/text';
import { ClaimsService } from './claims.service.js';

// The similar-claims lookup intake runs for every claim (findSimilar: candidates sharing a similarity key,
// ranked by exact trigram similarity), on real PostgreSQL. Earlier claims are written in SQL as intake
// leaves them (normalised statement and its keys); only the lookup is under test.
let db: TestDatabase;
let dataSource: DataSource;
let claims: ClaimsService;
let articles: string[];
let step = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = new DataSource({ ...dataSourceOptions(db.url, SCHEMA), logging: false });
  await dataSource.initialize();
  claims = new ClaimsService(dataSource, {} as AuditService, {} as ArticlesService, {} as JobQueues);
  articles = [];
  for (const language of ['ar', 'en', 'ar']) {
    const [{ id }] = await dataSource.query(
      `INSERT INTO articles (title, language, body, body_sha256, body_code_points, created_by, version) VALUES ('A', $1, 'body', 'x', 4, 'u', 1) RETURNING id`,
      [language],
    );
    articles.push(id);
  }
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

/** An earlier claim as intake leaves it; `intake: false` for one still waiting (no normalised form, no keys). */
async function earlier(statement: string, options: { article?: number; intake?: boolean } = {}): Promise<string> {
  const normalized = options.intake === false ? null : normalizeForMatch(statement);
  const [{ id }] = await dataSource.query(
    `INSERT INTO claims (article_id, statement, statement_normalized, similarity_keys, state, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, created_at, version)
     VALUES ($1, $2, $3, $4::integer[], $5, 'b', '', '', 0, 1, 'u', $6, 1) RETURNING id`,
    [articles[options.article ?? 0], statement, normalized, normalized === null ? null : `{${similarityKeys(normalized).join(',')}}`, normalized === null ? 'intake' : 'research', new Date(Date.UTC(2025, 0, 1) + ++step * 1000)],
  );
  return id;
}

const similarTo = (statement: string, claimId = randomUUID()) => claims.findSimilar(dataSource.manager, claimId, normalizeForMatch(statement));

/** The exact answer: trigram similarity over every claim, the best 5 at or above `threshold`. */
async function exactTop5(statement: string, claimId: string, threshold: number): Promise<{ id: string; similarity: number }[]> {
  return dataSource.query(
    `SELECT id, similarity(statement_normalized, $1) AS similarity FROM claims
      WHERE id <> $2 AND statement_normalized IS NOT NULL AND similarity(statement_normalized, $1) >= $3
      ORDER BY similarity(statement_normalized, $1) DESC, created_at ASC LIMIT 5`,
    [normalizeForMatch(statement), claimId, threshold],
  );
}

// Unrelated claims on the same desk, many sharing common words with the planted ones (وزارة, الصحة,
// عام, the ministry, said, percent, in 2023): none of them is a near match.
const UNRELATED = [
  'قالت وزارة الخارجية إن المحادثات مع الوفد انتهت دون اتفاق في عام 2019',
  'افتتحت وزارة التعليم ثلاث مدارس جديدة في الجنوب هذا العام',
  'أكد الرئيس أن الانتخابات ستجري في موعدها رغم الأزمة',
  'ارتفعت أسعار القمح في الأسواق المحلية بنسبة كبيرة خلال الشتاء',
  'The ministry said the new bridge over the river opened in 2023',
  'Exports of wheat fell by 12 percent in 2023, the customs office said',
  'The president said the election will be held in the spring',
  'Unemployment among young people reached a record high last summer',
  'The central bank raised its interest rate to 5 percent on Thursday',
];

describe('findSimilar (similar earlier claims)', () => {
  let arabic: string[];
  let english: string[];
  let waiting: string;

  beforeAll(async () => {
    for (const statement of UNRELATED) await earlier(statement, { article: step % 3 });
    arabic = [
      // The same claim, written with other alef forms, diacritics, tatweel and teh marbuta as heh, in other articles.
      await earlier('أعلنت وزارة الصحة أن عدد الإصابات ارتفع إلى 120 حالة في عام 2020', { article: 0 }),
      await earlier('اعلنت وزارةُ الصِّحَّة ان عدد الاصابات ارتفع الى 120 حالة في عام 2020', { article: 2 }),
      await earlier('أعلنت وزاره الصـــحة أنّ عدد الإصابات ارتفع إلى ١٢٠ حالة في عام ٢٠٢٠', { article: 1 }),
    ];
    english = [
      await earlier('The health ministry said inflation rose to 7 percent in 2023', { article: 1 }),
      // Words in another order, other case and punctuation.
      await earlier('Inflation rose to 7 percent in 2023, the Health Ministry said.', { article: 0 }),
      // A small edit: one word changed.
      await earlier('The health ministry said inflation climbed to 7 percent in 2023', { article: 2 }),
    ];
    waiting = await earlier('The health ministry said inflation rose to 7 percent in 2023', { intake: false });
  });

  it('finds the same Arabic claim across articles whatever its alef forms, diacritics and tatweel, and nothing unrelated', async () => {
    const query = 'اَعلنت وزارة الصحة إنّ عدد الإصابات ارتفع إلى 120 حالة في عامِ 2020';
    const found = await similarTo(query);
    expect(new Set(found.map((s) => s.claimId))).toEqual(new Set(arabic));
    for (const s of found) expect(s.similarity).toBeGreaterThan(0.8);
  });

  it('finds the English claim with its words reordered or one word changed, best first, and nothing unrelated', async () => {
    const found = await similarTo('the health ministry said that inflation rose to 7 percent in 2023');
    expect(new Set(found.map((s) => s.claimId))).toEqual(new Set(english));
    expect(found.map((s) => s.similarity)).toEqual([...found.map((s) => s.similarity)].sort((a, b) => b - a));
    expect(found[found.length - 1]!.claimId).toBe(english[2]);
    for (const s of found) expect(s.similarity).toBeGreaterThanOrEqual(0.3);
  });

  it('answers as the exact search over every claim does for near matches; claims sharing only common words are not candidates', async () => {
    for (const [statement, self, planted] of [
      ['أعلنت وزارة الصحة أن عدد الإصابات ارتفع إلى 120 حالة في عام 2020', arabic[0]!, arabic],
      ['Inflation rose to 7 percent in 2023, the Health Ministry said.', english[1]!, english],
    ] as const) {
      const found = (await claims.findSimilar(dataSource.manager, self, normalizeForMatch(statement))).map((s) => s.claimId);
      expect(found).toEqual((await exactTop5(statement, self, 0.5)).map((r) => r.id));
      expect(found).not.toContain(self);
      // What the exact search adds at 0.3 are the unrelated claims that share words such as وزارة, في عام,
      // the ministry, said, in 2023 (below 0.5): the lookup does not read them.
      for (const extra of (await exactTop5(statement, self, 0.3)).filter((r) => !planted.includes(r.id))) expect(Number(extra.similarity)).toBeLessThan(0.5);
    }
  });

  it('finds nothing for a claim no earlier claim is near, and skips claims not through intake yet', async () => {
    expect(await similarTo('Drought cut the harvest of the northern farms by half this year')).toEqual([]);
    expect((await similarTo('The health ministry said inflation rose to 7 percent in 2023')).map((s) => s.claimId)).not.toContain(waiting);
  });

  it('answers several claims in one call, each as alone', async () => {
    const probes = [
      { claimId: randomUUID(), normalized: normalizeForMatch('Inflation rose to 7 percent in 2023, the Health Ministry said.') },
      { claimId: randomUUID(), normalized: normalizeForMatch('Drought cut the harvest of the northern farms by half this year') },
      { claimId: randomUUID(), normalized: normalizeForMatch('أعلنت وزارة الصحة أن عدد الإصابات ارتفع إلى 120 حالة في عام 2020') },
    ];
    const many = await claims.findSimilarMany(dataSource.manager, probes);
    const alone = await Promise.all(probes.map((p) => claims.findSimilar(dataSource.manager, p.claimId, p.normalized)));
    expect(many).toEqual(alone);
    expect(many.map((m) => m.length)).toEqual([3, 0, 3]);
  });
});
