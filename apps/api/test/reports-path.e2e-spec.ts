import { parseHTML } from 'linkedom';
import { readFileSync } from 'node:fs';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

const body = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

describe('publishing a verification report', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ PUBLIC_BASE_URL: 'https://desk.example' }, { worker: true });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('publishes approved verdicts with their ClaimReview and lists the rest as pending', async () => {
    const [reporter, checker, editor] = await Promise.all([api.user(['reporter']), api.user(['checker']), api.user(['editor'])]);
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    const article = await api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 'محادثات موسكو', language: 'ar', url: 'https://news.example/a', publishedAt: '2025-11-20T09:00:00Z', body }).expect(201);
    const { body: batch } = await api
      .http()
      .post(`/v1/articles/${article.body.id}/claims/batch`)
      .set(as(reporter.token))
      .send({ claims: [{ statement: 'The treaty was signed in 2001', claimant: 'The article', anchor: { exact: 'الموقعة عام 2001' } }, { statement: 'Shoigu met Wang Yi on 12 November', anchor: { exact: 'في 12 نوفمبر الجاري' } }] })
      .expect(201);
    const [checked, pending] = batch.items as { id: string }[];
    await waitFor(async () => (await api.http().get(`/v1/claims/${checked!.id}`).set(as(checker.token))).body.state === 'research');
    let claim = (await api.http().post('/v1/tasks/next').set(as(checker.token)).send({ step: 'research', articleId: article.body.id }).expect(200)).body;
    if (claim.id !== checked!.id) claim = (await api.http().post('/v1/tasks/next').set(as(checker.token)).send({ step: 'research', articleId: article.body.id }).expect(200)).body;
    claim = (await api.http().post(`/v1/claims/${checked!.id}/transitions`).set(as(checker.token)).send({ action: 'finish-research', version: (await api.http().get(`/v1/claims/${checked!.id}`).set(as(checker.token))).body.version, unverifiableReason: 'test' }).expect(200)).body;
    claim = (await api.http().post('/v1/tasks/next').set(as(checker.token)).send({ step: 'assessment' }).expect(200)).body;
    claim = (await api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(checker.token)).send({ action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'No <script>alert(1)</script> source.' }).expect(200)).body;
    await api.http().post(`/v1/claims/${claim.id}/transitions`).set(as(editor.token)).send({ action: 'approve', version: claim.version }).expect(200);

    const published = await api.http().post(`/v1/articles/${article.body.id}/reports`).set(as(editor.token)).send({}).expect(202);
    expect(published.body).toMatchObject({ version: 1, status: 'rendering', urls: { html: `https://desk.example/reports/${article.body.id}/v1` } });
    await waitFor(async () => (await api.http().get(`/reports/${article.body.id}/v1`)).status === 200, { what: 'the report to render' });

    const page = await api.http().get(`/reports/${article.body.id}/v1`).expect(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const { document } = parseHTML(page.text);
    expect(document.querySelectorAll('script').length).toBe(0);
    expect(document.querySelectorAll('.claim-checked').length).toBe(1);
    expect(document.querySelectorAll('.claim-pending').length).toBe(1);
    expect(document.querySelector(`#claim-${pending!.id} .pending`)).not.toBeNull();

    const claimPage = await api.http().get(`/reports/${article.body.id}/v1/claims/${checked!.id}`).expect(200);
    const dom = parseHTML(claimPage.text).document;
    const scripts = [...dom.querySelectorAll('script[type="application/ld+json"]')];
    expect(scripts).toHaveLength(1);
    const review = JSON.parse(scripts[0]!.textContent!);
    expect(review).toMatchObject({ '@type': 'ClaimReview', claimReviewed: 'The treaty was signed in 2001', url: `https://desk.example/reports/${article.body.id}/v1/claims/${checked!.id}` });
    expect(review.reviewRating.alternateName).toBe(dom.querySelector('.verdict-label')!.textContent);
    expect(review.reviewRating.ratingValue).toBeUndefined();
  });
});
