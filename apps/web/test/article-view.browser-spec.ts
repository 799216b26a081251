import { readFileSync } from 'node:fs';
import { waitFor } from '@app/testing';
import type { Page } from 'playwright-core';
import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Language, type Person } from './browser.js';

const SAMPLE = readFileSync('fixtures/articles/moscow-talks.ar.txt', 'utf8');
// Astral characters (two UTF-16 units each) before every claim: UTF-16 offsets run ahead of code points.
const BODY = `😀𝐀 عاجل\n${SAMPLE}`;
/** Would set `window.__xss` if any user-supplied string reached the DOM as HTML. */
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
/** Spans of the body: each occurs once; the first two overlap (both contain the third, nested). */
const SPANS = ['وزير الدفاع، أندريه بيلوسوف', 'أندريه بيلوسوف، عقد محادثات', 'أندريه بيلوسوف', 'معاهدة حسن الجوار والصداقة والتعاون', 'تشانج يوشيا'];
/** Occurs twice in the body. */
const TWICE = 'وزارة الدفاع الروسية';
const STATE_NAME: Record<Language, Record<string, string>> = {
  en: { intake: 'intake', research: 'research', assessment: 'assessment' },
  ar: { intake: 'الاستقبال', research: 'البحث', assessment: 'التقييم' },
};
const CLAIM_SPAN: Record<Language, string> = { en: 'Claim this span', ar: 'ادّعِ هذا المقطع' };
const SUBMIT: Record<Language, string> = { en: 'Submit claim', ar: 'أرسل الادعاء' };

type Anchor = { quote: { exact: string; prefix: string; suffix: string }; position: { start: number; end: number } };
type ClaimBody = { id: string; state: string; statement: string; anchor: Anchor; kind: string | null; claimant: string | null; version: number };

/** Code point starts of every occurrence of `exact`, the slow, obvious way. */
function codePointStarts(body: string, exact: string): number[] {
  const starts: number[] = [];
  for (let i = body.indexOf(exact); i !== -1; i = body.indexOf(exact, i + 1)) starts.push(Array.from(body.slice(0, i)).length);
  return starts;
}
const codePointSlice = (body: string, start: number, end: number) => Array.from(body).slice(start, end).join('');

/**
 * In the page: the text of each claim's highlight (its marks' text in document order), keyed by claim id,
 * and each claim's badge (its visible text and accessible name).
 */
const READ_HIGHLIGHTS = `(() => {
  const root = document.querySelector('.article-text[data-highlights="drawn"]');
  const texts = {};
  for (const mark of root.querySelectorAll('mark[data-claims]')) {
    for (const id of mark.dataset.claims.split(' ')) texts[id] = (texts[id] ?? '') + mark.textContent;
  }
  const badges = {};
  for (const badge of root.querySelectorAll('.hl-badge')) badges[badge.dataset.claimId] = { text: badge.textContent, name: badge.getAttribute('aria-label') };
  return { texts, badges };
})()`;

/**
 * In the page: selects the UTF-16 units [start, end) of the body as rendered, walking its text nodes and
 * skipping the badges (what a mouse drag over the text selects).
 */
const selectUnits = (start: number, end: number) => `(() => {
  const root = document.querySelector('.article-text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.nodeType === 1 && n.hasAttribute('data-anchor-ignore') ? NodeFilter.FILTER_REJECT : n.nodeType === 3 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  const range = document.createRange();
  let at = 0, started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (!started && ${start} < at + length) { range.setStart(node, ${start} - at); started = true; }
    if (started && ${end} <= at + length) { range.setEnd(node, ${end} - at); break; }
    at += length;
  }
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
})()`;

describe('the article view in the browser', () => {
  let desk: BrowserDesk;
  let admin: Person, reporter: Person, editor: Person, checker: Person;
  let articleId: string;
  const claims = new Map<string, ClaimBody>();
  const http = () => desk.api.http();

  /** A browser context signed in as `person` through a one-time sign-in link, in `language`. */
  const signedIn = (person: Person, language: Language) => desk.signIn(admin, person, language);

  async function openArticle(page: Page, search = '') {
    await page.goto(`/app/articles/${articleId}${search}`);
    await page.locator('.article-text[data-highlights="drawn"]').waitFor();
  }

  const claimOf = async (id: string): Promise<ClaimBody> => (await http().get(`/v1/claims/${id}`).set(bearer(reporter)).expect(200)).body;

  async function submit(anchor: Record<string, unknown>, statement: string, claimant: string | null = null): Promise<ClaimBody> {
    const claim = await http().post(`/v1/articles/${articleId}/claims`).set(bearer(reporter)).send({ statement, claimant, kind: 'event', anchor }).expect(201);
    return claim.body as ClaimBody;
  }

  async function expectNoScriptRan(page: Page) {
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
  }

  /** Every claim on the page is drawn over exactly the code points its selectors give (computed here from the API's answer). */
  async function expectHighlightsMatchSelectors(page: Page, language: Language) {
    const listed = (await http().get('/v1/claims').query({ articleId, limit: 200 }).set(bearer(reporter)).expect(200)).body.items as ClaimBody[];
    const { texts, badges } = (await page.evaluate(READ_HIGHLIGHTS)) as { texts: Record<string, string>; badges: Record<string, { text: string; name: string }> };
    expect(Object.keys(texts).sort()).toEqual(listed.map((c) => c.id).sort());
    for (const claim of listed) {
      const { start, end } = claim.anchor.position;
      expect(texts[claim.id]).toBe(codePointSlice(BODY, start, end));
      expect(texts[claim.id]).toBe(claim.anchor.quote.exact);
      // The state in words on the badge (not only a colour), and the statement in its accessible name.
      expect(badges[claim.id]!.text).toContain(STATE_NAME[language][claim.state] ?? claim.state);
      expect(badges[claim.id]!.name).toContain(claim.statement);
    }
  }

  beforeAll(async () => {
    desk = await startBrowserDesk();
    [admin, reporter, editor, checker] = await Promise.all([
      desk.api.user(['admin'], 'Admin'),
      desk.api.user(['reporter'], 'Reporter'),
      desk.api.user(['editor'], 'Editor'),
      desk.api.user(['checker'], 'Checker'),
    ]);
    const article = await http().post('/v1/articles').set(bearer(reporter)).send({ title: 'محادثات موسكو', language: 'ar', publishedAt: '2025-11-20T09:00:00Z', body: BODY }).expect(201);
    articleId = article.body.id;
    for (const [i, span] of SPANS.entries()) {
      const claim = await submit({ exact: span }, i === 0 ? `${XSS} بيلوسوف وزير الدفاع` : `ادعاء: ${span}`, i === 0 ? XSS : null);
      claims.set(span, claim);
    }
    await waitFor(async () => ((await Promise.all([...claims.values()].map((c) => claimOf(c.id)))).every((c) => c.state === 'research') ? true : null), { what: 'intake' });
  }, 180_000);
  afterAll(() => desk?.close());

  it.each(LANGUAGES)("draws every claim over exactly its selectors' code points, overlaps included, with its state, right to left (%s)", async (language) => {
    const { context, page } = await signedIn(reporter, language);
    await openArticle(page);
    expect(await page.locator('.article-text').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('.article-text').getAttribute('lang')).toBe('ar');
    // The astral characters are before every claim: UTF-16 offsets would be off by two.
    for (const span of SPANS) expect(claims.get(span)!.anchor.position.start).toBe(codePointStarts(BODY, span)[0]);
    await expectHighlightsMatchSelectors(page, language);
    // The overlapping pair and the span nested in both: one segment covered by all three.
    const [outerA, outerB, nested] = SPANS.slice(0, 3).map((span) => claims.get(span)!.id);
    const shared = page.locator(`mark[data-claims~="${outerA}"][data-claims~="${outerB}"][data-claims~="${nested}"]`);
    expect(await shared.textContent()).toBe('أندريه بيلوسوف');
    expect(await page.locator(`mark[data-claims="${outerA}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`mark[data-claims="${outerB}"]`).count()).toBeGreaterThan(0);
    await expectNoScriptRan(page);
    await screenshot(page, 'article-view', 'highlights');
    await expectAccessible(page);

    // A click on a highlight opens its innermost claim beside the article, marked as the open one.
    await shared.click();
    await page.waitForURL(new RegExp(`[?&]claim=${nested}`));
    await page.locator(`aside.claim-panel-slot[data-claim-id="${nested}"]`).waitFor();
    expect(await page.locator(`.hl-badge[data-claim-id="${nested}"]`).getAttribute('aria-current')).toBe('true');
    expect(await page.locator(`mark[data-claims~="${nested}"][data-selected]`).count()).toBe(1);
    await screenshot(page, 'article-view', 'claim-open');
    await expectAccessible(page);
    await context.close();
  });

  it('opens a claim from its badge with the keyboard, and shows a state change made elsewhere live', async () => {
    const { context, page } = await signedIn(editor, 'en');
    await openArticle(page);
    const claim = claims.get('تشانج يوشيا')!;
    const badge = page.locator(`.hl-badge[data-claim-id="${claim.id}"]`);
    await badge.focus();
    expect(await badge.evaluate('(el) => getComputedStyle(el).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`[?&]claim=${claim.id}`));
    // A checker takes and finishes research elsewhere; the badge follows without a reload.
    const taken = await http().post('/v1/tasks/next').set(bearer(checker)).send({ step: 'research', articleId }).expect(200);
    const { version } = await claimOf(taken.body.id);
    await http().post(`/v1/claims/${taken.body.id}/transitions`).set(bearer(checker)).send({ action: 'finish-research', version, unverifiableReason: 'no source yet' }).expect(200);
    await page.locator(`.hl-badge[data-claim-id="${taken.body.id}"][data-state="assessment"]`).waitFor({ timeout: 5_000 });
    expect(await page.locator(`.hl-badge[data-claim-id="${taken.body.id}"]`).textContent()).toContain('assessment');
    await context.close();
  });

  it.each(LANGUAGES)('claims a selected span (the second of two equal ones) by its positions, with the selectors the API gives that span (%s)', async (language) => {
    const { context, page } = await signedIn(reporter, language);
    await openArticle(page);
    const [, second] = codePointStarts(BODY, TWICE);
    const unitStart = BODY.indexOf(TWICE, BODY.indexOf(TWICE) + 1);
    // The selection takes the space before, as a mouse drag does; the form trims it.
    await page.evaluate(selectUnits(unitStart - 1, unitStart + TWICE.length));
    await page.locator('.article-toolbar .selection-quote', { hasText: TWICE }).waitFor();
    await page.getByRole('button', { name: CLAIM_SPAN[language] }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const quote = dialog.getByRole('textbox').first();
    expect(await quote.inputValue()).toBe(TWICE);
    expect(await dialog.getByRole('textbox').nth(1).inputValue()).toBe(TWICE);
    expect(await dialog.textContent()).toContain(`${second}–${second! + Array.from(TWICE).length}`);
    await dialog.getByRole('textbox').nth(1).fill(`ادعاء ${language}: وزارة الدفاع`);
    // Kind: the first after "not set" (date).
    await dialog.locator('.react-aria-Select').first().getByRole('button').click();
    await page.getByRole('option').nth(1).click();
    await dialog.getByRole('textbox').nth(2).fill(XSS);
    await screenshot(page, 'article-view', 'claim-form');
    await expectAccessible(page);

    const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/v1/articles/${articleId}/claims`));
    await dialog.getByRole('button', { name: SUBMIT[language] }).click();
    const request = await posted;
    expect(request.postDataJSON().anchor).toEqual({ exact: TWICE, start: second, end: second! + Array.from(TWICE).length });
    await dialog.waitFor({ state: 'detached' });
    await page.waitForURL(/[?&]claim=/);
    const id = new URL(page.url()).searchParams.get('claim')!;
    await page.locator(`.hl-badge[data-claim-id="${id}"]`).waitFor();
    const created = await claimOf(id);
    expect(created.kind).toBe('date');
    expect(created.claimant).toBe(XSS);
    // The same span submitted through the API by position has the same selectors.
    const viaApi = await submit({ start: second, end: second! + Array.from(TWICE).length }, 'مقارنة');
    expect(created.anchor).toEqual(viaApi.anchor);
    expect(created.anchor.position.start).toBe(second);
    await waitFor(async () => ((await claimOf(id)).state !== 'intake' ? true : null), { what: 'intake' });
    await page.reload();
    await page.locator('.article-text[data-highlights="drawn"]').waitFor();
    await expectHighlightsMatchSelectors(page, language);
    await expectNoScriptRan(page);
    await screenshot(page, 'article-view', 'claimed');
    await context.close();
  });

  it.each(LANGUAGES)('lets the person pick one occurrence when typed words occur twice, as the API asks (%s)', async (language) => {
    const { context, page } = await signedIn(editor, language);
    await openArticle(page);
    // No selection: the form opens with the words to type (how a keyboard-only person claims a span).
    await page.locator('body').press('Alt+c');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox').first().inputValue()).toBe('');
    await dialog.getByRole('textbox').first().fill(TWICE);
    await dialog.getByRole('textbox').nth(1).fill(`${XSS} ادعاء ${language}`);
    const refused = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/v1/articles/${articleId}/claims`));
    await dialog.getByRole('button', { name: SUBMIT[language] }).click();
    const answer = await refused;
    expect(answer.status()).toBe(422);
    expect((await answer.json()).code).toBe('anchor-ambiguous');
    const occurrences = dialog.locator('.occurrences li');
    await occurrences.first().waitFor();
    expect(await occurrences.count()).toBe(2);
    expect(await occurrences.locator('mark').allTextContents()).toEqual([TWICE, TWICE]);
    await screenshot(page, 'article-view', 'ambiguous');
    await expectAccessible(page);

    const [, second] = codePointStarts(BODY, TWICE);
    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/v1/articles/${articleId}/claims`));
    await occurrences.nth(1).getByRole('button').click();
    expect((await sent).postDataJSON().anchor).toEqual({ exact: TWICE, start: second, end: second! + Array.from(TWICE).length });
    await dialog.waitFor({ state: 'detached' });
    const id = new URL(page.url()).searchParams.get('claim')!;
    expect((await claimOf(id)).anchor.position.start).toBe(second);
    await page.locator(`.hl-badge[data-claim-id="${id}"]`).waitFor();
    await expectNoScriptRan(page);
    await context.close();
  });

  it('shows the field the API names when a claim is refused', async () => {
    const { context, page } = await signedIn(reporter, 'en');
    await openArticle(page);
    await page.getByRole('button', { name: CLAIM_SPAN.en }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').first().fill('كلمات ليست في المقالة');
    await dialog.getByRole('textbox').nth(1).fill('statement');
    await dialog.getByRole('button', { name: SUBMIT.en }).click();
    await dialog.getByText('The exact text does not occur in the article.').first().waitFor();
    expect(await dialog.getByRole('textbox').first().getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('gives a person who may not submit claims no "Claim this span" (and the API refuses them)', async () => {
    const { context, page } = await signedIn(checker, 'en');
    await openArticle(page);
    expect(await page.getByRole('button', { name: CLAIM_SPAN.en }).count()).toBe(0);
    expect(await page.locator('.article-toolbar').count()).toBe(0);
    await page.locator('body').press('Alt+c');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await http().post(`/v1/articles/${articleId}/claims`).set(bearer(checker)).send({ statement: 'x', anchor: { exact: 'تشانج يوشيا' } }).expect(403);
    await expectAccessible(page);
    await context.close();
  });
});
