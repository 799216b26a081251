// The demo: migrates the configured PostgreSQL, starts the API and the worker, creates demo users, loads
// the sample Arabic article, submits its claims through the HTTP API, verifies the audit log, and
// prints what a person needs to carry on with curl. `--once` exits after printing (used by CI).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { ConfigError, createLogger, loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { dataSourceOptions, ensureDatabase } from '@app/db';
import { SCHEMA } from '@app/schema';
import { createApiApp } from '../apps/api/src/bootstrap.js';
import { createWorker } from '../apps/worker/src/bootstrap.js';

const ARTICLE_PATH = new URL('../../fixtures/articles/moscow-talks.ar.txt', import.meta.url);

/** The article does not carry its date; the demo assumes this publication time and says so. */
const ASSUMED_PUBLISHED_AT = '2025-11-20T12:00:00+03:00';

const DEMO_USERS = [
  { key: 'reporter', name: 'Rana Haddad', roles: ['reporter'] },
  { key: 'checker', name: 'Karim Saleh', roles: ['checker'] },
  { key: 'editor', name: 'Layla Mansour', roles: ['editor'] },
  { key: 'editor2', name: 'Omar Farouk', roles: ['editor'] },
  { key: 'auditor', name: 'Nadia Aziz', roles: ['auditor'] },
] as const;

const CLAIMS = [
  {
    statement: 'Russia and China held talks in Moscow this week on missile defence and strategic stability.',
    kind: 'event',
    claimant: 'Russian Ministry of Foreign Affairs',
    priority: 'high',
    anchor: { exact: 'إن روسيا والصين أجرتا محادثات في العاصمة موسكو، هذا الأسبوع' },
  },
  {
    statement: 'Sergei Shoigu met Wang Yi in Beijing on 12 November.',
    kind: 'date',
    claimant: 'Sergei Shoigu',
    anchor: { exact: 'وزير الخارجية الصيني وانج يي في العاصمة بكين في 12 نوفمبر الجاري' },
  },
  {
    statement: 'The Treaty of Good-Neighbourliness and Friendly Cooperation was signed in 2001.',
    kind: 'date',
    anchor: { exact: '“معاهدة حسن الجوار والصداقة والتعاون” الموقعة عام 2001' },
  },
  {
    statement: 'The 2022 joint statement says relations are superior to the political-military alliances of the Cold War era.',
    kind: 'quote',
    claimant: 'Vladimir Putin and Xi Jinping',
    priority: 'urgent',
    anchor: { exact: '“أعلى من التحالفات السياسية-العسكرية في حقبة الحرب الباردة”' },
  },
];

async function main() {
  const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const logger = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' }, 'demo');
  const say = (line = '') => process.stdout.write(line + '\n');

  if (await ensureDatabase(config.DATABASE_URL)) say(`Created database ${new URL(config.DATABASE_URL).pathname.slice(1)}.`);
  const migrator = new DataSource({ ...dataSourceOptions(config.DATABASE_URL, SCHEMA, 1), logging: ['error'] });
  await migrator.initialize();
  const applied = await migrator.runMigrations();
  await migrator.destroy();
  say(`Migrations: ${applied.length} applied now, schema up to date.`);

  const api = await createApiApp(config, logger);
  await api.listen(config.PORT, config.HOST);
  const worker = await createWorker(config, logger);
  const base = (await api.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');

  const call = async <T = Record<string, unknown>>(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };

  // A fresh admin every run: tokens are shown once, so earlier runs' tokens cannot be printed again.
  const runId = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14);
  const { token: adminToken } = await api.get(AuthService).bootstrapAdmin(systemActor('demo'), {
    name: 'Demo admin',
    email: `admin+${runId}@demo.factcheck.test`,
  });
  const tokens: Record<string, string> = { admin: adminToken };
  for (const user of DEMO_USERS) {
    const created = await call<{ id: string }>(adminToken, 'POST', '/v1/users', {
      name: user.name,
      email: `${user.key}+${runId}@demo.factcheck.test`,
      roles: user.roles,
    });
    tokens[user.key] = (await call<{ token: string }>(adminToken, 'POST', `/v1/users/${created.id}/tokens`, { label: 'demo' })).token;
  }

  const article = await call<{ id: string; bodySha256: string }>(
    tokens.reporter!,
    'POST',
    '/v1/articles',
    {
      title: 'روسيا والصين تبحثان الدفاع الصاروخي والاستقرار الاستراتيجي',
      outlet: 'Sample outlet',
      url: 'https://news.example/ar/moscow-talks',
      language: 'ar',
      publishedAt: ASSUMED_PUBLISHED_AT,
      body: readFileSync(ARTICLE_PATH, 'utf8'),
    },
    { 'idempotency-key': `demo-article-${runId}` },
  );
  const { items: claims } = await call<{ items: { id: string; statement: string; anchor: { position: { start: number; end: number } } }[] }>(
    tokens.reporter!,
    'POST',
    `/v1/articles/${article.id}/claims/batch`,
    { claims: CLAIMS },
    { 'idempotency-key': `demo-claims-${runId}` },
  );
  const verification = await call<{ ok: boolean; eventsChecked: number }>(tokens.auditor!, 'GET', '/v1/audit/verify');

  say();
  say('Factcheck desk demo');
  say('===================');
  say(`API            ${base}`);
  say(`API docs       ${base}/docs   (OpenAPI: ${base}/openapi.json)`);
  say(`Readiness      ${base}/ready`);
  say();
  say('Tokens (new for this run; each is shown only here):');
  for (const [role, token] of Object.entries(tokens)) say(`  ${role.padEnd(9)} ${token}`);
  say();
  say(`Article        ${article.id}  (sha256 ${article.bodySha256.slice(0, 16)}…; publication time assumed: ${ASSUMED_PUBLISHED_AT})`);
  say('Claims (state: intake):');
  for (const claim of claims) say(`  ${claim.id}  [${claim.anchor.position.start}–${claim.anchor.position.end}]  ${claim.statement}`);
  say();
  say(`Audit log      ${verification.ok ? 'verifies' : 'DOES NOT VERIFY'} (${verification.eventsChecked} events checked)`);
  say();
  say('Carry on with curl, for example:');
  say(`  export FC=${base} REPORTER=${tokens.reporter} AUDITOR=${tokens.auditor}`);
  say(`  curl -s "$FC/v1/claims?articleId=${article.id}" -H "Authorization: Bearer $REPORTER"`);
  say(`  curl -s "$FC/v1/claims/${claims[0]!.id}/annotation" -H "Authorization: Bearer $REPORTER"`);
  say(`  curl -s "$FC/v1/audit?target=claim:${claims[0]!.id}" -H "Authorization: Bearer $AUDITOR"`);
  say(`  curl -s "$FC/v1/audit/verify" -H "Authorization: Bearer $AUDITOR"`);
  say();

  if (values.once || !verification.ok) {
    await worker.close();
    await api.close();
    process.exit(verification.ok ? 0 : 1);
  }
  say('The API and the worker keep running; press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
