import net from 'node:net';
import { jest } from '@jest/globals';
import { buildFixturePdf, fixtureContent, startFixtureServer, type FixtureServer } from '@app/testing';
import { fetchForCapture, type FetchOptions, type FetchOutcome } from './fetcher.js';

const DEFAULTS: FetchOptions = { maxBytes: 1024 * 1024, timeoutMs: 5_000, maxRedirects: 5 };
const LOOPBACK: FetchOptions = { ...DEFAULTS, allowLoopback: true };

// Hosts that must be refused before any socket is opened: traffic to them must never leave the machine.
const NEVER_CONTACTED = ['10.0.0.1', '198.18.0.1', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', 'fc00::1', 'fe80::1', '0.0.0.0'];

function expectFailure(outcome: FetchOutcome, reason: string): Extract<FetchOutcome, { ok: false }> {
  if (outcome.ok) throw new Error(`expected ${reason}, got a ${outcome.status} response from ${outcome.finalUrl}`);
  expect({ reason: outcome.reason, detail: outcome.detail }).toEqual({ reason, detail: expect.any(String) });
  return outcome;
}

const reasonOf = (outcome: FetchOutcome): string => (outcome.ok ? 'ok' : outcome.reason);

function expectSuccess(outcome: FetchOutcome): Extract<FetchOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.reason}: ${outcome.detail}`);
  return outcome;
}

/** Hosts of every socket connect attempted while `run` executes. */
async function connectsDuring(run: () => Promise<void>): Promise<string[]> {
  const hosts: string[] = [];
  const original = net.Socket.prototype.connect;
  const spy = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    // http passes normalised arguments: an array whose first element holds the options.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    hosts.push(String((first as { host?: string } | undefined)?.host ?? first));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return hosts;
}

describe('fetchForCapture', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });

  afterAll(async () => {
    await server.close();
  });

  describe('with the default options (no loopback)', () => {
    it.each([
      'http://127.0.0.1/',
      'http://localhost/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::127.0.0.1]/', // IPv4-compatible (deprecated) forms of loopback and the metadata address
      'http://[::7f00:1]/',
      'http://[::169.254.169.254]/latest/meta-data',
      'http://[::a9fe:a9fe]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::]/',
      'http://0x7f.1/',
      'http://127.0.0.1./',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://0x7f.0.0.1/',
      'http://10.0.0.1/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      'http://[fc00::1]/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
      'http://198.18.0.1/',
      'https://10.0.0.1/',
      'https://[::1]:8443/',
    ])('refuses %s without contacting a private address', async (url) => {
      let outcome: FetchOutcome | undefined;
      const hosts = await connectsDuring(async () => {
        outcome = await fetchForCapture(url, DEFAULTS);
      });
      const failure = expectFailure(outcome!, 'address-not-allowed');
      expect(failure.redirects).toEqual([]);
      expect(failure.finishedAt.getTime()).toBeGreaterThanOrEqual(failure.startedAt.getTime());
      expect(hosts.filter((host) => NEVER_CONTACTED.includes(host))).toEqual([]);
    });

    it.each(['http://127.0.0.1/', 'http://10.0.0.1/', 'http://169.254.169.254/', 'http://[fc00::1]/', 'http://100.64.0.1/', 'http://198.18.0.1/'])(
      'refuses the literal address %s before opening any socket',
      async (url) => {
        let outcome: FetchOutcome | undefined;
        const hosts = await connectsDuring(async () => {
          outcome = await fetchForCapture(url, DEFAULTS);
        });
        expectFailure(outcome!, 'address-not-allowed');
        expect(hosts).toEqual([]);
      },
    );

    it('refuses a name that resolves to loopback, and the fixture server itself, without reaching it', async () => {
      const before = server.connectionCount();
      const port = new URL(server.url('/')).port;
      expect(reasonOf(await fetchForCapture(server.url('/plain.txt'), DEFAULTS))).toBe('address-not-allowed');
      expect(reasonOf(await fetchForCapture(`http://localhost:${port}/plain.txt`, DEFAULTS))).toBe('address-not-allowed');
      expect(reasonOf(await fetchForCapture(`http://[::ffff:127.0.0.1]:${port}/plain.txt`, DEFAULTS))).toBe('address-not-allowed');
      expect(reasonOf(await fetchForCapture(`http://[::127.0.0.1]:${port}/plain.txt`, DEFAULTS))).toBe('address-not-allowed');
      // A trailing-dot name is a name: refused on its answer where it resolves (not every resolver answers for it).
      expect(['address-not-allowed', 'network-error']).toContain(reasonOf(await fetchForCapture(`http://localhost.:${port}/plain.txt`, DEFAULTS)));
      expect(server.connectionCount()).toBe(before);
    });

    it.each(['file:///etc/passwd', 'ftp://example.com/file.txt', 'gopher://example.com/', 'data:text/plain,hello', 'javascript:alert(1)'])(
      'refuses the scheme of %s',
      async (url) => {
        const hosts = await connectsDuring(async () => {
          expect(reasonOf(await fetchForCapture(url, DEFAULTS))).toBe('scheme-not-allowed');
        });
        expect(hosts).toEqual([]);
      },
    );

    it.each(['not a url', '/relative/path', 'http://', 'http://[::1/'])('reports %j as an invalid URL', async (url) => {
      expect(reasonOf(await fetchForCapture(url, DEFAULTS))).toBe('invalid-url');
    });

    it('refuses URLs with credentials', async () => {
      expect(reasonOf(await fetchForCapture('https://user:secret@example.com/', DEFAULTS))).toBe('invalid-url');
    });
  });

  describe('with allowLoopback (tests only)', () => {
    it('fetches the HTML article with its headers of interest', async () => {
      const result = expectSuccess(await fetchForCapture(server.url('/article.html'), LOOPBACK));
      expect(result).toMatchObject({ finalUrl: server.url('/article.html'), status: 200, contentType: 'text/html', redirects: [] });
      expect(result.headers).toEqual({
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(result.body.length),
        'last-modified': 'Thu, 14 Nov 2024 09:45:00 GMT',
        etag: '"article-v1"',
        date: expect.any(String),
        'content-language': 'ar',
      });
      expect(result.body.toString('utf8')).toContain(fixtureContent.articleQuote);
      expect(result.finishedAt.getTime()).toBeGreaterThanOrEqual(result.startedAt.getTime());
    });

    it('fetches the PDF byte for byte', async () => {
      const result = expectSuccess(await fetchForCapture(server.url('/statement.pdf'), LOOPBACK));
      expect(result.contentType).toBe('application/pdf');
      expect(result.body.equals(buildFixturePdf())).toBe(true);
    });

    it('fetches plain text', async () => {
      const result = expectSuccess(await fetchForCapture(server.url('/plain.txt'), LOOPBACK));
      expect(result.contentType).toBe('text/plain');
      expect(result.body.toString('utf8')).toBe(fixtureContent.plainText);
    });

    it('follows 5 redirects and records them', async () => {
      const result = expectSuccess(await fetchForCapture(server.url('/redirect/5'), LOOPBACK));
      expect(result.finalUrl).toBe(server.url('/plain.txt'));
      expect(result.redirects).toEqual([5, 4, 3, 2, 1].map((n) => server.url(`/redirect/${n}`)));
      expect(result.body.toString('utf8')).toBe(fixtureContent.plainText);
    });

    it('refuses a 6th redirect', async () => {
      const failure = expectFailure(await fetchForCapture(server.url('/redirect/6'), LOOPBACK), 'too-many-redirects');
      expect(failure.redirects).toHaveLength(5);
      expect(failure.finalUrl).toBe(server.url('/redirect/1'));
      expect(failure.status).toBe(302);
    });

    it('honours a lower maxRedirects', async () => {
      expect(reasonOf(await fetchForCapture(server.url('/redirect/2'), { ...LOOPBACK, maxRedirects: 1 }))).toBe('too-many-redirects');
      expect(reasonOf(await fetchForCapture(server.url('/redirect/1'), { ...LOOPBACK, maxRedirects: 1 }))).toBe('ok');
    });

    it.each(['http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', 'http://192.168.1.1/', 'http://[fc00::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::127.0.0.1]/', 'http://[::a9fe:a9fe]/'])(
      'refuses a redirect from the fixture server to %s',
      async (target) => {
        let outcome: FetchOutcome | undefined;
        const hosts = await connectsDuring(async () => {
          outcome = await fetchForCapture(server.url(`/redirect-to?url=${encodeURIComponent(target)}`), LOOPBACK);
        });
        const failure = expectFailure(outcome!, 'address-not-allowed');
        expect(failure.redirects).toEqual([server.url(`/redirect-to?url=${encodeURIComponent(target)}`)]);
        expect(failure.finalUrl).toBe(new URL(target).href);
        expect(hosts).toContain('127.0.0.1'); // the spy does see connections
        expect(hosts.filter((host) => host !== '127.0.0.1')).toEqual([]);
      },
    );

    it('refuses a redirect to a non-http scheme', async () => {
      const failure = expectFailure(await fetchForCapture(server.url(`/redirect-to?url=${encodeURIComponent('file:///etc/passwd')}`), LOOPBACK), 'scheme-not-allowed');
      expect(failure.redirects).toHaveLength(1);
    });

    it('does not open other private ranges directly', async () => {
      expect(reasonOf(await fetchForCapture('http://10.0.0.1/', LOOPBACK))).toBe('address-not-allowed');
      expect(reasonOf(await fetchForCapture('http://169.254.169.254/', LOOPBACK))).toBe('address-not-allowed');
      expect(reasonOf(await fetchForCapture('http://0.0.0.0/', LOOPBACK))).toBe('address-not-allowed');
    });

    it('refuses a body larger than the cap sent without content-length', async () => {
      const failure = expectFailure(await fetchForCapture(server.url('/big'), { ...LOOPBACK, maxBytes: 64 * 1024 }), 'too-large');
      expect(failure.finalUrl).toBe(server.url('/big'));
    });

    it('refuses a declared content-length larger than the cap', async () => {
      expect(reasonOf(await fetchForCapture(server.url('/big-declared'), { ...LOOPBACK, maxBytes: 64 * 1024 }))).toBe('too-large');
    });

    it('accepts a body of exactly the cap', async () => {
      const result = expectSuccess(await fetchForCapture(server.url('/big?bytes=65536'), { ...LOOPBACK, maxBytes: 64 * 1024 }));
      expect(result.body.length).toBe(64 * 1024);
    });

    it('decodes a gzip body sent without being asked for', async () => {
      const result = expectSuccess(await fetchForCapture(server.url('/gzip.txt'), LOOPBACK));
      expect(result.body.toString('utf8')).toBe(fixtureContent.plainText);
    });

    it('applies the cap to the decoded size of a compressed body', async () => {
      // About 1 KiB on the wire, 4 MiB decoded.
      expect(reasonOf(await fetchForCapture(server.url(`/gzip.txt?bytes=${4 * 1024 * 1024}`), { ...LOOPBACK, maxBytes: 64 * 1024 }))).toBe('too-large');
    });

    it('times out on a body that trickles in', async () => {
      const failure = expectFailure(await fetchForCapture(server.url('/slow'), { ...LOOPBACK, timeoutMs: 500 }), 'timeout');
      expect(failure.finalUrl).toBe(server.url('/slow'));
    });

    it('refuses an image', async () => {
      expect(reasonOf(await fetchForCapture(server.url('/image.png'), LOOPBACK))).toBe('content-type-not-allowed');
    });

    it.each([404, 500, 403, 503])('reports HTTP %i as an http-error with its status', async (code) => {
      const failure = expectFailure(await fetchForCapture(server.url(`/status/${code}`), LOOPBACK), 'http-error');
      expect(failure.status).toBe(code);
    });

    it('sees a page disappear and come back', async () => {
      expect(reasonOf(await fetchForCapture(server.url('/gone'), LOOPBACK))).toBe('ok');
      server.setStatus('/gone', 404);
      expect(expectFailure(await fetchForCapture(server.url('/gone'), LOOPBACK), 'http-error').status).toBe(404);
      server.setStatus('/gone', 500);
      expect(expectFailure(await fetchForCapture(server.url('/gone'), LOOPBACK), 'http-error').status).toBe(500);
      server.setStatus('/gone', null);
      expect(reasonOf(await fetchForCapture(server.url('/gone'), LOOPBACK))).toBe('ok');
    });

    it('sees a page change', async () => {
      server.setMutable('version one');
      expect(expectSuccess(await fetchForCapture(server.url('/mutable'), LOOPBACK)).body.toString()).toBe('version one');
      server.setMutable('version two');
      expect(expectSuccess(await fetchForCapture(server.url('/mutable'), LOOPBACK)).body.toString()).toBe('version two');
    });

    it('reports a closed port as a network error', async () => {
      const closed = await startFixtureServer();
      const url = closed.url('/plain.txt');
      await closed.close();
      expect(reasonOf(await fetchForCapture(url, LOOPBACK))).toBe('network-error');
    });
  });
});
