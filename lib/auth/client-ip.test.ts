import { test } from "node:test";
import assert from "node:assert/strict";
import { clientIp, PEER_HEADER } from "@/lib/auth/client-ip";

const h = (o: Record<string, string>) => new Headers(o);

test("no trusted proxy: a client-chosen X-Forwarded-For is ignored, the socket peer is the client", () => {
  assert.equal(clientIp(h({ [PEER_HEADER]: "198.51.100.4", "x-forwarded-for": "1.2.3.4" }), 0), "198.51.100.4");
  assert.equal(clientIp(h({ [PEER_HEADER]: "::ffff:127.0.0.1" }), 0), "127.0.0.1");
});

test("one trusted proxy: the hop it appended is the client, whatever the client prepended", () => {
  assert.equal(clientIp(h({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), 1), "203.0.113.9");
  assert.equal(clientIp(h({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "203.0.113.9" }), 1), "203.0.113.9");
  // Two proxies: the outer one appended the client, the inner one appended the outer one.
  assert.equal(clientIp(h({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }), 2), "203.0.113.9");
});

test("every spoofed value maps to the same client (the throttle cannot be rotated around)", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) seen.add(clientIp(h({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": `9.9.9.${i}, 203.0.113.9` }), 1));
  assert.deepEqual([...seen], ["203.0.113.9"]);
  assert.equal(clientIp(h({ "x-forwarded-for": "1.2.3.4" }), 0), "unknown", "no peer: never the client's claim");
});
