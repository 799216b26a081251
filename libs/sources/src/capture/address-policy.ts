/**
 * The one rule for which IP addresses the capture fetcher may connect to. It is applied to literal
 * hosts before anything is sent, to every address DNS returns (so a name that resolves to the desk's
 * own network is refused before the socket opens, which also defeats DNS rebinding) and again on
 * every redirect hop.
 *
 * Deny by default: only global unicast is allowed, i.e. IPv4 outside every entry of the IANA IPv4
 * Special-Purpose Address Registry, and IPv6 inside 2000::/3 outside every entry of the IANA IPv6
 * Special-Purpose Address Registry. Entries the registry marks globally reachable (a few anycast
 * services in 192.0.0.0/24 and 2001::/23) are refused too: no source page lives there.
 *
 * Two IPv6 forms name an IPv4 host and are judged by that host: IPv4-mapped (`::ffff:a.b.c.d`, the
 * same socket as the IPv4 address) and the NAT64 well-known prefix (`64:ff9b::a.b.c.d`, which a
 * translator forwards to the IPv4 address). The other embedding forms are refused whatever they
 * embed, and their refusal names the embedded IPv4 address: IPv4-compatible (`::a.b.c.d`, deprecated
 * by RFC 4291; an operating system may still route it to the IPv4 host), 6to4 and Teredo.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** How an IPv6 range embeds an IPv4 address. */
type Embedding = 'ipv4-mapped' | 'nat64' | 'ipv4-compatible' | '6to4' | 'teredo';

interface SpecialRange {
  cidr: string;
  name: string;
  embeds?: Embedding;
}

/** The IANA IPv4 Special-Purpose Address Registry (every entry is refused). */
export const IPV4_SPECIAL_RANGES: readonly SpecialRange[] = [
  { cidr: '0.0.0.0/8', name: '"this network" (RFC 791)' },
  { cidr: '10.0.0.0/8', name: 'private-use (RFC 1918)' },
  { cidr: '100.64.0.0/10', name: 'shared address space (RFC 6598)' },
  { cidr: '127.0.0.0/8', name: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', name: 'link-local, where cloud metadata services live (RFC 3927)' },
  { cidr: '172.16.0.0/12', name: 'private-use (RFC 1918)' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', name: 'documentation, TEST-NET-1 (RFC 5737)' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4 (RFC 7535)' },
  { cidr: '192.52.193.0/24', name: 'AMT (RFC 7450)' },
  { cidr: '192.88.99.0/24', name: 'deprecated 6to4 relay anycast (RFC 7526)' },
  { cidr: '192.168.0.0/16', name: 'private-use (RFC 1918)' },
  { cidr: '192.175.48.0/24', name: 'direct delegation AS112 service (RFC 7534)' },
  { cidr: '198.18.0.0/15', name: 'benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', name: 'documentation, TEST-NET-2 (RFC 5737)' },
  { cidr: '203.0.113.0/24', name: 'documentation, TEST-NET-3 (RFC 5737)' },
  { cidr: '224.0.0.0/4', name: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', name: 'reserved (RFC 1112)' },
  { cidr: '255.255.255.255/32', name: 'limited broadcast (RFC 919)' },
];

/** The IANA IPv6 Special-Purpose Address Registry, plus the deprecated forms it no longer lists. */
export const IPV6_SPECIAL_RANGES: readonly SpecialRange[] = [
  { cidr: '::/128', name: 'unspecified (RFC 4291)' },
  { cidr: '::1/128', name: 'loopback (RFC 4291)' },
  { cidr: '::/96', name: 'IPv4-compatible, deprecated (RFC 4291)', embeds: 'ipv4-compatible' },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped (RFC 4291)', embeds: 'ipv4-mapped' },
  { cidr: '64:ff9b::/96', name: 'NAT64 well-known prefix (RFC 6052)', embeds: 'nat64' },
  { cidr: '64:ff9b:1::/48', name: 'local-use NAT64 (RFC 8215)' },
  { cidr: '100::/64', name: 'discard-only (RFC 6666)' },
  { cidr: '2001::/23', name: 'IETF protocol assignments (RFC 2928)' },
  { cidr: '2001::/32', name: 'Teredo (RFC 4380)', embeds: 'teredo' },
  { cidr: '2001:1::1/128', name: 'Port Control Protocol anycast (RFC 7723)' },
  { cidr: '2001:1::2/128', name: 'TURN anycast (RFC 8155)' },
  { cidr: '2001:1::3/128', name: 'DNS-SD service registration anycast (RFC 9665)' },
  { cidr: '2001:2::/48', name: 'benchmarking (RFC 5180)' },
  { cidr: '2001:3::/32', name: 'AMT (RFC 7450)' },
  { cidr: '2001:4:112::/48', name: 'AS112-v6 (RFC 7535)' },
  { cidr: '2001:10::/28', name: 'ORCHID, deprecated (RFC 4843)' },
  { cidr: '2001:20::/28', name: 'ORCHIDv2 (RFC 7343)' },
  { cidr: '2001:30::/28', name: 'drone remote ID entity tags (RFC 9374)' },
  { cidr: '2001:db8::/32', name: 'documentation (RFC 3849)' },
  { cidr: '2002::/16', name: '6to4 (RFC 3056)', embeds: '6to4' },
  { cidr: '2620:4f:8000::/48', name: 'direct delegation AS112 service (RFC 7534)' },
  { cidr: '3fff::/20', name: 'documentation (RFC 9637)' },
  { cidr: '5f00::/16', name: 'segment routing SIDs (RFC 9602)' },
  { cidr: 'fc00::/7', name: 'unique-local (RFC 4193)' },
  { cidr: 'fe80::/10', name: 'link-local (RFC 4291)' },
  { cidr: 'fec0::/10', name: 'site-local, deprecated (RFC 3879)' },
  { cidr: 'ff00::/8', name: 'multicast (RFC 4291)' },
];

/** IPv6 global unicast; everything outside it is refused even where no registry entry names it. */
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Options of {@link addressVerdict}. */
export interface AddressPolicyOptions {
  /** Test-only: also allows 127.0.0.0/8 and ::1 (nothing else special). */
  allowLoopback?: boolean;
}

/** Result of {@link addressVerdict}; a refusal says which range the address is in. */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

type Parsed<R extends SpecialRange> = R & { range: [ipaddr.IPv4 | ipaddr.IPv6, number] };
const parsed = <R extends SpecialRange>(ranges: readonly R[]): Parsed<R>[] => ranges.map((entry) => ({ ...entry, range: ipaddr.parseCIDR(entry.cidr) }));
const V4 = parsed(IPV4_SPECIAL_RANGES);
const V6 = parsed(IPV6_SPECIAL_RANGES);

/** The most specific registry entry holding the address (2001:2::/48 rather than 2001::/23). */
function specialRange<T extends ipaddr.IPv4 | ipaddr.IPv6>(address: T, table: Parsed<SpecialRange>[]): Parsed<SpecialRange> | undefined {
  let best: Parsed<SpecialRange> | undefined;
  for (const entry of table) {
    const [network, bits] = entry.range;
    if (address.match(network as T, bits) && (best === undefined || bits > best.range[1])) best = entry;
  }
  return best;
}

/** The IPv4 address an embedding form carries. */
function embeddedIPv4(address: ipaddr.IPv6, embedding: Embedding): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  switch (embedding) {
    case '6to4':
      return new ipaddr.IPv4(bytes.slice(2, 6)); // bits 16–47
    case 'teredo':
      return new ipaddr.IPv4(bytes.slice(12, 16).map((byte) => byte ^ 0xff)); // the client, obfuscated
    default:
      return new ipaddr.IPv4(bytes.slice(12, 16)); // the low 32 bits
  }
}

function ipv4Verdict(address: ipaddr.IPv4, options: AddressPolicyOptions): AddressVerdict {
  const entry = specialRange(address, V4);
  if (entry === undefined) return { allowed: true };
  if (options.allowLoopback === true && entry.cidr === '127.0.0.0/8') return { allowed: true };
  return { allowed: false, reason: `${address.toString()} is ${entry.name}, in ${entry.cidr}` };
}

function ipv6Verdict(address: ipaddr.IPv6, options: AddressPolicyOptions): AddressVerdict {
  const written = address.toRFC5952String();
  const entry = specialRange(address, V6);
  if (entry === undefined) {
    if (address.match(IPV6_GLOBAL_UNICAST)) return { allowed: true };
    return { allowed: false, reason: `${written} is not global unicast (outside 2000::/3)` };
  }
  if (options.allowLoopback === true && entry.cidr === '::1/128') return { allowed: true };
  if (entry.embeds === undefined) return { allowed: false, reason: `${written} is ${entry.name}, in ${entry.cidr}` };
  const inner = embeddedIPv4(address, entry.embeds);
  if (entry.embeds === 'ipv4-mapped' || entry.embeds === 'nat64') {
    // Judged without the test-only loopback opening, which is for 127.0.0.0/8 and ::1 as written.
    const verdict = ipv4Verdict(inner, {});
    return verdict.allowed ? verdict : { allowed: false, reason: `${written} is ${entry.name} for ${verdict.reason}` };
  }
  return { allowed: false, reason: `${written} is ${entry.name}, in ${entry.cidr}, embedding ${inner.toString()}` };
}

/**
 * IPv6 text rewritten by the URL parser in hexadecimal groups only. ipaddr.js reads any trailing dotted
 * quad as IPv4-mapped (`::127.0.0.1` becomes `::ffff:127.0.0.1`), but `::a.b.c.d` is IPv4-compatible,
 * and that is how getaddrinfo writes such a DNS answer. Zone ids (`fe80::1%eth0`) do not parse.
 */
function hexIPv6(address: string): string | undefined {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/**
 * Whether the fetcher may connect to `address` (an IPv4 or IPv6 address as text, as a URL host
 * without brackets or a DNS answer). Anything that does not parse as an address is refused.
 */
export function addressVerdict(address: string, options: AddressPolicyOptions = {}): AddressVerdict {
  // Only the strict forms: a URL host or DNS answer is already a dotted quad or RFC 4291 text, and
  // ipaddr's lenient parser would read '0x7f.1' or '2130706433' by rules that differ from the URL parser's.
  if (!ipaddr.isValid(address) || (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address))) {
    return { allowed: false, reason: `${address.slice(0, 100)} is not an IP address` };
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipv4Verdict(ipaddr.IPv4.parse(address), options);
  const hex = hexIPv6(address);
  if (hex === undefined) return { allowed: false, reason: `${address.slice(0, 100)} is not an IP address` };
  return ipv6Verdict(ipaddr.IPv6.parse(hex), options);
}

/**
 * The IP address a URL's host is written as (without brackets), or undefined for a name, which DNS
 * resolves. The URL parser has already turned decimal, octal and hex IPv4 forms (`2130706433`,
 * `0177.0.0.1`, `0x7f.1`) and a trailing dot into a dotted quad, and IPv6 into its compressed form.
 */
export function literalAddress(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? undefined : host;
}
