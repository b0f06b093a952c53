// Where outgoing webhooks may go. An admin types the URL and our server calls it, so without this
// check an endpoint could make the server reach its own network (the database, the cloud's metadata
// service at 169.254.169.254, an admin panel on localhost): server-side request forgery. A URL must
// be https and every address its host resolves to must be a public one. The names are resolved, not
// just read: `metadata.internal.example` may well point at 10.0.0.1, and DNS can change after the
// endpoint was saved, so deliveries check again before each attempt.
//
// WEBHOOK_ALLOW_PRIVATE_URLS=1 lifts both rules, for local development and tests against a receiver
// on the same machine.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export type ResolvedAddress = { address: string; family: number };
/** Every address a name resolves to, as dns.lookup(name, {all: true}) answers (injectable for tests). */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

// Addresses that are not on the public internet (IANA's special-purpose registries): the ones the
// contract names (loopback, private, link-local, CGNAT, unique-local, multicast, unspecified) and the
// other reserved blocks nobody's webhook receiver lives in.
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", and 0.0.0.0 the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (the cloud metadata service)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** The 8 groups of an IPv6 address as numbers (a trailing dotted IPv4 taking the last two). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const octets = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const groups = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 address an IPv6 address carries and would be reached at: IPv4-mapped (::ffff:127.0.0.1,
 * also written ::ffff:7f00:1), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). `[::ffff:10.0.0.1]` is
 * 10.0.0.1 to the kernel, so it is judged as 10.0.0.1.
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return null;
}

/** Whether an IP address (v4 or v6) is on the public internet; anything unparsable is not. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const ipv4 = embeddedIpv4(address);
  if (ipv4 !== null && NOT_PUBLIC.check(ipv4, 'ipv4')) return false;
  return !NOT_PUBLIC.check(address.replace(/%.*$/, ''), 'ipv6');
}

export type UrlSafetyOptions = {
  /** http and private addresses allowed (WEBHOOK_ALLOW_PRIVATE_URLS=1) */
  allowPrivateUrls: boolean;
  lookup?: HostLookup;
};

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Why a webhook may not go to `url`, or null when it may. The URL's form is checked first, then every
 * address its host resolves to (an IP literal is its own address).
 */
export async function webhookUrlProblem(url: string, { allowPrivateUrls, lookup = systemLookup }: UrlSafetyOptions): Promise<string | null> {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL such as https://example.com/webhooks';
  }
  const schemes = allowPrivateUrls ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(parsed.protocol)) return allowPrivateUrls ? 'must be an http or https URL' : 'must be an https URL';
  // the WHATWG parser has already turned 2130706433 and 0x7f.1 into 127.0.0.1; IPv6 keeps its brackets
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return 'must name a host';
  if (allowPrivateUrls) return null;
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return `the host ${host} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`;
    }
    if (addresses.length === 0) return `the host ${host} does not resolve`;
  }
  const refused = addresses.find((a) => !isPublicAddress(a.address));
  if (refused) {
    return refused.address === host
      ? `must not point at a private, loopback, link-local or reserved address (${host})`
      : `the host ${host} resolves to ${refused.address}, a private, loopback, link-local or reserved address`;
  }
  return null;
}
