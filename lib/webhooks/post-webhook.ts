// One HTTP POST with a hard 10 s budget for the whole exchange. node:http rather than fetch: fetch
// refuses the WHATWG "bad ports" (6000, 6665-6669, …) that a receiver may well listen on.
// Redirects are not followed (a 3xx is a failed attempt), so a receiver cannot bounce the signed body
// elsewhere. At most 1 KiB of the answer is kept, for the delivery log.
// SSRF (lib/webhooks/target-policy): unless private targets are allowed, a literal private address is
// refused before connecting, and a name is resolved by our own lookup, which refuses private answers
// and hands the checked address to the socket, so the address checked is the address connected to
// (a DNS-rebinding name cannot answer differently the second time).
// Connection-level failures (refused, reset, timed out, DNS, TLS) all read NO_RESPONSE: distinct
// messages would turn the delivery log into a port scanner.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { isPrivateAddress, literalTargetRefusal, PRIVATE_TARGET_REFUSAL } from "@/lib/webhooks/target-policy";

export type TPostResult = { ok: boolean; statusCode: number | null; error: string | null; ms: number };

const MAX_BODY = 1024;
export const NO_RESPONSE = "No HTTP response from the receiver (could not connect, or no answer in time).";

function summary(status: number, text: string): string {
  const t = text.trim().replace(/\s+/g, " ").slice(0, 200);
  return `HTTP ${status}${t ? `: ${t}` : ""}`;
}

class PrivateTargetError extends Error {}

/** dns.lookup that refuses private answers; `all` callers (happy eyeballs) get the checked list. */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, "", 0);
    const list = addresses ?? [];
    if (list.length === 0 || list.some((a) => isPrivateAddress(a.address))) return callback(new PrivateTargetError(PRIVATE_TARGET_REFUSAL), "", 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export function postWebhook(o: { url: string; body: string; headers: Record<string, string>; timeoutMs: number; allowPrivate: boolean }): Promise<TPostResult> {
  const t0 = Date.now();
  const refusal = literalTargetRefusal(o.url, o.allowPrivate);
  if (refusal) return Promise.resolve({ ok: false, statusCode: null, error: refusal, ms: 0 });
  const url = new URL(o.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<TPostResult, "ms">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, ms: Date.now() - t0 });
    };
    const onResponse = (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let n = 0;
      const done = () => {
        const ok = status >= 200 && status < 300;
        finish({ ok, statusCode: status, error: ok ? null : summary(status, Buffer.concat(chunks).toString("utf8")) });
        res.destroy();
      };
      res.on("data", (c: Buffer) => {
        chunks.push(c);
        n += c.length;
        if (n >= MAX_BODY) done(); // enough to show; the rest is not worth waiting for
      });
      res.on("end", done);
      res.on("error", done);
    };
    const req = send(url, {
      method: "POST",
      headers: { ...o.headers, "Content-Length": String(Buffer.byteLength(o.body)) },
      ...(o.allowPrivate ? {} : { lookup: checkedLookup }),
    }, onResponse);
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: NO_RESPONSE });
      req.destroy();
    }, o.timeoutMs);
    req.on("error", (e) => finish({ ok: false, statusCode: null, error: e instanceof PrivateTargetError ? e.message : NO_RESPONSE }));
    req.end(o.body);
  });
}
