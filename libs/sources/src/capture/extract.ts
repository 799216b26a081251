/**
 * Text extraction from captured bodies: the main content of HTML pages (Readability over linkedom,
 * so no browser and no script execution), the text layer of PDFs (pdf.js), and decoded plain text.
 * All text leaves in NFC so that anchors computed on it are stable.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/** What {@link extractText} found in a body. */
export interface ExtractedText {
  title: string | null;
  /** ISO 8601, from the page's own metadata. */
  publishedAt: string | null;
  text: string;
  /** The `<html lang>` attribute. */
  language: string | null;
}

// The project compiles without the DOM lib; these are the few DOM members used here.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}
interface DomDocument {
  documentElement: DomElement | null;
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const essence = (contentType: string): string => contentType.split(';', 1)[0]!.trim().toLowerCase();
const collapse = (s: string): string => s.replace(/\s+/gu, ' ').trim();
const nfc = (s: string): string => s.normalize('NFC');

function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/iu.exec(contentType)?.[1];
}

function bomCharset(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

// Arabic sites still serve windows-1256 and declare it only in a <meta> tag.
function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head)?.[1];
}

/** Decodes with the BOM, else the declared charset, else (HTML) a `<meta>` charset, else UTF-8. */
function decode(bytes: Buffer, contentType: string, html: boolean): string {
  const labels = [bomCharset(bytes), charsetOf(contentType), html ? metaCharset(bytes) : undefined, 'utf-8'];
  for (const label of labels) {
    if (label === undefined) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // unknown label: try the next source
    }
  }
  return new TextDecoder().decode(bytes);
}

// Elements whose boundaries are paragraph breaks in the extracted text.
const BLOCK_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TR', 'UL',
]);
const SKIPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'SVG', 'IFRAME', 'OBJECT']);
// Markers placed between text runs; real U+2028/U+2029 in the page are whitespace and get collapsed first.
const LINE = '\u2028';
const PARAGRAPH = '\u2029';

/** Text of `root` with collapsed whitespace, `<br>` as a line break and blocks as blank-line-separated paragraphs. */
function blockText(root: DomNode): string {
  const parts: string[] = [];
  const walk = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === TEXT_NODE) {
        parts.push((child.textContent ?? '').replace(/\s+/gu, ' '));
      } else if (child.nodeType === ELEMENT_NODE) {
        const name = child.nodeName.toUpperCase();
        if (SKIPPED_ELEMENTS.has(name)) continue;
        if (name === 'BR') {
          parts.push(LINE);
          continue;
        }
        const block = BLOCK_ELEMENTS.has(name);
        if (block) parts.push(PARAGRAPH);
        walk(child);
        if (block) parts.push(PARAGRAPH);
      }
    }
  };
  walk(root);
  return parts
    .join('')
    .split(PARAGRAPH)
    .map((paragraph) =>
      paragraph
        .split(LINE)
        .map((line) => line.replace(/ {2,}/gu, ' ').trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

const toIsoDate = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
};

/** `datePublished` anywhere in a JSON-LD value (top level, arrays, `@graph`). */
function jsonLdDatePublished(value: unknown, depth = 0): string | null {
  if (depth > 8 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = jsonLdDatePublished(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.datePublished === 'string') {
    const iso = toIsoDate(record.datePublished);
    if (iso) return iso;
  }
  for (const nested of Object.values(record)) {
    const found = jsonLdDatePublished(nested, depth + 1);
    if (found) return found;
  }
  return null;
}

const META_DATE_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[property="og:article:published_time"]',
  'meta[property="og:published_time"]',
  'meta[itemprop="datePublished"]',
];

function publishedAtOf(document: DomDocument): string | null {
  for (const selector of META_DATE_SELECTORS) {
    const iso = toIsoDate(document.querySelector(selector)?.getAttribute('content'));
    if (iso) return iso;
  }
  for (const element of Array.from(document.querySelectorAll('[itemprop="datePublished"]'))) {
    const iso = toIsoDate(element.getAttribute('datetime') ?? element.getAttribute('content') ?? element.textContent);
    if (iso) return iso;
  }
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      const iso = jsonLdDatePublished(JSON.parse(script.textContent ?? ''));
      if (iso) return iso;
    } catch {
      // malformed JSON-LD is common; ignore it
    }
  }
  for (const selector of ['article time[datetime]', 'time[datetime]']) {
    const iso = toIsoDate(document.querySelector(selector)?.getAttribute('datetime'));
    if (iso) return iso;
  }
  return null;
}

const parseDocument = (html: string): DomDocument => (parseHTML(html) as unknown as { document: DomDocument }).document;

function extractHtml(html: string): ExtractedText {
  const document = parseDocument(html);
  // Metadata first: Readability rewrites the document (it drops scripts, hence JSON-LD).
  const language = document.documentElement?.getAttribute('lang')?.trim() || null;
  const pageTitle = collapse(document.querySelector('title')?.textContent ?? '') || null;
  const publishedAt = publishedAtOf(document);

  let title: string | null = pageTitle;
  let text = '';
  try {
    const article = new Readability<DomNode>(document as never, { serializer: (node) => node as unknown as DomNode }).parse();
    if (article?.content) text = blockText(article.content);
    title = collapse(article?.title ?? '') || pageTitle;
  } catch {
    // Readability gives up on some malformed documents; the body text below still applies.
  }
  if (text === '') {
    const fresh = parseDocument(html);
    const root = fresh.body ?? fresh.documentElement;
    text = root ? blockText(root) : '';
  }
  return { title: title && nfc(title), publishedAt, text: nfc(text), language };
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsLoading: Promise<Pdfjs> | undefined;

/**
 * Loads pdf.js on first use, so that processes which never see a PDF do not pay for it. Its worker
 * runs on the main thread: registering the worker module as `globalThis.pdfjsWorker` is pdf.js's
 * way to skip spawning a worker (no worker file to locate, in the build or under jest).
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoading ??= (async () => {
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const holder = globalThis as { pdfjsWorker?: unknown };
    holder.pdfjsWorker ??= (await import(workerModule)) as unknown;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsLoading;
}

async function extractPdf(bytes: Buffer): Promise<ExtractedText> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // a copy: pdf.js takes ownership of the buffer it is given
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let raw = '';
      for (const item of content.items) {
        if ('str' in item) raw += item.str + (item.hasEOL ? '\n' : '');
      }
      page.cleanup();
      const lines = raw.split('\n').map(collapse).filter((line) => line !== '');
      if (lines.length > 0) pages.push(lines.join('\n'));
    }
    const { info } = await pdf.getMetadata().catch(() => ({ info: undefined }));
    const pdfTitle = (info as { Title?: unknown } | undefined)?.Title;
    const title = typeof pdfTitle === 'string' ? collapse(pdfTitle) || null : null;
    return { title: title && nfc(title), publishedAt: null, text: nfc(pages.join('\n\n')), language: null };
  } finally {
    await task.destroy();
  }
}

/**
 * Extracts the readable text of a captured body. `contentType` may carry a charset parameter.
 * HTML: Readability's main content (the whole body when it finds none), whitespace collapsed with
 * paragraph breaks kept as blank lines; title, publication date and `<html lang>` from the page.
 * PDF: the text of every page, pages separated by blank lines. Anything else: the decoded text.
 */
export async function extractText(bytes: Buffer, contentType: string): Promise<ExtractedText> {
  const type = essence(contentType);
  if (type === 'application/pdf') return extractPdf(bytes);
  if (type === 'text/html' || type === 'application/xhtml+xml') return extractHtml(decode(bytes, contentType, true));
  return { title: null, publishedAt: null, text: nfc(decode(bytes, contentType, false)), language: null };
}
