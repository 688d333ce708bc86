// The client's address, for throttling, sessions and audit rows. X-Forwarded-For is client-chosen
// text except for the hops our own proxies appended, so it is read from the right: with N trusted
// proxies in front of the app, the full chain is [...X-Forwarded-For, peer] and the client is the
// entry N places left of the peer. The peer (the socket's remote address) reaches handlers as
// PEER_HEADER, which instrumentation.ts overwrites on every request (a client cannot set it).
export const PEER_HEADER = "x-ff-peer";

type THeaderGet = { get(name: string): string | null };

/** IPv4-mapped IPv6 ("::ffff:10.0.0.1") is the same client as "10.0.0.1". */
function normaliseIp(ip: string): string {
  const t = ip.trim().replace(/^\[|\]$/g, "");
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(t);
  return (m ? m[1]! : t).slice(0, 100);
}

export function clientIp(h: THeaderGet, trustedProxies: number): string {
  const peer = h.get(PEER_HEADER)?.trim();
  if (!peer) return "unknown"; // outside the server (scripts, tests without a socket)
  const forwarded = (h.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const chain = [...forwarded, peer];
  const idx = chain.length - 1 - Math.max(0, trustedProxies);
  // Fewer hops than configured proxies: the leftmost hop is the best we know (it came through them all).
  return normaliseIp(chain[Math.max(0, idx)]!);
}
