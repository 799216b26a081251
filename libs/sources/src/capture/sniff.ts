/**
 * Content sniffing: what a captured body really is, whatever the server or the file name claimed.
 * Only the types the desk can extract text from are named; anything else is `null`.
 */
import { fileTypeFromBuffer } from 'file-type';

/** A media type {@link sniffContentType} can recognise. */
export type SniffedContentType = 'application/pdf' | 'text/html' | 'text/plain' | 'application/json' | 'application/xml';

// file-type also recognises a few text formats; those are judged as text below, not refused.
const TEXTUAL_FILE_TYPES = new Set(['application/xml', 'text/calendar', 'text/vtt']);
const HTML_START = /^(?:<!doctype\s+html|<html[\s>])/iu;
const HTML_SECTIONS = /<(?:head|body)[\s>]/iu;
const XML_TYPES = new Set(['application/xml', 'text/xml']);
// How far into the document <head> or <body> may appear for it to count as HTML.
const HTML_SECTIONS_WINDOW = 1024;

const essence = (contentType: string | undefined): string => (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();

/** Drops leading whitespace and comments, which may precede the doctype or the XML declaration. */
function skipPrologue(text: string): string {
  let rest = text.trimStart();
  while (rest.startsWith('<!--')) {
    const end = rest.indexOf('-->', 4);
    if (end === -1) return '';
    rest = rest.slice(end + 3).trimStart();
  }
  return rest;
}

const parsesAsJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Detects the type of `bytes` from their content: PDF by its signature; otherwise the bytes must be
 * valid UTF-8 without NUL, and are HTML (doctype, `<html>`, or `<head>`/`<body>` near the start),
 * JSON (an object or array; any JSON value when `declared` says JSON), XML (an XML declaration, or
 * markup when `declared` says XML) or else plain text. Binary content gives `null`. `declared` only
 * breaks ties between text types; it never makes binary content acceptable.
 */
export async function sniffContentType(bytes: Buffer, declared?: string): Promise<SniffedContentType | null> {
  // file-type throws on some truncated containers (a zip cut short); the text checks below then decide.
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined);
  if (detected?.mime === 'application/pdf') return 'application/pdf';
  if (detected !== undefined && !TEXTUAL_FILE_TYPES.has(detected.mime)) return null;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // also drops a BOM
  } catch {
    return null;
  }
  if (text.includes('\u0000')) return null;

  const declaredType = essence(declared);
  const start = skipPrologue(text);
  if (HTML_START.test(start) || HTML_SECTIONS.test(start.slice(0, HTML_SECTIONS_WINDOW))) return 'text/html';
  if ((start.startsWith('{') || start.startsWith('[') || declaredType === 'application/json') && parsesAsJson(start)) {
    return 'application/json';
  }
  if (start.startsWith('<?xml') || (XML_TYPES.has(declaredType) && start.startsWith('<'))) return 'application/xml';
  if (declaredType === 'text/html' && start.startsWith('<')) return 'text/html';
  return 'text/plain';
}
