import { readFileSync } from 'node:fs';
import { waitFor } from '@app/testing';
import type { Page } from 'playwright-core';
import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Language, type Person } from './browser.js';

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const SAMPLE = readFileSync('fixtures/articles/moscow-talks.ar.txt', 'utf8');
const TREATY = readFileSync('fixtures/sources/treaty-2001.excerpt.txt');
const SPAN = 'معاهدة حسن الجوار والصداقة والتعاون';
/** The claim's quoted wording is the span; the saved copy words it slightly differently (no article on "جوار"). */
const STATEMENT = `${XSS} “${SPAN}” وُقّعت عام 2001`;
const SAVED_COPY = Buffer.from(
  `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>روسيا والصين: معاهدة 2001</title></head><body><article>
<h1>روسيا والصين: معاهدة 2001</h1>
<p>وقعت روسيا والصين معاهدة حسن جوار والصداقة والتعاون عام 2001 في موسكو، وأرست المعاهدة أسس الشراكة بين البلدين لعقدين من الزمن.</p>
<p>وتنص المعاهدة على دعم متبادل لوحدة وسيادة كل من البلدين، بما في ذلك القضايا الأمنية الحساسة والحدود الإقليمية، وعلى التشاور المنتظم بين قيادتي البلدين.</p>
<p>${XSS}</p>
</article></body></html>`,
);
/** A refused address per language: loopback, and the cloud metadata address written as IPv4-mapped IPv6. */
const REFUSED: Record<Language, string> = { en: 'http://127.0.0.1/', ar: 'http://[::ffff:169.254.169.254]/' };
const REASON: Record<Language, string> = {
  en: 'The address is a private, local or reserved network address, which the desk never fetches.',
  ar: 'العنوان عنوان شبكة خاص أو محلي أو محجوز، والمكتب لا يجلب منه أبدًا.',
};
const TEXT = {
  en: { evidence: 'Evidence', captured: 'captured', refused: 'refused', attach: 'Attach', upload: 'Upload a saved copy', byUrl: 'Capture it from its address', url: 'Address (URL)', kind: 'Kind of source', secondary: 'secondary source', excerpt: 'Excerpt', trail: 'Provenance trail', timeline: 'Timeline', primary: 'primary source', cycleBack: 'back to a source above: circular reporting', fuzzy: 'found approximately', reassigned: 'reassigned' },
  ar: { evidence: 'الأدلة', captured: 'التُقط', refused: 'رُفض', attach: 'أرفق', upload: 'ارفع نسخة محفوظة', byUrl: 'التقطه من عنوانه', url: 'العنوان (URL)', kind: 'نوع المصدر', secondary: 'مصدر ثانوي', excerpt: 'المقتطف', trail: 'مسار المصادر', timeline: 'السجل الزمني', primary: 'مصدر أولي', cycleBack: 'عودة إلى مصدر أعلى: نقل دائري', fuzzy: 'وُجدت تقريبًا', reassigned: 'أُعيد إسناده' },
} as const;

describe('the claim panel in the browser', () => {
  let desk: BrowserDesk;
  let admin: Person;
  let reporter: Person;
  let checker: Person;
  let checker2: Person;
  let editor: Person;
  let auditor: Person;
  let articleId: string;

  const http = () => desk.api.http();

  const signedIn = (person: Person, language: Language) => desk.signIn(admin, person, language);

  const claimOf = async (id: string) => (await http().get(`/v1/claims/${id}`).set(bearer(reporter)).expect(200)).body;

  /** A claim through intake into research, leased to `holder` by an editor. */
  async function claimInResearch(holder: Person): Promise<string> {
    const created = await http().post(`/v1/articles/${articleId}/claims`).set(bearer(reporter)).send({ statement: STATEMENT, kind: 'quote', claimant: `${XSS} الكاتب`, priority: 'high', dueAt: '2099-01-01T09:00:00Z', anchor: { exact: SPAN } }).expect(201);
    const id = created.body.id as string;
    const claim = await waitFor(async () => {
      const c = await claimOf(id);
      return c.state === 'research' ? c : null;
    }, { what: 'intake' });
    await http().post(`/v1/claims/${id}/transitions`).set(bearer(editor)).send({ action: 'reassign', version: claim.version, assigneeId: holder.id, comment: `${XSS} للبحث` }).expect(200);
    return id;
  }

  /** A source by API, with a saved copy uploaded unless `captured` is false (then it is a dead end). */
  async function apiSource(url: string, kind: 'primary' | 'secondary', captured: boolean): Promise<string> {
    const source = await http().post('/v1/sources').set(bearer(checker)).send({ url, kind, subtype: kind === 'primary' ? 'treaty-text' : 'news-report', title: `Source ${url}`, capture: 'none' }).expect(201);
    if (captured) await http().post(`/v1/sources/${source.body.id}/uploads`).set(bearer(checker)).set('Content-Type', 'text/plain').send(TREATY.toString('utf8')).expect(202);
    return source.body.id as string;
  }

  const evidenceItem = (page: Page, sourceUrl: string) => page.locator('li.evidence', { has: page.locator('.source-url', { hasText: sourceUrl }) });

  beforeAll(async () => {
    desk = await startBrowserDesk();
    admin = await desk.api.user(['admin'], 'Admin');
    reporter = await desk.api.user(['reporter'], 'Reporter');
    checker = await desk.api.user(['checker'], 'Checker');
    checker2 = await desk.api.user(['checker'], 'Second checker');
    editor = await desk.api.user(['editor'], 'Editor');
    auditor = await desk.api.user(['auditor'], 'Auditor');
    const article = await http().post('/v1/articles').set(bearer(reporter)).send({ title: 'محادثات موسكو', language: 'ar', body: SAMPLE }).expect(201);
    articleId = article.body.id;
  }, 180_000);
  afterAll(() => desk?.close());

  it.each(LANGUAGES)(
    'a checker uploads a saved copy and sees it captured with its signals and the word diff, sees a refused address with its reason, the trail to the primary source with a cycle, and the timeline (%s)',
    async (language) => {
      const text = TEXT[language];
      const claimId = await claimInResearch(checker);
      const { context, page } = await signedIn(checker, language);
      await page.goto(`/app/articles/${articleId}?claim=${claimId}`);
      const panel = page.locator('.claim-panel');
      await panel.getByTestId('claim-state').waitFor();
      expect(await panel.getByTestId('claim-lease').getByRole('timer').count()).toBe(1);
      await panel.getByRole('heading', { name: text.evidence, exact: true }).waitFor();

      // A saved copy of a page, uploaded from this browser.
      const savedFrom = `https://news.example/${language}/treaty-2001`;
      const form = panel.locator('form');
      await form.locator('label.react-aria-Radio', { hasText: text.upload }).click();
      await form.locator('input[type=file]').setInputFiles({ name: 'treaty.html', mimeType: 'text/html', buffer: SAVED_COPY });
      await form.getByRole('textbox', { name: text.url }).fill(savedFrom);
      await form.locator('label.react-aria-Radio', { hasText: text.secondary }).click();
      expect(await form.getByRole('radio', { name: text.secondary }).isChecked()).toBe(true);
      await form.getByRole('textbox', { name: text.excerpt }).fill(`${XSS} معاهدة حسن جوار`);
      await form.getByRole('button', { name: text.attach, exact: true }).click();
      const uploaded = evidenceItem(page, savedFrom);
      await uploaded.getByTestId('capture-status').filter({ hasText: text.captured }).waitFor({ timeout: 30_000 });
      expect(await uploaded.locator('.sha').textContent()).toMatch(/^[0-9a-f]{64}$/);

      // Its signals arrive live: the quoted wording found approximately, the differing words drawn.
      const signal = panel.locator('li.signal').first();
      await signal.getByTestId('quote-kind').filter({ hasText: text.fuzzy }).waitFor({ timeout: 30_000 });
      const diff = signal.getByTestId('word-diff');
      expect(await diff.locator('del').allTextContents()).toEqual([expect.stringContaining('الجوار')]);
      expect(await diff.locator('ins').allTextContents()).toEqual([expect.stringContaining('جوار')]);
      expect(await signal.locator('.numbers .found').allTextContents()).toEqual([expect.stringContaining('2001')]);

      // An address the desk refuses to fetch: refused, with the reason in the person's language and the API's detail.
      await form.locator('label.react-aria-Radio', { hasText: text.byUrl }).click();
      await form.getByRole('textbox', { name: text.url }).fill(REFUSED[language]);
      await form.getByRole('button', { name: text.attach, exact: true }).click();
      const refused = evidenceItem(page, REFUSED[language].replace(/\/$/, ''));
      await refused.getByTestId('capture-status').filter({ hasText: text.refused }).waitFor({ timeout: 30_000 });
      await refused.getByText(REASON[language]).waitFor();
      expect(await refused.locator('.capture-refusal').textContent()).toMatch(language === 'en' ? /127\.0\.0\.1/ : /169\.254\.169\.254/);
      await screenshot(page, 'claim-panel', 'evidence');
      await expectAccessible(page);

      // The copy cites a primary source; two more evidence sources cite each other (circular reporting, no captures).
      const sources = (await http().get(`/v1/claims/${claimId}/evidence`).set(bearer(checker)).expect(200)).body.items as { source: { id: string; url: string } }[];
      const uploadedId = sources.find((e) => e.source.url === savedFrom)!.source.id;
      const primary = await apiSource(`https://treaties.example/${language}/2001`, 'primary', true);
      await http().post(`/v1/sources/${uploadedId}/derived-from`).set(bearer(checker)).send({ sourceId: primary }).expect(200);
      const a = await apiSource(`https://blog-a.example/${language}`, 'secondary', false);
      const b = await apiSource(`https://blog-b.example/${language}`, 'secondary', false);
      await http().post(`/v1/sources/${a}/derived-from`).set(bearer(checker)).send({ sourceId: b }).expect(200);
      await http().post(`/v1/sources/${b}/derived-from`).set(bearer(checker)).send({ sourceId: a }).expect(200);
      await http().post(`/v1/claims/${claimId}/evidence`).set(bearer(checker)).send({ sourceId: a, stance: 'context' }).expect(201);

      // The evidence event refreshes the trail: the primary source beneath the copy, the cycle cut and marked.
      const tree = panel.getByTestId('trail-tree');
      await tree.locator(`li[data-source-id="${primary}"]`).waitFor({ timeout: 10_000 });
      expect(await tree.locator(`li[data-source-id="${uploadedId}"] li[data-source-id="${primary}"] .mark-primary`).textContent()).toContain(text.primary);
      const cycleBack = tree.locator(`li[data-source-id="${a}"] li[data-source-id="${b}"] li[data-source-id="${a}"][data-cycle-back]`);
      expect(await cycleBack.locator('.mark-cycle').textContent()).toContain(text.cycleBack);
      await panel.getByRole('heading', { name: text.trail }).scrollIntoViewIfNeeded();
      await screenshot(page, 'claim-panel', 'trail');

      // The timeline: submitted, intake, reassigned with its comment (the markup in it stays text).
      const timeline = panel.getByTestId('timeline');
      expect(await timeline.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-action')))).toEqual(['submit', 'complete-intake', 'reassign']);
      expect(await timeline.locator('li[data-action=reassign]').textContent()).toContain(text.reassigned);
      expect(await timeline.locator('li[data-action=reassign] .comment').textContent()).toBe(`${XSS} للبحث`);

      // Markup in the statement, claimant, excerpt and saved copy is shown as text and never runs.
      expect(await panel.locator('.statement').textContent()).toBe(STATEMENT);
      expect(await panel.locator('img, script').count()).toBe(0);
      expect(await page.evaluate('window.__xss')).toBeUndefined();
      await expectAccessible(page);
      await context.close();
    },
    180_000,
  );

  it('updates live between two people: evidence one attaches appears for the other, and a reassignment moves the lease on both screens', async () => {
    const claimId = await claimInResearch(checker);
    const mine = await signedIn(checker, 'en');
    const theirs = await signedIn(editor, 'ar');
    await mine.page.goto(`/app/articles/${articleId}?claim=${claimId}`);
    await theirs.page.goto(`/app/articles/${articleId}?claim=${claimId}`);
    await theirs.page.locator('.claim-panel').getByText('لم يُرفق أي دليل بعد.').waitFor();

    const form = mine.page.locator('.claim-panel form');
    await form.getByRole('textbox', { name: 'Address (URL)' }).fill('http://10.0.0.1/internal');
    await form.getByRole('button', { name: 'Attach', exact: true }).click();
    await evidenceItem(theirs.page, 'http://10.0.0.1/internal').getByTestId('capture-status').filter({ hasText: 'رُفض' }).waitFor({ timeout: 10_000 });

    // The editor moves the lease elsewhere: the checker's panel says who holds it now, without a reload.
    const claim = await claimOf(claimId);
    await http().post(`/v1/claims/${claimId}/transitions`).set(bearer(editor)).send({ action: 'reassign', version: claim.version, assigneeId: checker2.id }).expect(200);
    await mine.page.getByTestId('claim-lease').filter({ hasText: `person ${checker2.id.slice(0, 8)}` }).waitFor({ timeout: 5_000 });
    await theirs.page.getByTestId('timeline').locator('li[data-action=reassign]').nth(1).waitFor({ timeout: 5_000 });
    await screenshot(theirs.page, 'claim-panel', 'live');
    await mine.context.close();
    await theirs.context.close();
  });

  it('shows an attach refused because the claim moved on meanwhile as a conflict with a reload, after which the form says why it is gone', async () => {
    const claimId = await claimInResearch(checker);
    const { context, page } = await signedIn(checker, 'en');
    // No live events on this screen, so it keeps showing the claim in research while it moves on.
    await page.route('**/v1/events', (route) => route.abort());
    await page.goto(`/app/articles/${articleId}?claim=${claimId}`);
    const form = page.locator('.claim-panel form');
    await form.getByRole('textbox', { name: 'Address (URL)' }).waitFor();

    let claim = await claimOf(claimId);
    claim = (await http().post(`/v1/claims/${claimId}/transitions`).set(bearer(checker)).send({ action: 'finish-research', version: claim.version, unverifiableReason: 'No source is reachable.' }).expect(200)).body;
    const taken = await http().post('/v1/tasks/next').set(bearer(checker)).send({ step: 'assessment', articleId }).expect(200);
    expect(taken.body.id).toBe(claimId);
    await http().post(`/v1/claims/${claimId}/transitions`).set(bearer(checker)).send({ action: 'propose', version: taken.body.version, rating: 'unverifiable', rationale: 'Nothing to check it against.' }).expect(200);

    await form.getByRole('textbox', { name: 'Address (URL)' }).fill('https://news.example/too-late');
    await form.getByRole('button', { name: 'Attach', exact: true }).click();
    await page.getByText('Someone else changed this').waitFor();
    await screenshot(page, 'claim-panel', 'conflict');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByText('Someone else changed this').waitFor({ state: 'detached' });
    await page.locator('section.attach').getByText('Evidence is attached in research or assessment; this claim is in review.').waitFor();
    expect(await page.locator('.claim-panel form').count()).toBe(0);
    expect((await http().get(`/v1/claims/${claimId}/evidence`).set(bearer(checker)).expect(200)).body.items).toEqual([]);
    await context.close();
  });

  it('shows no attach form to a role the API does not let attach (an auditor reads the claim, its evidence and trail)', async () => {
    const claimId = await claimInResearch(checker);
    const { context, page } = await signedIn(auditor, 'ar');
    await page.goto(`/app/articles/${articleId}?claim=${claimId}`);
    await page.locator('.claim-panel').getByTestId('claim-state').waitFor();
    await page.locator('.claim-panel').getByRole('heading', { name: 'الأدلة', exact: true }).waitFor();
    expect(await page.locator('.claim-panel form').count()).toBe(0);
    await expectAccessible(page);
    // The panel's own links jump to each part by keyboard.
    const toTrail = page.locator('.claim-panel-nav').getByRole('link', { name: 'مسار المصادر' });
    await toTrail.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#claim-trail$/);
    expect(await page.locator('#claim-trail').isVisible()).toBe(true);
    expect(await page.evaluate("document.getElementById('claim-trail').getBoundingClientRect().top < window.innerHeight")).toBe(true);
    await context.close();
  });
});
