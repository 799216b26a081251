import { deflateRawSync } from 'node:zlib';
import { buildFixturePdf } from '@app/testing';
import { sniffContentType, type SniffedContentType } from './sniff.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The start of a zip archive: one local file header and its data, no central directory. */
function zipWith(name: string, content: string): Buffer {
  const data = deflateRawSync(Buffer.from(content));
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name), data]);
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('sniffContentType', () => {
  it.each<[string, Buffer, string | undefined, SniffedContentType | null]>([
    ['a real PDF', buildFixturePdf(), undefined, 'application/pdf'],
    ['a PDF declared as HTML', buildFixturePdf(), 'text/html', 'application/pdf'],
    ['an HTML5 doctype', utf8('<!DOCTYPE html><html><body>x</body></html>'), undefined, 'text/html'],
    ['a lower-case doctype after a BOM and whitespace', utf8('\uFEFF \n\t<!doctype html>\n<p>x'), undefined, 'text/html'],
    ['a doctype after comments', utf8('<!-- generated --><!-- cache: hit -->\n<!DOCTYPE html><title>x</title>'), undefined, 'text/html'],
    ['<html> without a doctype', utf8('<html lang="ar"><head><title>خبر</title></head></html>'), undefined, 'text/html'],
    ['<HTML> in upper case', utf8('<HTML><BODY>x</BODY></HTML>'), undefined, 'text/html'],
    ['a fragment with <head> near the start', utf8('<meta charset="utf-8">\n<head><title>x</title></head>'), undefined, 'text/html'],
    ['a fragment with <body>', utf8('<div></div><body class="a">x</body>'), undefined, 'text/html'],
    ['XHTML with an XML declaration', utf8('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><head></head></html>'), undefined, 'text/html'],
    ['an HTML fragment declared as HTML', utf8('<p>Only a paragraph</p>'), 'text/html; charset=utf-8', 'text/html'],
    ['an HTML fragment with nothing declared', utf8('<p>Only a paragraph</p>'), undefined, 'text/plain'],
    ['a JSON object', utf8('{"claim": "الدفاع", "year": 2024}'), undefined, 'application/json'],
    ['a JSON array after whitespace', utf8('\n  [1, 2, 3]'), undefined, 'application/json'],
    ['a JSON scalar declared as JSON', utf8('42'), 'application/json', 'application/json'],
    ['a JSON-looking scalar without a declaration', utf8('42'), undefined, 'text/plain'],
    ['broken JSON', utf8('{"a": 1,'), 'application/json', 'text/plain'],
    ['an XML declaration', utf8('<?xml version="1.0" encoding="UTF-8"?><rss><channel/></rss>'), undefined, 'application/xml'],
    ['XML without a declaration, declared as XML', utf8('<rss><channel/></rss>'), 'text/xml', 'application/xml'],
    ['Arabic plain text', utf8('قالت وزارة الخارجية الروسية، الخميس، إن روسيا والصين أجرتا محادثات.'), undefined, 'text/plain'],
    ['plain text declared as PDF', utf8('not really a pdf'), 'application/pdf', 'text/plain'],
    ['empty bytes', Buffer.alloc(0), undefined, 'text/plain'],
    ['a PNG', PNG, undefined, null],
    ['a PNG declared as text', PNG, 'text/plain', null],
    ['a GIF', GIF, undefined, null],
    ['a zip archive cut short', zipWith('a.txt', 'hello hello hello'), undefined, null],
    ['invalid UTF-8', Buffer.from([0x68, 0x69, 0xc3, 0x28]), undefined, null],
    ['Latin-1 bytes', Buffer.from('café', 'latin1'), undefined, null],
    ['a truncated multi-byte sequence', utf8('خبر').subarray(0, 5), undefined, null],
    ['text with NUL bytes', utf8('abc\u0000def'), undefined, null],
  ])('%s', async (_name, bytes, declared, expected) => {
    expect(await sniffContentType(bytes, declared)).toBe(expected);
  });
});
