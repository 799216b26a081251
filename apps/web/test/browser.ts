import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApi, type ApiHarness } from '../../api/test/harness.js';
import { ensureWebBuild } from './web-build.js';

/** Debian's chromium (`apt-get install chromium`); `CHROMIUM_PATH` points elsewhere. Never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One line, no stack: what is missing and how to get it. */
class NoBrowserError extends Error {
  constructor(path: string) {
    super(`No Chromium at ${path}: install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.`);
    this.name = 'NoBrowserError';
    this.stack = this.message;
  }
}

/**
 * Chromium, headless. Playwright gives every launch a fresh temporary profile (user-data-dir), so no
 * state leaks between runs.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new NoBrowserError(CHROMIUM_PATH);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** The interface languages every screen is tested in. */
export const LANGUAGES = ['en', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A person made by `desk.api.user(...)`: their id and an API token. */
export interface Person {
  id: string;
  token: string;
}

/** The API's Authorization header for a person. */
export const bearer = (person: Person) => ({ Authorization: `Bearer ${person.token}` });

export interface BrowserDesk {
  api: ApiHarness;
  browser: Browser;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** A new browser context (own cookies) whose browser language is `language` (the app's default). */
  context(language: Language): Promise<BrowserContext>;
  /** A new context signed in as `person` through a sign-in link `admin` made (how a person signs in from an e-mail). */
  signIn(admin: Person, person: Person, language: Language): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * A desk of its own (database, queue prefix, in-process worker) serving the web app built from the
 * current sources, listening on a free port, and a browser to drive it.
 */
export async function startBrowserDesk(): Promise<BrowserDesk> {
  const browser = await launchBrowser();
  try {
    const api = await startApi({ WEB_APP_DIR: ensureWebBuild() }, { worker: true });
    await api.app.listen(0, '127.0.0.1');
    const baseUrl = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const context = (language: Language) => browser.newContext({ baseURL: baseUrl, locale: language === 'ar' ? 'ar-EG' : 'en-GB', timezoneId: 'Asia/Riyadh', viewport: { width: 1280, height: 860 } });
    return {
      api,
      browser,
      baseUrl,
      context,
      async signIn(admin, person, language) {
        const link = await api.http().post(`/v1/users/${person.id}/sign-in-links`).set(bearer(admin)).expect(201);
        const signedIn = await context(language);
        const page = await signedIn.newPage();
        await page.goto(`/app/sign-in/link${new URL(link.body.url).hash}`);
        await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));
        return { context: signedIn, page };
      },
      async close() {
        await browser.close();
        await api.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Screenshots of each step, for people to look at: `test-artifacts/screenshots/<test>/<step>-<lang>.png`;
 * the whole page, or with `viewport` what is on screen (a popover where it opened, for instance).
 */
export async function screenshot(page: Page, test: string, step: string, { viewport = false }: { viewport?: boolean } = {}): Promise<string> {
  const lang = await page.locator('html').getAttribute('lang');
  const dir = join(process.cwd(), 'test-artifacts', 'screenshots', test);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${step}-${lang}.png`);
  await page.screenshot({ path, fullPage: !viewport });
  return path;
}

/**
 * Fails on any serious or critical axe violation on the page, naming each rule and where. It first waits
 * for react-aria's live announcements to clear: a pending button that had the focus announces itself
 * through a live-region entry pointing at the button's id, and that entry outlives the button (7 s) when
 * the button goes away with the step it belonged to (axe would report the dangling reference).
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.locator('[data-live-announcer] [role="img"]').first().waitFor({ state: 'detached', timeout: 10_000 });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
    throw new Error(`axe found ${bad.length} serious/critical violation(s) on ${page.url()}:\n${lines.join('\n')}`);
  }
}
