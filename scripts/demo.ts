// The demo: opens the database (the embedded one when DATABASE_URL is unset; a server's is created and
// migrated if needed), starts the API and the worker in this process, creates demo users, loads the
// sample Arabic article, carries its claims through the review workflow over the HTTP API, publishes
// the report, verifies the audit log, and prints where to look. `--once` exits after printing (tests, CI).
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { ConfigError, createLogger, loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { dataSourceOptions, EmbeddedDatabaseBusyError, ensureDatabase } from '@app/db';
import { SCHEMA } from '@app/schema';
import { startDesk, stopOnSignals } from '../apps/desk/src/desk.js';

interface EvidenceItem {
  stance: string;
  source: { url: string; kind: string; subtype: string };
  archived: { id: string; sha256: string; finishedAt: string } | null;
}

interface SignalItem {
  captureId: string;
  quotes: { quote: string; kind: string; score: number | null; quoteLanguage?: string | null; sourceLanguage?: string | null }[];
  numbers: { value: string; found: boolean }[];
  dates: { expression: string; from: string; to: string; found: boolean }[];
}

interface SuggestionItem {
  id: string;
  kind: string;
  state: string;
  claimant: string | null;
  anchor: { quote: { exact: string }; position: { start: number; end: number } };
  dates: { expression: string; from: string | null; to: string | null; ambiguous: boolean; reason: string | null }[];
}

/** Saved copies of the primary documents (excerpts, see fixtures/sources/README.md) with their real URLs. */
const PRIMARY_SOURCES = [
  {
    claimIndex: 2,
    file: 'treaty-2001.excerpt.txt',
    url: 'https://www.fmprc.gov.cn/mfa_eng/wjdt_665385/2649_665393/200107/t20010724_679026.html',
    subtype: 'treaty-text',
    title: "Treaty of Good-Neighborliness and Friendly Cooperation Between the People's Republic of China and the Russian Federation",
    publisher: 'Ministry of Foreign Affairs of the PRC',
    excerpt: 'Moscow, 16 July 2001',
  },
  {
    claimIndex: 3,
    file: 'joint-statement-2022.excerpt.html',
    url: 'http://en.kremlin.ru/supplement/5770',
    subtype: 'official-statement',
    title: 'Joint Statement of the Russian Federation and the People’s Republic of China on the International Relations Entering a New Era and the Global Sustainable Development',
    publisher: 'President of Russia (kremlin.ru)',
    excerpt: 'the new inter-State relations between Russia and China are superior to political and military alliances of the Cold War era',
  },
] as const;

interface TimelineEntry {
  at: string;
  action: string;
  from: string;
  to: string;
  actorId: string;
  comment: string | null;
}

/** Polls until `check` is true (at most 30 s): the worker carries claims through intake in the background. */
async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; is the worker running?`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The repository root: the nearest directory above this compiled file with a package.json (dist/ or a test build). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error('package.json not found above the demo script');
    dir = dirname(dir);
  }
  return dir;
}

const FIXTURES = join(repositoryRoot(), 'fixtures');
const ARTICLE_PATH = join(FIXTURES, 'articles', 'moscow-talks.ar.txt');

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
    statement: 'The 2022 joint statement says relations between Russia and China are "superior to political and military alliances of the Cold War era".',
    kind: 'quote',
    claimant: 'Vladimir Putin and Xi Jinping',
    priority: 'urgent',
    anchor: { exact: '“أعلى من التحالفات السياسية-العسكرية في حقبة الحرب الباردة”' },
  },
];

/** Words of the suggestion each of {@link CLAIMS} is accepted from, in the same order. */
const SUGGESTION_KEYS = ['هذا الأسبوع', '12 نوفمبر الجاري', 'عام 2001', '“أعلى من التحالفات'];

async function main() {
  const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const logger = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' }, 'demo');
  const say = (line = '') => process.stdout.write(line + '\n');

  if (config.DATABASE_URL) {
    // A server: the demo creates and migrates its database (the embedded one migrates itself when opened).
    if (await ensureDatabase(config.DATABASE_URL)) say(`Created database ${new URL(config.DATABASE_URL).pathname.slice(1)}.`);
    const migrator = new DataSource({ ...dataSourceOptions(config.DATABASE_URL, SCHEMA, 1), logging: ['error'] });
    await migrator.initialize();
    const applied = await migrator.runMigrations();
    await migrator.destroy();
    say(`Migrations: ${applied.length} applied now, schema up to date.`);
  }
  const desk = await startDesk(config, logger);
  const { api } = desk;
  const base = desk.url;
  say(`Database: ${desk.database.description}.`);
  say(`Queues: ${config.QUEUE_BACKEND === 'redis' ? `Redis (${config.REDIS_URL})` : 'PostgreSQL, in the same database'}. API and worker run in this process.`);
  if (desk.database.embedded) say(`Running the demo again reuses this data (earlier runs' articles stay); delete ${desk.database.embedded.dataDir} to start afresh.`);

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

  // The demo users are the same on every run; their earlier demo tokens are revoked and fresh ones printed
  // (a token's secret is shown once, so an earlier one cannot be printed again).
  const { tokens, people } = await demoPeople(api.get(AuthService));

  const articleResponse = await fetch(`${base}/v1/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.reporter}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'روسيا والصين تبحثان الدفاع الصاروخي والاستقرار الاستراتيجي',
      outlet: 'Sample outlet',
      url: 'https://news.example/ar/moscow-talks',
      language: 'ar',
      publishedAt: ASSUMED_PUBLISHED_AT,
      body: readFileSync(ARTICLE_PATH, 'utf8'),
    }),
  });
  const article = (await articleResponse.json()) as { id: string; bodySha256: string };
  if (!articleResponse.ok) throw new Error(`POST /v1/articles → ${articleResponse.status}: ${JSON.stringify(article)}`);
  // 200: the same article (URL and body) is already stored from an earlier run, with its claims and report.
  const reused = articleResponse.status === 200;
  if (reused) say(`The sample article is already here from an earlier run (${article.id}): showing it as it stands.`);
  const claims = reused
    ? (await call<{ items: ClaimItem[] }>(tokens.reporter!, 'GET', `/v1/claims?articleId=${article.id}&limit=50`)).items
    : await claimsFromSuggestions();
  // In article order, as CLAIMS are: a listing is in creation order, which one batch does not fix.
  claims.sort((a, b) => a.anchor.position.start - b.anchor.position.start);
  const claimIds = claims.map((claim) => claim.id);
  const current = async (id: string) => call<{ version: number; state: string }>(tokens.editor!, 'GET', `/v1/claims/${id}`);
  if (!reused) await runWorkflow();

  /**
   * The desk suggests the article's checkable statements; the reporter accepts the four the demo walks
   * through (in its own words), so each claim is anchored where the suggestion found it and keeps its
   * resolved dates. A suggestion the rules no longer make is submitted by hand instead, and said so.
   */
  async function claimsFromSuggestions(): Promise<ClaimItem[]> {
    const run = await call<{ state: string; timeZone: string }>(tokens.reporter!, 'POST', `/v1/articles/${article.id}/suggestions`, { timeZone: 'Asia/Riyadh' });
    await waitUntil(async () => (await call<{ run: { state: string } | null }>(tokens.reporter!, 'GET', `/v1/articles/${article.id}/suggestions`)).run?.state !== 'pending', 'the suggestions');
    const { items } = await call<{ items: SuggestionItem[] }>(tokens.reporter!, 'GET', `/v1/articles/${article.id}/suggestions`);
    say('');
    say(`Suggested claims (${items.length}, dates read in ${run.timeZone} against the assumed publication time):`);
    for (const s of items) {
      const dates = s.dates.map((d) => `${d.expression} → ${d.from === d.to ? d.from : `${d.from}…${d.to}`}${d.ambiguous ? ` (ambiguous: ${d.reason})` : ''}`);
      say(`  ${s.kind.padEnd(11)} ${s.anchor.quote.exact.length > 70 ? `${s.anchor.quote.exact.slice(0, 70)}…` : s.anchor.quote.exact}${s.claimant ? `  — ${s.claimant}` : ''}${dates.length ? `  [${dates.join('; ')}]` : ''}`);
    }
    const accepted: ClaimItem[] = [];
    for (const [index, claim] of CLAIMS.entries()) {
      const suggestion = items.find((s) => s.state === 'open' && s.anchor.quote.exact.includes(SUGGESTION_KEYS[index]!));
      if (suggestion) {
        const { claim: made } = await call<{ claim: ClaimItem }>(tokens.reporter!, 'POST', `/v1/suggestions/${suggestion.id}/accept`, {
          statement: claim.statement,
          kind: claim.kind,
          claimant: claim.claimant ?? suggestion.claimant,
          ...(claim.priority ? { priority: claim.priority } : {}),
        });
        say(`Accepted the ${suggestion.kind} suggestion "${SUGGESTION_KEYS[index]}" as: ${claim.statement}`);
        accepted.push(made);
      } else {
        say(`No suggestion covers "${SUGGESTION_KEYS[index]}" any more: submitting that claim by hand.`);
        accepted.push(await call<ClaimItem>(tokens.reporter!, 'POST', `/v1/articles/${article.id}/claims`, claim));
      }
    }
    const background = items.find((s) => s.state === 'open' && !accepted.some((c) => c.anchor.position.start === s.anchor.position.start));
    if (background) {
      await call(tokens.reporter!, 'POST', `/v1/suggestions/${background.id}/dismiss`, { reason: 'Demo: not part of this walk-through.' });
      say(`Dismissed one suggestion with a reason (it stays listed, as dismissed).`);
    }
    say('');
    return accepted;
  }

  /** The sample claims through the review workflow to a published report, as the desk would run it. */
  async function runWorkflow() {
    // Intake is automatic; the checker pulls research and assessment tasks; two editors review (never their own proposals).
    await waitUntil(async () => {
      const { items } = await call<{ items: { state: string }[] }>(tokens.checker!, 'GET', `/v1/claims?articleId=${article.id}`);
      return items.every((claim) => claim.state === 'research');
    }, 'intake of the sample claims');
    const proposals: Record<string, { rating: string; rationale: string }> = {
      [claimIds[0]!]: {
        rating: 'unverifiable',
        rationale: 'Demo proposal: no primary source attached yet for the talks "this week"; the Russian foreign ministry statement is needed.',
      },
      [claimIds[1]!]: { rating: 'unverifiable', rationale: 'Demo proposal: the Security Council readout of the Beijing meeting has not been attached yet.' },
      [claimIds[2]!]: {
        rating: 'accurate',
        rationale: 'The Treaty of Good-Neighbourliness and Friendly Cooperation between Russia and China was signed in Moscow on 16 July 2001.',
      },
      [claimIds[3]!]: {
        rating: 'accurate-quote',
        rationale: 'The joint statement of 4 February 2022 says the new inter-state relations are superior to the political and military alliances of the Cold War era.',
      },
    };
    // Research: the two primary documents are attached as saved copies (the demo runs offline), each
    // with its real original URL; the other two claims have no source yet and say so.
    const evidenceFor: Record<string, { sourceId: string; excerpt: string }> = {};
    for (const document of PRIMARY_SOURCES) {
      const source = await call<{ id: string }>(tokens.checker!, 'POST', '/v1/sources', {
        url: document.url,
        kind: 'primary',
        subtype: document.subtype,
        title: document.title,
        publisher: document.publisher,
        language: 'en',
        capture: 'none',
      });
      const upload = await fetch(`${base}/v1/sources/${source.id}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.checker}`, 'content-type': 'application/octet-stream' },
        body: readFileSync(join(FIXTURES, 'sources', document.file)),
      });
      if (!upload.ok) throw new Error(`upload of ${document.file} → ${upload.status}: ${await upload.text()}`);
      evidenceFor[claimIds[document.claimIndex]!] = { sourceId: source.id, excerpt: document.excerpt };
    }
    for (let i = 0; i < claimIds.length; i++) {
      const research = await call<{ id: string; version: number }>(tokens.checker!, 'POST', '/v1/tasks/next', { step: 'research', articleId: article.id });
      const evidence = evidenceFor[research.id];
      if (evidence) {
        await call(tokens.checker!, 'POST', `/v1/claims/${research.id}/evidence`, { sourceId: evidence.sourceId, stance: 'supports', excerpt: evidence.excerpt });
        await waitUntil(async () => {
          const { items } = await call<{ items: { archived: unknown }[] }>(tokens.checker!, 'GET', `/v1/claims/${research.id}/evidence`);
          return items.every((item) => item.archived !== null);
        }, 'the saved copies to be archived');
      }
      await call(tokens.checker!, 'POST', `/v1/claims/${research.id}/transitions`, {
        action: 'finish-research',
        version: (await call<{ version: number }>(tokens.checker!, 'GET', `/v1/claims/${research.id}`)).version,
        ...(evidence ? {} : { unverifiableReason: 'No primary source captured yet (demo).' }),
      });
      const assessment = await call<{ id: string; version: number }>(tokens.checker!, 'POST', '/v1/tasks/next', { step: 'assessment', articleId: article.id });
      await call(tokens.checker!, 'POST', `/v1/claims/${assessment.id}/transitions`, { action: 'propose', version: assessment.version, ...proposals[assessment.id]! });
    }
    await call(tokens.editor!, 'POST', `/v1/claims/${claimIds[2]}/transitions`, { action: 'approve', version: (await current(claimIds[2]!)).version });
    await call(tokens.editor2!, 'POST', `/v1/claims/${claimIds[3]}/transitions`, { action: 'approve', version: (await current(claimIds[3]!)).version });
    await call(tokens.editor!, 'POST', `/v1/claims/${claimIds[1]}/transitions`, {
      action: 'return',
      to: 'research',
      version: (await current(claimIds[1]!)).version,
      comment: "Attach the Security Council's own readout of the Beijing meeting before we rate the date.",
    });
    await waitUntil(async () => {
      const evidence = (await call<{ items: EvidenceItem[] }>(tokens.checker!, 'GET', `/v1/claims/${claimIds[3]}/evidence`)).items;
      const signals = (await call<{ items: SignalItem[] }>(tokens.checker!, 'GET', `/v1/claims/${claimIds[3]}/signals`)).items;
      return evidence.every((item) => item.archived && signals.some((signal) => signal.captureId === item.archived!.id));
    }, 'signals for the quote claim');
    // The editor publishes the report: rendered by the worker, then served publicly at stable URLs.
    await call(tokens.editor!, 'POST', `/v1/articles/${article.id}/reports`, {});
  }
  const names = Object.fromEntries(await Promise.all(Object.entries(tokens).map(async ([role, token]) => [(await call<{ id: string }>(token, 'GET', '/v1/me')).id, role])));
  const timelines = await Promise.all(
    claimIds.map(async (id) => ({ id, state: (await current(id)).state, items: (await call<{ items: TimelineEntry[] }>(tokens.editor!, 'GET', `/v1/claims/${id}/timeline`)).items })),
  );
  const traced = await Promise.all(
    [claimIds[2]!, claimIds[3]!].map(async (id) => ({
      id,
      evidence: (await call<{ items: EvidenceItem[] }>(tokens.auditor!, 'GET', `/v1/claims/${id}/evidence`)).items,
      signals: (await call<{ items: SignalItem[] }>(tokens.auditor!, 'GET', `/v1/claims/${id}/signals`)).items,
      trail: await call<{ reachesPrimary: boolean; primaryDistance: number | null }>(tokens.auditor!, 'GET', `/v1/claims/${id}/trail`),
    })),
  );
  let report: ReportItem | undefined;
  await waitUntil(async () => {
    const { items } = await call<{ items: ReportItem[] }>(tokens.editor!, 'GET', `/v1/articles/${article.id}/reports`);
    report = items.at(-1);
    return report?.status === 'published';
  }, 'the report to be rendered');
  if (!report) throw new Error('no report was published');
  await call(tokens.admin!, 'POST', '/v1/audit/checkpoints');
  const verification = await call<{ ok: boolean; eventsChecked: number; checkpointsChecked: number }>(tokens.auditor!, 'GET', '/v1/audit/verify');
  // One-time sign-in links for the web app, one per demo person (the token is after '#', so it stays out of server logs).
  const signInLinks = await Promise.all(
    people.map(async (person) => ({
      ...person,
      ...(await call<{ url: string; expiresAt: string }>(tokens.admin!, 'POST', `/v1/users/${person.id}/sign-in-links`)),
    })),
  );

  say();
  say('Factcheck desk demo');
  say('===================');
  say(`API            ${base}`);
  say(`API docs       ${base}/docs   (OpenAPI: ${base}/openapi.json)`);
  say(`Readiness      ${base}/ready`);
  say();
  say(`Reports        ${base}/reports   (every published report; / leads readers there and staff to ${base}/app/)`);
  say();
  say('Sign in to the app (each link works once, until ' + signInLinks[0]!.expiresAt + '):');
  for (const link of signInLinks) say(`  Sign in as the ${link.key === 'editor2' ? 'second editor' : link.key} (${link.name}): ${link.url}`);
  say();
  say('Tokens (new for this run, shown only here; the previous run\'s demo tokens are revoked):');
  for (const [role, token] of Object.entries(tokens)) say(`  ${role.padEnd(9)} ${token}`);
  say();
  say(`Article        ${article.id}  (sha256 ${article.bodySha256.slice(0, 16)}…; publication time assumed: ${ASSUMED_PUBLISHED_AT})`);
  say('Claims and their timelines:');
  for (const [index, claim] of claims.entries()) {
    const timeline = timelines[index]!;
    say(`  ${claim.id}  [${claim.anchor.position.start}–${claim.anchor.position.end}]  now: ${timeline.state}`);
    say(`    ${claim.statement}`);
    for (const entry of timeline.items) {
      const who = names[entry.actorId] ?? entry.actorId;
      say(`      ${entry.at}  ${entry.action.padEnd(15)} ${(entry.from || '—').padEnd(10)} → ${entry.to.padEnd(10)} by ${who}${entry.comment ? `: “${entry.comment}”` : ''}`);
    }
  }
  say();
  say('Evidence, archived captures, signals and trails:');
  for (const claim of traced) {
    say(`  claim ${claim.id}: trail ${claim.trail.reachesPrimary ? `reaches a primary source at distance ${claim.trail.primaryDistance}` : 'does not reach a primary source'}`);
    for (const item of claim.evidence) {
      say(`    ${item.stance} — ${item.source.kind} ${item.source.subtype}: ${item.source.url}`);
      if (item.archived) say(`      archived ${item.archived.finishedAt} sha256 ${item.archived.sha256} (capture ${item.archived.id})`);
    }
    // Signals exist per capture; show those of the archived copies the evidence links to.
    const archivedIds = new Set(claim.evidence.flatMap((item) => (item.archived ? [item.archived.id] : [])));
    for (const signal of claim.signals.filter((s) => archivedIds.has(s.captureId))) {
      for (const quote of signal.quotes) {
        say(
          quote.kind === 'not-comparable'
            ? `    quoted wording: not comparable: different languages (${quote.quoteLanguage ?? '?'} wording, ${quote.sourceLanguage ?? '?'} source) “${quote.quote}”`
            : `    quoted wording: ${quote.kind} (score ${quote.score!.toFixed(2)}) “${quote.quote}”`,
        );
      }
      for (const number of signal.numbers) say(`    number ${number.value}: ${number.found ? 'found' : 'not found'} in the capture`);
      for (const date of signal.dates) say(`    date ${date.expression} (${date.from === date.to ? date.from : `${date.from}…${date.to}`}): ${date.found ? 'stated' : 'not stated'} in the capture`);
    }
  }
  say();
  say(`Published report, version ${report.version}, in ${report.language === 'ar' ? 'Arabic' : 'English'} (public, no token):`);
  say(`  HTML      ${report.urls.html}`);
  say(`  JSON      ${report.urls.json}`);
  say(`  Markdown  ${report.urls.markdown}`);
  for (const id of [claimIds[2]!, claimIds[3]!]) say(`  claim     ${report.urls.html}/claims/${id}   (ClaimReview: ${report.urls.html}/claims/${id}.jsonld)`);
  say();
  say(`Audit log      ${verification.ok ? 'verifies' : 'DOES NOT VERIFY'} (${verification.eventsChecked} events, ${verification.checkpointsChecked} checkpoints checked)`);
  say();
  const once = values.once || !verification.ok;
  say(once ? `With the desk running (npm start, or the demo without --once), carry on with curl, for example:` : 'Carry on with curl, for example:');
  say(`  export FC=${base} REPORTER=${tokens.reporter} CHECKER=${tokens.checker} EDITOR=${tokens.editor} AUDITOR=${tokens.auditor}`);
  say(`  curl -s "$FC/v1/claims?articleId=${article.id}" -H "Authorization: Bearer $REPORTER"`);
  say(`  curl -s "$FC/v1/claims/${claims[0]!.id}/annotation" -H "Authorization: Bearer $REPORTER"`);
  say(`  curl -s "$FC/v1/audit?target=claim:${claims[0]!.id}" -H "Authorization: Bearer $AUDITOR"`);
  say(`  curl -s "$FC/v1/audit/verify" -H "Authorization: Bearer $AUDITOR"`);
  say(`  curl -s "$FC/v1/claims/${claimIds[1]}/timeline" -H "Authorization: Bearer $REPORTER"`);
  say(`  curl -s -X POST "$FC/v1/tasks/next" -H "Authorization: Bearer $CHECKER" -H 'content-type: application/json' -d '{"step":"research"}'`);
  say(`  curl -s "$FC/metrics"; open $FC/admin/queues (user: anything, password: the admin token)`);
  say(`  curl -s -X POST "$FC/v1/articles/${article.id}/reports" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' -d '{"correctionNote":"…"}'`);
  say(`  curl -s -X POST "$FC/reports/${article.id}/errors" -H 'content-type: application/json' -d '{"message":"The treaty was signed in July 2001."}'`);
  say();

  if (once) {
    await desk.close();
    say(`The desk has stopped (--once): the addresses above answer again once it runs (npm start, or npm run demo); the tokens stay valid until the next demo run.`);
    process.exit(verification.ok ? 0 : 1);
  }
  stopOnSignals(desk, logger, say);
  say(`The desk keeps running at ${base}; press Ctrl-C to stop.`);
}

type ClaimItem = { id: string; statement: string; anchor: { position: { start: number; end: number } } };
type ReportItem = { version: number; status: string; language: string; urls: { html: string; json: string; markdown: string } };

/**
 * Tokens for the admin and each demo user, created on the first run and reused afterwards: each
 * user's earlier demo tokens are revoked and a fresh one issued.
 */
async function demoPeople(auth: AuthService): Promise<{ tokens: Record<string, string>; people: { key: string; name: string; id: string }[] }> {
  const actor = systemActor('demo');
  const users = new Map((await auth.listUsers()).map((user) => [user.email, user]));
  const tokens: Record<string, string> = {};
  const people: { key: string; name: string; id: string }[] = [];
  for (const user of [{ key: 'admin', name: 'Demo admin', roles: ['admin'] as const }, ...DEMO_USERS]) {
    const email = `${user.key}@demo.factcheck.test`;
    const existing = users.get(email);
    const id = existing?.id ?? (await auth.createUser(actor, { name: user.name, email, roles: [...user.roles] })).id;
    for (const token of await auth.listTokens(id)) if (token.label === 'demo' && !token.revokedAt) await auth.revokeToken(actor, token.id);
    tokens[user.key] = (await auth.issueToken(actor, id, { label: 'demo' })).token;
    people.push({ key: user.key, name: user.name, id });
  }
  return { tokens, people };
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof EmbeddedDatabaseBusyError ? error.message : error);
  process.exit(1);
});
