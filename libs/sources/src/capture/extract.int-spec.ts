import { buildFixturePdf, fixtureContent, startFixtureServer, type FixtureServer } from '@app/testing';
import { extractText } from './extract.js';
import { fetchForCapture } from './fetcher.js';

const html = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('extractText', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });

  afterAll(async () => {
    await server.close();
  });

  async function fetchBody(path: string): Promise<{ body: Buffer; contentType: string }> {
    const outcome = await fetchForCapture(server.url(path), { maxBytes: 1024 * 1024, timeoutMs: 5_000, maxRedirects: 5, allowLoopback: true });
    if (!outcome.ok) throw new Error(`${path}: ${outcome.reason} ${outcome.detail}`);
    return { body: outcome.body, contentType: outcome.headers['content-type'] ?? outcome.contentType };
  }

  describe('the Arabic article from the fixture server', () => {
    let extracted: Awaited<ReturnType<typeof extractText>>;

    beforeAll(async () => {
      const { body, contentType } = await fetchBody('/article.html');
      extracted = await extractText(body, contentType);
    });

    it('has the title, publication time and language', () => {
      expect(extracted.title).toBe(fixtureContent.articleTitle);
      expect(extracted.publishedAt).toBe(fixtureContent.articlePublishedAt);
      expect(extracted.language).toBe('ar');
    });

    it('keeps the quoted sentence intact, in its own paragraph', () => {
      expect(extracted.text).toContain(fixtureContent.articleQuote);
      expect(extracted.text.split('\n\n')).toContain(fixtureContent.articleQuote);
    });

    it('leaves out navigation, scripts, styles and the footer', () => {
      expect(extracted.text).not.toMatch(/الرئيسية|analytics|font-family|© أخبار اليوم|الأكثر قراءة/u);
    });

    it('is NFC with collapsed whitespace', () => {
      expect(extracted.text).toBe(extracted.text.normalize('NFC'));
      expect(extracted.text).not.toMatch(/[ \t]{2,}|\n{3,}|^\s|\s$/u);
    });
  });

  it('reads every page of the PDF, separated by a blank line', async () => {
    const { body, contentType } = await fetchBody('/statement.pdf');
    const extracted = await extractText(body, contentType);
    expect(extracted.text).toContain(fixtureContent.pdfSentence);
    expect(extracted.text).toBe(`${fixtureContent.pdfSentence}\n\n${fixtureContent.pdfSecondPageSentence}`);
    expect(extracted).toMatchObject({ publishedAt: null, language: null });
  });

  it('can read the same PDF twice (the buffer is not handed over to pdf.js)', async () => {
    const pdf = buildFixturePdf(['Only page (with parentheses) and a \\ backslash.']);
    expect((await extractText(pdf, 'application/pdf')).text).toBe('Only page (with parentheses) and a \\ backslash.');
    expect((await extractText(pdf, 'application/pdf')).text).toBe('Only page (with parentheses) and a \\ backslash.');
  });

  it('rejects a corrupt PDF', async () => {
    await expect(extractText(Buffer.from('%PDF-1.4\nnot really'), 'application/pdf')).rejects.toThrow();
  });

  it('returns plain text as decoded, in NFC', async () => {
    const { body, contentType } = await fetchBody('/plain.txt');
    expect(await extractText(body, contentType)).toEqual({ title: null, publishedAt: null, text: fixtureContent.plainText, language: null });
    const decomposed = 'cafe\u0301 و\u0654'; // é and ؤ as base letter plus combining mark
    expect((await extractText(Buffer.from(decomposed), 'text/plain')).text).toBe('café ؤ');
  });

  it('decodes JSON and XML as text', async () => {
    expect((await extractText(html('{"a": "ب"}'), 'application/json')).text).toBe('{"a": "ب"}');
    expect((await extractText(html('<?xml version="1.0"?><a>ب</a>'), 'application/xml; charset=utf-8')).text).toBe('<?xml version="1.0"?><a>ب</a>');
  });

  it('honours a declared legacy charset', async () => {
    const windows1256 = Buffer.from([0xc7, 0xe1, 0xce, 0xd8, 0xc7, 0xc8]); // الخطاب
    expect((await extractText(windows1256, 'text/plain; charset=windows-1256')).text).toBe('الخطاب');
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1256"><title>'), windows1256, Buffer.from('</title></head><body><p>x</p></body></html>')]);
    expect((await extractText(page, 'text/html')).title).toBe('الخطاب');
  });

  it('falls back to the body text when Readability finds no article', async () => {
    // Readability discards <aside> and <footer> and then has nothing left.
    const page = html('<html><head><title>Short</title></head><body><aside>One  line</aside>\n<footer>Another line<br>with a break</footer></body></html>');
    const extracted = await extractText(page, 'text/html');
    expect(extracted.title).toBe('Short');
    expect(extracted.text).toBe('One line\n\nAnother line\nwith a break');
    expect(extracted.language).toBeNull();
    expect(extracted.publishedAt).toBeNull();
  });

  it.each<[string, string, string]>([
    ['itemprop datePublished on a meta tag', '<meta itemprop="datePublished" content="2023-05-01">', '2023-05-01T00:00:00.000Z'],
    ['og:published_time', '<meta property="og:published_time" content="2023-05-01T10:00:00+02:00">', '2023-05-01T08:00:00.000Z'],
    [
      'JSON-LD datePublished inside @graph',
      '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2022-02-03T04:05:06Z"}]}</script>',
      '2022-02-03T04:05:06.000Z',
    ],
    ['a <time datetime> element', '<time datetime="2021-12-31T23:00:00Z">ليلة رأس السنة</time>', '2021-12-31T23:00:00.000Z'],
    ['an invalid date followed by a valid one', '<meta property="article:published_time" content="yesterday"><time datetime="2020-01-02">x</time>', '2020-01-02T00:00:00.000Z'],
  ])('reads the publication time from %s', async (_name, markup, expected) => {
    const page = html(`<!doctype html><html lang="en"><head><title>t</title>${markup}</head><body><p>text</p></body></html>`);
    expect((await extractText(page, 'text/html')).publishedAt).toBe(expected);
  });

  it('keeps line breaks and paragraphs of the main content', async () => {
    const page = html('<html><head><title>t</title></head><body><article><p>First   paragraph,\n  one line.</p><p>Second<br>  paragraph</p><ul><li>item one</li><li>item two</li></ul></article></body></html>');
    expect((await extractText(page, 'text/html')).text).toBe('First paragraph, one line.\n\nSecond\nparagraph\n\nitem one\n\nitem two');
  });

  it('NFC-normalises HTML text and titles', async () => {
    const page = html('<html><head><title>Cafe\u0301</title></head><body><p>Un cafe\u0301 noir.</p></body></html>');
    const extracted = await extractText(page, 'text/html; charset=utf-8');
    expect(extracted.title).toBe('Café');
    expect(extracted.text).toBe('Un café noir.');
  });
});
