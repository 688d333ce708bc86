import { test } from "node:test";
import assert from "node:assert/strict";
import { isHttpsRequest, sessionCookieOptions } from "@/lib/auth/cookie-options";
import { hashSessionToken, newSessionToken } from "@/lib/auth/session-token";
import { safeNextPath } from "@/lib/auth/safe-next-path";

const expires = new Date("2030-01-01T00:00:00Z");

test("cookie is httpOnly, SameSite=Lax, path / in every mode", () => {
  for (const setting of ["auto", "true", "false"] as const) {
    const o = sessionCookieOptions({ setting, https: false, expires });
    assert.equal(o.httpOnly, true);
    assert.equal(o.sameSite, "lax");
    assert.equal(o.path, "/");
    assert.equal(o.expires, expires);
  }
});

test("Secure follows the request in auto mode and the setting otherwise", () => {
  assert.equal(sessionCookieOptions({ setting: "auto", https: true, expires }).secure, true);
  assert.equal(sessionCookieOptions({ setting: "auto", https: false, expires }).secure, false);
  assert.equal(sessionCookieOptions({ setting: "true", https: false, expires }).secure, true);
  assert.equal(sessionCookieOptions({ setting: "false", https: true, expires }).secure, false);
});

test("https detection prefers X-Forwarded-Proto, then Origin", () => {
  assert.equal(isHttpsRequest({ forwardedProto: "https" }), true);
  assert.equal(isHttpsRequest({ forwardedProto: "http", origin: "https://x" }), false);
  assert.equal(isHttpsRequest({ forwardedProto: "https, http" }), true);
  assert.equal(isHttpsRequest({ origin: "https://ff.example" }), true);
  assert.equal(isHttpsRequest({ origin: "http://127.0.0.1:3000" }), false);
  assert.equal(isHttpsRequest({}), false);
});

test("session tokens are 32 random bytes and stored only as SHA-256", () => {
  const a = newSessionToken();
  const b = newSessionToken();
  assert.notEqual(a, b);
  assert.equal(Buffer.from(a, "base64url").length, 32);
  assert.match(hashSessionToken(a), /^[0-9a-f]{64}$/);
  assert.equal(hashSessionToken(a), hashSessionToken(a));
  assert.notEqual(hashSessionToken(a), a);
});

test("?next= only accepts same-site absolute paths", () => {
  assert.equal(safeNextPath("/hosts"), "/hosts");
  assert.equal(safeNextPath("/runs/abc?x=1"), "/runs/abc?x=1");
  assert.equal(safeNextPath("//evil.example"), "/");
  assert.equal(safeNextPath("/\\evil.example"), "/");
  assert.equal(safeNextPath("https://evil.example"), "/");
  assert.equal(safeNextPath("/signin?next=/x"), "/");
  assert.equal(safeNextPath(null), "/");
});
