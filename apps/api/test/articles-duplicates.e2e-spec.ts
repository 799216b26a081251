import { readFileSync } from 'node:fs';
import { startApi, type ApiHarness } from './harness.js';

const BODY = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

describe('articles are not duplicated by accident', () => {
  let api: ApiHarness;
  let token: string;
  const post = (body: Record<string, unknown>) => api.http().post('/v1/articles').set('Authorization', `Bearer ${token}`).send({ title: 'محادثات موسكو', language: 'ar', body: BODY, ...body });
  const count = async (url: string) => ((await api.dataSource.query('SELECT count(*)::int AS n FROM articles WHERE url_key = $1', [url])) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    api = await startApi();
    token = (await api.user(['reporter'])).token;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers the same article again (URL normalised, same body) with the existing one: 200 and its Location, nothing written', async () => {
    const first = await post({ url: 'https://News.Example/ar/moscow-talks?utm_source=feed' }).expect(201);
    const events = await api.auditCount();
    const again = await post({ url: 'https://news.example:443/ar/moscow-talks#top', title: 'Another title' }).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(`/v1/articles/${first.body.id}`);
    expect(await count('https://news.example/ar/moscow-talks')).toBe(1);
    expect(await api.auditCount()).toBe(events);
  });

  it('refuses the same URL with a different body with a 409 naming the stored article', async () => {
    const url = 'https://news.example/ar/revised';
    const first = await post({ url }).expect(201);
    const events = await api.auditCount();
    const changed = await post({ url, body: `${BODY}\nتحديث.` }).expect(409);
    expect(changed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(changed.body).toMatchObject({ code: 'article-url-exists', existingArticleId: first.body.id, errors: [{ field: 'url' }] });
    expect(changed.body.detail).toContain(first.body.id);
    expect(await count(url)).toBe(1);
    expect(await api.auditCount()).toBe(events);
  });

  it('stores two identical posts sent at once as one article', async () => {
    const url = 'https://news.example/ar/at-once';
    const answers = await Promise.all([post({ url }), post({ url }), post({ url })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await count(url)).toBe(1);
  });

  it('still stores articles without a URL, and the same body under different URLs, as separate articles', async () => {
    const a = await post({}).expect(201);
    const b = await post({}).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    await post({ url: 'https://news.example/ar/mirror-1' }).expect(201);
    await post({ url: 'https://news.example/ar/mirror-2' }).expect(201);
  });
});
