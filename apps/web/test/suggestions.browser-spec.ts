import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Language, type Person } from './browser.js';

const SAMPLE = readFileSync('fixtures/articles/moscow-talks.ar.txt', 'utf8');
// An astral character before everything: UTF-16 offsets run ahead of the API's code points.
const BODY = `😀 عاجل\n${SAMPLE}`;
/** A claim made by hand inside suggested words: the overlap draws both. */
const CLAIMED = 'أندريه بيلوسوف';
const SUGGESTED: Record<Language, string> = { en: 'suggested', ar: 'مقترح' };
const ACCEPT: Record<Language, string> = { en: 'Accept as a claim', ar: 'اقبله ادعاءً' };
const DISMISS: Record<Language, string> = { en: 'Dismiss', ar: 'ارفض' };
const REASON_REQUIRED: Record<Language, string> = { en: 'Say why you dismiss it.', ar: 'اذكر سبب الرفض.' };
const KIND: Record<Language, Record<string, string>> = {
  en: { date: 'date', number: 'number', quote: 'quote', attribution: 'attribution' },
  ar: { date: 'تاريخ', number: 'رقم', quote: 'اقتباس', attribution: 'نسبة وصفة' },
};

type Anchor = { quote: { exact: string }; position: { start: number; end: number } };
type Suggestion = { id: string; kind: string; state: string; statement: string; claimant: string | null; anchor: Anchor; claimId: string | null };
type Claim = { id: string; statement: string; anchor: Anchor };

/** In the page: a computed style property of the first element matching `selector`. */
const styleOf = (page: Page, selector: string, property: string) =>
  page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}))[${JSON.stringify(property)}]`);
const codePointSlice = (body: string, start: number, end: number) => Array.from(body).slice(start, end).join('');

/** In the page: the text drawn for each suggestion (its marks' text in document order) and for each claim, keyed by id. */
const READ_MARKS = `(() => {
  const root = document.querySelector('.article-text[data-highlights="drawn"]');
  const read = (attribute) => {
    const texts = {};
    for (const mark of root.querySelectorAll('mark[' + attribute + ']')) {
      for (const id of mark.getAttribute(attribute).split(' ')) texts[id] = (texts[id] ?? '') + mark.textContent;
    }
    return texts;
  };
  return { suggestions: read('data-suggestions'), claims: read('data-claims') };
})()`;

describe('claim suggestions in the article view', () => {
  let desk: BrowserDesk;
  let admin: Person, editor: Person, checker: Person;
  let articleId: string;
  let handClaim: Claim;
  const http = () => desk.api.http();

  const signedIn = (person: Person, language: Language) => desk.signIn(admin, person, language);

  async function openArticle(page: Page) {
    await page.goto(`/app/articles/${articleId}`);
    await page.locator('.article-text[data-highlights="drawn"]').waitFor();
  }

  const suggestions = async (): Promise<Suggestion[]> => (await http().get(`/v1/articles/${articleId}/suggestions`).set(bearer(editor)).expect(200)).body.items;
  const claims = async (): Promise<Claim[]> => (await http().get('/v1/claims').query({ articleId, limit: 200 }).set(bearer(editor)).expect(200)).body.items;

  /** The open suggestions are drawn over exactly their selectors' code points (and nothing else is drawn as a suggestion). */
  async function expectSuggestionsDrawn(page: Page) {
    const open = (await suggestions()).filter((s) => s.state === 'open');
    const drawn = (await page.evaluate(READ_MARKS)) as { suggestions: Record<string, string>; claims: Record<string, string> };
    expect(Object.keys(drawn.suggestions).sort()).toEqual(open.map((s) => s.id).sort());
    for (const suggestion of open) {
      expect(drawn.suggestions[suggestion.id]).toBe(suggestion.anchor.quote.exact);
      expect(drawn.suggestions[suggestion.id]).toBe(codePointSlice(BODY, suggestion.anchor.position.start, suggestion.anchor.position.end));
    }
    return { open, drawn };
  }

  /** Tab (only) from the article's toolbar until a suggestion badge has the focus; its suggestion id. */
  async function tabToSuggestion(page: Page): Promise<string> {
    await page.locator('.article-toolbar button').first().focus();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate('document.activeElement?.dataset?.suggestionId ?? null');
      if (id) return id as string;
    }
    throw new Error('no suggestion badge reached with Tab');
  }

  /** Tab inside the open popover until the button named `name` has the focus. */
  async function tabToButton(page: Page, name: string) {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.textContent?.trim()')) === name) return;
    }
    throw new Error(`no button "${name}" reached with Tab`);
  }

  beforeAll(async () => {
    desk = await startBrowserDesk();
    [admin, editor, checker] = await Promise.all([desk.api.user(['admin'], 'Admin'), desk.api.user(['editor'], 'Editor'), desk.api.user(['checker'], 'Checker')]);
    const article = await http().post('/v1/articles').set(bearer(editor)).send({ title: 'محادثات موسكو', language: 'ar', publishedAt: '2026-11-12T21:30:00.000Z', body: BODY }).expect(201);
    articleId = article.body.id;
    // A claim on the headline, which nothing suggests.
    await http().post(`/v1/articles/${articleId}/claims`).set(bearer(editor)).send({ statement: 'عاجل', kind: 'event', anchor: { exact: 'عاجل', start: 2, end: 6 } }).expect(201);
    handClaim = (await http().post(`/v1/articles/${articleId}/claims`).set(bearer(editor)).send({ statement: `ادعاء: ${CLAIMED}`, kind: 'event', anchor: { exact: CLAIMED } }).expect(201)).body;
    await http().post(`/v1/articles/${articleId}/suggestions`).set(bearer(editor)).send({}).expect(201);
  }, 180_000);
  afterAll(() => desk?.close());

  it.each(LANGUAGES)('draws open suggestions apart from claims and opens one in place from the keyboard (%s)', async (language) => {
    const { context, page } = await signedIn(editor, language);
    await openArticle(page);
    const { open } = await expectSuggestionsDrawn(page);
    expect(open.length).toBeGreaterThan(5);

    // Distinct from claims, not by colour alone: a dashed line under the words and a "suggested · kind" badge in words.
    const suggestedOnly = 'mark[data-suggestions]:not([data-claims])';
    const claimedOnly = 'mark[data-claims]:not([data-suggestions])';
    expect(await styleOf(page, suggestedOnly, 'borderBottomStyle')).toBe('dashed');
    expect(await styleOf(page, claimedOnly, 'borderBottomStyle')).toBe('none');
    expect(await styleOf(page, suggestedOnly, 'backgroundColor')).not.toBe(await styleOf(page, claimedOnly, 'backgroundColor'));
    const badges = page.locator('.article-text button.sg-badge');
    expect(await badges.count()).toBe(open.length);
    for (const text of await badges.allTextContents()) expect(text).toContain(SUGGESTED[language]);
    expect(await badges.first().getAttribute('lang')).toBe(language);
    // The hand-made claim inside suggested words: that text carries both, and both badges are there.
    expect(await page.locator(`mark[data-claims~="${handClaim.id}"][data-suggestions]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`.hl-badge[data-claim-id="${handClaim.id}"]`).count()).toBe(1);
    await screenshot(page, 'suggestions', 'body');
    await screenshot(page, 'suggestions', 'body-screen', { viewport: true });
    await expectAccessible(page);

    // Keyboard only: Tab to a suggestion's badge, Enter opens it beside the words.
    const id = await tabToSuggestion(page);
    const suggestion = open.find((s) => s.id === id)!;
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('lang')).toBe(language);
    expect(await dialog.getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
    expect(await dialog.getByRole('heading').textContent()).toContain(KIND[language][suggestion.kind]);
    expect(await dialog.locator('.suggestion-span').textContent()).toBe(suggestion.anchor.quote.exact);
    expect(await dialog.locator('.suggestion-span').getAttribute('lang')).toBe('ar');
    expect(await dialog.textContent()).toContain(suggestion.statement);
    if (suggestion.claimant) expect(await dialog.textContent()).toContain(suggestion.claimant);
    expect(await page.locator(`button[data-suggestion-id="${id}"]`).getAttribute('aria-expanded')).toBe('true');
    // On screen first: a full-page shot resizes the viewport, and the popover is placed for the old size until it settles.
    await screenshot(page, 'suggestions', 'popover-screen', { viewport: true });
    await screenshot(page, 'suggestions', 'popover');
    await expectAccessible(page);

    if (language === 'ar') {
      // Accept: exactly one claim, drawn where the suggestion was and listed, without a reload.
      const before = await claims();
      await tabToButton(page, ACCEPT[language]);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      const accepted = (await suggestions()).find((s) => s.id === id)!;
      expect(accepted.state).toBe('accepted');
      const claimBadge = page.locator(`.hl-badge[data-claim-id="${accepted.claimId}"]`);
      await claimBadge.waitFor();
      await page.waitForFunction(`document.activeElement?.getAttribute('data-claim-id') === ${JSON.stringify(accepted.claimId)}`);
      const after = await claims();
      expect(after.length).toBe(before.length + 1);
      expect(after.filter((c) => c.id === accepted.claimId)).toHaveLength(1);
      const { drawn } = await expectSuggestionsDrawn(page);
      expect(drawn.claims[accepted.claimId!]).toBe(suggestion.anchor.quote.exact);
      expect(await page.locator(`button[data-suggestion-id="${id}"]`).count()).toBe(0);
      await page.locator(`.claim-list a[data-claim-id="${accepted.claimId}"]`).waitFor();
      expect(await page.locator(`.suggestions li[data-suggestion-id="${id}"]`).count()).toBe(0);
      // The refetches that follow keep one claim.
      await page.getByRole('status').filter({ hasText: 'قُبل' }).first().waitFor();
      expect((await claims()).length).toBe(before.length + 1);
      await screenshot(page, 'suggestions', 'accepted', { viewport: true });
    } else {
      // Dismiss: an empty reason is refused next to the field; with a reason it goes from the body and the list.
      await tabToButton(page, DISMISS[language]);
      await page.keyboard.press('Enter');
      const reason = dialog.getByRole('textbox');
      await reason.waitFor();
      expect(await page.evaluate('document.activeElement?.tagName')).toBe('INPUT');
      await page.keyboard.press('Enter');
      await dialog.getByText(REASON_REQUIRED[language]).waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      expect((await suggestions()).find((s) => s.id === id)!.state).toBe('open');
      await screenshot(page, 'suggestions', 'dismiss-empty', { viewport: true });
      await expectAccessible(page);
      await page.keyboard.type('Background, not a claim.');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      const dismissed = (await suggestions()).find((s) => s.id === id)!;
      expect(dismissed).toMatchObject({ state: 'dismissed', dismissReason: 'Background, not a claim.' });
      await expectSuggestionsDrawn(page);
      expect(await page.locator(`mark[data-suggestions~="${id}"]`).count()).toBe(0);
      expect(await page.locator(`.suggestions li[data-suggestion-id="${id}"]`).count()).toBe(0);
      // The API refuses a blank reason by the field, as the form did.
      const other = (await suggestions()).find((s) => s.state === 'open')!;
      const blank = await http().post(`/v1/suggestions/${other.id}/dismiss`).set(bearer(editor)).send({ reason: '  ' }).expect(400);
      expect(blank.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    }
    await context.close();
  }, 180_000);

  it.each(LANGUAGES)('edits a suggestion in place before accepting it: a blank statement is refused, the claim gets the edits and keeps the span (%s)', async (language) => {
    const ar = language === 'ar';
    const { context, page } = await signedIn(editor, language);
    await openArticle(page);
    const { open } = await expectSuggestionsDrawn(page);
    const suggestion = open.find((s) => s.kind !== 'quote')!;
    await page.locator(`button[data-suggestion-id="${suggestion.id}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: ar ? 'عدّله ثم اقبله' : 'Edit, then accept' }).click();
    const statement = dialog.getByRole('textbox', { name: ar ? 'مسودة العبارة' : 'Statement draft' });
    expect(await statement.inputValue()).toBe(suggestion.statement);
    expect(await statement.getAttribute('lang')).toBe('ar');
    await statement.fill('   ');
    const submit = dialog.getByRole('button', { name: ar ? 'اقبله بعد التعديل' : 'Accept as edited' });
    await submit.click();
    await dialog.getByText(ar ? 'اكتب العبارة المراد التحقق منها.' : 'Write the statement to check.').waitFor();
    expect((await suggestions()).find((s) => s.id === suggestion.id)!.state).toBe('open');
    await expectAccessible(page);
    const edited = `${ar ? 'معدّل' : 'edited'}: ${suggestion.statement}`;
    await statement.fill(edited);
    await dialog.getByRole('textbox', { name: ar ? 'صاحب الادعاء' : 'Claimant' }).fill('وزارة الخارجية الروسية');
    await screenshot(page, 'suggestions', 'edit', { viewport: true });
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    const accepted = (await suggestions()).find((s) => s.id === suggestion.id)!;
    expect(accepted.state).toBe('accepted');
    const claim = (await claims()).find((c) => c.id === accepted.claimId)!;
    expect(claim).toMatchObject({ statement: edited, claimant: 'وزارة الخارجية الروسية' });
    expect(claim.anchor.quote.exact).toBe(suggestion.anchor.quote.exact);
    await page.locator(`.hl-badge[data-claim-id="${accepted.claimId}"]`).waitFor();
    await context.close();
  }, 180_000);

  it('shows no suggestions to a person who may not submit claims', async () => {
    const { context, page } = await signedIn(checker, 'en');
    const asked: string[] = [];
    page.on('request', (request) => (request.url().includes('/suggestions') ? asked.push(request.url()) : undefined));
    await openArticle(page);
    expect(await page.locator('.article-text mark[data-claims]').count()).toBeGreaterThan(0);
    expect(await page.locator('.article-text mark[data-suggestions], .article-text .sg-badge, section.suggestions').count()).toBe(0);
    expect(asked).toEqual([]);
    await context.close();
  });
});
