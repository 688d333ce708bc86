import { test } from "node:test";
import assert from "node:assert/strict";
import { open, seal } from "./secret-box";

test("seal/open round-trips and rejects a wrong secret or tampering", () => {
  const secret = "s".repeat(40);
  const sealed = seal("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", secret);
  assert.notEqual(sealed.includes("BEGIN"), true);
  assert.equal(open(sealed, secret), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
  assert.throws(() => open(sealed, "t".repeat(40)));
  const parts = sealed.split(":");
  parts[3] = Buffer.from("tampered").toString("base64");
  assert.throws(() => open(parts.join(":"), secret));
});
