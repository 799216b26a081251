/**
 * Canonical form of a URL (a source's, an article's), so the same page cited twice with different tracking
 * parameters, fragments or host casing is recognised as one.
 */

/** Longest URL accepted, before and after normalisation. */
export const MAX_SOURCE_URL_LENGTH = 2048;

/** Result of {@link normalizeSourceUrl}. */
export type NormalizedSourceUrl = { ok: true; url: string } | { ok: false; reason: string };

const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'mc_cid', 'mc_eid', 'yclid', '_ga', 'igshid', 'ref_src']);

const isTrackingParam = (name: string): boolean => {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
};

const decodeParamName = (raw: string): string => {
  try {
    return decodeURIComponent(raw.replace(/\+/gu, ' '));
  } catch {
    return raw;
  }
};

/**
 * Normalises an http(s) URL: lower-case scheme and host (IDN as punycode), no default port, no
 * fragment, no tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, yclid, _ga, igshid,
 * ref_src). Other parameters keep their order and their exact encoding. URLs with credentials or
 * longer than {@link MAX_SOURCE_URL_LENGTH} are refused.
 */
export function normalizeSourceUrl(input: string): NormalizedSourceUrl {
  const trimmed = input.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'empty URL' };
  if (trimmed.length > MAX_SOURCE_URL_LENGTH) return { ok: false, reason: `URL longer than ${MAX_SOURCE_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol.slice(0, -1)} is not allowed (http and https only)` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'URLs with credentials are not allowed' };
  if (url.hostname === '') return { ok: false, reason: 'URL has no host' };

  url.hash = '';
  // Filtered on the raw query rather than through URLSearchParams, which would re-encode the
  // parameters that are kept (spaces as '+', '~' escaped, …) and so change the URL's identity.
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(decodeParamName(pair.split('=', 1)[0]!)));
  url.search = kept.length > 0 ? `?${kept.join('&')}` : '';

  const normalized = url.href;
  if (normalized.length > MAX_SOURCE_URL_LENGTH) return { ok: false, reason: `URL longer than ${MAX_SOURCE_URL_LENGTH} characters` };
  return { ok: true, url: normalized };
}
