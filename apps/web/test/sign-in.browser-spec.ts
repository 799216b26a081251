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

  // The browser's own constraint messages come in the browser's language (Chromium: English here), so a
  // field says what is wrong in the interface language instead.
  it.each(LANGUAGES)('says what is wrong with an empty or malformed field in the interface language (%s)', async (language) => {
    const context = await desk.context(language);
    const page = await context.newPage();
    await page.goto('/app/sign-in');
    const email = page.getByRole('textbox', { name: language === 'ar' ? 'البريد الإلكتروني' : 'Email' });
    await email.waitFor();
    const submit = page.getByRole('button', { name: language === 'ar' ? 'دخول' : 'Sign in', exact: true });
    await submit.click();
    const required = language === 'ar' ? 'املأ هذا الحقل.' : 'Fill in this field.';
    await page.getByText(required).first().waitFor();
    expect(await page.getByText(required).count()).toBe(2);
    await email.fill('not an address');
    await page.getByLabel(language === 'ar' ? 'كلمة المرور' : 'Password').fill('a password of some length');
    await submit.click();
    await page.getByText(language === 'ar' ? 'أدخل عنوان بريد إلكتروني، مثل name@example.org.' : 'Enter an e-mail address, such as name@example.org.').waitFor();
    expect(await page.getByText(required).count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });
});
