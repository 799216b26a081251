import { MAX_SOURCE_URL_LENGTH, normalizeSourceUrl } from './url.js';

describe('normalizeSourceUrl', () => {
  it.each<[string, string, string]>([
    ['an already normal URL', 'https://example.com/news/1', 'https://example.com/news/1'],
    ['upper-case scheme and host', 'HTTPS://Example.COM/News/1', 'https://example.com/News/1'],
    ['surrounding whitespace', '  https://example.com/a  ', 'https://example.com/a'],
    ['an empty path becomes /', 'https://example.com', 'https://example.com/'],
    ['an IDN host as punycode', 'https://Bücher.de/katalog', 'https://xn--bcher-kva.de/katalog'],
    ['an Arabic IDN host', 'https://مثال.إختبار/خبر', 'https://xn--mgbh0fb.xn--kgbechtv/%D8%AE%D8%A8%D8%B1'],
    ['the default http port', 'http://example.com:80/a', 'http://example.com/a'],
    ['the default https port', 'https://example.com:443/a', 'https://example.com/a'],
    ['a non-default port is kept', 'https://example.com:8443/a', 'https://example.com:8443/a'],
    ['the fragment', 'https://example.com/a#section-2', 'https://example.com/a'],
    ['an empty fragment', 'https://example.com/a#', 'https://example.com/a'],
    ['an empty query', 'https://example.com/a?', 'https://example.com/a'],
    ['utm_* parameters', 'https://example.com/a?utm_source=tw&utm_medium=social&utm_campaign=x', 'https://example.com/a'],
    ['utm_* in upper case', 'https://example.com/a?UTM_Source=tw&id=3', 'https://example.com/a?id=3'],
    [
      'every other tracking parameter',
      'https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&yclid=5&_ga=6&igshid=7&ref_src=8',
      'https://example.com/a',
    ],
    ['tracking mixed with real parameters, order kept', 'https://example.com/a?b=2&utm_source=x&a=1&fbclid=y&c=3', 'https://example.com/a?b=2&a=1&c=3'],
    ['repeated parameters are kept', 'https://example.com/a?tag=1&tag=2', 'https://example.com/a?tag=1&tag=2'],
    ['parameter encoding is kept as is', 'https://example.com/s?q=a+b&r=%7E~&utm_term=z', 'https://example.com/s?q=a+b&r=%7E~'],
    ['a parameter without a value', 'https://example.com/a?print&utm_source=x', 'https://example.com/a?print'],
    ['a percent-encoded tracking name', 'https://example.com/a?utm%5Fsource=x&id=1', 'https://example.com/a?id=1'],
    ['empty pairs', 'https://example.com/a?&&id=1&', 'https://example.com/a?id=1'],
    ['a name that only resembles tracking', 'https://example.com/a?utm=1&my_fbclid=2', 'https://example.com/a?utm=1&my_fbclid=2'],
    ['dot segments', 'https://example.com/a/./b/../c', 'https://example.com/a/c'],
    ['path case is kept', 'https://example.com/Path/To', 'https://example.com/Path/To'],
    ['a non-ASCII path is percent-encoded', 'https://example.com/أخبار', 'https://example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1'],
    ['an IPv6 host', 'http://[2001:DB8::1]:80/', 'http://[2001:db8::1]/'],
  ])('normalises %s', (_name, input, expected) => {
    expect(normalizeSourceUrl(input)).toEqual({ ok: true, url: expected });
  });

  it.each<[string, string, RegExp]>([
    ['an empty string', '   ', /empty/u],
    ['a relative URL', '/news/1', /valid/u],
    ['garbage', 'not a url', /valid/u],
    ['ftp', 'ftp://example.com/file', /scheme ftp/u],
    ['file', 'file:///etc/passwd', /scheme file/u],
    ['javascript', 'javascript:alert(1)', /scheme javascript/u],
    ['data', 'data:text/html,<b>x</b>', /scheme data/u],
    ['mailto', 'mailto:desk@example.com', /scheme mailto/u],
    ['user and password', 'https://user:secret@example.com/', /credentials/u],
    ['a user only', 'https://user@example.com/', /credentials/u],
    ['an invalid port', 'https://example.com:99999/', /valid/u],
    ['a URL that is too long', `https://example.com/${'a'.repeat(MAX_SOURCE_URL_LENGTH)}`, /longer than 2048/u],
    ['a URL that grows too long when percent-encoded', `https://example.com/${'ب'.repeat(500)}`, /longer than 2048/u],
  ])('refuses %s', (_name, input, reason) => {
    expect(normalizeSourceUrl(input)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('accepts a URL of exactly the maximum length', () => {
    const base = 'https://example.com/';
    const input = base + 'a'.repeat(MAX_SOURCE_URL_LENGTH - base.length);
    expect(normalizeSourceUrl(input)).toEqual({ ok: true, url: input });
  });

  it('is idempotent', () => {
    const once = normalizeSourceUrl('HTTP://Bücher.DE:80/a/../b?x=1&utm_source=y#z');
    if (!once.ok) throw new Error(once.reason);
    expect(normalizeSourceUrl(once.url)).toEqual(once);
  });
});
