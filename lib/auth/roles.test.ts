import { test } from "node:test";
import assert from "node:assert/strict";
import { hasRole, ROLES } from "@/lib/auth/roles";

test("roles are ordered VIEWER < OPERATOR < ADMIN", () => {
  assert.deepEqual([...ROLES], ["VIEWER", "OPERATOR", "ADMIN"]);
  assert.equal(hasRole("VIEWER", "VIEWER"), true);
  assert.equal(hasRole("VIEWER", "OPERATOR"), false);
  assert.equal(hasRole("VIEWER", "ADMIN"), false);
  assert.equal(hasRole("OPERATOR", "VIEWER"), true);
  assert.equal(hasRole("OPERATOR", "OPERATOR"), true);
  assert.equal(hasRole("OPERATOR", "ADMIN"), false);
  assert.equal(hasRole("ADMIN", "OPERATOR"), true);
  assert.equal(hasRole("ADMIN", "ADMIN"), true);
});
