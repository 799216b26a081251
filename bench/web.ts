// `npm run bench:web`: the web app as a person meets it, in Debian's chromium (playwright-core, never a
// downloaded browser) against a desk of its own (API and worker in this process, serving dist/web):
//   (a) the app's initial JavaScript, gzipped (what index.html loads before the first screen), against the
//       issue's budget;
//   (b) the article view of a 20,000-character Arabic article with 300 claims (overlapping spans, astral
//       characters before them): navigation → highlights drawn, against the same page with `?highlights=off`
//       (navigation → body drawn), alternating, median and p90;
//   (c) the queue screen with 10,000 open research tasks: navigation → first render (against the settings
//       screen, which reads nothing but the session) and "take next" → the task on screen (against the same
//       POST /v1/tasks/next from Node), p50/p99.
// Times are taken in the page (performance.now() since navigation start) when the awaited element appears,
// after the next frame. Sizes: BENCH_WEB_RUNS (default 40 per side of (b)), BENCH_WEB_TAKES (default 100),
// BENCH_WEB_TASKS (default 10000).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { AuthService } from '@app/auth';
import { loadConfig } from '@app/config';
import { systemActor } from '@app/core';
import { startDesk } from '../apps/desk/src/desk.js';
import {
  createBenchDatabase,
  createQueuePrefix,
  distribution,
  envInt,
  figure,
  fmt,
  onCleanup,
  printFigures,
  progress,
  prng,
  ROOT,
  runBench,
  serviceEnv,
  writeResult,
  type Figure,
} from './lib/common.js';
import { countOutOfIntake, createArticles, post, submitClaimBatches, waitForAll } from './lib/desk-http.js';

const RUNS = Math.max(3, envInt('BENCH_WEB_RUNS', 40));
const TAKES = Math.max(3, envInt('BENCH_WEB_TAKES', 100));
const TASKS = Math.max(1, envInt('BENCH_WEB_TASKS', 10_000));
const ARTICLE_CHARS = 20_000;
const HIGHLIGHTS = 300;
const BUDGET_KB = 250;
const TIMEOUT_MS = envInt('BENCH_TIMEOUT_MS', 10 * 60_000);
const WEB_DIR = join(ROOT, 'dist', 'web');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const logger = pino({ level: 'error' }, pino.destination(2));

/** (a): the scripts index.html loads at once (entry and module preloads), each gzipped at the default level. */
function initialJavaScript(): { files: { file: string; bytes: number; gzipBytes: number }[]; gzipKB: number; rawKB: number } {
  const html = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
  const files = [...new Set(sources)].map((src) => {
    const bytes = readFileSync(join(WEB_DIR, src.replace(/^\/app\//, '')));
    return { file: src, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  });
  return { files, gzipKB: files.reduce((s, f) => s + f.gzipBytes, 0) / 1024, rawKB: files.reduce((s, f) => s + f.bytes, 0) / 1024 };
}

/** A 20,000-code-point Arabic body: the sample article repeated, each copy opened by astral characters. */
function longArticle(): string {
  const sample = readFileSync(join(ROOT, 'fixtures/articles/moscow-talks.ar.txt'), 'utf8');
  let body = '';
  for (let copy = 1; Array.from(body).length < ARTICLE_CHARS; copy++) body += `${copy === 1 ? '' : '\n'}😀𝐀 الجزء ${copy}\n${sample}`;
  return Array.from(body).slice(0, ARTICLE_CHARS).join('');
}

/** 300 spans by code point positions, 2–12 words long, a third overlapping the previous one. */
function spans(body: string): { start: number; end: number }[] {
  const points = Array.from(body);
  const rand = prng(11);
  const wordStarts = points.flatMap((p, i) => (i > 0 && /\s/.test(points[i - 1]!) && !/\s/.test(p) ? [i] : []));
  const result: { start: number; end: number }[] = [];
  const step = Math.floor(wordStarts.length / HIGHLIGHTS);
  for (let k = 0; k < HIGHLIGHTS; k++) {
    const first = k * step + (k % 3 === 2 ? -Math.floor(step / 2) : 0);
    const startWord = Math.max(0, first);
    const endWord = Math.min(wordStarts.length - 1, startWord + 2 + Math.floor(rand() * 10));
    let end = wordStarts[endWord]! - 1;
    while (end > wordStarts[startWord]! && /[\s\p{P}]/u.test(points[end - 1]!)) end--;
    result.push({ start: wordStarts[startWord]!, end });
  }
  return result;
}

/**
 * Installs, before any page script, a watcher that records in `window.__readyAt` the time (ms since
 * navigation start) after the first frame in which `selector` matches.
 */
async function watchFor(page: Page, selector: string): Promise<void> {
  await page.addInitScript(`(() => {
    const selector = ${JSON.stringify(selector)};
    window.__readyAt = undefined;
    const check = () => {
      if (window.__readyAt !== undefined || !document.querySelector(selector)) return false;
      window.__seenAt = performance.now();
      requestAnimationFrame(() => setTimeout(() => { window.__readyAt ??= performance.now(); }));
      return true;
    };
    new MutationObserver((_, observer) => { if (check()) observer.disconnect(); }).observe(document, { subtree: true, childList: true, attributes: true });
  })()`);
}

async function timeNavigation(page: Page, url: string): Promise<number> {
  await page.goto(url);
  // A function, not a string: the app's CSP forbids eval, which a string predicate would need.
  await page.waitForFunction(() => (globalThis as { __readyAt?: number }).__readyAt !== undefined, undefined, { timeout: 60_000 });
  return (await page.evaluate('window.__readyAt')) as number;
}

/**
 * BENCH_WEB_TRACE=1: one more navigation under Chrome's tracing, printing where the renderer's main
 * thread spent its time (top events by total duration), to see whether script, style or layout dominates.
 */
async function traceNavigation(browser: Browser, page: Page, url: string): Promise<void> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await timeNavigation(page, url);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tid: number }[] };
  const totals = new Map<string, number>();
  for (const e of trace.traceEvents) if (e.ph === 'X' && e.dur) totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 15);
  progress(`trace (ms, all threads, nested events counted in each): ${top.map(([n, ms]) => `${n} ${fmt(ms)}`).join('; ')}`);
}

runBench('web', async () => {
  if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`${WEB_DIR}/index.html is missing: npm run build builds it (npm run bench:web does).`);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  const figures: Figure[] = [];

  const js = initialJavaScript();
  progress(`initial JavaScript: ${js.files.length} file(s), ${fmt(js.rawKB)} KB, ${fmt(js.gzipKB)} KB gzipped`);
  figures.push(figure('web', 'initial JavaScript, gzipped', 'KB', js.gzipKB, { label: "the issue's budget", value: BUDGET_KB }));

  const db = await createBenchDatabase('web');
  const queue = createQueuePrefix('web');
  const desk = await startDesk(loadConfig(serviceEnv(db, queue.prefix, { WEB_APP_DIR: WEB_DIR })), logger);
  onCleanup(() => desk.close());
  const base = desk.url.replace('localhost', '127.0.0.1');
  const auth = desk.api.get(AuthService);
  const person = async (roles: ('admin' | 'reporter' | 'editor' | 'checker')[], name: string) => {
    const user = await auth.createUser(systemActor('bench'), { name, email: `${name.replace(/\W/g, '')}-${Date.now()}@bench.test`, roles });
    return { id: user.id, token: (await auth.issueToken(systemActor('bench'), user.id, { label: 'bench' })).token };
  };
  const admin = await person(['admin'], 'Bench admin');
  const reporter = await person(['reporter'], 'Bench reporter');
  const editor = await person(['editor'], 'Bench editor');
  const checker = await person(['checker'], 'Bench checker');
  const dataSource = desk.api.get(DataSource);

  // Seed: the long article with its 300 claims, then 10,000 claims on other articles, all through intake.
  const body = longArticle();
  const article = (await post(base, reporter.token, '/v1/articles', { title: 'مقال طويل للاختبار', language: 'ar', body })).body as { id: string };
  const claims = spans(body).map((span, i) => ({ statement: `ادعاء ${i + 1}`, kind: 'event', anchor: span }));
  for (let i = 0; i < claims.length; i += 100) await post(base, reporter.token, `/v1/articles/${article.id}/claims/batch`, { claims: claims.slice(i, i + 100) });
  const articles = await createArticles(base, reporter.token, Math.ceil(TASKS / 500));
  const seeding = submitClaimBatches({ label: 'queue seed', base, token: reporter.token, articles, claims: TASKS, batch: 50, clients: 4 });
  await Promise.all([seeding.submitted, waitForAll('queue seed', TASKS + HIGHLIGHTS, countOutOfIntake(dataSource), seeding.startedAt, TIMEOUT_MS)]);

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  onCleanup(() => browser.close());
  const signedIn = async (who: { id: string }, selector: string) => {
    const context = await browser.newContext({ baseURL: base, locale: 'en-GB', viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const link = (await post(base, admin.token, `/v1/users/${who.id}/sign-in-links`, {})).body as { url: string };
    await page.goto(`/app/sign-in/link${new URL(link.url).hash}`);
    await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));
    await watchFor(page, selector);
    return page;
  };

  // (b) Article view, alternating with and without highlights so both see the same machine load.
  const drawn = await signedIn(editor, '.article-text[data-highlights="drawn"]');
  const plain = await signedIn(editor, '.article-text[data-highlights="off"]');
  const marks = async () => Number(await drawn.evaluate('document.querySelectorAll(".article-text mark").length'));
  const withHighlights: number[] = [];
  const withoutHighlights: number[] = [];
  for (let run = -3; run < RUNS; run++) {
    const on = await timeNavigation(drawn, `/app/articles/${article.id}`);
    const off = await timeNavigation(plain, `/app/articles/${article.id}?highlights=off`);
    if (run >= 0) {
      withHighlights.push(on);
      withoutHighlights.push(off);
    }
  }
  if (process.env.BENCH_WEB_TRACE) await traceNavigation(browser, drawn, `/app/articles/${article.id}`);
  const badges = Number(await drawn.evaluate('document.querySelectorAll(".hl-badge").length'));
  // Where the last navigation's time went: each API request's start and end (ms since navigation start).
  const requests = (await drawn.evaluate(
    `performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/') || e.name.includes('/assets/')).map((e) => ({ url: e.name.replace(location.origin, ''), start: Math.round(e.startTime), end: Math.round(e.responseEnd) }))`,
  )) as { url: string; start: number; end: number }[];
  progress(`last navigation: element in the DOM at ${Math.round((await drawn.evaluate('window.__seenAt')) as number)} ms`);
  progress(`last navigation with highlights: ${requests.map((r) => `${r.url.slice(0, 60)} ${r.start}–${r.end}`).join('; ')}; drawn at ${Math.round(withHighlights.at(-1)!)}`);
  progress(`article view: ${await marks()} highlight segments, ${badges} badges; ${RUNS} navigations each way`);
  const on = distribution(withHighlights);
  const off = distribution(withoutHighlights);
  figures.push(
    figure('web', `article view, ${HIGHLIGHTS} highlights over 20,000 characters: navigation → drawn, median`, 'ms', on.p50, { label: 'same page, highlights off, median', value: off.p50 }),
    figure('web', `article view, ${HIGHLIGHTS} highlights over 20,000 characters: navigation → drawn, p90`, 'ms', on.p90, { label: 'same page, highlights off, p90', value: off.p90 }),
  );

  // (c) Queue screen with TASKS open research tasks.
  const settings = await signedIn(checker, 'main h1');
  // Rendered once "leased to me" has its answer (the heading is followed by the list or "none", not "loading").
  const queuePage = await signedIn(checker, '.queue #mine-title + :not([role="status"])');
  const firstRender: number[] = [];
  const settingsRender: number[] = [];
  for (let run = -3; run < Math.min(RUNS, 30); run++) {
    const q = await timeNavigation(queuePage, '/app/queue?step=research');
    const s = await timeNavigation(settings, '/app/settings');
    if (run >= 0) {
      firstRender.push(q);
      settingsRender.push(s);
    }
  }
  const release = async (claimId: string, token: string) => {
    const claim = (await (await fetch(`${base}/v1/claims/${claimId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { version: number };
    await post(base, token, `/v1/claims/${claimId}/transitions`, { action: 'release', version: claim.version });
  };
  // Take next in the page: press the button, stop the clock when the leased task's row is on screen.
  const takeInPage = `new Promise((resolve) => {
    const before = document.querySelectorAll('.queue li.task').length;
    const button = [...document.querySelectorAll('.take-next button')][0];
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      const row = document.querySelector('.queue li.task a.task-open');
      if (document.querySelectorAll('.queue li.task').length > before && row) {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - t0, claimId: row.dataset.claim })));
      }
    });
    observer.observe(document.querySelector('.queue'), { subtree: true, childList: true });
    button.click();
  })`;
  const takes: number[] = [];
  for (let run = -5; run < TAKES; run++) {
    await queuePage.locator('.queue li.task').waitFor({ state: 'detached' });
    const { ms, claimId } = (await queuePage.evaluate(takeInPage)) as { ms: number; claimId: string };
    if (run >= 0) takes.push(ms);
    await release(claimId, checker.token);
  }
  const apiTakes: number[] = [];
  for (let run = -5; run < TAKES; run++) {
    const t0 = performance.now();
    const response = await fetch(`${base}/v1/tasks/next`, { method: 'POST', headers: { authorization: `Bearer ${checker.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ step: 'research' }) });
    const taken = (await response.json()) as { id: string };
    if (run >= 0) apiTakes.push(performance.now() - t0);
    await release(taken.id, checker.token);
  }
  const render = distribution(firstRender);
  const settingsDist = distribution(settingsRender);
  const take = distribution(takes);
  const api = distribution(apiTakes);
  figures.push(
    figure('web', `queue screen, ${fmt(TASKS, 0)} open tasks: navigation → first render p50`, 'ms', render.p50, { label: 'settings screen p50', value: settingsDist.p50 }),
    figure('web', `queue screen, ${fmt(TASKS, 0)} open tasks: navigation → first render p99`, 'ms', render.p99, { label: 'settings screen p99', value: settingsDist.p99 }),
    figure('web', `queue "take next" → task on screen p50`, 'ms', take.p50, { label: 'POST /v1/tasks/next from Node p50', value: api.p50 }),
    figure('web', `queue "take next" → task on screen p99`, 'ms', take.p99, { label: 'POST /v1/tasks/next from Node p99', value: api.p99 }),
  );

  printFigures('Web app (ratio = ours / baseline, same run)', figures);
  await writeResult('web', {
    params: { runs: RUNS, takes: TAKES, tasks: TASKS, articleChars: ARTICLE_CHARS, highlights: HIGHLIGHTS, budgetKB: BUDGET_KB },
    figures,
    details: { initialJavaScript: js, articleView: { withHighlights: on, withoutHighlights: off, badges, lastNavigationRequests: requests }, queue: { firstRender: render, settings: settingsDist, takeNext: take, apiTakeNext: api } },
  });
});
