/**
 * Fetches a source page for archiving. The URL comes from users, so the request must not reach the
 * desk's own network (SSRF): on every hop (the first URL and each redirect) the one address policy
 * ({@link addressVerdict}) judges a literal host before anything is sent, and every address DNS
 * returns for a name before the socket connects (so a rebinding name cannot slip through either).
 */
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { addressVerdict, literalAddress, type AddressPolicyOptions } from './address-policy.js';

/** Limits and switches for {@link fetchForCapture}. */
export interface FetchOptions {
  /** Largest body accepted, in bytes (after content decoding). */
  maxBytes: number;
  /** Budget for the whole fetch: every hop's DNS, connect, headers and the final body. */
  timeoutMs: number;
  /** Redirects followed at most; one more is a failure. Usually 5. */
  maxRedirects: number;
  /** Test-only: also allows 127.0.0.0/8 and ::1 (nothing else private). */
  allowLoopback?: boolean;
  userAgent?: string;
}

/** Why a fetch failed. */
export type FetchFailureReason =
  | 'scheme-not-allowed'
  | 'address-not-allowed'
  | 'too-many-redirects'
  | 'too-large'
  | 'timeout'
  | 'content-type-not-allowed'
  | 'http-error'
  | 'network-error'
  | 'invalid-url';

/** The response headers kept with a capture. */
export type CaptureHeaders = Record<string, string>;

/** Result of {@link fetchForCapture}. `redirects` lists the URLs that answered with a redirect, in order. */
export type FetchOutcome =
  | {
      ok: true;
      finalUrl: string;
      status: number;
      /** The media type without parameters, lower-cased (`text/html`); the full value is in `headers`. */
      contentType: string;
      headers: CaptureHeaders;
      body: Buffer;
      redirects: string[];
      startedAt: Date;
      finishedAt: Date;
    }
  | {
      ok: false;
      reason: FetchFailureReason;
      detail: string;
      status?: number;
      finalUrl?: string;
      redirects: string[];
      startedAt: Date;
      finishedAt: Date;
    };

/** Media types a capture may have; parameters such as charset are ignored. */
export const CAPTURE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'text/html',
  'text/plain',
  'application/pdf',
  'application/json',
  'application/xml',
  'text/xml',
]);

const KEPT_HEADERS = ['content-type', 'content-length', 'last-modified', 'etag', 'date', 'content-language'] as const;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_USER_AGENT = 'FactcheckDesk/0.1 (source capture)';
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.9,text/plain;q=0.8,application/json;q=0.8,application/xml;q=0.8,text/xml;q=0.8';

class CaptureFailure extends Error {
  constructor(
    readonly reason: FetchFailureReason,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(detail);
  }
}

/**
 * Refuses a hop before any packet is sent: non-http(s) schemes, credentials, and literal hosts the
 * address policy refuses. Names are judged on their DNS answers by {@link guardedLookup}.
 */
function checkHop(url: URL, policy: AddressPolicyOptions): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CaptureFailure('scheme-not-allowed', `scheme ${url.protocol} is not allowed`);
  }
  if (url.username !== '' || url.password !== '') throw new CaptureFailure('invalid-url', 'URLs with credentials are not fetched');
  if (url.hostname === '') throw new CaptureFailure('invalid-url', 'URL has no host');
  const address = literalAddress(url);
  if (address === undefined) return;
  const verdict = addressVerdict(address, policy);
  if (!verdict.allowed) throw new CaptureFailure('address-not-allowed', verdict.reason);
}

/**
 * dns.lookup, refusing the whole name when any answer is refused (the socket may try each answer in
 * turn, so one bad answer is enough to reach it).
 */
function guardedLookup(policy: AddressPolicyOptions): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const verdict = addressVerdict(address, policy);
        if (!verdict.allowed) return callback(new CaptureFailure('address-not-allowed', `${hostname} resolves to ${verdict.reason}`), '', 0);
      }
      if (options.all === true) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (first === undefined) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function sendRequest(url: URL, agent: http.Agent, lookup: LookupFunction, signal: AbortSignal, userAgent: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      agent,
      lookup,
      signal,
      headers: { 'user-agent': userAgent, accept: ACCEPT, 'accept-encoding': 'identity' },
    });
    request.once('response', resolve);
    // Kept after the response arrives: an abort then still emits 'error', which must not go unhandled.
    request.on('error', reject);
    request.end();
  });
}

function decodedBody(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  // We ask for identity; a server that compresses anyway is decoded, and the cap applies to the
  // decoded size so that a small compressed bomb is still refused.
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (encoding !== 'identity' && decoder === undefined) {
    throw new CaptureFailure('network-error', `unsupported content-encoding ${encoding}`);
  }
  return decoder ? pipeline(response, decoder, () => undefined) : response;
}

async function readBody(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of decodedBody(response)) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      response.destroy();
      throw new CaptureFailure('too-large', `body exceeds ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

function keptHeaders(response: http.IncomingMessage): CaptureHeaders {
  const headers: CaptureHeaders = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/**
 * GETs `url` for archiving, following up to `maxRedirects` redirects and checking scheme and
 * address on every hop. Only 2xx responses with an allowed content type
 * ({@link CAPTURE_CONTENT_TYPES}) and a body of at most `maxBytes` succeed. Never throws.
 */
export async function fetchForCapture(url: string, options: FetchOptions): Promise<FetchOutcome> {
  const startedAt = new Date();
  const redirects: string[] = [];
  const policy: AddressPolicyOptions = { allowLoopback: options.allowLoopback === true };
  const lookup = guardedLookup(policy);
  const agents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  let current: URL | undefined;

  const fail = (reason: FetchFailureReason, detail: string, status?: number): FetchOutcome => ({
    ok: false,
    reason,
    detail,
    ...(status === undefined ? {} : { status }),
    ...(current === undefined ? {} : { finalUrl: current.href }),
    redirects,
    startedAt,
    finishedAt: new Date(),
  });

  try {
    try {
      current = new URL(url);
    } catch {
      return fail('invalid-url', 'not a valid absolute URL');
    }
    for (;;) {
      checkHop(current, policy);
      const agent = current.protocol === 'https:' ? agents.https : agents.http;
      const response = await sendRequest(current, agent, lookup, controller.signal, options.userAgent ?? DEFAULT_USER_AGENT);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;

      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        response.destroy();
        if (redirects.length >= options.maxRedirects) {
          throw new CaptureFailure('too-many-redirects', `more than ${options.maxRedirects} redirects`, status);
        }
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new CaptureFailure('invalid-url', `redirect to an invalid URL: ${location.slice(0, 200)}`, status);
        }
        redirects.push(current.href);
        current = next;
        continue;
      }

      if (status < 200 || status > 299) {
        response.destroy();
        throw new CaptureFailure('http-error', `HTTP ${status}`, status);
      }
      const declared = response.headers['content-type'] ?? '';
      const contentType = declared.split(';', 1)[0]!.trim().toLowerCase();
      if (!CAPTURE_CONTENT_TYPES.has(contentType)) {
        response.destroy();
        throw new CaptureFailure('content-type-not-allowed', declared === '' ? 'no content-type' : `content-type ${contentType} is not allowed`, status);
      }
      const declaredLength = Number(response.headers['content-length']);
      if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) {
        response.destroy();
        throw new CaptureFailure('too-large', `content-length ${declaredLength} exceeds ${options.maxBytes} bytes`, status);
      }
      const body = await readBody(response, options.maxBytes);
      return {
        ok: true,
        finalUrl: current.href,
        status,
        contentType,
        headers: keptHeaders(response),
        body,
        redirects,
        startedAt,
        finishedAt: new Date(),
      };
    }
  } catch (error) {
    if (error instanceof CaptureFailure) return fail(error.reason, error.detail, error.status);
    // Once the budget is spent every pending operation fails with an abort error of some kind.
    if (timedOut) return fail('timeout', `no complete response within ${options.timeoutMs} ms`);
    const err = error as NodeJS.ErrnoException;
    return fail('network-error', err.code ? `${err.code}: ${err.message}` : err.message);
  } finally {
    clearTimeout(timer);
    agents.http.destroy();
    agents.https.destroy();
  }
}
