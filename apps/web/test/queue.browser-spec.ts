import { readFileSync } from 'node:fs';
import { waitFor } from '@app/testing';
import { expectAccessible, LANGUAGES, screenshot, startBrowserDesk, bearer, type BrowserDesk, type Language, type Person } from './browser.js';

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const SAMPLE = readFileSync('fixtures/articles/moscow-talks.ar.txt', 'utf8');
/** Spans of the Arabic sample, each occurring once. */
const SPANS = ['معاهدة حسن الجوار والصداقة والتعاون', 'في عام 2022', 'في 12 نوفمبر الجاري', 'في 2024 و2025', 'أندريه بيلوسوف', 'تشانج يوشيا'];

describe('my queue in the browser', () => {
  let desk: BrowserDesk;
  let admin: Person;
  let reporter: Person;
  let checker: Person;
  let checker2: Person;
  let editor: Person;
  let articleId: string;

  const http = () => desk.api.http();

  /** A browser context signed in as `person` through a one-time sign-in link, as the demo hands them out. */
  const signedIn = (person: Person, language: Language) => desk.signIn(admin, person, language);

  async function submit(span: string, statement = `Claim: ${span}`): Promise<string> {
    const claim = await http().post(`/v1/articles/${articleId}/claims`).set(bearer(reporter)).send({ statement, kind: 'event', anchor: { exact: span } }).expect(201);
    await waitFor(async () => ((await http().get(`/v1/claims/${claim.body.id}`).set(bearer(reporter))).body.state === 'research' ? true : null), { what: 'intake' });
    return claim.body.id as string;
  }

  const claimOf = async (id: string) => (await http().get(`/v1/claims/${id}`).set(bearer(reporter)).expect(200)).body;

  /** Releases every lease, so each test starts from a queue nobody holds. */
  async function releaseAll() {
    const held = await http().get('/v1/tasks').set(bearer(editor)).expect(200);
    for (const claim of held.body.items) {
      await http().post(`/v1/claims/${claim.id}/transitions`).set(bearer(editor)).send({ action: 'release', version: claim.version, comment: 'test reset' }).expect(200);
    }
  }

  beforeAll(async () => {
    desk = await startBrowserDesk();
    admin = await desk.api.user(['admin'], 'Admin');
    reporter = await desk.api.user(['reporter'], 'Reporter');
    checker = await desk.api.user(['checker'], 'Checker');
    checker2 = await desk.api.user(['checker'], 'Second checker');
    editor = await desk.api.user(['editor'], 'Editor');
    const article = await http().post('/v1/articles').set(bearer(reporter)).send({ title: 'محادثات موسكو', language: 'ar', body: SAMPLE }).expect(201);
    articleId = article.body.id;
    await submit(SPANS[0]!, `${XSS} روسيا والصين وقعتا المعاهدة عام 2001`);
    for (const span of SPANS.slice(1, 4)) await submit(span);
  }, 180_000);
  afterAll(() => desk?.close());
  afterEach(() => releaseAll());

  it.each(LANGUAGES)('takes the next task with the keyboard (n), shows its lease counting down, opens it with Enter and releases it (%s)', async (language) => {
    const { context, page } = await signedIn(checker, language);
    await page.goto('/app/queue?step=research');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('body').press('n');
    const row = page.locator('li.task').first();
    await row.waitFor();
    // The task just taken has the focus, so Enter opens it.
    expect(await page.locator('a.task-open:focus').count()).toBe(1);
    const timer = row.getByRole('timer');
    const first = await timer.textContent();
    await waitFor(async () => ((await timer.textContent()) !== first ? true : null), { what: 'the lease to count down' });
    // The statement carries markup: it must stay text, so nothing set the marker.
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await screenshot(page, 'queue', 'taken');
    await expectAccessible(page);

    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'queue', 'shortcuts');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/app/articles/${articleId}\\?claim=`));
    await page.goBack();
    await page.getByRole('button', { name: language === 'ar' ? 'أفرج عنها' : 'Release' }).click();
    await page.locator('li.task').waitFor({ state: 'detached' });
    expect((await http().get('/v1/tasks/mine').set(bearer(checker)).expect(200)).body.items).toEqual([]);
    await context.close();
  });

  it('says so when the step has nothing waiting, and lets no one take a step their role does not work', async () => {
    const { context, page } = await signedIn(editor, 'en');
    await page.goto('/app/queue?step=review');
    await page.getByRole('button', { name: 'Take next' }).click();
    await page.getByText('Nothing is waiting in review.').waitFor();
    // Research is a checker's step: the editor watches it, with no take-next button.
    await page.getByRole('tab', { name: 'research' }).click();
    await page.getByRole('heading', { name: 'Who holds what in research' }).waitFor();
    expect(await page.getByRole('button', { name: 'Take next' }).count()).toBe(0);
    await context.close();
  });

  it('shows an editor who holds what, live, and reassigns a lease to another checker', async () => {
    const { context, page } = await signedIn(editor, 'ar');
    await page.goto('/app/queue?step=research');
    await page.getByText('لا أحد يحجز مهمة في هذه المرحلة.').waitFor();
    // A checker takes a task elsewhere: the editor's screen shows it without a reload.
    const taken = await http().post('/v1/tasks/next').set(bearer(checker)).send({ step: 'research' }).expect(200);
    const row = page.locator('li.task', { hasText: `الشخص ${checker.id.slice(0, 8)}` });
    await row.waitFor({ timeout: 5_000 });
    await http().post('/v1/tasks/next').set(bearer(checker2)).send({ step: 'research' }).expect(200);
    await page.locator('li.task').nth(1).waitFor({ timeout: 5_000 });
    await screenshot(page, 'queue', 'held');
    await expectAccessible(page);

    await row.getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Typing in the comment is text, not a shortcut: `n` takes no task.
    await dialog.getByRole('textbox').fill('nnn توزيع العمل');
    await screenshot(page, 'queue', 'reassign');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'أعد الإسناد' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => ((await claimOf(taken.body.id)).assigneeId === checker2.id ? true : null), { what: 'the reassignment' });
    expect((await http().get('/v1/tasks/mine').set(bearer(checker)).expect(200)).body.items).toEqual([]);
    await context.close();
  });

  it('shows a stale release as a conflict with a reload, never overwriting the newer change', async () => {
    const taken = await http().post('/v1/tasks/next').set(bearer(checker)).send({ step: 'research' }).expect(200);
    const { context, page } = await signedIn(checker, 'en');
    // No live events on this screen, so it keeps the version it read while an editor moves the claim twice.
    await page.route('**/v1/events', (route) => route.abort());
    await page.goto('/app/queue?step=research');
    await page.locator('li.task').waitFor();
    let claim = await claimOf(taken.body.id);
    claim = (await http().post(`/v1/claims/${claim.id}/transitions`).set(bearer(editor)).send({ action: 'reassign', version: claim.version, assigneeId: checker2.id }).expect(200)).body;
    await http().post(`/v1/claims/${claim.id}/transitions`).set(bearer(editor)).send({ action: 'reassign', version: claim.version, assigneeId: checker.id }).expect(200);
    await page.getByRole('button', { name: 'Release' }).click();
    await page.getByText('Someone else changed this').waitFor();
    await screenshot(page, 'queue', 'conflict');
    expect((await claimOf(taken.body.id)).assigneeId).toBe(checker.id);
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByText('Someone else changed this').waitFor({ state: 'detached' });
    await context.close();
  });
});
