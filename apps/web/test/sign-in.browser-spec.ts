import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, type BrowserDesk } from './browser.js';

describe('sign-in screen in the browser', () => {
  let desk: BrowserDesk;

  beforeAll(async () => {
    desk = await startBrowserDesk();
  }, 120_000);
  afterAll(() => desk?.close());

  it.each(LANGUAGES)('sends a signed-out visitor of /app to sign-in, in the browser language (%s), with no CSP violation or axe issue', async (language) => {
    const context = await desk.context(language);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto('/app/articles');
    await page.waitForURL(/\/app\/sign-in\?next=/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect([await page.locator('html').getAttribute('lang'), await page.locator('html').getAttribute('dir')]).toEqual(language === 'ar' ? ['ar', 'rtl'] : ['en', 'ltr']);
    expect(await page.getByRole('textbox', { name: language === 'ar' ? 'البريد الإلكتروني' : 'Email' }).count()).toBe(1);
    // Before the screenshot: Playwright hides the caret with a style element of its own, which the CSP blocks.
    expect(blocked).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'sign-in', 'sign-in');
    await context.close();
  });
});
