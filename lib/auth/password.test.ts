import { test } from "node:test";
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";

test("scrypt hashes verify, are salted, and reject a wrong password", async () => {
  const a = await hashPassword("correct horse");
  assert.match(a, /^scrypt\$32768\$8\$1\$/);
  assert.notEqual(a, await hashPassword("correct horse"));
  assert.equal(await verifyPassword("correct horse", a), true);
  assert.equal(await verifyPassword("correct hors", a), false);
  assert.equal(needsRehash(a), false);
});

test("bcrypt hashes from earlier versions still verify (in a worker thread) and ask for a rehash", async () => {
  const old = await bcrypt.hash("legacy pw", 4);
  assert.equal(await verifyPassword("legacy pw", old), true);
  assert.equal(await verifyPassword("legacy px", old), false);
  assert.equal(needsRehash(old), true);
});

test("unknown emails and garbage hashes never match", async () => {
  assert.equal(await verifyPassword("x", null), false);
  assert.equal(await verifyPassword("x", "x"), false);
  assert.equal(await verifyPassword("x", "scrypt$1099511627776$8$1$AAAA$AAAA"), false);
});
