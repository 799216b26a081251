import ipaddr from 'ipaddr.js';
import { addressVerdict, IPV4_SPECIAL_RANGES, IPV6_SPECIAL_RANGES, literalAddress } from './address-policy.js';

const reasonOf = (address: string, options = {}) => {
  const verdict = addressVerdict(address, options);
  return verdict.allowed ? 'allowed' : verdict.reason;
};

/** The first and the last address of a range, as text. */
function ends(cidr: string): [string, string] {
  const [network, bits] = ipaddr.parseCIDR(cidr);
  const bytes = network.toByteArray();
  const last = bytes.map((byte, i) => {
    const hostBits = Math.min(8, Math.max(0, (i + 1) * 8 - bits));
    return byte | ((1 << hostBits) - 1);
  });
  return [network.toString(), ipaddr.fromByteArray(last).toString()];
}

describe('addressVerdict', () => {
  describe.each([...IPV4_SPECIAL_RANGES, ...IPV6_SPECIAL_RANGES].map((entry) => [entry.cidr, entry] as const))('the special-purpose range %s', (cidr, entry) => {
    const [first, last] = ends(cidr);
    it.each([first, last])('refuses %s', (address) => {
      const reason = reasonOf(address);
      // Mapped and NAT64 addresses are refused for the IPv4 address they embed, which the reason names;
      // the others name their range, or a more specific entry inside it (2001::/32 inside 2001::/23).
      const named = /, in (\S+\/\d+)/u.exec(reason)?.[1];
      expect({ address, named }).toEqual({ address, named: expect.any(String) });
      if (entry.embeds === 'ipv4-mapped' || entry.embeds === 'nat64') return;
      const [network, bits] = ipaddr.parseCIDR(named!);
      const [own, ownBits] = ipaddr.parseCIDR(cidr);
      expect(ipaddr.parse(address).match(network, bits) && network.kind() === own.kind() && own.match(network, ownBits) && bits >= ownBits).toBe(true);
    });
  });

  it.each([
    ['127.0.0.1', 'loopback (RFC 1122), in 127.0.0.0/8'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', '0.0.0.0/8'],
    ['255.255.255.255', 'limited broadcast'],
    ['192.0.0.9', '192.0.0.0/24'],
    ['::', 'unspecified'],
    ['::1', 'loopback (RFC 4291)'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:2::1', 'benchmarking (RFC 5180), in 2001:2::/48'],
    ['2001:1::1', 'Port Control Protocol anycast'],
    ['4000::1', 'not global unicast (outside 2000::/3)'],
    ['1::1', 'not global unicast'],
  ])('refuses %s as %s', (address, reason) => {
    expect(reasonOf(address)).toContain(reason);
  });

  describe('IPv6 forms that embed an IPv4 address', () => {
    it.each([
      // IPv4-compatible (deprecated): refused whatever it embeds; the reported bug was loopback and metadata.
      ['::127.0.0.1', 'IPv4-compatible, deprecated (RFC 4291), in ::/96, embedding 127.0.0.1'],
      ['::7f00:1', 'embedding 127.0.0.1'],
      ['::169.254.169.254', 'embedding 169.254.169.254'],
      ['::a9fe:a9fe', 'embedding 169.254.169.254'],
      ['::8.8.8.8', 'embedding 8.8.8.8'],
      // IPv4-mapped and NAT64: the embedded address decides.
      ['::ffff:127.0.0.1', 'IPv4-mapped (RFC 4291) for 127.0.0.1 is loopback'],
      ['::ffff:7f00:1', 'for 127.0.0.1 is loopback'],
      ['::ffff:a9fe:a9fe', 'for 169.254.169.254 is link-local'],
      ['::ffff:10.1.2.3', 'for 10.1.2.3 is private-use'],
      ['64:ff9b::7f00:1', 'NAT64 well-known prefix (RFC 6052) for 127.0.0.1 is loopback'],
      ['64:ff9b::169.254.169.254', 'for 169.254.169.254 is link-local'],
      ['64:ff9b:1::808:808', 'local-use NAT64'],
      // 6to4 (the IPv4 address in bits 16–47) and Teredo (the client address, bits inverted): always refused.
      ['2002:7f00:1::', '6to4 (RFC 3056), in 2002::/16, embedding 127.0.0.1'],
      ['2002:a9fe:a9fe::1', 'embedding 169.254.169.254'],
      ['2002:808:808::1', 'embedding 8.8.8.8'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (RFC 4380), in 2001::/32, embedding 192.0.2.45'],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'embedding 127.0.0.1'],
    ])('refuses %s: %s', (address, reason) => {
      expect(reasonOf(address)).toContain(reason);
    });

    it.each(['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '64:ff9b::101:101'])('allows %s, which embeds a global IPv4 address', (address) => {
      expect(reasonOf(address)).toBe('allowed');
    });
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '198.17.255.255', '198.20.0.0', '223.255.255.255', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '2001:200::1', '2620:4f:7fff::1'])(
    'allows the global unicast address %s',
    (address) => {
      expect(reasonOf(address)).toBe('allowed');
    },
  );

  it.each(['localhost', 'example.com', '2130706433', '0x7f.1', '0177.0.0.1', '127.1', '', '1.2.3.4.5'])('refuses %j, which is not a strict IP address', (text) => {
    expect(reasonOf(text)).toContain('is not an IP address');
  });

  it('opens loopback, and nothing else, to tests that ask for it', () => {
    const loopback = { allowLoopback: true };
    expect(reasonOf('127.0.0.1', loopback)).toBe('allowed');
    expect(reasonOf('127.255.0.9', loopback)).toBe('allowed');
    expect(reasonOf('::1', loopback)).toBe('allowed');
    expect(reasonOf('::ffff:127.0.0.1', loopback)).toContain('IPv4-mapped');
    expect(reasonOf('::127.0.0.1', loopback)).toContain('IPv4-compatible');
    expect(reasonOf('10.0.0.1', loopback)).toContain('private-use');
    expect(reasonOf('169.254.169.254', loopback)).toContain('link-local');
  });
});

describe('literalAddress (the host of a URL, as the fetcher sees it)', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0x7f.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://[::1]/', '::1'],
    ['http://[::7f00:1]/', '::7f00:1'],
    ['http://[::127.0.0.1]/', '::7f00:1'],
    ['http://[::ffff:7f00:1]/', '::ffff:7f00:1'],
    ['http://[::ffff:127.0.0.1]:8080/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:0:a9fe:a9fe]/', '::a9fe:a9fe'],
  ])('reads %s as the address %s, which the policy refuses', (url, address) => {
    expect(literalAddress(new URL(url))).toBe(address);
    expect(addressVerdict(address).allowed).toBe(false);
  });

  it.each(['http://localhost/', 'http://localhost./', 'http://example.com./', 'http://xn--mgbh0fb.example/'])('leaves the name in %s to DNS (whose answers the policy judges)', (url) => {
    expect(literalAddress(new URL(url))).toBeUndefined();
  });
});
