import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@app/testing';
import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Language, type Person } from './browser.js';

const ARTICLE = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');
const TREATY = readFileSync(new URL('../../../fixtures/sources/treaty-2001.excerpt.txt', import.meta.url));
/** Would set `window.__xss` if any user-supplied string reached the DOM as HTML. */
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

describe('publish, audit, admin and session screens in the browser', () => {
  let desk: BrowserDesk;
  let admin: Person, editor: Person, editor2: Person, checker: Person, reporter: Person, auditor: Person;
  let articleId: string, checkedId: string;

  /** A browser context signed in as `person` through a one-time sign-in link, in `language`. */
  async function signedIn(person: Person, language: Language = 'en'): Promise<{ context: BrowserContext; page: Page }> {
    const signed = await desk.signIn(admin, person, language);
    await signed.page.locator('main h1').first().waitFor();
    return signed;
  }

  async function expectNoScriptRan(page: Page) {
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
  }

  async function move(person: Person, claimId: string, body: Record<string, unknown>) {
    const { version } = (await desk.api.http().get(`/v1/claims/${claimId}`).set(bearer(person)).expect(200)).body;
    return (await desk.api.http().post(`/v1/claims/${claimId}/transitions`).set(bearer(person)).send({ ...body, version }).expect(200)).body;
  }

  /** Takes tasks of `step` on the article until `claimId` is among them (the other claim may come first). */
  async function take(person: Person, step: string, claimId: string) {
    for (let i = 0; i < 3; i++) {
      const next = await desk.api.http().post('/v1/tasks/next').set(bearer(person)).send({ step, articleId });
      if (next.body?.id === claimId) return;
    }
    throw new Error(`could not take ${claimId} in ${step}`);
  }

  beforeAll(async () => {
    desk = await startBrowserDesk();
    [admin, editor, editor2, checker, reporter, auditor] = await Promise.all([
      desk.api.user(['admin'], 'Desk admin'),
      desk.api.user(['editor'], `Editor ${XSS}`),
      desk.api.user(['editor'], 'Second editor'),
      desk.api.user(['checker'], 'Checker'),
      desk.api.user(['reporter'], 'Reporter'),
      desk.api.user(['auditor'], 'Auditor'),
    ]);
    const http = () => desk.api.http();
    const article = await http().post('/v1/articles').set(bearer(reporter)).send({ title: 'محادثات موسكو', language: 'ar', publishedAt: '2025-11-20T09:00:00Z', body: ARTICLE }).expect(201);
    articleId = article.body.id;
    const batch = await http()
      .post(`/v1/articles/${articleId}/claims/batch`)
      .set(bearer(reporter))
      .send({ claims: [{ statement: 'The treaty was signed in 2001', kind: 'date', anchor: { exact: 'الموقعة عام 2001' } }, { statement: `Shoigu met Wang Yi ${XSS}`, anchor: { exact: 'في 12 نوفمبر الجاري' } }] })
      .expect(201);
    checkedId = (batch.body.items as { id: string }[])[0]!.id;
    await waitFor(async () => (await http().get(`/v1/claims/${checkedId}`).set(bearer(checker))).body.state === 'research', { what: 'intake' });
    await take(checker, 'research', checkedId);
    // A saved copy of the treaty as evidence: the audit trail then has an upload, a capture and its sha256.
    const source = await http()
      .post('/v1/sources')
      .set(bearer(checker))
      .send({ url: 'https://www.fmprc.gov.cn/mfa_eng/wjdt_665385/2649_665393/200107/t20010724_679026.html', kind: 'primary', subtype: 'treaty-text', title: `Treaty ${XSS}`, capture: 'none' })
      .expect(201);
    await http().post(`/v1/sources/${source.body.id}/uploads`).set(bearer(checker)).set('content-type', 'text/plain').send(TREATY).expect(202);
    await http().post(`/v1/claims/${checkedId}/evidence`).set(bearer(checker)).send({ sourceId: source.body.id, stance: 'supports', excerpt: `2001 ${XSS}` }).expect(201);
    await waitFor(async () => (await http().get(`/v1/sources/${source.body.id}`).set(bearer(checker))).body.captures.some((c: { status: string }) => c.status === 'ok'), { what: 'the capture' });
    await move(checker, checkedId, { action: 'finish-research' });
    await take(checker, 'assessment', checkedId);
    await move(checker, checkedId, { action: 'propose', rating: 'accurate', rationale: `The treaty text says 2001. ${XSS}` });
    await move(editor2, checkedId, { action: 'approve' });
  }, 180_000);
  afterAll(() => desk?.close());

  it('an editor publishes the sample report with the keyboard, sees the version and opens its public page; then a correction needs its note', async () => {
    const { context, page } = await signedIn(editor);
    await page.goto(`/app/articles/${articleId}/publish`);
    await page.getByRole('heading', { name: /Checked claims/ }).waitFor();
    expect(await page.locator('section[aria-labelledby="preview-checked"] li').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby="preview-pending"] li').count()).toBe(1);
    await screenshot(page, 'publish', '1-preview');

    // Keyboard only: from the note field, Tab to "Publish" and press Enter; the focus is visible on the way.
    await page.getByLabel('Correction note').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Publish');
    expect(await focused.evaluate('(el) => getComputedStyle(el).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    const publicLink = page.getByRole('link', { name: 'Public page of version 1' });
    await publicLink.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await screenshot(page, 'publish', '2-failed');
      throw error;
    });
    await screenshot(page, 'publish', '2-published-v1');
    const href = await publicLink.getAttribute('href');
    expect(href).toMatch(new RegExp(`/reports/${articleId}/v1$`));
    const reader = await context.newPage();
    const response = await reader.goto(new URL(href!).pathname);
    expect(response?.status()).toBe(200);
    expect(await reader.locator('h1').count()).toBeGreaterThan(0);
    await screenshot(reader, 'publish', '3-public-page');
    await reader.close();

    // The checked claim goes back to review: the next version corrects what was published.
    await move(editor, checkedId, { action: 'reopen', comment: 'A reader sent a newer source.' });
    await page.reload();
    await page.getByRole('button', { name: 'Publish' }).click();
    const noteError = page.locator('.react-aria-TextField:has(textarea[name="correctionNote"]) .react-aria-FieldError');
    await noteError.waitFor();
    expect(await noteError.textContent()).toContain('required for a correction');
    await screenshot(page, 'publish', '4-note-required');
    await page.getByLabel('Correction note').fill(`The treaty claim is being checked again. ${XSS}`);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('link', { name: 'Public page of version 2' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('row', { name: /v2 correction/ }).count()).toBe(1);
    await screenshot(page, 'publish', '5-published-v2');
    await expectNoScriptRan(page);
    await context.close();
  }, 120_000);

  it('a reader’s error report posted to the public form appears for editors, who resolve it', async () => {
    await desk.api.http().post(`/reports/${articleId}/errors`).type('form').send({ message: `The date is wrong ${XSS}`, contact: 'reader@example.org', version: '1' }).expect(201);
    const { context, page } = await signedIn(editor);
    await page.goto('/app/reader-reports');
    const item = page.locator('li.card', { hasText: 'The date is wrong' });
    await item.waitFor();
    await screenshot(page, 'reader-reports', '1-open');
    await item.getByLabel('What was done').fill('Checked: the treaty page says 16 July 2001.');
    await item.getByRole('button', { name: 'Mark resolved' }).click();
    await page.getByRole('status').filter({ hasText: 'No error reports here.' }).waitFor();
    await page.getByRole('radio', { name: 'Resolved' }).check({ force: true });
    await page.locator('li.card', { hasText: 'The date is wrong' }).getByText('Checked: the treaty page').waitFor();
    await screenshot(page, 'reader-reports', '2-resolved');
    await expectNoScriptRan(page);
    await context.close();
  }, 60_000);

  it('an auditor filters the audit log by a claim, sees its source trail replayed and the verification result', async () => {
    const { context, page } = await signedIn(auditor);
    await page.goto('/app/audit');
    await page.getByLabel('Target').fill(`claim:${checkedId}`);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/target=claim/);
    const trail = page.locator('section[aria-labelledby="trail-title"]');
    await trail.getByText('attached as evidence (supports):').waitFor();
    const replay = await trail.locator('ol.timeline li').allTextContents();
    // Time order: the source, its upload and capture, then the attachment (the upload came first).
    expect(replay.findIndex((s) => s.includes('uploaded a saved copy'))).toBeLessThan(replay.findIndex((s) => s.includes('attached as evidence')));
    expect(replay.some((s) => /sha256 [0-9a-f]{64}/.test(s))).toBe(true);
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Verify the log' }).click();
    await page.getByText('The log verifies').waitFor({ timeout: 30_000 });
    await screenshot(page, 'audit', '1-claim-trail-verified');
    await expectNoScriptRan(page);
    await context.close();
  }, 60_000);

  it('an admin invites a user, who sets a password from the link in another browser and is signed in', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto('/app/admin');
    const email = `invited-${Date.now()}@desk.test`;
    await page.getByLabel('Name').fill(`Invited ${XSS}`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('checkbox', { name: 'checker' }).check({ force: true });
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').getByRole('link').click();
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const url = await page.getByLabel('Invitation link').inputValue();
    expect(url).toMatch(/\/app\/invitation#/);
    await screenshot(page, 'admin', '1-invitation');
    await expectNoScriptRan(page);

    const invited = await desk.context('en');
    const invitedPage = await invited.newPage();
    await invitedPage.goto(new URL(url).pathname + new URL(url).hash);
    await invitedPage.getByLabel('New password').fill('a long enough password');
    await invitedPage.getByLabel('Repeat the password').fill('a long enough password');
    await invitedPage.getByRole('button', { name: 'Set password and sign in' }).click();
    await invitedPage.waitForURL((u) => !u.pathname.includes('invitation'));
    await invitedPage.getByRole('button', { name: 'Sign out' }).waitFor();
    await screenshot(invitedPage, 'admin', '2-invited-signed-in');
    await invited.close();
    await context.close();
  }, 60_000);

  it('an admin creates a token, sees its secret once and revokes it (the API then refuses it)', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`/app/admin/users/${checker.id}`);
    await page.getByLabel('Label').fill(`laptop ${XSS}`);
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByLabel(/Secret of token/).inputValue();
    expect(secret).toMatch(/^fcd_/);
    await desk.api.http().get('/v1/me').set('Authorization', `Bearer ${secret}`).expect(200);
    await screenshot(page, 'admin', '3-token-secret');
    await page.getByRole('button', { name: `Revoke token laptop ${XSS}` }).click();
    await page.getByRole('row', { name: /laptop/ }).getByText('revoked').waitFor();
    await desk.api.http().get('/v1/me').set('Authorization', `Bearer ${secret}`).expect(401);
    await page.reload();
    expect(await page.getByLabel(/Secret of token/).count()).toBe(0);
    await screenshot(page, 'admin', '4-token-revoked');
    await expectNoScriptRan(page);
    await context.close();
  }, 60_000);

  it('lists a person’s sessions with this one marked; revoking another sends that browser to sign-in', async () => {
    const first = await signedIn(checker);
    const second = await signedIn(checker);
    await second.page.goto('/app/settings/sessions');
    const rows = second.page.locator('tbody tr');
    await waitFor(async () => (await rows.count()) >= 2, { what: 'two sessions' });
    expect(await second.page.locator('tbody tr[aria-current="true"]').count()).toBe(1);
    await screenshot(second.page, 'sessions', '1-listed');
    await second.page.locator('tbody tr:not([aria-current])').first().getByRole('button', { name: 'Revoke' }).click();
    await waitFor(async () => (await rows.count()) === 1, { what: 'the revoked session to go' });
    await first.page.goto('/app/articles');
    await first.page.waitForURL(/\/app\/sign-in/);
    await screenshot(first.page, 'sessions', '2-revoked-lands-on-sign-in');

    // An admin sees them too, from the user's page.
    const { context, page } = await signedIn(admin);
    await page.goto(`/app/admin/users/${checker.id}`);
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.locator('section[aria-labelledby="user-sessions-title"] tbody tr').first().waitFor();
    await Promise.all([first.context.close(), second.context.close(), context.close()]);
  }, 60_000);

  it('a person without the roles never sees these screens in the navigation, gets “no access” at their URLs, and the API refuses them', async () => {
    const { context, page } = await signedIn(reporter);
    for (const name of ['Audit', 'Admin', 'Reader reports']) expect(await page.getByRole('navigation').getByRole('link', { name }).count()).toBe(0);
    for (const path of ['/app/admin', `/app/admin/users/${admin.id}`, '/app/admin/rating-scale', '/app/audit', '/app/reader-reports', `/app/articles/${articleId}/publish`]) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'You do not have access' }).waitFor();
    }
    await screenshot(page, 'access', '1-no-access');
    for (const [method, path] of [
      ['get', '/v1/users'],
      ['get', '/v1/audit'],
      ['get', '/v1/reader-reports'],
      ['post', `/v1/articles/${articleId}/reports`],
      ['post', `/v1/users/${admin.id}/invitations`],
    ] as const) {
      await desk.api.http()[method](path).set(bearer(reporter)).send({}).expect(403);
    }
    await context.close();
  }, 60_000);

  it.each(LANGUAGES)('every screen has no serious axe violation, in %s', async (language) => {
    const screens: [Person, string, string][] = [
      [editor, `/app/articles/${articleId}/publish`, 'publish'],
      [editor, '/app/reader-reports?status=all', 'reader-reports'],
      [auditor, `/app/audit?target=claim:${checkedId}`, 'audit'],
      [admin, '/app/admin', 'admin'],
      [admin, `/app/admin/users/${checker.id}`, 'admin-user'],
      [admin, '/app/admin/rating-scale', 'rating-scale'],
      [checker, '/app/settings/sessions', 'sessions'],
    ];
    const contexts = new Map<Person, Page>();
    for (const [person, path, name] of screens) {
      if (!contexts.has(person)) contexts.set(person, (await signedIn(person, language)).page);
      const page = contexts.get(person)!;
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      await page.getByText(/^(Loading…|جارٍ التحميل…)$/).first().waitFor({ state: 'detached' });
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
      await screenshot(page, 'screens', name);
      await expectAccessible(page);
      await expectNoScriptRan(page);
    }
    await Promise.all([...contexts.values()].map((page) => page.context().close()));
  }, 120_000);
});
