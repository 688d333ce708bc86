import { test } from "node:test";
import assert from "node:assert/strict";
import { NextRequest } from "next/server";
import { badEncodingRefusal } from "@/lib/http/request-guard";
import { contentSecurityPolicy } from "@/lib/http/security-headers";
import type { NextConfig } from "next";
import { proxy } from "@/proxy";

test("NUL bytes and malformed percent-encoding anywhere in the path or query are refused", () => {
  for (const u of ["/runs/%00", "/runs/a%00b", "/runs/%E0%A4%A", "/runs/%", "/runs?next=%00", "/signin?next=%zz", "/api/v1/runs/%C0%AF", "/runs?x=1&y=%FF"]) {
    assert.ok(badEncodingRefusal(new URL(u, "http://h")), u);
  }
  for (const u of ["/runs/abc", "/runs?status=RUNNING,QUEUED", "/signin?next=%2Fhosts", "/compare?ids=a%2Cb", "/x?q=%E2%9C%93"]) {
    assert.equal(badEncodingRefusal(new URL(u, "http://h")), null, u);
  }
});

test("the proxy answers 400 (plain, no stack) for bad encoding, on pages and API routes alike", async () => {
  for (const u of ["/runs/%00", "/signin?next=%E0%A4%A", "/api/v1/runs/%00", "/api/runs/%ZZ/live"]) {
    const res = await proxy(new NextRequest(`http://127.0.0.1:3999${u}`));
    assert.equal(res.status, 400, u);
    const text = await res.text();
    assert.match(text, /percent-encoding|NUL/i, u);
    assert.doesNotMatch(text, /at .*\.js|Error:/);
  }
});

test("pages carry a nonce CSP that forbids framing; every response gets nosniff and a referrer policy", async () => {
  const res = await proxy(new NextRequest("http://127.0.0.1:3999/signin"));
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /base-uri 'none'/);
  assert.match(csp, /form-action 'self'/);
  assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
  const again = contentSecurityPolicy("abc", false);
  assert.match(again, /'nonce-abc'/);
  const configPath: string = "@/next.config.js"; // plain JS: loaded untyped, read as a NextConfig
  const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
  const rules = await nextConfig.headers!();
  const all = rules.find((r) => r.source === "/:path*");
  const get = (k: string) => all?.headers.find((h) => h.key.toLowerCase() === k)?.value;
  assert.equal(get("x-content-type-options"), "nosniff");
  assert.equal(get("x-frame-options"), "DENY");
  assert.equal(get("referrer-policy"), "same-origin");
});
