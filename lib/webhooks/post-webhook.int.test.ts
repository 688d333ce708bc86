// The POST itself against loopback servers: status and body snippet, the timeout, no redirects.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type RequestListener, type Server } from "node:http";
import { postWebhook, NO_RESPONSE } from "@/lib/webhooks/post-webhook";

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function serve(fn: RequestListener): Promise<string> {
  const s = createServer(fn);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as { port: number }).port}/hook`;
}
// These receivers are on loopback: like an install whose admin allowed private targets (Settings).
const post = (url: string, timeoutMs = 2000, allowPrivate = true) => postWebhook({ url, body: '{"a":1}', headers: { "Content-Type": "application/json" }, timeoutMs, allowPrivate });

test("2xx is ok; the body arrives with its length and headers", async () => {
  let got = "";
  const url = await serve((req, res) => {
    let b = "";
    req.on("data", (c) => (b += c)).on("end", () => {
      got = `${req.method} ${req.headers["content-type"]} ${req.headers["content-length"]} ${b}`;
      res.writeHead(204).end();
    });
  });
  assert.deepEqual({ ...(await post(url)), ms: 0 }, { ok: true, statusCode: 204, error: null, ms: 0 });
  assert.equal(got, "POST application/json 7 {\"a\":1}");
});

test("non-2xx keeps a short snippet of the answer; a redirect is not followed", async () => {
  const err = await post(await serve((_q, res) => res.writeHead(500).end("boom\n" + "x".repeat(5000))));
  assert.equal(err.statusCode, 500);
  assert.equal(err.ok, false);
  assert.equal(err.error, `HTTP 500: boom ${"x".repeat(195)}`);
  let followed = false;
  const target = await serve((_q, res) => { followed = true; res.end(); });
  const r = await post(await serve((_q, res) => res.writeHead(307, { location: target }).end()));
  assert.deepEqual([r.ok, r.statusCode, followed], [false, 307, false]);
});

test("a receiver that never answers is cut off at the timeout; a refused connection has no status", async () => {
  const slow = await post(await serve(() => {}), 300);
  assert.deepEqual([slow.ok, slow.statusCode, slow.error], [false, null, NO_RESPONSE]);
  assert.ok(slow.ms >= 290 && slow.ms < 2000, `${slow.ms} ms`);
  const url = await serve(() => {});
  servers.pop()!.close();
  await new Promise((r) => setTimeout(r, 50));
  const refused = await post(url);
  assert.equal(refused.statusCode, null);
  // Refused, reset and timed out read the same: the delivery log is not a port scanner.
  assert.equal(refused.error, NO_RESPONSE);
});

test("fetch's blocked ports are fine here (a receiver on :6000 is legitimate)", async () => {
  const r = await post("http://127.0.0.1:6000/hook", 1000);
  assert.doesNotMatch(r.error ?? "", /bad port/);
});

// Issue 16 #8: SSRF. Without the admin setting no private target is reached, whether the URL spells
// the address (numeric, hex, IPv6-mapped) or a DNS name resolves to it; the check happens on the
// address the connection then uses (pinned), so a rebinding name cannot swap it afterwards.
test("private targets are refused by default, by literal and after DNS resolution, and nothing is sent", async () => {
  let hits = 0;
  const url = await serve((_q, res) => { hits++; res.writeHead(204).end(); });
  const port = new URL(url).port;
  for (const u of [url, `http://2130706433:${port}/hook`, `http://0x7f.1:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`, `http://localhost:${port}/hook`, `http://127.0.0.1.nip.invalid:${port}/`]) {
    const r = await post(u, 2000, false);
    assert.equal(r.ok, false, u);
    assert.equal(r.statusCode, null, u);
    if (!u.includes(".invalid")) assert.match(r.error ?? "", /private/, u);
  }
  assert.equal(hits, 0, "no request reached the loopback receiver (localhost went through the real resolver)");
  // With the setting on, the same receiver gets it.
  assert.equal((await post(`http://localhost:${port}/hook`, 2000, true)).ok, true);
  assert.equal(hits, 1);
});
