// Child process of the API benchmark (and of the pipeline's offered-load run and read load, which use only
// the real routes): the real API (createApiApp, as production builds it) on the bench's database, plus two
// bare Express routes registered on the same app before listen, through the same
// middleware (request log, JSON body) and the same DataSource, but without Nest routing, the role
// guard, token lookup, validation or domain logic:
//   POST /bench/insert  one INSERT of a claim-shaped row into bench_claims (claims' columns and indexes)
//   GET  /bench/select  the list query (state, kind, keyset cursor, LIMIT 51) as one indexed SELECT
// The parent drives load with autocannon and asks this process for its SQL statement counts over IPC.
import 'reflect-metadata';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/bootstrap.js';
import { countQueries } from './lib/common.js';
import { createReporter } from './lib/desk-http.js';

const config = loadConfig();
const app = await createApiApp(config, pino({ level: 'silent' }));
const dataSource = app.get(DataSource);
const express = app.getHttpAdapter().getInstance();

// Responses finished and requests in flight, to count SQL statements per request over a window.
let responses = 0;
let inFlight = 0;
express.use((_req: Request, res: Response, next: NextFunction) => {
  inFlight++;
  res.once('close', () => {
    inFlight--;
    responses++;
  });
  next();
});

const wrap = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
  handler(req, res).catch(next);
};

express.post(
  '/bench/insert',
  wrap(async (req, res) => {
    const body = req.body as { articleId: string; statement: string; exact: string };
    const [row] = await dataSource.query(
      `INSERT INTO bench_claims (article_id, statement, kind, quote_exact, quote_prefix, quote_suffix, position_start, position_end, created_by, version)
       VALUES ($1, $2, 'number', $3, '', '', 0, 10, 'bench', 1) RETURNING id, created_at`,
      [body.articleId, body.statement, body.exact],
    );
    res.status(201).json(row);
  }),
);

express.get(
  '/bench/select',
  wrap(async (req, res) => {
    const cursor = typeof req.query.cursor === 'string' ? (JSON.parse(Buffer.from(req.query.cursor, 'base64url').toString()) as [string, string]) : null;
    const params: unknown[] = [req.query.state, req.query.kind];
    if (cursor) params.push(cursor[0], cursor[1]);
    const rows: { id: string; created_at: Date }[] = await dataSource.query(
      `SELECT * FROM claims WHERE state = $1 AND kind = $2 ${cursor ? 'AND (created_at, id) > ($3, $4)' : ''} ORDER BY created_at, id LIMIT 51`,
      params,
    );
    const page = rows.slice(0, 50);
    const last = page[page.length - 1];
    res.json({
      items: page,
      nextCursor: rows.length > 50 && last ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null,
    });
  }),
);

await app.listen(0, '127.0.0.1');
const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const token = await createReporter(app.get(AuthService));
const queries = countQueries(dataSource);

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    queries.reset();
    responses = 0;
    process.send?.({ type: 'reset-done' });
  } else if (message.type === 'stats') {
    process.send?.({ type: 'stats', total: queries.total(), responses, inFlight, statements: [...queries.byStatement()].sort((a, b) => b[1] - a[1]).slice(0, 12) });
  } else if (message.type === 'stop') {
    void app.close().finally(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', base, token });
