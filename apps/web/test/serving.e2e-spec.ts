import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_APP_CSP } from '../../api/src/http/web-app.js';
import { startApi, type ApiHarness } from '../../api/test/harness.js';
import { ensureWebBuild } from './web-build.js';

describe('the API serving the web app at /app', () => {
  let api: ApiHarness;
  let build: string;

  beforeAll(async () => {
    build = ensureWebBuild();
    api = await startApi({ WEB_APP_DIR: build });
  });
  afterAll(() => api.close());

  it.each(['/app', '/app/', '/app/articles/0d7f7d5e-8f1e-4a43-9a57-4b1a1e1b1b1b?claim=x', '/app/sign-in/link'])(
    'answers %s with index.html, never cached, under the strict CSP',
    async (path) => {
      const response = await api.http().get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('has no inline script or style in index.html (the CSP would block them)', async () => {
    const html = (await api.http().get('/app/').expect(200)).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('serves hashed assets with a year-long immutable cache, and 404 for an unknown asset', async () => {
    const script = readdirSync(join(build, 'assets')).find((name) => name.endsWith('.js'))!;
    const response = await api.http().get(`/app/assets/${script}`).expect(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await api.http().get('/app/assets/index-missing.js').expect(404);
  });

  it('answers 503 problem+json saying how to build it when the build is missing', async () => {
    const empty = await startApi({ WEB_APP_DIR: mkdtempSync(join(tmpdir(), 'no-web-')) });
    try {
      const response = await empty.http().get('/app/').expect(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'web-app-not-built', detail: expect.stringContaining('npm run build') });
    } finally {
      await empty.close();
    }
  });
});
