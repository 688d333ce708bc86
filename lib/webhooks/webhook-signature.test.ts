import { test } from "node:test";
import assert from "node:assert/strict";
import { signWebhookBody, verifyWebhookSignature } from "@/lib/webhooks/webhook-signature";

const secret = "whsec_known_vector_secret";
const body = '{"id":"evt_1","type":"test"}';

test("known vector (computed with `openssl dgst -sha256 -hmac`)", () => {
  // printf '%s' '1700000000.{"id":"evt_1","type":"test"}' | openssl dgst -sha256 -hmac 'whsec_known_vector_secret'
  assert.equal(signWebhookBody({ secret, body, unixSeconds: 1_700_000_000 }), "t=1700000000,v1=16a361cba0979116523e55e7208b3f0e5fad0cb65ce531a8e1b47c93bb8adbc3");
});

test("fractional seconds are floored: t is an integer in the header and in the MAC", () => {
  assert.equal(signWebhookBody({ secret, body, unixSeconds: 1_700_000_000.9 }), signWebhookBody({ secret, body, unixSeconds: 1_700_000_000 }));
});

test("verify: accepts the real header, refuses a changed body, secret, timestamp, or a stale one", () => {
  const now = 1_700_000_010_000;
  const header = signWebhookBody({ secret, body, unixSeconds: 1_700_000_000 });
  assert.equal(verifyWebhookSignature({ secret, body, header, now }), true);
  assert.equal(verifyWebhookSignature({ secret, body: body + " ", header, now }), false);
  assert.equal(verifyWebhookSignature({ secret: secret + "x", body, header, now }), false);
  assert.equal(verifyWebhookSignature({ secret, body, header: header.replace("t=1700000000", "t=1700000001"), now }), false);
  assert.equal(verifyWebhookSignature({ secret, body, header, now: now + 301_000 }), false);
  assert.equal(verifyWebhookSignature({ secret, body, header: "garbage", now }), false);
  assert.equal(verifyWebhookSignature({ secret, body, header: "t=1700000000,v1=abcd", now }), false);
});
