import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

// Browser-side expressions are strings: this project's TypeScript has no DOM library.

/**
 * The public pages in a real browser (Debian's chromium, never a downloaded one), opened through two
 * host names: the stylesheet applies and the error form posts on whichever host serves the page,
 * although PUBLIC_BASE_URL names a third.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('public report pages in a browser', () => {
  let api: ApiHarness;
  let browser: Browser;
  let port: number;
  let articleId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
    api = await startApi({ PUBLIC_BASE_URL: 'https://desk.example', NEWSROOM_TIME_ZONE: 'Asia/Riyadh' }, { worker: true });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as AddressInfo).port;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const reporter = await api.user(['reporter']);
    const editor = await api.user(['editor']);
    const article = await api
      .http()
      .post('/v1/articles')
      .set('Authorization', `Bearer ${reporter.token}`)
      .send({ title: 'محادثات موسكو', language: 'ar', url: `https://news.example/ar/${Date.now()}`, body: 'وقّعت روسيا والصين المعاهدة الموقعة عام 2001 في موسكو.' })
      .expect(201);
    articleId = article.body.id;
    await api.http().post(`/v1/articles/${articleId}/claims`).set('Authorization', `Bearer ${reporter.token}`).send({ statement: 'The treaty was signed in 2001.', anchor: { exact: 'الموقعة عام 2001' } }).expect(201);
    await api.http().post(`/v1/articles/${articleId}/reports`).set('Authorization', `Bearer ${editor.token}`).send({}).expect(202);
    await waitFor(async () => (await api.http().get(`/reports/${articleId}/v1`)).status === 200, { what: 'the report to be published' });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it.each(['localhost', '127.0.0.1'])('styles the report page and posts its error form through %s', async (host) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') refused.push(message.text());
      });
      await page.goto(`http://${host}:${port}/reports/${articleId}/v1`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      // The stylesheet applied: the page is limited to 46rem (736px) and the verdict label has its box.
      expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('736px');
      expect(await page.evaluate(`getComputedStyle(document.querySelector('.verdict strong')).borderTopStyle`)).toBe('solid');
      expect(refused).toEqual([]);

      await page.fill('textarea[name=message]', `The date looks wrong (${host}).`);
      await Promise.all([page.waitForURL(`http://${host}:${port}/reports/${articleId}/errors`), page.click('button[type=submit]')]);
      expect(await page.textContent('h1')).toBe('شكرًا لك');
      const [{ n }]: { n: number }[] = await api.dataSource.query('SELECT count(*)::int AS n FROM reader_reports WHERE article_id = $1 AND message = $2', [articleId, `The date looks wrong (${host}).`]);
      expect(n).toBe(1);

      await page.goto(`http://${host}:${port}/reports`);
      expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('736px');
      await Promise.all([page.waitForURL(`http://${host}:${port}/reports/${articleId}`), page.click('.report-index a')]);
      expect(await page.textContent('.masthead h1')).toContain('محادثات موسكو');
    } finally {
      await context.close();
    }
  });
});
