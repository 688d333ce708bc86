// Which addresses a webhook may reach. Loopback, private, link-local (incl. the 169.254.169.254 cloud
// metadata service), CGNAT, multicast and reserved ranges are refused unless an admin allowed private
// targets (Settings): otherwise "add webhook" + the delivery log would let an admin's browser session,
// or anyone who steals it, probe and POST to services on the server's own network. The WHATWG URL
// parser already turns 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 into 127.0.0.1; IPv4-mapped and
// NAT64 IPv6 addresses are checked as the IPv4 address they carry.
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8]] as const) blocked.addSubnet(net, bits, "ipv6");

/** The IPv4 address inside ::ffff:a.b.c.d / ::ffff:7f00:1 / 64:ff9b::a.b.c.d, if any. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(.+)$/i.exec(ip);
  if (!m) return null;
  const tail = m[1]!;
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return null;
  const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "");
  const v4 = embeddedIpv4(bare);
  if (v4) return blocked.check(v4, "ipv4");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) return blocked.check(bare, "ipv6");
  return true; // not an address at all: never connect to it
}

export const PRIVATE_TARGET_REFUSAL =
  "Refused: this URL points at a private, loopback or link-local address. An admin can allow private webhook targets in Settings.";

/** For the URL as typed (input check and before connecting): literal addresses and localhost names. */
export function literalTargetRefusal(url: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return "Not a valid URL.";
  }
  if (host === "localhost" || host.endsWith(".localhost")) return PRIVATE_TARGET_REFUSAL;
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare) && isPrivateAddress(bare)) return PRIVATE_TARGET_REFUSAL;
  return null;
}
