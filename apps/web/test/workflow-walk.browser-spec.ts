import { readFileSync } from 'node:fs';
import { waitFor } from '@app/testing';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { CATALOGUE, type Language, type MessageKey } from '../src/i18n/messages.js';
import { expectAccessible, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Person } from './browser.js';

/**
 * The whole workflow in the browser, as the demo's people do it: a reporter adds the Arabic sample and
 * claims a span of it; a checker takes the research, sees a refused address with its reason, uploads a
 * saved copy and sees it captured with its signals, and proposes a verdict; an editor returns it with a
 * comment; the checker finishes again; the editor approves (a second editor's stale screen gets the
 * conflict, not an overwrite) and publishes; a reader opens the published report; an auditor replays the
 * claim's trail. Every person works in their own browser context; live updates reach the others.
 * Labels come from the app's own catalogue, so the walk reads each screen in the person's language.
 */

const SAMPLE = readFileSync('fixtures/articles/moscow-talks.ar.txt', 'utf8');
const TITLE = 'بوتين يستقبل وزير الدفاع الصيني';
const SPAN = 'معاهدة حسن الجوار والصداقة والتعاون';
const STATEMENT = 'وقّعت روسيا والصين “معاهدة حسن الجوار والصداقة والتعاون” عام 2001';
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
/** A saved copy of a page that words the treaty's name as the article does, and gives the year. */
const SAVED_COPY = Buffer.from(
  `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>معاهدة 2001</title></head><body><article>
<h1>روسيا والصين: معاهدة 2001</h1>
<p>وقّعت روسيا والصين في موسكو يوم 16 يوليو 2001 معاهدة حسن الجوار والصداقة والتعاون، التي أرست أسس الشراكة بين البلدين.</p>
<p>وتنص المعاهدة على دعم متبادل لوحدة وسيادة كل من البلدين وعلى التشاور المنتظم بين قيادتي البلدين.</p>
</article></body></html>`,
);

/** A label of the app in `language`, with its `{placeholders}` filled. */
function label(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return CATALOGUE[language][key].replace(/\{(\w+)\}/g, (_: string, name: string) => String(values[name] ?? `{${name}}`));
}

/** Selects `exact` in the article body as a mouse drag over it would (the body's text nodes, badges skipped). */
const selectInBody = (page: Page, exact: string) =>
  page.evaluate(`(() => {
    const text = ${JSON.stringify(exact)};
    const root = document.querySelector('.article-text');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeType === 1 && n.hasAttribute('data-anchor-ignore') ? NodeFilter.FILTER_REJECT : n.nodeType === 3 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    const start = nodes.map((n) => n.data).join('').indexOf(text);
    const end = start + text.length;
    const range = document.createRange();
    let at = 0;
    for (const node of nodes) {
      if (start >= at && start < at + node.length) range.setStart(node, start - at);
      if (end > at && end <= at + node.length) range.setEnd(node, end - at);
      at += node.length;
    }
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
  })()`);

/** Picks a radio by its label (react-aria keeps the input visually hidden). */
const choose = (scope: Locator, name: string) => scope.locator('label.react-aria-Radio', { hasText: name }).first().click();

describe('the whole workflow in the browser, from "claim this span" to a published report', () => {
  let desk: BrowserDesk;
  let admin: Person, reporter: Person, checker: Person, editor: Person, editor2: Person, auditor: Person;
  const http = () => desk.api.http();
  const contexts: BrowserContext[] = [];

  /** A browser context signed in as `person` through a one-time sign-in link (as the demo prints them). */
  async function signedIn(person: Person, language: Language): Promise<Page> {
    const { context, page } = await desk.signIn(admin, person, language);
    contexts.push(context);
    return page;
  }

  const claimOf = async (id: string) => (await http().get(`/v1/claims/${id}`).set(bearer(editor)).expect(200)).body as { state: string; version: number };

  /** "Take next" in `step` of My queue with the keyboard (`n`), then Enter opens the task beside its article. */
  async function takeNextAndOpen(page: Page, language: Language, step: 'research' | 'assessment' | 'review', claimId: string) {
    await page.goto(`/app/queue?step=${step}`);
    await page.getByRole('button', { name: label(language, 'queue.takeNext') }).waitFor();
    await page.keyboard.press('n');
    // The task taken gets the focus, so Enter opens it.
    await page.locator(`a.task-open[data-claim="${claimId}"]:focus`).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`[?&]claim=${claimId}`));
    const panel = page.locator('.claim-panel');
    await panel.getByTestId('claim-state').waitFor();
    return panel;
  }

  async function expectNoScriptRan(page: Page) {
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
  }

  beforeAll(async () => {
    desk = await startBrowserDesk();
    [admin, reporter, checker, editor, editor2, auditor] = await Promise.all([
      desk.api.user(['admin'], 'Demo admin'),
      desk.api.user(['reporter'], 'Demo reporter'),
      desk.api.user(['checker'], 'Demo checker'),
      desk.api.user(['editor'], 'Demo editor'),
      desk.api.user(['editor'], 'Second editor'),
      desk.api.user(['auditor'], 'Demo auditor'),
    ]);
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await desk?.close();
  });

  it('walks the Arabic sample through every step in the browser', async () => {
    // 1. The reporter (Arabic interface) adds the article by pasting its text.
    const reporterPage = await signedIn(reporter, 'ar');
    await reporterPage.goto('/app/articles/new');
    await reporterPage.getByRole('textbox', { name: label('ar', 'article.new.articleTitle') }).fill(TITLE);
    await reporterPage.getByRole('textbox', { name: label('ar', 'article.new.language') }).fill('ar');
    await reporterPage.getByRole('textbox', { name: label('ar', 'article.new.body') }).fill(SAMPLE);
    await reporterPage.getByRole('button', { name: label('ar', 'article.new.submit') }).click();
    await reporterPage.waitForURL(/\/app\/articles\/[0-9a-f-]{36}/);
    const articleId = new URL(reporterPage.url()).pathname.split('/').pop()!;
    await reporterPage.locator('.article-text[data-highlights="drawn"]').waitFor();
    expect(await reporterPage.locator('.article-text').getAttribute('dir')).toBe('rtl');
    await screenshot(reporterPage, 'walk', '01-article-added');

    // 2. … selects the span and claims it ("Claim this span" opens the form with the anchor filled in).
    await selectInBody(reporterPage, SPAN);
    await reporterPage.getByRole('button', { name: label('ar', 'article.view.claimSpan') }).click();
    const form = reporterPage.getByRole('dialog');
    await form.waitFor();
    const start = Array.from(SAMPLE.slice(0, SAMPLE.indexOf(SPAN))).length;
    expect(await form.textContent()).toContain(label('ar', 'claim.form.spanPosition', { start, end: start + Array.from(SPAN).length }));
    await form.getByRole('textbox', { name: label('ar', 'claim.form.statement') }).fill(STATEMENT);
    await form.getByRole('textbox', { name: label('ar', 'claim.form.claimant') }).fill(`${XSS} وكالة`);
    await screenshot(reporterPage, 'walk', '02-claim-form');
    await expectAccessible(reporterPage);
    await form.getByRole('button', { name: label('ar', 'claim.form.submit') }).click();
    await reporterPage.waitForURL(/[?&]claim=/);
    const claimId = new URL(reporterPage.url()).searchParams.get('claim')!;
    const claimed = (await http().get(`/v1/claims/${claimId}`).set(bearer(reporter)).expect(200)).body;
    expect(claimed.anchor.position).toEqual({ type: 'TextPositionSelector', start, end: start + Array.from(SPAN).length });
    expect(claimed.anchor.quote.exact).toBe(SPAN);
    // Intake runs in the worker; the reporter's highlight follows it live into research.
    const badge = reporterPage.locator(`.hl-badge[data-claim-id="${claimId}"]`);
    await reporterPage.locator(`.hl-badge[data-claim-id="${claimId}"][data-state="research"]`).waitFor({ timeout: 15_000 });
    expect(await reporterPage.locator(`mark[data-claims~="${claimId}"]`).allTextContents().then((parts) => parts.join(''))).toBe(SPAN);
    await screenshot(reporterPage, 'walk', '03-claimed-in-research');

    // 3. The checker (English interface) takes the research from the queue with the keyboard.
    const checkerPage = await signedIn(checker, 'en');
    let panel = await takeNextAndOpen(checkerPage, 'en', 'research', claimId);
    const attach = panel.locator('form').filter({ has: checkerPage.getByRole('button', { name: label('en', 'claimPanel.attach.submit'), exact: true }) });

    // An address the desk never fetches: refused, with its reason.
    await attach.getByRole('textbox', { name: label('en', 'claimPanel.attach.url') }).fill('http://169.254.169.254/latest/meta-data/');
    await attach.getByRole('button', { name: label('en', 'claimPanel.attach.submit'), exact: true }).click();
    const refused = panel.locator('li.evidence', { has: checkerPage.locator('.source-url', { hasText: '169.254.169.254' }) });
    await refused.getByTestId('capture-status').filter({ hasText: label('en', 'claimPanel.capture.refused') }).waitFor({ timeout: 30_000 });
    await refused.getByText(label('en', 'claimPanel.reason.address-not-allowed')).waitFor();
    await screenshot(checkerPage, 'walk', '04-refused-address');

    // A saved copy of the page, uploaded: captured, with its signals.
    await choose(attach, label('en', 'claimPanel.attach.byUpload'));
    await attach.locator('input[type=file]').setInputFiles({ name: 'treaty.html', mimeType: 'text/html', buffer: SAVED_COPY });
    await attach.getByRole('textbox', { name: label('en', 'claimPanel.attach.url') }).fill('https://news.example/treaty-2001');
    await choose(attach, label('en', 'claimPanel.sourceKind.secondary'));
    await attach.getByRole('button', { name: label('en', 'claimPanel.attach.submit'), exact: true }).click();
    const uploaded = panel.locator('li.evidence', { has: checkerPage.locator('.source-url', { hasText: 'news.example' }) });
    await uploaded.getByTestId('capture-status').filter({ hasText: label('en', 'claimPanel.capture.ok') }).waitFor({ timeout: 30_000 });
    expect(await uploaded.locator('.sha').textContent()).toMatch(/^[0-9a-f]{64}$/);
    const signal = panel.locator('li.signal').first();
    await signal.getByTestId('quote-kind').waitFor({ timeout: 30_000 });
    expect(await signal.locator('.numbers .found').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('2001')]));
    await screenshot(checkerPage, 'walk', '05-uploaded-captured-signals');
    await expectAccessible(checkerPage);

    // Research finished: with a captured source, no reason is asked for.
    const verdict = checkerPage.locator('section.verdict');
    await verdict.getByRole('button', { name: label('en', 'verdict.research.submit') }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'assessment' ? true : null), { what: 'assessment' });
    // The reporter's screen shows it without a reload.
    await reporterPage.locator(`.hl-badge[data-claim-id="${claimId}"][data-state="assessment"]`).waitFor({ timeout: 5_000 });

    // 4. The checker proposes a verdict from the assessment queue.
    panel = await takeNextAndOpen(checkerPage, 'en', 'assessment', claimId);
    // The scale's labels come from the API (English here).
    await choose(verdict, 'Accurate');
    await verdict.getByRole('textbox', { name: label('en', 'verdict.propose.rationale') }).fill('The treaty was signed in Moscow on 16 July 2001; the saved copy says so.');
    await verdict.getByRole('button', { name: label('en', 'verdict.propose.submit') }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'review' ? true : null), { what: 'review' });
    await screenshot(checkerPage, 'walk', '06-proposed');

    // 5. The editor (Arabic) returns it to research; the comment is required.
    const editorPage = await signedIn(editor, 'ar');
    await takeNextAndOpen(editorPage, 'ar', 'review', claimId);
    const review = editorPage.locator('section.verdict');
    await review.getByRole('button', { name: label('ar', 'verdict.review.approve') }).waitFor();
    await choose(review, label('ar', 'claim.state.research'));
    await review.getByRole('button', { name: label('ar', 'verdict.return.submit'), exact: true }).click();
    await review.getByText(label('ar', 'verdict.return.commentRequired')).waitFor();
    expect((await claimOf(claimId)).state).toBe('review');
    await screenshot(editorPage, 'walk', '07a-return-needs-comment');
    await review.getByRole('textbox', { name: label('ar', 'verdict.return.comment') }).fill('أرفق نص المعاهدة الرسمي إن وُجد.');
    // The error goes as soon as there is a comment (before the next press, so Return stays under the pointer).
    await review.getByText(label('ar', 'verdict.return.commentRequired')).waitFor({ state: 'detached' });
    await screenshot(editorPage, 'walk', '07-return-with-comment');
    await review.getByRole('button', { name: label('ar', 'verdict.return.submit'), exact: true }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'research' ? true : null), { what: 'the return' });

    // 6. The checker sees the return and its comment, finishes research again and proposes again.
    await takeNextAndOpen(checkerPage, 'en', 'research', claimId);
    await verdict.getByText('أرفق نص المعاهدة الرسمي إن وُجد.').waitFor();
    await verdict.getByRole('button', { name: label('en', 'verdict.research.submit') }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'assessment' ? true : null), { what: 'assessment again' });
    await takeNextAndOpen(checkerPage, 'en', 'assessment', claimId);
    await choose(verdict, 'Accurate');
    await verdict.getByRole('textbox', { name: label('en', 'verdict.propose.rationale') }).fill('Signed in Moscow on 16 July 2001 (saved copy attached).');
    await verdict.getByRole('button', { name: label('en', 'verdict.propose.submit') }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'review' ? true : null), { what: 'review again' });

    // 7. Two editors look at the review; the second's screen misses the live events (its stream is cut),
    //    the first approves, and the second's stale return is refused as a conflict, never applied.
    const stalePage = await signedIn(editor2, 'en');
    await stalePage.route('**/v1/events', (route) => route.abort());
    await stalePage.goto(`/app/articles/${articleId}?claim=${claimId}`);
    const staleReview = stalePage.locator('section.verdict');
    await staleReview.getByRole('button', { name: label('en', 'verdict.review.approve') }).waitFor();
    await editorPage.goto(`/app/articles/${articleId}?claim=${claimId}`);
    await review.getByRole('button', { name: label('ar', 'verdict.review.approve') }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'done' ? true : null), { what: 'approval' });
    await choose(staleReview, label('en', 'claim.state.assessment'));
    await staleReview.getByRole('textbox', { name: label('en', 'verdict.return.comment') }).fill('Rating too generous.');
    await staleReview.getByRole('button', { name: label('en', 'verdict.return.submit'), exact: true }).click();
    await staleReview.getByText(label('en', 'conflict.title')).waitFor();
    expect((await claimOf(claimId)).state).toBe('done');
    await screenshot(stalePage, 'walk', '08-stale-write-conflict');
    // The reporter saw the approval live.
    await reporterPage.locator(`.hl-badge[data-claim-id="${claimId}"][data-state="done"]`).waitFor({ timeout: 5_000 });
    expect(await badge.textContent()).toContain(label('ar', 'claim.state.done'));
    await screenshot(reporterPage, 'walk', '09-done-live');

    // 8. The editor publishes the report.
    await editorPage.goto(`/app/articles/${articleId}/publish`);
    await editorPage.getByRole('button', { name: label('ar', 'publish.form.submit') }).click();
    const publicLink = editorPage.getByRole('link', { name: label('ar', 'publish.versions.htmlOf', { version: 1 }) });
    await publicLink.waitFor({ timeout: 60_000 });
    await screenshot(editorPage, 'walk', '10-published');
    const href = await publicLink.getAttribute('href');

    // 9. A reader (no sign-in) opens it: the claim with its verdict, right to left.
    const readerContext = await desk.browser.newContext({ baseURL: desk.baseUrl, locale: 'ar-EG' });
    contexts.push(readerContext);
    const reader = await readerContext.newPage();
    const response = await reader.goto(new URL(href!, desk.baseUrl).pathname);
    expect(response?.status()).toBe(200);
    expect(await reader.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await reader.textContent('body')).toContain(STATEMENT);
    await screenshot(reader, 'walk', '11-public-report');

    // 10. The auditor (English) replays the claim's trail and verifies the log.
    const auditorPage = await signedIn(auditor, 'en');
    await auditorPage.goto(`/app/audit?target=claim:${claimId}`);
    const replay = auditorPage.locator('section[aria-labelledby="trail-title"] ol.timeline li');
    await replay.first().waitFor({ timeout: 15_000 });
    const steps = await replay.allTextContents();
    // Who attached what, in time order: the saved copy's upload (with its sha256) before its attachment.
    expect(steps.some((step) => /sha256 [0-9a-f]{64}/.test(step))).toBe(true);
    const upload = steps.findIndex((step) => step.includes('uploaded a saved copy of معاهدة 2001'));
    expect(upload).toBeGreaterThan(-1);
    expect(upload).toBeLessThan(steps.findIndex((step) => step.includes('attached as evidence (supports): معاهدة 2001')));
    expect(steps.some((step) => step.includes('capture finished (refused)') && step.includes('address-not-allowed'))).toBe(true);
    await auditorPage.getByRole('button', { name: label('en', 'audit.verify.run') }).click();
    await auditorPage.getByText(label('en', 'audit.verify.ok')).waitFor({ timeout: 60_000 });
    await screenshot(auditorPage, 'walk', '12-audit-verified');
    await expectAccessible(auditorPage);

    for (const page of [reporterPage, checkerPage, editorPage, stalePage, auditorPage]) await expectNoScriptRan(page);
  }, 420_000);
});
