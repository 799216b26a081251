import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

const ARTICLE = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');
// Friday 13 November 2026, 00:30 in Riyadh (still Thursday in UTC): "الخميس" is the day before, read in Riyadh.
const PUBLISHED_AT = '2026-11-12T21:30:00.000Z';

interface Suggestion {
  id: string;
  kind: string;
  state: string;
  statement: string;
  claimant: string | null;
  anchor: { quote: { exact: string; prefix: string; suffix: string }; position: { start: number; end: number } };
  dates: { expression: string; from: string | null; to: string | null; ambiguous: boolean }[];
  claimId: string | null;
  dismissReason: string | null;
}

function expectProblem(response: Response, status: number, code: string, field?: string) {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status, code } });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('claim suggestions', () => {
  let api: ApiHarness;
  let editor: { id: string; token: string };
  let auditor: string;
  let articleId: string;

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** The suggestion's audit event with `action`, as an auditor reads it. */
  const auditEvent = async (suggestionId: string, action: string) => {
    const log = await api.http().get(`/v1/audit?target=suggestion:${suggestionId}`).set(as(auditor)).expect(200);
    return (log.body.items as { action: string; actorId: string; after: unknown }[]).find((e) => e.action === action)!;
  };
  const claimCount = async () => Number((await api.dataSource.query('SELECT count(*)::int AS n FROM claims'))[0].n);
  const createArticle = async (body: string) => {
    const response = await api.http().post('/v1/articles').set(as(editor.token)).send({ title: 'محادثات موسكو', language: 'ar', publishedAt: PUBLISHED_AT, body });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const list = async (id = articleId) => {
    const response = await api.http().get(`/v1/articles/${id}/suggestions`).set(as(auditor));
    expect(response.status).toBe(200);
    return response.body as { run: { id: string; state: string } | null; items: Suggestion[] };
  };
  const accept = (id: string, body: object = {}) => api.http().post(`/v1/suggestions/${id}/accept`).set(as(editor.token)).send(body);
  const find = (items: Suggestion[], exact: string) => items.find((s) => s.anchor.quote.exact === exact)!;

  beforeAll(async () => {
    api = await startApi({ NEWSROOM_TIME_ZONE: 'Asia/Riyadh' }, { worker: true });
    editor = await api.user(['editor']);
    auditor = (await api.user(['auditor'])).token;
    articleId = await createArticle(ARTICLE);
  });
  afterAll(() => api.close());

  it('computes the suggestions once per article body and time zone', async () => {
    expect(await list()).toEqual({ run: null, items: [] });
    const first = await api.http().post(`/v1/articles/${articleId}/suggestions`).set(as(editor.token)).send({});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ articleId, state: 'done', timeZone: 'Asia/Riyadh', articleVersion: 1 });
    const again = await api.http().post(`/v1/articles/${articleId}/suggestions`).set(as(editor.token)).send({});
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const { run, items } = await list();
    expect(run!.id).toBe(first.body.id);
    expect(items.length).toBeGreaterThan(10);
    expect(new Set(items.map((s) => s.state))).toEqual(new Set(['open']));
    const [opening] = items;
    expect(opening!.claimant).toBe('وزارة الخارجية الروسية');
    expect(opening!.dates.map((d) => [d.expression, d.from, d.to])).toEqual([
      ['الخميس', '2026-11-12', '2026-11-12'],
      ['هذا الأسبوع', '2026-11-09', '2026-11-15'],
    ]);
  });

  it('refuses a time zone that does not exist, naming the field', async () => {
    expectProblem(await api.http().post(`/v1/articles/${articleId}/suggestions`).set(as(editor.token)).send({ timeZone: 'Mars/Olympus' }), 400, 'invalid-time-zone', 'timeZone');
  });

  it('accepting creates exactly one claim, with the same selectors as a hand-made one and the resolved dates', async () => {
    const { items } = await list();
    const date = find(items, '12 نوفمبر الجاري');
    const before = await claimCount();
    const accepted = await accept(date.id, { statement: 'Shoigu met Wang Yi in Beijing on 12 November' });
    expect(accepted.status).toBe(201);
    expect(await claimCount()).toBe(before + 1);
    expect(accepted.body.suggestion).toMatchObject({ state: 'accepted', claimId: accepted.body.claim.id });
    expect(accepted.body.claim).toMatchObject({ kind: 'date', state: 'intake', statement: 'Shoigu met Wang Yi in Beijing on 12 November', claimant: date.claimant });
    expect(accepted.body.claim.dates).toEqual([{ expression: '12 نوفمبر الجاري', from: '2026-11-12', to: '2026-11-12', rule: 'current-month', ambiguous: false }]);

    const handMade = await api.http().post(`/v1/articles/${articleId}/claims`).set(as(editor.token)).send({ statement: 'by hand', anchor: { exact: '12 نوفمبر الجاري' } });
    expect(handMade.status).toBe(201);
    expect(accepted.body.claim.anchor).toEqual(handMade.body.anchor);

    expectProblem(await accept(date.id), 409, 'suggestion-decided');
    expect(await claimCount()).toBe(before + 2);
    const event = await auditEvent(date.id, 'suggestion.accepted');
    expect(event).toMatchObject({ actorId: editor.id, after: { state: 'accepted', claimId: accepted.body.claim.id } });
  });

  it('a claim made by hand gets the dates its words state, read like a suggestion\'s: "الخميس" in a Friday article is the day before', async () => {
    const id = await createArticle('قالت وزارة الخارجية الخميس إن الوفد سيصل إلى موسكو في 3 كانون الأول/ديسمبر المقبل.');
    const single = await api.http().post(`/v1/articles/${id}/claims`).set(as(editor.token)).send({ statement: 'The ministry spoke on Thursday', anchor: { exact: 'الخميس' } });
    expect(single.status).toBe(201);
    const shown = await api.http().get(`/v1/claims/${single.body.id}`).set(as(auditor)).expect(200);
    expect(shown.body.dates).toEqual([{ expression: 'الخميس', from: '2026-11-12', to: '2026-11-12', rule: 'past-weekday', ambiguous: false }]);

    const batch = await api.http().post(`/v1/articles/${id}/claims/batch`).set(as(editor.token)).send({
      claims: [
        { statement: 'The delegation arrives on 3 December', anchor: { exact: '3 كانون الأول/ديسمبر المقبل' } },
        { statement: 'The delegation goes to Moscow', anchor: { exact: 'الوفد سيصل إلى موسكو' } },
      ],
    });
    expect(batch.status).toBe(201);
    const [arrival, destination] = batch.body.items as { id: string }[];
    const arrivalShown = await api.http().get(`/v1/claims/${arrival!.id}`).set(as(auditor)).expect(200);
    expect(arrivalShown.body.dates).toEqual([{ expression: '3 كانون الأول/ديسمبر المقبل', from: '2026-12-03', to: '2026-12-03', rule: 'next-occurrence', ambiguous: false }]);
    const destinationShown = await api.http().get(`/v1/claims/${destination!.id}`).set(as(auditor)).expect(200);
    expect(destinationShown.body.dates).toBeNull();
  });

  it('two accepts of one suggestion at once make one claim: one succeeds, one conflicts', async () => {
    const { items } = await list();
    const quote = items.find((s) => s.kind === 'quote' && s.state === 'open')!;
    const before = await claimCount();
    const answers = await Promise.all([accept(quote.id), accept(quote.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await claimCount()).toBe(before + 1);
  });

  it('dismisses with a reason, kept in the list; a second decision conflicts', async () => {
    const { items } = await list();
    const open = items.find((s) => s.state === 'open')!;
    expectProblem(await api.http().post(`/v1/suggestions/${open.id}/dismiss`).set(as(editor.token)).send({ reason: '  ' }), 400, 'validation-failed', 'reason');
    const dismissed = await api.http().post(`/v1/suggestions/${open.id}/dismiss`).set(as(editor.token)).send({ reason: 'Not checkable: background.' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ state: 'dismissed', dismissReason: 'Not checkable: background.' });
    expectProblem(await accept(open.id), 409, 'suggestion-decided');
    const after = await list();
    expect(after.items.find((s) => s.id === open.id)!.state).toBe('dismissed');
    expect((await api.http().get(`/v1/articles/${articleId}/suggestions?state=dismissed`).set(as(auditor))).body.items.map((s: Suggestion) => s.id)).toEqual([open.id]);
    const event = await auditEvent(open.id, 'suggestion.dismissed');
    expect(event.after).toMatchObject({ dismissReason: 'Not checkable: background.' });
  });

  it('refuses to accept a suggestion made for an article revision that changed, with a clear 409', async () => {
    const id = await createArticle(`${ARTICLE}\nسطر إضافي.`);
    await api.http().post(`/v1/articles/${id}/suggestions`).set(as(editor.token)).send({}).expect(201);
    const [suggestion] = (await list(id)).items;
    // Articles cannot be revised through the API yet; a revision is a new body, hash and version.
    await api.dataSource.query(`UPDATE articles SET body = body || ' تعديل', body_sha256 = 'changed', version = version + 1 WHERE id = $1`, [id]);
    const before = await claimCount();
    const refused = await accept(suggestion!.id);
    expectProblem(refused, 409, 'article-changed');
    expect(refused.body.detail).toMatch(/version 1 → 2/u);
    expect(await claimCount()).toBe(before);
  });

  it('computes a long article in the worker', async () => {
    const id = await createArticle(Array.from({ length: 9 }, () => ARTICLE).join('\n'));
    const requested = await api.http().post(`/v1/articles/${id}/suggestions`).set(as(editor.token)).send({});
    expect(requested.status).toBe(201);
    expect(requested.body.state).toBe('pending');
    const done = await waitFor(async () => {
      const { run, items } = await list(id);
      return run?.state === 'done' ? items : null;
    }, { what: 'the worker to compute the suggestions' });
    expect(done.length).toBe(9 * (await list()).items.length);
  });

  it('lets only reporters and editors decide', async () => {
    const { items } = await list();
    const open = items.find((s) => s.state === 'open')!;
    const response = await api.http().post(`/v1/suggestions/${open.id}/dismiss`).set(as(auditor)).send({ reason: 'x' });
    expect(response.status).toBe(403);
  });
});
