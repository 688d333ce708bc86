import { test } from "node:test";
import assert from "node:assert/strict";
import { hashApiToken, newApiToken, TOKEN_PREFIX } from "@/lib/tokens/token-format";
import { hashSessionToken } from "@/lib/auth/session-token";

test("tokens are prefixed, random, and hashed the way withAuth looks them up", () => {
  const a = newApiToken();
  const b = newApiToken();
  assert.ok(a.startsWith(TOKEN_PREFIX));
  assert.notEqual(a, b);
  assert.ok(a.length > 40);
  assert.match(hashApiToken(a), /^[0-9a-f]{64}$/);
  assert.equal(hashApiToken(a), hashSessionToken(a));
});
