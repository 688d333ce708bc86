// One HTTP POST with a hard 10 s budget for the whole exchange. node:http rather than fetch: fetch
// refuses the WHATWG "bad ports" (6000, 6665-6669, …) that a receiver may well listen on.
// Redirects are not followed (a 3xx is a failed attempt), so a receiver cannot bounce the signed body
// elsewhere. At most 1 KiB of the answer is kept, for the delivery log.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

export type TPostResult = { ok: boolean; statusCode: number | null; error: string | null; ms: number };

const MAX_BODY = 1024;

function summary(status: number, text: string): string {
  const t = text.trim().replace(/\s+/g, " ").slice(0, 200);
  return `HTTP ${status}${t ? `: ${t}` : ""}`;
}

export function postWebhook(o: { url: string; body: string; headers: Record<string, string>; timeoutMs: number }): Promise<TPostResult> {
  const t0 = Date.now();
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
    const req = send(url, { method: "POST", headers: { ...o.headers, "Content-Length": String(Buffer.byteLength(o.body)) } }, onResponse);
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `No answer within ${o.timeoutMs / 1000} s` });
      req.destroy();
    }, o.timeoutMs);
    req.on("error", (e) => finish({ ok: false, statusCode: null, error: e.message.slice(0, 300) }));
    req.end(o.body);
  });
}
