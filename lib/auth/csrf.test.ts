import { test } from "node:test";
import assert from "node:assert/strict";
import { csrfRefusal } from "@/lib/auth/csrf";

const allowed = ["http://127.0.0.1:3000"];
const check = (o: Partial<Parameters<typeof csrfRefusal>[0]>) => csrfRefusal({ method: "POST", origin: null, referer: null, contentType: "application/json", allowedOrigins: allowed, ...o });

test("safe methods are never checked; same-origin JSON passes", () => {
  assert.equal(check({ method: "GET", origin: "http://evil.example", contentType: "text/plain" }), null);
  assert.equal(check({ origin: "http://127.0.0.1:3000" }), null);
  assert.equal(check({ referer: "http://127.0.0.1:3000/runs/x" }), null);
  assert.equal(check({ origin: "http://127.0.0.1:3000", contentType: "application/json; charset=utf-8" }), null);
  assert.equal(check({ contentType: "application/yaml", origin: "http://127.0.0.1:3000" }), null);
});

test("another port, another host, an opaque or garbled origin are refused (403)", () => {
  for (const origin of ["http://127.0.0.1:4444", "https://127.0.0.1:3000", "http://evil.example", "null", "not a url"]) {
    assert.equal(check({ origin })?.code, "forbidden", origin);
  }
  assert.equal(check({ referer: "http://127.0.0.1:4444/attack" })?.code, "forbidden");
  // Origin wins over a forged-looking Referer in either direction.
  assert.equal(check({ origin: "http://evil.example", referer: "http://127.0.0.1:3000/" })?.code, "forbidden");
});

test("simple (preflight-free) content types are refused (415) even from the same origin", () => {
  for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
    assert.equal(check({ origin: "http://127.0.0.1:3000", contentType })?.code, "unsupported_media_type", String(contentType));
  }
});
