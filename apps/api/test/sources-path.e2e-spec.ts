import { readFileSync } from 'node:fs';
import { fixtureContent, startFixtureServer, waitFor, type FixtureServer } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

const body = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

describe('sources through the API and the worker', () => {
  let api: ApiHarness;
  let fixtures: FixtureServer;
  beforeAll(async () => {
    fixtures = await startFixtureServer();
    api = await startApi({ CAPTURE_ALLOW_LOOPBACK: 'true' }, { worker: true });
  });
  afterAll(async () => {
    await api?.close();
    await fixtures?.close();
  });

  it('captures a cited page, compares the claim with it, and traces it to a primary source', async () => {
    const [reporter, checker] = await Promise.all([api.user(['reporter']), api.user(['checker'])]);
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    const article = await api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 't', language: 'ar', body }).expect(201);
    const claim = await api
      .http()
      .post(`/v1/articles/${article.body.id}/claims`)
      .set(as(reporter.token))
      .send({ statement: 'قال بيلوسوف إن “التعاون العسكري بين روسيا والصين، يقوم على الثقة المتبادلة”', kind: 'quote', anchor: { exact: '“التعاون العسكري بين روسيا والصين، يقوم على الثقة المتبادلة، وفهم مصالح كلا البلدين”' } })
      .expect(201);
    await waitFor(async () => (await api.http().get(`/v1/claims/${claim.body.id}`).set(as(checker.token))).body.state === 'research', { timeoutMs: 60_000, what: 'intake' });

    const primary = await api.http().post('/v1/sources').set(as(checker.token)).send({ url: fixtures.url('/statement.pdf'), kind: 'primary', subtype: 'official-statement' }).expect(201);
    const report = await api
      .http()
      .post('/v1/sources')
      .set(as(checker.token))
      .send({ url: fixtures.url('/article.html') + '?utm_source=x#top', kind: 'secondary', subtype: 'news-report', derivedFrom: [primary.body.id] })
      .expect(201);
    expect(report.body.normalizedUrl).toBe(fixtures.url('/article.html'));
    await api.http().post('/v1/sources').set(as(checker.token)).send({ url: fixtures.url('/article.html'), kind: 'secondary', subtype: 'news-report' }).expect(200);
    await api.http().post(`/v1/claims/${claim.body.id}/evidence`).set(as(checker.token)).send({ sourceId: report.body.id, stance: 'supports', excerpt: 'الثقة المتبادلة' }).expect(201);

    const signals = await waitFor(async () => {
      const response = await api.http().get(`/v1/claims/${claim.body.id}/signals`).set(as(checker.token)).expect(200);
      return response.body.items.length ? response.body.items : null;
    }, { timeoutMs: 60_000, what: 'signals' });
    expect(signals[0].quotes[0]).toMatchObject({ kind: expect.stringMatching(/exact|normalized|fuzzy/) });

    const trail = await api.http().get(`/v1/claims/${claim.body.id}/trail`).set(as(checker.token)).expect(200);
    expect(trail.body).toMatchObject({ reachesPrimary: true, primaryDistance: 1, cycles: [] });
    const evidence = await api.http().get(`/v1/claims/${claim.body.id}/evidence`).set(as(checker.token)).expect(200);
    expect(evidence.body.items[0].archived).toMatchObject({ status: 'ok', contentType: 'text/html', title: fixtureContent.articleTitle });
    const content = await api.http().get(`/v1/captures/${evidence.body.items[0].archived.id}/content`).set(as(checker.token)).expect(200);
    expect(content.headers['content-security-policy']).toContain('sandbox');
  }, 150_000); // above the two 60 s waits, so a hang names its step
});
