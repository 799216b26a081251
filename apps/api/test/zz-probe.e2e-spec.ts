import { startApi, type ApiHarness } from './harness.js';

describe('probe', () => {
  let api: ApiHarness;
  beforeAll(async () => { api = await startApi({ MAX_BODY_BYTES: '4096', MAX_ARTICLE_CODE_POINTS: '1000' }); });
  afterAll(async () => { await api?.close(); });
  it('probes', async () => {
    const admin = await api.user(['admin', 'reporter', 'auditor']);
    const auth = { Authorization: `Bearer ${admin.token}` };
    const show = (label: string, r: { status: number; headers: Record<string, string>; text: string }) =>
      console.log(label, r.status, r.headers['content-type'], r.text.slice(0, 300));
    const art = await api.http().post('/v1/articles').set(auth).send({ title: 't', language: 'en', body: 'hello world hello' });
    show('create', art);
    const id = art.body.id;
    const server = api.http();
    const posts: [string, string, string][] = [
      ['outlet NUL', '/v1/articles', JSON.stringify({ title: 't', language: 'en', body: 'x', outlet: 'a\u0000b' })],
      ['outlet lone', '/v1/articles', '{"title":"t","language":"en","body":"x","outlet":"a\\ud800"}'],
      ['url NUL', '/v1/articles', JSON.stringify({ title: 't', language: 'en', body: 'x', url: 'https://example.com/a\u0000b' })],
      ['url lone', '/v1/articles', '{"title":"t","language":"en","body":"x","url":"https://example.com/\\ud800"}'],
      ['lang NUL', '/v1/articles', JSON.stringify({ title: 't', language: 'en\u0000', body: 'x' })],
      ['arabic', '/v1/articles', JSON.stringify({ title: 't', language: 'arabic', body: 'x' })],
      ['empty', '/v1/articles', ''],
      ['ws', '/v1/articles', '   '],
      ['null', '/v1/articles', 'null'],
      ['array', '/v1/articles', '[]'],
      ['number', '/v1/articles', '5'],
      ['user NUL', '/v1/users', JSON.stringify({ name: 'a\u0000', email: 'x@y.z', roles: ['reporter'] })],
      ['token label NUL', `/v1/users/${admin.id}/tokens`, JSON.stringify({ label: 'a\u0000' })],
      ['claim NUL', `/v1/articles/${id}/claims`, JSON.stringify({ statement: 'a\u0000', anchor: { exact: 'world' } })],
      ['claim prefix NUL', `/v1/articles/${id}/claims`, JSON.stringify({ statement: 'a', anchor: { exact: 'hello', prefix: '\u0000' } })],
      ['claim start huge', `/v1/articles/${id}/claims`, JSON.stringify({ statement: 'a', anchor: { start: 1e20, end: 1e21 } })],
      ['claim dueAt', `/v1/articles/${id}/claims`, JSON.stringify({ statement: 'a', dueAt: '9999-12-31T23:59:59Z', anchor: { exact: 'world' } })],
      ['pub date', '/v1/articles', JSON.stringify({ title: 't', language: 'en', body: 'x', publishedAt: '0000-01-01T00:00:00Z' })],
    ];
    for (const [label, url, body] of posts) {
      const r = await server.post(url).set(auth).set('Content-Type', 'application/json').send(body);
      show(label, r);
      server.get('/health');
    }
    const cur = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const gets = [
      '/v1/claims?q=%00', '/v1/claims?claimant=%00', '/v1/claims?state=%00', '/v1/audit?actor=%00', '/v1/audit?target=claim:%00',
      '/v1/audit?afterSeq=100000000000000000000', '/v1/audit?afterSeq=1e308',
      `/v1/claims?cursor=${cur(['2020-01-01T00:00:00.000Z', '-'.repeat(36)])}`,
      `/v1/articles?cursor=${cur(['2020-01-01T00:00:00.000Z', '-'.repeat(36)])}`,
      `/v1/claims?cursor=${cur(['-271821-04-20T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'])}`,
      `/v1/claims?cursor=${cur([1e15, '00000000-0000-0000-0000-000000000000'])}`,
      '/v1/claims?q=%ED%A0%80', '/v1/claims?q=%FF', '/v1/claims?q=a&q=b', '/v1/claims?articleId=x', '/v1/claims?limit=0',
      '/v1/articles/%00', '/v1/claims?kind=bogus', '/v1/claims?foo=1', '/v1/audit?limit=5000',
    ];
    for (const url of gets) show(url, await server.get(url).set(auth));
    show('text/plain', await server.post('/v1/articles').set(auth).set('Content-Type', 'text/plain').send('hi'));
    show('latin1', await server.post('/v1/articles').set(auth).set('Content-Type', 'application/json; charset=latin1').send('{}'));
    show('badutf8', await server.post('/v1/articles').set(auth).set('Content-Type', 'application/json').send(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])));
    show('nobody', await server.post('/v1/articles').set(auth));
    show('big', await server.post('/v1/articles').set(auth).send({ title: 't', language: 'en', body: 'x'.repeat(5000) }));
    show('idem bad', await server.post('/v1/articles').set(auth).set('Idempotency-Key', 'a b').send({ title: 't', language: 'en', body: 'x' }));
    show('idem empty', await server.post('/v1/articles').set(auth).set('Idempotency-Key', '').send({ title: 't', language: 'en', body: 'x' }));
    show('405?', await server.put('/v1/articles').set(auth).send({}));
    show('openapi', await server.get('/openapi.json'));
    show('docs', await server.get('/docs'));
    const doc = (await server.get('/openapi.json')).body;
    for (const [p, ops] of Object.entries(doc.paths)) console.log(p, Object.keys(ops as object), JSON.stringify(Object.values(ops as Record<string, {security?: unknown}>).map(o => o.security)));
    const router = (api.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    console.log(router.stack.filter((l) => l.route).map((l) => `${Object.keys(l.route!.methods)} ${l.route!.path}`).join('\n'));
  });
});
