// Where a webhook may go. Tenant administrators write the URL, so without this
// check a webhook is a request from inside the municipality's network to any
// address (loopback admin ports, cloud metadata at 169.254.169.254, intranet).
// Every address the host resolves to must be public, unless the operator lists
// the host or address in WEBHOOK_ALLOW_HOSTS; the connection is then made to the
// address that was checked, so a DNS answer cannot change between check and connect.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** WEBHOOK_ALLOW_HOSTS: comma-separated host names and IP addresses an operator permits although they are not public. */
export function parseAllowHosts(value: string | undefined): ReadonlySet<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((s) => normalizeHost(s.trim()))
      .filter(Boolean),
  );
}

function normalizeHost(h: string): string {
  const host = h.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return isIP(host) === 6 ? canonicalV6(host) : host;
}

const V4_BLOCKED: [number, number, string][] = [
  [0x00000000, 8, 'unspecified'], // 0.0.0.0/8 "this network"
  [0x0a000000, 8, 'private'],
  [0x64400000, 10, 'cgnat'], // 100.64/10
  [0x7f000000, 8, 'loopback'],
  [0xa9fe0000, 16, 'link-local'], // includes cloud metadata 169.254.169.254
  [0xac100000, 12, 'private'],
  [0xc0000000, 24, 'private'], // 192.0.0.0/24 IETF protocol assignments
  [0xc0a80000, 16, 'private'],
  [0xc6120000, 15, 'private'], // 198.18/15 benchmarking
  [0xe0000000, 4, 'multicast'],
  [0xf0000000, 4, 'reserved'], // incl. 255.255.255.255
];

function v4ToInt(a: string): number {
  return a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

function blockedV4(n: number): string | undefined {
  for (const [base, bits, why] of V4_BLOCKED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === base) return why;
  }
  return undefined;
}

/** 16 bytes of an IPv6 address (accepts the embedded dotted IPv4 form). */
function v6Bytes(a: string): number[] {
  let s = a;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    s = `${s.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const parts = s.split('::');
  const groups = (x: string | undefined) => (x ? x.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(parts[0]);
  const r = parts.length > 1 ? groups(parts[1]) : [];
  const all = parts.length > 1 ? [...h, ...new Array<number>(Math.max(0, 8 - h.length - r.length)).fill(0), ...r] : h;
  return all.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
}

function canonicalV6(a: string): string {
  const b = v6Bytes(a);
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i] << 8) | b[i + 1]).toString(16));
  return g.join(':');
}

function blockedV6(a: string): string | undefined {
  const b = v6Bytes(a);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4At = (i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  if (zero(0, 16)) return 'unspecified';
  if (zero(0, 15) && b[15] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach an IPv4 address.
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return blockedV4(v4At(12));
  if (zero(0, 12)) return blockedV4(v4At(12));
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return blockedV4(v4At(12));
  if (b[0] === 0x20 && b[1] === 0x02) return blockedV4(v4At(2)); // 6to4
  if ((b[0] & 0xfe) === 0xfc) return 'private'; // fc00::/7
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'link-local'; // fe80::/10
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return 'private'; // fec0::/10, deprecated site-local
  if (b[0] === 0xff) return 'multicast';
  return undefined;
}

/** Why an IP address is not a public destination ('loopback', 'private' …), or undefined when it is. */
export function blockedAddressReason(address: string): string | undefined {
  const v = isIP(address);
  if (v === 4) return blockedV4(v4ToInt(address));
  if (v === 6) return blockedV6(address.replace(/%.*$/, ''));
  return 'not an IP address';
}

export class TargetRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The address to connect to for `url`. Refuses when any resolved address is not public
 * (a host with one public and one private address could still be steered to the private one).
 */
export async function resolveWebhookTarget(url: URL, allow: ReadonlySet<string>, resolve: Resolver): Promise<ResolvedAddress> {
  const host = normalizeHost(url.hostname);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await resolve(host);
  if (addresses.length === 0) throw new TargetRefused('host has no address');
  if (!allow.has(host)) {
    for (const a of addresses) {
      if (allow.has(normalizeHost(a.address))) continue;
      const why = blockedAddressReason(a.address);
      if (why) throw new TargetRefused(`the target resolves to a ${why} address, which webhooks may not reach (operators can permit it with WEBHOOK_ALLOW_HOSTS)`);
    }
  }
  return addresses[0];
}
