import { readFileSync } from 'node:fs';
import { startApi, type ApiHarness } from './harness.js';

const article = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

describe('the sample article end to end', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates the Arabic article, anchors a claim in it and verifies the audit trail', async () => {
    const reporter = await api.user(['reporter']);
    const auditor = await api.user(['auditor']);
    const created = await api
      .http()
      .post('/v1/articles')
      .set('Authorization', `Bearer ${reporter.token}`)
      .send({ title: 'محادثات موسكو', language: 'ar', url: 'https://example.com/moscow-talks', body: article })
      .expect(201);
    expect(created.body.dir).toBe('rtl');
    const claim = await api
      .http()
      .post(`/v1/articles/${created.body.id}/claims`)
      .set('Authorization', `Bearer ${reporter.token}`)
      .send({ statement: 'The treaty was signed in 2001', anchor: { exact: 'الموقعة عام 2001' } })
      .expect(201);
    expect(claim.body.state).toBe('intake');
    expect(claim.body.anchor.quote.exact).toBe('الموقعة عام 2001');
    const verify = await api.http().get('/v1/audit/verify').set('Authorization', `Bearer ${auditor.token}`).expect(200);
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
    expect(verify.body.eventsChecked).toBeGreaterThanOrEqual(6);
  });
});
