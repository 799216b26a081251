// A checked article to publish, seeded directly in SQL (bench/report.ts, and report publish in bench/scale.ts):
// `claims` claims in state `done` with approved verdict proposals, `sources` sources with successful captures
// (10 minutes old, so the worker's scheduled re-check leaves them alone) and their blobs, evidence rows
// linking them (sources / claims per claim), and derived-from edges to primary sources (trails).
// Once per database: sources, blobs and captures are paired over every row of their tables.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { codePointLength, resolveAnchor } from '@app/text';
import { progress } from './common.js';
import { anchorFor, articleBody, statementFor } from './data.js';

export async function seedReportArticle(client: pg.Client, options: { claims: number; sources: number; checker: string; editor: string }): Promise<string> {
  const { claims: CLAIMS, sources: SOURCES, checker, editor } = options;
  const body = articleBody(CLAIMS, 11);
  const [{ id: articleId }] = (
    await client.query(
      `INSERT INTO articles (title, outlet, url, language, published_at, body, body_sha256, body_code_points, created_by, version)
       VALUES ('محادثات موسكو: تقرير الأداء', 'Sample outlet', 'https://news.example/ar/bench-report', 'ar', '2025-11-20T09:00:00Z', $1, $2, $3, $4, 1) RETURNING id`,
      [body, createHash('sha256').update(body).digest('hex'), codePointLength(body), checker],
    )
  ).rows;
  const claims = Array.from({ length: CLAIMS }, (_, i) => {
    const resolved = resolveAnchor(body, { exact: anchorFor(i + 1) });
    if (!resolved.ok) throw new Error(`anchor ${i + 1} does not resolve: ${resolved.message}`);
    return { i, statement: statementFor(i, 5), kind: i % 5 === 0 ? 'quote' : i % 2 ? 'date' : 'number', anchor: resolved.anchor };
  });
  const claimIds: string[] = (
    await client.query(
      `INSERT INTO claims (article_id, statement, statement_normalized, kind, claimant, state, transition_seq, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, version)
       SELECT $1, s, lower(s), k, CASE WHEN n % 3 = 0 THEN 'Spokesman ' || n END, 'done', 8, qe, qp, qs, ps, pe, $2, 9
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[]) AS u(s, k, qe, qp, qs, ps, pe, n)
       ORDER BY n RETURNING id`,
      [
        articleId,
        checker,
        claims.map((c) => c.statement),
        claims.map((c) => c.kind),
        claims.map((c) => c.anchor.quote.exact),
        claims.map((c) => c.anchor.quote.prefix),
        claims.map((c) => c.anchor.quote.suffix),
        claims.map((c) => c.anchor.position.start),
        claims.map((c) => c.anchor.position.end),
        claims.map((c) => c.i),
      ],
    )
  ).rows.map((r: { id: string }) => r.id);
  await client.query(
    `INSERT INTO verdict_proposals (claim_id, rating, scale_version, rationale, proposed_by, proposed_at, decision, decided_by, decided_at)
     SELECT c.id, CASE WHEN c.kind = 'quote' THEN 'accurate-quote' ELSE (ARRAY['accurate','mostly-accurate','misleading','inaccurate'])[1 + n % 4] END, 0,
            'وقعت المعاهدة في موسكو في 16 يوليو 2001، وفق النص المنشور على موقع وزارة الخارجية. The signed text confirms the date; see the archived copy. (' || n || ')',
            $2, now() - interval '2 days', 'approved', $3, now() - interval '1 day'
     FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n) JOIN claims c ON c.id = u.id`,
    [claimIds, checker, editor],
  );
  // Sources: one in four primary; each secondary one derived from the primary before it. Each source has
  // one successful capture of ~8 KiB of HTML (its own blob) with extracted text.
  await client.query(
    `INSERT INTO sources (url, normalized_url, title, publisher, language, kind, subtype, created_by, version)
     SELECT 'https://source' || (g % 50) || '.example/doc/' || g, 'https://source' || (g % 50) || '.example/doc/' || g,
            CASE WHEN g % 2 = 0 THEN 'بيان وزارة الخارجية رقم ' || g ELSE 'Ministry statement no. ' || g END,
            'Publisher ' || (g % 50), CASE WHEN g % 2 = 0 THEN 'ar' ELSE 'en' END,
            CASE WHEN g % 4 = 0 THEN 'primary' ELSE 'secondary' END, CASE WHEN g % 4 = 0 THEN 'official-statement' ELSE 'news-report' END, $2, 1
     FROM generate_series(0, $1 - 1) g`,
    [SOURCES, checker],
  );
  await client.query(
    `INSERT INTO blobs (sha256, bytes, byte_size)
     SELECT encode(sha256(b), 'hex'), b, length(b)
     FROM (SELECT convert_to('<!doctype html><html><body><h1>Document ' || g || '</h1>' || repeat('<p>نص الوثيقة والفقرة ' || g || ' — the text of the document.</p>', 100) || '</body></html>', 'UTF8') AS b
           FROM generate_series(0, $1 - 1) g) x`,
    [SOURCES],
  );
  await client.query(
    `WITH s AS (SELECT id, url, row_number() OVER (ORDER BY url) - 1 AS g FROM sources),
          b AS (SELECT sha256, byte_size, row_number() OVER (ORDER BY sha256) - 1 AS g FROM blobs)
     INSERT INTO captures (source_id, origin, status, requested_url, final_url, redirects, http_status, content_type, byte_size, sha256, headers,
                           extracted_title, extracted_text, requested_by, requested_at, finished_at)
     SELECT s.id, 'fetch', 'ok', s.url, s.url, '[]'::jsonb, 200, 'text/html; charset=utf-8', b.byte_size, b.sha256, '{"content-type":"text/html"}'::jsonb,
            'Document', repeat('نص الوثيقة والفقرة — the text of the document. ', 60), $1, now() - interval '10 minutes', now() - interval '10 minutes'
     FROM s JOIN b ON b.g = s.g`,
    [checker],
  );
  await client.query(
    `WITH s AS (SELECT id, kind, row_number() OVER (ORDER BY created_at, id) - 1 AS g FROM sources)
     INSERT INTO source_derivations (source_id, derived_from_id, created_by)
     SELECT child.id, parent.id, $1 FROM s child JOIN s parent ON parent.g = child.g - (child.g % 4) WHERE child.g % 4 <> 0`,
    [checker],
  );
  await client.query(
    `WITH s AS (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS g FROM sources),
          c AS (SELECT id, n - 1 AS n FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n))
     INSERT INTO evidence (claim_id, source_id, stance, excerpt, note, created_by)
     SELECT c.id, s.id, (ARRAY['supports','refutes','context'])[1 + s.g % 3], 'Moscow, 16 July 2001 (' || s.g || ')', CASE WHEN s.g % 2 = 0 THEN 'النص الكامل في الملحق' END, $2
     FROM s JOIN c ON c.n = s.g % $3`,
    [claimIds, checker, CLAIMS],
  );
  await client.query('ANALYZE');
  const counts = (
    await client.query(
      `SELECT (SELECT count(*) FROM claims)::int AS claims, (SELECT count(*) FROM verdict_proposals WHERE decision = 'approved')::int AS approved,
              (SELECT count(*) FROM sources)::int AS sources, (SELECT count(*) FROM captures WHERE status = 'ok')::int AS captures,
              (SELECT count(*) FROM blobs)::int AS blobs, (SELECT count(*) FROM evidence)::int AS evidence,
              (SELECT count(*) FROM source_derivations)::int AS derivations`,
    )
  ).rows[0];
  progress(`seeded: ${JSON.stringify(counts)}`);
  return articleId;
}
