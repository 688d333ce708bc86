import { test } from "node:test";
import assert from "node:assert/strict";
import { describeAudit } from "@/lib/audit/describe-audit";

test("audit rows read as sentences; unknown actions fall back", () => {
  assert.equal(describeAudit("run.stop", { kind: "KILL", from: "RUNNING" }), "kill (was RUNNING)");
  assert.equal(describeAudit("run.stop", { kind: "KILL", via: "api", refused: "x" }), "kill");
  assert.equal(describeAudit("run.launch", { name: "a", gpus: [0, 1] }), "launched “a” on GPU 0,1");
  assert.equal(describeAudit("user.role", { email: "e@x", from: "VIEWER", to: "OPERATOR" }), "changed e@x from viewer to operator");
  assert.equal(describeAudit("webhook.create", { name: "ops", url: "https://h.example/x" }), "added webhook “ops” (https://h.example/x)");
  assert.equal(describeAudit("webhook.fire", null), "webhook.fire");
});
