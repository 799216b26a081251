import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { waitFor } from '@app/testing';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Language, type Person } from './browser.js';

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const SAMPLE = readFileSync('fixtures/articles/moscow-talks.ar.txt', 'utf8');
/** Spans of the Arabic sample, each occurring once. */
const SPANS = ['معاهدة حسن الجوار والصداقة والتعاون', 'في عام 2022', 'في 12 نوفمبر الجاري', 'في 2024 و2025', 'أندريه بيلوسوف', 'تشانج يوشيا'];

const EN = {
  propose: 'Propose verdict',
  approve: 'Approve verdict',
  returnIt: 'Return',
  proposed: 'Proposed verdict',
  approved: 'Approved verdict',
  conflict: 'Someone else changed this',
};

describe('verdict and review in the browser', () => {
  let desk: BrowserDesk;
  let admin: Person;
  let reporter: Person;
  let checker: Person;
  /** An editor who also checks: may propose, so four-eyes keeps them from approving what they proposed. */
  let editorChecker: Person;
  let editor: Person;
  let articleId: string;

  const http = () => desk.api.http();

  /** A browser context signed in as `person` through a one-time sign-in link, as the demo hands them out. */
  const signedIn = (person: Person, language: Language) => desk.signIn(admin, person, language);

  const claimOf = async (id: string) => (await http().get(`/v1/claims/${id}`).set(bearer(reporter)).expect(200)).body;
  const timelineOf = async (id: string) => (await http().get(`/v1/claims/${id}/timeline`).set(bearer(reporter)).expect(200)).body.items as { action: string; from: string; to: string; actorId: string; comment: string | null }[];

  async function transition(person: Person, claimId: string, body: Record<string, unknown>, status = 200) {
    const { version } = await claimOf(claimId);
    return http().post(`/v1/claims/${claimId}/transitions`).set(bearer(person)).send({ version, ...body }).expect(status);
  }

  /** A claim on `span`, walked through the API to assessment: a saved copy attached as evidence and archived, research finished. */
  async function inAssessment(span: string, statement = `Claim: ${span}`): Promise<string> {
    const claim = await http().post(`/v1/articles/${articleId}/claims`).set(bearer(reporter)).send({ statement, kind: 'event', anchor: { exact: span } }).expect(201);
    const id = claim.body.id as string;
    await waitFor(async () => ((await claimOf(id)).state === 'research' ? true : null), { what: 'intake' });
    const source = await http()
      .post('/v1/sources')
      .set(bearer(checker))
      .send({ url: `https://mid.ru/statement-${randomBytes(6).toString('hex')}`, kind: 'primary', subtype: 'official-statement', title: 'Ministry statement', language: 'ru', capture: 'none' })
      .expect(201);
    await http().post(`/v1/sources/${source.body.id}/uploads`).set(bearer(checker)).set('Content-Type', 'text/plain').send(Buffer.from(`Saved copy: ${span}\n`, 'utf8')).expect(202);
    await http().post(`/v1/claims/${id}/evidence`).set(bearer(checker)).send({ sourceId: source.body.id, stance: 'supports' }).expect(201);
    await waitFor(async () => ((await http().get(`/v1/claims/${id}/evidence`).set(bearer(checker)).expect(200)).body.items as { archived: unknown }[]).some((item) => item.archived !== null), {
      what: 'the saved copy to be archived',
    });
    await transition(checker, id, { action: 'finish-research' });
    return id;
  }

  const openClaim = async (page: Page, claimId: string) => {
    await page.goto(`/app/articles/${articleId}?claim=${claimId}`);
    return page.locator('section.verdict');
  };


  /** Picks a radio by pointer: its input is visually hidden, so the person presses its label. */
  const choose = (scope: Locator, name: string) => scope.locator('label.react-aria-Radio', { hasText: name }).click();

  /** Presses Tab until `target` has the focus (keyboard only, as a person without a mouse moves). */
  async function tabTo(page: Page, target: Locator, limit = 80) {
    for (let presses = 0; presses < limit; presses++) {
      if (await target.evaluate((element) => element.contains(element.ownerDocument.activeElement))) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  /** The focus ring is drawn: react-aria marks keyboard focus with data-focus-visible, the CSS outlines it. */
  async function expectVisibleFocus(target: Locator) {
    expect(await target.getAttribute('data-focus-visible')).not.toBeNull();
    const outline = await target.evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
  }

  beforeAll(async () => {
    desk = await startBrowserDesk();
    admin = await desk.api.user(['admin'], 'Admin');
    reporter = await desk.api.user(['reporter'], 'Reporter');
    checker = await desk.api.user(['checker'], 'Checker');
    editorChecker = await desk.api.user(['editor', 'checker'], 'Editor and checker');
    editor = await desk.api.user(['editor'], 'Editor');
    const article = await http().post('/v1/articles').set(bearer(reporter)).send({ title: 'محادثات موسكو', language: 'ar', body: SAMPLE }).expect(201);
    articleId = article.body.id;
  }, 180_000);
  afterAll(() => desk?.close());

  it.each(LANGUAGES.map((language, index) => [language, SPANS[index]!] as const))(
    'lets the checker holding the lease propose with the keyboard only: the scale in the interface language, rating and rationale (%s)',
    async (language, span) => {
      const claimId = await inAssessment(span);
      // The editor hands the assessment to the checker: they hold its lease.
      await transition(editor, claimId, { action: 'reassign', assigneeId: checker.id });
      const { context, page } = await signedIn(checker, language);
      const section = await openClaim(page, claimId);
      const ar = language === 'ar';
      await section.getByRole('heading', { name: ar ? 'اقترح حكمًا' : 'Propose a verdict' }).waitFor();
      const ratings = section.getByRole('radiogroup', { name: ar ? 'التصنيف' : 'Rating' });
      // The labels come from the API's scale in the person's language; quote ratings are for quote claims only.
      expect(await ratings.getByRole('radio').count()).toBe(5);
      await ratings.getByRole('radio', { name: ar ? 'دقيق في معظمه' : 'Mostly accurate' }).waitFor();
      expect(await ratings.getByRole('radio', { name: ar ? 'اقتباس دقيق' : 'Accurate quote' }).count()).toBe(0);

      // Submitting with nothing filled in names both fields and sends nothing.
      const submit = section.getByRole('button', { name: ar ? 'اقترح الحكم' : EN.propose });
      await tabTo(page, submit);
      await expectVisibleFocus(submit);
      await page.keyboard.press('Enter');
      await section.getByText(ar ? 'اختر تصنيفًا.' : 'Choose a rating.').waitFor();
      await section.getByText(ar ? 'علّل الحكم.' : 'Explain the verdict.').waitFor();
      expect((await claimOf(claimId)).state).toBe('assessment');

      // Keyboard only: into the radio group, arrows to pick, Tab to the rationale, type, Tab to propose, Enter.
      await tabTo(page, ratings.getByRole('radio').first());
      await page.keyboard.press('ArrowDown');
      expect(await ratings.getByRole('radio', { name: ar ? 'دقيق في معظمه' : 'Mostly accurate' }).isChecked()).toBe(true);
      const rationale = ar ? 'البيان الرسمي يؤكد الاجتماع، لكن التاريخ تقريبي.' : 'The ministry statement confirms the meeting; the date is approximate.';
      await tabTo(page, section.getByRole('textbox', { name: ar ? 'التعليل' : 'Rationale' }));
      await page.keyboard.type(rationale);
      await tabTo(page, submit);
      await expectVisibleFocus(submit);
      await screenshot(page, 'verdict', 'propose');
      await expectAccessible(page);
      await page.keyboard.press('Enter');

      await section.getByRole('heading', { name: ar ? 'الحكم المقترح' : EN.proposed }).waitFor();
      const claim = await claimOf(claimId);
      expect(claim).toMatchObject({ state: 'review', proposal: { rating: 'mostly-accurate', rationale, proposedBy: checker.id } });
      await section.getByText(rationale).waitFor();
      // A checker who is not an editor reviews nothing: no approve button, a note saying who does.
      expect(await section.getByRole('button', { name: ar ? 'اعتمد الحكم' : EN.approve }).count()).toBe(0);
      await screenshot(page, 'verdict', 'proposed');
      await expectAccessible(page);
      await context.close();
    },
  );

  it('shows a checker who does not hold the lease who does, and no proposal form; the API refuses their proposal', async () => {
    const claimId = await inAssessment(SPANS[4]!);
    await transition(editor, claimId, { action: 'reassign', assigneeId: checker.id });
    const { context, page } = await signedIn(editorChecker, 'ar');
    const section = await openClaim(page, claimId);
    await section.getByText(`محجوزة لـالشخص ${checker.id.slice(0, 8)}.`, { exact: false }).waitFor();
    expect(await section.getByRole('button', { name: 'اقترح الحكم' }).count()).toBe(0);
    expect(await section.getByRole('radiogroup').count()).toBe(0);
    await expectAccessible(page);
    const refused = await transition(editorChecker, claimId, { action: 'propose', rating: 'accurate', rationale: 'Not mine to propose.' }, 409);
    expect(refused.body).toMatchObject({ code: 'task-leased' });
    await context.close();
  });

  it('shows the proposer who is also an editor no approve or return button, with the four-eyes note; the API refuses their approval; another editor returns with a comment, then approves', async () => {
    const claimId = await inAssessment(SPANS[2]!, `${XSS} التقى شويغو وانغ يي في بكين`);
    await transition(editorChecker, claimId, { action: 'propose', rating: 'accurate', rationale: `${XSS} Confirmed by the ministry's readout.` });

    const own = await signedIn(editorChecker, 'en');
    const ownSection = await openClaim(own.page, claimId);
    await ownSection.getByRole('heading', { name: EN.proposed }).waitFor();
    await ownSection.getByText('You proposed this verdict, so another editor reviews it (four-eyes)', { exact: false }).waitFor();
    await ownSection.getByText('Proposed by you').waitFor();
    expect(await ownSection.getByRole('button', { name: EN.approve }).count()).toBe(0);
    expect(await ownSection.getByRole('button', { name: EN.returnIt, exact: true }).count()).toBe(0);
    // The statement and rationale carry markup: they stay text, so nothing set the marker.
    expect(await own.page.evaluate('window.__xss')).toBeUndefined();
    await screenshot(own.page, 'verdict', 'four-eyes');
    await expectAccessible(own.page);
    // The API decides regardless of what the screen shows.
    const refused = await transition(editorChecker, claimId, { action: 'approve' }, 403);
    expect(refused.body).toMatchObject({ code: 'four-eyes' });
    await transition(editorChecker, claimId, { action: 'return', to: 'research', comment: 'my own' }, 403);

    // Another editor, in Arabic: an empty comment is refused next to its field, by the form and by the API.
    const other = await signedIn(editor, 'ar');
    const section = await openClaim(other.page, claimId);
    await section.getByRole('heading', { name: 'الحكم المقترح' }).waitFor();
    const to = section.getByRole('radiogroup', { name: 'أعِده إلى' });
    await choose(to, 'التقييم');
    await section.getByRole('button', { name: 'أعِده', exact: true }).click();
    await section.getByText('اذكر سبب الإعادة.').waitFor();
    expect((await claimOf(claimId)).state).toBe('review');
    const noComment = await transition(editor, claimId, { action: 'return', to: 'assessment' }, 422);
    expect(noComment.body.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
    await screenshot(other.page, 'verdict', 'return-empty');
    await expectAccessible(other.page);

    const comment = 'أرفق نص البيان الرسمي للاجتماع.';
    await section.getByRole('textbox', { name: 'التعليق' }).fill(comment);
    await section.getByRole('button', { name: 'أعِده', exact: true }).click();
    // Back in the chosen step: the editor sees why, and the checker will.
    await section.getByText('يقترح المدقق الحكم.').waitFor();
    await section.getByText(comment).waitFor();
    expect((await claimOf(claimId)).state).toBe('assessment');
    const returned = (await timelineOf(claimId)).at(-1)!;
    expect(returned).toMatchObject({ action: 'return', from: 'review', to: 'assessment', actorId: editor.id, comment });
    // The proposer's screen followed live: no reload.
    await ownSection.getByText(comment).waitFor({ timeout: 5_000 });
    await screenshot(other.page, 'verdict', 'returned');

    // A checker proposes again elsewhere: the editor's section shows the proposal live, and they approve it with the keyboard.
    await transition(checker, claimId, { action: 'propose', rating: 'mostly-accurate', rationale: 'Readout attached: the meeting took place on 12 November.' });
    await section.getByRole('heading', { name: 'الحكم المقترح' }).waitFor({ timeout: 5_000 });
    await section.getByText('دقيق في معظمه').waitFor();
    const approve = section.getByRole('button', { name: 'اعتمد الحكم' });
    await tabTo(other.page, approve);
    await expectVisibleFocus(approve);
    await other.page.keyboard.press('Enter');
    await section.getByRole('heading', { name: 'الحكم المعتمد' }).waitFor();
    expect((await claimOf(claimId)).state).toBe('done');
    await section.getByText('اعتمده أنت').waitFor();
    await section.getByText(`اقترحه الشخص ${checker.id.slice(0, 8)}`).waitFor();
    expect(await section.locator('time').count()).toBe(2);
    await screenshot(other.page, 'verdict', 'done');
    await expectAccessible(other.page);

    // The proposer of the first verdict sees the approval live too, in English.
    await ownSection.getByRole('heading', { name: EN.approved }).waitFor({ timeout: 5_000 });
    await ownSection.getByText('Mostly accurate').waitFor();
    await ownSection.getByText(`Approved by person ${editor.id.slice(0, 8)}`).waitFor();
    await screenshot(own.page, 'verdict', 'done');
    await expectAccessible(own.page);
    await own.context.close();
    await other.context.close();
  });

  it('shows a stale approval as a conflict with a reload, never overwriting the return another editor made first', async () => {
    const claimId = await inAssessment(SPANS[3]!);
    await transition(checker, claimId, { action: 'propose', rating: 'inaccurate', rationale: 'The 2024 statement does not say this.' });
    const first = await signedIn(editor, 'en');
    // This screen misses the live events, so it keeps the version it read while the other editor acts.
    await first.page.route('**/v1/events', (route) => route.abort());
    const firstSection = await openClaim(first.page, claimId);
    await firstSection.getByRole('button', { name: EN.approve }).waitFor();

    const second = await signedIn(editorChecker, 'ar');
    const secondSection = await openClaim(second.page, claimId);
    await choose(secondSection, 'البحث');
    await secondSection.getByRole('textbox', { name: 'التعليق' }).fill('المصدر لا يذكر ذلك؛ ابحث عن النص الأصلي.');
    await secondSection.getByRole('button', { name: 'أعِده', exact: true }).click();
    await waitFor(async () => ((await claimOf(claimId)).state === 'research' ? true : null), { what: 'the return' });

    await firstSection.getByRole('button', { name: EN.approve }).click();
    await firstSection.getByText(EN.conflict).waitFor();
    await screenshot(first.page, 'verdict', 'conflict');
    await expectAccessible(first.page);
    expect((await claimOf(claimId)).state).toBe('research');
    await firstSection.getByRole('button', { name: 'Reload' }).click();
    await firstSection.getByText(EN.conflict).waitFor({ state: 'detached' });
    await firstSection.getByText('A checker finishes the research.').waitFor();
    await first.context.close();
    await second.context.close();
  });
});
