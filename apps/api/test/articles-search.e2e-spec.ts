import { startApi, type ApiHarness } from './harness.js';

describe('GET /v1/articles?q=', () => {
  let api: ApiHarness;
  let reporter: string;

  beforeAll(async () => {
    api = await startApi();
    reporter = (await api.user(['reporter'])).token;
    for (const [title, outlet, url] of [
      ['محادثات موسكو', 'الجزيرة', 'https://news.example/ar/moscow'],
      ['Treaty year 2001', 'Wire 100%', 'https://wire.example/treaty_2001'],
      ['Unrelated', null, null],
    ] as const) {
      await api.http().post('/v1/articles').set('Authorization', `Bearer ${reporter}`).send({ title, outlet, url, language: 'en', body: 'Text.' }).expect(201);
    }
  });
  afterAll(() => api.close());

  const titles = async (q: string) =>
    ((await api.http().get('/v1/articles').query({ q }).set('Authorization', `Bearer ${reporter}`).expect(200)).body.items as { title: string }[]).map((a) => a.title);

  it('keeps articles whose title, outlet or URL contains q, case-insensitively', async () => {
    expect(await titles('موسكو')).toEqual(['محادثات موسكو']);
    expect(await titles('TREATY')).toEqual(['Treaty year 2001']);
    expect(await titles('wire.example')).toEqual(['Treaty year 2001']);
    expect(await titles('الجزيرة')).toEqual(['محادثات موسكو']);
  });

  it('matches % and _ literally', async () => {
    expect(await titles('100%')).toEqual(['Treaty year 2001']);
    expect(await titles('%')).toEqual(['Treaty year 2001']);
    expect(await titles('e_r')).toEqual([]); // as a wildcard, _ would match the "ear" of "year"
  });

  it('refuses an empty q with a 400 naming it', async () => {
    const response = await api.http().get('/v1/articles?q=').set('Authorization', `Bearer ${reporter}`).expect(400);
    expect(JSON.stringify(response.body.errors)).toContain('q');
  });
});
