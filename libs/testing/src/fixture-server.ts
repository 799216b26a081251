/**
 * A local HTTP server with the pages source-capture tests need: an Arabic article, a PDF, plain and
 * gzip-encoded text, redirect chains, slow and oversized bodies, and switchable statuses. It listens
 * on 127.0.0.1, so fetching from it needs the fetcher's test-only `allowLoopback`.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** The content the fixture routes serve, for assertions. */
export const fixtureContent = {
  articleTitle: 'روسيا والصين تتفقان على تعزيز التعاون في الدفاع الصاروخي',
  articlePublishedAt: '2024-11-14T09:30:00.000Z',
  articleQuote: 'قال وزير الدفاع الروسي إن “التعاون العسكري بين روسيا والصين يقوم على الثقة المتبادلة”.',
  pdfSentence: 'The minister said that defence spending rose by 12 percent in 2024.',
  pdfSecondPageSentence: 'Figures are taken from the annual budget report.',
  plainText: 'Statement from the ministry: the talks took place in Moscow this week.\n',
} as const;

/** A running fixture server; see {@link startFixtureServer}. */
export interface FixtureServer {
  /** Absolute URL of `path` on this server. */
  url(path: string): string;
  /** Body served by `/mutable` from now on. */
  setMutable(text: string): void;
  /** Makes `path` answer with `code` (and a short text body) until reset with `null`. */
  setStatus(path: string, code: number | null): void;
  /** TCP connections accepted so far, to prove that a refused fetch never connected. */
  connectionCount(): number;
  close(): Promise<void>;
}

/** Builds a small, valid PDF by hand (Helvetica text objects, one page per line, exact xref offsets). */
export function buildFixturePdf(pageTexts: readonly string[] = [fixtureContent.pdfSentence, fixtureContent.pdfSecondPageSentence]): Buffer {
  const escape = (s: string): string => s.replace(/[\\()]/gu, (c) => `\\${c}`);
  const pageCount = pageTexts.length;
  const fontId = 3;
  const pageId = (i: number): number => 4 + 2 * i;
  const contentId = (i: number): number => 5 + 2 * i;
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageTexts.map((_, i) => `${pageId(i)} 0 R`).join(' ')}] /Count ${pageCount} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  pageTexts.forEach((text, i) => {
    const stream = `BT /F1 12 Tf 72 720 Td (${escape(text)}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${contentId(i)} 0 R >>`,
      `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    );
  });
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const ARTICLE_HTML = `<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>${fixtureContent.articleTitle} | أخبار اليوم</title>
  <meta property="og:title" content="${fixtureContent.articleTitle}">
  <meta property="article:published_time" content="2024-11-14T12:30:00+03:00">
  <script>window.analytics = { page: "article" };</script>
  <style>body { font-family: serif; }</style>
</head>
<body>
  <header><nav><a href="/">الرئيسية</a> | <a href="/world">العالم</a> | <a href="/sport">رياضة</a></nav></header>
  <main>
    <article>
      <h1>${fixtureContent.articleTitle}</h1>
      <p>قالت وزارة الخارجية الروسية، الخميس، إن روسيا والصين أجرتا محادثات في العاصمة موسكو، هذا الأسبوع، بشأن الدفاع الصاروخي والاستقرار الاستراتيجي، واتفقتا على تعزيز التعاون في هذين المجالين.</p>
      <p>${fixtureContent.articleQuote}</p>
      <p>وأعرب الطرفان عن “ارتياحهما المتبادل لمستوى وجودة الحوار والتفاعل الثنائي في هذه المجالات”، وأكدا “التزامهما بمواصلة تعزيزهما”، بحسب البيان الروسي.</p>
      <p>وأفادت وزارة الدفاع الروسية بأن وزير الدفاع، أندريه بيلوسوف، عقد محادثات مع نائب رئيس اللجنة العسكرية المركزية الصيني، الفريق أول تشانج يوشيا، خلال زيارة الوفد الصيني لموسكو.</p>
    </article>
  </main>
  <aside><h2>الأكثر قراءة</h2><ul><li><a href="/a">خبر أول</a></li><li><a href="/b">خبر ثان</a></li></ul></aside>
  <footer>© أخبار اليوم 2024</footer>
</body>
</html>
`;

// A 1×1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const CHUNK = Buffer.alloc(16 * 1024, 'x');
const BIG_BYTES = 4 * 1024 * 1024;
const BIG_DECLARED_BYTES = 64 * 1024 * 1024;
const SLOW_INTERVAL_MS = 200;
const SLOW_TOTAL_MS = 30_000;

/** Starts the fixture server on 127.0.0.1 and a random port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  let mutable = 'first version';
  let connections = 0;
  const statusOverrides = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const pdf = buildFixturePdf();

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: http.OutgoingHttpHeaders = {}): void => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
    res.end(body);
  };

  // Writes `total` bytes in chunks, respecting backpressure, without a content-length.
  const stream = (res: http.ServerResponse, total: number): void => {
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        sent += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const path = url.pathname;
    const override = statusOverrides.get(path);
    if (override !== undefined) return send(res, override, 'text/plain; charset=utf-8', `status ${override}\n`);

    const redirect = /^\/redirect\/(\d+)$/u.exec(path);
    if (redirect) {
      const n = Number(redirect[1]);
      if (n < 1) return send(res, 400, 'text/plain', 'n must be at least 1\n');
      res.writeHead(302, { location: n === 1 ? '/plain.txt' : `/redirect/${n - 1}`, 'content-length': 0 });
      return res.end();
    }
    const status = /^\/status\/(\d{3})$/u.exec(path);
    if (status) return send(res, Number(status[1]), 'text/plain; charset=utf-8', `status ${status[1]}\n`);

    switch (path) {
      case '/article.html':
        return send(res, 200, 'text/html; charset=utf-8', ARTICLE_HTML, {
          'last-modified': 'Thu, 14 Nov 2024 09:45:00 GMT',
          etag: '"article-v1"',
          'content-language': 'ar',
        });
      case '/statement.pdf':
        return send(res, 200, 'application/pdf', pdf);
      case '/plain.txt':
        return send(res, 200, 'text/plain; charset=utf-8', fixtureContent.plainText);
      case '/mutable':
        return send(res, 200, 'text/plain; charset=utf-8', mutable);
      case '/gone':
        return send(res, 200, 'text/plain; charset=utf-8', 'still here\n');
      case '/gzip.txt': {
        // Compressed although the client asked for identity, as some servers do; ?bytes= sets the decoded size.
        const text = url.searchParams.has('bytes') ? 'x'.repeat(Number(url.searchParams.get('bytes'))) : fixtureContent.plainText;
        return send(res, 200, 'text/plain; charset=utf-8', gzipSync(text), { 'content-encoding': 'gzip' });
      }
      case '/image.png':
        return send(res, 200, 'image/png', PNG);
      case '/redirect-to': {
        res.writeHead(302, { location: url.searchParams.get('url') ?? '/', 'content-length': 0 });
        return res.end();
      }
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return stream(res, Number(url.searchParams.get('bytes') ?? BIG_BYTES));
      case '/big-declared':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': BIG_DECLARED_BYTES });
        return stream(res, BIG_DECLARED_BYTES);
      case '/slow': {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        const started = Date.now();
        const timer = setInterval(() => {
          if (res.destroyed || Date.now() - started > SLOW_TOTAL_MS) {
            clearInterval(timer);
            timers.delete(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write('.');
        }, SLOW_INTERVAL_MS);
        timers.add(timer);
        res.write('.');
        return;
      }
      default:
        return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    }
  });
  server.on('connection', () => {
    connections++;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => new URL(path, `http://127.0.0.1:${port}`).href,
    setMutable: (text) => {
      mutable = text;
    },
    setStatus: (path, code) => {
      if (code === null) statusOverrides.delete(path);
      else statusOverrides.set(path, code);
    },
    connectionCount: () => connections,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
