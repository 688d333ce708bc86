// Issue 16 in a real Chromium against the built app: security headers (and the CSP does not break
// the app), no framing, a page on another port cannot use the session cookie (forms, text/plain,
// no-cors fetch), ?next= cannot leave the site, bad percent-encoding is a 400, and the client IP on a
// session is the socket peer whatever X-Forwarded-For says.
import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, screenshot, signInAs, withDb } from "./helpers/auth";

let attacker: Server;
let attackerUrl = "";
let attackerPage = "";
test.beforeAll(async () => {
  attacker = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(attackerPage));
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as { port: number }).port}`;
});
test.afterAll(() => attacker.close());

test("headers: nonce CSP without unsafe-inline scripts, no framing, nosniff, referrer policy; the app still works under it", async ({ page, request }) => {
  const res = await request.get("/signin");
  const h = res.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  const api = await request.get("/api/v1/openapi.json");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");

  const violations: string[] = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  page.on("pageerror", (e) => violations.push(String(e)));
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click(); // a server action: needs hydrated React
  await expect(page.getByTestId("current-user")).toBeVisible();
  for (const path of ["/", "/presets", "/hosts", "/settings", "/audit", "/admin/users", "/account"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
  }
  await page.getByRole("button", { name: /theme|dark|light/i }).first().click(); // client JS runs
  expect(violations).toEqual([]);
});

test("another site cannot frame the app", async ({ page }) => {
  attackerPage = `<html><body><iframe id="f" src="${BASE_URL}/signin" width="600" height="400"></iframe></body></html>`;
  await page.goto(attackerUrl);
  await page.waitForTimeout(1500);
  const framed = page.frames().find((f) => f.url().startsWith(BASE_URL));
  const content = framed ? await framed.content().catch(() => "") : "";
  expect(content).not.toContain("Sign in to Factory Floor");
});

test("a page on another port cannot use the session cookie: form posts, text/plain bodies and no-cors fetches are refused", async ({ page, context }) => {
  await signInAs(context);
  const name = `csrf-${Date.now().toString(36)}`;
  const body = JSON.stringify({ name, yaml: "model_name_or_path: x\nstage: sft\n" });
  // Three classic shapes, none of which needs a CORS preflight.
  attackerPage = `<html><body>
    <form id="a" method="POST" action="${BASE_URL}/api/v1/presets" enctype="text/plain" target="out"><input name='${body.slice(0, -1)},"x":"' value='"}'></form>
    <form id="b" method="POST" action="${BASE_URL}/api/v1/runs/nope/kill" target="out2"></form>
    <iframe name="out"></iframe><iframe name="out2"></iframe>
    <script>
      document.getElementById("a").submit();
      document.getElementById("b").submit();
      fetch("${BASE_URL}/api/v1/presets", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body.replace(name, `${name}-fetch`))} });
    </script></body></html>`;
  const seen: { url: string; status: number }[] = [];
  page.on("response", (r) => { if (r.url().startsWith(`${BASE_URL}/api/`)) seen.push({ url: r.url(), status: r.status() }); });
  await page.goto(attackerUrl);
  await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await page.waitForTimeout(1000);
  for (const s of seen) expect([403, 415], s.url).toContain(s.status);
  const made = await withDb(async (c) => (await c.query(`SELECT count(*)::int AS n FROM presets WHERE name LIKE $1`, [`${name}%`])).rows[0].n);
  expect(made).toBe(0);
  // The app's own origin with JSON still works with the same cookie.
  const own = await page.request.post(`${BASE_URL}/api/v1/presets`, { data: { name: `${name}-own`, yaml: "model_name_or_path: x\nstage: sft\n" }, headers: { origin: BASE_URL } });
  expect([201, 400]).toContain(own.status());
  await withDb((c) => c.query(`DELETE FROM presets WHERE name LIKE $1`, [`${name}%`]));
});

test("?next= never leaves the site, and malformed percent-encoding is a 400, not a 500", async ({ page, request }) => {
  for (const next of ["/%09/evil.example/path", "/.//evil.example/x", "%0a", "%0d", "//evil.example", "/%5Cevil.example"]) {
    const r = await request.get(`/signin?next=${next}`, { maxRedirects: 0 });
    expect(r.status(), next).toBeLessThan(500);
  }
  await page.goto("/signin?next=/%09/evil.example/path");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(BASE_URL);
  await page.goto("/signin?next=/.//evil.example/x");
  expect(new URL(page.url()).origin).toBe(BASE_URL);

  for (const path of ["/runs/%00", "/runs/%E0%A4%A", "/presets?x=%zz", "/api/v1/runs/%00", "/api/runs/%C0/live"]) {
    const r = await request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(400);
    expect(await r.text(), path).not.toMatch(/\n\s+at /);
  }
  await screenshot(page, "security-after-redirect");
});

test("sessions record the socket address; a spoofed X-Forwarded-For changes nothing", async ({ browser }) => {
  const ctx = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "6.6.6.6", "x-ff-peer": "7.7.7.7" } });
  const page = await ctx.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  const ip = await withDb(async (c) => (await c.query(`SELECT s.ip FROM sessions s JOIN users u ON u.id = s."userId" WHERE u.email = $1 ORDER BY s."createdAt" DESC LIMIT 1`, [ADMIN_EMAIL])).rows[0]?.ip);
  expect(ip).toBe("127.0.0.1");
  await ctx.close();
});
